package profile

import "slices"

// TierNames lists the tiers in order followed by Disqualified.
func (s Scoring) TierNames() []string {
	names := make([]string, 0, len(s.Tiers)+1)
	for _, t := range s.Tiers {
		names = append(names, t.Name)
	}
	return append(names, Disqualified)
}

// SegmentTier returns the sweet-spot tier, or nil when the profile has none.
func (s Scoring) SegmentTier() *Tier {
	if len(s.Tiers) > 0 && s.Tiers[0].Segment {
		return &s.Tiers[0]
	}
	return nil
}

// Points returns each criterion's points in the fit score, in order. For a version-2
// profile they are the points written; for a version-1 profile each weight scaled so
// that all weights sum to 100 (all zero when they sum to zero).
func (p *Profile) Points() []float64 {
	pts := make([]float64, len(p.Criteria))
	if p.Schema == 1 {
		var tot float64
		for _, c := range p.Criteria {
			tot += c.Weight
		}
		if tot > 0 {
			for i, c := range p.Criteria {
				pts[i] = 100 * c.Weight / tot
			}
		}
		return pts
	}
	for i, c := range p.Criteria {
		pts[i] = float64(c.Points)
	}
	return pts
}

// NegativePoints returns each negative trait's points (zero or negative), in order.
func (p *Profile) NegativePoints() []float64 {
	pts := make([]float64, len(p.NegativeTraits))
	for i, c := range p.NegativeTraits {
		pts[i] = float64(c.Points)
	}
	return pts
}

// HasSegment reports whether any criterion is part of the sweet spot.
func (p *Profile) HasSegment() bool {
	return slices.ContainsFunc(p.Criteria, func(c Criterion) bool { return c.Segment })
}
