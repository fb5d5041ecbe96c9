package main

import (
	"context"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/workflow"
)

// inspectOptions are the flags of `icp inspect`.
type inspectOptions struct {
	format string
	quiet  bool
}

func (o *inspectOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output on stdout: text or json")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
}

func runInspect(ctx context.Context, args []string, e env) error {
	var o inspectOptions
	fs := newFlagSet("icp inspect FILE... [--format text|json]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("need at least one file to inspect")
	}
	if o.format != "text" && o.format != "json" {
		return usagef("--format %q: use text or json", o.format)
	}
	w, done := workflowEnv(ctx, e, o.quiet)
	defer done()
	files, err := workflow.Inspect(ctx, workflow.InspectOptions{Env: w, Files: fs.Args()})
	done()
	if err != nil {
		return err
	}
	if o.format == "json" {
		return report.InspectJSON(e.stdout, files)
	}
	return report.InspectText(e.stdout, files)
}
