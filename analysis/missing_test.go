package analysis

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
)

// TestMissingOutcomeNeitherHelpsNorHurts: on telco with --ltv TotalCharges (and the
// default minimum tenure of 6 months, which leaves the LTV of about 1,400 young
// customers uncounted), the best-customer rate among retained customers whose LTV is
// not counted is within ±30% (relative) of the rate among retained customers whose
// LTV is. Ranking on the outcomes a customer has would bar the first group from the
// top (its composite could not reach the cut).
func TestMissingOutcomeNeitherHelpsNorHurts(t *testing.T) {
	t.Parallel()
	tab, err := dataset.Load("../testdata/telco-churn/Telco-Customer-Churn.csv", dataset.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := DetectRoles(tab, Roles{LTV: "TotalCharges", Tenure: Tenure{Column: "tenure", MinMonths: 6}}, false)
	if err != nil {
		t.Fatal(err)
	}
	g, err := RankBest(tab, roles, nil, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	if g.ImputeNote == "" {
		t.Fatal("no customer lacked an outcome; the test needs some")
	}
	churn := ChurnFlags(tab, roles)
	ltv := tab.Column("TotalCharges").Num
	tenure := tab.Column("tenure").Num
	var nKnown, bKnown, nMissing, bMissing int
	for i := range tab.Rows {
		if !g.Analysed[i] || churn[i] != 0 {
			continue
		}
		if math.IsNaN(ltv[i]) || tenure[i] < 6 {
			nMissing++
			bMissing += b2i(g.Best[i])
		} else {
			nKnown++
			bKnown += b2i(g.Best[i])
		}
	}
	rk, rm := float64(bKnown)/float64(nKnown), float64(bMissing)/float64(nMissing)
	t.Logf("retained customers: best rate %.3f with LTV counted (n=%d), %.3f without (n=%d)", rk, nKnown, rm, nMissing)
	if nMissing < 100 || math.Abs(rm/rk-1) > 0.3 {
		t.Errorf("best rate without LTV %.3f (n=%d) against %.3f with: more than 30%% apart", rm, nMissing, rk)
	}
}

// TestTieAtTheCutWarns: with churn as the only outcome, three quarters of telco's
// customers share the top score; the run must warn and name the alternatives, not
// call them "the top 20%".
func TestTieAtTheCutWarns(t *testing.T) {
	t.Parallel()
	tab, err := dataset.Load("../testdata/telco-churn/Telco-Customer-Churn.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	g, err := RankBest(tab, Roles{Churn: "Churn"}, nil, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	if g.TieWarning == "" {
		t.Fatalf("no tie warning; best group %d of %d", g.B, g.N)
	}
	for _, want := range []string{"cannot separate the top 20%", "--best COL=VALUE", "--ltv"} {
		if !strings.Contains(g.TieWarning, want) {
			t.Errorf("tie warning lacks %q: %s", want, g.TieWarning)
		}
	}
}

// TestRowOrderDoesNotMatter: the same customers in another order (the data rows of
// the file reversed, so values also appear in another order) give the same profile —
// criteria, negative traits, points, segment, tiers, validation and every condition's
// evidence — since every random choice is drawn from the rows' keys and values are
// searched in a canonical order. Sample data and planted data.
func TestRowOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	sample, err := os.ReadFile("../testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	var planted bytes.Buffer
	if err := synth.Write(&planted, synth.Config{Rows: 3000, Seed: 5, Shape: synth.ShapeInteraction, Messy: true}); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"sample": sample, "planted": planted.Bytes()} {
		lines := strings.SplitAfter(strings.TrimSuffix(string(data), "\n"), "\n")
		rev := []string{lines[0]}
		for k := len(lines) - 1; k >= 1; k-- {
			rev = append(rev, strings.TrimSuffix(lines[k], "\n")+"\n")
		}
		summary := func(text string) string {
			tb, roles := readText(t, name+".csv", text, dataset.Options{KeepText: true})
			res, err := Derive(context.Background(), tb, Options{Roles: roles, Seed: 7, Resamples: 40})
			if err != nil {
				t.Fatal(err)
			}
			return describeResult(res)
		}
		a, b := summary(strings.Join(lines, "")), summary(strings.Join(rev, ""))
		if a != b {
			t.Errorf("%s: reversed rows give another profile:\n%s\n---\n%s", name, a, b)
		}
	}
}

// describeResult renders what a profile says, for comparisons.
func describeResult(res *Result) string {
	var b []byte
	add := func(format string, args ...any) { b = fmt.Appendf(b, format+"\n", args...) }
	if s := res.Segment; s != nil {
		add("segment %s n=%d b=%d holdout=%d/%d stability=%.3f", s.Display, s.N, s.B, s.HoldoutB, s.HoldoutN, s.Stability)
	}
	for i, s := range res.Criteria {
		add("criterion %s %d", s.Display, res.Points[i])
	}
	for i, s := range res.NegativeTraits {
		add("negative %s %d", s.Display, res.NegativePoints[i])
	}
	for _, s := range res.Disqualifiers {
		add("disqualifier %s", s.Display)
	}
	for _, r := range res.Tiers {
		add("tier %s %d %d/%d", r.Tier, r.MinScore, r.Best, r.N)
	}
	if v := res.Validation; v != nil {
		for _, r := range v.Tiers {
			add("held-out %s %d/%d", r.Tier, r.Best, r.N)
		}
	}
	for _, s := range slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers) {
		if ck := res.Checks[s]; ck != nil {
			add("check %s %d %d/%d %.3f", s.Display, ck.FoldsChosen, ck.HoldoutBest, ck.HoldoutN, ck.Stability)
		}
	}
	for s := range res.Conditions() {
		add("%s %d %d %.6g %.6g %.6g", s.Display, s.N, s.B, s.PUp, s.QUp, s.QLow)
	}
	return string(b)
}

