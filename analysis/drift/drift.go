// Package drift measures what moved between two quarters: how the customers'
// attributes moved (population stability index per column), how the best-customer
// definition moved (the old profile's fit tiers then and now, the outcomes' means),
// and how an old profile's conditions fare on new data (each tested again, with a
// verdict: holds, weakened, no longer significant).
//
// It never prints and never opens files: it takes the two loaded tables and the
// best-customer groups ranked on them, and returns values.
package drift

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/jsonnum"
	"github.com/icp-dev/icp/profile"
)

// Usual readings of the population stability index: below PSIModerate the
// distribution is stable, from PSIModerate to PSIMajor it moved moderately, above
// PSIMajor it moved a lot.
const (
	PSIModerate = 0.1
	PSIMajor    = 0.25
)

// PSILevel reads a PSI value: "stable" (< 0.1), "moderate" (0.1–0.25), "major"
// (> 0.25), or "" for NaN.
func PSILevel(psi float64) string {
	switch {
	case math.IsNaN(psi):
		return ""
	case psi < PSIModerate:
		return "stable"
	case psi <= PSIMajor:
		return "moderate"
	}
	return "major"
}

// Bin is one bin of an attribute's distribution in the old and the new table.
type Bin struct {
	Label string  `json:"label"`
	Old   float64 `json:"old"` // share of the old table's rows (multi-valued: of item mentions)
	New   float64 `json:"new"`
}

// AttributeShift is how one attribute's distribution moved between two tables.
type AttributeShift struct {
	Column string  `json:"column"`
	Kind   string  `json:"kind"`
	PSI    float64 `json:"psi"`   // NaN when the column could not be compared (see Note)
	Level  string  `json:"level"` // PSILevel(PSI)
	Bins   []Bin   `json:"bins"`
	Note   string  `json:"note,omitempty"`
}

// MarshalJSON writes a PSI that could not be computed as null.
func (d AttributeShift) MarshalJSON() ([]byte, error) {
	type plain AttributeShift
	return json.Marshal(struct {
		plain
		PSI *float64 `json:"psi"`
	}{plain(d), jsonnum.Nullable(d.PSI)})
}

// Largest returns the bin contributing most to the PSI (false when there is none).
func (d AttributeShift) Largest() (Bin, bool) {
	best, bestC := Bin{}, -1.0
	for _, b := range d.Bins {
		e, a := math.Max(b.Old, stats.PSIEpsilon), math.Max(b.New, stats.PSIEpsilon)
		if c := (a - e) * math.Log(a/e); c > bestC {
			best, bestC = b, c
		}
	}
	return best, bestC >= 0
}

// Attributes computes, per column, the PSI of the new table's distribution
// against the old table's. Columns are found by header in both tables (as
// Table.Column does); nil columns means every column of the old table that is not
// free text or empty. Binning:
//   - categorical and boolean: one bin per level (folded: "SaaS" and "saas " are one
//     level), levels of either table, plus "(missing)";
//   - numeric and date: the deciles of the old table's values (cut points at the
//     values k/10 of the way through the sorted old values, duplicates merged) plus
//     "(missing)", so each bin holds about 10% of the old rows;
//   - multi-valued: one bin per item plus "(none)" for rows with no item, counted as
//     mentions (a row listing two items counts in both bins), shares of all mentions.
//
// A column missing from one table, free text, or read as different kinds in the two
// gets PSI NaN and a Note.
func Attributes(old, new *dataset.Table, columns []string) []AttributeShift {
	if columns == nil {
		for _, c := range old.Columns {
			if c.Kind != dataset.Text && c.Kind != dataset.Empty {
				columns = append(columns, c.Name)
			}
		}
	}
	out := make([]AttributeShift, 0, len(columns))
	for _, name := range columns {
		out = append(out, Column(name, old.Column(name), new.Column(name)))
	}
	return out
}

