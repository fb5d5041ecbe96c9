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

// ErrExists is returned (wrapped) by WriteFile when the target exists and overwrite is false.
var ErrExists = fs.ErrExist

// WriteFile writes data to path through a temporary file in the same directory, synced
// and then renamed into place. With overwrite false an existing path is left untouched
// and the error wraps ErrExists; the check and the creation are one atomic step (a hard
// link), so two concurrent writers cannot both succeed.
func WriteFile(path string, data []byte, perm fs.FileMode, overwrite bool) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			os.Remove(name)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if overwrite {
		if err = os.Rename(name, path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	if err = os.Link(name, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write %s: %w", path, ErrExists)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	os.Remove(name)
	return nil
}
