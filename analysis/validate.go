package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// Validation limits: cross-validation runs on at most this many analysed customers,
// stability resamples hold at most this many (half the customers otherwise).
const (
	maxValidationRows = 100_000
	maxResampleRows   = 10_000
)

// Validation is how the derivation holds up on customers it did not choose from.
type Validation struct {
	Folds        int       `json:"folds"`
	Rows         int       `json:"rows"`      // customers in the cross-validation
	Tiers        []TierRow `json:"tiers"`     // out-of-fold best-customer rate per tier
	Resamples    int       `json:"resamples"` // stability resamples run
	ResampleRows int       `json:"resample_rows"`
	// NoSignalResamples counts resamples that found no criterion at all.
	NoSignalResamples int `json:"no_signal_resamples"`
	// Tops lists the best-customer shares of the cut-off sensitivity check.
	Tops []float64 `json:"tops,omitempty"`
}

// Check is one criterion's (or disqualifier's) validation.
type Check struct {
	FoldsChosen  int     `json:"folds_chosen"` // folds whose training rows gave a matching condition
	HoldoutN     int     `json:"holdout_n"`    // held-out customers matching it
	HoldoutBest  int     `json:"holdout_best"` // of which best customers
	HoldoutLift  float64 `json:"holdout_lift"` // lift on held-out customers (NaN if never chosen)
	HoldoutLow   float64 `json:"holdout_lift_low"`
	HoldoutHigh  float64 `json:"holdout_lift_high"`
	Stability    float64 `json:"stability"`     // share of resamples that chose a matching condition
	HoldsAtTops  []bool  `json:"holds_at_tops"` // chosen again at each of Validation.Tops
	HoldsAtAll   bool    `json:"holds_at_all"`
	heldOutTotal [2]int  // held-out customers and best customers, for the lift
}

// similar reports whether a condition found on other rows expresses the same criterion:
// the same attribute and operator, and overlapping values or ranges.
func similar(a, b profile.Condition) bool {
	if a.Attribute != b.Attribute || a.Op != b.Op {
		return false
	}
	if a.Op == profile.OpRange {
		lo := func(c profile.Condition) float64 {
			if c.Min == nil {
				return math.Inf(-1)
			}
			return *c.Min
		}
		hi := func(c profile.Condition) float64 {
			if c.Max == nil {
				return math.Inf(1)
			}
			return *c.Max
		}
		return math.Max(lo(a), lo(b)) < math.Min(hi(a), hi(b))
	}
	for _, v := range a.Values {
		if b.MatchValue(v) {
			return true
		}
	}
	return false
}

// subTable copies the given rows of t into a compact table (attribute data only; text
// and empty columns keep their kind but no values).
func subTable(t *dataset.Table, idx []int) *dataset.Table {
	s := &dataset.Table{Path: t.Path, SHA256: t.SHA256, Rows: len(idx), Columns: make([]*dataset.Column, len(t.Columns))}
	for ci, c := range t.Columns {
		n := &dataset.Column{Name: c.Name, Index: c.Index, Kind: c.Kind, Levels: c.Levels, Display: c.Display}
		switch c.Kind {
		case dataset.Numeric, dataset.Boolean, dataset.Date:
			n.Num = make([]float64, len(idx))
			for k, i := range idx {
				n.Num[k] = c.Num[i]
			}
		case dataset.Categorical:
			n.Codes = make([]int32, len(idx))
			for k, i := range idx {
				n.Codes[k] = c.Codes[i]
			}
		case dataset.Multi:
			n.ItemOffsets = make([]int32, 1, len(idx)+1)
			if c.MultiMissing != nil {
				n.MultiMissing = make([]bool, len(idx))
			}
			for k, i := range idx {
				n.ItemCodes = append(n.ItemCodes, c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]]...)
				n.ItemOffsets = append(n.ItemOffsets, int32(len(n.ItemCodes)))
				if c.MultiMissing != nil {
					n.MultiMissing[k] = c.MultiMissing[i]
				}
			}
		}
		s.Columns[ci] = n
	}
	return s
}

// subGroup is the best-customer flags of the given rows, all analysed.
func subGroup(g *BestGroup, idx []int) *BestGroup {
	s := &BestGroup{Composite: make([]float64, len(idx)), Analysed: make([]bool, len(idx)), Best: make([]bool, len(idx)),
		N: len(idx), Outcomes: g.Outcomes, Threshold: g.Threshold, Rule: g.Rule}
	for k, i := range idx {
		s.Composite[k] = g.Composite[i]
		s.Analysed[k] = true
		s.Best[k] = g.Best[i]
		if s.Best[k] {
			s.B++
		}
	}
	return s
}

