package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/workflow"
)

// version is the tool version; profiles record tool.
const (
	version = "0.1.0"
	tool    = "icp " + version
)

// Exit codes, documented in `icp help`.
const (
	exitOK    = 0
	exitError = 1 // bad input or a failed analysis
	exitUsage = 2 // bad command line
	// exitInterrupted is the status of a run stopped by SIGINT (Ctrl-C); one stopped by
	// another signal exits with 128 + the signal's number (143 for SIGTERM).
	exitInterrupted = 130
)

// env is everything a command may touch besides its arguments, so that tests can run
// commands in-process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	tty    bool             // stderr is a terminal: progress may be shown
	now    func() time.Time // clock for the creation date of profiles
	// observe, when set (by tests), sees every progress event of a use case, with the
	// run's context, before it is shown.
	observe func(context.Context, workflow.Event)
}

func newEnv() env {
	tty := false
	if fi, err := os.Stderr.Stat(); err == nil {
		tty = fi.Mode()&os.ModeCharDevice != 0
	}
	return env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, tty: tty, now: clock}
}

// clock honours SOURCE_DATE_EPOCH (reproducible outputs) and otherwise reads the time.
func clock() time.Time {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC()
		}
	}
	return time.Now().UTC()
}

// usageError marks an error in the command line (exit status 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, e env) error
}

func commands() []command {
	return []command{
		{"derive", "derive a draft ICP from a customer export", runDerive},
		{"score", "score accounts or leads against a profile (adds icp_score, icp_tier, icp_reasons)", runScore},
		{"report", "win rate, retention and cycle length by fit tier on deals (REPORT.md, report.html)", runReport},
		{"compare", "compare a profile with new data: changes, drift, rising accounts (COMPARE.md, compare.json, rising.csv, icp.yaml)", runCompare},
		{"sql", "write the profile as SQL for a warehouse: postgres, duckdb, bigquery, snowflake, spark", runSQL},
		{"diff", "show what changed between two profiles, criterion by criterion", runDiff},
		{"inspect", "show how each column of a file would be read and used", runInspect},
		{"version", "print the version", func(_ context.Context, _ []string, e env) error {
			_, err := fmt.Fprintf(e.stdout, "icp %s\n", version)
			return err
		}},
	}
}

const helpText = `icp derives an Ideal Customer Profile (ICP) from your own customer history:
who your best customers are, what they have in common, and whom to stop chasing.

Usage:
  icp <command> [flags] [files]

Commands:
%s
Run 'icp <command> --help' for a command's flags.

Quick start:
  icp derive testdata/sample.csv --out icp-out

Exit status:
  0    success
  1    bad input or a failed analysis (the message on stderr says what to fix)
  2    bad usage (unknown command or flag)
  130  interrupted (Ctrl-C); 143 terminated (SIGTERM). Outputs are left as they were.
`

func printHelp(w io.Writer) {
	var b strings.Builder
	for _, c := range commands() {
		fmt.Fprintf(&b, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, helpText, b.String())
}

// run executes one command line and returns the exit status. It is the only place that
// maps errors to exit codes.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		printHelp(e.stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help":
		if len(args) > 1 {
			return run(ctx, []string{args[1], "--help"}, e)
		}
		printHelp(e.stdout)
		return exitOK
	case "--version":
		name = "version"
	}
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, args[1:], e)
		var ue usageError
		switch {
		case err == nil:
			return exitOK
		case ctx.Err() != nil:
			fmt.Fprintln(e.stderr, "icp: interrupted")
			return interruptedStatus(ctx)
		case errors.Is(err, pflag.ErrHelp):
			return exitOK
		case errors.As(err, &ue):
			fmt.Fprintf(e.stderr, "icp %s: %s\nRun 'icp %s --help' for usage.\n", name, ue.msg, name)
			return exitUsage
		default:
			fmt.Fprintf(e.stderr, "icp %s: %s\n", name, err)
			return exitError
		}
	}
	fmt.Fprintf(e.stderr, "icp: unknown command %q\nRun 'icp help' for the commands.\n", name)
	return exitUsage
}

// interruptedStatus is the exit status of a run whose context was cancelled: 128 +
// the number of the signal that cancelled it, else exitInterrupted.
func interruptedStatus(ctx context.Context) int {
	var ib interruptedBy
	if errors.As(context.Cause(ctx), &ib) {
		if s, ok := ib.sig.(syscall.Signal); ok {
			return 128 + int(s)
		}
	}
	return exitInterrupted
}

// newFlagSet returns a FlagSet for a subcommand that reports errors instead of exiting.
// usage is the synopsis printed by --help.
func newFlagSet(usage string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(usage, pflag.ContinueOnError)
	fs.SortFlags = false
	fs.SetOutput(io.Discard)
	return fs
}

// parseFlags parses args, turning pflag errors into usage errors. --help prints the
// synopsis and flags on stdout and returns pflag.ErrHelp.
func parseFlags(fs *pflag.FlagSet, args []string, e env) error {
	err := fs.Parse(args)
	if errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintf(e.stdout, "Usage:\n  %s\n\nFlags:\n%s", fs.Name(), fs.FlagUsages())
		return pflag.ErrHelp
	}
	if err != nil {
		return usageError{err.Error()}
	}
	return nil
}
