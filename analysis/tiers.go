package analysis

import (
	"fmt"
	"math"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/bitset"
	"github.com/icp-dev/icp/profile"
)

// tiers cuts the fit tiers from the evidence and reports the best-customer rate per
// tier (in-sample: the same rows chose the criteria).
//
// Tier A is the sweet spot — customers matching every segment condition and no
// negative trait — when they number at least max(20, 0.5% of customers), the
// smallest segment findSegment accepts. The other customers (not disqualified) are
// cut into score bands: of all ways to cut the fit score into three, two or one bands,
// each holding at least max(20, 2% of customers) customers with best-customer rates falling from band to band (and
// below tier A's), the one with the highest Bernoulli log-likelihood of the best flag
// (most bands first: three bands are used whenever a valid cut exists). Bands the data
// cannot separate are merged, and a note says so.
func (a *analyzer) tiers(res *Result) {
	// (At most five tiers: A–D and disqualified; rowTier holds 1 + the index.)
	n := a.t.Rows
	res.rowScore = make([]uint8, n)
	res.rowTier = make([]uint8, n)
	crit := make([]bitset.Set, len(res.Criteria))
	for i, s := range res.Criteria {
		crit[i] = a.bits(s)
	}
	neg := make([]bitset.Set, len(res.NegativeTraits))
	for i, s := range res.NegativeTraits {
		neg[i] = a.bits(s)
	}
	disq := bitset.New(n)
	for _, s := range res.Disqualifiers {
		disq.Or(a.bits(s))
	}
	var inSeg bitset.Set
	if res.Segment != nil {
		inSeg = a.matchAll(res.Segment.Parts)
		for _, s := range res.NegativeTraits {
			inSeg.AndNot(a.bits(s))
		}
	}
	matched, negM := make([]bool, len(crit)), make([]bool, len(neg))
	var bandN, bandB [101]int
	segN, segB := 0, 0
	for i := range n {
		for j := range crit {
			matched[j] = crit[j].Has(i)
		}
		for j := range neg {
			negM[j] = neg[j].Has(i)
		}
		res.rowScore[i] = uint8(fitScore(res.Base, res.Points, matched, res.NegativePoints, negM)) // 0–100
		if !a.g.Analysed[i] || disq.Has(i) {
			continue
		}
		if inSeg != nil && inSeg.Has(i) {
			segN++
			segB += b2i(a.g.Best[i])
			continue
		}
		bandN[res.RowScore(i)]++
		bandB[res.RowScore(i)] += b2i(a.g.Best[i])
	}
	minTier := max(20, int(math.Ceil(0.02*float64(a.tot.N))))
	minSeg := minSegment(a.tot.N) // as findSegment
	useSeg := inSeg != nil && segN >= minSeg
	if !useSeg && inSeg != nil {
		// Too few customers for a tier of their own: they join the score bands.
		for i := range n {
			if inSeg.Has(i) && a.g.Analysed[i] && !disq.Has(i) {
				bandN[res.RowScore(i)]++
				bandB[res.RowScore(i)] += b2i(a.g.Best[i])
			}
		}
		res.Notes = append(res.Notes, fmt.Sprintf("the sweet spot holds %s customers without a negative trait, fewer than %s: no tier of its own", profile.FormatCount(segN), profile.FormatCount(minSeg)))
	}
	ceiling := math.Inf(1)
	if useSeg {
		ceiling = float64(segB) / float64(segN)
	}
	cuts := cutBands(bandN, bandB, minTier, ceiling)
	var rows []TierRow
	if useSeg {
		rows = append(rows, TierRow{Segment: true})
	}
	for _, c := range cuts {
		rows = append(rows, TierRow{MinScore: c})
	}
	if len(rows) == 0 || rows[len(rows)-1].Segment {
		rows = append(rows, TierRow{}) // a last band for everyone else, even if small
	}
	rows[len(rows)-1].MinScore = 0
	names := []string{"A", "B", "C", "D"}
	for k := range rows {
		rows[k].Tier = names[k]
	}
	if len(res.Criteria) == 0 {
		// No criteria: no fit to speak of; everyone is in the lowest tier, not "A".
		rows = []TierRow{{Tier: "D"}}
	}
	if len(rows) < 4 && len(res.Criteria) > 0 {
		res.Notes = append(res.Notes, fmt.Sprintf("the data separates %d fit %s, not 4: tiers whose best-customer rates would not fall from one to the next (or with fewer than %d customers) were merged", len(rows), profile.Plural(len(rows), "tier", "tiers"), minTier))
	}
	rows = append(rows, TierRow{Tier: profile.Disqualified})
	churned := make([]int, len(rows))
	r := &rules{tiers: rows}
	for i := range n {
		if !a.g.Analysed[i] {
			continue
		}
		k := len(rows) - 1
		if !disq.Has(i) {
			k = r.bandOf(res.RowScore(i), inSeg != nil && inSeg.Has(i) && useSeg)
		}
		res.rowTier[i] = uint8(k + 1)
		rows[k].N++
		rows[k].Best += b2i(a.g.Best[i])
		if a.churn != nil && !math.IsNaN(a.churn[i]) {
			rows[k].ChurnN++
			if a.churn[i] == 1 {
				churned[k]++
			}
		}
	}
	for k := range rows {
		t := &rows[k]
		if t.N > 0 {
			t.Rate = float64(t.Best) / float64(t.N)
		}
		t.RateLow, t.RateHigh = stats.Wilson(t.Best, t.N, stats.Z95)
		if t.ChurnN > 0 {
			t.ChurnRate = float64(churned[k]) / float64(t.ChurnN)
		}
	}
	if d := rows[len(rows)-1]; d.N*4 > a.tot.N {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%s of %s customers (%.0f%%) are disqualified", profile.FormatCount(d.N), profile.FormatCount(a.tot.N), 100*float64(d.N)/float64(a.tot.N)))
	}
	res.Tiers = rows
}

