package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/scoring"
)

// Every condition read back from the compact store describes the rows it counts: its
// n and best count, recounted on the table through the scorer's matching rules (not
// the analysis's bins), its lift and p-value recomputed from them, in evidence order;
// the chosen conditions are the result's own Stats, with their roles.
func TestConditionsReadBack(t *testing.T) {
	t.Parallel()
	tab, res := deriveSynthTable(t, synth.Config{Rows: 3000, Seed: 5, Messy: true, NoiseAttrs: 4, HighCardNoise: true}, Options{Resamples: -1})
	g := res.Best
	base := float64(g.B) / float64(g.N)
	kinds := map[string]int{}
	chosen := map[*Stat]bool{}
	for _, s := range slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers) {
		chosen[s] = true
	}
	read, found, prev := 0, 0, -1.0
	for s := range res.Conditions() {
		read++
		kinds[s.Kind]++
		if chosen[s] && !s.InSegment {
			found++
			if s.Role == "" || s.fine {
				t.Errorf("%s: chosen but read back without its role", s.Display)
			}
		}
		if e := min(s.QUp, s.QLow); e < prev {
			t.Errorf("%s: evidence %g after %g: not in evidence order", s.Display, e, prev)
		} else {
			prev = e
		}
		col := tab.Column(s.Condition.Attribute)
		n, b := 0, 0
		for i := range tab.Rows {
			if !g.Analysed[i] {
				continue
			}
			m, present := scoring.MatchColumn(s.Condition, col, i)
			if s.Kind == KindMissing {
				m = !present && (col.MultiMissing == nil || col.MultiMissing[i])
			}
			if m {
				n++
				b += b2i(g.Best[i])
			}
		}
		if n != s.N || b != s.B {
			t.Errorf("%s (%s): read back n=%d best=%d, the table holds n=%d best=%d", s.Display, s.Kind, s.N, s.B, n, b)
			continue
		}
		if want := float64(b) / float64(n) / base; math.Abs(s.Lift-want) > 1e-12 {
			t.Errorf("%s: lift %g, want %g", s.Display, s.Lift, want)
		}
		if wantUp, wantLow := stats.HypergeomTails(b, n, g.B, g.N); s.PUp != wantUp || s.PLow != wantLow {
			t.Errorf("%s: p over %g, under %g; want %g, %g", s.Display, s.PUp, s.PLow, wantUp, wantLow)
		}
		if s.QUp < s.PUpAdj && s.QUp < 1 || s.PUpAdj < s.PUp {
			t.Errorf("%s: p %g, adjusted %g, q %g: the correction lowered the evidence", s.Display, s.PUp, s.PUpAdj, s.QUp)
		}
	}
	if read != res.NumConditions() {
		t.Errorf("read %d conditions, NumConditions says %d", read, res.NumConditions())
	}
	for _, k := range []string{KindValue, KindSet, KindRange, KindItem, KindMissing} {
		if kinds[k] == 0 {
			t.Errorf("no %s condition read back (%v): the test does not cover every kind", k, kinds)
		}
	}
	// Every chosen condition outside the segment is in the list (a segment part is
	// re-optimised inside the segment, and need not be among the conditions tested).
	grid := 0
	for s := range chosen {
		if !s.InSegment {
			grid++
		}
	}
	if found != grid || grid == 0 {
		t.Errorf("%d of %d chosen conditions on the grid found in the list by identity", found, grid)
	}
}

// Ties on evidence and effect size are broken by the condition's words, then by
// position: the order of a stable sort.
func TestSortByEvidenceTies(t *testing.T) {
	t.Parallel()
	ct := condTable{tot: totals{N: 100, B: 20}, attrs: []condAttr{{name: "x", nbins: 4, labels: []string{"c", "b", "a"}, display: []string{"C", "B", "A"}}}}
	rec := func(lv int, q float64, n, b int32) condRec {
		return condRec{kind: kindValue, lo: int32(lv), hi: int32(lv), n: n, b: b, qUp: q, qLow: 1}
	}
	ct.recs = []condRec{rec(0, 1, 10, 5), rec(1, 1, 10, 5), rec(2, 0.5, 10, 1), rec(2, 1, 10, 5), rec(1, 1, 40, 8)}
	ct.sortByEvidence()
	var got []string
	for i := range ct.recs {
		got = append(got, ct.display(&ct.recs[i]))
	}
	want := []string{"x = A", "x = A", "x = B", "x = C", "x = B"}
	if !slices.Equal(got, want) || ct.recs[0].qUp != 0.5 || ct.recs[4].n != 40 {
		t.Errorf("order %v (first q %g, last n %d), want %v with q 0.5 first and n 40 last", got, ct.recs[0].qUp, ct.recs[4].n, want)
	}
}

// The disqualifier rule says whom the veto test ran on: customers who otherwise fit,
// or, without criteria (when every customer "has half the criteria points"), all.
func TestDisqualifierRuleWithoutCriteria(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		criteria []*Stat
		want     string
	}{
		{nil, "among all customers, as no criterion says who otherwise fits"},
		{[]*Stat{{Display: "x = a"}}, "among customers who otherwise fit (the sweet spot, or customers with at least half the criteria points"},
	} {
		res := &Result{Criteria: tc.criteria}
		if got := res.DisqualifierRule(); !strings.Contains(got, tc.want) {
			t.Errorf("%d criteria: rule %q lacks %q", len(tc.criteria), got, tc.want)
		}
	}
}
