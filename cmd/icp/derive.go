package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/atomicfile"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// deriveOptions are the flags of `icp derive`.
type deriveOptions struct {
	out       string
	top       float64
	seed      uint64
	roles     analysis.Roles
	weights   string
	format    string
	name      string
	force     bool
	quiet     bool
	best      string
	allow     []string
	accounts  string
	deals     string
	join      string
	resamples int
	validate  bool
	dealCols  string
}

func (o *deriveOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.out, "out", "icp-out", "directory for icp.yaml, ICP.md and lift.csv")
	fs.Float64Var(&o.top, "top", 0.2, "share of customers counted as best (0–1)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed for every random step (same input and seed give identical output)")
	fs.StringVar(&o.roles.ID, "id", "", "customer id column (default: detected)")
	fs.StringVar(&o.roles.LTV, "ltv", "", "lifetime value column (default: detected, e.g. ltv, lifetime_value, total_revenue)")
	fs.StringVar(&o.roles.Cycle, "cycle", "", "sales-cycle length column in days (default: detected, e.g. sales_cycle_days)")
	fs.StringVar(&o.roles.Churn, "churn", "", "churn flag or churn date column (default: detected, e.g. churned)")
	fs.StringVar(&o.roles.NPS, "nps", "", "NPS column (default: detected, e.g. nps)")
	fs.StringVar(&o.roles.Tenure.Column, "tenure", "", "tenure (months) or start-date column for LTV; none to ignore customer age (default: detected, e.g. tenure, signup_date)")
	fs.Float64Var(&o.roles.Tenure.MinMonths, "min-tenure", 6, "months a customer must have been with you for its LTV to count (0: all)")
	fs.BoolVar(&o.roles.Tenure.PerMonth, "ltv-per-month", false, "compare LTV per month of tenure instead of in total")
	fs.StringVar(&o.accounts, "accounts", "", "accounts export (instead of CUSTOMERS.csv); outcomes come from --deals")
	fs.StringVar(&o.deals, "deals", "", "deals/opportunities or subscriptions export: LTV, cycle, win rate (or churn) per account are derived from it")
	fs.StringVar(&o.join, "join", "", "accounts column holding the deals' account (default: detected)")
	fs.StringVar(&o.dealCols, "deal-columns", "", "deals headers no preset knows, e.g. account=Company ID,stage=Pipeline Stage,amount=Value,created=Opened,closed_at=Closed On")
	fs.StringVar(&o.best, "best", "", "define best customers by a column instead of the outcomes: COL (yes/no) or COL=VALUE")
	fs.StringSliceVar(&o.allow, "allow", nil, "admit columns the leakage guard excludes (known before the sale after all), comma-separated")
	fs.StringVar(&o.weights, "weights", "", "outcome weights in the best-customer score, e.g. ltv=2,churn=1 (default 1 each)")
	fs.BoolVar(&o.validate, "validate", true, "check the criteria on held-out customers (5-fold), random halves and other cut-offs")
	fs.IntVar(&o.resamples, "resamples", 200, "random halves of the customers for the stability check")
	fs.StringVar(&o.format, "format", "text", "output on stdout: text or json")
	fs.StringVar(&o.name, "name", "", "profile name (default: the quarter, e.g. 2026-Q4 draft)")
	fs.BoolVar(&o.force, "force", false, "overwrite an existing profile in --out")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
}

func parseWeights(s string) (map[string]float64, error) {
	w := map[string]float64{}
	if strings.TrimSpace(s) == "" {
		return w, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, usagef("--weights %q: write name=number pairs, e.g. ltv=2,churn=1", s)
		}
		k = strings.ToLower(strings.TrimSpace(k))
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
			return nil, usagef("--weights: %s=%s is not a weight (a number ≥ 0)", k, v)
		}
		valid := false
		for _, n := range analysis.OutcomeNames() {
			valid = valid || n == k
		}
		if !valid {
			return nil, usagef("--weights: unknown outcome %q; use ltv, cycle, churn or nps", k)
		}
		w[k] = f
	}
	return w, nil
}

