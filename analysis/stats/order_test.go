package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBin checks Bin against a binary search: the number of cuts ≤ v.
func TestBin(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 3))
	for range 2000 {
		cs := make([]float64, rng.IntN(22))
		for i := range cs {
			cs[i] = float64(rng.IntN(60))
		}
		slices.Sort(cs)
		cs = slices.Compact(cs)
		for v := -1.0; v <= 61; v += 0.5 {
			want, found := slices.BinarySearch(cs, v)
			if found {
				want++
			}
			if got := Bin(cs, v); got != want {
				t.Fatalf("Bin(%v, %v) = %d, want %d", cs, v, got, want)
			}
		}
	}
	cuts := []float64{-5, 0, 1.5, 10, 200}
	values := []float64{math.Inf(-1), -6, -5, -4.9, math.Copysign(0, -1), 0, 1, 1.5, 9.99, 10, 11, 200, 1e9, math.Inf(1)}
	for _, cs := range [][]float64{nil, cuts[:1], cuts} {
		for _, v := range values {
			want, found := slices.BinarySearch(cs, v)
			if found {
				want++
			}
			if got := Bin(cs, v); got != want {
				t.Errorf("Bin(%v, %v) = %d, want %d", cs, v, got, want)
			}
		}
	}
}

// TestSelectRanks checks the quantile selection against a sort, on data with and
// without repeated values and on sorted and reversed input.
func TestSelectRanks(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 5))
	for trial := range 500 {
		n := 2 + rng.IntN(3000)
		x := make([]float64, n)
		levels := []int{3, 25, 1000, 1 << 30}[trial%4]
		for i := range x {
			x[i] = float64(rng.IntN(levels)) - float64(levels/2)
		}
		switch trial % 7 {
		case 5:
			slices.Sort(x)
		case 6:
			slices.Sort(x)
			slices.Reverse(x)
		}
		want := slices.Clone(x)
		slices.Sort(want)
		var ranks []int
		for k := 1; k <= 19; k++ {
			ranks = append(ranks, int(math.Round(float64(k)/20*float64(n-1))))
		}
		ranks = slices.Compact(ranks)
		got := slices.Clone(x)
		SelectRanks(got, ranks)
		for _, r := range ranks {
			if got[r] != want[r] {
				t.Fatalf("trial %d (n=%d): x[%d] = %v, want %v", trial, n, r, got[r], want[r])
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Fatalf("trial %d: values lost or duplicated", trial)
		}
	}
}

func TestMedian(t *testing.T) {
	t.Parallel()
	tests := []struct {
		x    []float64
		want float64
	}{
		// hand: odd count, the middle value; even count, the mean of the middle two.
		{[]float64{3, 1, 2}, 2},
		{[]float64{4, 1, 3, 2}, 2.5},
		{[]float64{7}, 7},
		{[]float64{5, 5, 1, 5}, 5},
		{[]float64{math.Inf(-1), 0, math.Inf(1)}, 0},
		{[]float64{-2, 2}, 0},
		// Empty: no median.
		{nil, math.NaN()},
		{[]float64{}, math.NaN()},
	}
	for _, tc := range tests {
		in := slices.Clone(tc.x)
		if got := Median(tc.x); !sameFloat(got, tc.want) {
			t.Errorf("Median(%v) = %v, want %v", tc.x, got, tc.want)
		}
		if !slices.Equal(in, tc.x) {
			t.Errorf("Median modified its input: %v → %v", in, tc.x)
		}
	}
}
