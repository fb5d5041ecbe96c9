package analysis

import (
	"hash/fnv"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mathext"

	"github.com/icp-dev/icp/analysis/stats"
)

// searchReplicates is the number of permutations of the best-customer flag used to
// measure how much searching an attribute's conditions inflates its smallest p-value.
const searchReplicates = 400

// searchSize is the measured cost of the search over one attribute (see
// analyzer.correct): per direction, the Beta(a, b) distribution fitted to the smallest
// p-value of the search under permutation, and the effective number of tests m (the
// m for which the smallest of m independent p-values has the same mean); space is the
// number of conditions the search could have chosen from (the Bonferroni bound; not
// the number it evaluated, which depends on the data: a greedy value-set search looks
// at a few hundred of 2^L sets, chosen by what it saw).
type searchSize struct {
	up, low    float64 // effective numbers of tests
	upA, upB   float64 // Beta fit of the smallest over-representation p
	lowA, lowB float64 // and of the smallest under-representation p
	space      float64
}

// adjust is p adjusted for the search in one direction: the probability that the
// smallest p of the search falls at or below p under the fitted Beta distribution,
// bounded below by p and above by Bonferroni over the search space.
func (sz searchSize) adjust(p float64, over bool) float64 {
	if math.IsNaN(p) {
		return p
	}
	a, b := sz.upA, sz.upB
	if !over {
		a, b = sz.lowA, sz.lowB
	}
	bonf := math.Min(1, p*max(1, sz.space))
	if !(a > 0 && b > 0) || p <= 0 {
		return bonf
	}
	return math.Max(p, math.Min(bonf, mathext.RegIncBeta(a, b, math.Min(p, 1))))
}

