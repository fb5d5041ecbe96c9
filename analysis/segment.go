package analysis

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/bitset"
	"github.com/icp-dev/icp/profile"
)

// segmentSeeds is the number of strongest single conditions the segment search starts
// from. Validation's re-runs search exactly as the main run does: with fewer seeds and
// no polishing they found a different segment than the full procedure would (on 1M
// customers of the interaction plant the resamples found the main run's segment again
// in 31% of them, against 99.5% with the full search), so the stability and held-out
// figures described another procedure than the one that made the profile.
const segmentSeeds = 4

// refinement is a condition on one attribute evaluated inside a set of rows.
type refinement struct {
	ai    int
	bins  []bool // partition attributes: bins matched
	item  int    // list attributes: the item
	n, b  int    // rows and best rows inside the current rows
	score float64
}

// countIn counts, per bin (or item), the given rows and the best rows among them.
// Numeric attributes are counted on their fine bins (see fineCuts).
func (a *analyzer) countIn(at *attr, rows []int32) (n, b []int) {
	best := a.g.Best
	if at.multi {
		n, b = make([]int, at.nbins), make([]int, at.nbins)
		c := at.col
		miss := at.nbins - 1
		for _, i := range rows {
			lo, hi := c.ItemOffsets[i], c.ItemOffsets[i+1]
			if lo == hi {
				if c.MultiMissing == nil || c.MultiMissing[i] {
					n[miss]++
					b[miss] += b2i(best[i])
				}
				continue
			}
			for _, it := range c.ItemCodes[lo:hi] {
				n[it]++
				b[it] += b2i(best[i])
			}
		}
		return n, b
	}
	bins := at.bin
	nb := at.nbins
	if at.numeric {
		bins, nb = at.fineBin, len(at.fine)+2
	}
	n, b = make([]int, nb), make([]int, nb)
	bins.countRows(rows, best, n, b)
	return n, b
}

// members lists the rows in a set, in increasing order.
func members(in bitset.Set) []int32 { return in.Members(make([]int32, 0, in.Count())) }

// bestWithin returns the condition on attribute ai that gives the rows, once
// restricted to it, the highest binomial quality sqrt(n')·(rate' − base) against the
// overall best rate, among conditions leaving at least minN rows and 10 best
// customers: values, ranges, value sets grown (as in the main search) on the counts
// inside, and list items. ok is false when none qualifies.
func (a *analyzer) bestWithin(ai int, rows []int32, minN int) (r refinement, ok bool) {
	at := a.attrs[ai]
	n, b := a.countIn(at, rows)
	base := float64(a.tot.B) / float64(a.tot.N)
	r.score = math.Inf(-1)
	consider := func(bins []bool, item, nn, bb int) {
		if nn < minN || bb < 10 {
			return
		}
		q := math.Sqrt(float64(nn)) * (float64(bb)/float64(nn) - base)
		if q > r.score {
			r = refinement{ai: ai, item: item, n: nn, b: bb, score: q}
			if bins != nil {
				r.bins = slices.Clone(bins)
			}
			ok = true
		}
	}
	miss := at.nbins - 1
	switch {
	case at.multi:
		for it := range miss {
			consider(nil, it, n[it], b[it])
		}
	case at.numeric:
		k := len(at.fine)
		mask := make([]bool, k+2)
		for i := 0; i <= k; i++ {
			nn, bb := 0, 0
			clear(mask)
			for j := i; j <= k; j++ {
				nn, bb = nn+n[j], bb+b[j]
				mask[j] = true
				if i == 0 && j == k {
					continue
				}
				consider(mask, -1, nn, bb)
			}
		}
	default:
		// Values common enough overall (the same eligibility as the main search).
		eligible := a.eligible(at)
		mask := make([]bool, at.nbins)
		for _, lv := range eligible {
			clear(mask)
			mask[lv] = true
			consider(mask, -1, n[lv], b[lv])
		}
		if len(eligible) > 2 {
			sub := &attr{n: n, nbins: at.nbins}
			a.grow(sub, eligible, b, func(members []int, nn, bb int) {
				clear(mask)
				for _, lv := range members {
					mask[lv] = true
				}
				consider(mask, -1, nn, bb)
			})
		}
	}
	if ok && !at.multi && !at.numeric {
		a.pruneSet(&r, n, b)
	}
	return r, ok
}

