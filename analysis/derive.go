package analysis

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/icp-dev/icp/analysis/stats"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/bitset"

	"github.com/icp-dev/icp/profile"
)

// Options are the parameters of Derive. Zero values take the documented defaults.
type Options struct {
	Roles       Roles              // columns playing a role; detect with DetectRoles first
	Best        string             // "COL" or "COL=VALUE": best customers from a column instead of the composite score
	Allow       []string           // columns admitted as attributes despite the leakage guard
	Top         float64            // share of analysed customers counted as best; default 0.2
	Weights     map[string]float64 // outcome → weight in the composite; default 1 each
	Seed        uint64             // seed for resampling (holdout, bootstrap)
	Alpha       float64            // false discovery rate for criteria; default 0.05
	MinAdd      float64            // smallest rise in the best-customer rate a criterion must add given the others (rate ratio); default 1.2
	Depth       int                // most conditions in the sweet-spot segment; default 3
	MinShare    float64            // smallest share of customers a condition must match; default 0.05
	MaxCriteria int                // default 5
	Folds       int                // cross-validation folds; default 5
	Resamples   int                // stability resamples; default 200; -1 skips all validation, -2 only the stability check
	Progress    func(stage string) // optional

	// choiceOnly stops a sub-analysis after the choice (criteria, negative traits,
	// segment): validation's resamples and other cut-offs look at no more. Points,
	// disqualifiers (the negative traits are not split: validation pools them), tiers,
	// raw range bounds and warnings are left out.
	choiceOnly bool
	// eagerAdjust makes validation's re-runs adjust every condition's p for the
	// search and compute every churn p, as the main run does, instead of only those
	// whose q could fall below Alpha (see lazyAdjust) and bounding the churn p they
	// cannot use (see evaluate): for the test that the two choose alike.
	eagerAdjust bool
}

