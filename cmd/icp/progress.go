package main

import (
	"fmt"
	"io"
	"time"
)

// progress prints one status line on stderr, rewritten in place, when stderr is a
// terminal and --quiet is not set; otherwise it prints nothing. Updates are throttled.
type progress struct {
	w     io.Writer
	on    bool
	last  time.Time
	shown bool
}

func newProgress(e env, quiet bool) *progress {
	return &progress{w: e.stderr, on: e.tty && !quiet}
}

// Stage announces a new stage.
func (p *progress) Stage(msg string) {
	if !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r\033[K%s…", msg)
	p.shown = true
}

// Rows reports rows read so far, at most ten times a second.
func (p *progress) Rows(file string, n int) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[Kreading %s: %d rows", file, n)
	p.shown = true
}

// Done clears the status line.
func (p *progress) Done() {
	if p.on && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}
