package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/drift"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/atomicfile"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// compareOptions are the flags of `icp compare`: derive's (the fresh profile is derived
// with them; --top, --seed, --weights, --best and the column roles default to the old
// profile's) plus the profile to compare against and last quarter's data.
type compareOptions struct {
	deriveOptions
	profile string
	oldData string
}

// risingExamples is how many tier-rise rows COMPARE.md shows.
const risingExamples = 10

func (o *compareOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "last quarter's profile (icp.yaml or its directory)")
	o.deriveOptions.addFlags(fs)
	fs.StringVar(&o.oldData, "old-data", "", "last quarter's customers file, for attribute drift (default: the profile's source file when found next to the profile with the same SHA-256)")
	o.out = "icp-compare"
	set := func(name, def, usage string) {
		if f := fs.Lookup(name); f != nil {
			f.DefValue, f.Usage = def, usage
		}
	}
	set("out", "icp-compare", "directory for COMPARE.md, compare.json, rising.csv and the new icp.yaml")
	set("top", "0", "share of customers counted as best (default: the old profile's)")
	set("seed", "0", "seed for every random step (default: the old profile's)")
	set("weights", "", "outcome weights in the best-customer score, e.g. ltv=2,churn=1 (default: the old profile's)")
	set("force", "false", "overwrite an existing icp.yaml (and the other outputs) in --out")
}