func (o *Options) defaults() {
	if o.Top == 0 {
		o.Top = 0.2
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
	if o.MinAdd == 0 {
		o.MinAdd = 1.2
	}
	if o.Depth == 0 {
		o.Depth = 3
	}
	if o.MinShare == 0 {
		o.MinShare = 0.05
	}
	if o.MaxCriteria == 0 {
		o.MaxCriteria = 5
	}
	if o.Folds == 0 {
		o.Folds = 5
	}
	if o.Resamples == 0 {
		o.Resamples = 200
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
}

// AttributeNote says whether a column was used as an attribute and why not.
type AttributeNote struct {
	Column string `json:"column"`
	Kind   string `json:"kind"`
	Used   bool   `json:"used"`
	Reason string `json:"reason,omitempty"`
}

// AttributeTest is the search-adjusted evidence that an attribute matters at all (see
// analyzer.correct): per direction, the smallest p among its conditions adjusted for
// the search over them (SearchUp and SearchLow are the effective numbers of tests the
// search was charged for), and its Benjamini–Yekutieli q across attributes.
type AttributeTest struct {
	Column    string  `json:"column"`
	Tests     int     `json:"tests"` // conditions evaluated
	SearchUp  float64 `json:"search_over"`
	SearchLow float64 `json:"search_under"`
	Space     float64 `json:"search_space"` // conditions the search could have chosen from
	POver     float64 `json:"p_over"`
	QOver     float64 `json:"q_over"`
	PUnder    float64 `json:"p_under"`
	QUnder    float64 `json:"q_under"`
}

// TierRow is the best-customer rate of one fit tier on the analysed customers.
//
// Tiers are cut from the evidence (see analyzer.tiers): the first tier is the sweet
// spot when there is a segment (Segment: customers matching every segment condition
// and no negative trait); the others are bands of the fitted score, MinScore and up.
// The last row is always profile.Disqualified (customers matching a disqualifier).
type TierRow struct {
	Tier      string  `json:"tier"`
	Segment   bool    `json:"segment,omitempty"` // the tier is the sweet spot, not a score band
	MinScore  int     `json:"min_score"`         // lowest fit score of the band (score tiers)
	N         int     `json:"n"`
	Best      int     `json:"best"`
	Rate      float64 `json:"best_rate"`
	RateLow   float64 `json:"best_rate_low"`
	RateHigh  float64 `json:"best_rate_high"`
	ChurnN    int     `json:"churn_known,omitempty"`
	ChurnRate float64 `json:"churn_rate,omitempty"`
}

// Result is everything Derive found.
type Result struct {
	Rows       int              `json:"rows"`      // data rows in the table
	Customers  int              `json:"customers"` // analysed rows (with at least one outcome)
	Skipped    int              `json:"skipped"`   // rows without any outcome value
	Best       *BestGroup       `json:"-"`
	Outcomes   []OutcomeSummary `json:"outcomes"`
	Attributes []AttributeNote  `json:"attributes"`
	// AttributeTests holds the search-adjusted attribute-level tests, in column order.
	AttributeTests []AttributeTest `json:"attribute_tests"`
	// conds holds every condition tested, sorted by evidence in the main run (see
	// Conditions and NumConditions).
	conds condTable
	// Tests is the size of the multiple-testing family: one-sided tests (over-, under-
	// representation and churn) of every condition the search evaluated.
	Tests    int `json:"tests"`
	Untested int `json:"untested"` // conditions below the minimum support, never tested
	// Segment is the sweet spot: the conjunction of conditions where best customers
	// concentrate most (nil when the data shows none). Its parts are also criteria.
	Segment  *Segment `json:"-"`
	Criteria []*Stat  `json:"-"`
	// Points holds each criterion's points in the fit score (parallel to Criteria,
	// summing to 100); NegativePoints each negative trait's (negative).
	Points []int `json:"-"`
	// Base is the fit score of a customer who matches no criterion and no negative
	// trait (see analyzer.points): the score is Base plus the points matched.
	Base int `json:"-"`
	// NegativeTraits are conditions that lower the best-customer rate given the
	// criteria: they subtract points and keep a customer out of the sweet-spot tier.
	NegativeTraits []*Stat `json:"-"`
	NegativePoints []int   `json:"-"`
	// Disqualifiers are hard vetoes: negative traits whose best-customer rate stays low
	// even among customers who match the criteria, and which churn more where churn is
	// known (see analyzer.vetoes).
	Disqualifiers []*Stat           `json:"-"`
	Alternatives  map[*Stat][]*Stat `json:"-"`
	Dropped       []string          `json:"dropped"` // significant alone, redundant given the criteria
	Tiers         []TierRow         `json:"tiers"`
	rowScore      []uint8           // per table row, its fit score (0–100), see RowScore
	rowTier       []uint8           // per table row, 1 + the index of its tier in Tiers (0: not analysed)
	NoSignal      bool              `json:"no_signal"`
	Warnings      []string          `json:"warnings"`
	Notes         []string          `json:"notes"`
	Options       Options           `json:"-"`
	// Validation and Checks hold the cross-validation, stability and cut-off checks
	// (nil when Options.Resamples is -1).
	Validation *Validation      `json:"validation,omitempty"`
	Checks     map[*Stat]*Check `json:"-"`
	// Unsnapped holds, for range criteria and disqualifiers, the best range on
	// unrounded cut points, to show what rounding the bounds cost.
	Unsnapped  map[*Stat]*RawRange `json:"-"`
	MinSupport int                 `json:"min_support"`
	// AppliedMinAdd is the rate ratio a condition had to reach: Options.MinAdd, or less
	// when best customers are most customers (see majorityMinAdd).
	AppliedMinAdd float64 `json:"-"`
}

// shared is what the main run measured per column, reused by validation's
// sub-analyses: each attribute's search size and a numeric column's cut points
// (coarse and fine).
type shared struct {
	sizes map[string]searchSize
	cuts  map[string][2][]float64
	attrs map[string]*attr // the main run's prepared attributes (bins per row)
	// keep, when set, names the attributes the sub-analyses re-test (see screen); the
	// others enter their multiple-testing correction as families with p = 1.
	keep map[string]bool
}

// Segment is the sweet spot (see Result.Segment). Counts are over analysed customers.
type Segment struct {
	Parts     []*Stat // the conditions, in the order the search added them
	Display   string  // the conditions joined by "AND", display spellings
	N         int     // customers matching every part
	B         int     // best customers among them
	Rate      float64 // B/N
	RateLow   float64 // Wilson 95% interval of Rate
	RateHigh  float64
	Lift      float64 // Rate over the overall best-customer rate
	LiftLow   float64
	LiftHigh  float64
	BestShare float64 // B over all best customers
	// Adds says what each part adds: the best-customer rate of the segment without it.
	Adds []PartAdd
	// Held-out evidence (cross-validation): customers not used to find the segment.
	HoldoutN    int
	HoldoutB    int
	HoldoutLift float64 // NaN when not validated
	HoldoutLow  float64
	HoldoutHigh float64
	// Stability is the share of resamples whose segment has the same attributes
	// (NaN when not run).
	Stability float64
}

// PartAdd is what one part of the segment adds: the segment without the part holds
// WithoutN customers of whom WithoutB are best; RateRatio is the segment's rate over
// that rate.
type PartAdd struct {
	Part        *Stat
	WithoutN    int
	WithoutB    int
	WithoutRate float64
	RateRatio   float64
}

type analyzer struct {
	t          *dataset.Table
	opt        Options
	g          *BestGroup
	churn      []float64
	tot        totals
	attrs      []*attr
	minSupport int
	// sh holds what the main run measured per column (search sizes, cut points) for
	// the sub-analyses of validation to reuse.
	sh      *shared
	measure bool                 // the main run: sh is filled
	absent  int                  // sub-analyses: families of the attributes screened out (see screen)
	skipped int                  // sub-analyses: attributes screened out, still counted as searched
	bitsets map[*Stat]bitset.Set // rows matching a condition as bits, see bits
	keys    []uint64             // per row, see rowKeys
	rows    []int                // sub-analyses: row of the main table per row of t (see analyse)
	phis    map[[2]*Stat]float64 // see phi
	memb    map[*Stat][]int32    // rows matching a condition, see membersOf
	inPart  map[boundKey][]int   // see countInPart
	cacheMu sync.Mutex           // guards bitsets, phis, memb and inPart (the main run's segment seeds grow in parallel)
	hyper   *stats.HypergeomSampler

	// The analysed rows, the best customers among them and the customers whose churn
	// is known and who churned, as bits (see bits): the counts of a segment are ANDs
	// and population counts of these and its parts' bits.
	analysedSet, bestSet, churnKnown, churned bitset.Set
}

// Derive ranks customers, tests every attribute condition and selects criteria and
// disqualifiers. The table must hold the columns named in opt.Roles (see DetectRoles).
// It stops early with ctx's error when ctx is cancelled.
func Derive(ctx context.Context, t *dataset.Table, opt Options) (*Result, error) {
	opt.defaults()
	if t.Rows == 0 {
		return nil, fmt.Errorf("no data rows")
	}
	opt.Progress("ranking customers")
	var g *BestGroup
	var err error
	others := map[float64]*BestGroup{} // best groups at other cut-offs, see validate
	keys := rowKeys(t, opt.Roles)
	bestCol := ""
	if opt.Best != "" {
		var rule string
		g, rule, err = BestFromColumn(t, opt.Best)
		if err != nil {
			return nil, err
		}
		g.Rule = rule
		bestCol, _, _ = strings.Cut(opt.Best, "=")
		bestCol = t.Column(strings.TrimSpace(bestCol)).Name
	} else {
		// With validation, the cut-off check's groups (top 10% and 30%) come from the
		// same ranking: the composite is computed once.
		tops := []float64{opt.Top}
		if opt.Resamples != -1 && opt.Top != 0.1 && opt.Top != 0.3 {
			tops = append(tops, 0.1, 0.3)
		}
		var gs []*BestGroup
		if gs, err = rankBestTops(t, opt.Roles, opt.Weights, keys, tops...); err == nil {
			g = gs[0]
			for k, top := range tops {
				others[top] = gs[k]
			}
		}
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// When best customers are most of those analysed (tied scores at the cut, or a
	// --best value most customers have), a best-customer rate cannot rise far: the
	// threshold is put on the others' rate instead.
	userMinAdd, majority := opt.MinAdd, ""
	if g.N > 0 {
		if eff := majorityMinAdd(opt.MinAdd, float64(g.B)/float64(g.N)); eff < opt.MinAdd {
			majority = fmt.Sprintf("best customers are %.0f%% of those analysed, so their rate cannot rise much: a condition counts when it lowers the rate of the others by %.2f× (or raises it by as much, for a poor-fit trait), which here is a best-customer rate %.3f× that of the rest", 100*float64(g.B)/float64(g.N), opt.MinAdd, eff)
			opt.MinAdd = eff
		}
	}
	near := nearOutcomes(t, opt.Roles, g, keys)
	sh := &shared{sizes: map[string]searchSize{}, cuts: map[string][2][]float64{}, attrs: map[string]*attr{}}
	// Validation's keyed draws need only the ranking: made beside the main run, whose
	// tail runs on one core.
	drawn := make(chan *draws, 1)
	if opt.Resamples != -1 {
		go func() { drawn <- drawValidation(g, opt, keys) }()
	}
	res := analyse(t, g, opt, bestCol, near, sh, true, keys, nil)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	switch {
	case g.TieWarning != "":
		res.Warnings = append(res.Warnings, g.TieWarning)
	case g.TieNote != "":
		res.Notes = append(res.Notes, g.TieNote)
	}
	if g.TenureNote != "" {
		res.Notes = append(res.Notes, g.TenureNote)
	}
	if majority != "" {
		res.Notes = append(res.Notes, majority)
	}
	if g.ImputeNote != "" {
		res.Notes = append(res.Notes, g.ImputeNote)
	}
	if g.CycleNote != "" {
		res.Warnings = append(res.Warnings, g.CycleNote)
	}
	if res.Skipped > 0 {
		res.Warnings = append([]string{fmt.Sprintf("%s of %s rows have no value in any outcome column and were left out of the analysis", profile.FormatCount(res.Skipped), profile.FormatCount(t.Rows))}, res.Warnings...)
	}
	if opt.Resamples != -1 {
		if err := validate(ctx, t, g, opt, bestCol, near, sh, keys, others, <-drawn, res); err != nil {
			return nil, err
		}
	}
	res.AppliedMinAdd, res.Options.MinAdd = opt.MinAdd, userMinAdd // the profile records the parameter as given
	return res, nil
}

// majorityMinAdd is the best-rate ratio a condition must reach when best customers
// are a share p of those analysed and the threshold asked for is minAdd: minAdd itself
// while p ≤ 1/(minAdd+1); above, the ratio at which the others' rate falls by minAdd,
// (1 − (1−p)/minAdd)/p (76% best with 1.2: 1.05), so that with most customers best the
// threshold still measures a material change — in the minority, where the rate can move.
// The two meet at p = 1/(minAdd+1).
func majorityMinAdd(minAdd, p float64) float64 {
	if !(p > 0 && p < 1) || minAdd <= 1 {
		return minAdd
	}
	return min(minAdd, (1-(1-p)/minAdd)/p)
}

// analyse runs the condition search and the selection on the customers g marks as
// analysed. It is the part of Derive that validation repeats on subsets.
//
// sh holds each attribute's search size (see analyzer.correct) and cut points; when
// measure is set the run measures them and stores them (the main run), otherwise it
// only reads them (the sub-analyses of validation, which may run concurrently: they
// count the main run's bins on their customers instead of cutting their own).
//
// rows, for a sub-analysis on a subset of the main table, maps each row of t to its
// row in the main table: partition attributes then take the main run's bins instead
// of being binned again (t need not hold their values).
func analyse(t *dataset.Table, g *BestGroup, opt Options, bestCol string, near map[string]string, sh *shared, measure bool, keys []uint64, rows []int) *Result {
	a := &analyzer{t: t, opt: opt, g: g, churn: ChurnFlags(t, opt.Roles), sh: sh, measure: measure, keys: keys, rows: rows}
	a.tot = totals{N: g.N, B: g.B}
	a.analysedSet = bitset.FromBools(g.Analysed[:t.Rows])
	a.bestSet = bitset.FromBools(g.Best[:t.Rows]).And(a.analysedSet)
	if a.churn != nil {
		a.churnKnown, a.churned = bitset.New(t.Rows), bitset.New(t.Rows)
		for i, c := range a.churn {
			if g.Analysed[i] && !math.IsNaN(c) {
				a.churnKnown.Add(i)
				a.tot.CN++
				if c == 1 {
					a.churned.Add(i)
					a.tot.CC++
				}
			}
		}
	}
	a.minSupport = max(20, int(math.Ceil(opt.MinShare*float64(g.N))))
	res := &Result{Rows: t.Rows, Customers: g.N, Skipped: t.Rows - g.N, Best: g, Outcomes: g.Outcomes,
		Options: opt, MinSupport: a.minSupport, Alternatives: map[*Stat][]*Stat{}}

	opt.Progress("testing attribute conditions")
	// Per column, in order: a note, and for an attribute its prepared bins and its
	// conditions. Preparing and testing are independent per attribute: the main run
	// does them on all cores (see each); the results are gathered in column order.
	type column struct {
		c       *dataset.Column
		note    AttributeNote
		at      *attr
		ai      int // index of at in a.attrs
		conds   []condRec
		skipped int
		test    bool // to prepare and test
	}
	cols := make([]*column, 0, len(t.Columns))
	for _, c := range t.Columns {
		if opt.Roles.uses(c.Name) {
			continue
		}
		col := &column{c: c, note: AttributeNote{Column: c.Name, Kind: c.Kind.String()}}
		cols = append(cols, col)
		if c.Name == bestCol {
			col.note.Reason = "defines the best customers (--best)"
			continue
		}
		why := AttributeExclusion(c, opt.Roles)
		if why == "" {
			why = near[c.Name]
		}
		if why != "" && slices.Contains(opt.Allow, c.Name) && (why == leakReason || strings.HasPrefix(why, "nearly identical")) {
			why = ""
			col.note.Reason = "admitted with --allow although it looks known only after the sale"
		}
		if why != "" {
			col.note.Reason = why
			continue
		}
		if !a.measure && a.sh.keep != nil && !a.sh.keep[c.Name] {
			if m := a.sh.attrs[c.Name]; m != nil {
				a.skipped++
				for _, p := range [3]float64{m.fam[0], m.fam[2], m.fam[4]} {
					a.absent += b2i(!math.IsNaN(p))
				}
			}
			col.note.Reason = "not re-tested: no evidence in the main run"
			continue
		}
		col.test = true
	}
	var tested []*column
	for _, col := range cols {
		if col.test {
			tested = append(tested, col)
		}
	}
	a.forEach(len(tested), func(k int) { tested[k].at = a.prepare(tested[k].c) })
	tested = tested[:0]
	for _, col := range cols {
		if !col.test {
			continue
		}
		if col.at == nil {
			col.note.Reason = "kind not supported"
			continue
		}
		col.ai = len(a.attrs)
		a.attrs = append(a.attrs, col.at)
		if a.measure {
			a.sh.attrs[col.c.Name] = col.at
			if col.at.numeric {
				a.sh.cuts[col.c.Name] = [2][]float64{col.at.cuts, col.at.fine}
			}
		}
		tested = append(tested, col)
	}
	a.forEach(len(tested), func(k int) { tested[k].conds, tested[k].skipped = a.conditions(tested[k].ai, tested[k].at) })
	total := 0
	for _, col := range cols {
		total += len(col.conds)
	}
	res.conds = condTable{recs: make([]condRec, 0, total), attrs: make([]condAttr, len(a.attrs)), tot: a.tot}
	for ai, at := range a.attrs {
		res.conds.attrs[ai] = newCondAttr(at)
	}
	for _, col := range cols {
		if col.at != nil {
			res.Untested += col.skipped
			res.conds.recs = append(res.conds.recs, col.conds...)
			col.conds = nil
			col.note.Used = true
			if col.at.rare > 0 {
				col.note.Reason = fmt.Sprintf("%d values with fewer than %d customers each are not tested on their own", col.at.rare, max(5, g.N/500))
			}
		}
		res.Attributes = append(res.Attributes, col.note)
	}
	a.correct(res)

	opt.Progress("selecting criteria")
	a.choose(res)
	if opt.choiceOnly {
		// Validation reads which conditions were chosen, and the negative traits and
		// disqualifiers as one pool: the points, and the split of the negative traits
		// that vetoes makes from them, would change neither.
		return res
	}
	a.points(res)
	a.vetoes(res)
	// Each range criterion and disqualifier on unrounded cut points (a sort of the
	// attribute's values each): on all cores in the main run.
	snap := slices.Concat(res.Criteria, res.Disqualifiers)
	raw := make([]*RawRange, len(snap))
	a.forEach(len(snap), func(k int) { raw[k] = a.unsnapped(snap[k], k < len(res.Criteria)) })
	res.Unsnapped = map[*Stat]*RawRange{}
	for k, s := range snap {
		if raw[k] != nil {
			res.Unsnapped[s] = raw[k]
		}
	}
	a.tiers(res)
	a.explain(res)
	if measure { // the sub-analyses of validation never list the conditions
		res.conds.sortByEvidence()
	}
	return res
}

// forEach runs f(0), …, f(n−1): on all cores in the main run, one after the other in
// the sub-analyses (which validation already runs on all cores). f must write only
// to its own index's storage.
func (a *analyzer) forEach(n int, f func(i int)) {
	workers := 1
	if a.measure {
		workers = min(n, runtime.GOMAXPROCS(0))
	}
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// explain adds the warnings a reader must see.
func (a *analyzer) explain(res *Result) {
	switch k := len(res.Criteria); {
	case k == 0:
		res.NoSignal = true
		msg := fmt.Sprintf("the data holds no reliable ICP signal: none of %d conditions tested passed q < %.2f (corrected for the search) with at least %d customers and a best-customer rate at least %.2f× that of the others; do not use a profile from this data to steer sales", res.NumConditions(), a.opt.Alpha, a.minSupport, a.opt.MinAdd)
		if p := len(res.NegativeTraits) + len(res.Disqualifiers); p > 0 {
			// A poor-fit trait can pass on data that shows no ideal customer (at the
			// rate the correction allows on pure noise): say what it is worth.
			msg += fmt.Sprintf(" (the %d poor-fit %s listed passed %s own tests and may only say whom to deprioritise)", p, profile.Plural(p, "trait", "traits"), profile.Plural(p, "its", "their"))
		}
		res.Warnings = append(res.Warnings, msg)
	case k < 3:
		res.Warnings = append(res.Warnings, fmt.Sprintf("only %d %s supported by the data (3–5 were sought): the other conditions add too little once %s known, or are noise", k, profile.Plural(k, "criterion is", "criteria are"), profile.Plural(k, "it is", "these are")))
	}
	if a.g.B < 30 {
		res.Warnings = append(res.Warnings, fmt.Sprintf("only %s best %s: every share and lift here rests on a small sample and the intervals are wide; treat the profile as a hypothesis", profile.FormatCount(a.g.B), profile.Plural(a.g.B, "customer", "customers")))
	}
}

// StrongestPerAttribute returns, per attribute (in order of evidence), the condition
// with the strongest evidence in either direction, preferring a chosen criterion or
// disqualifier. Missing-value conditions are left out.
func (res *Result) StrongestPerAttribute() []*Stat {
	seen := map[string]bool{}
	var out []*Stat
	for _, group := range [][]*Stat{res.Criteria, res.Disqualifiers} {
		for _, s := range group {
			if s.Kind == KindMissing || seen[s.Condition.Attribute] {
				continue
			}
			seen[s.Condition.Attribute] = true
			out = append(out, s)
		}
	}
	ct := &res.conds
	for i := range ct.recs {
		r := &ct.recs[i]
		name := ct.name(r)
		if r.kind == kindMissing || seen[name] {
			continue
		}
		seen[name] = true
		out = append(out, ct.stat(i, false))
	}
	return out
}

// AttributeTest returns the attribute-level test of a column (zero value if untested).
func (res *Result) AttributeTest(column string) AttributeTest {
	for _, t := range res.AttributeTests {
		if t.Column == column {
			return t
		}
	}
	return AttributeTest{POver: 1, QOver: 1, PUnder: 1, QUnder: 1}
}
