package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/icp-dev/icp/workflow"
)

// progress prints one status line on stderr, rewritten in place, when stderr is a
// terminal and --quiet is not set; otherwise it prints nothing. Row counts are
// throttled.
type progress struct {
	w     io.Writer
	on    bool
	last  time.Time
	shown bool
}

// workflowEnv is the workflow's environment for a command run under ctx: the clock of
// e and, when stderr is a terminal and not quiet, progress on stderr (and every event
// to e.observe when set). Call done before printing the results: it clears the status
// line.
func workflowEnv(ctx context.Context, e env, quiet bool) (w workflow.Env, done func()) {
	p := &progress{w: e.stderr, on: e.tty && !quiet}
	w.Now = e.now
	w.Open = stdinOpener(e.stdin)
	switch {
	case e.observe != nil:
		w.Progress = func(ev workflow.Event) {
			e.observe(ctx, ev)
			if p.on {
				p.event(ev)
			}
		}
	case p.on:
		w.Progress = p.event
	}
	return w, p.done
}

// stdinOpener opens files by name, and "-" as standard input, once: every command
// reads an input named "-" from stdin (a pipe: cat customers.csv | icp derive -).
func stdinOpener(stdin io.Reader) func(name string) (io.ReadCloser, error) {
	read := false
	return func(name string) (io.ReadCloser, error) {
		if name != "-" {
			return os.Open(name)
		}
		if read || stdin == nil {
			return nil, errors.New("standard input (-) can be read only once: give at most one input as -, the others as files")
		}
		read = true
		return io.NopCloser(stdin), nil
	}
}

// event shows a stage, or the rows read so far at most ten times a second.
func (p *progress) event(ev workflow.Event) {
	if ev.Stage != "" {
		fmt.Fprintf(p.w, "\r\033[K%s…", ev.Stage)
		p.shown = true
		return
	}
	if time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[Kreading %s: %d rows", ev.File, ev.Rows)
	p.shown = true
}

// done clears the status line.
func (p *progress) done() {
	if p.on && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
