package analysis

import (
	"fmt"
	"math"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// screen keeps what a subset could still find: with 150 attributes (300 families over
// and under) and α = 0.05, a family passes below p* = 0.05/(300·c(300)) (z* = 4.04);
// for halves (f = 0.5) the attributes kept are those with z above (z* − 4·√0.5)/√0.5 =
// 1.72, p < 0.0431; for folds (f = 0.8), z above 2.52, p < 0.0059, but never fewer than
// p < 0.01. The result's attributes are always kept; 100 attributes or fewer re-test
// everything, and so do subsets so small that 4·√(1−f) reaches z* (101 attributes:
// z* = 3.93; f = 0.01: 3.98).
func TestScreen(t *testing.T) {
	t.Parallel()
	mk := func(n int, p map[int]float64) *shared {
		sh := &shared{attrs: map[string]*attr{}}
		for i := range n {
			pi, ok := p[i]
			if !ok {
				pi = 0.5
			}
			sh.attrs[fmt.Sprintf("a%d", i)] = &attr{col: &dataset.Column{Name: fmt.Sprintf("a%d", i)}, fam: [6]float64{pi, 0, 0.9, 0, math.NaN(), 0}}
		}
		return sh
	}
	ps := map[int]float64{0: 1e-6, 1: 0.005, 2: 0.008, 3: 0.03, 4: 0.06, 5: 0.9}
	res := &Result{Criteria: []*Stat{{Condition: profile.Condition{Attribute: "a5"}}}}
	for _, c := range []struct {
		name  string
		attrs int
		f     float64
		want  []int // kept attribute indexes; nil: all (screen returns nil)
	}{
		{"halves", 150, 0.5, []int{0, 1, 2, 3, 5}},
		{"folds", 150, 0.8, []int{0, 1, 2, 5}},
		{"few attributes", 100, 0.5, nil},
		{"tiny subsets", 101, 0.01, nil},
	} {
		got := screen(res, mk(c.attrs, ps), c.f, 0.05)
		if c.want == nil {
			if got != nil {
				t.Errorf("%s: screened %d attributes, want none screened", c.name, len(got))
			}
			continue
		}
		if len(got) != len(c.want) {
			t.Errorf("%s: kept %d attributes %v, want %v", c.name, len(got), got, c.want)
		}
		for _, i := range c.want {
			if !got[fmt.Sprintf("a%d", i)] {
				t.Errorf("%s: a%d (p = %g) not kept", c.name, i, ps[i])
			}
		}
	}
}