// pruneSet keeps of a value set only the values that belong with the strongest: the
// values, by best-customer rate (among the rows searched) from the highest, join a
// core one at a time while each one's rate is at least MinAdd times the rate of the
// rows outside the core and it (the rest), and nearer the core's rate than the
// rest's; the first that does not stops it. A value swept into a greedy set because it
// barely lowered the quality is not evidence. n and b are the counts per bin among the
// rows searched.
func (a *analyzer) pruneSet(r *refinement, n, b []int) {
	totN, totB := 0, 0
	for j := range n {
		totN, totB = totN+n[j], totB+b[j]
	}
	var vals []int
	for j, m := range r.bins {
		if m && n[j] > 0 {
			vals = append(vals, j)
		}
	}
	if len(vals) <= 1 {
		return
	}
	rate := func(j int) float64 { return float64(b[j]) / float64(n[j]) }
	slices.SortStableFunc(vals, func(x, y int) int { return cmp.Compare(rate(y), rate(x)) })
	coreN, coreB := n[vals[0]], b[vals[0]]
	keep := 1
	for _, j := range vals[1:] {
		restN, restB := totN-coreN-n[j], totB-coreB-b[j]
		if restN <= 0 {
			break
		}
		rest := float64(restB) / float64(restN)
		core := float64(coreB) / float64(coreN)
		if rate(j) < a.opt.MinAdd*rest || rate(j) < (core+rest)/2 {
			break
		}
		coreN, coreB = coreN+n[j], coreB+b[j]
		keep++
	}
	clear(r.bins)
	for _, j := range vals[:keep] {
		r.bins[j] = true
	}
	r.n, r.b = coreN, coreB
}

// condStat builds the Stat of a refinement's condition with its evidence over all
// analysed customers (the p-values adjusted as the attribute's search was).
func (a *analyzer) condStat(r refinement) *Stat {
	at := a.attrs[r.ai]
	name := at.col.Name
	var s *Stat
	switch {
	case at.multi:
		s = &Stat{Kind: KindItem, item: r.item,
			Condition: profile.Condition{Attribute: name, Op: profile.OpHas, Values: []string{at.labels[r.item]}},
			Display:   conditionWords(kindItem, name, at.display, []int{r.item})}
		a.stat(s, at.n[r.item], at.b[r.item], at.cn[r.item], at.cc[r.item])
	case at.numeric:
		lo, hi := slices.Index(r.bins, true), len(r.bins)-1
		for hi >= 0 && !r.bins[hi] {
			hi--
		}
		c := profile.Condition{Attribute: name, Op: profile.OpRange}
		if lo > 0 {
			v := at.fine[lo-1]
			c.Min = &v
		}
		if hi < len(at.fine) {
			v := at.fine[hi]
			c.Max = &v
		}
		s = &Stat{Kind: KindRange, Condition: c, Display: c.String(), bins: r.bins, fine: true, attr: r.ai}
		in := a.bits(s)
		n, b := a.count(in)
		var cn, cc int
		if a.churn != nil {
			cn, cc = bitset.AndCount(in, a.churnKnown), bitset.AndCount(in, a.churned)
		}
		a.stat(s, n, b, cn, cc)
	default:
		var members []int
		for lv, ok := range r.bins {
			if ok {
				members = append(members, lv)
			}
		}
		if len(members) == 1 {
			lv := members[0]
			s = &Stat{Kind: KindValue, bins: r.bins,
				Condition: profile.Condition{Attribute: name, Op: profile.OpIn, Values: []string{at.labels[lv]}},
				Display:   conditionWords(kindValue, name, at.display, members)}
		} else {
			s = a.setStat(r.ai, at, members)
		}
		a.fillBins(s, at)
	}
	s.attr = r.ai
	a.adjustOne(s)
	return s
}

// fillBins fills a partition condition's evidence from the attribute's bin counts.
func (a *analyzer) fillBins(s *Stat, at *attr) {
	n, b, cn, cc := 0, 0, 0, 0
	for j, m := range s.bins {
		if m {
			n, b, cn, cc = n+at.n[j], b+at.b[j], cn+at.cn[j], cc+at.cc[j]
		}
	}
	a.stat(s, n, b, cn, cc)
}

