package analysis

import (
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/bitset"
	"github.com/icp-dev/icp/profile"
)

// Condition kinds in Stat.Kind.
const (
	KindValue   = "value"   // one categorical value
	KindSet     = "set"     // a set of categorical values grown greedily
	KindRange   = "range"   // a numeric range
	KindItem    = "item"    // one item of a multi-valued list
	KindMissing = "missing" // the attribute is blank (reported, never a criterion)
)

// MissingValue is the value under which blank cells appear in conditions.
const MissingValue = "(missing)"

// Stat is one condition tested against the best-customer flag, with its evidence.
//
// Counts are over analysed customers: N rows of which B are best; the condition matches
// n rows of which b are best. Lift = (b/n)/(B/N). LiftLow/LiftHigh divide the Wilson 95%
// interval of b/n by B/N. PUp is the one-sided Fisher exact p for over-representation,
// PLow for under-representation; QUp and QLow are Benjamini–Hochberg q-values over the
// whole family of one-sided tests the search ran (see Result.Tests).
type Stat struct {
	Condition profile.Condition `json:"condition"`
	Display   string            `json:"display"` // the condition in words, with display spellings
	Kind      string            `json:"kind"`

	N         int     `json:"n"`
	B         int     `json:"best"`
	BestShare float64 `json:"best_share"`
	AllShare  float64 `json:"all_share"`
	Rate      float64 `json:"best_rate"` // b/n
	Lift      float64 `json:"lift"`
	LiftLow   float64 `json:"lift_low"`
	LiftHigh  float64 `json:"lift_high"`
	PUp       float64 `json:"p_over"`
	PLow      float64 `json:"p_under"`
	// PUpAdj and PLowAdj are PUp and PLow adjusted for the search over the attribute's
	// conditions (see analyzer.correct); PChurnAdj likewise for PChurn.
	PUpAdj    float64 `json:"p_over_adjusted"`
	PLowAdj   float64 `json:"p_under_adjusted"`
	PChurnAdj float64 `json:"p_churn_adjusted,omitempty"`
	QUp       float64 `json:"q_over"`
	QLow      float64 `json:"q_under"`
	Quality   float64 `json:"quality"` // sqrt(n)·(b/n − B/N), Klösgen's binomial quality

	ChurnKnown int     `json:"churn_known,omitempty"`
	Churned    int     `json:"churned,omitempty"`
	ChurnRate  float64 `json:"churn_rate,omitempty"`
	ChurnLift  float64 `json:"churn_lift,omitempty"`
	PChurn     float64 `json:"p_churn,omitempty"`
	QChurn     float64 `json:"q_churn,omitempty"`

	Role string `json:"role,omitempty"` // criterion, negative trait, disqualifier, alternative, or ""
	// InSegment marks a criterion that is part of the sweet-spot segment.
	InSegment bool `json:"in_segment,omitempty"`

	attr int    // index into analyzer.attrs
	bins []bool // partition attributes: which bins match
	fine bool   // numeric: bins index the attribute's fine cut points
	item int    // multi attributes: item code
}

// attr is a column prepared for the condition search.
type attr struct {
	col     *dataset.Column
	multi   bool
	bin     binCol   // per table row (partition attributes)
	nbins   int      // including the missing bin, which is last
	labels  []string // per bin except missing: folded value (categorical/boolean)
	display []string // per bin except missing: display spelling
	cuts    []float64
	numeric bool
	fine    []float64 // numeric: finer cut points (segment search), see fineCuts
	fineBin binCol    // numeric: per row, bin of fine (missing last)
	fineN   []int     // numeric: analysed customers per fine bin (see binCounts)
	// counts per bin (partition) or per item (multi; the last entry is "missing")
	n, b, cn, cc []int
	rare         int     // categorical levels too rare to stand alone
	sets         []int32 // the levels of the value sets tested, see growSets

	// Search-adjusted attribute-level evidence (see analyzer.correct).
	size          searchSize // effective number of tests of the search, per direction
	qOver, qUnder float64    // q of the attribute's smallest adjusted p, across attributes
	fam           [6]float64 // smallest adjusted p and its q: over, under, churn
}

// counts over analysed rows
type totals struct{ N, B, CN, CC int }