// correct turns each condition's exact p-values into p-values valid for the search
// that produced them, and the q-values into false-discovery-rate control across
// attributes:
//
//  1. Within an attribute the search picks the best of many overlapping conditions
//     (values, greedily grown value sets, ranges). Its cost is measured by permutation
//     (Westfall–Young max-statistic): the best flag is permuted over the customers
//     searchReplicates times (exactly, by drawing the best count of each value or bin
//     from the hypergeometric distribution, so the cost does not grow with the rows),
//     the same search is run on each permutation, and the smallest p of each run is
//     recorded. A Beta distribution fitted to them (method of moments) gives a
//     condition's adjusted p: the chance that the search's smallest p falls at or
//     below the condition's p when nothing is going on — the Beta's left tail, which
//     a single "effective number of tests" would understate for overlapping
//     conditions — bounded by Bonferroni over the conditions evaluated. List
//     attributes (items overlap, so they are not a partition) use Šidák over their
//     items.
//  2. Churn p-values are computed on conditions chosen for the best flag, which
//     churn helps define, so they are charged for the whole space the search could
//     have chosen from (every value set, every range): Bonferroni over it.
//  3. Each attribute and direction (over, under, churn) is one family whose evidence
//     is its smallest adjusted p; Benjamini–Yekutieli across the families gives the
//     families' q-values (valid under any dependence), and each condition's q is its
//     adjusted p scaled by its family's factor.
//
// With sizes given (sub-analyses in validation), the permutations are skipped and the
// main run's sizes are used.
func (a *analyzer) correct(res *Result) {
	recs := res.conds.recs
	byAttr := make([][]int32, len(a.attrs))
	for i := range recs {
		byAttr[recs[i].attr] = append(byAttr[recs[i].attr], int32(i))
	}
	// The permutations, per attribute on its own random stream: on all cores in the
	// main run (see forEach).
	sizes := make([]searchSize, len(a.attrs))
	measured := make([]bool, len(a.attrs))
	if a.measure {
		a.sampler() // made before the workers share it
	}
	a.forEach(len(a.attrs), func(ai int) {
		if _, ok := a.sh.sizes[a.attrs[ai].col.Name]; !ok {
			sizes[ai], measured[ai] = a.searchSize(a.attrs[ai], len(byAttr[ai])), true
		}
	})
	// The main run adjusts every condition's p (lift.csv lists them all); the re-runs
	// of validation only those they can use (see lazyAdjust).
	eager := a.measure || a.opt.eagerAdjust
	fam := make([]float64, 0, 3*len(a.attrs))
	for ai, at := range a.attrs {
		conds := byAttr[ai]
		sz := sizes[ai]
		switch {
		case !measured[ai]:
			sz = a.sh.sizes[at.col.Name]
		case a.measure:
			a.sh.sizes[at.col.Name] = sz
		}
		at.size = sz
		space := a.space(at)
		pu, pl, pc := 1.0, 1.0, math.NaN()
		iu, il := int32(-1), int32(-1) // re-runs: the records of smallest p over and under
		for _, i := range conds {
			r := &recs[i]
			if eager {
				r.pUpAdj = sz.adjust(r.pUp, true)
				r.pLowAdj = sz.adjust(r.pLow, false)
			} else {
				r.pUpAdj, r.pLowAdj = math.NaN(), math.NaN()
				if iu < 0 || r.pUp < recs[iu].pUp {
					iu = i
				}
				if il < 0 || r.pLow < recs[il].pLow {
					il = i
				}
			}
			r.pChurnAdj = math.NaN()
			if !math.IsNaN(r.pChurn) {
				r.pChurnAdj = math.Min(1, r.pChurn*space)
				if math.IsNaN(pc) {
					pc = 1
				}
				pc = math.Min(pc, r.pChurnAdj)
			}
			if eager {
				pu, pl = math.Min(pu, r.pUpAdj), math.Min(pl, r.pLowAdj)
			}
		}
		if iu >= 0 {
			// The adjustment rises with p: the family's smallest adjusted p is that of
			// its smallest p.
			recs[iu].pUpAdj, recs[il].pLowAdj = sz.adjust(recs[iu].pUp, true), sz.adjust(recs[il].pLow, false)
			pu, pl = math.Min(pu, recs[iu].pUpAdj), math.Min(pl, recs[il].pLowAdj)
		}
		if len(conds) == 0 {
			pu, pl = math.NaN(), math.NaN()
		}
		fam = append(fam, pu, pl, pc)
	}
	for range a.absent {
		fam = append(fam, 1)
	}
	q := stats.BenjaminiYekutieli(fam)
	res.Tests = 0
	for ai, at := range a.attrs {
		pu, pl, pc := fam[3*ai], fam[3*ai+1], fam[3*ai+2]
		at.fam = [6]float64{pu, q[3*ai], pl, q[3*ai+1], pc, q[3*ai+2]}
		at.qOver, at.qUnder = nan1(q[3*ai]), nan1(q[3*ai+1])
		for _, i := range byAttr[ai] {
			r := &recs[i]
			if !eager {
				r.pUpAdj = a.lazyAdjust(r.pUpAdj, r.pUp, pu, q[3*ai], at.size, true)
				r.pLowAdj = a.lazyAdjust(r.pLowAdj, r.pLow, pl, q[3*ai+1], at.size, false)
			}
			r.qUp, r.qLow, r.qChurn = familyQ(at.fam, r.pUpAdj, r.pLowAdj, r.pChurnAdj)
			res.Tests += 2
			if !math.IsNaN(r.pChurn) {
				res.Tests++
			}
		}
		res.AttributeTests = append(res.AttributeTests, AttributeTest{
			Column: at.col.Name, Tests: len(byAttr[ai]), SearchUp: at.size.up, SearchLow: at.size.low, Space: at.size.space,
			POver: nan1(pu), QOver: nan1(at.qOver), PUnder: nan1(pl), QUnder: nan1(at.qUnder),
		})
	}
}

