package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/atomicfile"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// reportOptions are the flags of `icp report`.
type reportOptions struct {
	profile  string
	deals    string
	accounts string
	join     string
	out      string
	format   string
	force    bool
	quiet    bool
	dealCols string
}

func (o *reportOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "profile to score with (icp.yaml or its directory)")
	fs.StringVar(&o.deals, "deals", "", "deals/opportunities export (won, lost and open deals)")
	fs.StringVar(&o.accounts, "accounts", "", "accounts export carrying the profile's attributes (default: the deals file carries them)")
	fs.StringVar(&o.join, "join", "", "accounts column holding the deals' account (default: detected)")
	fs.StringVar(&o.dealCols, "deal-columns", "", "deals headers no preset knows, e.g. account=Company ID,stage=Pipeline Stage,amount=Value")
	fs.StringVar(&o.out, "out", "icp-report", "directory for REPORT.md and report.html")
	fs.StringVar(&o.format, "format", "text", "output on stdout: text or json")
	fs.BoolVar(&o.force, "force", false, "replace an existing report in --out")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
}

func runReport(ctx context.Context, args []string, e env) error {
	var o reportOptions
	fs := newFlagSet("icp report --profile DIR/icp.yaml --deals DEALS.csv [--accounts ACCOUNTS.csv] [--join COL] [--out DIR] [--format text|json] [--force]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case o.profile == "":
		return usagef("--profile is required, e.g. --profile icp-out/icp.yaml")
	case o.deals == "":
		return usagef("--deals is required: the deals whose win rate to compare across fit tiers")
	case fs.NArg() > 0:
		return usagef("unexpected argument %q; files are given with --deals and --accounts", fs.Arg(0))
	case o.format != "text" && o.format != "json":
		return usagef("--format %q: use text or json", o.format)
	}
	p, err := loadProfile(o.profile)
	if err != nil {
		return err
	}
	prog := newProgress(e, o.quiet)
	defer prog.Done()
	rep, err := buildWinRate(ctx, o, p, prog)
	if err != nil {
		return err
	}
	prog.Done()

	var md, html bytes.Buffer
	if err := report.WinRateMarkdown(&md, rep); err != nil {
		return err
	}
	page := report.Page{Title: "Win rate by ICP fit — " + p.Name, Profile: p, WinRate: &rep.WinRate, Retention: rep.Retention, Notes: rep.Notes}
	if err := report.HTML(&html, page); err != nil {
		return err
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	var files []string
	for _, f := range []struct {
		name string
		data []byte
	}{{"REPORT.md", md.Bytes()}, {"report.html", html.Bytes()}} {
		path := filepath.Join(o.out, f.name)
		if err := atomicfile.WriteFile(path, f.data, 0o644, o.force); err != nil {
			if errors.Is(err, atomicfile.ErrExists) {
				return fmt.Errorf("%s already exists; pass --force to replace it or --out to write elsewhere", path)
			}
			return err
		}
		files = append(files, path)
	}
	if o.format == "json" {
		return report.WinRateJSON(e.stdout, rep)
	}
	if err := report.WinRateText(e.stdout, rep); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "\nWrote %s, %s\n", files[0], files[1])
	return err
}

// buildWinRate reads the deals (and accounts), gives each deal the fit tier of its
// account and summarises win rates by tier.
func buildWinRate(ctx context.Context, o reportOptions, p *profile.Profile, prog *progress) (*report.WinRateReport, error) {
	dt, err := dataset.Load(o.deals, dataset.Options{Progress: func(n int) { prog.Rows(o.deals, n) }})
	if err != nil {
		return nil, err
	}
	override, err := crm.ParseDealColumns(o.dealCols)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	cols, kind, notes, err := crm.DetectDealColumns(dt, override)
	if err != nil {
		return nil, err // names the file already
	}
	if kind != crm.Opportunities {
		return nil, fmt.Errorf("%s holds subscriptions, not deals with a won/lost stage; win rate needs an opportunities export", o.deals)
	}
	deals, sum, err := crm.Deals(dt, cols)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.deals, err)
	}
	notes = append(notes, sum.Notes()...)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := &report.WinRateReport{Profile: p, Deals: filepath.Base(o.deals)}
	tiers := make([]string, len(deals))
	if o.accounts != "" {
		rep.Accounts = filepath.Base(o.accounts)
		at, err := dataset.Load(o.accounts, dataset.Options{Progress: func(n int) { prog.Rows(o.accounts, n) }})
		if err != nil {
			return nil, err
		}
		scores, err := p.ScoreTable(at)
		if err != nil {
			return nil, err
		}
		rows, key, err := crm.AccountRows(at, o.join, deals, kind)
		if err != nil {
			return nil, err
		}
		matched := 0
		for i, r := range rows {
			if r >= 0 {
				tiers[i] = scores[r].Tier
				matched++
			}
		}
		notes = append(notes, fmt.Sprintf("%s of %s deals matched an account on %q; accounts scored with the profile", profile.FormatCount(matched), profile.FormatCount(len(deals)), key))
		rep.Retention = retention(p, at, scores)
	} else {
		scores, err := p.ScoreTable(dt)
		if err != nil {
			return nil, fmt.Errorf("%w; pass --accounts with the accounts export that carries these columns", err)
		}
		for i, d := range deals {
			if d.Line > 0 {
				tiers[i] = scores[i].Tier
			}
		}
		notes = append(notes, "deals scored on the account attributes in the deals file itself")
	}
	records := make([]winrate.Deal, len(deals))
	for i, d := range deals {
		rec := winrate.Deal{Tier: tiers[i], Amount: d.Amount, CycleDays: math.NaN()}
		switch d.Status {
		case crm.Won:
			rec.Status = winrate.Won
			if c := d.Closed - d.Created; c >= 0 {
				rec.CycleDays = c
			}
		case crm.Lost:
			rec.Status = winrate.Lost
		}
		records[i] = rec
	}
	names := p.Scoring.TierNames()
	if len(p.Disqualifiers) == 0 {
		names = names[:len(names)-1] // no disqualifiers: no disqualified tier
	}
	rep.WinRate = winrate.ByTier(records, names)
	rep.Notes = notes
	return rep, nil
}

// retention is the churn rate per tier of the accounts, when the accounts carry the
// profile's churn column.
func retention(p *profile.Profile, at *dataset.Table, scores []profile.Result) []analysis.TierRow {
	name := p.Parameters.Columns["churn"]
	if name == "" {
		return nil
	}
	c := at.Column(name)
	if c == nil || (c.Kind != dataset.Boolean && c.Kind != dataset.Numeric) {
		return nil
	}
	names := p.Scoring.TierNames()
	rows := make([]analysis.TierRow, len(names))
	churned := make([]int, len(names))
	for i := range names {
		rows[i].Tier = names[i]
	}
	for i, s := range scores {
		v := c.Num[i]
		if math.IsNaN(v) {
			continue
		}
		for j, n := range names {
			if n == s.Tier {
				rows[j].ChurnN++
				if v == 1 {
					churned[j]++
				}
			}
		}
	}
	for j := range rows {
		if rows[j].ChurnN > 0 {
			rows[j].ChurnRate = float64(churned[j]) / float64(rows[j].ChurnN)
		}
	}
	return rows
}
