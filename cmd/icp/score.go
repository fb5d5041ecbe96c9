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
}

func (o *scoreOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "the profile to score against: an icp.yaml, or the directory holding it (required)")
	fs.StringVarP(&o.out, "output", "o", "", "write the scored rows to this file instead of stdout")
	fs.BoolVar(&o.force, "force", false, "overwrite an existing --output file")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress or summary on stderr (warnings still)")
}

func runScore(ctx context.Context, args []string, e env) error {
	var o scoreOptions
	fs := newFlagSet("icp score --profile DIR/icp.yaml RECORDS.csv [-o scored.csv] [--force] [--quiet]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case o.profile == "":
		return usagef("--profile is required, e.g. --profile icp-out/icp.yaml")
	case fs.NArg() != 1:
		return usagef("need exactly one records file (or - for stdin), got %d", fs.NArg())
	case o.force && o.out == "":
		return usagef("--force only applies with --output")
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	res, err := workflow.Score(ctx, workflow.ScoreOptions{Env: w, Profile: o.profile, Records: fs.Arg(0), Stdin: e.stdin,
		Output: o.out, Stdout: e.stdout, Force: o.force})
	done()
	if err != nil {
		return err
	}
	if o.quiet { // warnings still, the summary not
		return report.ScoreWarnings(e.stderr, res.Profile, res.Stats, res.OftenBlank)
	}
	return report.ScoreSummary(e.stderr, res.Profile, res.Stats, res.OftenBlank)
}