func (a *analyzer) prepare(c *dataset.Column) *attr {
	at := &attr{col: c}
	rows := a.t.Rows
	if m := a.sh.attrs[c.Name]; !a.measure && m != nil && !m.multi && !m.bin.empty() {
		// A sub-analysis of validation: the main run's bins, gathered for these rows,
		// or shared (read-only) when it sees every row (the other cut-offs).
		*at = attr{col: c, nbins: m.nbins, labels: m.labels, display: m.display, cuts: m.cuts, numeric: m.numeric, fine: m.fine}
		switch {
		case a.rows == nil:
			at.bin, at.fineBin = m.bin, m.fineBin
		case m.numeric:
			at.bin, at.fineBin = m.bin.gather(a.rows), m.fineBin.gather(a.rows)
		default:
			at.bin = m.bin.gather(a.rows)
		}
		at.n, at.b, at.cn, at.cc = make([]int, at.nbins), make([]int, at.nbins), make([]int, at.nbins), make([]int, at.nbins)
		at.count(a)
		return at
	}
	switch c.Kind {
	case dataset.Categorical:
		// Bins follow the values' alphabetical order, not their first appearance in
		// the file, so the same customers in another order give the same search.
		L := len(c.Levels)
		order := make([]int, L)
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(x, y int) int { return strings.Compare(c.Levels[x], c.Levels[y]) })
		rank := make([]uint16, L)
		at.labels, at.display = make([]string, L), make([]string, L)
		for r, code := range order {
			rank[code] = uint16(r)
			at.labels[r], at.display[r] = c.Levels[code], c.Display[code]
		}
		at.nbins = L + 1
		at.bin = newBinCol(rows, at.nbins)
		for i, code := range c.Codes {
			if code < 0 {
				at.bin.set(i, L)
			} else {
				at.bin.set(i, int(rank[code]))
			}
		}
	case dataset.Boolean:
		at.nbins = 3
		at.bin = newBinCol(rows, at.nbins)
		for i, v := range c.Num {
			switch {
			case math.IsNaN(v):
				at.bin.set(i, 2)
			case v != 0:
				at.bin.set(i, 1)
			}
		}
		at.labels = []string{"false", "true"}
		at.display = []string{"false", "true"}
	case dataset.Numeric:
		at.numeric = true
		cuts, ok := a.sh.cuts[c.Name] // (the main run stores them, see analyse)
		if !ok {
			cuts = [2][]float64{a.cutPoints(c.Num), a.fineCuts(c.Num)}
		}
		at.cuts = cuts[0]
		k := len(at.cuts)
		at.nbins = k + 2
		at.bin = newBinCol(rows, at.nbins)
		at.bin.fillNumeric(at.cuts, c.Num)
		// Finer cut points for the segment search, where a band inside a segment
		// may need bounds the coarse grid lacks (300, 2,500).
		at.fine = cuts[1]
		at.fineBin = newBinCol(rows, len(at.fine)+2)
		at.fineBin.fillNumeric(at.fine, c.Num)
	case dataset.Multi:
		at.multi = true
		at.nbins = len(c.Levels) + 1
		at.labels = c.Levels
		at.display = c.Display
	default:
		return nil
	}
	at.n = make([]int, at.nbins)
	at.b = make([]int, at.nbins)
	at.cn = make([]int, at.nbins)
	at.cc = make([]int, at.nbins)
	if at.multi {
		miss := at.nbins - 1
		for i := range rows {
			if !a.g.Analysed[i] {
				continue
			}
			lo, hi := c.ItemOffsets[i], c.ItemOffsets[i+1]
			if lo == hi {
				if c.MultiMissing == nil || c.MultiMissing[i] {
					at.add(miss, a, i)
				}
				continue
			}
			for _, it := range c.ItemCodes[lo:hi] {
				at.add(int(it), a, i)
			}
		}
		return at
	}
	at.count(a)
	return at
}

// count fills the counts of a partition attribute from its bins (see add).
func (at *attr) count(a *analyzer) {
	at.bin.count(a.g.Analysed, a.g.Best, a.churn, at.n, at.b, at.cn, at.cc)
}

// b2i is 1 for true and 0 for false (compiled without a branch).
func b2i(x bool) int {
	if x {
		return 1
	}
	return 0
}

