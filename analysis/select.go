package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/profile"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/bitset"
)

// Roles of a condition in the result.
const (
	RoleCriterion    = "criterion"
	RoleDisqualifier = "disqualifier"
	RoleNegative     = "negative trait"
	RoleAlternative  = "alternative"
)

// bestPerAttribute returns, for each attribute, the eligible condition of ct with the
// highest score, in descending score order (ties: display text). The Stats returned
// are kept in ct (see condTable).
func bestPerAttribute(ct *condTable, eligible func(*condRec) bool, score func(*condRec) float64) []*Stat {
	type cand struct {
		i     int
		score float64
		disp  string // built only on a tie
	}
	best := map[int32]*cand{}
	display := func(c *cand) string {
		if c.disp == "" {
			c.disp = ct.display(&ct.recs[c.i])
		}
		return c.disp
	}
	for i := range ct.recs {
		r := &ct.recs[i]
		if !eligible(r) {
			continue
		}
		c := &cand{i: i, score: score(r)}
		cur, ok := best[r.attr]
		if !ok || c.score > cur.score || (c.score == cur.score && display(c) < display(cur)) {
			best[r.attr] = c
		}
	}
	cs := make([]*cand, 0, len(best))
	for _, c := range best {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(x, y *cand) int {
		switch {
		case x.score > y.score:
			return -1
		case x.score < y.score:
			return 1
		}
		return strings.Compare(display(x), display(y))
	})
	out := make([]*Stat, len(cs))
	for k, c := range cs {
		out[k] = ct.stat(c.i, true)
	}
	return out
}

// conditional tests a candidate against the best flag within strata given by the match
// pattern of the conditions already chosen (Cochran–Mantel–Haenszel). It returns the CMH
// z, the one-sided p in the requested direction and the Mantel–Haenszel risk ratio
// (best rate inside the condition over outside it, pooled across strata).
func (a *analyzer) conditional(rows bitset.Set, pattern []uint16, nstrata int, over bool) (z, p, rr float64) {
	// Counts per stratum and cell, without branches (the cells fall at random): cell
	// 4·stratum + 2·match + best, counted for analysed rows.
	cells := make([]int, 4*nstrata)
	n := a.t.Rows
	analysed, best := a.g.Analysed[:n], a.g.Best[:n]
	pattern = pattern[:n]
	for i := range n {
		cells[int(pattern[i])<<2|rows.Bit(i)<<1|b2i(best[i])] += b2i(analysed[i])
	}
	tabs := make([]stats.Table2x2, nstrata)
	for k := range tabs {
		c := cells[4*k : 4*k+4]
		tabs[k] = stats.Table2x2{A: c[3], B: c[2], C: c[1], D: c[0]}
	}
	z, pUp, _ := stats.MantelHaenszel(tabs)
	var num, den float64
	for _, t := range tabs {
		n := float64(t.A + t.B + t.C + t.D)
		if n < 2 {
			continue
		}
		num += float64(t.A) * float64(t.C+t.D) / n
		den += float64(t.C) * float64(t.A+t.B) / n
	}
	rr = math.NaN()
	if den > 0 {
		rr = num / den
	} else if num > 0 {
		rr = math.Inf(1)
	}
	if over {
		return z, pUp, rr
	}
	return z, 1 - pUp, rr
}

// pick is a chosen condition with its rows.
type pick struct {
	s    *Stat
	rows bitset.Set
	neg  bool // a negative trait (else a criterion)
}

