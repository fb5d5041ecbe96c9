package analysis

import (
	"math"
	"testing"

	"github.com/icp-dev/icp/internal/synth"
)

// TestLazyAdjustChoosesAlike checks that validation's re-runs, which adjust a
// condition's p for the search only where its q could fall below Alpha (lazyAdjust),
// choose exactly what they choose when every p is adjusted, as in the main run: the
// same folds, random halves and cut-offs re-derive the same criteria, negative traits
// and segments, so every validation figure is equal. Shapes where the re-runs choose
// differently from each other (additive, interaction, proxy with high-cardinality
// noise, null) and a small sample.
func TestLazyAdjustChoosesAlike(t *testing.T) {
	cases := []struct {
		name string
		cfg  synth.Config
	}{
		{"additive", synth.Config{Rows: 2000, Seed: 3, NoiseAttrs: 4}},
		{"interaction", synth.Config{Rows: 3000, Seed: 4, Shape: synth.ShapeInteraction, Messy: true}},
		{"proxy", synth.Config{Rows: 2000, Seed: 5, Shape: synth.ShapeProxy, HighCardNoise: true}},
		{"null", synth.Config{Rows: 1500, Seed: 6, Null: true, NoiseAttrs: 6}},
		{"small", synth.Config{Rows: 300, Seed: 7}},
	}
	same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opt := Options{Seed: 1, Resamples: 60}
			lazy := deriveSynth(t, c.cfg, opt)
			opt.eagerAdjust = true
			eager := deriveSynth(t, c.cfg, opt)
			if lazy.Validation == nil || eager.Validation == nil {
				t.Fatal("no validation")
			}
			final := func(r *Result) []*Stat {
				return append(append(append([]*Stat{}, r.Criteria...), r.NegativeTraits...), r.Disqualifiers...)
			}
			fl, fe := final(lazy), final(eager)
			if len(fl) != len(fe) {
				t.Fatalf("%d chosen conditions lazily, %d eagerly", len(fl), len(fe))
			}
			checked := 0
			for k := range fl {
				if fl[k].Display != fe[k].Display {
					t.Fatalf("condition %d: %q lazily, %q eagerly", k, fl[k].Display, fe[k].Display)
				}
				cl, ce := lazy.Checks[fl[k]], eager.Checks[fe[k]]
				if cl.FoldsChosen != ce.FoldsChosen || !same(cl.Stability, ce.Stability) || !same(cl.HoldoutLift, ce.HoldoutLift) ||
					len(cl.HoldsAtTops) != len(ce.HoldsAtTops) {
					t.Errorf("%s: lazily folds %d, halves %v, held-out lift %v, tops %v; eagerly %d, %v, %v, %v",
						fl[k].Display, cl.FoldsChosen, cl.Stability, cl.HoldoutLift, cl.HoldsAtTops, ce.FoldsChosen, ce.Stability, ce.HoldoutLift, ce.HoldsAtTops)
				}
				for i := range min(len(cl.HoldsAtTops), len(ce.HoldsAtTops)) {
					if cl.HoldsAtTops[i] != ce.HoldsAtTops[i] {
						t.Errorf("%s: holds at cut-off %d lazily %v, eagerly %v", fl[k].Display, i, cl.HoldsAtTops[i], ce.HoldsAtTops[i])
					}
				}
				checked++
			}
			if (lazy.Segment == nil) != (eager.Segment == nil) || lazy.Segment != nil && !same(lazy.Segment.Stability, eager.Segment.Stability) {
				t.Errorf("segment stability differs")
			}
			vl, ve := lazy.Validation, eager.Validation
			if vl.NoSignalResamples != ve.NoSignalResamples || len(vl.Tiers) != len(ve.Tiers) {
				t.Fatalf("no-signal resamples %d lazily, %d eagerly; %d and %d held-out tiers", vl.NoSignalResamples, ve.NoSignalResamples, len(vl.Tiers), len(ve.Tiers))
			}
			for k := range vl.Tiers {
				if vl.Tiers[k].N != ve.Tiers[k].N || vl.Tiers[k].Best != ve.Tiers[k].Best {
					t.Errorf("tier %s held out: %d/%d lazily, %d/%d eagerly", vl.Tiers[k].Tier, vl.Tiers[k].Best, vl.Tiers[k].N, ve.Tiers[k].Best, ve.Tiers[k].N)
				}
			}
			t.Logf("%d chosen conditions, validation equal", checked)
		})
	}
}
