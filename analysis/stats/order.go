package stats

import (
	"math"
	"slices"
)

// SelectRanks reorders x in place so that x[r] holds the value a sort would put
// there, for every r in ranks: several order statistics (quantiles) at once without
// sorting all of x. Elements before and after each selected position are not sorted.
//
// Preconditions: x holds no NaN (NaN breaks the ordering, and the result is then
// unspecified); ranks is ascending, without repeats, each in [0, len(x)). Empty ranks
// leave x as it is.
//
// Method: quickselect on all ranks together (Hoare 1961), median-of-three pivot and a
// three-way partition (Dijkstra's Dutch national flag) so repeated values cost no
// extra passes; parts of at most 32 elements, and parts reached after 40 levels of
// partitioning, are sorted instead, which bounds the worst case at O(n log n).
// Expected cost O(n·log k) for k ranks.
func SelectRanks(x []float64, ranks []int) {
	selectRanks(x, ranks, 0)
}

// selectRanks is SelectRanks below depth partitions.
func selectRanks(x []float64, ranks []int, depth int) {
	for len(ranks) > 0 {
		if len(x) <= 32 || depth > 40 {
			slices.Sort(x)
			return
		}
		depth++
		a, b, c := x[0], x[len(x)/2], x[len(x)-1]
		pivot := max(min(a, b), min(max(a, b), c)) // median of three
		// x[:lt] < pivot, x[lt:i] == pivot, x[gt:] > pivot.
		lt, i, gt := 0, 0, len(x)
		for i < gt {
			switch v := x[i]; {
			case v < pivot:
				x[lt], x[i] = x[i], x[lt]
				lt++
				i++
			case v > pivot:
				gt--
				x[gt], x[i] = x[i], x[gt]
			default:
				i++
			}
		}
		// Ranks in [lt, gt) hold the pivot value already.
		nl, _ := slices.BinarySearch(ranks, lt)
		ng, _ := slices.BinarySearch(ranks, gt)
		if nl > 0 {
			selectRanks(x[:lt], ranks[:nl], depth)
		}
		rest := ranks[ng:]
		if len(rest) == 0 {
			return
		}
		shifted := make([]int, len(rest))
		for k, r := range rest {
			shifted[k] = r - gt
		}
		x, ranks = x[gt:], shifted
	}
}

// Median returns the sample median of x: the middle value of the sorted values, or
// the mean of the two middle values when len(x) is even.
//
// Empty or nil x gives NaN. Preconditions: x holds no NaN (a NaN sorts below every
// number, so the result would be the median of a shifted list). x is not modified.
// O(n log n).
func Median(x []float64) float64 {
	n := len(x)
	if n == 0 {
		return math.NaN()
	}
	s := slices.Clone(x)
	slices.Sort(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Bin returns the bin of v given cut points: the number of cuts ≤ v, so that bin j is
// the half-open interval [cuts[j−1], cuts[j]) (bin 0 is below cuts[0], bin len(cuts)
// at or above the last cut).
//
// Preconditions: cuts is sorted ascending, without NaN. Empty cuts give 0. NaN v gives
// 0 (no cut is ≤ NaN); ±Inf are ordinary values; −0 and +0 are equal. O(log len(cuts)).
//
// The search compiles without data-dependent branches (conditional moves), as the
// comparisons of values read row by row are coin flips a branch predictor cannot
// learn.
func Bin(cuts []float64, v float64) int {
	if len(cuts) == 0 {
		return 0
	}
	base, n := 0, len(cuts)
	for n > 1 {
		half := n / 2
		base += half & -lessEq(cuts[base+half], v)
		n -= half
	}
	return base + lessEq(cuts[base], v)
}

// lessEq is 1 when a ≤ b and 0 otherwise (compiled to a flag set, not a branch).
func lessEq(a, b float64) int {
	if a <= b {
		return 1
	}
	return 0
}
