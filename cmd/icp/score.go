package main

import (
	"context"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/workflow"
)

// scoreOptions are the flags of `icp score`.
type scoreOptions struct {
	profile string
	out     string
	force   bool
	quiet   bool
	absent  bool
	src     sourceFlags
}

func (o *scoreOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "the profile to score against: an icp.yaml, or the directory holding it (required)")
	fs.StringVarP(&o.out, "output", "o", "", "write the scored rows to this file instead of stdout")
	fs.BoolVar(&o.force, "force", false, "overwrite an existing --output file")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress or summary on stderr (warnings still)")
	fs.BoolVar(&o.absent, "absent-as-blank", false, "score a column the profile uses but the records lack as blank in every row (with a warning) instead of stopping")
	o.src.addFlags(fs, "the records")
}

func runScore(ctx context.Context, args []string, e env) error {
	var o scoreOptions
	fs := newFlagSet("icp score --profile DIR/icp.yaml (RECORDS.csv | RECORDS.parquet | --dsn DSN (--table T | --query SQL)) [-o scored.csv] [--force] [--quiet]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	records, err := o.src.main()
	if err != nil {
		return err
	}
	switch {
	case o.profile == "":
		return usagef("--profile is required, e.g. --profile icp-out/icp.yaml")
	case records != "" && fs.NArg() > 0:
		return usagef("give either a records file or --table/--query, not both")
	case records == "" && fs.NArg() != 1:
		return usagef("need exactly one records file (or - for stdin, or --table/--query with --dsn), got %d", fs.NArg())
	case o.force && o.out == "":
		return usagef("--force only applies with --output")
	}
	if records == "" {
		records = fs.Arg(0)
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	w.DSN = o.src.DSN()
	res, err := workflow.Score(ctx, workflow.ScoreOptions{Env: w, Profile: o.profile, Records: records, Stdin: e.stdin,
		Output: o.out, Stdout: e.stdout, Force: o.force, AbsentAsBlank: o.absent})
	done()
	if err != nil {
		return err
	}
	if o.quiet { // warnings still, the summary not
		return report.ScoreWarnings(e.stderr, res.Profile, res.Stats, res.OftenBlank)
	}
	return report.ScoreSummary(e.stderr, res.Profile, res.Stats, res.OftenBlank)
}
