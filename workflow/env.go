package workflow

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/icp-dev/icp/dataset"
)

// Env is what a use case may touch besides its options: how it opens its inputs, where
// its progress goes and what time it is. The zero Env opens files with os.Open, reports
// no progress and reads the system clock.
type Env struct {
	// Open opens an input file by the name given in the options; nil means os.Open.
	// Every input is opened through it exactly once per use case.
	Open func(name string) (io.ReadCloser, error)
	// Progress, when set, receives stage announcements and row counts, from the
	// goroutine that called the use case.
	Progress func(Event)
	// Now is the clock for the creation date and default name of a profile; nil means
	// the current time in UTC.
	Now func() time.Time
}

// Event is one progress report: a new stage (Stage set), or the rows of File read so
// far (Rows, reported about every 65,536 rows and once at the end).
type Event struct {
	Stage string
	File  string
	Rows  int
}

func (e Env) open(name string) (io.ReadCloser, error) {
	if e.Open != nil {
		return e.Open(name)
	}
	return os.Open(name)
}

func (e Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now().UTC()
}

// stage announces a stage.
func (e Env) stage(s string) {
	if e.Progress != nil {
		e.Progress(Event{Stage: s})
	}
}

// rows returns a row-count callback for reading file (nil without a Progress).
func (e Env) rows(file string) func(int) {
	if e.Progress == nil {
		return nil
	}
	return func(n int) { e.Progress(Event{File: file, Rows: n}) }
}

// load opens and reads one CSV file into a table (see dataset.Read); the table's Path
// is name.
func (e Env) load(ctx context.Context, name string, opt dataset.Options) (*dataset.Table, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f, err := e.open(name)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	opt.Progress = e.rows(name)
	t, err := dataset.Read(readerCtx(ctx, f), name, opt)
	if err != nil {
		return nil, err
	}
	return t, ctx.Err()
}

// readerCtx is r reading only while ctx is not done (Ctrl-C while a large file loads),
// keeping the Stat method of a file, which dataset.Read uses to size its columns.
func readerCtx(ctx context.Context, r io.Reader) io.Reader {
	cr := ctxReader{ctx, r}
	if s, ok := r.(statter); ok {
		return statReader{cr, s}
	}
	return cr
}

type statter interface{ Stat() (os.FileInfo, error) }

type statReader struct {
	ctxReader
	s statter
}

func (r statReader) Stat() (os.FileInfo, error) { return r.s.Stat() }

// ctxReader stops reading once ctx is done (Ctrl-C during a long stream).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