// lazyAdjust is a re-run's adjusted p of a condition (p its exact p, adj the adjusted
// one if already computed, pf and qf its family's smallest adjusted p and q): computed
// only where the condition's q could fall below Alpha, else NaN. Validation's re-runs
// (which list no conditions) read a condition's q only to ask whether it is below
// Alpha, and adjusted p ≥ p, so a p whose q would reach Alpha even unadjusted needs no
// Beta tail; its q is then NaN, which no comparison takes for below Alpha. This spares
// most of the re-runs' Beta tails (about 10% of the time of a 10,000-customer derive).
func (a *analyzer) lazyAdjust(adj, p, pf, qf float64, sz searchSize, over bool) float64 {
	if !math.IsNaN(adj) || math.IsNaN(p) || pf > 0 && p*qf/pf >= a.opt.Alpha {
		return adj
	}
	return sz.adjust(p, over)
}

// adjustOne adjusts the p-values of a condition built after the search (a segment
// part re-optimised inside the segment) as the attribute's search was, and scales its
// q-values by the attribute's family factors.
//
// A range on the fine cut points (found inside a segment) was chosen among more ranges
// than the main search tried, which the permutations did not measure: it is charged
// Bonferroni over every fine range instead.
func (a *analyzer) adjustOne(s *Stat) {
	at := a.attrs[s.attr]
	s.PUpAdj = a.adjustSearch(at, s.PUp, true)
	s.PLowAdj = a.adjustSearch(at, s.PLow, false)
	s.PChurnAdj = math.NaN()
	if !math.IsNaN(s.PChurn) {
		s.PChurnAdj = math.Min(1, s.PChurn*max(a.space(at), fineSpace(at)))
	}
	a.scaleQ(s)
}

// adjustSearch is p adjusted for a search over the attribute's conditions: the
// measured search (searchSize.adjust), or for a numeric attribute searched on its fine
// cut points (inside a segment), Bonferroni over every fine range, whichever is larger.
func (a *analyzer) adjustSearch(at *attr, p float64, over bool) float64 {
	adj := at.size.adjust(p, over)
	if at.numeric && !math.IsNaN(p) {
		adj = math.Max(adj, math.Min(1, p*fineSpace(at)))
	}
	return adj
}

// fineSpace is the number of ranges on a numeric attribute's fine cut points (0 for
// other attributes).
func fineSpace(at *attr) float64 {
	if !at.numeric {
		return 0
	}
	k := float64(len(at.fine))
	return (k+1)*(k+2)/2 - 1
}

// scaleQ sets a condition's q-values: its adjusted p-values scaled by its attribute's
// family factors (q over p of the family's smallest p).
func (a *analyzer) scaleQ(s *Stat) {
	s.QUp, s.QLow, s.QChurn = familyQ(a.attrs[s.attr].fam, s.PUpAdj, s.PLowAdj, s.PChurnAdj)
}

// familyQ scales adjusted p-values (over, under, churn) to q-values by an attribute's
// family factors fam (see attr.fam).
func familyQ(fam [6]float64, up, low, churn float64) (qUp, qLow, qChurn float64) {
	return scale(up, fam[0], fam[1]), scale(low, fam[2], fam[3]), scale(churn, fam[4], fam[5])
}

// scale is p·qf/pf capped at 1: a condition's q from its family's smallest p and q.
func scale(p, pf, qf float64) float64 {
	switch {
	case math.IsNaN(p):
		return math.NaN()
	case pf > 0:
		return math.Min(1, p*qf/pf)
	}
	return qf
}

// nan1 is x, or 1 when x is NaN.
func nan1(x float64) float64 {
	if math.IsNaN(x) {
		return 1
	}
	return x
}

// space is the number of conditions the search on the attribute could have chosen
// from: every non-empty proper value set, every range of cut points, every item, and
// the missing condition.
func (a *analyzer) space(at *attr) float64 {
	miss := at.nbins - 1
	switch {
	case at.multi:
		return float64(miss + 1)
	case at.numeric:
		k := float64(len(at.cuts))
		return (k+1)*(k+2)/2 - 1 + 1
	}
	eligible := 0
	minLevel := max(5, a.tot.N/500)
	for lv := range miss {
		if at.n[lv] >= minLevel {
			eligible++
		}
	}
	return math.Min(math.Exp2(float64(eligible))-1, 1e300) + 1
}

