package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
)

// ManyDisqualified is the share of customers in the disqualified tier from which every
// output says how many are disqualified (a broad veto hides customers from sellers).
const ManyDisqualified = 0.25

// StandardTiers is the number of fit tiers (A–D) a derivation cuts when the data can
// tell them apart; fewer means tiers were merged.
const StandardTiers = 4

// tierRule says in a few words which records a tier takes: "sweet spot",
// "score ≥ 60", "score < 10", "any disqualifier".
func tierRule(tiers []profile.Tier, name string) string {
	if name == profile.Disqualified {
		return "any disqualifier"
	}
	prevMin := math.NaN()
	for i, t := range tiers {
		if t.Name != name {
			if !t.Segment {
				prevMin = t.Min
			}
			continue
		}
		switch {
		case t.Segment && t.Min > 0:
			return "sweet spot, score ≥ " + profile.FormatNumber(t.Min)
		case t.Segment:
			return "sweet spot"
		case i == len(tiers)-1 && t.Min == 0 && !math.IsNaN(prevMin):
			return "score < " + profile.FormatNumber(prevMin)
		case t.Min == 0:
			return "any score"
		}
		return "score ≥ " + profile.FormatNumber(t.Min)
	}
	return ""
}

// mergedNote says that tiers were merged, or "" when the derivation cut all
// StandardTiers.
func mergedNote(tiers []profile.Tier) string {
	n := len(tiers)
	if n == 0 || n >= StandardTiers {
		return ""
	}
	names := make([]string, n)
	for i, t := range tiers {
		names[i] = t.Name
	}
	return fmt.Sprintf("Only %d fit tier%s (%s): the best-customer rates of neighbouring score bands could not be told apart, so they were merged.", n, plural(n), strings.Join(names, ", "))
}

// disqualifiedNote says how many customers are disqualified when they are at least
// ManyDisqualified of all ("" otherwise). rows are tier rows ending with the
// disqualified one.
func disqualifiedNote(rows []analysis.TierRow) string {
	total, disq := 0, 0
	for _, r := range rows {
		total += r.N
		if r.Tier == profile.Disqualified {
			disq = r.N
		}
	}
	if total == 0 || float64(disq)/float64(total) < ManyDisqualified {
		return ""
	}
	return fmt.Sprintf("%s of customers (%s of %s) match a disqualifier and are tier disqualified whatever their score; check that the vetoes are not too broad.",
		pct(float64(disq)/float64(total)), count(disq), count(total))
}

// segmentSummary is the sweet spot's evidence in one sentence: "312 customers, 201
// best (50.3% of all best customers): best rate 64.4% (59.0%–69.5%), lift 3.22×
// (2.95–3.47)".
func segmentSummary(s *analysis.Segment) string {
	return fmt.Sprintf("%s customers, %s best (%s of all best customers): best rate %s, lift %s (%s)",
		count(s.N), count(s.B), pct(s.BestShare), rateCI(s.Rate, s.RateLow, s.RateHigh), times(s.Lift), interval(s.LiftLow, s.LiftHigh))
}

// segmentChecks is the sweet spot's validation in words: held-out lift and stability
// (over resamples random halves); "" when neither was run.
func segmentChecks(s *analysis.Segment, resamples int) string {
	var parts []string
	if !math.IsNaN(s.HoldoutLift) {
		parts = append(parts, fmt.Sprintf("held-out lift %s (%s), n = %s", times(s.HoldoutLift), interval(s.HoldoutLow, s.HoldoutHigh), count(s.HoldoutN)))
	}
	if !math.IsNaN(s.Stability) {
		parts = append(parts, foundAgain(s.Stability, resamples))
	}
	return strings.Join(parts, "; ")
}

// partAdds says what one part adds: "without it: 812 customers, best rate 28.1%; it
// multiplies the rate by 2.29×".
func partAdds(a analysis.PartAdd) string {
	return fmt.Sprintf("without it %s customers, best rate %s; it multiplies the rate by %s", count(a.WithoutN), pct(a.WithoutRate), times(a.RateRatio))
}

// partName is the display of a segment part.
func partName(a analysis.PartAdd) string {
	if a.Part == nil {
		return "?"
	}
	return a.Part.Display
}

// profileSegmentSummary is segmentSummary for a profile's segment block.
func profileSegmentSummary(s *profile.Segment) string {
	return fmt.Sprintf("%s customers, %s best (%s of all best customers): best rate %s, lift %s (%s)",
		count(s.N), count(s.Best), pct(s.BestShare), rateCI(s.BestRate, s.BestRateLow, s.BestRateHigh), times(s.Lift), interval(s.LiftLow, s.LiftHigh))
}

// profileSegmentChecks is segmentChecks for a profile's segment block (zero: not run).
func profileSegmentChecks(s *profile.Segment, resamples int) string {
	var parts []string
	if s.HoldoutN > 0 {
		parts = append(parts, fmt.Sprintf("held-out lift %s (%s), n = %s", times(s.HoldoutLift), interval(s.HoldoutLow, s.HoldoutHigh), count(s.HoldoutN)))
	}
	if s.Stability > 0 {
		parts = append(parts, foundAgain(s.Stability, resamples))
	}
	return strings.Join(parts, "; ")
}

// profilePartAdds is partAdds for a profile's segment part.
func profilePartAdds(a profile.SegmentPart) string {
	return fmt.Sprintf("without it %s customers, best rate %s; it multiplies the rate by %s", count(a.WithoutN), pct(a.WithoutRate), times(a.RateRatio))
}

// roleLabel is a condition's role for people: "segment" for a criterion that is part
// of the sweet spot, else its Role ("criterion", "negative trait", ...).
func roleLabel(res *analysis.Result, s *analysis.Stat) string {
	if s.Role == analysis.RoleCriterion && res.InSegment(s) {
		return "segment"
	}
	return s.Role
}

// negPoints is res.NegativePoints[i], or 0 past its end.
func negPoints(res *analysis.Result, i int) int {
	if i < len(res.NegativePoints) {
		return res.NegativePoints[i]
	}
	return 0
}

// critPoints is res.Points[i], or 0 past its end.
func critPoints(res *analysis.Result, i int) int {
	if i < len(res.Points) {
		return res.Points[i]
	}
	return 0
}

// foundAgain says how often the sweet spot was found again: "found again in 199 of 200
// resamples (99.5%)", the count from the share (the share is count/resamples); without
// the number of resamples, the share alone.
func foundAgain(share float64, resamples int) string {
	if resamples <= 0 {
		return fmt.Sprintf("found again in %s of resamples", pct(share))
	}
	k := int(math.Round(share * float64(resamples)))
	return fmt.Sprintf("found again in %d of %d resamples (%s)", k, resamples, pct(share))
}

// resamplesOf is the number of random halves the validation ran (0 without it).
func resamplesOf(res *analysis.Result) int {
	if res.Validation == nil {
		return 0
	}
	return res.Validation.Resamples
}