// same reports whether two conditions are the same (attribute, operator, values and
// bounds).
func same(x, y profile.Condition) bool {
	eq := func(p, q *float64) bool { return p == nil && q == nil || p != nil && q != nil && *p == *q }
	return x.Attribute == y.Attribute && x.Op == y.Op && slices.Equal(x.Values, y.Values) && eq(x.Min, y.Min) && eq(x.Max, y.Max)
}

// findSegment searches for the sweet spot: a conjunction of up to opt.Depth conditions
// on different attributes where best customers concentrate. It starts from each of
// the segmentSeeds strongest over-represented conditions (those that pass the
// search-adjusted test) and refines greedily: at each step every other attribute's
// best condition *inside* the current segment is found (values, ranges and value sets
// re-optimised on the customers inside), and the one giving the highest binomial
// quality is added if it raises the segment's quality, raises the best-customer rate
// inside the segment by at least MinAdd (the rate with it over the rate without it,
// inside the segment) and is significant there (see adds). Each part is then
// re-optimised given the others, parts whose removal lowers the rate by less than
// MinAdd are dropped, and every part left must still pass adds given the others
// (confirm). The segment with
// the highest quality wins; it needs at least max(20, 0.5% of customers) customers and
// 10 best customers. nil when no seed qualifies.
//
// A refinement that is the near-complement (phi ≤ −0.5) of a narrower
// under-represented condition on the same attribute ("business model in {B2B, B2B2C,
// marketplace}" against "= B2C") is not taken: that attribute speaks through the
// negative trait; nor one that nearly repeats a part (see repeats).
func (a *analyzer) findSegment(cands, under []*Stat) *Segment {
	o := a.opt
	minN := minSegment(a.tot.N)
	var best []*Stat
	bestQ := math.Inf(-1)
	seeds := segmentSeeds
	// Each seed's search is independent of the others': the main run grows them on all
	// cores (see forEach), and the best is chosen in seed order, as one after the
	// other would (the first of equal quality wins).
	seeds = min(seeds, len(cands))
	grown := make([][]*Stat, seeds)
	quality := make([]float64, seeds)
	a.forEach(seeds, func(k int) {
		seed := cands[k]
		parts := []*Stat{seed}
		// The segment's rows, narrowed as parts are added (its own copy: filtered in
		// place), with n and b counted from them, not from a pass over every row.
		rows := slices.Clone(a.membersOf(seed))
		for len(parts) < o.Depth {
			n, b := len(rows), 0
			for _, i := range rows {
				b += b2i(a.g.Best[i])
			}
			cur := a.qualityOf(n, b)
			used := make([]bool, len(a.attrs))
			for _, p := range parts {
				used[p.attr] = true
			}
			considered := 0
			var pick refinement
			found := false
			var rs []refinement
			for ai := range a.attrs {
				if used[ai] {
					continue
				}
				considered++
				if r, ok := a.bestWithin(ai, rows, minN); ok {
					rs = append(rs, r)
				}
			}
			// The best refinement that is neither a complement nor a repeat (checked
			// in order of score: usually only the first).
			slices.SortStableFunc(rs, func(x, y refinement) int { return cmp.Compare(y.score, x.score) })
			for _, r := range rs {
				if !a.complementOf(r, under) && !a.repeats(r, parts) {
					pick, found = r, true
					break
				}
			}
			if !found || pick.score <= cur {
				break
			}
			if !a.adds(pick.ai, pick.n, pick.b, n, b, considered) {
				break
			}
			s := a.condStat(pick)
			parts = append(parts, s)
			rows = a.keepMatching(rows, s)
		}
		parts, in := a.reoptimise(parts, minN)
		parts, _ = a.prune(parts, in)
		if parts = a.confirm(parts); parts == nil {
			return
		}
		parts = a.unproxy(parts, minN)
		grown[k], quality[k] = parts, a.qualityOf(a.countAll(parts))
	})
	for k, parts := range grown {
		if parts != nil && quality[k] > bestQ {
			best, bestQ = parts, quality[k]
		}
	}
	if best == nil {
		return nil
	}
	return a.describe(best)
}