// Column is Attributes for one pair of columns (either may be nil).
func Column(name string, oc, nc *dataset.Column) AttributeShift {
	d := AttributeShift{Column: name, PSI: math.NaN(), Bins: []Bin{}}
	switch {
	case oc == nil && nc == nil:
		d.Note = "not in either table"
		return d
	case oc == nil:
		d.Kind = nc.Kind.String()
		d.Note = "not in the old data"
		return d
	case nc == nil:
		d.Kind = oc.Kind.String()
		d.Note = "not in the new data"
		return d
	}
	d.Column, d.Kind = oc.Name, oc.Kind.String()
	ok, nk := driftKind(oc.Kind), driftKind(nc.Kind)
	switch {
	case ok == dataset.Text || ok == dataset.Empty:
		d.Note = fmt.Sprintf("%s column, not compared", oc.Kind)
		return d
	case ok != nk:
		d.Note = fmt.Sprintf("read as %s in the old data and as %s in the new; not compared", oc.Kind, nc.Kind)
		return d
	}
	var labels []string
	var oldN, newN []float64
	switch ok {
	case dataset.Categorical:
		labels, oldN, newN = levelBins(oc, nc, false)
	case dataset.Multi:
		labels, oldN, newN = levelBins(oc, nc, true)
	case dataset.Boolean:
		labels = []string{"false", "true", analysis.MissingValue}
		oldN, newN = boolBins(oc), boolBins(nc)
	case dataset.Numeric:
		cuts := decileCuts(oc.Num)
		if cuts == nil {
			d.Note = "no values in the old data"
			return d
		}
		labels = numericLabels(cuts)
		oldN, newN = numericBins(oc.Num, cuts), numericBins(nc.Num, cuts)
	}
	// Leave out a "(missing)" or "(none)" bin empty on both sides.
	if k := len(labels) - 1; k >= 0 && oldN[k] == 0 && newN[k] == 0 && (labels[k] == analysis.MissingValue || labels[k] == noItems) {
		labels, oldN, newN = labels[:k], oldN[:k], newN[:k]
	}
	d.PSI = stats.PSI(oldN, newN)
	d.Level = PSILevel(d.PSI)
	so, sn := sum(oldN), sum(newN)
	for i, l := range labels {
		d.Bins = append(d.Bins, Bin{Label: l, Old: share(oldN[i], so), New: share(newN[i], sn)})
	}
	if math.IsNaN(d.PSI) {
		d.Note = "no values to compare"
	}
	return d
}

const noItems = "(none)"

// driftKind maps dates onto numbers (both are binned by deciles).
func driftKind(k dataset.Kind) dataset.Kind {
	if k == dataset.Date {
		return dataset.Numeric
	}
	return k
}

func sum(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

func share(x, total float64) float64 {
	if total == 0 {
		return 0
	}
	return x / total
}

// levelBins counts rows per level (multi: mentions per item) over the union of both
// columns' levels (the old table's first, in its order), plus a last bin for rows
// without a value.
func levelBins(oc, nc *dataset.Column, multi bool) (labels []string, oldN, newN []float64) {
	index := map[string]int{}
	for _, c := range []*dataset.Column{oc, nc} {
		for i, l := range c.Levels {
			if _, ok := index[l]; !ok {
				index[l] = len(labels)
				labels = append(labels, c.Display[i])
			}
		}
	}
	last := analysis.MissingValue
	if multi {
		last = noItems
	}
	labels = append(labels, last)
	count := func(c *dataset.Column) []float64 {
		n := make([]float64, len(labels))
		miss := len(labels) - 1
		pos := make([]int, len(c.Levels))
		for i, l := range c.Levels {
			pos[i] = index[l]
		}
		if multi {
			rows := len(c.ItemOffsets) - 1
			for i := range rows {
				lo, hi := c.ItemOffsets[i], c.ItemOffsets[i+1]
				if lo == hi {
					n[miss]++
				}
				for _, it := range c.ItemCodes[lo:hi] {
					n[pos[it]]++
				}
			}
			return n
		}
		for _, code := range c.Codes {
			if code == dataset.Missing {
				n[miss]++
			} else {
				n[pos[code]]++
			}
		}
		return n
	}
	return labels, count(oc), count(nc)
}

func boolBins(c *dataset.Column) []float64 {
	n := make([]float64, 3)
	for _, v := range c.Num {
		switch {
		case math.IsNaN(v):
			n[2]++
		case v != 0:
			n[1]++
		default:
			n[0]++
		}
	}
	return n
}

// decileCuts returns the distinct values found k/10 of the way through the sorted
// non-missing values, k = 1…9 (nil when there are none). With 10 values 1…10 the
// cuts are 2…10 and every bin [cut₍ₖ₋₁₎, cutₖ) holds one value.
func decileCuts(v []float64) []float64 {
	s := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) {
			s = append(s, x)
		}
	}
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	cuts := make([]float64, 0, 9)
	for k := 1; k <= 9; k++ {
		cuts = append(cuts, s[k*len(s)/10])
	}
	cuts = slices.Compact(cuts)
	if cuts[0] == s[0] { // nothing below the first cut: drop the empty bin
		cuts = cuts[1:]
	}
	return cuts
}

