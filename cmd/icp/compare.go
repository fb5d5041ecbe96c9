package main

import (
	"context"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/workflow"
)

// compareOptions are the flags of `icp compare`: derive's (the fresh profile is derived
// with them; --top, --seed, --weights, --best and the column roles default to the old
// profile's) plus the profile to compare against and last quarter's data.
type compareOptions struct {
	deriveOptions
	profile  string
	oldData  string
	oldDeals string
}

func (o *compareOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "last quarter's profile (icp.yaml or its directory)")
	o.deriveOptions.addFlags(fs)
	fs.StringVar(&o.oldData, "old-data", "", "last quarter's customers file, for attribute drift (default: the profile's source file when found next to the profile with the same SHA-256)")
	fs.StringVar(&o.oldDeals, "old-deals", "", "last quarter's deals export, joined to last quarter's accounts (--old-data) as --deals is to --accounts, to compare outcomes and tiers with last quarter's own")
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
	fs := newFlagSet("icp compare --profile OLD/icp.yaml (NEW_CUSTOMERS.csv | NEW.parquet | --dsn DSN (--table T | --query SQL) | --accounts ACCOUNTS.csv --deals DEALS.csv) [--old-data OLD_CUSTOMERS.csv [--old-deals OLD_DEALS.csv]] [--out DIR] [--format text|json] [--force] [--quiet]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if o.profile == "" {
		return usagef("--profile is required: the icp.yaml of the quarter to compare against")
	}
	if err := o.checkFiles(fs, "new customers file"); err != nil {
		return err
	}
	switch {
	case o.format != "text" && o.format != "json":
		return usagef("--format %q: use text or json", o.format)
	case fs.Changed("top") && !(o.top > 0 && o.top < 1):
		return usagef("--top %v: use a share between 0 and 1, e.g. 0.2", o.top)
	}
	weights, err := parseWeights(o.weights)
	if err != nil {
		return err
	}
	resamples, err := o.validation()
	if err != nil {
		return err
	}
	in, err := o.input(fs)
	if err != nil {
		return err
	}
	if o.oldDeals != "" && o.deals == "" {
		return usagef("--old-deals is last quarter's --deals: compare this quarter's --accounts and --deals with them")
	}
	opt := workflow.CompareOptions{Profile: o.profile, Input: in, OldData: o.oldData, OldDeals: o.oldDeals, Roles: o.roles, Allow: o.allow,
		Resamples: resamples, Name: o.name, Tool: tool, Out: o.out, Force: o.force}
	// Parameters not given on the command line are the old profile's.
	if fs.Changed("top") {
		opt.Top = o.top
	}
	if fs.Changed("seed") {
		opt.Seed = &o.seed
	}
	if fs.Changed("weights") {
		opt.Weights = weights
	}
	if fs.Changed("best") {
		opt.Best = &o.best
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	w.DSN = o.src.DSN()
	opt.Env = w
	res, err := workflow.Compare(ctx, opt)
	done()
	if err != nil {
		return err
	}
	if o.format == "json" {
		return report.CompareJSON(e.stdout, res.Comparison)
	}
	return report.CompareText(e.stdout, res.Comparison)
}
