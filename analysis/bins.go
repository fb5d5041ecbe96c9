package analysis

import (
	"math"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/bitset"
)

// binCol is a partition attribute's bin per table row: one byte per row when the
// attribute has at most 256 bins (the missing bin included), two otherwise (a
// categorical with more levels). Nearly every attribute takes one byte, which halves
// the bins' share of the analysis's memory (at 1M customers × 30 attributes, 42 of
// 84 MB, coarse and fine bins together) and of the memory validation's re-runs read.
// The zero value holds no rows.
type binCol struct {
	u8  []uint8
	u16 []uint16
}

// newBinCol returns bins for rows rows of an attribute with nbins bins, all 0.
func newBinCol(rows, nbins int) binCol {
	if nbins <= 1<<8 {
		return binCol{u8: make([]uint8, rows)}
	}
	return binCol{u16: make([]uint16, rows)}
}

// empty reports whether b holds no bins (the zero value, or dropped).
func (b binCol) empty() bool { return b.u8 == nil && b.u16 == nil }

// set sets row i's bin.
func (b binCol) set(i, bin int) {
	if b.u8 != nil {
		b.u8[i] = uint8(bin)
	} else {
		b.u16[i] = uint16(bin)
	}
}

// gather returns the bins of the given rows, in their order.
func (b binCol) gather(rows []int) binCol {
	if b.u8 != nil {
		return binCol{u8: gatherBins(b.u8, rows)}
	}
	return binCol{u16: gatherBins(b.u16, rows)}
}

func gatherBins[T uint8 | uint16](src []T, rows []int) []T {
	out := make([]T, len(rows))
	for k, i := range rows {
		out[k] = src[i]
	}
	return out
}

// fillNumeric sets each row's bin among the cut points: NaN in the last bin (k+1).
func (b binCol) fillNumeric(cuts, v []float64) {
	k := len(cuts)
	for i, x := range v {
		if math.IsNaN(x) {
			b.set(i, k+1)
			continue
		}
		b.set(i, stats.Bin(cuts, x))
	}
}

// count adds each analysed row to its bin's counts: customers n, best b and, where
// churn is known (churn not nil and not NaN), cn, and churned cc.
func (b binCol) count(analysed, best []bool, churn []float64, n, bb, cn, cc []int) {
	if b.u8 != nil {
		countBins(b.u8, analysed, best, churn, n, bb, cn, cc)
	} else {
		countBins(b.u16, analysed, best, churn, n, bb, cn, cc)
	}
}

func countBins[T uint8 | uint16](bins []T, analysed, best []bool, churn []float64, n, b, cn, cc []int) {
	bins = bins[:len(analysed)]
	best = best[:len(bins)]
	if churn != nil {
		churn = churn[:len(bins)]
	}
	// Best and churned are coin flips row to row: add them as 0 or 1 rather than
	// branch on them.
	for i, bn := range bins {
		if !analysed[i] {
			continue
		}
		n[bn]++
		b[bn] += b2i(best[i])
		if churn != nil {
			if x := churn[i]; x == x { // known
				cn[bn]++
				cc[bn] += b2i(x == 1)
			}
		}
	}
}

// countRows counts, per bin, the given rows (n) and the best among them (b).
func (b binCol) countRows(rows []int32, best []bool, n, bb []int) {
	if b.u8 != nil {
		countRowBins(b.u8, rows, best, n, bb)
	} else {
		countRowBins(b.u16, rows, best, n, bb)
	}
}

func countRowBins[T uint8 | uint16](bins []T, rows []int32, best []bool, n, b []int) {
	for _, i := range rows {
		bn := bins[i]
		n[bn]++
		b[bn] += b2i(best[i])
	}
}

// countAnalysed counts the analysed rows per bin into n.
func (b binCol) countAnalysed(analysed []bool, n []int) {
	if b.u8 != nil {
		countAnalysedBins(b.u8, analysed, n)
	} else {
		countAnalysedBins(b.u16, analysed, n)
	}
}

func countAnalysedBins[T uint8 | uint16](bins []T, analysed []bool, n []int) {
	for i, bn := range bins {
		if analysed[i] {
			n[bn]++
		}
	}
}

// match sets m to the rows whose bin is in (in[bin]), among the rows of within, a
// word of 64 rows at a time without a branch per row. m and within hold rows rows.
func (b binCol) match(in []bool, m, within bitset.Set, rows int) {
	if b.u8 != nil {
		matchBins(b.u8, in, m, within, rows)
	} else {
		matchBins(b.u16, in, m, within, rows)
	}
}

func matchBins[T uint8 | uint16](bins []T, in []bool, m, within bitset.Set, rows int) {
	for w := range m {
		lo := w << 6
		var x uint64
		for j, bn := range bins[lo:min(lo+64, rows)] {
			x |= uint64(b2i(in[bn])) << uint(j)
		}
		m[w] = x & within[w]
	}
}

// keep keeps, in place, the rows whose bin is in (in[bin]).
func (b binCol) keep(rows []int32, in []bool) []int32 {
	if b.u8 != nil {
		return keepBins(b.u8, rows, in)
	}
	return keepBins(b.u16, rows, in)
}

func keepBins[T uint8 | uint16](bins []T, rows []int32, in []bool) []int32 {
	out := rows[:0]
	for _, i := range rows {
		if in[bins[i]] {
			out = append(out, i)
		}
	}
	return out
}
