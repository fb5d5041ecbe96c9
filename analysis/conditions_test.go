package analysis

import (
	"math"
	"slices"
	"testing"
)

// TestBinOf checks binOf against a binary search: the number of cuts ≤ v.
func TestBinOf(t *testing.T) {
	cuts := []float64{-5, 0, 1.5, 10, 200}
	values := []float64{math.Inf(-1), -6, -5, -4.9, math.Copysign(0, -1), 0, 1, 1.5, 9.99, 10, 11, 200, 1e9, math.Inf(1)}
	for _, cs := range [][]float64{nil, cuts[:1], cuts} {
		for _, v := range values {
			want, found := slices.BinarySearch(cs, v)
			if found {
				want++
			}
			if got := binOf(cs, v); got != want {
				t.Errorf("binOf(%v, %v) = %d, want %d", cs, v, got, want)
			}
		}
	}
}
