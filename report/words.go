package report

import (
	"fmt"
	"math"
	"regexp"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
)

// Confidence words, with the rule ConfidenceRule states.
const (
	ConfidenceHigh   = "high"
	ConfidenceMedium = "medium"
	ConfidenceLow    = "low"
)

// ConfidenceRule says how a confidence word is chosen; it goes in the appendix.
const ConfidenceRule = "A condition's confidence is **high** when, on customers not used to choose it, its lift stays clearly away from 1 (the whole 95% interval above 1 for a criterion, below 1 for a negative trait or disqualifier) and it was chosen again in at least 80% of random halves of the data; **medium** when the held-out lift points the same way and it was chosen in at least half of the random halves (or, without validation, when the in-sample interval clears 1); **low** otherwise. The profile's confidence is **high** when, on held-out customers, the best-customer rate falls from the top tier to the bottom one with intervals that do not overlap and every criterion is at least medium; **medium** when the held-out rate of the top tier is above that of the bottom one; **low** otherwise, and always when there are no criteria."

// SegmentWords is the sweet spot of p in RevOps words ("Employees: 240 to 2,100 and
// Industry: FinTech or SaaS"); its rule when no criterion is marked.
func SegmentWords(p *profile.Profile) string {
	var cs []profile.Condition
	for _, c := range p.Criteria {
		if c.Segment {
			cs = append(cs, c.Condition)
		}
	}
	if len(cs) == 0 && p.Segment != nil {
		return p.Segment.Rule
	}
	return p.DescribeAll(cs)
}

// statWords is a condition of the result in RevOps words.
func statWords(p *profile.Profile, s *analysis.Stat) string {
	if s == nil {
		return "?"
	}
	if s.Kind == analysis.KindMissing {
		return p.Label(s.Condition.Attribute) + ": blank"
	}
	return p.Describe(s.Condition)
}

// segmentWords is the result's sweet spot in RevOps words.
func segmentWords(p *profile.Profile, sg *analysis.Segment) string {
	var parts []string
	for _, s := range sg.Parts {
		parts = append(parts, statWords(p, s))
	}
	return strings.Join(parts, " and ")
}

// statConfidence is a condition's confidence word (see ConfidenceRule); up says the
// condition raises the best-customer rate (a criterion).
func statConfidence(res *analysis.Result, s *analysis.Stat, up bool) string {
	e := confidenceEvidence{liftLow: s.LiftLow, liftHigh: s.LiftHigh}
	if ck := res.Checks[s]; ck != nil && res.Validation != nil {
		e.validated = true
		e.heldOut = ck.HoldoutN > 0 && !math.IsNaN(ck.HoldoutLift)
		e.holdoutLift, e.holdoutLow, e.holdoutHigh, e.stability = ck.HoldoutLift, ck.HoldoutLow, ck.HoldoutHigh, ck.Stability
	}
	return e.word(up)
}

// confidenceEvidence is what the confidence word of a condition rests on.
type confidenceEvidence struct {
	liftLow, liftHigh float64 // the in-sample 95% interval of the lift
	validated         bool    // validation ran (else the word rests on the interval above)
	heldOut           bool    // the condition has held-out evidence
	holdoutLift       float64
	holdoutLow        float64
	holdoutHigh       float64
	stability         float64 // share of resamples that chose it again
}

// word applies ConfidenceRule; up says the condition raises the best-customer rate.
// Without validation: medium when the in-sample interval lies on the condition's side
// of 1, low otherwise. With it: high when the held-out interval lies on that side and
// the condition was chosen again in at least 80% of resamples; medium when the held-out
// lift is on that side and it was chosen again in at least half; low otherwise.
func (e confidenceEvidence) word(up bool) string {
	away := func(lo, hi float64) bool {
		if up {
			return lo > 1
		}
		return hi < 1
	}
	if !e.validated {
		if away(e.liftLow, e.liftHigh) {
			return ConfidenceMedium
		}
		return ConfidenceLow
	}
	if e.heldOut {
		switch {
		case away(e.holdoutLow, e.holdoutHigh) && e.stability >= 0.8:
			return ConfidenceHigh
		case (up && e.holdoutLift > 1 || !up && e.holdoutLift < 1) && e.stability >= 0.5:
			return ConfidenceMedium
		}
	}
	return ConfidenceLow
}

