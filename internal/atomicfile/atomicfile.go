// Package atomicfile writes files so that a reader never sees a half-written file and
// an existing file is never replaced unless the caller asks for it.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned (wrapped) by WriteFile and File.Commit when the target exists
// and overwrite is false.
var ErrExists = fs.ErrExist

// WriteFile writes data to path through a temporary file in the same directory, synced
// and then renamed into place. With overwrite false an existing path is left untouched
// and the error wraps ErrExists; the check and the creation are one atomic step (a hard
// link), so two concurrent writers cannot both succeed.
func WriteFile(path string, data []byte, perm fs.FileMode, overwrite bool) error {
	f, err := Create(path, perm)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Commit(overwrite)
}

// File is a file being written: a temporary file next to its target, moved into place
// by Commit. Write to it like an *os.File; defer Abort, which removes the temporary
// file unless Commit succeeded. It is WriteFile for output that is streamed.
type File struct {
	*os.File
	path string
	perm fs.FileMode
	done bool
}

// Create starts writing path: it creates a temporary file in path's directory that
// Commit will give the permissions perm and move to path.
func Create(path string, perm fs.FileMode) (*File, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &File{File: tmp, path: path, perm: perm}, nil
}

// Commit syncs and closes the temporary file and moves it to the target. With overwrite
// false an existing target is left untouched and the error wraps ErrExists (the check
// and the move are one atomic step, a hard link).
func (f *File) Commit(overwrite bool) error {
	name := f.Name()
	fail := func(err error) error {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err := f.Chmod(f.perm); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if overwrite {
		if err := os.Rename(name, f.path); err != nil {
			return fail(err)
		}
		f.done = true
		return nil
	}
	if err := os.Link(name, f.path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fail(ErrExists)
		}
		return fail(err)
	}
	os.Remove(name)
	f.done = true
	return nil
}

// Abort removes the temporary file unless Commit succeeded; it may be called more than
// once.
func (f *File) Abort() {
	if f.done {
		return
	}
	f.Close()
	os.Remove(f.Name())
	f.done = true
}