func runDerive(ctx context.Context, args []string, e env) error {
	var o deriveOptions
	fs := newFlagSet("icp derive (CUSTOMERS.csv | --accounts ACCOUNTS.csv --deals DEALS.csv) [--out DIR] [--top 0.2] [--seed N] [--id COL] [--ltv COL] [--cycle COL] [--churn COL] [--nps COL] [--weights ltv=1,...] [--format text|json] [--force]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case o.accounts != "" && fs.NArg() > 0:
		return usagef("give either a customers file or --accounts, not both")
	case o.accounts != "" && o.deals == "":
		return usagef("--accounts needs --deals to derive outcomes from")
	case o.accounts == "" && fs.NArg() != 1:
		return usagef("need exactly one customers file (or --accounts and --deals), got %d", fs.NArg())
	}
	if o.format != "text" && o.format != "json" {
		return usagef("--format %q: use text or json", o.format)
	}
	if !(o.top > 0 && o.top < 1) {
		return usagef("--top %v: use a share between 0 and 1, e.g. 0.2", o.top)
	}
	weights, err := parseWeights(o.weights)
	if err != nil {
		return err
	}
	path := fs.Arg(0)
	if o.accounts != "" {
		path = o.accounts
	}
	if err := checkProfileFree(o.out, o.force); err != nil {
		return err
	}
	prog := newProgress(e, o.quiet)
	defer prog.Done()
	t, crmNotes, err := loadCustomers(ctx, path, o.deals, o.join, o.dealCols, prog)
	if err != nil {
		return err
	}
	roles, detected, err := analysis.DetectRoles(t, o.roles, o.best != "")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}

	if o.best != "" {
		detected = append(detected, fmt.Sprintf("best customers: %s", o.best))
	}
	res, err := analysis.Derive(t, analysis.Options{Roles: roles, Best: o.best, Allow: o.allow, Top: o.top, Weights: weights, Seed: o.seed, Progress: prog.Stage, Resamples: resamples(o)})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	res.Warnings = append(loadWarnings(t), res.Warnings...)
	res.Notes = append(res.Notes, crmNotes...)
	prog.Done()

	now := e.now()
	name := o.name
	if name == "" {
		name = fmt.Sprintf("%d-Q%d draft", now.Year(), (int(now.Month())+2)/3)
	}
	p := res.Profile(profile.Source{File: filepath.Base(path), SHA256: t.SHA256, Rows: t.Rows, Analysed: res.Customers, Skipped: res.Skipped},
		name, now.Format("2006-01-02"), "icp "+version)

	var wr *report.WinRateReport
	if o.deals != "" && dealsAreOpportunities(o.deals) {
		wr, err = buildWinRate(ctx, reportOptions{deals: o.deals, accounts: path, join: o.join, dealCols: o.dealCols}, p, prog)
		if err != nil {
			return fmt.Errorf("win rate by tier: %w", err)
		}
		prog.Done()
	}
	files, err := writeDerive(o, res, p, wr)
	if err != nil {
		return err
	}
	if o.format == "json" {
		return report.Derive(e.stdout, res, p, files)
	}
	return report.Summary(e.stdout, res, detected, files)
}

// checkProfileFree refuses, before any work, to write into a directory that already
// holds a profile unless --force is given.
func checkProfileFree(out string, force bool) error {
	path := filepath.Join(out, "icp.yaml")
	if _, err := os.Stat(path); err == nil && !force {
		return fmt.Errorf("%s already exists; pass --force to replace it or --out to write elsewhere", path)
	}
	return nil
}

// loadCustomers loads a customers (or accounts) file and, when a deals file is given,
// joins the outcomes derived from it; the notes say how.
func loadCustomers(ctx context.Context, path, deals, join, dealCols string, prog *progress) (*dataset.Table, []string, error) {
	t, err := dataset.Load(path, dataset.Options{Progress: func(n int) { prog.Rows(path, n) }})
	if err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if deals == "" {
		return t, nil, nil
	}
	cols, err := crm.ParseDealColumns(dealCols)
	if err != nil {
		return nil, nil, usageError{err.Error()}
	}
	return joinDealsCols(t, deals, join, cols, prog)
}

// dealsAreOpportunities reports whether a deals file is an opportunities export (not
// subscriptions), so that a win rate by tier can be computed from it.
func dealsAreOpportunities(path string) bool {
	dt, err := dataset.Load(path, dataset.Options{})
	if err != nil {
		return false
	}
	_, kind, _, err := crm.DetectDealColumns(dt, crm.DealColumns{})
	return err == nil && kind == crm.Opportunities
}