// choose selects the sweet-spot segment, the criteria and the negative traits.
//
// Candidates: per attribute, the over-represented condition with the highest binomial
// quality among those whose search-adjusted test passes (the attribute's q and the
// condition's q below Alpha) with at least minSupport customers and 10 best customers;
// likewise the under-represented ones for negative traits. No marginal lift is
// required: a condition is judged by what it adds.
//
// First the segment (findSegment): its parts become the first criteria. Then, step by
// step, the candidate — criterion or negative trait — with the strongest
// Cochran–Mantel–Haenszel evidence given everything chosen so far (strata: the match
// pattern of the chosen conditions) is added, provided its conditional one-sided p
// times the effective number of tests of the remaining candidates' searches is below
// Alpha, and its pooled (Mantel–Haenszel) risk ratio is material: at least MinAdd for
// a criterion, at most 1/MinAdd for a negative trait. Choosing both kinds in one
// sequence means a complement is never counted twice: once "funding = bootstrapped" is
// a negative trait, "funding in {the other stages}" adds nothing within its strata; and
// a candidate that is the near-complement of a chosen condition of the other kind on
// the same attribute (phi ≤ −0.5) is skipped outright, as is one that nearly repeats a
// chosen condition (phi ≥ 0.6, see redundant). At most MaxCriteria criteria (segment
// parts included) and 3 negative traits.
func (a *analyzer) choose(res *Result) {
	o := a.opt
	T := a.tot
	over := bestPerAttribute(&res.conds, func(r *condRec) bool {
		return r.kind != kindMissing && a.attrs[r.attr].qOver < o.Alpha && r.qUp < o.Alpha && r.lift(T) > 1 && int(r.n) >= a.minSupport && r.b >= 10
	}, func(r *condRec) float64 { return r.quality(T) })
	under := bestPerAttribute(&res.conds, func(r *condRec) bool {
		return r.kind != kindMissing && a.attrs[r.attr].qUnder < o.Alpha && r.qLow < o.Alpha && r.lift(T) < 1 && int(r.n) >= a.minSupport
	}, func(r *condRec) float64 { return -r.quality(T) })

	// A value set grown greedily may have swept in values that are not better than
	// the rest (see pruneSet): prune them before the set is proposed.
	for k, s := range over {
		if s.Kind != KindSet {
			continue
		}
		at := a.attrs[s.attr]
		r := refinement{ai: s.attr, bins: slices.Clone(s.bins)}
		a.pruneSet(&r, at.n, at.b)
		if !slices.Equal(r.bins, s.bins) {
			over[k] = a.condStat(r)
			res.conds.add(recOf(over[k]))
		}
	}

	var chosen []pick
	pattern := make([]uint16, a.t.Rows)
	nstrata := 1
	add := func(p pick) {
		if p.neg {
			p.s.Role = RoleNegative
		} else {
			p.s.Role = RoleCriterion
		}
		chosen = append(chosen, p)
		bit := uint16(nstrata)
		for _, i := range members(p.rows) {
			pattern[i] |= bit
		}
		nstrata <<= 1
	}
	segAttr := map[int]bool{}
	if seg := a.findSegment(over, under); seg != nil {
		res.Segment = seg
		for _, p := range seg.Parts {
			p.InSegment = true
			segAttr[p.attr] = true
			add(pick{s: p, rows: a.bits(p)})
		}
	}
	var pool []pick
	for _, s := range over {
		if !segAttr[s.attr] {
			pool = append(pool, pick{s: s, rows: a.bits(s)})
		}
	}
	for _, s := range under {
		pool = append(pool, pick{s: s, rows: a.bits(s), neg: true})
	}
	// Of a criterion and a negative trait that are near-complements on one attribute
	// ("business model in {B2B, B2B2C, marketplace}" and "business model = B2C"), keep
	// the narrower: the trait that names the few, not the many.
	pool = slices.DeleteFunc(pool, func(c pick) bool {
		for _, d := range pool {
			if d.neg != c.neg && d.s.attr == c.s.attr && d.s.N < c.s.N && a.phi(c.s, d.s) <= -0.5 {
				return true
			}
		}
		return false
	})
	nCrit, nNeg := len(chosen), 0
	for len(pool) > 0 {
		var searchUp, searchLow float64
		for _, c := range pool {
			if c.neg {
				searchLow += a.attrs[c.s.attr].size.low
			} else {
				searchUp += a.attrs[c.s.attr].size.up
			}
		}
		// Each candidate's test given the chosen ones (on all cores in the main run),
		// then the strongest, in pool order.
		type test struct {
			skip     bool
			z, p, rr float64
		}
		tests := make([]test, len(pool))
		a.forEach(len(pool), func(i int) {
			c := pool[i]
			if c.neg && nNeg >= 3 || !c.neg && nCrit >= o.MaxCriteria || a.complement(c, chosen) || a.redundant(c, chosen) {
				tests[i].skip = true
				return
			}
			z, p, rr := a.conditional(c.rows, pattern, nstrata, !c.neg)
			tests[i] = test{z: z, p: p, rr: rr}
		})
		bi, bz := -1, 0.0
		for i, c := range pool {
			if tests[i].skip {
				continue
			}
			z, p, rr := tests[i].z, tests[i].p, tests[i].rr
			search := searchUp
			material := rr >= o.MinAdd
			if c.neg {
				search, material, z = searchLow, rr <= 1/o.MinAdd, -z
			}
			if p*max(1, search) < o.Alpha && material && z > bz {
				bi, bz = i, z
			}
		}
		if bi < 0 || nstrata >= 1<<15 {
			break
		}
		c := pool[bi]
		pool = slices.Delete(pool, bi, bi+1)
		add(c)
		if c.neg {
			nNeg++
		} else {
			nCrit++
		}
	}
	for _, c := range chosen {
		if c.neg {
			res.NegativeTraits = append(res.NegativeTraits, c.s)
		} else {
			res.Criteria = append(res.Criteria, c.s)
		}
	}
	if res.Segment != nil {
		a.narrow(res)
	}
	for _, c := range pool {
		if c.neg {
			continue
		}
		bj, bphi := -1, 0.0
		for j, ch := range chosen {
			if ch.neg {
				continue
			}
			if phi := math.Abs(a.phi(c.s, ch.s)); phi > bphi {
				bj, bphi = j, phi
			}
		}
		if bj >= 0 && bphi >= 0.3 {
			c.s.Role = RoleAlternative
			res.Alternatives[chosen[bj].s] = append(res.Alternatives[chosen[bj].s], c.s)
			continue
		}
		reason := "adds too little once the chosen conditions are known"
		if nCrit >= o.MaxCriteria {
			reason = fmt.Sprintf("not needed: the profile already has %d criteria", o.MaxCriteria)
		}
		res.Dropped = append(res.Dropped, fmt.Sprintf("%s (lift %.2f×, n = %s, q = %s alone): %s", c.s.Display, c.s.Lift, profile.FormatCount(c.s.N), FormatP(c.s.QUp), reason))
	}
}

