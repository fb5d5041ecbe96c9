package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// TestSelectByValueMatchesOrder checks that picking the best group from the sorted
// composites gives exactly what sorting the rows gives, ties at the cut included.
func TestSelectByValueMatchesOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 2000 {
		n := 1 + rng.IntN(60)
		levels := 1 + rng.IntN(8) // few distinct scores: many ties
		newGroup := func() *BestGroup {
			return &BestGroup{Composite: make([]float64, n), Analysed: make([]bool, n), Best: make([]bool, n)}
		}
		a, b := newGroup(), newGroup()
		var sorted []float64
		for i := range n {
			if rng.IntN(5) == 0 {
				a.Composite[i] = math.NaN()
				continue
			}
			a.Composite[i] = float64(rng.IntN(levels)) / float64(levels)
			a.Analysed[i] = true
			sorted = append(sorted, a.Composite[i])
		}
		if len(sorted) == 0 {
			continue
		}
		copy(b.Composite, a.Composite)
		copy(b.Analysed, a.Analysed)
		a.N, b.N = len(sorted), len(sorted)
		slices.Sort(sorted)
		k := 1 + rng.IntN(a.N)
		selectByValue(a, sorted, k)
		selectByOrder(b, k)
		if a.B != b.B || a.Tied != b.Tied || a.TieNote != b.TieNote || a.Threshold != b.Threshold || !slices.Equal(a.Best, b.Best) {
			t.Fatalf("trial %d (k=%d, composites %v):\nby value: B=%d tied=%d thr=%v note=%q best=%v\nby order: B=%d tied=%d thr=%v note=%q best=%v",
				trial, k, a.Composite, a.B, a.Tied, a.Threshold, a.TieNote, a.Best, b.B, b.Tied, b.Threshold, b.TieNote, b.Best)
		}
		if got := countTrue(a.Best); got != a.B {
			t.Fatalf("trial %d: %d rows marked best, B=%d", trial, got, a.B)
		}
	}
}

// TestRankBestInfiniteWeight: an infinite weight is refused (it made every composite
// NaN and RankBest index out of range).
func TestRankBestInfiniteWeight(t *testing.T) {
	n := 50
	ltv := make([]float64, n)
	nps := make([]float64, n)
	for i := range n {
		ltv[i], nps[i] = float64(i%7), float64(i%5)
	}
	tab := &dataset.Table{Rows: n, Columns: []*dataset.Column{
		{Name: "ltv", Kind: dataset.Numeric, Num: ltv},
		{Name: "nps", Kind: dataset.Numeric, Num: nps},
	}}
	_, err := RankBest(tab, Roles{LTV: "ltv", NPS: "nps"}, map[string]float64{"ltv": math.Inf(1)}, 0.2)
	if err == nil || !strings.Contains(err.Error(), "infinite") {
		t.Fatalf("err = %v, want an error about the infinite weight", err)
	}
}

// selectByOrder is the reference for selectByValue: it sorts the analysed rows by
// composite, highest first, ties by row, and takes the first rows.
func selectByOrder(g *BestGroup, k int) {
	order := make([]int32, 0, g.N)
	for i, ok := range g.Analysed {
		if ok {
			order = append(order, int32(i))
		}
	}
	slices.SortFunc(order, func(a, b int32) int {
		ca, cb := g.Composite[a], g.Composite[b]
		switch {
		case ca > cb:
			return -1
		case ca < cb:
			return 1
		}
		return int(a - b)
	})
	thr := g.Composite[order[k-1]]
	above, tied := 0, 0
	for _, i := range order {
		switch c := g.Composite[i]; {
		case c > thr:
			above++
		case c == thr:
			tied++
		}
	}
	take, note := cut(k, above, tied)
	g.Tied, g.TieNote, g.B = tied, note, take
	for _, i := range order[:take] {
		g.Best[i] = true
	}
	g.Threshold = g.Composite[order[take-1]]
}

func countTrue(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}
