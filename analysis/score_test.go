package analysis

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
)

// TestSelectByValueMatchesOrder checks that picking the best group by the k-th highest
// composite gives exactly what sorting the rows gives, ties at the cut included.
func TestSelectByValueMatchesOrder(t *testing.T) {
	t.Parallel()
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
		k := 1 + rng.IntN(a.N)
		stats.SelectRanks(sorted, []int{len(sorted) - k})
		selectByValue(a, sorted[len(sorted)-k], k)
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
	t.Parallel()
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

// TestRankBestTops checks that ranking once for several shares gives what RankBest
// gives for each share alone.
func TestRankBestTops(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := synth.Write(&buf, synth.Config{Rows: 3000, Seed: 3, Messy: true}); err != nil {
		t.Fatal(err)
	}
	tab, err := dataset.Read(&buf, "synth.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := DetectRoles(tab, Roles{}, false)
	if err != nil {
		t.Fatal(err)
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for _, w := range []map[string]float64{nil, {"nps": 0, "cycle": 0}} { // the second has many ties
		tops := []float64{0.1, 0.2, 0.3, 0.05}
		gs, err := RankBestTops(tab, roles, w, tops...)
		if err != nil {
			t.Fatal(err)
		}
		for i, top := range tops {
			want, err := RankBest(tab, roles, w, top)
			if err != nil {
				t.Fatal(err)
			}
			got := gs[i]
			if got.N != want.N || got.B != want.B || got.Tied != want.Tied || got.TieNote != want.TieNote ||
				!same(got.Threshold, want.Threshold) || !slices.Equal(got.Best, want.Best) || !slices.Equal(got.Analysed, want.Analysed) ||
				!slices.EqualFunc(got.Composite, want.Composite, same) || len(got.Outcomes) != len(want.Outcomes) {
				t.Fatalf("weights %v, top %v: RankBestTops differs from RankBest", w, top)
			}
			for j := range got.Outcomes {
				g, h := got.Outcomes[j], want.Outcomes[j]
				if g.Name != h.Name || g.Known != h.Known || !same(g.BestMean, h.BestMean) || !same(g.RestMean, h.RestMean) {
					t.Fatalf("weights %v, top %v: outcome %+v, want %+v", w, top, g, h)
				}
			}
		}
	}
	if _, err := RankBestTops(tab, roles, nil, 0.2, 1); err == nil {
		t.Fatal("top 1 accepted")
	}
}

// TestRankMissingOutcomeColumn: roles naming an outcome column the table lacks (last
// quarter's accounts without the outcomes their deals gave) are an error naming it, not
// a crash (compare of an accounts-and-deals profile had panicked).
func TestRankMissingOutcomeColumn(t *testing.T) {
	tab, err := dataset.Read(strings.NewReader("id,industry\n1,a\n2,b\n"), "accounts.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = RankBest(tab, Roles{ID: "id", LTV: "ltv"}, nil, 0.2)
	if err == nil || !strings.Contains(err.Error(), `ltv column "ltv" is not in accounts.csv`) {
		t.Errorf("error %v", err)
	}
}
