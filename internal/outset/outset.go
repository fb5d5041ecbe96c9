// Package outset writes a set of output files into one directory as a unit.
//
// Every file of the set is first written and synced into a temporary directory; only
// when all of them are on disk are they moved into place. A directory that does not
// exist yet is created by renaming the temporary directory itself, so the whole set
// appears at once. Into an existing directory the files are renamed one by one while a
// lock file serialises writers, after re-checking (under the lock) that no file which
// may not be replaced has appeared meanwhile. A run that fails, is cancelled before the
// commit or loses a race therefore leaves the directory as it was.
//
// Check answers, before any work, whether Write could succeed, so that a command can
// refuse a bad output directory before it spends minutes on an analysis.
package outset

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// File is one file of a set.
type File struct {
	Name string // base name inside the directory
	Data []byte
	// Render, when set, writes the file's content instead of Data: a large file (a
	// table of every condition tested) streams to disk without a copy in memory.
	Render func(w io.Writer) error
	// Replace says an existing file of this name is replaced even without force;
	// otherwise (a profile, a report a person may have edited) only with force.
	Replace bool
}

// ExistsError says a file that may not be replaced already exists. It matches
// fs.ErrExist with errors.Is.
type ExistsError struct {
	Path string
}

func (e *ExistsError) Error() string { return e.Path + " already exists" }

// Is makes errors.Is(err, fs.ErrExist) true.
func (e *ExistsError) Is(target error) bool { return target == fs.ErrExist }

// BusyError says another writer held the directory's lock for longer than LockWait.
type BusyError struct {
	Dir, Lock string
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("another icp run is writing into %s; if none is running, remove %s", e.Dir, e.Lock)
}

// ErrNoDir is returned for an empty directory name.
var ErrNoDir = errors.New("no output directory named")

// LockName is the lock file held in the directory while files are moved into place.
const LockName = ".icp.lock"

// LockWait is how long Write waits for another writer's lock before giving up. The
// lock is held only while files are renamed, so a longer wait means a writer died
// holding it.
var LockWait = 5 * time.Second

// Check reports whether the set of files named in files could be written into dir,
// changing nothing that lasts: dir is named; it is a directory, or can be created (its
// nearest existing ancestor is a writable directory); it is writable; no name is
// taken by a directory; and unless force no file that is not Replace exists. Data is
// ignored. Errors name the path and say what is wrong.
func Check(dir string, files []File, force bool) error {
	if dir == "" {
		return ErrNoDir
	}
	info, err := os.Stat(dir)
	switch {
	case missing(err):
		if li, lerr := os.Lstat(dir); lerr == nil {
			if li.Mode()&fs.ModeSymlink != 0 {
				return brokenLink(dir)
			}
			return Check(dir, files, force) // it appeared between the two looks: check it now
		}
		return checkCreatable(dir)
	case err != nil:
		return fmt.Errorf("%s cannot be used: %w", dir, unwrapPath(err))
	case !info.IsDir():
		return fmt.Errorf("%s is a file, not a directory", dir)
	}
	if err := probe(dir); err != nil {
		return fmt.Errorf("%s is not writable (%w)", dir, err)
	}
	for _, f := range files {
		if err := checkTarget(dir, f, force); err != nil {
			return err
		}
	}
	return nil
}

// CheckFile reports whether one file could be written at path, changing nothing that
// lasts: path is named and not a directory; its directory exists and is writable; and
// unless force nothing (not even a dangling symbolic link) is at path.
func CheckFile(path string, force bool) error {
	if path == "" {
		return errors.New("no output file named")
	}
	if info, err := os.Lstat(path); err == nil {
		if info.IsDir() {
			return fmt.Errorf("%s is a directory, not a file", path)
		}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return fmt.Errorf("%s is a link to a directory, not a file", path)
		}
		if !force {
			return &ExistsError{Path: path}
		}
	}
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("directory %s does not exist", dir)
	case err != nil:
		return fmt.Errorf("%s cannot be used: %w", dir, unwrapPath(err))
	case !info.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	}
	if err := probe(dir); err != nil {
		return fmt.Errorf("directory %s is not writable (%w)", dir, err)
	}
	return nil
}

// checkTarget checks the place of one file in an existing directory.
func checkTarget(dir string, f File, force bool) error {
	if err := checkName(f.Name); err != nil {
		return err
	}
	path := filepath.Join(dir, f.Name)
	info, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("%s cannot be used: %w", path, unwrapPath(err))
	case info.IsDir():
		return fmt.Errorf("%s is a directory; move it away or write elsewhere", path)
	case !force && !f.Replace:
		return &ExistsError{Path: path}
	}
	return nil
}

// checkCreatable checks that dir, which does not exist, could be created: its nearest
// existing ancestor is a writable directory.
func checkCreatable(dir string) error {
	for p := filepath.Dir(filepath.Clean(dir)); ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		switch {
		case missing(err):
			if _, lerr := os.Lstat(p); lerr == nil {
				return fmt.Errorf("%s cannot be created: %s", dir, brokenLink(p))
			}
			if next := filepath.Dir(p); next != p {
				continue
			}
			return fmt.Errorf("%s cannot be created: %w", dir, unwrapPath(err))
		case err != nil:
			return fmt.Errorf("%s cannot be created: %w", dir, unwrapPath(err))
		case !info.IsDir():
			return fmt.Errorf("%s cannot be created: %s is a file, not a directory", dir, p)
		}
		if err := probe(p); err != nil {
			return fmt.Errorf("%s cannot be created: %s is not writable (%w)", dir, p, err)
		}
		return nil
	}
}