// narrow lets chosen criteria join the sweet spot, strongest first, up to the depth
// limit: a criterion joins when, among the segment's customers, those it matches have
// a best-customer rate at least MinAdd times the segment's (the rule every part meets,
// see prune) and significantly higher than the others' (one-sided hypergeometric p,
// times the number of criteria outside the segment, below Alpha), with at least 10
// best customers left and enough customers that a random half of the validation (half
// the customers, at most 10,000) would hold on average twice the smallest segment its
// own search accepts, so that it could narrow the same way: a sweet spot the
// validation cannot find again would carry no stability.
//
// The segment search grows a segment while its binomial quality rises, and quality
// rewards size: when traits add up (each raises the rate further), it stops at two of
// them although the customers with all of them are best more often still. The sweet
// spot is the narrowest combination the data supports, so the chosen criteria that
// still add inside it join it.
func (a *analyzer) narrow(res *Result) {
	N := a.tot.N
	half := min(N/2, maxResampleRows) // a random half's customers (see validate)
	if half < 1 {
		return
	}
	// Customers a segment needs for a half to hold twice its own minimum, on average.
	minN := int(math.Ceil(float64(2*minSegment(half)) * float64(N) / float64(half)))
	parts := res.Segment.Parts
	var cands []*Stat
	for _, c := range res.Criteria {
		if !c.InSegment {
			cands = append(cands, c)
		}
	}
	tried := len(cands)
	added := false
	for len(parts) < a.opt.Depth && len(cands) > 0 {
		n, b := a.countAll(parts)
		bk, bp := -1, math.Inf(1)
		for k, c := range cands {
			n2, b2 := a.countAll(append(slices.Clip(parts), c))
			if n2 < minN || b2 < 10 || n2 >= n {
				continue
			}
			// Material as prune has every part be: the segment's rate with it at least
			// MinAdd times the rate without it.
			if float64(b2)/float64(n2) < a.opt.MinAdd*float64(b)/float64(n) {
				continue
			}
			if p := stats.HypergeomUpper(b2, n2, b, n); p*float64(tried) < a.opt.Alpha && p < bp {
				bk, bp = k, p
			}
		}
		if bk < 0 {
			break
		}
		c := cands[bk]
		c.InSegment = true
		parts = append(slices.Clip(parts), c)
		cands = slices.Delete(cands, bk, bk+1)
		added = true
	}
	if added {
		res.Segment = a.describe(parts)
	}
}

// minSegment is the fewest customers a sweet spot may hold among n analysed ones:
// max(20, 0.5% of them).
func minSegment(n int) int { return max(20, int(math.Ceil(0.005*float64(n)))) }

// MinSegment is the fewest customers the sweet spot, and a condition the segment
// search narrows to inside it, may hold among n analysed customers: max(20, 0.5%).
// Conditions tested on their own need Result.MinSupport (5% by default).
func MinSegment(n int) int { return minSegment(n) }

// adds reports whether a condition on attribute ai, matching n2 of the segment's n
// rows and b2 of its b best, adds enough: a best rate inside the condition at least
// MinAdd times the rate of the segment's other rows, and significance inside the
// segment — its one-sided hypergeometric p, adjusted for the search over the
// attribute's conditions (see adjustSearch: ranges inside a segment are searched on
// the finer cut points) and multiplied by the number of attributes the refinement was
// chosen among, below Alpha. In a sub-analysis that screened attributes out (see
// screen), those count among them too: the main run could have chosen among them.
func (a *analyzer) adds(ai, n2, b2, n, b, attrs int) bool {
	attrs += a.skipped
	if n2 >= n || n2 == 0 {
		return false
	}
	rest := float64(b-b2) / float64(n-n2)
	rate := float64(b2) / float64(n2)
	if rate < a.opt.MinAdd*rest {
		return false
	}
	p := a.adjustSearch(a.attrs[ai], stats.HypergeomUpper(b2, n2, b, n), true)
	return p*float64(max(1, attrs)) < a.opt.Alpha
}

// confirm drops, weakest first, the parts of a segment that no longer add enough given
// the others (see adds; after re-optimising and pruning the parts differ from those
// tested when they were added). A segment left with one part keeps it only if that
// condition passes the main search's test (q below Alpha for the attribute and the
// condition).
func (a *analyzer) confirm(parts []*Stat) []*Stat {
	for len(parts) > 1 {
		weak := -1
		weakP := 0.0
		n2, b2 := a.countAll(parts) // the segment: the others' rows that match p
		for k, p := range parts {
			n, b := a.countAll(slices.Delete(slices.Clone(parts), k, k+1))
			if !a.adds(p.attr, n2, b2, n, b, len(a.attrs)) {
				if q := stats.HypergeomUpper(b2, n2, b, n); q > weakP || weak < 0 {
					weak, weakP = k, q
				}
			}
		}
		if weak < 0 {
			return parts
		}
		parts = slices.Delete(parts, weak, weak+1)
	}
	if len(parts) == 1 {
		p := parts[0]
		if !(p.QUp < a.opt.Alpha && a.attrs[p.attr].qOver < a.opt.Alpha && p.Lift > 1) {
			return nil
		}
	}
	return parts
}

