package analysis

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/scoring"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/bitset"
	"github.com/icp-dev/icp/profile"
)

// logistic fits an L2-penalised logistic regression of the best flag on binary
// features (the rows in x[f], over analysed rows) — log-likelihood minus ½‖β‖² on the
// feature coefficients (C = 1; the intercept is not penalised) — by Newton's method on
// the rows aggregated by feature pattern. It returns the feature coefficients.
func (a *analyzer) logistic(x []bitset.Set) []float64 {
	k := len(x)
	if k == 0 {
		return nil
	}
	type cell struct{ n, b float64 }
	cells := map[uint32]*cell{}
	for i, ok := range a.g.Analysed {
		if !ok {
			continue
		}
		var key uint32
		for f := range x {
			key |= uint32(x[f].Bit(i)) << f
		}
		c := cells[key]
		if c == nil {
			c = &cell{}
			cells[key] = c
		}
		c.n++
		if a.g.Best[i] {
			c.b++
		}
	}
	keys := make([]uint32, 0, len(cells))
	for key := range cells {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	d := k + 1 // intercept last
	beta := make([]float64, d)
	base := float64(a.tot.B) / float64(a.tot.N)
	beta[k] = math.Log(base / (1 - base))
	feat := func(key uint32, f int) float64 {
		if f == k || key&(1<<f) != 0 {
			return 1
		}
		return 0
	}
	for range 50 {
		grad := make([]float64, d)
		hess := mat.NewSymDense(d, nil)
		for _, key := range keys {
			c := cells[key]
			eta := 0.0
			for f := range d {
				eta += beta[f] * feat(key, f)
			}
			p := 1 / (1 + math.Exp(-eta))
			w := c.n * p * (1 - p)
			r := c.b - c.n*p
			for f := range d {
				xf := feat(key, f)
				if xf == 0 {
					continue
				}
				grad[f] += r
				for g := f; g < d; g++ {
					if feat(key, g) != 0 {
						hess.SetSym(f, g, hess.At(f, g)+w)
					}
				}
			}
		}
		for f := range k {
			grad[f] -= beta[f]
			hess.SetSym(f, f, hess.At(f, f)+1)
		}
		var ch mat.Cholesky
		if !ch.Factorize(hess) {
			break
		}
		var step mat.VecDense
		if err := ch.SolveVecTo(&step, mat.NewVecDense(d, grad)); err != nil {
			break
		}
		moved := 0.0
		for f := range d {
			beta[f] += step.AtVec(f)
			moved = max(moved, math.Abs(step.AtVec(f)))
		}
		if moved < 1e-9 {
			break
		}
	}
	return beta[:k]
}

// points fits the scorecard: the criteria and negative traits enter one penalised
// logistic regression (see logistic), so overlapping conditions are not counted twice
// and a negative trait subtracts. The coefficients are put on one scale on which the
// criteria's positive coefficients and the negative traits' magnitudes sum to 100:
// each criterion gets its share (at least 1 point), each negative trait minus its
// share (at most −1), in whole points (largest remainder), and a customer who matches
// nothing starts from Base = the negative traits' points added up (as magnitudes). The
// fit score, Base plus the points of what a customer matches, then runs from 0 (every
// negative trait, no criterion) to 100 (every criterion, no negative trait).
func (a *analyzer) points(res *Result) {
	var x []bitset.Set
	for _, s := range res.Criteria {
		x = append(x, a.bits(s))
	}
	for _, s := range res.NegativeTraits {
		x = append(x, a.bits(s))
	}
	beta := a.logistic(x)
	k, m := len(res.Criteria), len(res.NegativeTraits)
	res.Points = make([]int, k)
	res.NegativePoints = make([]int, m)
	res.Base = 0
	if k == 0 {
		return
	}
	raw := make([]float64, k+m)
	sum := 0.0
	for i := range k {
		raw[i] = math.Max(beta[i], 0.01)
		sum += raw[i]
	}
	for j := range m {
		raw[k+j] = math.Max(-beta[k+j], 0.01)
		sum += raw[k+j]
	}
	pts := largestRemainder(raw, 100/sum)
	copy(res.Points, pts[:k])
	for j := range m {
		res.NegativePoints[j] = -pts[k+j]
		res.Base += pts[k+j]
	}
}

// largestRemainder rounds x·scale to whole numbers of at least 1 that add up to the
// rounded total (Hamilton's method; ties to the earlier entry).
func largestRemainder(x []float64, scale float64) []int {
	out := make([]int, len(x))
	total, want := 0, 0.0
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(x))
	for i, v := range x {
		y := v * scale
		want += y
		out[i] = max(1, int(math.Floor(y)))
		total += out[i]
		rems[i] = rem{i, y - math.Floor(y)}
	}
	slices.SortStableFunc(rems, func(p, q rem) int {
		switch {
		case p.r > q.r:
			return -1
		case p.r < q.r:
			return 1
		}
		return p.i - q.i
	})
	target := int(math.Round(want))
	for j := 0; total < target; j++ {
		out[rems[j%len(x)].i]++
		total++
	}
	for j := 0; total > target && j < 10*len(x); j++ {
		if i := rems[len(rems)-1-j%len(x)].i; out[i] > 1 {
			out[i]--
			total--
		}
	}
	return out
}

