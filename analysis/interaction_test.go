package analysis

import (
	"bytes"
	"context"
	"math"
	"slices"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/quality"
	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/internal/testenv"
	"github.com/icp-dev/icp/profile"
)

// synthTable generates a synthetic export and loads it.
func synthTable(t testing.TB, cfg synth.Config) *dataset.Table {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.Write(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	tab, err := dataset.Read(&buf, "synth.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// partFound reports whether a profile condition expresses a planted segment part: a
// value set holding the planted values and at most one more, a range overlapping the
// planted one by at least half (intersection over union, log scale), the same item.
func partFound(c profile.Condition, e synth.Effect) bool {
	if c.Attribute != e.Attribute || c.Op != e.Op {
		return false
	}
	if c.Op == profile.OpRange {
		lo, hi := bounds(c)
		return logIoU(lo, hi, e.Min, e.Max, 1, 50000) >= 0.5
	}
	for _, v := range e.Values {
		if !slices.Contains(c.Values, v) {
			return false
		}
	}
	return len(c.Values) <= len(e.Values)+1
}

// rateIn is the best-customer rate among analysed rows where in is set.
func rateIn(g *BestGroup, in []bool) (rate float64, n int) {
	b := 0
	for i, ok := range in {
		if ok && g.Analysed[i] {
			n++
			b += b2i(g.Best[i])
		}
	}
	return float64(b) / float64(max(1, n)), n
}

// TestInteractionRates: 20 seeds × 20,000 rows of the interaction-shaped plant (best
// customers are industry in {retail, manufacturing, logistics} AND 300 ≤ employees <
// 2,500 AND tech stack has HubSpot, each part alone lifting the best rate < 1.3×; two
// negative traits), each profile scored on a fresh file from the next seed. Checks and
// prints: every part in the profile in ≥ 18/20; the segment's lift within ±15% of the
// planted segment's lift in the same file in ≥ 18/20; no unplanted attribute proposed
// in ≥ 19/20; on fresh customers tier A's best rate ≥ 85% of the planted segment's, at
// most 10% of the planted segment disqualified, and the fit's AUC (tier, then score
// within tier) no more than 0.01 below an L2 logistic regression on one-hot attributes
// (internal/quality) trained on the same file. Run with ICP_RATES=1.
func TestInteractionRates(t *testing.T) {
	testenv.NeedRates(t)
	t.Parallel()
	const seeds = 20
	var partsOK, liftOK, clean int
	var tierA, planted, disq, segN, aucFit, aucBase float64
	for seed := uint64(1); seed <= seeds; seed++ {
		cfg := synth.Config{Rows: 20000, Seed: seed, Shape: synth.ShapeInteraction, Messy: true, NoiseAttrs: 4}
		truth := synth.Truth(cfg)
		tab := synthTable(t, cfg)
		roles, _, err := DetectRoles(tab, Roles{}, false)
		if err != nil {
			t.Fatal(err)
		}
		opt := Options{Roles: roles, Seed: seed, Resamples: -1}
		res, err := Derive(context.Background(), tab, opt)
		if err != nil {
			t.Fatal(err)
		}
		var conds []profile.Condition
		for _, s := range res.Criteria {
			conds = append(conds, s.Condition)
		}
		all := true
		for _, e := range truth.Segment {
			all = all && slices.ContainsFunc(conds, func(c profile.Condition) bool { return partFound(c, e) })
		}
		partsOK += b2i(all)
		inPlanted, err := synth.InSegment(cfg)
		if err != nil {
			t.Fatal(err)
		}
		pr, _ := rateIn(res.Best, inPlanted)
		base := float64(res.Best.B) / float64(res.Best.N)
		segLift := math.NaN()
		if res.Segment != nil {
			segLift = res.Segment.Lift
		}
		if math.Abs(segLift/(pr/base)-1) <= 0.15 {
			liftOK++
		}
		plantedAttr := map[string]bool{}
		for _, e := range slices.Concat(truth.Segment, truth.NegativeTraits) {
			plantedAttr[e.Attribute] = true
		}
		extra := ""
		for _, s := range slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers) {
			if !plantedAttr[s.Condition.Attribute] {
				extra = s.Display
			}
		}
		if extra == "" {
			clean++
		}

		// Fresh customers.
		fcfg := cfg
		fcfg.Seed = seed + 1000
		fresh := synthTable(t, fcfg)
		fg, err := RankBest(fresh, roles, nil, 0.2)
		if err != nil {
			t.Fatal(err)
		}
		fIn, err := synth.InSegment(fcfg)
		if err != nil {
			t.Fatal(err)
		}
		rl := rulesOf(res)
		scores := make([]float64, fresh.Rows)
		inA := make([]bool, fresh.Rows)
		var labels []bool
		var fit []float64
		nd, ns := 0, 0
		for i := range fresh.Rows {
			k := rl.tierOf(fresh, i)
			scores[i] = -float64(k)*1000 + float64(rl.score(fresh, i))
			inA[i] = k == 0 && rl.tiers[0].Segment
			if fIn[i] && fg.Analysed[i] {
				ns++
				nd += b2i(k == len(rl.tiers)-1)
			}
			if fg.Analysed[i] {
				labels = append(labels, fg.Best[i])
				fit = append(fit, scores[i])
			}
		}
		ra, _ := rateIn(fg, inA)
		rp, _ := rateIn(fg, fIn)
		tierA += ra
		planted += rp
		disq += float64(nd)
		segN += float64(ns)

		var cols []string
		for _, c := range tab.Columns {
			if !roles.uses(c.Name) && c.Name != roles.Tenure.Column {
				cols = append(cols, c.Name)
			}
		}
		var trainLabels []bool
		keep := make([]int, 0, tab.Rows)
		for i := range tab.Rows {
			if res.Best.Analysed[i] {
				keep = append(keep, i)
				trainLabels = append(trainLabels, res.Best.Best[i])
			}
		}
		m, err := quality.Fit(subTable(tab, keep, nil), trainLabels, cols)
		if err != nil {
			t.Fatal(err)
		}
		bs, err := m.Score(fresh)
		if err != nil {
			t.Fatal(err)
		}
		var base2 []float64
		for i := range fresh.Rows {
			if fg.Analysed[i] {
				base2 = append(base2, bs[i])
			}
		}
		af, ab := quality.AUC(fit, labels), quality.AUC(base2, labels)
		aucFit += af
		aucBase += ab
		seg := "none"
		if res.Segment != nil {
			seg = res.Segment.Display
		}
		t.Logf("seed %2d: segment %s (lift %.2f, planted %.2f); parts found %v; unplanted %q; fresh: tier A %.3f, planted %.3f, AUC fit %.3f baseline %.3f",
			seed, seg, segLift, pr/base, all, extra, ra, rp, af, ab)
	}
	t.Logf("interaction plant, %d seeds × 20k rows: all three parts in the profile in %d; segment lift within ±15%% of the planted segment's in %d; no unplanted attribute in %d",
		seeds, partsOK, liftOK, clean)
	t.Logf("fresh customers: tier A best rate %.3f against the planted segment's %.3f (%.0f%%); %.1f%% of the planted segment disqualified; AUC fit %.3f, logistic baseline %.3f",
		tierA/seeds, planted/seeds, 100*tierA/planted, 100*disq/segN, aucFit/seeds, aucBase/seeds)
	if partsOK < 18 || liftOK < 18 || clean < 19 {
		t.Errorf("parts found in %d, lift within 15%% in %d, clean in %d of %d seeds (want ≥ 18, ≥ 18, ≥ 19)", partsOK, liftOK, clean, seeds)
	}
	if tierA < 0.85*planted || disq > 0.1*segN || aucFit/seeds < aucBase/seeds-0.01 {
		t.Errorf("fresh customers: tier A %.3f vs planted %.3f, %.1f%% disqualified, AUC %.3f vs baseline %.3f", tierA/seeds, planted/seeds, 100*disq/segN, aucFit/seeds, aucBase/seeds)
	}
}

// TestProxyAndSmallSampleRates: two more shapes of truth, 20 seeds each.
//
// Confounded proxy (20,000 rows): the best rate is driven by 300 ≤ employees < 2,500;
// sales_segment (the head-count band 85% of the time) and annual_revenue follow it
// without an effect of their own. The driver must be in the profile in ≥ 18/20 and a
// proxy proposed beside it in at most 2/20 (it adds nothing given the driver).
//
// Small samples (additive plant, 400 rows, 80 best customers): whatever is proposed
// must be planted: a noise attribute in at most 1 of 20 runs. The recovery rate is
// printed (it is low by nature at this size, and the output says so).
func TestProxyAndSmallSampleRates(t *testing.T) {
	testenv.NeedRates(t)
	t.Parallel()
	const seeds = 20
	driverFound, proxyProposed := 0, 0
	for seed := uint64(1); seed <= seeds; seed++ {
		cfg := synth.Config{Rows: 20000, Seed: seed, Shape: synth.ShapeProxy, Messy: true, NoiseAttrs: 4}
		truth := synth.Truth(cfg)
		res := deriveSynth(t, cfg, Options{Seed: seed, Resamples: -1})
		found := false
		for _, s := range res.Criteria {
			found = found || partFound(s.Condition, truth.Segment[0])
		}
		driverFound += b2i(found)
		for _, s := range res.Criteria {
			if slices.Contains(truth.Proxies, s.Condition.Attribute) {
				proxyProposed++
				t.Logf("proxy seed %d: proxy proposed: %s beside %v", seed, s.Display, displays(res.Criteria))
				break
			}
		}
	}
	t.Logf("proxy shape, %d seeds × 20k rows: driver found in %d, a proxy proposed beside it in %d", seeds, driverFound, proxyProposed)
	if driverFound < 18 || proxyProposed > 2 {
		t.Errorf("proxy shape: driver found in %d (want ≥ 18), proxy proposed in %d (want ≤ 2)", driverFound, proxyProposed)
	}

	cfg := synth.Config{Rows: 400, Messy: true, NoiseAttrs: 6}
	truth := synth.Truth(cfg)
	noise, recovered, planted := 0, 0, 0
	for seed := uint64(1); seed <= seeds; seed++ {
		cfg.Seed = seed
		res := deriveSynth(t, cfg, Options{Seed: seed, Resamples: -1})
		for _, s := range slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers) {
			if slices.Contains(truth.Noise, s.Condition.Attribute) {
				noise++
				t.Logf("small seed %d: noise attribute proposed: %s", seed, s.Display)
				break
			}
		}
		for _, e := range truth.Criteria {
			planted++
			if slices.ContainsFunc(res.Criteria, func(s *Stat) bool { return s.Condition.Attribute == e.Attribute }) {
				recovered++
			}
		}
	}
	t.Logf("small samples, %d seeds × 400 rows: planted criteria's attributes recovered %d of %d; a noise attribute proposed in %d", seeds, recovered, planted, noise)
	if noise > 1 {
		t.Errorf("small samples: noise proposed in %d of %d runs (want ≤ 1)", noise, seeds)
	}
}