// redundant reports whether c says nearly what a chosen condition of the same kind
// says (phi ≥ 0.6: a size band beside the employee range it was cut from); it is
// reported as an alternative instead.
func (a *analyzer) redundant(c pick, chosen []pick) bool {
	for _, ch := range chosen {
		if ch.neg == c.neg && a.phi(c.s, ch.s) >= 0.6 {
			return true
		}
	}
	return false
}

// complement reports whether c is the near-complement of a chosen condition of the
// other kind on the same attribute (phi ≤ −0.5).
func (a *analyzer) complement(c pick, chosen []pick) bool {
	for _, ch := range chosen {
		if ch.neg != c.neg && ch.s.attr == c.s.attr && a.phi(c.s, ch.s) <= -0.5 {
			return true
		}
	}
	return false
}

// phi is the correlation of two conditions' matches over analysed rows, computed once
// per pair of conditions.
func (a *analyzer) phi(x, y *Stat) float64 {
	key := [2]*Stat{x, y}
	a.cacheMu.Lock()
	v, ok := a.phis[key]
	a.cacheMu.Unlock()
	if ok {
		return v
	}
	bx, by := a.bits(x), a.bits(y)
	v = phiFromCounts(a.tot.N, bx.Count(), by.Count(), bitset.AndCount(bx, by))
	a.cacheMu.Lock()
	defer a.cacheMu.Unlock()
	if a.phis == nil {
		a.phis = map[[2]*Stat]float64{}
	}
	a.phis[key] = v
	return v
}

// phiFromCounts is the correlation of two conditions from the counts of na rows: nx
// match x, ny match y, nxy match both.
func phiFromCounts(na, nx, ny, nxy int) float64 {
	n11, n10, n01 := float64(nxy), float64(nx-nxy), float64(ny-nxy)
	n00 := float64(na - nx - ny + nxy)
	den := math.Sqrt((n11 + n10) * (n01 + n00) * (n11 + n01) * (n10 + n00))
	if den == 0 {
		return 0
	}
	return (n11*n00 - n10*n01) / den
}

// FormatP formats a p- or q-value for people: "< 0.0001", "0.012", "0.35".
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "–"
	case p < 0.0001:
		return "< 0.0001"
	case p < 0.001:
		return fmt.Sprintf("%.4f", p)
	case p < 0.01:
		return fmt.Sprintf("%.3f", p)
	}
	return fmt.Sprintf("%.2f", p)
}
