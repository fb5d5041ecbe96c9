package analysis

import (
	"cmp"
	"iter"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/profile"
)

// condTable holds every condition a run tested, compactly: a wide file tests hundreds
// of thousands of conditions, and a Stat with its condition and words costs about
// 400 bytes where a record costs 112. A Stat is made from a record when it is read
// (see Result.Conditions); the records of conditions the analysis works with (the
// strongest per attribute, the chosen ones) keep theirs, so that roles set on a Stat
// show in lift.csv and a condition read twice is the same Stat.
type condTable struct {
	recs  []condRec
	attrs []condAttr // per attribute of the run (analyzer.attrs), what names a condition
	tot   totals
}

// condRec is one tested condition: its counts and p-values, and where in its
// attribute it lies.
type condRec struct {
	stat                       *Stat // the Stat made from the record and kept, or nil
	pUp, pLow, pChurn          float64
	pUpAdj, pLowAdj, pChurnAdj float64
	qUp, qLow, qChurn          float64
	n, b, cn, cc               int32 // counts: a table in memory holds fewer than 2³¹ rows
	attr                       int32 // index into condTable.attrs
	// lo and hi place the condition in its attribute: a range covers bins lo…hi of
	// the coarse cut points; a value, an item and "missing" are bin or item lo; a set's
	// levels are condAttr.sets[lo:hi].
	lo, hi int32
	kind   condKind
}

// condAttr is what a record needs of its attribute to be read as a Stat: a copy of
// the attribute's names and cut points, without its per-row bins.
type condAttr struct {
	name    string
	multi   bool
	nbins   int
	labels  []string
	display []string
	cuts    []float64
	sets    []int32 // the levels of the attribute's value sets, in level order
}

// condKind is Stat.Kind in a record.
type condKind uint8

const (
	kindValue condKind = iota
	kindSet
	kindRange
	kindItem
	kindMissing
)

var kindNames = [...]string{KindValue, KindSet, KindRange, KindItem, KindMissing}

func kindOf(s string) condKind {
	return condKind(slices.Index(kindNames[:], s))
}

// newCondAttr copies what names at's conditions.
func newCondAttr(at *attr) condAttr {
	return condAttr{name: at.col.Name, multi: at.multi, nbins: at.nbins, labels: at.labels, display: at.display, cuts: at.cuts, sets: at.sets}
}

// evaluate sets r's p-values from its counts (see analyzer.stat).
//
// With boundChurn (validation's re-runs, on an attribute whose churn search space is
// at least 2) a condition with at most its expected number of churned customers less
// one gets its churn p as the bound 1/2 instead of the exact tail: the hypergeometric
// is a sum of independent Bernoulli variables, whose median lies within one of the
// mean, so P(X ≥ cc) ≥ 1/2 there (TestHypergeomMedianBound checks it), and the only
// reads of a re-run's churn p — its search-adjusted value min(1, p·space), and
// whether it is below Alpha — are the same for the bound as for the exact value.
func (a *analyzer) evaluate(r *condRec, boundChurn bool) {
	T := a.tot
	n, b := int(r.n), int(r.b)
	r.pUp, r.pLow = stats.HypergeomTails(b, n, T.B, T.N)
	r.pChurn = math.NaN()
	if a.churn != nil && T.CN > 0 && r.cn > 0 {
		if boundChurn && float64(r.cc) <= math.Floor(float64(r.cn)*float64(T.CC)/float64(T.CN))-1 {
			r.pChurn = 0.5
		} else {
			r.pChurn = stats.HypergeomUpper(int(r.cc), int(r.cn), T.CC, T.CN)
		}
	}
}

// lift and quality are Stat.Lift and Stat.Quality of a record, computed as
// analyzer.stat computes them.
func (r *condRec) lift(T totals) float64 {
	if r.n == 0 {
		return 0
	}
	return (float64(r.b) / float64(r.n)) / (float64(T.B) / float64(T.N))
}

func (r *condRec) quality(T totals) float64 {
	if r.n == 0 {
		return 0
	}
	base := float64(T.B) / float64(T.N)
	return math.Sqrt(float64(r.n)) * (float64(r.b)/float64(r.n) - base)
}