// fitScore is the 0–100 fit score: base plus the points of the criteria matched plus
// the (negative) points of the negative traits matched, clamped to 0–100.
func fitScore(base int, points []int, matched []bool, neg []int, negMatched []bool) int {
	s := base
	for i, m := range matched {
		if m {
			s += points[i]
		}
	}
	for i, m := range negMatched {
		if m {
			s += neg[i]
		}
	}
	return min(100, max(0, s))
}

// vetoes turns negative traits into disqualifiers (hard vetoes) where the data backs
// a veto: the best-customer rate among customers with the trait who otherwise fit —
// the segment, or when fewer than 20 of those have it, customers with at least half of
// the criteria points — stays below the overall rate and below the rate of the
// customers who neither fit nor have the trait (the upper end of its Wilson 95%
// interval is below both, on at least 20 customers: a veto must not rank a fitting
// account with the trait below accounts that are worse bets), and, where churn is
// known, the
// trait also churns more than average (a one-sided exact p below Alpha). A trait that
// lowers value but does not raise churn stays a negative trait, noted "low value, not
// churn".
func (a *analyzer) vetoes(res *Result) {
	base := float64(a.tot.B) / float64(a.tot.N)
	var seg bitset.Set
	if res.Segment != nil {
		seg = a.matchAll(res.Segment.Parts)
	}
	crit := make([]bitset.Set, len(res.Criteria))
	for i, s := range res.Criteria {
		crit[i] = a.bits(s)
	}
	fits := bitset.New(a.t.Rows)
	matched := make([]bool, len(crit))
	for i := range a.t.Rows {
		if !a.g.Analysed[i] {
			continue
		}
		for j := range crit {
			matched[j] = crit[j].Has(i)
		}
		if fitScore(0, res.Points, matched, nil, nil)*100 >= 50*sum(res.Points) {
			fits.Add(i)
		}
	}
	var keep []*Stat
	var keepPts []int
	for j, s := range res.NegativeTraits {
		m := a.bits(s)
		var n, b int
		fit := fits
		if seg != nil {
			n, b = bitset.CountAll([]bitset.Set{seg, m}, a.bestSet)
			fit = seg
		}
		if n < 20 {
			n, b = bitset.CountAll([]bitset.Set{fits, m}, a.bestSet)
			fit = fits
		}
		_, hi := stats.Wilson(b, n, stats.Z95)
		// The customers who do not fit and lack the trait: the accounts a veto would
		// leave in the lower tiers. A fitting account with the trait must do worse than
		// they do, or vetoing it would rank it below accounts that are worse bets.
		rest := a.analysedSet.Clone()
		rest.AndNot(fit)
		rest.AndNot(m)
		rn, rb := bitset.CountAll([]bitset.Set{rest}, a.bestSet)
		restRate := base
		if rn >= 20 {
			restRate = float64(rb) / float64(rn)
		}
		lowAmongFit := n >= 20 && hi < min(base, restRate)
		churnKnown := a.churn != nil && s.ChurnKnown > 0
		churnsMore := churnKnown && s.ChurnLift > 1 && s.PChurn < a.opt.Alpha
		switch {
		case lowAmongFit && (!churnKnown || churnsMore):
			s.Role = RoleDisqualifier
			res.Disqualifiers = append(res.Disqualifiers, s)
			continue
		case churnKnown && !churnsMore:
			res.Notes = append(res.Notes, fmt.Sprintf("negative trait %q: low value, not churn (churn %.1f%% against %.1f%% overall)", s.Display, 100*s.ChurnRate, 100*float64(a.tot.CC)/float64(max(1, a.tot.CN))))
		}
		keep = append(keep, s)
		keepPts = append(keepPts, res.NegativePoints[j])
	}
	res.NegativeTraits, res.NegativePoints = keep, keepPts
}