// validate checks the derivation on customers it did not choose from:
//
//  1. k-fold cross-validation: criteria, disqualifiers and weights are chosen on k−1
//     folds and applied to the held-out fold; the best-customer rate per tier is counted
//     on held-out customers only, and each final criterion's lift is measured on
//     held-out customers using the matching condition of each fold (if that fold chose
//     one);
//  2. stability: the selection is repeated on Resamples random halves of the customers
//     (at most 10,000 each; subsampling without replacement, as in stability selection)
//     and each final criterion's selection frequency is recorded;
//  3. cut-off sensitivity: the selection is repeated with the best customers defined as
//     the top 10% and the top 30%, and each criterion is checked at all three cut-offs.
//
// Cross-validation and the cut-off check use at most 100,000 customers (a seeded random
// subset beyond that). All sampling is seeded by opt.Seed.
// validate stops with ctx's error when ctx is cancelled.
func validate(ctx context.Context, t *dataset.Table, g *BestGroup, opt Options, bestCol string, near map[string]string, res *Result) error {
	rng := rand.New(rand.NewPCG(opt.Seed, 0x1c9_5eed))
	var all []int
	for i, a := range g.Analysed {
		if a {
			all = append(all, i)
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	v := &Validation{Folds: opt.Folds}
	res.Validation = v
	res.Checks = map[*Stat]*Check{}
	final := append(append([]*Stat{}, res.Criteria...), res.Disqualifiers...)
	for _, s := range final {
		res.Checks[s] = &Check{HoldoutLift: math.NaN(), HoldoutLow: math.NaN(), HoldoutHigh: math.NaN()}
	}
	sub := opt
	sub.Progress = func(string) {}

	// 1. Cross-validation.
	cv := all[:min(len(all), maxValidationRows)]
	v.Rows = len(cv)
	if len(cv) >= 2*opt.Folds {
		opt.Progress("cross-validating")
		names := profile.Scoring{Tiers: profile.DefaultTiers()}.TierNames()
		tiers := make([]TierRow, len(names))
		churned := make([]int, len(names))
		churn := ChurnFlags(t, opt.Roles)
		var hN, hB int
		for f := range opt.Folds {
			if err := ctx.Err(); err != nil {
				return err
			}
			var train, test []int
			for k, i := range cv {
				if k%opt.Folds == f {
					test = append(test, i)
				} else {
					train = append(train, i)
				}
			}
			r := analyse(subTable(t, train), subGroup(g, train), sub, bestCol, near)
			for _, i := range test {
				hN++
				if g.Best[i] {
					hB++
				}
			}
			crit := make([]profile.Criterion, len(r.Criteria))
			for j, s := range r.Criteria {
				crit[j] = profile.Criterion{Condition: s.Condition, Weight: float64(r.Points[j])}
			}
			scoring := profile.Scoring{Tiers: profile.DefaultTiers()}
			weights := floats(r.Points)
			matched := make([]bool, len(crit))
			for _, i := range test {
				for j, c := range crit {
					matched[j], _ = c.MatchColumn(t.Column(c.Attribute), i)
				}
				disq := false
				for _, d := range r.Disqualifiers {
					m, _ := d.Condition.MatchColumn(t.Column(d.Condition.Attribute), i)
					disq = disq || m
				}
				ti := scoring.TierIndex(scoring.Tier(profile.Score(weights, matched, nil, nil), false, disq))
				tiers[ti].N++
				if g.Best[i] {
					tiers[ti].Best++
				}
				if churn != nil && !math.IsNaN(churn[i]) {
					tiers[ti].ChurnN++
					if churn[i] == 1 {
						churned[ti]++
					}
				}
			}
			for _, s := range final {
				ck := res.Checks[s]
				pool := r.Criteria
				if s.Role == RoleDisqualifier {
					pool = r.Disqualifiers
				}
				for _, fs := range pool {
					if !similar(fs.Condition, s.Condition) {
						continue
					}
					ck.FoldsChosen++
					col := t.Column(fs.Condition.Attribute)
					for _, i := range test {
						if m, _ := fs.Condition.MatchColumn(col, i); m {
							ck.HoldoutN++
							if g.Best[i] {
								ck.HoldoutBest++
							}
						}
					}
					break
				}
			}
		}
		for i := range tiers {
			tiers[i].Tier = names[i]
			if tiers[i].N > 0 {
				tiers[i].Rate = float64(tiers[i].Best) / float64(tiers[i].N)
			}
			tiers[i].RateLow, tiers[i].RateHigh = stats.Wilson(tiers[i].Best, tiers[i].N, stats.Z95)
			if tiers[i].ChurnN > 0 {
				tiers[i].ChurnRate = float64(churned[i]) / float64(tiers[i].ChurnN)
			}
		}
		v.Tiers = tiers
		base := float64(hB) / float64(hN)
		for _, ck := range res.Checks {
			if ck.HoldoutN > 0 && base > 0 {
				ck.HoldoutLift = float64(ck.HoldoutBest) / float64(ck.HoldoutN) / base
				lo, hi := stats.Wilson(ck.HoldoutBest, ck.HoldoutN, stats.Z95)
				ck.HoldoutLow, ck.HoldoutHigh = lo/base, hi/base
			}
		}
	}

	// 2. Stability over random halves.
	m := min(len(all)/2, maxResampleRows)
	if m >= 20 && opt.Resamples > 0 {
		v.Resamples, v.ResampleRows = opt.Resamples, m
		idx := make([]int, len(all))
		copy(idx, all)
		// Draw every subset first (in order, from the seeded source), then analyse them
		// on all cores; the counts are sums, so the result does not depend on timing.
		picks := make([][]int, opt.Resamples)
		for r := range picks {
			// Partial Fisher–Yates: the first m entries become a uniform random subset.
			for k := range m {
				j := k + rng.IntN(len(idx)-k)
				idx[k], idx[j] = idx[j], idx[k]
			}
			picks[r] = slices.Sorted(slices.Values(idx[:m])) // file order: cheaper copies
		}
		chosen := make([][]bool, opt.Resamples) // per resample, per final condition
		noSignal := make([]bool, opt.Resamples)
		var wg sync.WaitGroup
		next := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				for r := range next {
					pick := picks[r]
					rr := analyse(subTable(t, pick), subGroup(g, pick), sub, bestCol, near)
					noSignal[r] = len(rr.Criteria) == 0
					chosen[r] = make([]bool, len(final))
					for fi, s := range final {
						pool := rr.Criteria
						if s.Role == RoleDisqualifier {
							pool = rr.Disqualifiers
						}
						for _, x := range pool {
							if similar(x.Condition, s.Condition) {
								chosen[r][fi] = true
								break
							}
						}
					}
				}
			})
		}
		for r := range picks {
			if ctx.Err() != nil {
				break
			}
			if r%20 == 0 {
				opt.Progress(fmt.Sprintf("resampling %d/%d", r, opt.Resamples))
			}
			next <- r
		}
		close(next)
		wg.Wait()
		if err := ctx.Err(); err != nil {
			return err
		}
		counts := map[*Stat]int{}
		for r := range picks {
			if noSignal[r] {
				v.NoSignalResamples++
			}
			for fi, s := range final {
				if chosen[r][fi] {
					counts[s]++
				}
			}
		}
		for _, s := range final {
			res.Checks[s].Stability = float64(counts[s]) / float64(opt.Resamples)
		}
	}

	// 3. Cut-off sensitivity (only for the composite score).
	if opt.Best == "" && len(res.Criteria) > 0 {
		opt.Progress("checking other cut-offs")
		v.Tops = []float64{0.1, opt.Top, 0.3}
		groups, err := RankBestTops(t, opt.Roles, opt.Weights, v.Tops...)
		for ti, top := range v.Tops {
			var rr *Result
			switch {
			case top == opt.Top:
				rr = res
			default:
				if err != nil {
					continue
				}
				gg := groups[ti]
				o := sub
				o.Top = top
				if len(cv) < len(all) {
					rr = analyse(subTable(t, cv), subGroup(gg, cv), o, bestCol, near)
				} else {
					rr = analyse(t, gg, o, bestCol, near)
				}
			}
			for _, s := range res.Criteria {
				held := false
				for _, x := range rr.Criteria {
					held = held || similar(x.Condition, s.Condition)
				}
				res.Checks[s].HoldsAtTops = append(res.Checks[s].HoldsAtTops, held)
			}
		}
		for _, s := range res.Criteria {
			ck := res.Checks[s]
			ck.HoldsAtAll = len(ck.HoldsAtTops) == len(v.Tops)
			for _, h := range ck.HoldsAtTops {
				ck.HoldsAtAll = ck.HoldsAtAll && h
			}
		}
	}
	for _, s := range res.Criteria {
		ck := res.Checks[s]
		if v.Resamples > 0 && ck.Stability < 0.6 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("criterion %q was chosen in only %.0f%% of %d resamples: it may not hold on new customers", s.Display, 100*ck.Stability, v.Resamples))
		}
		if !math.IsNaN(ck.HoldoutLift) && ck.HoldoutLow <= 1 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("criterion %q: on held-out customers its lift is %.2f× with an interval reaching %.2f×, not clearly above 1", s.Display, ck.HoldoutLift, ck.HoldoutLow))
		}
	}
	return nil
}
