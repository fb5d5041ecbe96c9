package workflow

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/source"
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
	// DSN is the database that inputs named table:NAME or query:SQL are read from
	// (postgres://USER:PASSWORD@HOST/DB; see package source). It is never shown whole:
	// messages and outputs carry it with the password masked.
	DSN string
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

// load opens and reads one input into a table: a CSV file (see dataset.Read; the
// table's Path is name), a Parquet file, or a database table or query (see
// source.Load; the table's Path is source.Display, password masked).
func (e Env) load(ctx context.Context, name string, opt dataset.Options) (*dataset.Table, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if source.KindOf(name) != source.CSV {
		opt.Progress = e.rows(source.Display(name, e.DSN))
		return source.Load(ctx, name, e.DSN, e.open, opt)
	}
	f, err := e.open(name)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	if name == "-" { // standard input, when Open reads it (as the command does)
		name = "stdin"
	}
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

// sourceName is how a loaded table's source is recorded in outputs (the profile's
// source file, reports): a file's base name, or a database table or query with the
// password masked.
func sourceName(t *dataset.Table) string {
	if t.Format == "postgres" || t.Format == "duckdb" {
		return t.Path
	}
	return filepath.Base(t.Path)
}
