package main

import (
	"context"
	"fmt"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/workflow"
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
	won      []string
	lost     []string
	src      sourceFlags
}

func (o *reportOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "profile to score with (icp.yaml or its directory)")
	fs.StringVar(&o.deals, "deals", "", "deals/opportunities export (won, lost and open deals)")
	fs.StringVar(&o.accounts, "accounts", "", "accounts export carrying the profile's attributes (default: the deals file carries them)")
	fs.StringVar(&o.join, "join", "", "accounts column holding the deals' account (default: detected)")
	fs.StringVar(&o.dealCols, "deal-columns", "", "deals headers no preset knows, e.g. account=Company ID,stage=Pipeline Stage,amount=Value")
	fs.StringArrayVar(&o.won, "won-stage", nil, "a deal stage that means won, for stages no preset knows (repeatable)")
	fs.StringArrayVar(&o.lost, "lost-stage", nil, "a deal stage that means lost (repeatable)")
	o.src.addFlags(fs, "the deals (instead of --deals)")
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
	main, err := o.src.main()
	if err != nil {
		return err
	}
	if main != "" {
		if o.deals != "" {
			return usagef("give either --deals or --table/--query, not both")
		}
		o.deals = main
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
	cols, err := crm.ParseDealColumns(o.dealCols)
	if err != nil {
		return usageError{err.Error()}
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	w.DSN = o.src.DSN()
	res, err := workflow.Report(ctx, workflow.ReportOptions{Env: w, Profile: o.profile, Deals: o.deals, Accounts: o.accounts,
		Join: o.join, DealColumns: cols, Stages: crm.Stages{Won: o.won, Lost: o.lost}, Out: o.out, Force: o.force})
	done()
	if err != nil {
		return err
	}
	if o.format == "json" {
		return report.WinRateJSON(e.stdout, res.WinRate)
	}
	if err := report.WinRateText(e.stdout, res.WinRate); err != nil {
		return err
	}
	files := res.Output.Paths()
	_, err = fmt.Fprintf(e.stdout, "\nWrote %s, %s\n", files[0], files[1])
	return err
}
