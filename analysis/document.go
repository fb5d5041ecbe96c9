package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/profile"
)

// Profile builds the ICP document (schema profile.SchemaVersion) from the result:
//   - criteria from Criteria with Points (parallel), marked Segment when the criterion
//     has InSegment or is one of Segment.Parts;
//   - negative traits from NegativeTraits with NegativePoints (parallel, ≤ 0);
//   - disqualifiers from Disqualifiers, with DisqualifierRule;
//   - the segment block from Segment (nil: none);
//   - the tiers from Tiers (see ScoringTiers), each with its expected best-customer
//     rate: held-out (Validation.Tiers, same names) when measured, else in-sample.
func (res *Result) Profile(meta profile.Source, name, created, tool string) *profile.Profile {
	o := res.Options
	w := map[string]float64{}
	for _, s := range res.Outcomes {
		w[s.Name] = s.Weight
	}
	p := &profile.Profile{
		Schema:  profile.SchemaVersion,
		Name:    name,
		Status:  profile.StatusDraft,
		Created: created,
		Tool:    tool,
		Source:  meta,
		Parameters: profile.Parameters{
			Top: o.Top, Seed: o.Seed, Alpha: o.Alpha, MinLift: o.MinAdd, MinSupport: res.MinSupport,
			Weights: w, Columns: o.Roles.Map(),
		},
		Best: profile.Best{
			Rule:      res.BestRule(),
			Count:     res.Best.B,
			Share:     stats.Round(float64(res.Best.B)/float64(res.Best.N), 4),
			Threshold: stats.Round(res.Best.Threshold, 4),
		},
		Segment:  res.segmentDoc(),
		Scoring:  profile.Scoring{Base: res.Base, Tiers: res.ScoringTiers()},
		Warnings: res.Warnings,
	}
	p.Criteria = []profile.Criterion{}
	p.NegativeTraits = []profile.Criterion{}
	p.Disqualifiers = []profile.Criterion{}
	if len(res.Disqualifiers) > 0 {
		p.DisqualifierRule = res.DisqualifierRule()
	}
	if v := res.Validation; v != nil {
		pv := &profile.Validation{Folds: v.Folds, Resamples: v.Resamples}
		for _, t := range v.Tiers {
			pv.Tiers = append(pv.Tiers, profile.TierRate{Tier: t.Tier, N: t.N, Best: t.Best, Rate: stats.Round(t.Rate, 4)})
		}
		p.Validation = pv
	}
	for i, s := range res.Criteria {
		c := profile.Criterion{Condition: s.Condition, Points: at(res.Points, i), Segment: res.InSegment(s), Evidence: res.evidence(s)}
		for _, alt := range res.Alternatives[s] {
			c.Alternatives = append(c.Alternatives, alt.Display)
		}
		p.Criteria = append(p.Criteria, c)
	}
	for i, s := range res.NegativeTraits {
		p.NegativeTraits = append(p.NegativeTraits, profile.Criterion{Condition: s.Condition, Points: min(0, at(res.NegativePoints, i)), Evidence: res.evidence(s)})
	}
	for _, s := range res.Disqualifiers {
		p.Disqualifiers = append(p.Disqualifiers, profile.Criterion{Condition: s.Condition, Evidence: res.evidence(s)})
	}
	return p
}

// BestRule describes the best-customer definition in words.
func (res *Result) BestRule() string {
	if res.Best.Rule != "" {
		return res.Best.Rule
	}
	var parts []string
	for _, o := range res.Outcomes {
		dir := "higher"
		if !o.HigherIsBetter {
			dir = "lower"
		}
		if o.Name == OutcomeChurn {
			dir = "retained"
		}
		parts = append(parts, fmt.Sprintf("%s (%s, weight %g)", o.Column, dir, o.Weight))
	}
	return fmt.Sprintf("top %g%% by the weighted mean of percentile ranks of %s", 100*res.Options.Top, strings.Join(parts, ", "))
}

func (res *Result) evidence(s *Stat) *profile.Evidence {
	e := &profile.Evidence{
		N: s.N, Best: s.B,
		BestShare: stats.Round(s.BestShare, 4), AllShare: stats.Round(s.AllShare, 4),
		Lift: stats.Round(s.Lift, 3), LiftLow: stats.Round(s.LiftLow, 3), LiftHigh: stats.Round(s.LiftHigh, 3),
	}
	if s.Role == RoleDisqualifier || s.Role == RoleNegative {
		e.P, e.Q = stats.RoundSig(s.PLow, 3), stats.RoundSig(s.QLow, 3)
	} else {
		e.P, e.Q = stats.RoundSig(s.PUp, 3), stats.RoundSig(s.QUp, 3)
	}
	if s.ChurnKnown > 0 {
		e.ChurnRate = stats.Round(s.ChurnRate, 4)
		e.ChurnLift = stats.Round(s.ChurnLift, 3)
	}
	if ck := res.Checks[s]; ck != nil {
		if !math.IsNaN(ck.HoldoutLift) {
			e.HoldoutLift, e.HoldoutLow, e.HoldoutHigh = stats.Round(ck.HoldoutLift, 3), stats.Round(ck.HoldoutLow, 3), stats.Round(ck.HoldoutHigh, 3)
		}
		e.Stability = stats.Round(ck.Stability, 3)
		e.HoldsAtTops = res.HoldsText(ck)
	}
	return e
}