func numericLabels(cuts []float64) []string {
	labels := make([]string, 0, len(cuts)+2)
	for j := 0; j <= len(cuts); j++ {
		var lo, hi *float64
		if j > 0 {
			lo = &cuts[j-1]
		}
		if j < len(cuts) {
			hi = &cuts[j]
		}
		labels = append(labels, profile.RangeString(lo, hi))
	}
	return append(labels, analysis.MissingValue)
}

func numericBins(v []float64, cuts []float64) []float64 {
	n := make([]float64, len(cuts)+2)
	for _, x := range v {
		if math.IsNaN(x) {
			n[len(cuts)+1]++
			continue
		}
		n[stats.Bin(cuts, x)]++
	}
	return n
}

// TierCount is how many customers, and best customers among them, fell in one fit
// tier.
type TierCount struct {
	Tier string
	N    int
	Best int
}

// TierShift compares one tier's best-customer rate then (when the profile was
// derived) and now (on new data, best customers defined with the same parameters).
type TierShift struct {
	Tier     string  `json:"tier"`
	ThenN    int     `json:"then_customers"`
	ThenBest int     `json:"then_best"`
	ThenRate float64 `json:"then_best_rate"` // NaN when unknown
	NowN     int     `json:"now_customers"`
	NowBest  int     `json:"now_best"`
	NowRate  float64 `json:"now_best_rate"`
	NowLow   float64 `json:"now_best_rate_low"` // Wilson 95%
	NowHigh  float64 `json:"now_best_rate_high"`
	Z        float64 `json:"z"` // two-proportion test of now against then; > 0: higher now
	P        float64 `json:"p_value"`
}

// MarshalJSON writes unknown rates and tests as null.
func (t TierShift) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Tier     string   `json:"tier"`
		ThenN    int      `json:"then_customers"`
		ThenBest int      `json:"then_best"`
		ThenRate *float64 `json:"then_best_rate"`
		NowN     int      `json:"now_customers"`
		NowBest  int      `json:"now_best"`
		NowRate  *float64 `json:"now_best_rate"`
		NowLow   *float64 `json:"now_best_rate_low"`
		NowHigh  *float64 `json:"now_best_rate_high"`
		Z        *float64 `json:"z"`
		P        *float64 `json:"p_value"`
	}{t.Tier, t.ThenN, t.ThenBest, jsonnum.Nullable(t.ThenRate), t.NowN, t.NowBest, jsonnum.Nullable(t.NowRate),
		jsonnum.Nullable(t.NowLow), jsonnum.Nullable(t.NowHigh), jsonnum.Nullable(t.Z), jsonnum.Nullable(t.P)})
}

