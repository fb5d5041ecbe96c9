package workflow

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/icp-dev/icp/internal/atomicfile"
)

// File is one rendered output file.
type File struct {
	Name string // file name inside the output directory
	Data []byte
	// Replace says an existing file of this name is replaced even without Force;
	// otherwise (the profile, a report) it is replaced only with Force.
	Replace bool
}

// Output is the set of files a use case writes into one directory, in writing order.
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

// add appends a file to the set.
func (o *Output) add(name string, data []byte, replace bool) {
	o.Files = append(o.Files, File{Name: name, Data: data, Replace: replace})
}

// errExists is the message for an output that may not be replaced.
func errExists(path string) error {
	return fmt.Errorf("%s already exists; pass --force to replace it or --out to write elsewhere", path)
}

// checkFree refuses, before any work, an output directory that already holds the named
// file, unless Force.
func (o *Output) checkFree(name string) error {
	path := o.Path(name)
	if _, err := os.Stat(path); err == nil && !o.Force {
		return errExists(path)
	}
	return nil
}

// write creates the directory and writes the files in order, each atomically; a file
// that is not Replace is never replaced without Force. This is the one place outputs
// reach the disk, so that the set can be made to land together or not at all.
func (o *Output) write() error {
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return fmt.Errorf("create output directory: %w", err)
	}
	for _, f := range o.Files {
		path := o.Path(f.Name)
		if err := atomicfile.WriteFile(path, f.Data, 0o644, o.Force || f.Replace); err != nil {
			if errors.Is(err, atomicfile.ErrExists) {
				return errExists(path)
			}
			return err
		}
	}
	return nil
}