// reoptimise re-finds each part's best condition inside the rows matching the other
// parts (so a value set or range chosen early can narrow or widen once the others are
// known), keeping the change only if the segment's quality rises.
func (a *analyzer) reoptimise(parts []*Stat, minN int) ([]*Stat, bitset.Set) {
	in := a.matchAll(parts)
	if len(parts) < 2 {
		return parts, in
	}
	for k := range parts {
		others := a.matchAll(slices.Delete(slices.Clone(parts), k, k+1))
		r, ok := a.bestWithin(parts[k].attr, members(others), minN)
		if !ok {
			continue
		}
		if r.score > a.quality(in)+1e-9 {
			s := a.condStat(r)
			if same(s.Condition, parts[k].Condition) {
				continue
			}
			parts[k] = s
			in = a.matchAll(parts)
		}
	}
	return parts, in
}

// prune drops parts whose removal lowers the segment's best rate by less than MinAdd
// (the weakest first), so every part that stays earns its place.
func (a *analyzer) prune(parts []*Stat, in bitset.Set) ([]*Stat, bitset.Set) {
	for len(parts) > 1 {
		n, b := a.count(in)
		rate := float64(b) / float64(n)
		weak, weakRR := -1, math.Inf(1)
		for k := range parts {
			wn, wb := a.countAll(slices.Delete(slices.Clone(parts), k, k+1))
			rr := rate / (float64(wb) / float64(wn))
			if rr < a.opt.MinAdd && rr < weakRR {
				weak, weakRR = k, rr
			}
		}
		if weak < 0 {
			break
		}
		parts = slices.Delete(parts, weak, weak+1)
		in = a.matchAll(parts)
	}
	return parts, in
}

// describe fills the segment's evidence.
func (a *analyzer) describe(parts []*Stat) *Segment {
	n, b := a.countAll(parts)
	base := float64(a.tot.B) / float64(a.tot.N)
	seg := &Segment{Parts: parts, N: n, B: b, HoldoutLift: math.NaN(), HoldoutLow: math.NaN(), HoldoutHigh: math.NaN(), Stability: math.NaN()}
	var disp []string
	for _, p := range parts {
		disp = append(disp, p.Display)
	}
	seg.Display = strings.Join(disp, " AND ")
	seg.Rate = float64(b) / float64(n)
	seg.RateLow, seg.RateHigh = stats.Wilson(b, n, stats.Z95)
	seg.Lift, seg.LiftLow, seg.LiftHigh = seg.Rate/base, seg.RateLow/base, seg.RateHigh/base
	seg.BestShare = float64(b) / float64(a.tot.B)
	for k, p := range parts {
		wn, wb := a.countAll(slices.Delete(slices.Clone(parts), k, k+1))
		pa := PartAdd{Part: p, WithoutN: wn, WithoutB: wb}
		if wn > 0 {
			pa.WithoutRate = float64(wb) / float64(wn)
			pa.RateRatio = seg.Rate / pa.WithoutRate
		}
		seg.Adds = append(seg.Adds, pa)
	}
	return seg
}

// quality is the binomial quality of a set of rows against the overall best rate.
func (a *analyzer) quality(in bitset.Set) float64 { return a.qualityOf(a.count(in)) }

// qualityOf is the binomial quality of n rows of which b are best.
func (a *analyzer) qualityOf(n, b int) float64 {
	if n == 0 {
		return math.Inf(-1)
	}
	return math.Sqrt(float64(n)) * (float64(b)/float64(n) - float64(a.tot.B)/float64(a.tot.N))
}

// matchAll is the rows matching every condition (analysed rows only), as bits: a new
// set the caller may change.
func (a *analyzer) matchAll(parts []*Stat) bitset.Set {
	if len(parts) == 0 {
		return a.analysedSet.Clone()
	}
	in := a.bits(parts[0]).Clone()
	for _, p := range parts[1:] {
		in.And(a.bits(p))
	}
	return in
}

