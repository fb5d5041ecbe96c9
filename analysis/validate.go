package analysis

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/radix"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
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
	FoldsChosen int     `json:"folds_chosen"` // folds whose training rows gave a matching condition
	HoldoutN    int     `json:"holdout_n"`    // held-out customers matching it
	HoldoutBest int     `json:"holdout_best"` // of which best customers
	HoldoutLift float64 `json:"holdout_lift"` // lift on held-out customers (NaN if never chosen)
	HoldoutLow  float64 `json:"holdout_lift_low"`
	HoldoutHigh float64 `json:"holdout_lift_high"`
	Stability   float64 `json:"stability"`     // share of resamples that chose a matching condition
	HoldsAtTops []bool  `json:"holds_at_tops"` // chosen again at each of Validation.Tops
	HoldsAtAll  bool    `json:"holds_at_all"`
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
		if scoring.MatchValue(b, v) {
			return true
		}
	}
	return false
}

// subTable copies the given rows of t into a compact table (attribute data only; text
// and empty columns keep their kind but no values). With need, only the columns it
// names get their values; the others keep their kind and levels only.
func subTable(t *dataset.Table, idx []int, need map[string]bool) *dataset.Table {
	s := &dataset.Table{Path: t.Path, SHA256: t.SHA256, Rows: len(idx), Columns: make([]*dataset.Column, len(t.Columns))}
	for ci, c := range t.Columns {
		n := &dataset.Column{Name: c.Name, Index: c.Index, Kind: c.Kind, Levels: c.Levels, Display: c.Display}
		if need != nil && !need[c.Name] {
			// Not needed: the kind and levels only (a partition attribute's bins come
			// from the main run, see analyse).
			s.Columns[ci] = n
			continue
		}
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
			items := 0
			for _, i := range idx {
				items += int(c.ItemOffsets[i+1] - c.ItemOffsets[i])
			}
			n.ItemCodes = make([]int32, 0, items)
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
//  1. k-fold cross-validation: the whole derivation (segment, criteria, negative
//     traits, points, disqualifiers and tier cuts) runs on k−1 folds and its rules
//     are applied to the held-out fold; the best-customer rate per tier is counted on
//     held-out customers only, so it comes from customers used neither to choose the
//     criteria nor to cut the tiers. Each final condition's lift is measured on
//     held-out customers using the matching condition of each fold (if that fold chose
//     one), and the segment's using each fold's own segment when it has the same
//     attributes;
//  2. stability: the derivation is repeated on Resamples random halves of the
//     customers (at most 10,000 each; windows at random offsets in a keyed random
//     order) and each final condition's selection frequency is recorded, and the
//     segment's (a segment on the same attributes);
//  3. cut-off sensitivity: the derivation is repeated with the best customers defined
//     as the top 10% and the top 30%, and each criterion is checked at all three.
//
// Folds, halves and subsets are drawn from the rows' keys and opt.Seed (see rowKeys),
// never from the rows' order. Cross-validation and the cut-off check use at most
// 100,000 customers (a keyed random subset beyond that). Sub-derivations reuse the
// main run's search sizes and cut points; tops holds best groups at other cut-offs
// already ranked (by top share). validate stops with ctx's error when ctx is cancelled.
func validate(ctx context.Context, t *dataset.Table, g *BestGroup, opt Options, bestCol string, near map[string]string, sh *shared, keys []uint64, tops map[float64]*BestGroup, d *draws, res *Result) error {
	all, cv, folds, order := d.all, d.cv, d.folds, d.order
	v := &Validation{Folds: opt.Folds}
	res.Validation = v
	res.Checks = map[*Stat]*Check{}
	final := slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers)
	for _, s := range final {
		res.Checks[s] = &Check{HoldoutLift: math.NaN(), HoldoutLow: math.NaN(), HoldoutHigh: math.NaN()}
	}
	sub := opt
	sub.Progress = func(string) {}
	// The sub-analyses take the main run's bins for partition attributes (see
	// analyse); of the table they need only the list columns and churn.
	need := map[string]bool{opt.Roles.Churn: opt.Roles.Churn != ""}
	for _, an := range res.Attributes {
		if at := sh.attrs[an.Column]; an.Used && (at == nil || at.multi) {
			need[an.Column] = true
		}
	}
	run := func(idx []int, gg *BestGroup, o Options) *Result {
		if len(idx) == t.Rows {
			return analyse(t, gg, o, bestCol, near, sh, false, keys, nil)
		}
		return analyse(subTable(t, idx, need), subGroup(gg, idx), o, bestCol, near, sh, false, subKeys(keys, idx), idx)
	}
	same := func(r *Result) bool { // r's segment has the final segment's attributes
		if r.Segment == nil || res.Segment == nil || len(r.Segment.Parts) != len(res.Segment.Parts) {
			return false
		}
		for _, p := range res.Segment.Parts {
			if !slices.ContainsFunc(r.Segment.Parts, func(x *Stat) bool { return x.Condition.Attribute == p.Condition.Attribute }) {
				return false
			}
		}
		return true
	}

	// The re-runs — the folds of cross-validation (1), the random halves (2) and the
	// other cut-offs (3) — are independent of each other: they run on all cores from
	// one queue, the large ones first, each into its own slot, and are combined below
	// in a fixed order, so the outcome does not depend on the scheduling.
	v.Rows = len(cv)
	train := func(f int) []int {
		var idx []int
		for h := range folds {
			if h != f {
				idx = append(idx, folds[h]...)
			}
		}
		radix.SortInts(idx)
		return idx
	}
	m := d.m
	resamples := 0
	if order != nil {
		resamples = opt.Resamples
		v.Resamples, v.ResampleRows = opt.Resamples, m
	}
	// The smallest share of the customers a re-run sees.
	f := float64(len(cv)) / float64(len(all))
	if len(folds) > 0 {
		f *= float64(opt.Folds-1) / float64(opt.Folds)
	}
	if resamples > 0 {
		f = min(f, float64(m)/float64(len(all)))
	}
	sh.keep = screen(res, sh, f, opt.Alpha)
	// The re-runs never look at the rows of an attribute screened out: its bins can go
	// (40 MB on 5,000 columns × 2,000 rows).
	for name, at := range sh.attrs {
		if sh.keep != nil && !sh.keep[name] {
			at.bin, at.fineBin = binCol{}, binCol{}
		}
	}
	window := func(r int) []int {
		off := int(draw(uint64(r), opt.Seed, 0x0ff5e7) % uint64(len(order)))
		w := make([]int, 0, m)
		for k := range m {
			w = append(w, order[(off+k)%len(order)])
		}
		radix.SortInts(w)
		return w
	}
	var groups []*BestGroup
	var groupsErr error
	if opt.Best == "" && len(res.Criteria) > 0 {
		v.Tops = []float64{0.1, opt.Top, 0.3}
		groups = make([]*BestGroup, len(v.Tops))
		for k, top := range v.Tops {
			groups[k] = tops[top]
		}
		if slices.Contains(groups, nil) {
			groups, groupsErr = rankBestTops(t, opt.Roles, opt.Weights, keys, v.Tops...)
		}
	}
	foldRes := make([]*Result, len(folds))
	topRes := make([]*Result, len(v.Tops))
	chosen := make([][]bool, resamples) // per resample, per final condition
	segSame := make([]bool, resamples)
	noSignal := make([]bool, resamples)
	jobs := len(folds) + len(v.Tops) + resamples
	do := func(j int) {
		switch {
		case j < len(folds):
			foldRes[j] = run(train(j), g, sub)
		case j < len(folds)+len(v.Tops):
			ti := j - len(folds)
			switch {
			case v.Tops[ti] == opt.Top:
				topRes[ti] = res
			case groupsErr == nil:
				o := sub
				o.Top, o.choiceOnly = v.Tops[ti], true
				topRes[ti] = run(cv, groups[ti], o)
			}
		default:
			r := j - len(folds) - len(v.Tops)
			o := sub
			o.choiceOnly = true
			rr := run(window(r), g, o)
			noSignal[r] = len(rr.Criteria) == 0
			segSame[r] = same(rr)
			chosen[r] = make([]bool, len(final))
			for fi, s := range final {
				pool := rr.Criteria
				switch s.Role {
				case RoleDisqualifier, RoleNegative:
					pool = slices.Concat(rr.NegativeTraits, rr.Disqualifiers)
				}
				for _, x := range pool {
					if similar(x.Condition, s.Condition) {
						chosen[r][fi] = true
						break
					}
				}
			}
		}
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range next {
				do(j)
			}
		})
	}
	for j := range jobs {
		if ctx.Err() != nil {
			break
		}
		switch r := j - len(folds) - len(v.Tops); {
		case j == 0 && len(folds) > 0:
			opt.Progress("cross-validating")
		case j == len(folds) && len(v.Tops) > 0:
			opt.Progress("checking other cut-offs")
		case r >= 0 && r%20 == 0:
			opt.Progress(fmt.Sprintf("resampling %d/%d", r, resamples))
		}
		next <- j
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}

	// 1. Cross-validation.
	if len(folds) > 0 {
		tiers := make([]TierRow, len(res.Tiers))
		for k, r := range res.Tiers {
			tiers[k] = TierRow{Tier: r.Tier, Segment: r.Segment, MinScore: r.MinScore}
		}
		churned := make([]int, len(tiers))
		churn := ChurnFlags(t, opt.Roles)
		var hN, hB int
		for f, test := range folds {
			r := foldRes[f]
			rl := rulesOf(r)
			for _, i := range test {
				hN++
				hB += b2i(g.Best[i])
				k := rl.tierOf(t, i)
				// The fold's tier, by name, among the final tiers (a fold may have
				// merged tiers the final profile keeps, or the reverse).
				name := rl.tiers[k].Tier
				fk := slices.IndexFunc(tiers, func(x TierRow) bool { return x.Tier == name })
				if fk < 0 {
					fk = len(tiers) - 2
				}
				tiers[fk].N++
				tiers[fk].Best += b2i(g.Best[i])
				if churn != nil && !math.IsNaN(churn[i]) {
					tiers[fk].ChurnN++
					if churn[i] == 1 {
						churned[fk]++
					}
				}
			}
			if res.Segment != nil && same(r) {
				for _, i := range test {
					if rl.inSegment(t, i) {
						res.Segment.HoldoutN++
						res.Segment.HoldoutB += b2i(g.Best[i])
					}
				}
			}
			for _, s := range final {
				ck := res.Checks[s]
				pool := r.Criteria
				switch s.Role {
				case RoleDisqualifier, RoleNegative:
					pool = slices.Concat(r.NegativeTraits, r.Disqualifiers)
				}
				for _, fs := range pool {
					if !similar(fs.Condition, s.Condition) {
						continue
					}
					ck.FoldsChosen++
					col := t.Column(fs.Condition.Attribute)
					for _, i := range test {
						if m, _ := scoring.MatchColumn(fs.Condition, col, i); m {
							ck.HoldoutN++
							ck.HoldoutBest += b2i(g.Best[i])
						}
					}
					break
				}
			}
		}
		for i := range tiers {
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
		if sg := res.Segment; sg != nil && sg.HoldoutN > 0 && base > 0 {
			sg.HoldoutLift = float64(sg.HoldoutB) / float64(sg.HoldoutN) / base
			lo, hi := stats.Wilson(sg.HoldoutB, sg.HoldoutN, stats.Z95)
			sg.HoldoutLow, sg.HoldoutHigh = lo/base, hi/base
		}
	}

	// 2. Stability over random halves.
	if resamples > 0 {
		counts := map[*Stat]int{}
		segCount := 0
		for r := range resamples {
			if noSignal[r] {
				v.NoSignalResamples++
			}
			segCount += b2i(segSame[r])
			for fi, s := range final {
				if chosen[r][fi] {
					counts[s]++
				}
			}
		}
		for _, s := range final {
			res.Checks[s].Stability = float64(counts[s]) / float64(resamples)
		}
		if res.Segment != nil {
			res.Segment.Stability = float64(segCount) / float64(resamples)
		}
	}

	// 3. Cut-off sensitivity (only for the composite score).
	if len(v.Tops) > 0 {
		for ti := range v.Tops {
			rr := topRes[ti]
			if rr == nil {
				continue
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
	if sg := res.Segment; sg != nil && v.Resamples > 0 && !math.IsNaN(sg.Stability) && sg.Stability < 0.6 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the sweet spot %q was found again in only %.0f%% of %d random halves of the data: its exact bounds may not hold on new customers (its parts' own stability is in the validation table)", sg.Display, 100*sg.Stability, v.Resamples))
	}
	for _, s := range res.Criteria {
		ck := res.Checks[s]
		if v.Resamples > 0 && ck.Stability < 0.6 {
			msg := fmt.Sprintf("criterion %q was chosen in only %.0f%% of %d random halves of the data", s.Display, 100*ck.Stability, v.Resamples)
			if !math.IsNaN(ck.HoldoutLift) && ck.HoldoutLow > 1 {
				// Unstable choice, sound association: another sample might have picked a
				// related trait, but where this one was picked it held out of sample.
				msg += fmt.Sprintf(" (and in %d of %d folds): the data does not single it out reliably, though where it was chosen it held on held-out customers (lift %.2f×, 95%% CI %.2f–%.2f)", ck.FoldsChosen, v.Folds, ck.HoldoutLift, ck.HoldoutLow, ck.HoldoutHigh)
			} else {
				msg += ": it may not hold on new customers"
			}
			res.Warnings = append(res.Warnings, msg)
		}
		if !math.IsNaN(ck.HoldoutLift) && ck.HoldoutLow <= 1 {
			res.Warnings = append(res.Warnings, fmt.Sprintf("criterion %q: on held-out customers its lift is %.2f× with an interval reaching %.2f×, not clearly above 1", s.Display, ck.HoldoutLift, ck.HoldoutLow))
		}
	}
	return nil
}

// screenMinAttrs is the number of attributes above which validation's sub-analyses
// screen them (see screen).
const screenMinAttrs = 100

// screen returns the attributes the sub-analyses of validation re-test, or nil for
// all of them. An attribute is left out when its evidence on all the customers makes
// passing the correction on the subsets all but impossible: with F families and the
// Benjamini–Yekutieli factor c(F), a family passes only below p* = α/(F·c(F)) (z*); a
// subset holding a fraction f of the customers has, given the full data's z, a z of
// about z·√f + N(0, 1−f); so attributes whose full-data z (from their smallest
// search-adjusted p, over, under or churn) is below (z* − 4·√(1−f))/√f — four
// standard deviations short — are left out, f being the smallest subset validation
// draws (the random halves; the folds hold more). When that bound is not positive (a
// subset so small that four of its standard deviations reach z*), everything is kept. The attributes of the final conditions, their
// alternatives and the segment are always kept, and the others still count in the
// sub-analyses' correction (families at p = 1) and segment gates. On wide files
// re-testing every attribute on every subset was most of the time they took.
//
// The bound is on an attribute's own evidence; inside a segment an attribute can matter
// that does not matter alone, and a screened one can no longer refine a subset's
// segment. On a 5,000-customer interaction plant with high-cardinality noise (15
// attributes; icpgen --shape interaction --rows 5000 --seed 5 --high-card-noise) it moved a
// stability from 99.0% to 100.0%. So screening applies only to files of more than
// screenMinAttrs attributes, where re-testing costs most; below that the sub-analyses
// re-test everything, as the main run does.
func screen(res *Result, sh *shared, f float64, alpha float64) map[string]bool {
	if len(sh.attrs) <= screenMinAttrs {
		return nil
	}
	families := 0
	for _, at := range sh.attrs {
		for _, p := range [3]float64{at.fam[0], at.fam[2], at.fam[4]} {
			families += b2i(!math.IsNaN(p))
		}
	}
	if families == 0 || f <= 0 || f >= 1 {
		return nil
	}
	zStar := math.Sqrt2 * math.Erfcinv(2*alpha/(float64(families)*stats.Harmonic(families)))
	zKeep := (zStar - 4*math.Sqrt(1-f)) / math.Sqrt(f)
	if zKeep <= 0 {
		return nil
	}
	pKeep := max(stats.NormalUpper(zKeep), 0.01)
	keep := map[string]bool{}
	for name, at := range sh.attrs {
		for _, p := range [3]float64{at.fam[0], at.fam[2], at.fam[4]} {
			if p < pKeep {
				keep[name] = true
			}
		}
	}
	for _, s := range slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers) {
		keep[s.Condition.Attribute] = true
		for _, alt := range res.Alternatives[s] {
			keep[alt.Condition.Attribute] = true
		}
	}
	if res.Segment != nil {
		for _, p := range res.Segment.Parts {
			keep[p.Condition.Attribute] = true
		}
	}
	return keep
}

// subKeys is the keys of the given rows.
func subKeys(keys []uint64, idx []int) []uint64 {
	out := make([]uint64, len(idx))
	for k, i := range idx {
		out[k] = keys[i]
	}
	return out
}

// keyedOrder returns rows sorted by their draw for the seed and stream: a random order
// that depends on the rows' keys, not on their positions (ties: position).
// draws are validation's keyed random choices of customers, which depend only on the
// analysed customers, their keys and the seed: the main run's analysis can go on
// beside them (see Derive).
type draws struct {
	all   []int   // the analysed customers
	cv    []int   // those in the cross-validation and the cut-off check (at most maxValidationRows, a keyed subset)
	folds [][]int // cv split into opt.Folds keyed folds (nil when cv is too small)
	m     int     // customers in each random half
	order []int   // every analysed customer in one keyed random order (nil without resamples)
}

// drawValidation makes validation's keyed draws for the customers g analyses.
func drawValidation(g *BestGroup, opt Options, keys []uint64) *draws {
	d := &draws{all: make([]int, 0, g.N)}
	for i, a := range g.Analysed {
		if a {
			d.all = append(d.all, i)
		}
	}
	// A keyed subset: each customer in with probability p, by its own draw.
	d.cv = d.all
	if p := float64(maxValidationRows) / float64(len(d.all)); p < 1 {
		d.cv = nil
		for _, i := range d.all {
			if unit(draw(keys[i], opt.Seed, 0xc5)) < p {
				d.cv = append(d.cv, i)
			}
		}
	}
	if len(d.cv) >= 2*opt.Folds {
		d.folds = make([][]int, opt.Folds)
		for _, i := range d.cv {
			f := draw(keys[i], opt.Seed, 0xf01d) % uint64(opt.Folds)
			d.folds[f] = append(d.folds[f], i)
		}
	}
	// Each half is a window of m customers at a keyed random offset in one keyed
	// random order of all of them (sorted once): as random as drawing each half anew,
	// at the cost of m per half rather than of every customer.
	d.m = min(len(d.all)/2, maxResampleRows)
	if d.m >= 20 && opt.Resamples > 0 {
		d.order = keyedOrder(d.all, keys, opt.Seed, 0x5ab1e)
	}
	return d
}

func keyedOrder(rows []int, keys []uint64, seed, stream uint64) []int {
	ks := make([]radix.Pair, len(rows))
	for k, i := range rows {
		ks[k] = radix.Pair{Key: draw(keys[i], seed, stream), Index: int32(i)}
	}
	// Stable on rows in ascending order: equal draws stay in row order.
	if !slices.IsSorted(rows) {
		slices.SortFunc(ks, func(x, y radix.Pair) int { return cmp.Compare(x.Index, y.Index) })
	}
	ks = radix.Sort(ks)
	out := make([]int, len(rows))
	for k, x := range ks {
		out[k] = int(x.Index)
	}
	return out
}
