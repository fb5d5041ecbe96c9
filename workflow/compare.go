package workflow

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/drift"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/scoring"
	"github.com/icp-dev/icp/source"
)

// CompareOptions are the inputs of Compare. The fresh profile is derived with the old
// profile's parameters unless an option overrides them.
type CompareOptions struct {
	Env
	Profile string // last quarter's profile (icp.yaml or the directory holding it)
	Input          // the new customers, or accounts and deals
	// OldData is last quarter's customers file, for attribute drift; "" looks for the
	// old profile's source file next to the profile (or one folder up) with the SHA-256
	// the profile recorded.
	OldData string
	// OldDeals is last quarter's deals (or subscriptions) export, joined to last
	// quarter's accounts (OldData, or the file found beside the profile) as Deals is to
	// this quarter's: the outcomes and the old tiers are then compared with last
	// quarter's own. "" for none.
	OldDeals string
	// Roles are columns named by the user; the others are the old profile's when the new
	// file has them, else detected.
	Roles     analysis.Roles
	Best      *string            // nil: the old profile's best-customer column, if its best customers came from one
	Allow     []string           // columns admitted despite the leakage guard
	Top       float64            // 0: the old profile's (0.2 when it records none)
	Weights   map[string]float64 // nil: the old profile's
	Seed      *uint64            // nil: the old profile's
	Resamples int                // validation of the fresh profile, as DeriveOptions.Resamples
	Name      string             // name of the fresh profile ("" as in DeriveOptions)
	Tool      string             // the tool and version written into the fresh profile
	Out       string             // output directory
	Force     bool               // replace an existing icp.yaml in Out
}

// CompareResult is what Compare found and wrote.
type CompareResult struct {
	Comparison *report.Comparison
	Output     Output // COMPARE.md, compare.json, rising.csv, icp.yaml
}

// risingExamples is how many tier-rise rows COMPARE.md shows.
const risingExamples = 10