// missing tells whether a Stat error means the path does not exist, including because
// one of its parents is a file (its nearest existing ancestor then says what is wrong).
func missing(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR)
}

// probe tells whether entries can be created in dir by creating and removing one.
func probe(dir string) error {
	p, err := os.MkdirTemp(dir, ".icp-probe-*")
	if err != nil {
		return unwrapPath(err)
	}
	return os.Remove(p)
}

// unwrapPath drops the operation and path of a *fs.PathError, which the callers'
// messages already name.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func brokenLink(path string) error {
	if target, err := os.Readlink(path); err == nil {
		return fmt.Errorf("%s is a broken symbolic link (to %s)", path, target)
	}
	return fmt.Errorf("%s is a broken symbolic link", path)
}

func checkName(name string) error {
	if name == "" || name == "." || name == ".." || strings.ContainsAny(name, `/\`) {
		return fmt.Errorf("output file name %q is not a plain file name", name)
	}
	return nil
}

// Write writes files into dir as one set (see the package comment). Nothing in dir
// changes unless every file was written; ctx is checked up to the moment the files are
// moved into place. Unless force, a file that is not Replace is never replaced: Write
// fails with an *ExistsError and changes nothing. Two concurrent Writes into one
// directory are serialised; each leaves a whole set or nothing.
func Write(ctx context.Context, dir string, files []File, force bool) error {
	if dir == "" {
		return ErrNoDir
	}
	for _, f := range files {
		if err := checkName(f.Name); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if li, lerr := os.Lstat(dir); lerr == nil {
			if li.Mode()&fs.ModeSymlink != 0 {
				return brokenLink(dir)
			}
			// Not a link: the directory appeared between the two looks (another run
			// created it): write into it, as below.
			break
		}
		created, err := writeNew(ctx, dir, files)
		if err != nil || created {
			return err
		}
		// The directory appeared meanwhile (another run created it): write into it.
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("%s is a file, not a directory", dir)
	}
	return writeInto(ctx, dir, files, force)
}

// writeNew creates dir holding the files by renaming a temporary directory beside it.
// It returns false, and no error, when dir came into existence meanwhile.
func writeNew(ctx context.Context, dir string, files []File) (bool, error) {
	dir = filepath.Clean(dir)
	parent := filepath.Dir(dir)
	// Parents this run creates are removed again (when still empty) unless it commits.
	var made []string
	for p := parent; ; p = filepath.Dir(p) {
		if _, err := os.Lstat(p); err == nil || filepath.Dir(p) == p {
			break
		}
		made = append(made, p)
	}
	committed := false
	defer func() {
		for _, p := range made {
			if !committed {
				os.Remove(p)
			}
		}
	}()
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return false, fmt.Errorf("%s cannot be created: %w", dir, err)
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp-*")
	if err != nil {
		return false, fmt.Errorf("%s cannot be created: %w", dir, err)
	}
	defer os.RemoveAll(stage) // nothing left to remove once renamed into place
	if err := stageFiles(ctx, stage, files); err != nil {
		return false, err
	}
	if err := os.Chmod(stage, 0o755); err != nil {
		return false, err
	}
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := os.Rename(stage, dir); err != nil {
		if _, serr := os.Lstat(dir); serr == nil {
			return false, nil
		}
		return false, fmt.Errorf("%s cannot be created: %w", dir, err)
	}
	committed = true
	syncDir(parent)
	return true, nil
}

// writeInto stages the files in a temporary directory inside dir, then, holding the
// lock and after re-checking the targets, renames them into place.
func writeInto(ctx context.Context, dir string, files []File, force bool) error {
	stage, err := os.MkdirTemp(dir, ".icp-tmp-*")
	if err != nil {
		return fmt.Errorf("%s is not writable: %w", dir, unwrapPath(err))
	}
	defer os.RemoveAll(stage)
	if err := stageFiles(ctx, stage, files); err != nil {
		return err
	}
	unlock, err := lock(ctx, dir)
	if err != nil {
		return err
	}
	defer unlock()
	for _, f := range files {
		if err := checkTarget(dir, f, force); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.Rename(filepath.Join(stage, f.Name), filepath.Join(dir, f.Name)); err != nil {
			return fmt.Errorf("write %s: %w", filepath.Join(dir, f.Name), unwrapPath(err))
		}
	}
	syncDir(dir)
	return nil
}

// stageFiles writes and syncs every file into stage.
func stageFiles(ctx context.Context, stage string, files []File) error {
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeSynced(filepath.Join(stage, f.Name), f); err != nil {
			return fmt.Errorf("write %s: %w", f.Name, err)
		}
	}
	return nil
}

func writeSynced(path string, f File) error {
	fh, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return unwrapPath(err)
	}
	if f.Render != nil {
		bw := bufio.NewWriterSize(fh, 1<<16)
		if err = f.Render(bw); err == nil {
			err = bw.Flush()
		}
	} else {
		_, err = fh.Write(f.Data)
	}
	if err == nil {
		err = fh.Chmod(0o644)
	}
	if err == nil {
		err = fh.Sync()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir makes renames in dir durable where the system allows it; failure is not an
// error (some systems cannot sync a directory).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// lock takes dir's lock file, waiting up to LockWait for another writer to release it.
func lock(ctx context.Context, dir string) (unlock func(), err error) {
	path := filepath.Join(dir, LockName)
	deadline := time.Now().Add(LockWait)
	for {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil {
			f.WriteString(strconv.Itoa(os.Getpid()) + "\n")
			f.Close()
			return func() { os.Remove(path) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("%s cannot be locked: %w", dir, unwrapPath(err))
		}
		if time.Now().After(deadline) {
			return nil, &BusyError{Dir: dir, Lock: path}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
}