// OutcomeShift is how one outcome moved: its distribution (PSI over the old deciles)
// and its mean among best customers and the rest (churn: the churn rate).
type OutcomeShift struct {
	Name     string  `json:"name"`
	Column   string  `json:"column"`
	ThenBest float64 `json:"then_best_mean"`
	NowBest  float64 `json:"now_best_mean"`
	ThenRest float64 `json:"then_rest_mean"`
	NowRest  float64 `json:"now_rest_mean"`
	PSI      float64 `json:"psi"`
	Level    string  `json:"level"`
}

// MarshalJSON writes unknown values as null.
func (o OutcomeShift) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name     string   `json:"name"`
		Column   string   `json:"column"`
		ThenBest *float64 `json:"then_best_mean"`
		NowBest  *float64 `json:"now_best_mean"`
		ThenRest *float64 `json:"then_rest_mean"`
		NowRest  *float64 `json:"now_rest_mean"`
		PSI      *float64 `json:"psi"`
		Level    string   `json:"level"`
	}{o.Name, o.Column, jsonnum.Nullable(o.ThenBest), jsonnum.Nullable(o.NowBest), jsonnum.Nullable(o.ThenRest), jsonnum.Nullable(o.NowRest), jsonnum.Nullable(o.PSI), o.Level})
}

// Definition is how the best-customer definition moved between two quarters.
// The fit tiers of the old profile are the yardstick: MixPSI compares how all
// customers spread over them, BestPSI how the best customers do (a best customer
// "now" is one in the top share of the new data by the same outcomes and weights).
// A large BestPSI with a small MixPSI means the same kinds of customers are there but
// different ones come out best. Outcomes is filled only when the old data is at hand.
type Definition struct {
	Tiers    []TierShift    `json:"tiers"`
	MixPSI   float64        `json:"tier_mix_psi"`
	BestPSI  float64        `json:"best_by_tier_psi"`
	Outcomes []OutcomeShift `json:"outcomes,omitempty"`
}

// MarshalJSON writes PSIs that could not be computed as null.
func (d Definition) MarshalJSON() ([]byte, error) {
	type plain Definition
	return json.Marshal(struct {
		plain
		MixPSI  *float64 `json:"tier_mix_psi"`
		BestPSI *float64 `json:"best_by_tier_psi"`
	}{plain(d), jsonnum.Nullable(d.MixPSI), jsonnum.Nullable(d.BestPSI)})
}

// Tiers compares the tiers now with the tiers then, in the order of now (tiers are
// matched by name; a tier unknown then has NaN rates). then may be empty (the profile
// recorded no validation): the PSIs are NaN.
func Tiers(then, now []TierCount) Definition {
	d := Definition{Tiers: []TierShift{}}
	var mixThen, mixNow, bestThen, bestNow []float64
	for _, n := range now {
		s := TierShift{Tier: n.Tier, NowN: n.N, NowBest: n.Best, ThenRate: math.NaN(), NowRate: math.NaN(), Z: math.NaN(), P: math.NaN()}
		if n.N > 0 {
			s.NowRate = float64(n.Best) / float64(n.N)
		}
		s.NowLow, s.NowHigh = stats.Wilson(n.Best, n.N, stats.Z95)
		if n.N == 0 {
			s.NowLow, s.NowHigh = math.NaN(), math.NaN()
		}
		i := slices.IndexFunc(then, func(t TierCount) bool { return t.Tier == n.Tier })
		if i >= 0 {
			t := then[i]
			s.ThenN, s.ThenBest = t.N, t.Best
			if t.N > 0 {
				s.ThenRate = float64(t.Best) / float64(t.N)
			}
			if t.N > 0 && n.N > 0 {
				s.Z, s.P = stats.TwoProportionZ(n.Best, n.N, t.Best, t.N)
			}
		}
		mixThen, mixNow = append(mixThen, float64(s.ThenN)), append(mixNow, float64(n.N))
		bestThen, bestNow = append(bestThen, float64(s.ThenBest)), append(bestNow, float64(n.Best))
		d.Tiers = append(d.Tiers, s)
	}
	d.MixPSI, d.BestPSI = stats.PSI(mixThen, mixNow), stats.PSI(bestThen, bestNow)
	return d
}