func (at *attr) add(bin int, a *analyzer, i int) {
	at.n[bin]++
	if a.g.Best[i] {
		at.b[bin]++
	}
	if a.churn != nil && !math.IsNaN(a.churn[i]) {
		at.cn[bin]++
		if a.churn[i] == 1 {
			at.cc[bin]++
		}
	}
}

// cutPoints proposes range boundaries for a numeric column: the 5%, 10%, …, 95%
// quantiles of the analysed values (from a keyed sample of about 20,000 at most),
// snapped to numbers a person would write (1–2–5 series: 50, 100, 200, 500, …). When
// snapping merges too many quantiles (narrow columns such as years), it falls back to
// two, then three significant figures, then the raw quantiles. Columns with at most 20
// distinct values use the values themselves.
func (a *analyzer) cutPoints(v []float64) []float64 {
	step := uint64(max(1, a.g.N/20000))
	sample := make([]float64, 0, min(a.g.N, 20001))
	for i, x := range v {
		if !a.g.Analysed[i] || math.IsNaN(x) {
			continue
		}
		// A keyed sample (see rowKeys), not every step-th row: the same customers in
		// another order give the same cut points.
		if step == 1 || draw(a.keys[i], 0, 0xc07)%step == 0 {
			sample = append(sample, x)
		}
	}
	if len(sample) < 2 {
		return nil
	}
	if distinct := distinctUpTo(sample, 20); distinct != nil {
		slices.Sort(distinct)
		return distinct[1:] // x ≥ v for each value but the smallest
	}
	lo, hi := sample[0], sample[0]
	for _, x := range sample {
		lo, hi = min(lo, x), max(hi, x)
	}
	// The quantiles are order statistics of the sample: select them rather than sort it.
	pos := make([]int, 19)
	for k := range pos {
		pos[k] = int(math.Round(float64(k+1) / 20 * float64(len(sample)-1)))
	}
	stats.SelectRanks(sample, slices.Compact(slices.Clone(pos)))
	var qs []float64
	for _, p := range pos {
		qs = append(qs, sample[p])
	}
	qs = slices.Compact(qs)
	target := min(6, len(qs))
	valid := func(cs []float64) []float64 {
		out := cs[:0]
		for _, c := range cs {
			if c > lo && c <= hi {
				out = append(out, c)
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	snap := func(f func(float64) float64) []float64 {
		cs := make([]float64, len(qs))
		for i, q := range qs {
			cs[i] = f(q)
		}
		return valid(cs)
	}
	if cs := snap(func(x float64) float64 { return stats.NiceNumber(x, 0) }); len(cs) >= target {
		return cs
	}
	for _, sig := range []int{2, 3} {
		if cs := snap(func(x float64) float64 { return stats.RoundSig(x, sig) }); len(cs) >= target {
			return cs
		}
	}
	return valid(slices.Clone(qs))
}

// distinctUpTo returns the distinct values of x (in order of first appearance) when
// there are at most most of them, and nil otherwise.
func distinctUpTo(x []float64, most int) []float64 {
	var d []float64
	for _, v := range x {
		if !slices.Contains(d, v) {
			if len(d) == most {
				return nil
			}
			d = append(d, v)
		}
	}
	return d
}

// stat fills the evidence of a condition from its counts.
func (a *analyzer) stat(s *Stat, n, b, cn, cc int) {
	T := a.tot
	derive(s, T, n, b)
	// Both tails from one sum, as evaluate computes a record's: a record and a Stat of
	// one condition agree to the bit.
	s.PUp, s.PLow = stats.HypergeomTails(b, n, T.B, T.N)
	s.PChurn = math.NaN()
	if a.churn != nil && T.CN > 0 && cn > 0 {
		churn(s, T, cn, cc)
		s.PChurn = stats.HypergeomUpper(cc, cn, T.CC, T.CN)
	}
}

// conditions enumerates and evaluates every condition on one attribute, as records
// (see condTable; a value set's levels go to at.sets). Conditions matching fewer than
// minSupport rows are not tested (the filter does not look at the outcome, so it does
// not bias the tests that remain); skipped counts them.
func (a *analyzer) conditions(ai int, at *attr) (out []condRec, skipped int) {
	miss := at.nbins - 1
	// Validation's re-runs may bound a churn p they cannot use (see evaluate).
	boundChurn := !a.measure && !a.opt.eagerAdjust && a.space(at) >= 2
	emit := func(kind condKind, lo, hi, n, b, cn, cc int) {
		if n < a.minSupport {
			skipped++
			return
		}
		r := condRec{kind: kind, attr: int32(ai), lo: int32(lo), hi: int32(hi),
			n: int32(n), b: int32(b), cn: int32(cn), cc: int32(cc)}
		a.evaluate(&r, boundChurn)
		out = append(out, r)
	}
	// Missing values, reported for information.
	if at.n[miss] > 0 {
		emit(kindMissing, miss, miss, at.n[miss], at.b[miss], at.cn[miss], at.cc[miss])
	}
	switch {
	case at.multi:
		for it := range miss {
			emit(kindItem, it, it, at.n[it], at.b[it], at.cn[it], at.cc[it])
		}
	case at.numeric:
		// Every range of bins i…j but the whole line (k(k+3)/2 ranges), its counts
		// running sums over j.
		k := len(at.cuts)
		for i := 0; i <= k; i++ {
			n, b, cn, cc := 0, 0, 0, 0
			for j := i; j <= k; j++ {
				n, b, cn, cc = n+at.n[j], b+at.b[j], cn+at.cn[j], cc+at.cc[j]
				if i == 0 && j == k {
					continue
				}
				emit(kindRange, i, j, n, b, cn, cc)
			}
		}
	default:
		eligible := a.eligible(at)
		for lv := range miss {
			if at.n[lv] > 0 && !slices.Contains(eligible, lv) {
				at.rare++
			}
		}
		for _, lv := range eligible {
			emit(kindValue, lv, lv, at.n[lv], at.b[lv], at.cn[lv], at.cc[lv])
		}
		if len(eligible) > 2 {
			out = append(out, a.growSets(ai, at, eligible, &skipped, boundChurn)...)
		}
	}
	return out, skipped
}

// eligible lists the levels of a categorical attribute common enough to be tested on
// their own (at least max(5, N/500) customers), in bin order.
func (a *analyzer) eligible(at *attr) []int {
	minLevel := max(5, a.tot.N/500)
	var out []int
	for lv := range at.nbins - 1 {
		if at.n[lv] >= minLevel {
			out = append(out, lv)
		}
	}
	return out
}

// grow builds value sets greedily from the best counts b per bin: start from the
// value with the highest binomial quality, then repeatedly add the value that raises
// the set's quality most, stopping when no value raises it. visit is called with every
// set evaluated along the way (members in the order added; n and bb its customers and
// best customers), not only the winners. Ties go to the earlier bin, and bins are in
// the canonical order of the values, so the sets do not depend on the file's row order.
func (a *analyzer) grow(at *attr, eligible []int, b []int, visit func(members []int, n, bb int)) {
	base := float64(a.tot.B) / float64(a.tot.N)
	quality := func(n, bb int) float64 {
		if n == 0 {
			return math.Inf(-1)
		}
		return math.Sqrt(float64(n)) * (float64(bb)/float64(n) - base)
	}
	start, bestQ := -1, 0.0
	for _, lv := range eligible {
		if q := quality(at.n[lv], b[lv]); q > bestQ {
			start, bestQ = lv, q
		}
	}
	if start < 0 {
		return
	}
	in := make([]bool, at.nbins)
	in[start] = true
	members := []int{start}
	n, bb := at.n[start], b[start]
	for len(members) < len(eligible)-1 {
		add, addQ := -1, bestQ
		for _, lv := range eligible {
			if in[lv] {
				continue
			}
			nn, nb := n+at.n[lv], bb+b[lv]
			visit(append(members, lv), nn, nb)
			if q := quality(nn, nb); q > addQ {
				add, addQ = lv, q
			}
		}
		if add < 0 {
			break
		}
		in[add] = true
		members = append(members, add)
		n, bb = n+at.n[add], bb+b[add]
		bestQ = addQ
	}
}

// growSets returns the value sets grow evaluates on the observed counts (each enters
// the multiple-testing family), their levels sorted into at.sets; sets below the
// minimum support are counted in skipped.
func (a *analyzer) growSets(ai int, at *attr, eligible []int, skipped *int, boundChurn bool) []condRec {
	var out []condRec
	a.grow(at, eligible, at.b, func(members []int, n, b int) {
		if n < a.minSupport {
			*skipped++
			return
		}
		lo := len(at.sets)
		cn, cc := 0, 0
		for _, lv := range members {
			cn, cc = cn+at.cn[lv], cc+at.cc[lv]
			at.sets = append(at.sets, int32(lv))
		}
		slices.Sort(at.sets[lo:]) // level order = first appearance in the file
		r := condRec{kind: kindSet, attr: int32(ai), lo: int32(lo), hi: int32(len(at.sets)),
			n: int32(n), b: int32(b), cn: int32(cn), cc: int32(cc)}
		a.evaluate(&r, boundChurn)
		out = append(out, r)
	})
	return out
}

func (a *analyzer) setStat(ai int, at *attr, members []int) *Stat {
	sorted := slices.Clone(members)
	slices.Sort(sorted) // level order = first appearance in the file
	mask := make([]bool, at.nbins)
	vals := make([]string, len(sorted))
	for i, lv := range sorted {
		mask[lv] = true
		vals[i] = at.labels[lv]
	}
	return &Stat{Kind: KindSet, attr: ai, bins: mask,
		Condition: profile.Condition{Attribute: at.col.Name, Op: profile.OpIn, Values: vals},
		Display:   conditionWords(kindSet, at.col.Name, at.display, sorted)}
}

// hasItem reports whether row i of a list attribute holds item (the last item index
// stands for "missing": no items, and a blank cell rather than an empty list).
func (at *attr) hasItem(i, item int) bool {
	c := at.col
	lo, hi := c.ItemOffsets[i], c.ItemOffsets[i+1]
	if item == at.nbins-1 {
		return lo == hi && (c.MultiMissing == nil || c.MultiMissing[i])
	}
	return slices.Contains(c.ItemCodes[lo:hi], int32(item))
}

// bits returns the rows matching s (analysed rows only) as bits, computed once per
// condition. The set is shared: callers must not modify it.
func (a *analyzer) bits(s *Stat) bitset.Set {
	a.cacheMu.Lock()
	m, ok := a.bitsets[s]
	a.cacheMu.Unlock()
	if ok {
		return m
	}
	m = a.matchBits(s)
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	if prev, ok := a.bitsets[s]; ok { // computed meanwhile by another seed: the same rows
		return prev
	}
	if a.bitsets == nil {
		a.bitsets = map[*Stat]bitset.Set{}
	}
	a.bitsets[s] = m
	return m
}

// matchBits computes the rows matching s (analysed rows only): for a partition
// attribute a word of 64 rows at a time from the bins, without a branch per row; for a
// list attribute row by row.
func (a *analyzer) matchBits(s *Stat) bitset.Set {
	at := a.attrs[s.attr]
	n := a.t.Rows
	m := bitset.New(n)
	if at.multi {
		for i := range n {
			if at.hasItem(i, s.item) {
				m.Add(i)
			}
		}
		return m.And(a.analysedSet)
	}
	bins := at.bin
	if s.fine {
		bins = at.fineBin
	}
	bins.match(s.bins, m, a.analysedSet, n)
	return m
}

// fineCuts proposes the finer range boundaries of a numeric column used inside
// segments: the 2.5%, 5%, …, 97.5% quantiles of a keyed sample of the analysed values
// rounded to two significant figures (300, 2,500, 0.45), without duplicates.
func (a *analyzer) fineCuts(v []float64) []float64 {
	step := uint64(max(1, a.g.N/20000))
	var sample []float64
	for i, x := range v {
		if a.g.Analysed[i] && !math.IsNaN(x) && (step == 1 || draw(a.keys[i], 0, 0xc07)%step == 0) {
			sample = append(sample, x)
		}
	}
	if len(sample) < 2 {
		return nil
	}
	pos := make([]int, 0, 41)
	pos = append(pos, 0)
	for k := 1; k < 40; k++ {
		pos = append(pos, int(math.Round(float64(k)/40*float64(len(sample)-1))))
	}
	pos = append(pos, len(sample)-1)
	stats.SelectRanks(sample, slices.Compact(slices.Clone(pos)))
	lo, hi := sample[0], sample[len(sample)-1]
	var cs []float64
	for k := 1; k < 40; k++ {
		c := stats.RoundSig(sample[pos[k]], 2)
		if c > lo && c <= hi {
			cs = append(cs, c)
		}
	}
	slices.Sort(cs)
	return slices.Compact(cs)
}