// Compare applies last quarter's profile to new customers: it re-tests the old
// conditions, counts best customers (and, with opportunities, win rates) by old tier,
// derives a fresh profile with the old parameters and diffs the two, measures attribute
// drift against last quarter's data when at hand, and lists the accounts whose tier
// rises. It writes COMPARE.md, compare.json, rising.csv and the fresh icp.yaml (which
// supersedes the old) into opt.Out.
func Compare(ctx context.Context, opt CompareOptions) (*CompareResult, error) {
	old, err := opt.readProfile(opt.Profile)
	if err != nil {
		return nil, err
	}
	out := Output{Dir: opt.Out, Force: opt.Force}
	if err := out.check([]string{"COMPARE.md", "compare.json", "rising.csv"}, []string{"icp.yaml"}); err != nil {
		return nil, err
	}
	in, err := opt.loadCustomers(ctx, opt.Input, true, opt.Roles.ID)
	if err != nil {
		return nil, err
	}
	t, path := in.table, opt.File
	notes := in.notes

	// The old profile's parameters, unless overridden.
	par := old.Parameters
	o := opt.derivation(old.Profile, t)
	res, p, _, err := opt.derive(ctx, in, path, o, opt.Name, opt.Tool)
	if err != nil {
		return nil, err
	}
	t = in.table // without the total and repeated rows derive left out
	roles, g := res.Options.Roles, res.Best
	p.Status = profile.StatusDraft
	// The fresh profile is named after the quarter of the new data (or --name); a name
	// equal to the old profile's gets a number, so it never silently supersedes itself.
	if opt.Name == "" {
		p.Name = distinctName(p.Name, old.Name)
	} else if strings.EqualFold(opt.Name, old.Name) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("the new profile has the same name as the profile it supersedes (%q); give it another with --name", old.Name))
	}
	p.Supersedes = fmt.Sprintf("%s (icp.yaml sha256:%s)", old.Name, old.sha256)
	addWords(p, res, t, old.Labels)
	plainMessages(p, res)

	opt.stage("scoring with both profiles")
	oldScores, err := scoring.ScoreTable(old.Profile, t)
	if err != nil {
		return nil, fmt.Errorf("the old profile cannot score %s: %w", path, err)
	}
	newScores, err := scoring.ScoreTable(p, t)
	if err != nil {
		return nil, err
	}

	c := &report.Comparison{
		Old: report.CompareOld{Path: old.path, SHA256: old.sha256, Name: old.Name, Status: old.Status, Created: old.Created, Source: old.Source, Best: old.Best},
		New: report.CompareInput{File: sourceName(t), SHA256: t.SHA256, Rows: t.Rows, Customers: g.N, Best: g.B,
			BestShare: float64(g.B) / float64(g.N), BestRule: res.BestRule()},
		Changes:    profile.Diff(old.Profile, p),
		NewProfile: p,
		OldProfile: old.Profile,
		Draft: report.CompareDraft{Name: p.Name, Status: p.Status, Supersedes: p.Supersedes, NoSignal: res.NoSignal,
			Criteria: []string{}, NegativeTraits: []string{}, Disqualifiers: []string{}},
		Warnings: res.Warnings,
	}
	for _, k := range p.Criteria {
		c.Draft.Criteria = append(c.Draft.Criteria, k.String())
	}
	for _, k := range p.NegativeTraits {
		c.Draft.NegativeTraits = append(c.Draft.NegativeTraits, k.String())
	}
	for _, k := range p.Disqualifiers {
		c.Draft.Disqualifiers = append(c.Draft.Disqualifiers, k.String())
	}
	if p.Segment != nil {
		c.Draft.Segment = p.Segment.Rule
	}

	// (a) the old conditions re-tested on the new data.
	c.Rechecks = recheck(old.Profile, oldScores, g)
	if in.deals != nil {
		err := in.deals.opportunities()
		var rep *report.WinRateReport
		if err == nil {
			rep, err = winRate(in.deals, in.accounts, opt.Join, opt.Duplicates, old.Profile)
		}
		if err != nil {
			notes = append(notes, fmt.Sprintf("win rate by old tier not computed: %v", err))
		} else {
			c.WinRate = &rep.WinRate
		}
	}

	// (d) drift against last quarter's data, when at hand.
	then := validationTiers(old.Profile)
	var outcomes []drift.OutcomeShift
	oldT, note, err := opt.oldData(ctx, old)
	if err != nil {
		return nil, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	if opt.OldDeals != "" {
		if oldT == nil {
			return nil, fmt.Errorf("--old-deals %s: last quarter's accounts are not at hand to join them to; pass them with --old-data", opt.OldDeals)
		}
		var jn []string
		if oldT, jn, err = opt.joinOldDeals(ctx, oldT); err != nil {
			return nil, err
		}
		notes = append(notes, jn...)
	}
	if oldT != nil {
		c.OldData = sourceName(oldT)
		c.Drift = drift.Attributes(oldT, t, driftColumns(t, res, old.Profile))
		if len(g.Outcomes) > 0 {
			oldRoles := analysis.Roles{ID: par.Columns["id"], LTV: par.Columns[analysis.OutcomeLTV], Cycle: par.Columns[analysis.OutcomeCycle],
				Churn: par.Columns[analysis.OutcomeChurn], NPS: par.Columns[analysis.OutcomeNPS], Tenure: roles.Tenure}
			oldRoles.Tenure.Column = par.Columns["tenure"]
			// Last quarter's churn column read the same way round as this quarter's.
			var oldG *analysis.BestGroup
			err := analysis.OrientChurn(oldT, oldRoles)
			if err == nil {
				oldG, err = analysis.RankBest(oldT, oldRoles, o.Weights, o.Top)
			}
			if err != nil {
				msg := fmt.Sprintf("outcomes of %s not compared: %v", c.OldData, err)
				if in.deals != nil && opt.OldDeals == "" {
					msg += "; pass last quarter's deals with --old-deals to derive them"
				}
				notes = append(notes, msg)
			} else {
				outcomes = drift.Outcomes(oldT, t, oldG, g)
				if s, err := scoring.ScoreTable(old.Profile, oldT); err == nil {
					then, c.TierBasis = tierCounts(old.Profile, s, oldG), TierBasisOldData
				}
			}
		}
	}
	// The old profile's tiers on the new data against the same tiers on last quarter's
	// data (the same basis: identical data shows no shift); without that data, against
	// the held-out rates the old profile recorded, whose spread over the tiers is not
	// comparable (PSI left out).
	c.OldTiers = drift.Tiers(then, tierCounts(old.Profile, oldScores, g))
	c.OldTiers.Outcomes = outcomes
	if c.TierBasis != TierBasisOldData {
		c.TierBasis = TierBasisHeldOut
		c.OldTiers.MixPSI, c.OldTiers.BestPSI = math.NaN(), math.NaN()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// (e) accounts whose tier rose.
	rows := rising(old.Profile, p, oldScores, newScores)
	if !slices.Equal(old.Scoring.TierNames(), p.Scoring.TierNames()) {
		notes = append(notes, fmt.Sprintf("the old profile's tiers (%s) differ from the new profile's (%s); tiers are compared by rank from the top",
			strings.Join(old.Scoring.TierNames(), ", "), strings.Join(p.Scoring.TierNames(), ", ")))
	}
	ids, idHeader := rowIDs(t, roles.ID, rows)
	risingCSV, err := risingFile(c, old.Profile, idHeader, ids, rows, oldScores, newScores)
	if err != nil {
		return nil, err
	}
	c.Notes = append(notes, res.Notes...)

	// (f) outputs.
	for _, name := range []string{"COMPARE.md", "compare.json", "rising.csv", "icp.yaml"} {
		c.Outputs = append(c.Outputs, out.Path(name))
	}
	report.Summarise(c)
	var md, js bytes.Buffer
	if err := report.CompareMarkdown(&md, c); err != nil {
		return nil, err
	}
	if err := report.CompareJSON(&js, c); err != nil {
		return nil, err
	}
	yml, err := p.Marshal()
	if err != nil {
		return nil, err
	}
	out.add("COMPARE.md", md.Bytes(), true)
	out.add("compare.json", js.Bytes(), true)
	out.add("rising.csv", risingCSV, true)
	out.add("icp.yaml", yml, false)
	if err := out.write(ctx); err != nil {
		return nil, err
	}
	return &CompareResult{Comparison: c, Output: out}, nil
}

// derivation is the analysis options of the fresh profile: the old profile's
// parameters and columns (those the new table has) unless opt overrides them.
func (opt *CompareOptions) derivation(old *profile.Profile, t *dataset.Table) analysis.Options {
	par := old.Parameters
	roles := opt.Roles
	for _, r := range []struct {
		field *string
		role  string
	}{{&roles.ID, "id"}, {&roles.LTV, analysis.OutcomeLTV}, {&roles.Cycle, analysis.OutcomeCycle},
		{&roles.Churn, analysis.OutcomeChurn}, {&roles.NPS, analysis.OutcomeNPS}, {&roles.Tenure.Column, "tenure"}} {
		if *r.field == "" && par.Columns[r.role] != "" && t.Column(par.Columns[r.role]) != nil {
			*r.field = par.Columns[r.role]
		}
	}
	top := opt.Top
	if top == 0 {
		top = par.Top
		if !(top > 0 && top < 1) {
			top = defaultTop
		}
	}
	seed := par.Seed
	if opt.Seed != nil {
		seed = *opt.Seed
	}
	weights := opt.Weights
	if weights == nil {
		weights = maps.Clone(par.Weights)
		if weights == nil {
			weights = map[string]float64{}
		}
	}
	best := ""
	switch {
	case opt.Best != nil:
		best = *opt.Best
	case len(par.Weights) == 0:
		best = bestSpec(old.Best.Rule)
	}
	return analysis.Options{Roles: roles, Best: best, Allow: opt.Allow, Top: top, Weights: weights, Seed: seed,
		Alpha: par.Alpha, Resamples: opt.Resamples}
}

// defaultTop is the best-customer share when neither the options nor the old profile
// give one.
const defaultTop = 0.2

// bestSpec turns the best-customer rule of a profile whose best customers came from a
// column (BestFromColumn: "COL is yes", "COL = VALUE") back into a --best spec; "" for
// an outcome-based rule.
func bestSpec(rule string) string {
	if col, ok := strings.CutSuffix(rule, " is yes"); ok {
		return col
	}
	if col, val, ok := strings.Cut(rule, " = "); ok {
		return col + "=" + val
	}
	return ""
}

// Bases of the "then" side of Comparison.OldTiers.
const (
	TierBasisOldData = report.TierBasisOldData
	TierBasisHeldOut = report.TierBasisHeldOut
)

// validationTiers are the held-out tier counts the old profile recorded.
func validationTiers(p *profile.Profile) []drift.TierCount {
	if p.Validation == nil {
		return nil
	}
	var out []drift.TierCount
	for _, t := range p.Validation.Tiers {
		out = append(out, drift.TierCount{Tier: t.Tier, N: t.N, Best: t.Best})
	}
	return out
}

// tierCounts counts analysed customers and best customers per tier of the profile.
func tierCounts(p *profile.Profile, scores []scoring.Result, g *analysis.BestGroup) []drift.TierCount {
	names := p.Scoring.TierNames()
	out := make([]drift.TierCount, len(names))
	for i, n := range names {
		out[i].Tier = n
	}
	for i, s := range scores {
		if !g.Analysed[i] {
			continue
		}
		if j := slices.Index(names, s.Tier); j >= 0 {
			out[j].N++
			if g.Best[i] {
				out[j].Best++
			}
		}
	}
	return out
}

// recheck tests the old profile's criteria, negative traits and disqualifiers on the
// new customers.
func recheck(p *profile.Profile, scores []scoring.Result, g *analysis.BestGroup) []drift.Recheck {
	var rs []drift.Recheck
	add := func(k profile.Criterion, section string, matched func(scoring.Result) bool) {
		r := drift.Recheck{Condition: k.String(), Display: p.Describe(k.Condition), Disqualifier: section == profile.SectionDisqualifiers, NegativeTrait: section == profile.SectionNegativeTraits,
			ThenAll: p.Source.Analysed, ThenBest: p.Best.Count, NowAll: g.N, NowBest: g.B}
		if k.Evidence != nil {
			r.ThenN, r.ThenB = k.Evidence.N, k.Evidence.Best
		}
		for i, s := range scores {
			if g.Analysed[i] && matched(s) {
				r.NowN++
				if g.Best[i] {
					r.NowB++
				}
			}
		}
		rs = append(rs, r)
	}
	for j, k := range p.Criteria {
		add(k, profile.SectionCriteria, func(s scoring.Result) bool { return s.Matched[j] })
	}
	for j, k := range p.NegativeTraits {
		add(k, profile.SectionNegativeTraits, func(s scoring.Result) bool { return s.Negative[j] })
	}
	for j, k := range p.Disqualifiers {
		add(k, profile.SectionDisqualifiers, func(s scoring.Result) bool { return s.Disqualified[j] })
	}
	drift.RecheckConditions(rs, p.Parameters.Alpha)
	return rs
}

// oldData loads last quarter's data: opt.OldData, or else the old profile's source file
// found next to the profile (or one folder up) with the SHA-256 the profile recorded.
// Each candidate is opened once: loaded, and kept only when its digest matches. Without
// the data, the note says how to get attribute drift.
func (opt *CompareOptions) oldData(ctx context.Context, old *profileFile) (*dataset.Table, string, error) {
	lo := dataset.Options{}
	if opt.OldDeals != "" {
		lo.KeepCellsOf = crm.AccountCells(opt.Join, opt.DealColumns) // the join reads its key as written
	}
	if opt.OldData != "" {
		var t *dataset.Table
		var err error
		if opt.Sample > 0 && source.KindOf(opt.OldData) == source.Database {
			// Last quarter's table sampled as this quarter's is (--sample): the same rule, so
			// a table sampled for the old profile gives the rows it was derived from.
			t, _, err = opt.loadSample(ctx, Input{File: opt.OldData, Sample: opt.Sample}, opt.Roles.ID, lo)
		} else {
			t, err = opt.load(ctx, opt.OldData, lo)
		}
		if err != nil {
			return nil, "", err
		}
		if old.Source.SHA256 != "" && t.SHA256 != old.Source.SHA256 {
			return t, fmt.Sprintf("%s is not the file %s was derived from (its SHA-256 differs); attribute drift compares against it all the same", opt.OldData, old.Name), nil
		}
		return t, "", nil
	}
	if source.IsDatabaseDisplay(old.Source.File) {
		return nil, "attribute drift not computed: the old profile was derived from a database; pass last quarter's rows with --old-data (e.g. --old-data table:customers_2026q3)", nil
	}
	file := filepath.Base(old.Source.File)
	if file == "" || file == "." || old.Source.SHA256 == "" {
		return nil, "attribute drift not computed: the old profile names no source file; pass last quarter's data with --old-data", nil
	}
	dir := filepath.Dir(old.path)
	for _, cand := range []string{filepath.Join(dir, file), filepath.Join(filepath.Dir(dir), file)} {
		t, err := opt.loadIfDigest(ctx, cand, old.Source.SHA256, lo)
		if err != nil {
			return nil, "", err
		}
		if t != nil {
			return t, fmt.Sprintf("last quarter's data: %s, found next to the old profile (same SHA-256 as recorded)", file), nil
		}
	}
	return nil, fmt.Sprintf("attribute drift not computed: last quarter's data (%s) was not found next to the old profile; pass it with --old-data", file), nil
}

// joinOldDeals joins last quarter's deals (OldDeals) to last quarter's accounts, as
// this quarter's deals are joined (the same --join, --deal-columns, stages and
// --duplicates); the notes say how, marked as last quarter's.
func (opt *CompareOptions) joinOldDeals(ctx context.Context, accounts *dataset.Table) (*dataset.Table, []string, error) {
	d, err := opt.loadDeals(ctx, opt.OldDeals, opt.DealColumns)
	if err != nil {
		return nil, nil, err
	}
	d.stages = opt.Stages
	if err := d.read(); err != nil {
		return nil, nil, err
	}
	joined, notes, err := crm.JoinKeeping(accounts, opt.Join, d.list, d.kind, opt.Duplicates)
	if err != nil {
		return nil, nil, fmt.Errorf("--old-deals: %w", err)
	}
	out := make([]string, 0, len(d.notes)+len(notes))
	for _, n := range append(d.notes, notes...) {
		out = append(out, "last quarter: "+n)
	}
	return joined, out, nil
}

// loadIfDigest loads path when it exists and its bytes have the SHA-256 sum; (nil, nil)
// when it cannot be opened or its digest differs. A file with the digest that does not
// load is an error.
func (e Env) loadIfDigest(ctx context.Context, path, sum string, opt dataset.Options) (*dataset.Table, error) {
	if source.KindOf(path) == source.Parquet {
		t, err := e.load(ctx, path, opt)
		if err != nil || t.SHA256 != sum {
			return nil, nil // not there, or not the file the profile was derived from
		}
		return t, nil
	}
	f, err := e.open(path)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	h := newDigest(f)
	opt.Progress = e.rows(path)
	t, err := dataset.Read(h, path, opt)
	if err == nil {
		if t.SHA256 != sum {
			return nil, nil
		}
		return t, ctx.Err()
	}
	if _, cerr := io.Copy(io.Discard, h); cerr != nil || h.sum() != sum {
		return nil, nil // not the file the profile was derived from
	}
	return nil, err
}

// driftColumns are the attributes to compare: those the fresh derivation used and those
// the old profile names, in the order of the new file.
func driftColumns(t *dataset.Table, res *analysis.Result, old *profile.Profile) []string {
	want := map[string]bool{}
	for _, a := range res.Attributes {
		if a.Used {
			want[a.Column] = true
		}
	}
	for _, k := range slices.Concat(old.Criteria, old.NegativeTraits, old.Disqualifiers) {
		if c := t.Column(k.Attribute); c != nil {
			want[c.Name] = true
		}
	}
	var cols []string
	for _, c := range t.Columns {
		if want[c.Name] {
			cols = append(cols, c.Name)
		}
	}
	return cols
}

// tierRank orders tiers: the last listed tier is 1, the first len(tiers), a
// disqualified record 0 (-1 for an unknown tier).
func tierRank(s profile.Scoring, tier string) int {
	if tier == profile.Disqualified {
		return 0
	}
	i := slices.IndexFunc(s.Tiers, func(t profile.Tier) bool { return t.Name == tier })
	if i < 0 {
		return -1
	}
	return len(s.Tiers) - i
}

// risingRow is a row ranked in a higher tier under the new profile than the old.
type risingRow struct {
	row, rise int
	reasons   string
}

// rising lists the rows ranked in a higher tier under the new profile than under the
// old, the largest rises first (then in file order), with the criteria that lifted
// them: new criteria matched where no old criterion on the same attribute matched, old
// negative traits that no longer apply, and old disqualifiers that no longer apply.
func rising(old, nw *profile.Profile, oldScores, newScores []scoring.Result) []risingRow {
	var out []risingRow
	for i := range oldScores {
		o, n := oldScores[i], newScores[i]
		rise := tierRank(nw.Scoring, n.Tier) - tierRank(old.Scoring, o.Tier)
		if rise <= 0 {
			continue
		}
		var lifted, matched, freed []string
		for j, k := range nw.Criteria {
			if !n.Matched[j] {
				continue
			}
			matched = append(matched, nw.Describe(k.Condition))
			before := false
			for jj, ok := range old.Criteria {
				before = before || o.Matched[jj] && dataset.HeaderKey(ok.Attribute) == dataset.HeaderKey(k.Attribute)
			}
			if !before {
				lifted = append(lifted, nw.Describe(k.Condition))
			}
		}
		if o.Tier == profile.Disqualified && n.Tier != profile.Disqualified {
			for j, d := range old.Disqualifiers {
				if o.Disqualified[j] {
					freed = append(freed, old.Describe(d.Condition))
				}
			}
		}
		var eased []string
		for j, k := range old.NegativeTraits {
			if !o.Negative[j] {
				continue
			}
			still := false
			for jj, nk := range nw.NegativeTraits {
				still = still || n.Negative[jj] && dataset.HeaderKey(nk.Attribute) == dataset.HeaderKey(k.Attribute)
			}
			if !still {
				eased = append(eased, old.Describe(k.Condition))
			}
		}
		var parts []string
		if len(lifted) > 0 {
			parts = append(parts, "matched: "+strings.Join(lifted, " & "))
		}
		if len(eased) > 0 {
			parts = append(parts, "no longer lowered by: "+strings.Join(eased, " & "))
		}
		if len(freed) > 0 {
			parts = append(parts, "no longer disqualified by: "+strings.Join(freed, " & "))
		}
		if len(parts) == 0 {
			parts = append(parts, "reweighted: "+strings.Join(matched, " & "))
		}
		out = append(out, risingRow{row: i, rise: rise, reasons: strings.Join(parts, "; ")})
	}
	slices.SortStableFunc(out, func(a, b risingRow) int { return b.rise - a.rise })
	return out
}

// risingFile renders rising.csv (every cell formula-safe) and fills c.Rising.
func risingFile(c *report.Comparison, old *profile.Profile, idHeader string, ids []string, rows []risingRow, oldScores, newScores []scoring.Result) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	write := func(rec []string) error {
		for i := range rec {
			rec[i] = scoring.SafeCell(rec[i])
		}
		return w.Write(rec)
	}
	if err := write([]string{idHeader, "old_tier", "old_score", "new_tier", "new_score", "reasons"}); err != nil {
		return nil, err
	}
	c.Rising = report.Rising{Count: len(rows), File: "rising.csv"}
	trans := map[[2]string]int{}
	for k, r := range rows {
		o, n := oldScores[r.row], newScores[r.row]
		rr := report.RisingRow{ID: ids[k], OldTier: o.Tier, OldScore: o.Score, NewTier: n.Tier, NewScore: n.Score, Reasons: r.reasons}
		if err := write([]string{rr.ID, rr.OldTier, strconv.Itoa(rr.OldScore), rr.NewTier, strconv.Itoa(rr.NewScore), rr.Reasons}); err != nil {
			return nil, err
		}
		if k < risingExamples {
			c.Rising.Examples = append(c.Rising.Examples, rr)
		}
		trans[[2]string{o.Tier, n.Tier}]++
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	oldNames, newNames := old.Scoring.TierNames(), c.NewProfile.Scoring.TierNames()
	keys := slices.Collect(maps.Keys(trans))
	pos := func(names []string, s string) int {
		if i := slices.Index(names, s); i >= 0 {
			return i
		}
		return len(names)
	}
	slices.SortFunc(keys, func(a, b [2]string) int {
		if d := pos(oldNames, a[0]) - pos(oldNames, b[0]); d != 0 {
			return d
		}
		if d := pos(newNames, a[1]) - pos(newNames, b[1]); d != 0 {
			return d
		}
		return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1])
	})
	for _, k := range keys {
		c.Rising.Transitions = append(c.Rising.Transitions, report.Transition{From: k[0], To: k[1], Count: trans[k]})
	}
	return buf.Bytes(), nil
}

