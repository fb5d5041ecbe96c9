package analysis

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"

	"github.com/icp-dev/icp/profile"
)

// OutcomeSummary describes how one outcome entered the best-customer score.
type OutcomeSummary struct {
	Name           string  `json:"name"`   // ltv, cycle, churn, nps
	Column         string  `json:"column"` // header as written
	Weight         float64 `json:"weight"`
	HigherIsBetter bool    `json:"higher_is_better"`
	Known          int     `json:"known"`     // analysed rows with a value
	BestMean       float64 `json:"best_mean"` // mean among best customers with a value (churn: churn rate)
	RestMean       float64 `json:"rest_mean"` // mean among the others with a value
}

// BestGroup is the outcome of ranking customers by the composite score.
type BestGroup struct {
	Composite []float64 // per table row; NaN when the row has no outcome
	Analysed  []bool    // per table row: has at least one outcome
	Best      []bool    // per table row: in the top group
	N         int       // analysed rows
	B         int       // best rows
	Threshold float64   // composite score of the weakest best customer
	Tied      int       // rows tied at the threshold
	TieNote   string    // how ties at the cut were resolved, "" when none straddled it
	// TieWarning is set when the tie at the cut moved the best group's size by more
	// than a quarter of the requested share: the outcomes cannot separate the top
	// share, and the reader is told how to define best customers instead.
	TieWarning string
	Rule       string // set when the best customers come from a column (BestFromColumn)
	// TenureNote says how LTV was adjusted for customer age ("" when it was not).
	TenureNote string
	// CycleNote reports sales cycles of zero or fewer days, left out ("" when none).
	CycleNote string
	// ImputeNote says how many customers lacked an outcome and how their rank on it
	// was filled in (see impute); "" when none did.
	ImputeNote string
	Outcomes   []OutcomeSummary
}

// outcomeValues returns the column's values oriented so that larger is better, as
// float64 with NaN for missing. Churn: 1 = retained, 0 = churned; a churn date counts as
// churned when present.
func outcomeValues(c *dataset.Column, name string) []float64 {
	v := make([]float64, len(c.Num))
	switch {
	case name == OutcomeChurn && c.Kind == dataset.Date:
		for i, x := range c.Num {
			if math.IsNaN(x) {
				v[i] = 1
			} else {
				v[i] = 0
			}
		}
	case name == OutcomeChurn:
		for i, x := range c.Num {
			v[i] = 1 - x // NaN stays NaN
		}
	case name == OutcomeCycle:
		for i, x := range c.Num {
			v[i] = -x
		}
	default:
		copy(v, c.Num)
	}
	return v
}

// ChurnFlags returns 1 for churned, 0 for retained, NaN for unknown, per row; nil when
// the roles have no churn column.
func ChurnFlags(t *dataset.Table, r Roles) []float64 {
	c := t.Column(r.Churn)
	if r.Churn == "" || c == nil {
		return nil
	}
	v := outcomeValues(c, OutcomeChurn)
	for i, x := range v {
		v[i] = 1 - x
	}
	return v
}

// RankBest computes the composite best-customer score and the top group.
//
// Each outcome becomes a mid-rank percentile (stats.PercentileRanks) oriented so that 1 is
// best: LTV high, cycle short, not churned, NPS high. A row's composite is the weighted
// mean of the percentiles it has (weights renormalised over the outcomes present), so a
// missing outcome neither helps nor hurts. Rows with no outcome at all are not analysed.
//
// The top group is the round(top × N) rows with the highest composite. When rows tied
// at the cut straddle it, the whole tied block is either included or excluded, whichever
// lands closer to the target size (ties are never broken by file order), and TieNote
// says so.
func RankBest(t *dataset.Table, r Roles, weights map[string]float64, top float64) (*BestGroup, error) {
	gs, err := RankBestTops(t, r, weights, top)
	if err != nil {
		return nil, err
	}
	return gs[0], nil
}

// RankBestTops is RankBest for several top shares at once, one group per share: the
// composite score (a sort per outcome, most of RankBest's time) is computed once. The
// groups share their Composite and Analysed slices.
func RankBestTops(t *dataset.Table, r Roles, weights map[string]float64, tops ...float64) ([]*BestGroup, error) {
	return rankBestTops(t, r, weights, rowKeys(t, r), tops...)
}