// TestTiersFall: on the sample, on telco (LTV TotalCharges) and on planted interaction
// data, every tier holds customers and the best-customer rate falls from A to the last
// tier, in-sample and on held-out customers (cross-validation; the stability check is
// skipped to save time).
func TestTiersFall(t *testing.T) {
	t.Parallel()
	var planted bytes.Buffer
	if err := synth.Write(&planted, synth.Config{Rows: 20000, Seed: 1, Shape: synth.ShapeInteraction, Messy: true}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		load  func() (*dataset.Table, error)
		roles Roles
	}{
		{"sample", func() (*dataset.Table, error) {
			return dataset.Load("../testdata/sample.csv", dataset.Options{KeepText: true})
		}, Roles{}},
		{"telco", func() (*dataset.Table, error) {
			return dataset.Load("../testdata/telco-churn/Telco-Customer-Churn.csv", dataset.Options{KeepText: true})
		}, Roles{LTV: "TotalCharges", Tenure: Tenure{Column: "tenure", MinMonths: 6}}},
		{"planted", func() (*dataset.Table, error) {
			return dataset.Read(bytes.NewReader(planted.Bytes()), "planted.csv", dataset.Options{KeepText: true})
		}, Roles{}},
	} {
		tab, err := tc.load()
		if err != nil {
			t.Fatal(err)
		}
		roles, _, err := DetectRoles(tab, tc.roles, false)
		if err != nil {
			t.Fatal(err)
		}
		res, err := Derive(context.Background(), tab, Options{Roles: roles, Seed: 1, Resamples: -2})
		if err != nil {
			t.Fatal(err)
		}
		check := func(what string, rows []TierRow) {
			var prev float64 = 2
			for _, r := range rows {
				if r.Tier == "disqualified" {
					continue
				}
				if r.N == 0 || r.Rate >= prev {
					t.Errorf("%s, %s: tier %s holds %d customers at best rate %.3f after %.3f; want every tier non-empty and falling", tc.name, what, r.Tier, r.N, r.Rate, prev)
				}
				prev = r.Rate
			}
		}
		if len(res.Tiers) < 3 {
			t.Errorf("%s: only %d tiers", tc.name, len(res.Tiers))
		}
		check("in-sample", res.Tiers)
		check("held-out", res.Validation.Tiers)
	}
}
