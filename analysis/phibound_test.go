package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/icp-dev/icp/internal/bitset"
)

// TestPhiBoundCounts checks the bound the segment search's proxy check skips attributes
// by: on random tables of up to 8 bins, no union of bins has a |phi| with the part
// above √(χ²/N) (every union enumerated), and the bound is reached by some union when
// there are two bins; for lists the bound is the largest item |phi| exactly.
func TestPhiBoundCounts(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	phi := func(both, nr, np, n float64) float64 {
		den := math.Sqrt(nr * np * (n - nr) * (n - np))
		if den == 0 {
			return 0
		}
		return (n*both - nr*np) / den
	}
	for trial := range 2000 {
		k := 1 + r.IntN(8)
		all, inP := make([]int, k), make([]int, k)
		N, np := 0, 0
		for j := range k {
			all[j] = r.IntN(60)
			if trial%5 == 0 && j == 0 {
				all[j] = 0 // an empty bin
			}
			inP[j] = 0
			if all[j] > 0 {
				// Parts that follow the bins strongly, weakly or not at all.
				switch trial % 3 {
				case 0:
					inP[j] = r.IntN(all[j] + 1)
				case 1:
					inP[j] = all[j] * (j % 2)
				default:
					inP[j] = all[j] / 2
				}
			}
			N, np = N+all[j], np+inP[j]
		}
		bound := phiBoundCounts(inP, all, N, np, false)
		best := 0.0
		for mask := 1; mask < 1<<k; mask++ {
			var both, nr int
			for j := range k {
				if mask&(1<<j) != 0 {
					both, nr = both+inP[j], nr+all[j]
				}
			}
			best = max(best, math.Abs(phi(float64(both), float64(nr), float64(np), float64(N))))
		}
		if best > bound+1e-12 {
			t.Fatalf("bins %v, in part %v: a union has |phi| %.15f above the bound %.15f", all, inP, best, bound)
		}
		if k == 2 && all[0] > 0 && all[1] > 0 && math.Abs(best-bound) > 1e-12 {
			t.Fatalf("two bins %v, %v: bound %.15f, best union %.15f (a 2×2 table's bound is its phi)", all, inP, bound, best)
		}
		// Lists: the largest item |phi|.
		want := 0.0
		for j := range k {
			want = max(want, math.Abs(phi(float64(inP[j]), float64(all[j]), float64(np), float64(N))))
		}
		if got := phiBoundCounts(inP, all, N, np, true); math.Abs(got-want) > 1e-12 {
			t.Fatalf("list %v, %v: %v, want %v", all, inP, got, want)
		}
	}
}

// TestMembers: the branch-free listing of set rows against the plain loop, on empty,
// all-false, all-true and random vectors (the last row set or not).
func TestMembers(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(13, 14))
	cases := [][]bool{nil, {false}, {true}, {false, false, false}, {true, true, true}}
	for range 50 {
		v := make([]bool, r.IntN(300))
		for i := range v {
			v[i] = r.IntN(3) == 0
		}
		cases = append(cases, v)
	}
	for _, in := range cases {
		var want []int32
		for i, ok := range in {
			if ok {
				want = append(want, int32(i))
			}
		}
		got := members(bitset.FromBools(in))
		if len(got) != len(want) || cap(got) != len(want) {
			t.Fatalf("members(%v) = %v (cap %d), want %v", in, got, cap(got), want)
		}
		for k := range got {
			if got[k] != want[k] {
				t.Fatalf("members(%v) = %v, want %v", in, got, want)
			}
		}
	}
}