// profileConfidence is the profile's confidence word and the reason in plain words.
func profileConfidence(res *analysis.Result) (string, string) {
	if res.NoSignal || len(res.Criteria) == 0 {
		return ConfidenceLow, "no trait reliably separates best customers from the rest, so the tiers carry no information"
	}
	minCrit := ConfidenceHigh
	for _, s := range res.Criteria {
		switch statConfidence(res, s, true) {
		case ConfidenceLow:
			minCrit = ConfidenceLow
		case ConfidenceMedium:
			if minCrit == ConfidenceHigh {
				minCrit = ConfidenceMedium
			}
		}
	}
	v := res.Validation
	var tiers []analysis.TierRow
	if v != nil {
		for _, t := range v.Tiers {
			if t.Tier != profile.Disqualified && t.N > 0 {
				tiers = append(tiers, t)
			}
		}
	}
	if len(tiers) < 2 {
		return ConfidenceLow, "the tiers were not checked on customers held out from the analysis"
	}
	top, bottom := tiers[0], tiers[len(tiers)-1]
	falls := true
	for i := 1; i < len(tiers); i++ {
		if tiers[i].Rate > tiers[i-1].Rate {
			falls = false
		}
	}
	switch {
	case falls && top.RateLow > bottom.RateHigh && minCrit != ConfidenceLow:
		word := ConfidenceHigh
		if minCrit == ConfidenceMedium {
			word = ConfidenceMedium
		}
		return word, fmt.Sprintf("on customers held out from the analysis, %s of tier %s accounts (n = %s) were best customers against %s of tier %s (n = %s), and the rate fell tier by tier", pct(top.Rate), top.Tier, count(top.N), pct(bottom.Rate), bottom.Tier, count(bottom.N))
	case top.Rate > bottom.Rate:
		return ConfidenceMedium, fmt.Sprintf("on customers held out from the analysis, tier %s held more best customers than tier %s (%s of %s against %s of %s), but not cleanly tier by tier or not with every criterion holding up", top.Tier, bottom.Tier, pct(top.Rate), count(top.N), pct(bottom.Rate), count(bottom.N))
	}
	return ConfidenceLow, fmt.Sprintf("on customers held out from the analysis, tier %s did not hold more best customers than tier %s (%s of %s against %s of %s)", top.Tier, bottom.Tier, pct(top.Rate), count(top.N), pct(bottom.Rate), count(bottom.N))
}

// repAction says what a rep does with an account of a tier, by its rank.
func repAction(rank, last int, segment bool) string {
	switch {
	case rank == 0 && segment:
		return "work first: the sweet spot, route to senior sellers"
	case rank == 0:
		return "work first: route to senior sellers"
	case rank == last:
		return "deprioritise: no outbound effort, marketing nurture only"
	case rank == 1:
		return "work actively: standard outreach"
	}
	return "nurture: low-touch, marketing-led"
}

// jargon are words the body of ICP.md leaves to its appendix.
var jargon = []string{"q-value", "q <", "q =", "q=", "p-value", "p <", "fisher", "wilson", "benjamini", "hochberg", "cochran", "mantel", "haenszel", "psi", "percentile rank", "{", "}"}

// hasJargon reports whether s holds statistical vocabulary or set notation.
func hasJargon(s string) bool {
	l := strings.ToLower(s)
	for _, j := range jargon {
		if strings.Contains(l, j) {
			return true
		}
	}
	return false
}

// bestRuleRe reads the best-customer rule the analysis writes into icp.yaml ("top 20%
// by the weighted mean of percentile ranks of ltv (higher, weight 1), ...").
var (
	bestRuleRe  = regexp.MustCompile(`^top ([0-9.]+%) by the weighted mean of percentile ranks of (.+)$`)
	bestOutcome = regexp.MustCompile(`([^,]+?) \((higher|lower|retained), weight ([0-9.eE+-]+)\)`)
)

// BestRuleWords is a profile's best-customer rule in plain words with its labels ("the
// top 20% of customers on a combined ranking of LTV (higher is better), Churned
// (staying is better)"); a rule of another form (--best COL=VALUE) as written.
func BestRuleWords(p *profile.Profile, rule string) string {
	m := bestRuleRe.FindStringSubmatch(rule)
	if m == nil {
		return rule
	}
	var parts []string
	equal := true
	for _, o := range bestOutcome.FindAllStringSubmatch(m[2], -1) {
		dir := map[string]string{"higher": "higher is better", "lower": "lower is better", "retained": "staying is better"}[o[2]]
		if o[3] != "1" {
			equal = false
			dir += ", weight " + o[3]
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", p.Label(strings.TrimSpace(o[1])), dir))
	}
	if len(parts) == 0 {
		return rule
	}
	s := fmt.Sprintf("the top %s of customers on a combined ranking of %s", m[1], strings.Join(parts, ", "))
	if equal && len(parts) > 1 {
		s += ", each counted equally"
	}
	return s
}

// partWords is a sweet-spot part of the profile in RevOps words: the description of the
// sweet-spot criterion it names, else its rule as written.
func partWords(p *profile.Profile, part profile.SegmentPart) string {
	for _, c := range p.Criteria {
		if c.Segment && strings.EqualFold(c.Condition.String(), part.Condition) {
			return p.Describe(c.Condition)
		}
	}
	return part.Condition
}

// evidenceConfidence is a profile condition's confidence word from its recorded
// evidence, by the rule statConfidence applies to the analysis; "" without evidence.
func evidenceConfidence(p *profile.Profile, e *profile.Evidence, up bool) string {
	if e == nil {
		return ""
	}
	return confidenceEvidence{liftLow: e.LiftLow, liftHigh: e.LiftHigh, validated: p.Validation != nil, heldOut: e.HoldoutLift > 0,
		holdoutLift: e.HoldoutLift, holdoutLow: e.HoldoutLow, holdoutHigh: e.HoldoutHigh, stability: e.Stability}.word(up)
}
