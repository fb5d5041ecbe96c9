package main

import (
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/source"
	"github.com/icp-dev/icp/workflow"
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
	depth     int
	validate  bool
	dealCols  string
	exclude   []string
	dups      string
	wonStage  []string
	lostStage []string
	sample    int
	src       sourceFlags
}

func (o *deriveOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.out, "out", "icp-out", "directory for icp.yaml, ICP.md, report.html and lift.csv")
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
	o.src.addFlags(fs, "the customers")
	fs.IntVar(&o.sample, "sample", 0, "read a keyed sample of about N customers of --table or --query instead of every row (for a table too large to hold in memory): the database draws it, on md5 of the id column")
	fs.StringVar(&o.accounts, "accounts", "", "accounts export (instead of CUSTOMERS.csv); outcomes come from --deals")
	fs.StringVar(&o.deals, "deals", "", "deals/opportunities or subscriptions export: LTV, cycle, win rate (or churn) per account are derived from it")
	fs.StringVar(&o.join, "join", "", "accounts column holding the deals' account (default: detected)")
	fs.StringVar(&o.dealCols, "deal-columns", "", "deals headers no preset knows, e.g. account=Company ID,stage=Pipeline Stage,amount=Value,created=Opened,closed_at=Closed On")
	fs.StringVar(&o.best, "best", "", "define best customers by a column instead of the outcomes: COL (yes/no) or COL=VALUE")
	fs.StringSliceVar(&o.allow, "allow", nil, "admit columns the leakage guard excludes (known before the sale after all), comma-separated or repeated")
	fs.StringSliceVar(&o.exclude, "exclude", nil, "leave columns out of the analysis, comma-separated or repeated, e.g. --exclude landing_page_id")
	fs.StringVar(&o.dups, "duplicates", "", "when an id is on several rows with different values, keep the first or last row of each (default: stop with an error naming them)")
	fs.StringArrayVar(&o.wonStage, "won-stage", nil, "a deal stage that means won, for stages no preset knows, e.g. --won-stage \"Closed Won - Signed\" (repeatable)")
	fs.StringArrayVar(&o.lostStage, "lost-stage", nil, "a deal stage that means lost (repeatable)")
	fs.StringVar(&o.weights, "weights", "", "outcome weights in the best-customer score, e.g. ltv=2,churn=1 (default 1 each)")
	fs.BoolVar(&o.validate, "validate", true, "check the criteria on held-out customers (5-fold), random halves and other cut-offs")
	fs.IntVar(&o.depth, "depth", 3, "most conditions combined in the sweet spot (1–3)")
	fs.IntVar(&o.resamples, "resamples", 200, "random halves of the customers for the stability check (30–1000; 0 switches validation off, as --validate=false)")
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
	fs := newFlagSet("icp derive (CUSTOMERS.csv | - | CUSTOMERS.parquet | --dsn DSN (--table T | --query SQL) | --accounts ACCOUNTS.csv --deals DEALS.csv) [--out DIR] [--top 0.2] [--seed N] [--id COL] [--ltv COL] [--cycle COL] [--churn COL] [--nps COL] [--weights ltv=1,...] [--format text|json] [--force]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if err := o.checkFiles(fs, "customers file"); err != nil {
		return err
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
	if o.depth < 1 || o.depth > 3 {
		return usagef("--depth %d: the sweet spot combines 1 to 3 conditions", o.depth)
	}
	if m := o.roles.Tenure.MinMonths; !(m >= 0) || math.IsInf(m, 1) {
		return usagef("--min-tenure %v: give a number of months, 0 or more (0 counts every customer's LTV)", m)
	}
	resamples, err := o.validation()
	if err != nil {
		return err
	}
	in, err := o.input(fs)
	if err != nil {
		return err
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	w.DSN = o.src.DSN()
	res, err := workflow.Derive(ctx, workflow.DeriveOptions{Env: w, Input: in, Roles: o.roles, Best: o.best, Allow: o.allow,
		Top: o.top, Weights: weights, Seed: o.seed, Resamples: resamples, Depth: o.depth, Name: o.name, Tool: tool, Out: o.out, Force: o.force})
	done()
	if err != nil {
		return err
	}
	if o.format == "json" {
		return report.Derive(e.stdout, res.Analysis, res.Profile, res.Files)
	}
	return report.Summary(e.stdout, res.Analysis, res.Profile, res.Detected, res.Files)
}

// checkFiles checks the files named on the command line: one customers file, or
// --accounts with --deals. what names the customers file in the message.
func (o *deriveOptions) checkFiles(fs *pflag.FlagSet, what string) error {
	main, err := o.src.main()
	if err != nil {
		return err
	}
	n := fs.NArg()
	if main != "" {
		n++
	}
	switch {
	case o.accounts != "" && n > 0:
		return usagef("give either a customers file (or --table/--query) or --accounts, not both")
	case o.accounts != "" && o.deals == "":
		return usagef("--accounts needs --deals to derive outcomes from")
	case o.accounts == "" && main != "" && n > 1:
		return usagef("give either a customers file or --table/--query, not both")
	case o.accounts == "" && n != 1:
		return usagef("need exactly one %s (or --table/--query with --dsn, or --accounts and --deals), got %d", what, fs.NArg())
	}
	return nil
}

// input is the workflow's view of the files checked by checkFiles.
func (o *deriveOptions) input(fs *pflag.FlagSet) (workflow.Input, error) {
	cols, err := crm.ParseDealColumns(o.dealCols)
	if err != nil {
		return workflow.Input{}, usageError{err.Error()}
	}
	if o.dups != "" && o.dups != "first" && o.dups != "last" {
		return workflow.Input{}, usagef("--duplicates %q: use first or last", o.dups)
	}
	if (len(o.wonStage) > 0 || len(o.lostStage) > 0) && o.deals == "" {
		return workflow.Input{}, usagef("--won-stage and --lost-stage read the stages of --deals; give --deals DEALS.csv")
	}
	main, err := o.src.main()
	if err != nil {
		return workflow.Input{}, err
	}
	in := workflow.Input{File: main, Deals: o.deals, Join: o.join, DealColumns: cols, Exclude: o.exclude, Duplicates: o.dups,
		Stages: crm.Stages{Won: o.wonStage, Lost: o.lostStage}, Sample: o.sample}
	if in.File == "" {
		in.File = fs.Arg(0)
	}
	if o.accounts != "" {
		in.File = o.accounts
	}
	switch {
	case o.sample < 0:
		return workflow.Input{}, usagef("--sample %d: give a number of customers, e.g. --sample 2000000", o.sample)
	case o.sample > 0 && o.deals != "":
		return workflow.Input{}, usagef("--sample reads a sample of customers, not of accounts with deals (their outcomes come from every deal): sample the accounts in --query and select their deals, or leave --sample out")
	case o.sample > 0 && source.KindOf(in.File) != source.Database:
		return workflow.Input{}, usagef("--sample draws its sample in the database: read the customers with --dsn and --table or --query (a file is read whole; load it into DuckDB or PostgreSQL to sample it there)")
	}
	return in, nil
}

// Bounds of --resamples: fewer than minResamples random halves cannot estimate how
// often a criterion is chosen (one resample moves it by over 3 points); more than
// maxResamples add nothing but time and memory.
const (
	minResamples = 30
	maxResamples = 1000
)

// validation maps the validation flags to workflow.DeriveOptions.Resamples: -1 (off)
// for --validate=false or --resamples 0, else the number of resamples, which must lie
// within [minResamples, maxResamples].
func (o *deriveOptions) validation() (int, error) {
	switch {
	case !o.validate || o.resamples == 0:
		return -1, nil
	case o.resamples < minResamples || o.resamples > maxResamples:
		return 0, usagef("--resamples %d: use %d to %s random halves (default 200), or 0 to switch validation off", o.resamples, minResamples, profile.FormatCount(maxResamples))
	}
	return o.resamples, nil
}