// bandOf returns the tier index of a customer not disqualified: the segment tier when
// sweet is set, else the first score band whose MinScore the score reaches.
func (r *rules) bandOf(score int, sweet bool) int {
	for k, t := range r.tiers[:len(r.tiers)-1] {
		if t.Segment {
			if sweet {
				return k
			}
			continue
		}
		if score >= t.MinScore {
			return k
		}
	}
	return len(r.tiers) - 2
}

// cutBands returns the lowest score of each band, highest band first (the last is
// 0), or nil when there are fewer than minN customers: three bands if a valid cut
// exists, else two, else one. Valid: every band holds at least minN customers and the
// best rates fall strictly from band to band, the top band's below ceiling. Among
// valid cuts with the most bands, the highest Bernoulli log-likelihood wins (ties: the
// higher cuts, found first).
func cutBands(n, b [101]int, minN int, ceiling float64) []int {
	var cn, cb [102]int // cumulative from the top: scores ≥ s
	for s := 100; s >= 0; s-- {
		cn[s], cb[s] = cn[s+1]+n[s], cb[s+1]+b[s]
	}
	ll := func(nn, bb int) float64 {
		if bb == 0 || bb == nn {
			return 0
		}
		p := float64(bb) / float64(nn)
		return float64(bb)*math.Log(p) + float64(nn-bb)*math.Log(1-p)
	}
	rate := func(nn, bb int) float64 { return float64(bb) / float64(nn) }
	total, totalB := cn[0], cb[0]
	if total < minN {
		return nil
	}
	var best []int
	bestLL := math.Inf(-1)
	for c1 := 100; c1 >= 1; c1-- { // top band: scores ≥ c1
		n1, b1 := cn[c1], cb[c1]
		if n1 < minN || rate(n1, b1) >= ceiling {
			continue
		}
		for c2 := c1 - 1; c2 >= 1; c2-- { // middle band: c2 ≤ score < c1
			n2, b2 := cn[c2]-n1, cb[c2]-b1
			n3, b3 := total-cn[c2], totalB-cb[c2]
			if n2 < minN || n3 < minN {
				continue
			}
			if r1, r2, r3 := rate(n1, b1), rate(n2, b2), rate(n3, b3); !(r1 > r2 && r2 > r3) {
				continue
			}
			if l := ll(n1, b1) + ll(n2, b2) + ll(n3, b3); l > bestLL {
				best, bestLL = []int{c1, c2, 0}, l
			}
		}
	}
	if best != nil {
		return best
	}
	for c1 := 100; c1 >= 1; c1-- {
		n1, b1 := cn[c1], cb[c1]
		n2, b2 := total-n1, totalB-b1
		if n1 < minN || n2 < minN || rate(n1, b1) >= ceiling || !(rate(n1, b1) > rate(n2, b2)) {
			continue
		}
		if l := ll(n1, b1) + ll(n2, b2); l > bestLL {
			best, bestLL = []int{c1, 0}, l
		}
	}
	if best != nil {
		return best
	}
	return []int{0}
}

// RowScore returns table row i's fit score under the derived profile (the same rules
// as scoring.Matcher, 0–100); see RowTier for its tier.
func (res *Result) RowScore(i int) int { return int(res.rowScore[i]) }

// RowTier returns table row i's tier under the derived profile ("" for a row not
// analysed).
func (res *Result) RowTier(i int) string {
	if k := res.rowTier[i]; k > 0 {
		return res.Tiers[k-1].Tier
	}
	return ""
}
