package workflow

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/icp-dev/icp/internal/outset"
)

// File is one rendered output file.
type File struct {
	Name string // file name inside the output directory
	Data []byte
	// Render, when set, writes the content instead of Data, straight into the file
	// when the set is written (lift.csv: every condition tested, tens of megabytes on
	// a wide file, is never held in memory). Bytes renders it.
	Render func(io.Writer) error
	// Replace says an existing file of this name is replaced even without Force;
	// otherwise (the profile, a report) it is replaced only with Force.
	Replace bool
}

// Output is the set of files a use case writes into one directory, in writing order.
// The set lands whole or not at all (package internal/outset): a run that fails, is
// cancelled or loses a race against another run into the same directory changes
// nothing there.
type Output struct {
	Dir   string
	Force bool // replace existing files that are not Replace
	Files []File
}

// Path returns the path of the named output file.
func (o *Output) Path(name string) string { return filepath.Join(o.Dir, name) }

// Paths returns the path of every file, in writing order.
func (o *Output) Paths() []string {
	out := make([]string, len(o.Files))
	for i, f := range o.Files {
		out[i] = o.Path(f.Name)
	}
	return out
}

// Bytes returns the file's content: Data, or what Render writes.
func (f File) Bytes() ([]byte, error) {
	if f.Render == nil {
		return f.Data, nil
	}
	var b bytes.Buffer
	err := f.Render(&b)
	return b.Bytes(), err
}

// addRender appends a file rendered when the set is written (see File.Render).
func (o *Output) addRender(name string, render func(io.Writer) error, replace bool) {
	o.Files = append(o.Files, File{Name: name, Render: render, Replace: replace})
}

// add appends a file to the set.
func (o *Output) add(name string, data []byte, replace bool) {
	o.Files = append(o.Files, File{Name: name, Data: data, Replace: replace})
}

// errExists is the message for an output that may not be replaced.
func errExists(path string) error {
	return fmt.Errorf("%s already exists%s; pass --force to replace it or --out to write elsewhere", path, linkNote(path))
}

// linkNote says, when path is a symbolic link, where it points: " (a symbolic link to
// X)"; else "".
func linkNote(path string) string {
	if target, err := os.Readlink(path); err == nil {
		return fmt.Sprintf(" (a symbolic link to %s)", target)
	}
	return ""
}

// check refuses, before any work, an output directory the set could not be written
// into: none named, a file, a broken link, one that cannot be created or is not
// writable, or one that holds a file of the set that may not be replaced (without
// Force). replaceable and kept name the files the use case may write, those replaced
// without Force and those not. Nothing on disk changes.
func (o *Output) check(replaceable, kept []string) error {
	var files []outset.File
	for _, n := range replaceable {
		files = append(files, outset.File{Name: n, Replace: true})
	}
	for _, n := range kept {
		files = append(files, outset.File{Name: n})
	}
	err := outset.Check(o.Dir, files, o.Force)
	var ee *outset.ExistsError
	switch {
	case err == nil:
		return nil
	case errors.Is(err, outset.ErrNoDir):
		return errors.New("--out is empty: name the directory for the outputs, e.g. --out icp-out")
	case errors.As(err, &ee):
		return errExists(ee.Path)
	}
	return fmt.Errorf("--out %w", err)
}

// write commits the set: every file is written into a temporary directory and moved
// into place only when all are on disk (outset.Write). ctx is honoured until the move;
// a file that is not Replace is never replaced without Force. This is the one place
// outputs reach the disk.
func (o *Output) write(ctx context.Context) error {
	files := make([]outset.File, len(o.Files))
	for i, f := range o.Files {
		files[i] = outset.File{Name: f.Name, Data: f.Data, Render: f.Render, Replace: f.Replace}
	}
	err := outset.Write(ctx, o.Dir, files, o.Force)
	var ee *outset.ExistsError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ee):
		// check passed when the run began: another run wrote it meanwhile.
		return fmt.Errorf("%s appeared while this run was working (another icp run?); nothing was written: pass --force to replace it or --out to write elsewhere", ee.Path)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
	}
	return err
}
