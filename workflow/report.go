package workflow

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/scoring"
)

// ReportOptions are the inputs of Report.
type ReportOptions struct {
	Env
	Profile     string          // the profile (icp.yaml or the directory holding it)
	Deals       string          // deals/opportunities export
	Accounts    string          // accounts export carrying the profile's attributes ("": the deals carry them)
	Join        string          // accounts column holding the deals' account ("" detects it)
	DealColumns crm.DealColumns // deals headers no preset knows
	Stages      crm.Stages      // deal stage values no preset knows (--won-stage, --lost-stage)
	Out         string          // directory for REPORT.md and report.html
	Force       bool            // replace existing reports in Out
}

// ReportResult is what Report found and wrote.
type ReportResult struct {
	Profile *profile.Profile
	WinRate *report.WinRateReport
	Output  Output // REPORT.md, report.html
}

// Report scores the accounts behind the deals with a profile and summarises win rates
// (and retention, when the accounts carry the profile's churn column) by fit tier. It
// writes REPORT.md and report.html into opt.Out as one set, after checking before any
// work that Out can take them.
func Report(ctx context.Context, opt ReportOptions) (*ReportResult, error) {
	p, err := opt.readProfile(opt.Profile)
	if err != nil {
		return nil, err
	}
	out := Output{Dir: opt.Out, Force: opt.Force}
	if err := out.check(nil, []string{"REPORT.md", "report.html"}); err != nil {
		return nil, err
	}
	d, err := opt.loadDeals(ctx, opt.Deals, opt.DealColumns)
	if err != nil {
		return nil, err
	}
	if err := d.opportunities(); err != nil {
		return nil, err
	}
	d.stages = opt.Stages
	if err := d.read(); err != nil {
		return nil, fmt.Errorf("%s: %w", opt.Deals, err)
	}
	var at *dataset.Table
	if opt.Accounts != "" {
		if at, err = opt.load(ctx, opt.Accounts, dataset.Options{KeepCellsOf: crm.AccountCells(opt.Join, opt.DealColumns)}); err != nil {
			return nil, err
		}
	}
	rep, err := winRate(d, at, opt.Join, "", p.Profile)
	if err != nil {
		return nil, err
	}
	var md, html bytes.Buffer
	if err := report.WinRateMarkdown(&md, rep); err != nil {
		return nil, err
	}
	page := report.Page{Title: "Win rate by ICP fit — " + p.Name, Profile: p.Profile, WinRate: &rep.WinRate, Retention: rep.Retention, Notes: rep.Notes}
	if err := report.HTML(&html, page); err != nil {
		return nil, err
	}
	out.add("REPORT.md", md.Bytes(), false)
	out.add("report.html", html.Bytes(), false)
	if err := out.write(ctx); err != nil {
		return nil, err
	}
	return &ReportResult{Profile: p.Profile, WinRate: rep, Output: out}, nil
}

// winRate gives each deal the fit tier of its account under p and summarises win rates
// by tier. The deals must be read opportunities; accounts is the accounts table, or nil
// when the deals file carries the account attributes itself.
// dup is the policy for an account on rows that differ (see crm.JoinKeeping).
func winRate(d *deals, accounts *dataset.Table, join, dup string, p *profile.Profile) (*report.WinRateReport, error) {
	rep := &report.WinRateReport{Profile: p, Deals: sourceName(d.table)}
	notes := slices.Clone(d.notes)
	tiers := make([]string, len(d.list))
	if accounts != nil {
		rep.Accounts = sourceName(accounts)
		scores, err := scoring.ScoreTable(p, accounts)
		if err != nil {
			return nil, err
		}
		rows, key, err := crm.AccountRows(accounts, join, d.list, d.kind, dup)
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
		notes = append(notes, fmt.Sprintf("%s of %s deals matched an account on %q; accounts scored with the profile", profile.FormatCount(matched), profile.FormatCount(len(d.list)), key))
		rep.Retention = retention(p, accounts, scores)
	} else {
		scores, err := scoring.ScoreTable(p, d.table)
		if err != nil {
			return nil, fmt.Errorf("%w; pass --accounts with the accounts export that carries these columns", err)
		}
		for i, deal := range d.list {
			if deal.Line > 0 {
				tiers[i] = scores[i].Tier
			}
		}
		notes = append(notes, "deals scored on the account attributes in the deals file itself")
	}
	records := make([]winrate.Deal, len(d.list))
	for i, deal := range d.list {
		rec := winrate.Deal{Tier: tiers[i], Amount: deal.Amount, CycleDays: math.NaN()}
		switch deal.Status {
		case crm.Won:
			rec.Status = winrate.Won
			if c := deal.Closed - deal.Created; c >= 0 {
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
	if len(p.Criteria) == 0 {
		rep.WinRate.Warnings = append([]string{report.NoCriteriaWarning}, rep.WinRate.Warnings...)
	}
	rep.Notes = notes
	return rep, nil
}

// retention is the churn rate per tier of the accounts, when the accounts carry the
// profile's churn column.
func retention(p *profile.Profile, at *dataset.Table, scores []scoring.Result) []analysis.TierRow {
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
		if j := slices.Index(names, s.Tier); j >= 0 {
			rows[j].ChurnN++
			if v == 1 {
				churned[j]++
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
