package main

import (
	"context"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/source"
	"github.com/icp-dev/icp/workflow"
)

// inspectOptions are the flags of `icp inspect`.
type inspectOptions struct {
	format string
	quiet  bool
	sample int
	src    sourceFlags
}

func (o *inspectOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output on stdout: text or json")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
	o.src.addFlags(fs, "a table to inspect")
	fs.IntVar(&o.sample, "sample", 0, "describe a keyed sample of about N rows of --table or --query instead of every row (as derive --sample draws it)")
}

func runInspect(ctx context.Context, args []string, e env) error {
	var o inspectOptions
	fs := newFlagSet("icp inspect (FILE... | --dsn DSN (--table T | --query SQL)) [--format text|json]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	files := fs.Args()
	main, err := o.src.main()
	if err != nil {
		return err
	}
	if main != "" {
		files = append(files, main)
	}
	if len(files) == 0 {
		return usagef("need at least one file to inspect (or --table/--query with --dsn)")
	}
	if o.format != "text" && o.format != "json" {
		return usagef("--format %q: use text or json", o.format)
	}
	if o.sample < 0 {
		return usagef("--sample %d: give a number of rows, e.g. --sample 1000000", o.sample)
	}
	for _, f := range files {
		if o.sample > 0 && source.KindOf(f) != source.Database {
			return usagef("--sample draws its sample in the database, from --table or --query; %s is a file, read whole", f)
		}
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	w.DSN = o.src.DSN()
	inspected, err := workflow.Inspect(ctx, workflow.InspectOptions{Env: w, Files: files, Sample: o.sample})
	done()
	if err != nil {
		return err
	}
	if o.format == "json" {
		return report.InspectJSON(e.stdout, inspected)
	}
	return report.InspectText(e.stdout, inspected)
}
