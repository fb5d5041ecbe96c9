package dataset

import (
	"math"
	"strings"
)

// Closest returns the candidate that name abbreviates (or that abbreviates name),
// else the candidate nearest by edit distance on folded headers, or "" when nothing is
// reasonably close.
func Closest(name string, candidates []string) string {
	key := HeaderKey(name)
	if len(key) >= 3 {
		for _, c := range candidates {
			if k := HeaderKey(c); k != key && (strings.HasPrefix(k, key) || strings.HasPrefix(key, k) && len(k) >= 3) {
				return c
			}
		}
	}
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := editDistance(key, HeaderKey(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(2, len(key)/2) {
		return ""
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