// recOf is the record of a Stat made outside the grid of conditions (a value set
// pruned before it is proposed): it keeps the Stat.
func recOf(s *Stat) condRec {
	return condRec{stat: s, pUp: s.PUp, pLow: s.PLow, pChurn: s.PChurn,
		pUpAdj: s.PUpAdj, pLowAdj: s.PLowAdj, pChurnAdj: s.PChurnAdj,
		qUp: s.QUp, qLow: s.QLow, qChurn: s.QChurn,
		n: int32(s.N), b: int32(s.B), cn: int32(s.ChurnKnown), cc: int32(s.Churned),
		attr: int32(s.attr), kind: kindOf(s.Kind)}
}

// add appends a record.
func (ct *condTable) add(r condRec) { ct.recs = append(ct.recs, r) }

// stat returns record i's Stat, made and kept on first use when keep is set.
func (ct *condTable) stat(i int, keep bool) *Stat {
	r := &ct.recs[i]
	if r.stat != nil {
		return r.stat
	}
	s := ct.make(r)
	if keep {
		r.stat = s
	}
	return s
}

// make builds the Stat of a record: the condition, its words and its evidence (the
// numbers analyzer.stat derives from the counts, computed the same way).
func (ct *condTable) make(r *condRec) *Stat {
	at := &ct.attrs[r.attr]
	s := &Stat{Kind: kindNames[r.kind], attr: int(r.attr)}
	miss := at.nbins - 1
	lo, hi := int(r.lo), int(r.hi)
	switch r.kind {
	case kindMissing:
		s.Condition = profile.Condition{Attribute: at.name, Op: profile.OpIn, Values: []string{MissingValue}}
		s.item = miss
		if !at.multi {
			s.bins = make([]bool, at.nbins)
			s.bins[miss] = true
		}
	case kindItem:
		s.Condition = profile.Condition{Attribute: at.name, Op: profile.OpHas, Values: []string{at.labels[lo]}}
		s.item = lo
	case kindRange:
		s.Condition = profile.Condition{Attribute: at.name, Op: profile.OpRange}
		if lo > 0 {
			s.Condition.Min = &at.cuts[lo-1]
		}
		if hi < len(at.cuts) {
			s.Condition.Max = &at.cuts[hi]
		}
		s.bins = make([]bool, at.nbins)
		for x := lo; x <= hi; x++ {
			s.bins[x] = true
		}
	case kindValue:
		s.Condition = profile.Condition{Attribute: at.name, Op: profile.OpIn, Values: []string{at.labels[lo]}}
		s.bins = make([]bool, at.nbins)
		s.bins[lo] = true
	case kindSet:
		s.bins = make([]bool, at.nbins)
		vals := make([]string, 0, hi-lo)
		for _, lv := range at.sets[lo:hi] {
			s.bins[lv] = true
			vals = append(vals, at.labels[lv])
		}
		s.Condition = profile.Condition{Attribute: at.name, Op: profile.OpIn, Values: vals}
	}
	s.Display = ct.display(r)
	derive(s, ct.tot, int(r.n), int(r.b))
	s.PUp, s.PLow, s.PChurn = r.pUp, r.pLow, r.pChurn
	if !math.IsNaN(r.pChurn) {
		churn(s, ct.tot, int(r.cn), int(r.cc))
	}
	s.PUpAdj, s.PLowAdj, s.PChurnAdj = r.pUpAdj, r.pLowAdj, r.pChurnAdj
	s.QUp, s.QLow, s.QChurn = r.qUp, r.qLow, r.qChurn
	return s
}

// display is the condition of a record in words, with display spellings.
func (ct *condTable) display(r *condRec) string {
	if r.stat != nil {
		return r.stat.Display
	}
	at := &ct.attrs[r.attr]
	lo, hi := int(r.lo), int(r.hi)
	switch r.kind {
	case kindRange:
		c := profile.Condition{Attribute: at.name, Op: profile.OpRange}
		if lo > 0 {
			c.Min = &at.cuts[lo-1]
		}
		if hi < len(at.cuts) {
			c.Max = &at.cuts[hi]
		}
		return c.String()
	case kindSet:
		return conditionWords(r.kind, at.name, at.display, at.sets[lo:hi])
	}
	return conditionWords(r.kind, at.name, at.display, []int32{int32(lo)})
}

