package main

import (
	"context"

	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/workflow"
)

// runDiff prints the criterion-level diff of two profiles.
func runDiff(ctx context.Context, args []string, e env) error {
	var format string
	fs := newFlagSet("icp diff OLD/icp.yaml NEW/icp.yaml [--format text|json]")
	fs.StringVar(&format, "format", "text", "output on stdout: text or json")
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 2:
		return usagef("need two profiles (old, then new), got %d", fs.NArg())
	case format != "text" && format != "json":
		return usagef("--format %q: use text or json", format)
	}
	d, err := workflow.Diff(ctx, workflow.DiffOptions{Old: fs.Arg(0), New: fs.Arg(1)})
	if err != nil {
		return err
	}
	if format == "json" {
		return report.DiffJSON(e.stdout, d)
	}
	return report.DiffText(e.stdout, d)
}