// Outcomes compares the outcomes that ranked customers in two quarters: per
// outcome of the new ranking, its distribution (PSI, deciles of the old values, as in
// Attributes) and its mean among the best customers and the rest, then and now.
func Outcomes(old, new *dataset.Table, oldG, newG *analysis.BestGroup) []OutcomeShift {
	var out []OutcomeShift
	for _, n := range newG.Outcomes {
		s := OutcomeShift{Name: n.Name, Column: n.Column, NowBest: n.BestMean, NowRest: n.RestMean,
			ThenBest: math.NaN(), ThenRest: math.NaN(), PSI: math.NaN()}
		if i := slices.IndexFunc(oldG.Outcomes, func(o analysis.OutcomeSummary) bool { return o.Name == n.Name }); i >= 0 {
			o := oldG.Outcomes[i]
			s.ThenBest, s.ThenRest = o.BestMean, o.RestMean
			d := Column(n.Column, old.Column(o.Column), new.Column(n.Column))
			s.PSI, s.Level = d.PSI, d.Level
		}
		out = append(out, s)
	}
	return out
}

// Verdicts of a Recheck.
const (
	VerdictHolds    = "holds"                 // still significant, not significantly weaker
	VerdictWeakened = "weakened"              // significantly weaker, still significant
	VerdictLost     = "no longer significant" // no significant effect now
)

// Recheck is a condition of an old profile tested again on new data. The caller fills
// the counts; RecheckConditions fills the rest.
type Recheck struct {
	Condition string `json:"condition"`
	// Display is the condition in words for people (labels and display spellings).
	Display      string `json:"display,omitempty"`
	Disqualifier bool   `json:"disqualifier"`
	// NegativeTrait marks a negative trait: tested, like a disqualifier, for
	// under-representation among the best customers.
	NegativeTrait bool `json:"negative_trait,omitempty"`
	// Then, from the profile's evidence: the condition matched ThenN customers, ThenB of
	// them best, out of ThenAll customers of whom ThenBest were best. ThenN = 0 when the
	// profile holds no evidence (a hand-added condition).
	ThenN, ThenB, ThenAll, ThenBest int
	// Now, on the new data with the best customers defined the same way.
	NowN, NowB, NowAll, NowBest int

	ThenLift float64 `json:"then_lift"`
	NowLift  float64 `json:"now_lift"`
	NowLow   float64 `json:"now_lift_low"` // Wilson 95% of the best rate, over the base rate
	NowHigh  float64 `json:"now_lift_high"`
	// RateZ and RateP test the best rate inside the condition now against then
	// (TwoProportionZ; z > 0: higher now).
	RateZ float64 `json:"rate_z"`
	RateP float64 `json:"rate_p"`
	// P is the one-sided Fisher exact p now (over-representation for a criterion,
	// under-representation for a negative trait or a disqualifier); Q its Benjamini–Hochberg q across the
	// conditions rechecked together.
	P       float64 `json:"p_value"`
	Q       float64 `json:"q_value"`
	Verdict string  `json:"verdict"`
}