// rowIDs returns the id of each listed row and the header of the id column: the id
// column's values (kept by the loader for text columns, see dataset.Options.KeepText),
// or the line number in the file when there is no id column.
func rowIDs(t *dataset.Table, idCol string, rows []risingRow) ([]string, string) {
	ids := make([]string, len(rows))
	col := t.Column(idCol)
	if idCol == "" || col == nil {
		for k, r := range rows {
			ids[k] = strconv.Itoa(t.Line[r.row])
		}
		return ids, "line"
	}
	if len(rows) == 0 {
		return ids, col.Name
	}
	if col.Kind == dataset.Text && col.Raw != nil {
		for k, r := range rows {
			ids[k] = col.Raw[r.row]
		}
		return ids, col.Name
	}
	for k, r := range rows {
		ids[k] = cellValue(col, r.row)
	}
	return ids, col.Name
}

// cellValue renders a kept cell for output ("" when missing).
func cellValue(c *dataset.Column, i int) string {
	switch c.Kind {
	case dataset.Numeric, dataset.Date, dataset.Boolean:
		if x := c.Num[i]; x == x {
			return scoring.FormatPlain(x)
		}
	case dataset.Categorical:
		if code := c.Codes[i]; code != dataset.Missing {
			return c.Display[code]
		}
	}
	return ""
}