// rules are a result's scoring rules applied to rows: what validation applies to
// held-out customers.
type rules struct {
	base   int
	seg    []profile.Condition
	crit   []profile.Condition
	points []int
	neg    []profile.Condition
	negPts []int
	disq   []profile.Condition
	tiers  []TierRow // names, Segment and MinScore; the last is Disqualified
}

// rulesOf extracts the scoring rules of a result.
func rulesOf(res *Result) *rules {
	r := &rules{base: res.Base, points: res.Points, negPts: res.NegativePoints}
	if res.Segment != nil {
		for _, p := range res.Segment.Parts {
			r.seg = append(r.seg, p.Condition)
		}
	}
	for _, s := range res.Criteria {
		r.crit = append(r.crit, s.Condition)
	}
	for _, s := range res.NegativeTraits {
		r.neg = append(r.neg, s.Condition)
	}
	for _, s := range res.Disqualifiers {
		r.disq = append(r.disq, s.Condition)
	}
	r.tiers = res.Tiers
	return r
}

// inSegment reports whether row i of t is in the sweet spot: every segment condition
// and no negative trait.
func (r *rules) inSegment(t *dataset.Table, i int) bool {
	if len(r.seg) == 0 {
		return false
	}
	for _, c := range r.neg {
		if m, _ := scoring.MatchColumn(c, t.Column(c.Attribute), i); m {
			return false
		}
	}
	for _, c := range r.seg {
		if m, _ := scoring.MatchColumn(c, t.Column(c.Attribute), i); !m {
			return false
		}
	}
	return true
}

// score is the fit score of row i of table t.
func (r *rules) score(t *dataset.Table, i int) int {
	matched := make([]bool, len(r.crit))
	for j, c := range r.crit {
		matched[j], _ = scoring.MatchColumn(c, t.Column(c.Attribute), i)
	}
	negM := make([]bool, len(r.neg))
	for j, c := range r.neg {
		negM[j], _ = scoring.MatchColumn(c, t.Column(c.Attribute), i)
	}
	return fitScore(r.base, r.points, matched, r.negPts, negM)
}

// tierOf returns the index in r.tiers of row i of table t.
func (r *rules) tierOf(t *dataset.Table, i int) int {
	match := func(c profile.Condition) bool {
		m, _ := scoring.MatchColumn(c, t.Column(c.Attribute), i)
		return m
	}
	for _, c := range r.disq {
		if match(c) {
			return len(r.tiers) - 1
		}
	}
	matched := make([]bool, len(r.crit))
	for j, c := range r.crit {
		matched[j] = match(c)
	}
	negM := make([]bool, len(r.neg))
	anyNeg := false
	for j, c := range r.neg {
		negM[j] = match(c)
		anyNeg = anyNeg || negM[j]
	}
	inSeg := !anyNeg && r.inSegment(t, i)
	return r.bandOf(fitScore(r.base, r.points, matched, r.negPts, negM), inSeg)
}

// sum adds up x.
func sum(x []int) int {
	s := 0
	for _, v := range x {
		s += v
	}
	return s
}