// countAll is a.count(a.matchAll(parts)) without building the rows.
func (a *analyzer) countAll(parts []*Stat) (n, b int) {
	if len(parts) == 0 {
		return a.count(a.analysedSet)
	}
	sets := make([]bitset.Set, len(parts))
	for k, p := range parts {
		sets[k] = a.bits(p)
	}
	return bitset.CountAll(sets, a.bestSet)
}

// count is the number of rows in in (analysed rows) and of the best customers among
// them.
func (a *analyzer) count(in bitset.Set) (n, b int) {
	return bitset.CountAll([]bitset.Set{in}, a.bestSet)
}

// membersOf lists the rows matching s (see bits), computed once per condition.
func (a *analyzer) membersOf(s *Stat) []int32 {
	a.cacheMu.Lock()
	m, ok := a.memb[s]
	a.cacheMu.Unlock()
	if ok {
		return m
	}
	m = members(a.bits(s))
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	if prev, ok := a.memb[s]; ok {
		return prev
	}
	if a.memb == nil {
		a.memb = map[*Stat][]int32{}
	}
	a.memb[s] = m
	return m
}

// keepMatching keeps, in place, the rows that match s (rows are analysed rows).
func (a *analyzer) keepMatching(rows []int32, s *Stat) []int32 {
	at := a.attrs[s.attr]
	out := rows[:0]
	if at.multi {
		for _, i := range rows {
			if at.hasItem(int(i), s.item) {
				out = append(out, i)
			}
		}
		return out
	}
	bins := at.bin
	if s.fine {
		bins = at.fineBin
	}
	return bins.keep(rows, s.bins)
}

// complementOf reports whether a refinement's condition is the near-complement of a
// narrower under-represented condition on the same attribute (see findSegment).
func (a *analyzer) complementOf(r refinement, under []*Stat) bool {
	for _, u := range under {
		if u.attr != r.ai {
			continue
		}
		s := a.condStat(r)
		if u.N < s.N && a.phi(s, u) <= -0.5 {
			return true
		}
	}
	return false
}

// repeats reports whether a refinement's condition nearly repeats a part already in
// the segment over all customers (phi ≥ 0.6: a sales segment cut from the employee
// count): inside the segment it would only trim the part's edges.
func (a *analyzer) repeats(r refinement, parts []*Stat) bool {
	for _, p := range parts {
		if a.phiCounts(r, p) >= 0.6 {
			return true
		}
	}
	return false
}

// unproxy replaces a segment part by a condition on another attribute that says
// nearly the same (phi ≥ 0.6 over all customers) when that condition carries more
// evidence given the part than the part carries given it (one-sided exact p of each
// inside the segment made with the other): the part was a proxy of the real driver
// (revenue standing in for head count), chosen because it fitted this sample a little
// better.
func (a *analyzer) unproxy(parts []*Stat, minN int) []*Stat {
	used := map[int]bool{}
	for _, p := range parts {
		used[p.attr] = true
	}
	for k, p := range parts {
		others := a.matchAll(slices.Delete(slices.Clone(parts), k, k+1))
		rows := members(others)
		for ai := range a.attrs {
			if used[ai] {
				continue
			}
			// No condition on the attribute can reach phi 0.6 with the part when the
			// bound says so: skip the search inside the segment (the check below
			// would reject whatever it found).
			if a.phiBound(ai, p) < 0.6-1e-9 {
				continue
			}
			r, ok := a.bestWithin(ai, rows, minN)
			if !ok || a.phiCounts(r, p) < 0.6 {
				continue
			}
			rs := a.condStat(r)
			// One-sided p of each inside the segment made with the other.
			within := func(base, x bitset.Set) float64 {
				n, b := bitset.CountAll([]bitset.Set{others, base}, a.bestSet)
				n2, b2 := bitset.CountAll([]bitset.Set{others, base, x}, a.bestSet)
				return stats.HypergeomUpper(b2, n2, b, n)
			}
			if within(a.bits(p), a.bits(rs)) < within(a.bits(rs), a.bits(p)) {
				delete(used, p.attr)
				used[ai] = true
				parts[k] = rs
				break
			}
		}
	}
	return parts
}