// searchSize measures the effective number of tests of the attribute's search by
// permutation (see correct); evaluated is the number of conditions the search kept.
func (a *analyzer) searchSize(at *attr, evaluated int) searchSize {
	space := a.space(at)
	one := min(float64(max(1, evaluated)), space)
	bonf := searchSize{up: one, low: one, upA: 1, upB: one, lowA: 1, lowB: one, space: space}
	if evaluated <= 1 || at.multi {
		return bonf // one test, or items (not a partition): Šidák over them
	}
	h := fnv.New64a()
	h.Write([]byte(at.col.Name))
	rng := rand.New(rand.NewPCG(a.opt.Seed, h.Sum64()))
	b := make([]int, at.nbins)
	up := make([]float64, searchReplicates)
	low := make([]float64, searchReplicates)
	for r := range searchReplicates {
		left, pop := a.tot.B, a.tot.N
		for j, n := range at.n {
			b[j] = a.sampler().Sample(rng, n, left, pop)
			left -= b[j]
			pop -= n
		}
		zmax, zmin := a.extremes(at, b)
		up[r], low[r] = stats.NormalUpper(zmax), stats.NormalUpper(-zmin)
	}
	sz := bonf
	sz.up, sz.upA, sz.upB = betaFit(up, space)
	sz.low, sz.lowA, sz.lowB = betaFit(low, space)
	return sz
}

// betaFit fits Beta(a, b) to samples of a smallest p-value by the method of moments and
// returns the effective number of tests 1/mean − 1 (capped at most, at least 1) with
// it; a = 0 when the moments admit no Beta distribution.
func betaFit(p []float64, most float64) (m, a, b float64) {
	var mean, v float64
	for _, x := range p {
		mean += x
	}
	mean /= float64(len(p))
	for _, x := range p {
		v += (x - mean) * (x - mean)
	}
	v /= float64(len(p) - 1)
	m = min(most, max(1, 1/mean-1))
	if v <= 0 || mean <= 0 || mean >= 1 {
		return m, 0, 0
	}
	k := mean*(1-mean)/v - 1
	if k <= 0 {
		return m, 0, 0
	}
	return m, mean * k, (1 - mean) * k
}

// extremes runs the attribute's condition search (as conditions does) on the best
// counts b per bin and returns the largest and smallest hypergeometric z-score of the
// conditions it evaluates (−Inf and +Inf when it evaluates none).
func (a *analyzer) extremes(at *attr, b []int) (zmax, zmin float64) {
	zmax, zmin = math.Inf(-1), math.Inf(1)
	N, B := float64(a.tot.N), float64(a.tot.B)
	p0 := B / N
	eval := func(n, bb int) {
		if n < a.minSupport || n >= a.tot.N {
			return
		}
		nf := float64(n)
		v := nf * p0 * (1 - p0) * (N - nf) / (N - 1)
		if v <= 0 {
			return
		}
		z := (float64(bb) - nf*p0) / math.Sqrt(v)
		zmax, zmin = max(zmax, z), min(zmin, z)
	}
	miss := at.nbins - 1
	if at.n[miss] > 0 {
		eval(at.n[miss], b[miss])
	}
	if at.numeric {
		k := len(at.cuts)
		for i := 0; i <= k; i++ {
			n, bb := 0, 0
			for j := i; j <= k; j++ {
				n, bb = n+at.n[j], bb+b[j]
				if i == 0 && j == k {
					continue
				}
				eval(n, bb)
			}
		}
		return
	}
	eligible := a.eligible(at)
	for _, lv := range eligible {
		eval(at.n[lv], b[lv])
	}
	if len(eligible) > 2 {
		a.grow(at, eligible, b, func(members []int, n, bb int) { eval(n, bb) })
	}
	return
}

// sampler returns the analyzer's hypergeometric sampler, made on first use (the
// permutations of every attribute share its table of log factorials).
func (a *analyzer) sampler() *stats.HypergeomSampler {
	if a.hyper == nil {
		a.hyper = stats.NewHypergeomSampler(a.tot.N)
	}
	return a.hyper
}