// joinDeals reads a deals (or subscriptions) export, derives per-account outcomes
// and joins them onto the accounts table. The notes say how each outcome was derived
// and what was left out.
func joinDeals(accounts *dataset.Table, path, join string, prog *progress) (*dataset.Table, []string, error) {
	return joinDealsCols(accounts, path, join, crm.DealColumns{}, prog)
}

// joinDealsCols is joinDeals with deal columns named by the user (--deal-columns).
func joinDealsCols(accounts *dataset.Table, path, join string, override crm.DealColumns, prog *progress) (*dataset.Table, []string, error) {
	dt, err := dataset.Load(path, dataset.Options{Progress: func(n int) { prog.Rows(path, n) }})
	if err != nil {
		return nil, nil, err
	}
	cols, kind, notes, err := crm.DetectDealColumns(dt, override)
	if err != nil {
		return nil, nil, err // crm errors name the file
	}
	deals, sum, err := crm.Deals(dt, cols)
	if err != nil {
		return nil, nil, err
	}
	joined, jn, err := crm.Join(accounts, join, deals, kind)
	if err != nil {
		return nil, nil, err
	}
	notes = append(notes, sum.Notes()...)
	notes = append(notes, jn...)
	return joined, notes, nil
}

// resamples maps the validation flags to analysis.Options.Resamples.
func resamples(o deriveOptions) int {
	switch {
	case !o.validate:
		return -1
	case o.resamples <= 0:
		return -2 // cross-validation and cut-offs only
	}
	return o.resamples
}

// loadWarnings turns what the loader noticed into warnings for the reader.
func loadWarnings(t *dataset.Table) []string {
	w := append([]string{}, t.Problems...)
	for _, c := range t.Columns {
		if c.Kind == dataset.Text {
			continue // reported with the attributes that were not used
		}
		for _, n := range c.Notes {
			w = append(w, fmt.Sprintf("column %q: %s", c.Name, n))
		}
	}
	return w
}

// writeDerive renders the outputs and writes them into the output directory, each
// atomically; the profile goes last and is never replaced without --force.
func writeDerive(o deriveOptions, res *analysis.Result, p *profile.Profile, wr *report.WinRateReport) ([]string, error) {
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return nil, fmt.Errorf("create output directory: %w", err)
	}
	var lift, md, html, rep bytes.Buffer
	if err := report.LiftCSV(&lift, res); err != nil {
		return nil, err
	}
	if err := report.ICP(&md, res, p); err != nil {
		return nil, err
	}
	page := report.Page{Title: "Ideal Customer Profile — " + p.Name, Profile: p, Tiers: res.Tiers}
	if v := res.Validation; v != nil && len(v.Tiers) > 0 {
		page.Tiers = v.Tiers
		page.TiersHeldOut = true
	}
	if wr != nil {
		page.WinRate, page.Retention = &wr.WinRate, wr.Retention
		if err := report.WinRateMarkdown(&rep, wr); err != nil {
			return nil, err
		}
	}
	if err := report.HTML(&html, page); err != nil {
		return nil, err
	}
	yml, err := p.Marshal()
	if err != nil {
		return nil, err
	}
	outs := []struct {
		name string
		data []byte
	}{{"lift.csv", lift.Bytes()}, {"ICP.md", md.Bytes()}, {"report.html", html.Bytes()}}
	if wr != nil {
		outs = append(outs, struct {
			name string
			data []byte
		}{"REPORT.md", rep.Bytes()})
	}
	outs = append(outs, struct {
		name string
		data []byte
	}{"icp.yaml", yml})
	var files []string
	for _, f := range outs {
		path := filepath.Join(o.out, f.name)
		overwrite := o.force || f.name != "icp.yaml"
		if err := atomicfile.WriteFile(path, f.data, 0o644, overwrite); err != nil {
			if errors.Is(err, atomicfile.ErrExists) {
				return nil, fmt.Errorf("%s already exists; pass --force to replace it or --out to write elsewhere", path)
			}
			return nil, err
		}
		files = append(files, path)
	}
	sort.Strings(files)
	return files, nil
}
