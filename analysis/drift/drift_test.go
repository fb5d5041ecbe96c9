package drift

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

func TestPSILevel(t *testing.T) {
	t.Parallel()
	for x, want := range map[float64]string{0: "stable", 0.0405: "stable", 0.0999: "stable", 0.1: "moderate", 0.25: "moderate", 0.2501: "major", 3: "major"} {
		if got := PSILevel(x); got != want {
			t.Errorf("PSILevel(%v) = %q, want %q", x, got, want)
		}
	}
	if got := PSILevel(math.NaN()); got != "" {
		t.Errorf("PSILevel(NaN) = %q, want \"\"", got)
	}
}

func readTable(t *testing.T, csv string) *dataset.Table {
	t.Helper()
	tb, err := dataset.Read(strings.NewReader(csv), "t.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestDecileCuts(t *testing.T) {
	t.Parallel()
	if got := decileCuts([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1, math.NaN()}); !slices.Equal(got, []float64{2, 3, 4, 5, 6, 7, 8, 9, 10}) {
		t.Errorf("deciles of 1…10 = %v", got)
	}
	// Ties merge: half the values are 0, so the first cuts coincide with the minimum.
	if got := decileCuts([]float64{0, 0, 0, 0, 0, 1, 2, 3, 4, 5}); !slices.Equal(got, []float64{1, 2, 3, 4, 5}) {
		t.Errorf("deciles with ties = %v", got)
	}
	if decileCuts([]float64{math.NaN()}) != nil {
		t.Error("no values should give no cuts")
	}
}

func TestAttributesKnownAnswers(t *testing.T) {
	t.Parallel()
	// 10 rows each. industry 5 saas/5 fintech → 6/4 (spelling folded); employees 1…10
	// → five 1s, then 2…6; tools (multi) mentions x 8, y 4, none 2 → x 2, y 10, none 0;
	// active 5/5 → 8/2.
	old := readTable(t, "industry,employees,tools,active,gone,kind\n"+
		"SaaS,1,x; y,yes,a,1\nsaas,2,x; y,yes,b,2\nsaas ,3,x; y,yes,a,3\nSAAS,4,x; y,yes,b,4\nsaas,5,x,yes,a,5\n"+
		"FinTech,6,x,no,b,6\nfintech,7,x,no,a,7\nfintech,8,x,no,b,8\nfintech,9,,no,a,9\nfintech,10,,no,b,10\n")
	nw := readTable(t, "industry,employees,tools,active,fresh,kind\n"+
		"saas,1,x; y,yes,a,p\nsaas,1,x; y,yes,b,q\nsaas,1,y,yes,a,p\nsaas,1,y,yes,b,q\nsaas,1,y,yes,a,p\n"+
		"saas,2,y,yes,b,q\nfintech,3,y,yes,a,p\nfintech,4,y,yes,b,q\nfintech,5,y,no,a,p\nfintech,6,y,no,b,q\n")
	got := Attributes(old, nw, []string{"industry", "employees", "tools", "active", "gone", "fresh", "kind"})
	want := []struct {
		column, kind string
		psi          float64 // NaN: not compared
		note         string
		bins         int
	}{
		{"industry", "categorical", 0.1*math.Log(0.6/0.5) - 0.1*math.Log(0.4/0.5), "", 2},
		// bins <2, 2–3, …, 9–10, ≥10 hold 10% each in the old table; new: .5 .1 .1 .1 .1 .1 0 0 0 0
		{"employees", "numeric", 0.4*math.Log(5) + 4*(1e-4-0.1)*math.Log(1e-4/0.1), "", 10},
		{"tools", "multi", (2.0/12-8.0/14)*math.Log((2.0/12)/(8.0/14)) + (10.0/12-4.0/14)*math.Log((10.0/12)/(4.0/14)) + (1e-4-2.0/14)*math.Log(1e-4/(2.0/14)), "", 3},
		{"active", "boolean", 0.3*math.Log(0.8/0.5) - 0.3*math.Log(0.2/0.5), "", 2},
		{"gone", "categorical", math.NaN(), "not in the new data", 0},
		{"fresh", "", math.NaN(), "not in the old data", 0},
		{"kind", "numeric", math.NaN(), "read as numeric in the old data and as categorical in the new; not compared", 0},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d drifts, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Column != w.column || (w.kind != "" && g.Kind != w.kind) || g.Note != w.note || len(g.Bins) != w.bins {
			t.Errorf("%s: got column %q kind %q note %q bins %d", w.column, g.Column, g.Kind, g.Note, len(g.Bins))
		}
		if math.IsNaN(w.psi) != math.IsNaN(g.PSI) || !math.IsNaN(w.psi) && !near(g.PSI, w.psi, 1e-10) {
			t.Errorf("%s: PSI %.10f, want %.10f", w.column, g.PSI, w.psi)
		}
	}
	// 2.12 by hand: 0.4987 + 0.5862 + 1.0370.
	if !near(got[2].PSI, 2.12197, 1e-4) {
		t.Errorf("tools PSI %v, want about 2.12197", got[2].PSI)
	}
	// An emptied bin (10% → 0: 0.69) outweighs the one that grew (10% → 50%: 0.64).
	if l, ok := got[1].Largest(); !ok || l.Label != "7–8" {
		t.Errorf("largest employees bin: %+v", l)
	}
	if got[0].Bins[0].Label != "saas" || got[0].Bins[0].Old != 0.5 || got[0].Bins[0].New != 0.6 {
		t.Errorf("industry bins: %+v", got[0].Bins)
	}
	if b, err := json.Marshal(got[4]); err != nil || !strings.Contains(string(b), `"psi":null`) {
		t.Errorf("JSON of an uncompared column: %s, %v", b, err)
	}
	// nil columns: every old column that is not text or empty.
	all := Attributes(old, nw, nil)
	var names []string
	for _, d := range all {
		names = append(names, d.Column)
	}
	if !slices.Equal(names, []string{"industry", "employees", "tools", "active", "gone", "kind"}) {
		t.Errorf("default columns: %v", names)
	}
}

func TestTiersKnownAnswers(t *testing.T) {
	t.Parallel()
	then := []TierCount{{"A", 100, 60}, {"B", 200, 60}, {"D", 700, 80}}
	now := []TierCount{{"A", 150, 90}, {"B", 200, 50}, {"C", 0, 0}, {"D", 650, 60}}
	d := Tiers(then, now)
	// customers .1/.2/0/.7 → .15/.2/0/.65: 0.05·ln 1.5 − 0.05·ln(0.65/0.7)
	if want := 0.05*math.Log(1.5) - 0.05*math.Log(0.65/0.7); !near(d.MixPSI, want, 1e-12) {
		t.Errorf("MixPSI %v, want %v", d.MixPSI, want)
	}
	// best .3/.3/.4 → .45/.25/.3: 0.15·ln 1.5 − 0.05·ln(.25/.3) − 0.1·ln .75
	if want := 0.15*math.Log(1.5) - 0.05*math.Log(0.25/0.3) - 0.1*math.Log(0.75); !near(d.BestPSI, want, 1e-12) {
		t.Errorf("BestPSI %v, want %v", d.BestPSI, want)
	}
	a := d.Tiers[0]
	if a.ThenRate != 0.6 || a.NowRate != 0.6 || a.Z != 0 || a.P != 1 {
		t.Errorf("tier A: %+v", a)
	}
	if c := d.Tiers[2]; c.Tier != "C" || !math.IsNaN(c.ThenRate) || !math.IsNaN(c.NowRate) || !math.IsNaN(c.P) {
		t.Errorf("tier C (empty, unknown then): %+v", c)
	}
	if b := d.Tiers[1]; !(b.Z < 0) || b.P <= 0.05 {
		t.Errorf("tier B 30%% → 25%% on 200 each should be lower but not significantly: %+v", b)
	}
	if _, err := json.Marshal(d); err != nil {
		t.Errorf("JSON: %v", err)
	}
	if e := Tiers(nil, now); !math.IsNaN(e.MixPSI) || !math.IsNaN(e.BestPSI) {
		t.Errorf("no tiers then: %v %v", e.MixPSI, e.BestPSI)
	}
}

func TestRecheckConditions(t *testing.T) {
	t.Parallel()
	rs := []Recheck{
		{Condition: "holds", ThenN: 1000, ThenB: 400, ThenAll: 4000, ThenBest: 800, NowN: 1000, NowB: 390, NowAll: 4000, NowBest: 800},
		{Condition: "weakened", ThenN: 1000, ThenB: 500, ThenAll: 4000, ThenBest: 800, NowN: 1000, NowB: 300, NowAll: 4000, NowBest: 800},
		{Condition: "lost", ThenN: 1000, ThenB: 400, ThenAll: 4000, ThenBest: 800, NowN: 1000, NowB: 205, NowAll: 4000, NowBest: 800},
		{Condition: "no evidence then", NowN: 1000, NowB: 400, NowAll: 4000, NowBest: 800},
		{Condition: "disq holds", Disqualifier: true, ThenN: 800, ThenB: 60, ThenAll: 4000, ThenBest: 800, NowN: 800, NowB: 50, NowAll: 4000, NowBest: 800},
		{Condition: "disq weakened", Disqualifier: true, ThenN: 800, ThenB: 40, ThenAll: 4000, ThenBest: 800, NowN: 800, NowB: 100, NowAll: 4000, NowBest: 800},
		{Condition: "disq lost", Disqualifier: true, ThenN: 600, ThenB: 40, ThenAll: 4000, ThenBest: 800, NowN: 600, NowB: 120, NowAll: 4000, NowBest: 800},
		{Condition: "negative holds", NegativeTrait: true, ThenN: 800, ThenB: 60, ThenAll: 4000, ThenBest: 800, NowN: 800, NowB: 50, NowAll: 4000, NowBest: 800},
		{Condition: "negative lost", NegativeTrait: true, ThenN: 600, ThenB: 40, ThenAll: 4000, ThenBest: 800, NowN: 600, NowB: 120, NowAll: 4000, NowBest: 800},
	}
	RecheckConditions(rs, 0.05)
	want := []string{VerdictHolds, VerdictWeakened, VerdictLost, VerdictHolds, VerdictHolds, VerdictWeakened, VerdictLost, VerdictHolds, VerdictLost}
	for i, r := range rs {
		if r.Verdict != want[i] {
			t.Errorf("%s: verdict %q (lift %.2f → %.2f, rate p %.3g, q %.3g), want %q", r.Condition, r.Verdict, r.ThenLift, r.NowLift, r.RateP, r.Q, want[i])
		}
	}
	if r := rs[0]; r.ThenLift != 2 || !near(r.NowLift, 1.95, 1e-12) {
		t.Errorf("lifts: %v %v", r.ThenLift, r.NowLift)
	}
	if r := rs[3]; !math.IsNaN(r.ThenLift) || !math.IsNaN(r.RateP) {
		t.Errorf("no evidence then: %+v", r)
	}
	if _, err := json.Marshal(rs); err != nil {
		t.Errorf("JSON: %v", err)
	}
}
