package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/profile"
)

// Profile builds the ICP document from the result.
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
		Scoring:  profile.Scoring{Tiers: profile.DefaultTiers()},
		Warnings: res.Warnings,
	}
	p.Criteria = []profile.Criterion{}
	p.Disqualifiers = []profile.Criterion{}
	if v := res.Validation; v != nil {
		pv := &profile.Validation{Folds: v.Folds, Resamples: v.Resamples}
		for _, t := range v.Tiers {
			pv.Tiers = append(pv.Tiers, profile.TierRate{Tier: t.Tier, N: t.N, Best: t.Best, Rate: stats.Round(t.Rate, 4)})
		}
		p.Validation = pv
	}
	for i, s := range res.Criteria {
		c := profile.Criterion{Condition: s.Condition, Weight: float64(res.Points[i]), Evidence: res.evidence(s)}
		for _, alt := range res.Alternatives[s] {
			c.Alternatives = append(c.Alternatives, alt.Display)
		}
		p.Criteria = append(p.Criteria, c)
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
	if s.Role == "disqualifier" {
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