func runCompare(ctx context.Context, args []string, e env) error {
	var o compareOptions
	fs := newFlagSet("icp compare --profile OLD/icp.yaml (NEW_CUSTOMERS.csv | --accounts ACCOUNTS.csv --deals DEALS.csv) [--old-data OLD_CUSTOMERS.csv] [--out DIR] [--format text|json] [--force] [--quiet]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case o.profile == "":
		return usagef("--profile is required: the icp.yaml of the quarter to compare against")
	case o.accounts != "" && fs.NArg() > 0:
		return usagef("give either a customers file or --accounts, not both")
	case o.accounts != "" && o.deals == "":
		return usagef("--accounts needs --deals to derive outcomes from")
	case o.accounts == "" && fs.NArg() != 1:
		return usagef("need exactly one new customers file (or --accounts and --deals), got %d", fs.NArg())
	case o.format != "text" && o.format != "json":
		return usagef("--format %q: use text or json", o.format)
	case fs.Changed("top") && !(o.top > 0 && o.top < 1):
		return usagef("--top %v: use a share between 0 and 1, e.g. 0.2", o.top)
	}
	flagWeights, err := parseWeights(o.weights)
	if err != nil {
		return err
	}
	path := fs.Arg(0)
	if o.accounts != "" {
		path = o.accounts
	}

	oldPath := profilePath(o.profile)
	old, err := loadProfile(oldPath)
	if err != nil {
		return err
	}
	oldBytes, err := os.ReadFile(oldPath)
	if err != nil {
		return err
	}
	oldSum := sha256.Sum256(oldBytes)
	oldHash := hex.EncodeToString(oldSum[:])

	if err := checkProfileFree(o.out, o.force); err != nil {
		return err
	}
	prog := newProgress(e, o.quiet)
	defer prog.Done()
	t, notes, err := loadCustomers(ctx, path, o.deals, o.join, "", prog)
	if err != nil {
		return err
	}

	// The old profile's parameters, unless overridden on the command line.
	par := old.Parameters
	roles := o.roles
	for _, r := range []struct {
		field *string
		role  string
	}{{&roles.ID, "id"}, {&roles.LTV, analysis.OutcomeLTV}, {&roles.Cycle, analysis.OutcomeCycle},
		{&roles.Churn, analysis.OutcomeChurn}, {&roles.NPS, analysis.OutcomeNPS}, {&roles.Tenure.Column, "tenure"}} {
		if *r.field == "" && par.Columns[r.role] != "" && t.Column(par.Columns[r.role]) != nil {
			*r.field = par.Columns[r.role]
		}
	}
	top := par.Top
	if fs.Changed("top") || !(top > 0 && top < 1) {
		top = o.top
	}
	seed := par.Seed
	if fs.Changed("seed") {
		seed = o.seed
	}
	weights := maps.Clone(par.Weights)
	if fs.Changed("weights") || weights == nil {
		weights = flagWeights
	}
	best := o.best
	if !fs.Changed("best") && len(par.Weights) == 0 {
		best = bestSpec(old.Best.Rule)
	}
	roles, _, err = analysis.DetectRoles(t, roles, best != "")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	// The written profile comes from a full derivation (validation as derive does it).
	res, err := analysis.Derive(t, analysis.Options{Roles: roles, Best: best, Allow: o.allow, Top: top, Weights: weights, Seed: seed,
		Alpha: par.Alpha, MinLift: par.MinLift, Resamples: resamples(o.deriveOptions), Progress: prog.Stage})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	res.Warnings = append(loadWarnings(t), res.Warnings...)
	g := res.Best

	now := e.now()
	name := o.name
	if name == "" {
		name = fmt.Sprintf("%d-Q%d draft", now.Year(), (int(now.Month())+2)/3)
	}
	p := res.Profile(profile.Source{File: filepath.Base(path), SHA256: t.SHA256, Rows: t.Rows, Analysed: res.Customers, Skipped: res.Skipped},
		name, now.Format("2006-01-02"), "icp "+version)
	p.Status = profile.StatusDraft
	p.Supersedes = fmt.Sprintf("%s (icp.yaml sha256:%s)", old.Name, oldHash)

	oldScores, err := old.ScoreTable(t)
	if err != nil {
		return fmt.Errorf("the old profile cannot score %s: %w", path, err)
	}
	newScores, err := p.ScoreTable(t)
	if err != nil {
		return err
	}

	c := &report.Comparison{
		Old: report.CompareOld{Path: oldPath, SHA256: oldHash, Name: old.Name, Status: old.Status, Created: old.Created, Source: old.Source, Best: old.Best},
		New: report.CompareInput{File: filepath.Base(path), SHA256: t.SHA256, Rows: t.Rows, Customers: g.N, Best: g.B,
			BestShare: float64(g.B) / float64(g.N), BestRule: res.BestRule()},
		Changes:    profile.Diff(old, p),
		NewProfile: p,
		Draft:      report.CompareDraft{Name: p.Name, Status: p.Status, Supersedes: p.Supersedes, NoSignal: res.NoSignal, Criteria: []string{}, Disqualifiers: []string{}},
		Warnings:   res.Warnings,
	}
	for _, k := range p.Criteria {
		c.Draft.Criteria = append(c.Draft.Criteria, k.String())
	}
	for _, k := range p.Disqualifiers {
		c.Draft.Disqualifiers = append(c.Draft.Disqualifiers, k.String())
	}

	// (a) the old profile's tiers on the new data, and the old conditions re-tested.
	c.OldTiers = drift.Tiers(validationTiers(old), tierCounts(old, oldScores, g))
	c.Rechecks = recheck(old, oldScores, g)
	if o.deals != "" {
		rep, err := buildWinRate(ctx, reportOptions{deals: o.deals, accounts: path, join: o.join}, old, prog)
		if err != nil {
			notes = append(notes, fmt.Sprintf("win rate by old tier not computed: %v", err))
		} else {
			c.WinRate = &rep.WinRate
		}
	}

	// (d) drift against last quarter's data, when at hand.
	oldT, note, err := oldData(o, oldPath, old, prog)
	if err != nil {
		return err
	}
	if note != "" {
		notes = append(notes, note)
	}
	if oldT != nil {
		c.OldData = filepath.Base(oldT.Path)
		c.Drift = drift.Attributes(oldT, t, driftColumns(t, res, old))
		if len(g.Outcomes) > 0 {
			oldRoles := analysis.Roles{ID: par.Columns["id"], LTV: par.Columns[analysis.OutcomeLTV], Cycle: par.Columns[analysis.OutcomeCycle],
				Churn: par.Columns[analysis.OutcomeChurn], NPS: par.Columns[analysis.OutcomeNPS], Tenure: roles.Tenure}
			oldRoles.Tenure.Column = par.Columns["tenure"]
			if oldG, err := analysis.RankBest(oldT, oldRoles, weights, top); err != nil {
				notes = append(notes, fmt.Sprintf("outcomes of %s not compared: %v", c.OldData, err))
			} else {
				c.OldTiers.Outcomes = drift.Outcomes(oldT, t, oldG, g)
			}
		}
	}

	// (e) accounts whose tier rose.
	rows := rising(old, p, oldScores, newScores)
	if !slices.Equal(old.Scoring.TierNames(), p.Scoring.TierNames()) {
		notes = append(notes, fmt.Sprintf("the old profile's tiers (%s) differ from the new profile's (%s); tiers are compared by rank from the top",
			strings.Join(old.Scoring.TierNames(), ", "), strings.Join(p.Scoring.TierNames(), ", ")))
	}
	risingCSV, err := writeRising(c, old, t, path, roles.ID, rows, oldScores, newScores, prog)
	if err != nil {
		return err
	}
	c.Notes = append(notes, res.Notes...)

	// (f) outputs.
	files := []string{"COMPARE.md", "compare.json", "rising.csv", "icp.yaml"}
	for _, f := range files {
		c.Outputs = append(c.Outputs, filepath.Join(o.out, f))
	}
	report.Summarise(c)
	var md, js bytes.Buffer
	if err := report.CompareMarkdown(&md, c); err != nil {
		return err
	}
	if err := report.CompareJSON(&js, c); err != nil {
		return err
	}
	yml, err := p.Marshal()
	if err != nil {
		return err
	}
	prog.Done()
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	for i, data := range [][]byte{md.Bytes(), js.Bytes(), risingCSV, yml} {
		overwrite := o.force || files[i] != "icp.yaml"
		if err := atomicfile.WriteFile(c.Outputs[i], data, 0o644, overwrite); err != nil {
			if errors.Is(err, atomicfile.ErrExists) {
				return fmt.Errorf("%s already exists; pass --force to replace it or --out to write elsewhere", c.Outputs[i])
			}
			return err
		}
	}
	if o.format == "json" {
		_, err := e.stdout.Write(js.Bytes())
		return err
	}
	return report.CompareText(e.stdout, c)
}

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
func tierCounts(p *profile.Profile, scores []profile.Result, g *analysis.BestGroup) []drift.TierCount {
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

// recheck tests the old profile's criteria and disqualifiers on the new customers.
func recheck(p *profile.Profile, scores []profile.Result, g *analysis.BestGroup) []drift.Recheck {
	var rs []drift.Recheck
	add := func(k profile.Criterion, disq bool, matched func(profile.Result) bool) {
		r := drift.Recheck{Condition: k.String(), Disqualifier: disq, ThenAll: p.Source.Analysed, ThenBest: p.Best.Count, NowAll: g.N, NowBest: g.B}
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
		add(k, false, func(s profile.Result) bool { return s.Matched[j] })
	}
	for j, k := range p.Disqualifiers {
		add(k, true, func(s profile.Result) bool { return s.Disqualified[j] })
	}
	drift.RecheckConditions(rs, p.Parameters.Alpha)
	return rs
}

// oldData loads last quarter's data: --old-data, or else the profile's source file
// found next to the profile (or one folder up) with the SHA-256 the profile recorded.
// Without it the note says how to get attribute drift.
func oldData(o compareOptions, profilePath string, old *profile.Profile, prog *progress) (*dataset.Table, string, error) {
	load := func(path string) (*dataset.Table, error) {
		return dataset.Load(path, dataset.Options{Progress: func(n int) { prog.Rows(path, n) }})
	}
	if o.oldData != "" {
		t, err := load(o.oldData)
		if err != nil {
			return nil, "", err
		}
		if old.Source.SHA256 != "" && t.SHA256 != old.Source.SHA256 {
			return t, fmt.Sprintf("%s is not the file %s was derived from (its SHA-256 differs); attribute drift compares against it all the same", o.oldData, old.Name), nil
		}
		return t, "", nil
	}
	file := filepath.Base(old.Source.File)
	if file == "" || file == "." || old.Source.SHA256 == "" {
		return nil, "attribute drift not computed: the old profile names no source file; pass last quarter's data with --old-data", nil
	}
	dir := filepath.Dir(profilePath)
	for _, cand := range []string{filepath.Join(dir, file), filepath.Join(filepath.Dir(dir), file)} {
		if sum, err := fileSHA256(cand); err == nil && sum == old.Source.SHA256 {
			t, err := load(cand)
			if err != nil {
				return nil, "", err
			}
			return t, fmt.Sprintf("last quarter's data: %s, found next to the old profile (same SHA-256 as recorded)", file), nil
		}
	}
	return nil, fmt.Sprintf("attribute drift not computed: last quarter's data (%s) was not found next to the old profile; pass it with --old-data", file), nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
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
	for _, k := range append(slices.Clone(old.Criteria), old.Disqualifiers...) {
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

type risingRow struct {
	row, rise int
	reasons   string
}

// rising lists the rows ranked in a higher tier under the new profile than under the
// old, the largest rises first (then in file order), with the criteria that lifted
// them: new criteria matched where no old criterion on the same attribute matched, and
// old disqualifiers that no longer apply.
func rising(old, nw *profile.Profile, oldScores, newScores []profile.Result) []risingRow {
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
			matched = append(matched, k.String())
			before := false
			for jj, ok := range old.Criteria {
				before = before || o.Matched[jj] && dataset.HeaderKey(ok.Attribute) == dataset.HeaderKey(k.Attribute)
			}
			if !before {
				lifted = append(lifted, k.String())
			}
		}
		if o.Tier == profile.Disqualified && n.Tier != profile.Disqualified {
			for j, d := range old.Disqualifiers {
				if o.Disqualified[j] {
					freed = append(freed, d.String())
				}
			}
		}
		var parts []string
		if len(lifted) > 0 {
			parts = append(parts, "matched: "+strings.Join(lifted, " & "))
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

// writeRising renders rising.csv (every cell formula-safe) and fills c.Rising.
func writeRising(c *report.Comparison, old *profile.Profile, t *dataset.Table, path, idCol string, rows []risingRow, oldScores, newScores []profile.Result, prog *progress) ([]byte, error) {
	ids, header, err := rowIDs(t, path, idCol, rows, prog)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rec := []string{header, "old_tier", "old_score", "new_tier", "new_score", "reasons"}
	for i := range rec {
		rec[i] = profile.SafeCell(rec[i])
	}
	if err := w.Write(rec); err != nil {
		return nil, err
	}
	c.Rising = report.Rising{Count: len(rows), File: "rising.csv"}
	trans := map[[2]string]int{}
	for k, r := range rows {
		o, n := oldScores[r.row], newScores[r.row]
		rr := report.RisingRow{ID: ids[k], OldTier: o.Tier, OldScore: o.Score, NewTier: n.Tier, NewScore: n.Score, Reasons: r.reasons}
		rec := []string{rr.ID, rr.OldTier, strconv.Itoa(rr.OldScore), rr.NewTier, strconv.Itoa(rr.NewScore), rr.Reasons}
		for i := range rec {
			rec[i] = profile.SafeCell(rec[i])
		}
		if err := w.Write(rec); err != nil {
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
// column's values (read again from the file when the loader kept no values for it, as
// it does for identifiers), or the line number in the file when there is no id column.
func rowIDs(t *dataset.Table, path, idCol string, rows []risingRow, prog *progress) ([]string, string, error) {
	ids := make([]string, len(rows))
	col := t.Column(idCol)
	if idCol == "" || col == nil {
		for k, r := range rows {
			ids[k] = strconv.Itoa(t.Line[r.row])
		}
		return ids, "line", nil
	}
	if len(rows) == 0 {
		return ids, col.Name, nil
	}
	if col.Kind == dataset.Text || col.Kind == dataset.Empty {
		rt, err := dataset.Load(path, dataset.Options{Force: map[string]dataset.Kind{col.Name: dataset.Categorical}, MaxLevels: t.Rows + 1,
			Progress: func(n int) { prog.Rows(path, n) }})
		if err != nil {
			return nil, "", err
		}
		rc := rt.Column(col.Name)
		byLine := make(map[int]int, rt.Rows)
		for i, l := range rt.Line {
			byLine[l] = i
		}
		for k, r := range rows {
			if i, ok := byLine[t.Line[r.row]]; ok && rc.Kind == dataset.Categorical && rc.Codes[i] != dataset.Missing {
				ids[k] = rc.Display[rc.Codes[i]]
			}
		}
		return ids, col.Name, nil
	}
	for k, r := range rows {
		ids[k] = cellValue(col, r.row)
	}
	return ids, col.Name, nil
}

// cellValue renders a kept cell for output ("" when missing).
func cellValue(c *dataset.Column, i int) string {
	switch c.Kind {
	case dataset.Numeric, dataset.Date, dataset.Boolean:
		if x := c.Num[i]; x == x {
			return profile.FormatPlain(x)
		}
	case dataset.Categorical:
		if code := c.Codes[i]; code != dataset.Missing {
			return c.Display[code]
		}
	}
	return ""
}
