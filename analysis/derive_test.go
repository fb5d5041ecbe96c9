package analysis

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/profile"
)

// deriveSynth generates a synthetic export and derives a profile from it.
func deriveSynth(t testing.TB, cfg synth.Config, opt Options) *Result {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.Write(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	tab, err := dataset.Read(&buf, "synth.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := DetectRoles(tab, opt.Roles, opt.Best != "")
	if err != nil {
		t.Fatal(err)
	}
	opt.Roles = roles
	res, err := Derive(tab, opt)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// logIoU is the intersection over union of two ranges on a log10 scale, with open
// ends closed at lo and hi (the plausible span of the attribute).
func logIoU(aMin, aMax, bMin, bMax, lo, hi float64) float64 {
	clamp := func(x float64) float64 { return math.Log10(math.Min(math.Max(x, lo), hi)) }
	a0, a1, b0, b1 := clamp(aMin), clamp(aMax), clamp(bMin), clamp(bMax)
	inter := math.Max(0, math.Min(a1, b1)-math.Max(a0, b0))
	union := math.Max(a1, b1) - math.Min(a0, b0)
	if union <= 0 {
		return 0
	}
	return inter / union
}

func bounds(c profile.Condition) (float64, float64) {
	lo, hi := math.Inf(-1), math.Inf(1)
	if c.Min != nil {
		lo = *c.Min
	}
	if c.Max != nil {
		hi = *c.Max
	}
	return lo, hi
}

// recovered reports whether a chosen condition matches a planted effect.
func recovered(s *Stat, e synth.Effect) bool {
	c := s.Condition
	if c.Attribute != e.Attribute || c.Op != e.Op {
		return false
	}
	switch c.Op {
	case profile.OpRange:
		lo, hi := bounds(c)
		return logIoU(lo, hi, e.Min, e.Max, 1, 50000) >= 0.5
	default:
		return slices.Equal(slices.Sorted(slices.Values(c.Values)), slices.Sorted(slices.Values(e.Values)))
	}
}

func TestPlantedEffectsRecovered(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4, 5} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			cfg := synth.Config{Rows: 5000, Seed: seed, Messy: true, NoiseAttrs: 6}
			truth := synth.Truth(cfg)
			res := deriveSynth(t, cfg, Options{Seed: seed})
			for _, e := range truth.Criteria {
				if !slices.ContainsFunc(res.Criteria, func(s *Stat) bool { return recovered(s, e) }) {
					t.Errorf("planted criterion %s %s %v [%g,%g) not recovered; criteria: %v", e.Attribute, e.Op, e.Values, e.Min, e.Max, displays(res.Criteria))
				}
			}
			for _, e := range truth.Disqualifiers {
				if !slices.ContainsFunc(res.Disqualifiers, func(s *Stat) bool { return recovered(s, e) }) {
					t.Errorf("planted disqualifier %s %v not found; disqualifiers: %v", e.Attribute, e.Values, displays(res.Disqualifiers))
				}
			}
			for _, s := range append(slices.Clone(res.Criteria), res.Disqualifiers...) {
				if slices.Contains(truth.Noise, s.Condition.Attribute) {
					t.Errorf("noise attribute proposed: %s", s.Display)
				}
			}
			if res.NoSignal {
				t.Error("planted data reported as having no signal")
			}
		})
	}
}

func TestNullDataHasNoSignal(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3, 4, 5} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			res := deriveSynth(t, synth.Config{Rows: 5000, Seed: seed, Null: true, Messy: true, NoiseAttrs: 6}, Options{})
			if len(res.Criteria) > 0 || !res.NoSignal {
				t.Errorf("null data gave criteria %v", displays(res.Criteria))
			}
			if len(res.Disqualifiers) > 0 {
				t.Errorf("null data gave disqualifiers %v", displays(res.Disqualifiers))
			}
		})
	}
}

func TestRedundantRevenueIsAlternativeNotCriterion(t *testing.T) {
	res := deriveSynth(t, synth.Config{Rows: 5000, Seed: 11, NoiseAttrs: 2}, Options{})
	for _, s := range res.Criteria {
		if s.Condition.Attribute == "annual_revenue" {
			t.Errorf("annual_revenue (a proxy of employees) chosen as a criterion: %v", displays(res.Criteria))
		}
	}
}

func displays(ss []*Stat) []string {
	var out []string
	for _, s := range ss {
		out = append(out, fmt.Sprintf("%s (lift %.2f, n=%d, q=%.2g)", s.Display, s.Lift, s.N, s.QUp))
	}
	return out
}