// rankBestTops is RankBestTops with the rows' keys (see rowKeys) already computed.
func rankBestTops(t *dataset.Table, r Roles, weights map[string]float64, keys []uint64, tops ...float64) ([]*BestGroup, error) {
	for _, top := range tops {
		if !(top > 0 && top < 1) {
			return nil, fmt.Errorf("top share %v must be between 0 and 1 (e.g. 0.2 for the top 20%%)", top)
		}
	}
	n := t.Rows
	g := &BestGroup{
		Composite: make([]float64, n),
		Analysed:  make([]bool, n),
		Best:      make([]bool, n),
	}
	type used struct {
		name  string
		vals  []float64
		w     float64
		ranks []float64
	}
	var outs []used
	for _, o := range outcomeOrder {
		col := r.Outcome(o)
		if col == "" {
			continue
		}
		w, ok := weights[o]
		if !ok {
			w = 1
		}
		if w < 0 || math.IsNaN(w) {
			return nil, fmt.Errorf("weight for %s is %v; weights must be zero or positive", o, w)
		}
		if math.IsInf(w, 1) {
			return nil, fmt.Errorf("weight for %s is infinite; give a finite number, e.g. %s=10", o, o)
		}
		c := t.Column(col)
		if c == nil {
			return nil, fmt.Errorf("%s column %q is not in %s", o, col, t.Path)
		}
		vals := outcomeValues(c, o)
		if o == OutcomeCycle {
			// A sales cycle of zero or fewer days is a data error (a close date before or
			// on the create date, as HubSpot's default close date produces): not a fast deal.
			bad, first := 0, -1
			for i, v := range vals {
				if v >= 0 { // oriented: v = −days
					if first < 0 {
						first = i
					}
					vals[i] = math.NaN()
					bad++
				}
			}
			if bad > 0 {
				line := first + 2
				if first < len(t.Line) {
					line = t.Line[first]
				}
				g.CycleNote = fmt.Sprintf("%s customers have a sales cycle of zero or fewer days in %q (first at line %d); their cycle was left out as a data error", profile.FormatCount(bad), col, line)
			}
		}
		if o == OutcomeLTV && r.Tenure.Column != "" && (r.Tenure.MinMonths > 0 || r.Tenure.PerMonth) {
			adj, note, err := adjustLTV(t, r, vals)
			if err != nil {
				return nil, err
			}
			vals, g.TenureNote = adj, note
		}
		outs = append(outs, used{name: o, vals: vals, w: w})
		g.Outcomes = append(g.Outcomes, OutcomeSummary{Name: o, Column: col, Weight: w, HigherIsBetter: o != OutcomeCycle && o != OutcomeChurn})
	}
	for k := range weights {
		if !slices.Contains(outcomeOrder, k) {
			return nil, fmt.Errorf("weight for unknown outcome %q; use ltv, cycle, churn or nps", k)
		}
	}
	// The percentile ranks (a sort each) are independent: compute them concurrently,
	// then add them up in outcome order, so the sums are exactly those of one by one.
	// At most one sort per core at a time: each holds two buffers of 16 bytes per
	// customer, and four at once would be the largest transient of the run.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for j := range outs {
		if outs[j].w != 0 {
			wg.Go(func() {
				sem <- struct{}{}
				outs[j].ranks = stats.PercentileRanks(outs[j].vals)
				<-sem
			})
		}
	}
	wg.Wait()
	known := make([]bool, n) // the row has at least one outcome that counts
	for j := range outs {
		for i, p := range outs[j].ranks {
			known[i] = known[i] || !math.IsNaN(p)
		}
	}
	rk, ws := make([][]float64, len(outs)), make([]float64, len(outs))
	for j := range outs {
		rk[j], ws[j] = outs[j].ranks, outs[j].w
	}
	g.ImputeNote = impute(rk, ws, known, keys)
	sumW := make([]float64, n)
	for j := range outs {
		o := &outs[j]
		for i, p := range o.ranks {
			if !math.IsNaN(p) {
				g.Composite[i] += o.w * p
				sumW[i] += o.w
			}
		}
		o.ranks = nil
	}
	sorted := make([]float64, 0, n) // the analysed rows' composites (partly sorted below)
	for i := range n {
		if known[i] && sumW[i] > 0 {
			g.Composite[i] /= sumW[i]
			g.Analysed[i] = true
			sorted = append(sorted, g.Composite[i])
		} else {
			g.Composite[i] = math.NaN()
		}
	}
	g.N = len(sorted)
	if g.N == 0 {
		msg := "no row has a value in any outcome column (or every weight is zero)"
		if g.TenureNote != "" {
			msg += "; " + g.TenureNote + "; try --min-tenure 0 or --tenure none"
		}
		return nil, fmt.Errorf("%s", msg)
	}
	// The top group is every composite above the k-th highest, with or without the
	// block tied at it: only that value is needed, not an order of the rows.
	ks := make([]int, len(tops))
	var ranks []int // ascending positions of the k-th highest values
	for i, top := range tops {
		ks[i] = max(1, min(int(math.Round(top*float64(g.N))), g.N))
		ranks = append(ranks, g.N-ks[i])
	}
	slices.Sort(ranks)
	stats.SelectRanks(sorted, slices.Compact(ranks))
	groups := make([]*BestGroup, len(tops))
	for gi, k := range ks {
		g := g
		if gi > 0 {
			g = &BestGroup{Composite: g.Composite, Analysed: g.Analysed, Best: make([]bool, n), N: g.N,
				TenureNote: g.TenureNote, CycleNote: g.CycleNote, ImputeNote: g.ImputeNote, Outcomes: slices.Clone(g.Outcomes)}
		}
		selectByValue(g, sorted[len(sorted)-k], k)
		for j, o := range outs {
			var sb, nb, sr, nr float64
			for i, v := range o.vals {
				if !g.Analysed[i] || math.IsNaN(v) {
					continue
				}
				raw := v
				switch o.name {
				case OutcomeCycle:
					raw = -v
				case OutcomeChurn:
					raw = 1 - v
				}
				if g.Best[i] {
					sb += raw
					nb++
				} else {
					sr += raw
					nr++
				}
			}
			g.Outcomes[j].Known = int(nb + nr)
			g.Outcomes[j].BestMean = sb / nb
			g.Outcomes[j].RestMean = sr / nr
		}
		groups[gi] = g
	}
	return groups, nil
}