// HoldsText says at which best-customer cut-offs a criterion was chosen again:
// "10%: yes, 20%: yes, 30%: no"; "" when the check was not run.
func (res *Result) HoldsText(ck *Check) string {
	if res.Validation == nil || len(ck.HoldsAtTops) != len(res.Validation.Tops) {
		return ""
	}
	var parts []string
	for i, top := range res.Validation.Tops {
		w := "no"
		if ck.HoldsAtTops[i] {
			w = "yes"
		}
		parts = append(parts, fmt.Sprintf("%g%%: %s", 100*top, w))
	}
	return strings.Join(parts, ", ")
}

// at is xs[i], or 0 past its end.
func at(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}

// InSegment reports whether a criterion is part of the sweet spot: flagged InSegment,
// or one of Segment.Parts.
func (res *Result) InSegment(s *Stat) bool {
	return s.InSegment || res.Segment != nil && slices.Contains(res.Segment.Parts, s)
}

// DisqualifierRule says in words what makes a condition a disqualifier (a hard veto)
// rather than a negative trait; it completes "a condition is a disqualifier when ...".
// It describes analyzer.vetoes.
func (res *Result) DisqualifierRule() string {
	fit := "among customers who otherwise fit (the sweet spot, or customers with at least half the criteria points: the upper end of the 95% interval of their best-customer rate is below the overall rate, and below the rate of the customers who neither fit nor have the trait, on at least 20 customers)"
	if len(res.Criteria) == 0 {
		// Without criteria every customer has half of no points: the test is on all.
		fit = "among all customers, as no criterion says who otherwise fits (the upper end of the 95% interval of their best-customer rate is below the overall rate, on at least 20 customers)"
	}
	return "best customers stay rare in it even " + fit + " and, where churn is known, it churns more than average (one-sided exact test); otherwise it is a negative trait that subtracts points"
}

// ScoringTiers are the profile's tiers from Tiers (the disqualified row left out):
// name, sweet-spot flag, MinScore as the cut point and the expected best-customer rate
// (held-out when Validation has the tier with customers, else in-sample), in order.
// Rows that are exactly A, B, C, D with no cut points recorded (the fixed tiers of an
// engine that does not cut them) get profile.DefaultTiers' cut points.
func (res *Result) ScoringTiers() []profile.Tier {
	var rows []TierRow
	for _, r := range res.Tiers {
		if r.Tier != profile.Disqualified {
			rows = append(rows, r)
		}
	}
	defaults := profile.DefaultTiers()
	fixed := len(rows) == len(defaults)
	for i, r := range rows {
		fixed = fixed && r.Tier == defaults[i].Name && r.MinScore == 0 && !r.Segment
	}
	if len(rows) == 0 {
		return defaults
	}
	out := make([]profile.Tier, len(rows))
	for i, r := range rows {
		t := profile.Tier{Name: r.Tier, Segment: r.Segment, Min: float64(r.MinScore), ExpectedBestRate: stats.Round(r.Rate, 4)}
		if fixed {
			t.Min = defaults[i].Min
		}
		if h, ok := res.heldOutTier(r.Tier); ok {
			t.ExpectedBestRate = stats.Round(h.Rate, 4)
		}
		if math.IsNaN(t.ExpectedBestRate) {
			t.ExpectedBestRate = 0
		}
		out[i] = t
	}
	if last := &out[len(out)-1]; !last.Segment {
		last.Min = 0
	}
	return out
}

// heldOutTier returns the cross-validation row of a tier when it holds customers.
func (res *Result) heldOutTier(name string) (TierRow, bool) {
	if res.Validation == nil {
		return TierRow{}, false
	}
	for _, h := range res.Validation.Tiers {
		if h.Tier == name && h.N > 0 {
			return h, true
		}
	}
	return TierRow{}, false
}

// segmentDoc is the profile's segment block (nil without a segment). NaN values (not
// validated, not resampled) are left out as zero.
func (res *Result) segmentDoc() *profile.Segment {
	sg := res.Segment
	if sg == nil {
		return nil
	}
	r := func(x float64, places int) float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return 0
		}
		return stats.Round(x, places)
	}
	var rule []string
	for _, s := range sg.Parts {
		rule = append(rule, s.Condition.String())
	}
	doc := &profile.Segment{
		Rule: strings.Join(rule, " AND "), N: sg.N, Best: sg.B,
		BestRate: r(sg.Rate, 4), BestRateLow: r(sg.RateLow, 4), BestRateHigh: r(sg.RateHigh, 4),
		Lift: r(sg.Lift, 3), LiftLow: r(sg.LiftLow, 3), LiftHigh: r(sg.LiftHigh, 3),
		BestShare: r(sg.BestShare, 4), Stability: r(sg.Stability, 3),
	}
	if !math.IsNaN(sg.HoldoutLift) {
		doc.HoldoutN = sg.HoldoutN
		doc.HoldoutLift, doc.HoldoutLow, doc.HoldoutHigh = r(sg.HoldoutLift, 3), r(sg.HoldoutLow, 3), r(sg.HoldoutHigh, 3)
	}
	for _, a := range sg.Adds {
		if a.Part == nil {
			continue
		}
		doc.Parts = append(doc.Parts, profile.SegmentPart{Condition: a.Part.Condition.String(), WithoutN: a.WithoutN, WithoutBest: a.WithoutB,
			WithoutRate: r(a.WithoutRate, 4), RateRatio: r(a.RateRatio, 3)})
	}
	return doc
}