// MarshalJSON writes the counts under plain names and unknown values as null.
func (r Recheck) MarshalJSON() ([]byte, error) {
	type counts struct {
		N       int `json:"customers"`
		B       int `json:"best"`
		All     int `json:"all_customers"`
		AllBest int `json:"all_best"`
	}
	return json.Marshal(struct {
		Condition     string   `json:"condition"`
		Disqualifier  bool     `json:"disqualifier"`
		NegativeTrait bool     `json:"negative_trait,omitempty"`
		Then          counts   `json:"then"`
		Now           counts   `json:"now"`
		ThenLift      *float64 `json:"then_lift"`
		NowLift       *float64 `json:"now_lift"`
		NowLow        *float64 `json:"now_lift_low"`
		NowHigh       *float64 `json:"now_lift_high"`
		RateZ         *float64 `json:"rate_change_z"`
		RateP         *float64 `json:"rate_change_p"`
		P             *float64 `json:"p_value"`
		Q             *float64 `json:"q_value"`
		Verdict       string   `json:"verdict"`
	}{r.Condition, r.Disqualifier, r.NegativeTrait, counts{r.ThenN, r.ThenB, r.ThenAll, r.ThenBest}, counts{r.NowN, r.NowB, r.NowAll, r.NowBest},
		jsonnum.Nullable(r.ThenLift), jsonnum.Nullable(r.NowLift), jsonnum.Nullable(r.NowLow), jsonnum.Nullable(r.NowHigh),
		jsonnum.Nullable(r.RateZ), jsonnum.Nullable(r.RateP), jsonnum.Nullable(r.P), jsonnum.Nullable(r.Q), r.Verdict})
}

// Lower reports whether the condition marks customers less likely to be best (a
// negative trait or a disqualifier), so that it is tested for under-representation.
func (r Recheck) Lower() bool { return r.Disqualifier || r.NegativeTrait }

// RecheckConditions tests each condition on the new data and gives its verdict at
// false discovery rate alpha (default 0.05):
//   - significant now: q < alpha for over-representation among the best customers (a
//     criterion, lift > 1) or under-representation (a negative trait or a
//     disqualifier, lift < 1);
//   - weaker: the best rate inside the condition moved against the condition (down
//     for a criterion, up for a negative trait or a disqualifier) with two-proportion
//     p < alpha;
//   - verdict: not significant now → "no longer significant"; significant and weaker →
//     "weakened"; otherwise "holds".
func RecheckConditions(rs []Recheck, alpha float64) {
	if alpha == 0 {
		alpha = 0.05
	}
	lift := func(b, n, B, N int) float64 {
		if n == 0 || B == 0 || N == 0 {
			return math.NaN()
		}
		return (float64(b) / float64(n)) / (float64(B) / float64(N))
	}
	ps := make([]float64, len(rs))
	for i := range rs {
		r := &rs[i]
		r.ThenLift = lift(r.ThenB, r.ThenN, r.ThenBest, r.ThenAll)
		r.NowLift = lift(r.NowB, r.NowN, r.NowBest, r.NowAll)
		r.NowLow, r.NowHigh = math.NaN(), math.NaN()
		if r.NowN > 0 && r.NowBest > 0 {
			lo, hi := stats.Wilson(r.NowB, r.NowN, stats.Z95)
			base := float64(r.NowBest) / float64(r.NowAll)
			r.NowLow, r.NowHigh = lo/base, hi/base
		}
		r.RateZ, r.RateP = math.NaN(), math.NaN()
		if r.ThenN > 0 && r.NowN > 0 {
			r.RateZ, r.RateP = stats.TwoProportionZ(r.NowB, r.NowN, r.ThenB, r.ThenN)
		}
		if r.Lower() {
			r.P = stats.HypergeomLower(r.NowB, r.NowN, r.NowBest, r.NowAll)
		} else {
			r.P = stats.HypergeomUpper(r.NowB, r.NowN, r.NowBest, r.NowAll)
		}
		ps[i] = r.P
	}
	qs := stats.BenjaminiHochberg(ps)
	for i := range rs {
		r := &rs[i]
		r.Q = qs[i]
		sig := r.Q < alpha && (r.Lower() && r.NowLift < 1 || !r.Lower() && r.NowLift > 1)
		weaker := r.RateP < alpha && (r.Lower() && r.RateZ > 0 || !r.Lower() && r.RateZ < 0)
		switch {
		case !sig:
			r.Verdict = VerdictLost
		case weaker:
			r.Verdict = VerdictWeakened
		default:
			r.Verdict = VerdictHolds
		}
	}
}
