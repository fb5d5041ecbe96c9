package winrate

import (
	"math"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis/stats"
)

func TestByTier(t *testing.T) {
	t.Parallel()
	var deals []Deal
	add := func(tier string, st Status, amount, cycle float64, k int) {
		for range k {
			deals = append(deals, Deal{Tier: tier, Status: st, Amount: amount, CycleDays: cycle})
		}
	}
	add("A", Won, 1000, 30, 30)
	add("A", Lost, 500, math.NaN(), 20)
	add("A", Open, 800, math.NaN(), 5)
	add("B", Won, 600, 60, 20)
	add("B", Lost, 500, math.NaN(), 30)
	add("D", Won, 300, 90, 10)
	add("D", Lost, 300, math.NaN(), 40)
	add("C", Won, 100, 10, 3) // too few closed deals
	add("", Won, 100, 10, 4)  // unscored account
	tiers := []string{"A", "B", "C", "D", "disqualified"}
	wr := ByTier(deals, tiers)

	a := wr.Rows[0]
	if a.Deals != 55 || a.Won != 30 || a.Lost != 20 || a.Open != 5 {
		t.Errorf("tier A counts %+v", a)
	}
	if a.WinRate != 0.6 || a.AvgWon != 1000 || a.MedianCycle != 30 {
		t.Errorf("tier A rate %v avg %v cycle %v", a.WinRate, a.AvgWon, a.MedianCycle)
	}
	lo, hi := stats.Wilson(30, 50, stats.Z95) // tested against published intervals in stats
	if math.Abs(a.WinLow-lo) > 1e-12 || math.Abs(a.WinHigh-hi) > 1e-12 {
		t.Errorf("tier A interval %v–%v, want %v–%v", a.WinLow, a.WinHigh, lo, hi)
	}
	// Pipeline: A 30·1000+20·500+5·800 = 44,000 of 44,000+27,000+300+15,000 = 86,300.
	if math.Abs(a.PipelineShare-44000.0/86300) > 1e-12 {
		t.Errorf("tier A pipeline share %v", a.PipelineShare)
	}
	if !wr.Rows[2].TooFew || wr.Rows[0].TooFew {
		t.Errorf("too-few flags: A %v C %v", wr.Rows[0].TooFew, wr.Rows[2].TooFew)
	}
	if wr.Unscored != 4 || wr.Total.Deals != 158 || wr.Total.Won != 63 {
		t.Errorf("unscored %d total %+v", wr.Unscored, wr.Total)
	}
	// Cochran–Armitage by hand over A, B, C, D with scores 4, 3, 2, 1 (disqualified has
	// no deals): x = 30, 20, 3, 10; n = 50, 50, 3, 50.
	x := []float64{30, 20, 3, 10}
	n := []float64{50, 50, 3, 50}
	s := []float64{4, 3, 2, 1}
	var X, Nn, sx, sn, ssn float64
	for i := range x {
		X += x[i]
		Nn += n[i]
		sx += s[i] * x[i]
		sn += s[i] * n[i]
		ssn += s[i] * s[i] * n[i]
	}
	p := X / Nn
	z := (sx - p*sn) / math.Sqrt(p*(1-p)*(ssn-sn*sn/Nn))
	if math.Abs(wr.TrendZ-z) > 1e-9 {
		t.Errorf("trend z %v, want %v", wr.TrendZ, z)
	}
	// Wins: A 30, B 20, C 3, D 10 of 63; deals: A 55 of 158, past 15% on its own.
	for i, w := range []float64{30, 20, 3, 10, 0} {
		if got := wr.Rows[i].WinShare; math.Abs(got-w/63) > 1e-12 {
			t.Errorf("tier %s share of wins %v, want %v", wr.Rows[i].Tier, got, w/63)
		}
	}
	if want := "Tier A holds 55 of 158 deals (35%) and 30 of 63 wins (48%)."; wr.Capture != want {
		t.Errorf("capture %q, want %q", wr.Capture, want)
	}
	want := "Tier A deals win 3.0× as often as tier D: 60% vs 20%"
	if !strings.HasPrefix(wr.Headline, want) {
		t.Errorf("headline %q, want prefix %q", wr.Headline, want)
	}
	if len(wr.Warnings) != 2 {
		t.Errorf("warnings %q", wr.Warnings)
	}
}

func TestTooFewDeals(t *testing.T) {
	t.Parallel()
	wr := ByTier([]Deal{{Tier: "A", Status: Won}, {Tier: "D", Status: Lost}}, []string{"A", "D"})
	if !strings.HasPrefix(wr.Headline, "Too few closed deals") {
		t.Errorf("headline %q", wr.Headline)
	}
}

// TestCapture: the best tiers are counted down to the first that brings them to 15% of
// the deals; nothing is said when no deal was won or every deal is in one tier, and
// the disqualified tier is never among the best.
func TestCapture(t *testing.T) {
	t.Parallel()
	tiers := []string{"A", "B", "C", "disqualified"}
	mk := func(spec map[string][2]int) []Deal {
		var ds []Deal
		for _, tier := range tiers {
			s := spec[tier]
			for range s[0] {
				ds = append(ds, Deal{Tier: tier, Status: Won, Amount: math.NaN(), CycleDays: math.NaN()})
			}
			for range s[1] {
				ds = append(ds, Deal{Tier: tier, Status: Lost, Amount: math.NaN(), CycleDays: math.NaN()})
			}
		}
		return ds
	}
	for _, c := range []struct {
		name string
		spec map[string][2]int
		want string
	}{
		{"two tiers to reach 15%", map[string][2]int{"A": {8, 2}, "B": {20, 20}, "C": {10, 140}}, "Tiers A–B hold 50 of 200 deals (25%) and 28 of 38 wins (74%)."},
		{"one tier is enough", map[string][2]int{"A": {40, 10}, "B": {20, 30}, "C": {5, 95}}, "Tier A holds 50 of 200 deals (25%) and 40 of 65 wins (62%)."},
		{"nothing won", map[string][2]int{"A": {0, 10}, "B": {0, 90}}, ""},
		{"one tier", map[string][2]int{"B": {30, 70}}, ""},
		{"only the disqualified beyond A", map[string][2]int{"A": {2, 3}, "disqualified": {10, 85}}, ""},
	} {
		if got := ByTier(mk(c.spec), tiers).Capture; got != c.want {
			t.Errorf("%s: capture %q, want %q", c.name, got, c.want)
		}
	}
}