// conditionWords is a condition on the levels (or items) of an attribute in words,
// with display spellings: "industry = SaaS", "industry in {FinTech, SaaS}",
// "tech_stack has HubSpot", "industry is missing". Ranges read as
// profile.Condition.String does.
func conditionWords[L int | int32](kind condKind, name string, display []string, levels []L) string {
	switch kind {
	case kindMissing:
		return name + " is missing"
	case kindItem:
		return name + " has " + display[levels[0]]
	case kindValue:
		return name + " = " + display[levels[0]]
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteString(" in {")
	for i, lv := range levels {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(display[lv])
	}
	b.WriteString("}")
	return b.String()
}

// derive sets the numbers of a Stat that follow from its counts n and b.
func derive(s *Stat, T totals, n, b int) {
	s.N, s.B = n, b
	s.AllShare = float64(n) / float64(T.N)
	s.BestShare = float64(b) / float64(T.B)
	base := float64(T.B) / float64(T.N)
	if n > 0 {
		s.Rate = float64(b) / float64(n)
		s.Lift = s.Rate / base
		lo, hi := stats.Wilson(b, n, stats.Z95)
		s.LiftLow, s.LiftHigh = lo/base, hi/base
		s.Quality = math.Sqrt(float64(n)) * (s.Rate - base)
	}
}

// churn sets a Stat's churn counts and rates (not its p-value).
func churn(s *Stat, T totals, cn, cc int) {
	s.ChurnKnown, s.Churned = cn, cc
	s.ChurnRate = float64(cc) / float64(cn)
	if T.CC > 0 {
		s.ChurnLift = s.ChurnRate / (float64(T.CC) / float64(T.CN))
	}
}

// sortByEvidence orders the records by evidence (smallest q first), then by the size
// of the effect, then by display, then by position: the order of a stable sort on
// (evidence, |quality|, display). The display is built only for records tied on the
// first two keys.
func (ct *condTable) sortByEvidence() {
	type keyed struct {
		e, a float64
		pos  int
	}
	ks := make([]keyed, len(ct.recs))
	for i := range ct.recs {
		r := &ct.recs[i]
		e := min(r.qUp, r.qLow)
		if math.IsNaN(e) {
			e = math.Inf(1)
		}
		ks[i] = keyed{e, math.Abs(r.quality(ct.tot)), i}
	}
	slices.SortFunc(ks, func(x, y keyed) int {
		if c := cmp.Compare(x.e, y.e); c != 0 {
			return c
		}
		if c := cmp.Compare(y.a, x.a); c != 0 {
			return c
		}
		return cmp.Compare(x.pos, y.pos)
	})
	// Runs tied on (evidence, |quality|): by display, then position.
	for i := 0; i < len(ks); {
		j := i + 1
		for j < len(ks) && cmp.Compare(ks[j].e, ks[i].e) == 0 && cmp.Compare(ks[j].a, ks[i].a) == 0 {
			j++
		}
		if j-i > 1 {
			run := ks[i:j]
			disp := make([]string, len(run))
			idx := make([]int, len(run))
			for k := range run {
				disp[k] = ct.display(&ct.recs[run[k].pos])
				idx[k] = k
			}
			slices.SortStableFunc(idx, func(x, y int) int { return strings.Compare(disp[x], disp[y]) })
			sorted := make([]keyed, len(run))
			for k, x := range idx {
				sorted[k] = run[x]
			}
			copy(run, sorted)
		}
		i = j
	}
	out := make([]condRec, len(ct.recs))
	for i, k := range ks {
		out[i] = ct.recs[k.pos]
	}
	ct.recs = out
}

// AddCondition appends a condition to the result's list of conditions tested, kept as
// given: for a Result built outside Derive (a rendering test, a result read back).
func (res *Result) AddCondition(s *Stat) { res.conds.add(recOf(s)) }

// name is the attribute of a record.
func (ct *condTable) name(r *condRec) string {
	if r.stat != nil {
		return r.stat.Condition.Attribute
	}
	return ct.attrs[r.attr].name
}

// NumConditions returns the number of conditions tested: the rows of lift.csv.
func (res *Result) NumConditions() int { return len(res.conds.recs) }

// Conditions yields every condition tested, sorted by evidence (lift.csv's rows). The
// Stats of conditions the analysis chose (criteria, traits, alternatives) are those
// of the result; the others are made as they are read, so changing them changes
// nothing.
func (res *Result) Conditions() iter.Seq[*Stat] {
	return func(yield func(*Stat) bool) {
		for i := range res.conds.recs {
			if !yield(res.conds.stat(i, false)) {
				return
			}
		}
	}
}