// cut decides how many rows are best when the k-th highest composite is shared by tied
// rows of which above rank higher, and returns the tie note ("" when the tied block
// does not straddle the cut).
func cut(k, above, tied int) (take int, note string) {
	if above+tied == k || above == k {
		return k, ""
	}
	// The tied block straddles the cut.
	if above == 0 || abs(above+tied-k) <= abs(above-k) {
		take = above + tied
		return take, fmt.Sprintf("%s customers share the score at the cut; all were counted as best (%s instead of %s)", profile.FormatCount(tied), profile.FormatCount(take), profile.FormatCount(k))
	}
	return above, fmt.Sprintf("%s customers share the score at the cut; none were counted as best (%s instead of %s)", profile.FormatCount(tied), profile.FormatCount(above), profile.FormatCount(k))
}

// selectByValue marks the best k rows (see cut) given thr, the k-th highest of the
// analysed composites (all finite: weights are finite and percentiles lie in (0, 1)).
// The result is that of sorting the rows by composite, highest first, and taking a
// prefix.
func selectByValue(g *BestGroup, thr float64, k int) {
	above, tied, next := 0, 0, math.Inf(1) // next: the lowest composite above thr
	for _, c := range g.Composite {
		switch {
		case c > thr:
			above++
			next = min(next, c)
		case c == thr:
			tied++
		}
	}
	take, note := cut(k, above, tied)
	// At most k-1 composites exceed the k-th highest, so take is either above+tied
	// (the tied block in) or above (out, and then above > 0).
	withTies := take == above+tied
	g.Tied, g.TieNote, g.B = tied, note, take
	if abs(take-k)*4 > k {
		g.TieWarning = fmt.Sprintf("the outcomes cannot separate the top %.0f%%: %s customers (%.0f%%) share the same score at the cut, so the best group holds %s customers (%.1f%%) instead of %s; define best customers another way: --best COL=VALUE with a column that marks them (plan, expansion, renewal), or add outcomes that vary within the tie (--ltv, --nps, --cycle)",
			100*float64(k)/float64(g.N), profile.FormatCount(tied), 100*float64(tied)/float64(g.N), profile.FormatCount(take), 100*float64(take)/float64(g.N), profile.FormatCount(k))
	}
	g.Threshold = thr
	if !withTies {
		g.Threshold = next
	}
	for i, c := range g.Composite {
		g.Best[i] = c > thr || withTies && c == thr // false for NaN (rows not analysed)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// impute fills in, for customers who lack some outcome but have another, the
// percentile rank of each missing outcome (ranks[j][i], NaN when missing; only
// outcomes with a weight above zero count) from a donor: a customer with every outcome
// whose ranks on the outcomes the recipient has are closest (by their weighted mean),
// drawn among the 10 nearest by the rows' keys (donors: a keyed sample of about 50,000
// at most). So a missing outcome neither helps nor
// hurts: a customer is as likely to be best as the complete customers alike on what is
// known, instead of being ranked on fewer outcomes (which pulls the composite toward
// the middle, away from the top). It returns a note for the reader ("" when nothing
// was imputed or no customer has every outcome).
func impute(ranks [][]float64, w []float64, known []bool, keys []uint64) string {
	n := len(known)
	mask := make([]uint32, n) // bit j set: outcome j missing
	full := uint32(0)
	for j := range ranks {
		if w[j] == 0 || ranks[j] == nil {
			continue
		}
		full |= 1 << j
		for i, p := range ranks[j] {
			if math.IsNaN(p) {
				mask[i] |= 1 << j
			}
		}
	}
	var donors []int
	byMask := map[uint32][]int{}
	complete := 0
	for i := range n {
		if known[i] && mask[i] == 0 {
			complete++
		}
	}
	// At most about maxDonors donors, a keyed sample: enough to find ten close ones.
	const maxDonors = 50_000
	every := uint64(max(1, complete/maxDonors))
	for i := range n {
		switch {
		case !known[i]:
		case mask[i] == 0:
			if every == 1 || draw(keys[i], 0, 0xd0)%every == 0 {
				donors = append(donors, i)
			}
		case mask[i] != full:
			byMask[mask[i]] = append(byMask[mask[i]], i)
		}
	}
	if len(donors) == 0 || len(byMask) == 0 {
		return ""
	}
	masks := make([]uint32, 0, len(byMask))
	for m := range byMask {
		masks = append(masks, m)
	}
	slices.Sort(masks)
	imputed := 0
	const window = 5
	for _, m := range masks {
		// The weighted mean rank on the outcomes this pattern has.
		pos := func(i int) float64 {
			var s, sw float64
			for j := range ranks {
				if full&(1<<j) != 0 && m&(1<<j) == 0 {
					s += w[j] * ranks[j][i]
					sw += w[j]
				}
			}
			return s / sw
		}
		type donor struct {
			pos float64
			key uint64
			row int
		}
		ds := make([]donor, len(donors))
		for k, i := range donors {
			ds[k] = donor{pos(i), keys[i], i}
		}
		// Order by position, then key: independent of the rows' order in the file.
		slices.SortFunc(ds, func(x, y donor) int {
			if c := cmp.Compare(x.pos, y.pos); c != 0 {
				return c
			}
			return cmp.Compare(x.key, y.key)
		})
		for _, i := range byMask[m] {
			p := pos(i)
			at, _ := slices.BinarySearchFunc(ds, p, func(d donor, p float64) int { return cmp.Compare(d.pos, p) })
			lo, hi := max(0, at-window), min(len(ds), at+window)
			d := ds[lo+int(draw(keys[i], uint64(m), 0x1d0)%uint64(hi-lo))].row
			for j := range ranks {
				if m&(1<<j) != 0 {
					ranks[j][i] = ranks[j][d]
				}
			}
			imputed++
		}
	}
	return fmt.Sprintf("%s %s an outcome that others have; each missing rank was taken from a customer with every outcome and alike on the outcomes known (one of the 10 nearest), so a missing outcome neither helps nor hurts", profile.FormatCount(imputed), profile.Plural(imputed, "customer lacks", "customers lack"))
}
