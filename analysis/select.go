package analysis

import (
	"fmt"
	"math"
	"slices"

	"github.com/icp-dev/icp/analysis/stats"
)

// Roles of a condition in the result.
const (
	RoleCriterion    = "criterion"
	RoleDisqualifier = "disqualifier"
	RoleNegative     = "negative trait"
	RoleAlternative  = "alternative"
)

// candidate is the strongest eligible condition of one attribute with its row matches.
type candidate struct {
	s     *Stat
	match []bool
}

// bestPerAttribute returns, for each attribute, the eligible condition with the
// highest score, in descending score order (ties: display text).
func bestPerAttribute(conds []*Stat, eligible func(*Stat) bool, score func(*Stat) float64) []*Stat {
	best := map[int]*Stat{}
	for _, s := range conds {
		if !eligible(s) {
			continue
		}
		if cur, ok := best[s.attr]; !ok || score(s) > score(cur) || (score(s) == score(cur) && s.Display < cur.Display) {
			best[s.attr] = s
		}
	}
	out := make([]*Stat, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	slices.SortFunc(out, func(x, y *Stat) int {
		sx, sy := score(x), score(y)
		switch {
		case sx > sy:
			return -1
		case sx < sy:
			return 1
		}
		if x.Display < y.Display {
			return -1
		}
		if x.Display > y.Display {
			return 1
		}
		return 0
	})
	return out
}

// conditional tests a candidate against the best flag within strata given by the match
// pattern of the conditions already chosen (Cochran–Mantel–Haenszel). It returns the CMH
// z, the one-sided p in the requested direction and the Mantel–Haenszel risk ratio
// (best rate inside the condition over outside it, pooled across strata).
func (a *analyzer) conditional(match []bool, pattern []uint16, nstrata int, over bool) (z, p, rr float64) {
	tabs := make([]stats.Table2x2, nstrata)
	for i, m := range match {
		if !a.g.Analysed[i] {
			continue
		}
		t := &tabs[pattern[i]]
		best := a.g.Best[i]
		switch {
		case m && best:
			t.A++
		case m:
			t.B++
		case best:
			t.C++
		default:
			t.D++
		}
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

// selectCriteria chooses up to MaxCriteria criteria by forward selection.
//
// Candidates: per attribute, the over-represented condition with the highest binomial
// quality among those with q < Alpha, lift ≥ MinLift, at least minSupport customers and
// at least 10 best customers. Step by step, the candidate with the strongest
// Cochran–Mantel–Haenszel evidence given the criteria already chosen (strata: their
// match pattern) is added, provided its conditional one-sided p times the number of
// conditions searched on the remaining attributes is below Alpha (Bonferroni) and its
// pooled risk ratio is at least 1 + (MinLift−1)/2. Attributes whose search-adjusted
// test (attributeTests) fails never give candidates. A candidate that stops adding evidence is reported as an
// alternative to the chosen criterion whose matches it resembles most (|phi| ≥ 0.3), or
// as dropped.
func (a *analyzer) selectCriteria(res *Result) {
	o := a.opt
	cands := bestPerAttribute(res.Conditions, func(s *Stat) bool {
		return s.Kind != KindMissing && a.attrs[s.attr].qOver < o.Alpha && s.QUp < o.Alpha && s.Lift >= o.MinLift && s.N >= a.minSupport && s.B >= 10
	}, func(s *Stat) float64 { return s.Quality })
	pool := make([]candidate, len(cands))
	for i, s := range cands {
		pool[i] = candidate{s: s, match: a.matches(s)}
	}
	pattern := make([]uint16, a.t.Rows)
	nstrata := 1
	var chosen []candidate
	minRR := 1 + (o.MinLift-1)/2
	for len(chosen) < o.MaxCriteria && len(pool) > 0 {
		bi, bz := -1, math.Inf(-1)
		searched := a.searched(pool)
		for i, c := range pool {
			z, p, rr := a.conditional(c.match, pattern, nstrata, true)
			if p*searched < o.Alpha && rr >= minRR && z > bz {
				bi, bz = i, z
			}
		}
		if bi < 0 {
			break
		}
		c := pool[bi]
		pool = slices.Delete(pool, bi, bi+1)
		c.s.Role = RoleCriterion
		chosen = append(chosen, c)
		bit := uint16(1) << (len(chosen) - 1)
		for i, m := range c.match {
			if m {
				pattern[i] |= bit
			}
		}
		nstrata <<= 1
	}
	for _, c := range chosen {
		res.Criteria = append(res.Criteria, c.s)
	}
	for _, c := range pool {
		bj, bphi := -1, 0.0
		for j, ch := range chosen {
			if phi := math.Abs(a.phi(c.match, ch.match)); phi > bphi {
				bj, bphi = j, phi
			}
		}
		if bj >= 0 && bphi >= 0.3 {
			c.s.Role = RoleAlternative
			res.Alternatives[chosen[bj].s] = append(res.Alternatives[chosen[bj].s], c.s)
			continue
		}
		reason := "adds no evidence once the chosen criteria are known"
		if len(chosen) == o.MaxCriteria {
			reason = fmt.Sprintf("not needed: the profile already has %d criteria", o.MaxCriteria)
		}
		res.Dropped = append(res.Dropped, fmt.Sprintf("%s (lift %.2f, n=%d, q=%s alone): %s", c.s.Display, c.s.Lift, c.s.N, FormatP(c.s.QUp), reason))
	}
}

// selectDisqualifiers chooses up to three disqualifiers: conditions strongly
// under-represented among best customers (q < Alpha, lift ≤ MaxDisqLift, at least
// minSupport customers) that remain under-represented given the criteria and the
// disqualifiers already chosen (CMH, as for criteria, with pooled risk ratio ≤ 0.75).
func (a *analyzer) selectDisqualifiers(res *Result) {
	o := a.opt
	cands := bestPerAttribute(res.Conditions, func(s *Stat) bool {
		return s.Kind != KindMissing && s.Kind != KindSet && s.Role == "" && a.attrs[s.attr].qUnder < o.Alpha && s.QLow < o.Alpha && s.Lift <= o.MaxDisqLift && s.N >= a.minSupport
	}, func(s *Stat) float64 { return -s.Quality })
	pool := make([]candidate, len(cands))
	for i, s := range cands {
		pool[i] = candidate{s: s, match: a.matches(s)}
	}
	pattern := make([]uint16, a.t.Rows)
	nstrata := 1
	for _, s := range res.Criteria {
		m := a.matches(s)
		bit := uint16(nstrata)
		for i, x := range m {
			if x {
				pattern[i] |= bit
			}
		}
		nstrata <<= 1
	}
	for len(res.Disqualifiers) < 3 && len(pool) > 0 {
		bi, bz := -1, math.Inf(1)
		searched := a.searched(pool)
		for i, c := range pool {
			z, p, rr := a.conditional(c.match, pattern, nstrata, false)
			if p*searched < o.Alpha && rr <= 0.75 && z < bz {
				bi, bz = i, z
			}
		}
		if bi < 0 {
			break
		}
		c := pool[bi]
		pool = slices.Delete(pool, bi, bi+1)
		c.s.Role = RoleDisqualifier
		res.Disqualifiers = append(res.Disqualifiers, c.s)
		bit := uint16(nstrata)
		for i, m := range c.match {
			if m {
				pattern[i] |= bit
			}
		}
		nstrata <<= 1
	}
}

// searched is the number of conditions the remaining candidates were chosen from: the
// Bonferroni factor of a conditional test, since each candidate is the best of its
// attribute's search.
func (a *analyzer) searched(pool []candidate) float64 {
	var m int
	for _, c := range pool {
		m += int(math.Ceil(a.attrs[c.s.attr].size.up))
	}
	return float64(m)
}

// phi is the correlation of two match vectors over analysed rows.
func (a *analyzer) phi(x, y []bool) float64 {
	var n11, n10, n01, n00 float64
	for i := range x {
		if !a.g.Analysed[i] {
			continue
		}
		switch {
		case x[i] && y[i]:
			n11++
		case x[i]:
			n10++
		case y[i]:
			n01++
		default:
			n00++
		}
	}
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
