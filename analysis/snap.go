package analysis

import (
	"math"
	"slices"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/profile"
)

// RawRange is the best range on unrounded cut points (the 5%…95% quantiles as they
// are), against which a rounded range criterion is compared: rounding to numbers a
// person would write costs some lift, and the report says how much.
type RawRange struct {
	Condition profile.Condition `json:"condition"`
	N         int               `json:"n"`
	B         int               `json:"best"`
	Lift      float64           `json:"lift"`
}

// unsnapped finds, for a range condition, the range with the best binomial quality (in
// the condition's direction) on unrounded quantile cut points, among ranges with at
// least minSupport customers. It returns nil for other conditions.
func (a *analyzer) unsnapped(s *Stat, over bool) *RawRange {
	if s.Condition.Op != profile.OpRange {
		return nil
	}
	col := a.attrs[s.attr].col
	vals := make([]float64, 0, a.tot.N)
	for i, x := range col.Num {
		if a.g.Analysed[i] && !math.IsNaN(x) {
			vals = append(vals, x)
		}
	}
	if len(vals) < 2 {
		return nil
	}
	// The smallest value and the 5%…95% quantiles: order statistics, selected without
	// sorting every value.
	pos := make([]int, 20) // pos[k]: the rank of the k·5% quantile (pos[0] = 0, the smallest)
	for k := 1; k < 20; k++ {
		pos[k] = int(math.Round(float64(k) / 20 * float64(len(vals)-1)))
	}
	stats.SelectRanks(vals, slices.Compact(slices.Clone(pos)))
	var cuts []float64
	for _, p := range pos[1:] {
		if q := vals[p]; q > vals[0] {
			cuts = append(cuts, q)
		}
	}
	cuts = slices.Compact(cuts)
	k := len(cuts)
	n := make([]int, k+1)
	b := make([]int, k+1)
	for i, x := range col.Num {
		if !a.g.Analysed[i] || math.IsNaN(x) {
			continue
		}
		j := stats.Bin(cuts, x)
		n[j]++
		if a.g.Best[i] {
			b[j]++
		}
	}
	base := float64(a.tot.B) / float64(a.tot.N)
	var best *RawRange
	bestQ := math.Inf(-1)
	for i := 0; i <= k; i++ {
		nn, bb := 0, 0
		for j := i; j <= k; j++ {
			nn += n[j]
			bb += b[j]
			if (i == 0 && j == k) || nn < a.minSupport {
				continue
			}
			q := math.Sqrt(float64(nn)) * (float64(bb)/float64(nn) - base)
			if !over {
				q = -q
			}
			if q > bestQ {
				bestQ = q
				c := profile.Condition{Attribute: s.Condition.Attribute, Op: profile.OpRange}
				if i > 0 {
					v := cuts[i-1]
					c.Min = &v
				}
				if j < k {
					v := cuts[j]
					c.Max = &v
				}
				best = &RawRange{Condition: c, N: nn, B: bb, Lift: float64(bb) / float64(nn) / base}
			}
		}
	}
	return best
}
