package indep

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/workflow"
)

// TestNicheBelowSupport: a planted niche of two rare industries (about 3% of
// customers, under the 5% that a condition needs to be tested on its own) is found by
// the sweet-spot search, which narrows inside stronger conditions; ICP.md must not
// then claim that traits that small were not tested, and must name the niche as one
// the search narrowed to.
func TestNicheBelowSupport(t *testing.T) {
	if testing.Short() {
		t.Skip("derives 20,000 rows")
	}
	_, path := load(t, Generate(Config{Seed: 1, Shape: Niche}))
	out := t.TempDir()
	res, err := workflow.Derive(context.Background(), workflow.DeriveOptions{Input: workflow.Input{File: path}, Out: out, Seed: 1, Force: true, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Analysis
	if a.Segment == nil || len(a.Segment.Parts) != 1 || a.Segment.Parts[0].Display != "industry in {Biotech, Pharma}" || a.Segment.N >= a.MinSupport {
		t.Fatalf("segment %+v, min support %d: want the planted niche, below it", a.Segment, a.MinSupport)
	}
	md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "Traits matching fewer than 1,000 customers were not tested on their own: too few to tell. Inside the strongest conditions the sweet-spot search looks at narrower ones, down to 100 customers, with its own correction for the search: Industry: Biotech or Pharma ("
	if !strings.Contains(string(md), want) {
		t.Errorf("ICP.md lacks %q", want)
	}
}

// TestPoorFitsNoFalseVeto: with poor fits only (B2C customers worse on everything) the
// profile says "not B2C", and the Seed stage, which churns more, stays a negative
// trait: among customers who fit its best rate is below the overall rate, but above
// that of the B2C customers, so a veto would rank Seed-stage accounts that fit below
// worse bets. The tiers' best rates then fall from A down, with nobody disqualified.
func TestPoorFitsNoFalseVeto(t *testing.T) {
	if testing.Short() {
		t.Skip("derives 20,000 rows")
	}
	_, path := load(t, Generate(Config{Seed: 1, Shape: Poor}))
	res, err := workflow.Derive(context.Background(), workflow.DeriveOptions{Input: workflow.Input{File: path}, Out: t.TempDir(), Seed: 1, Force: true, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Analysis
	if len(a.Disqualifiers) != 0 {
		t.Errorf("disqualifiers %v: a veto here ranks fitting accounts below worse bets", a.Disqualifiers[0].Display)
	}
	if len(a.NegativeTraits) != 1 || a.NegativeTraits[0].Display != "funding_stage = Seed" {
		t.Errorf("negative traits %v, want funding_stage = Seed", a.NegativeTraits)
	}
	prev := 2.0
	for _, tr := range a.Tiers {
		if tr.Tier == profile.Disqualified {
			if tr.N != 0 {
				t.Errorf("%d customers disqualified", tr.N)
			}
			continue
		}
		if tr.Rate >= prev {
			t.Errorf("tier %s best rate %.3f after %.3f: the tiers must fall", tr.Tier, tr.Rate, prev)
		}
		prev = tr.Rate
	}
}

// churnOnly writes d without its LTV, sales-cycle and NPS columns: churn is the only
// outcome, so every retained customer ties at the top and most customers are best.
func churnOnly(t *testing.T, d *Data) string {
	t.Helper()
	var keep []int
	for i, h := range d.Header {
		if h != "ltv" && h != "sales_cycle_days" && h != "nps" {
			keep = append(keep, i)
		}
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	row := func(r []string) []string {
		out := make([]string, len(keep))
		for k, i := range keep {
			out[k] = r[i]
		}
		return out
	}
	w.Write(row(d.Header))
	for _, r := range d.Rows {
		w.Write(row(r))
	}
	w.Flush()
	path := filepath.Join(t.TempDir(), "churn.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestChurnOnly: with churn the only outcome, best customers are the retained majority
// and a best-customer rate cannot rise by 1.2×; the threshold moves to the churned
// minority (analysis.majorityMinAdd). The additive truth's three traits are found
// (before: "no reliable signal"), and data without effects still says no signal.
func TestChurnOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("derives 20,000 rows twice")
	}
	derive := func(shape Shape) *workflow.DeriveResult {
		res, err := workflow.Derive(context.Background(), workflow.DeriveOptions{Input: workflow.Input{File: churnOnly(t, Generate(Config{Seed: 1, Shape: shape}))},
			Out: t.TempDir(), Seed: 1, Force: true, Resamples: -1})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := derive(Additive).Analysis
	var got []string
	for _, s := range a.Criteria {
		got = append(got, s.Condition.Attribute)
	}
	slices.Sort(got)
	if !slices.Equal(got, []string{"employees", "industry", "tech_stack"}) || a.AppliedMinAdd >= 1.2 {
		t.Errorf("additive, churn only: criteria on %v (applied ratio %.3f), want employees, industry and tech_stack", got, a.AppliedMinAdd)
	}
	if !slices.ContainsFunc(a.Notes, func(n string) bool {
		return strings.Contains(n, "a condition counts when it lowers the rate of the others by 1.20×")
	}) {
		t.Errorf("notes do not say the threshold moved: %q", a.Notes)
	}
	if n := derive(Null).Analysis; !n.NoSignal || len(n.Criteria) > 0 {
		t.Errorf("null, churn only: criteria %v, no signal %v", n.Criteria, n.NoSignal)
	}
}