// phiBound is an upper bound of |phi| (over analysed customers) between a part and
// any condition on attribute ai: for a partition attribute √(χ²/N) of the table of its
// bins (fine bins for numeric ones, as the search inside a segment uses) against the
// part — a condition is a union of bins, and merging the rows of a table never raises
// Pearson's χ² (it is an f-divergence), while a 2×2 table's χ² is N·phi²; for a list
// attribute the largest |phi| of its items, exactly.
func (a *analyzer) phiBound(ai int, p *Stat) float64 {
	inP := a.countInPart(ai, p)
	return phiBoundCounts(inP, a.binCounts(a.attrs[ai]), a.tot.N, len(a.membersOf(p)), a.attrs[ai].multi)
}

// countInPart is countIn of attribute ai over the rows a part matches, cached per
// attribute and condition (see conditionKey): the seeds of the segment search share
// their parts, and the proxy and repeat checks (phiBound, phiCounts) ask for the same
// counts again.
func (a *analyzer) countInPart(ai int, p *Stat) []int {
	key := boundKey{ai, conditionKey(p.Condition)}
	a.cacheMu.Lock()
	v, ok := a.inPart[key]
	a.cacheMu.Unlock()
	if ok {
		return v
	}
	v, _ = a.countIn(a.attrs[ai], a.membersOf(p))
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	if a.inPart == nil {
		a.inPart = map[boundKey][]int{}
	}
	a.inPart[key] = v
	return v
}

// phiBoundCounts is phiBound from the counts: of the N customers, np match the part;
// all[j] fall in bin (or item) j, inP[j] of them in the part. With list (each item a
// condition of its own) it is the largest |phi| of an item; otherwise √(χ²/N) of the
// bins × part table.
func phiBoundCounts(inP, all []int, N, np int, list bool) float64 {
	n, p := float64(N), float64(np)
	if np == 0 || np == N {
		return 0
	}
	v, chi2 := 0.0, 0.0
	for j := range all {
		nr := float64(all[j])
		if nr == 0 {
			continue
		}
		if list {
			if den := math.Sqrt(nr * p * (n - nr) * (n - p)); den > 0 {
				v = max(v, math.Abs(n*float64(inP[j])-nr*p)/den)
			}
			continue
		}
		e1, e0 := nr*p/n, nr*(n-p)/n
		d := float64(inP[j]) - e1
		chi2 += d*d/e1 + d*d/e0 // the "not in p" cell differs from its expectation by −d
	}
	if list {
		return v
	}
	return math.Sqrt(chi2 / n)
}

// boundKey keys countInPart's cache: an attribute and a condition (see conditionKey).
type boundKey struct {
	ai   int
	cond string
}

// conditionKey is a condition's identity as text: attribute, operator, values and
// exact bounds.
func conditionKey(c profile.Condition) string {
	k := c.Attribute + "\x00" + c.Op + "\x00" + strings.Join(c.Values, "\x00")
	for _, b := range []*float64{c.Min, c.Max} {
		k += "\x00"
		if b != nil {
			k += strconv.FormatUint(math.Float64bits(*b), 16)
		}
	}
	return k
}

// phiCounts is the correlation (phi, over analysed customers) of a refinement's
// condition with a part, from counts per bin (see countInPart): no pass over the
// customers beyond the part's rows, once per attribute.
func (a *analyzer) phiCounts(r refinement, p *Stat) float64 {
	at := a.attrs[r.ai]
	inP := a.countInPart(r.ai, p)
	all := a.binCounts(at)
	var both, nr int
	if at.multi {
		both, nr = inP[r.item], all[r.item]
	} else {
		for j, m := range r.bins {
			if m {
				both, nr = both+inP[j], nr+all[j]
			}
		}
	}
	N, np := float64(a.tot.N), float64(len(a.membersOf(p)))
	den := math.Sqrt(float64(nr) * np * (N - float64(nr)) * (N - np))
	if den == 0 {
		return 0
	}
	return (N*float64(both) - float64(nr)*np) / den
}

// binCounts is the analysed customers per bin as countIn counts them (fine bins for
// numeric attributes), over all customers; computed once per attribute.
func (a *analyzer) binCounts(at *attr) []int {
	if !at.numeric {
		return at.n
	}
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	if at.fineN == nil {
		at.fineN = make([]int, len(at.fine)+2)
		at.fineBin.countAnalysed(a.g.Analysed, at.fineN)
	}
	return at.fineN
}
