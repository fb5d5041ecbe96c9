package outset

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// set is a profile (kept) and two replaceable files, all holding tag.
func set(tag string) []File {
	return []File{
		{Name: "notes.md", Data: []byte("notes " + tag), Replace: true},
		{Name: "lift.csv", Data: []byte("lift " + tag), Replace: true},
		{Name: "icp.yaml", Data: []byte("profile " + tag)},
	}
}

// listing is every entry under dir (relative paths, sorted) with the content of files.
func listing(t *testing.T, dir string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out = append(out, rel+" -> "+target)
		case d.IsDir():
			out = append(out, rel+"/")
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, rel+": "+string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

func TestWriteNewDirectory(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "a", "out")
	if err := Write(context.Background(), dir, set("one"), false); err != nil {
		t.Fatal(err)
	}
	want := "./\nicp.yaml: profile one\nlift.csv: lift one\nnotes.md: notes one"
	if got := listing(t, dir); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := listing(t, filepath.Join(root, "a")); strings.Contains(got, "tmp") {
		t.Errorf("temporary directory left beside the output:\n%s", got)
	}
	if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o755 {
		t.Errorf("directory mode: %v %v", info.Mode(), err)
	}
}

func TestWriteRefusedChangesNothing(t *testing.T) {
	dir := t.TempDir()
	if err := Write(context.Background(), dir, set("one"), false); err != nil {
		t.Fatal(err)
	}
	before := listing(t, dir)
	err := Write(context.Background(), dir, set("two"), false)
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Path != filepath.Join(dir, "icp.yaml") || !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second write: %v, want an ExistsError for icp.yaml", err)
	}
	if after := listing(t, dir); after != before {
		t.Errorf("a refused write changed the directory:\n%s\nwas\n%s", after, before)
	}
	if err := Write(context.Background(), dir, set("three"), true); err != nil {
		t.Fatal(err)
	}
	want := ".\nicp.yaml: profile three\nlift.csv: lift three\nnotes.md: notes three"
	if got := listing(t, dir); got != strings.Replace(want, ".\n", "./\n", 1) {
		t.Errorf("with force:\n%s", got)
	}
}

// A symbolic link in place of a file is replaced (with force), never followed; without
// force, even a dangling one counts as an existing profile.
func TestWriteSymlinks(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "out")
	os.Mkdir(dir, 0o755)
	victim := filepath.Join(root, "victim")
	if err := os.Symlink(victim, filepath.Join(dir, "icp.yaml")); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	for _, f := range []func() error{
		func() error { return Check(dir, set(""), false) },
		func() error { return Write(context.Background(), dir, set("one"), false) },
	} {
		if err := f(); !errors.Is(err, fs.ErrExist) {
			t.Errorf("dangling icp.yaml link without force: %v", err)
		}
	}
	if got := listing(t, dir); got != "./\nicp.yaml -> "+victim {
		t.Errorf("refused write changed the directory:\n%s", got)
	}
	if err := Write(context.Background(), dir, set("two"), true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(victim); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the link was followed: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "icp.yaml")); string(b) != "profile two" {
		t.Errorf("icp.yaml: %q", b)
	}
}

// countdown is a context whose Err turns to Canceled after left calls.
type countdown struct {
	context.Context
	left int
}

func (c *countdown) Err() error {
	if c.left <= 0 {
		return context.Canceled
	}
	c.left--
	return nil
}

func TestWriteCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	root := t.TempDir()
	if err := Write(ctx, filepath.Join(root, "new"), set("one"), false); !errors.Is(err, context.Canceled) {
		t.Errorf("new directory: %v", err)
	}
	if entries, _ := os.ReadDir(root); len(entries) != 0 {
		t.Errorf("a cancelled write into a new directory left %v", entries)
	}
	// Cancelled at each later check (while staging, before the rename): the parents the
	// run created are removed again.
	for checks := 1; checks <= len(set(""))+1; checks++ {
		if err := Write(&countdown{Context: context.Background(), left: checks}, filepath.Join(root, "p", "q", "out"), set("one"), false); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled after %d checks: %v", checks, err)
		}
		if entries, _ := os.ReadDir(root); len(entries) != 0 {
			t.Errorf("cancelled after %d checks: left %v", checks, entries)
		}
	}
	old := filepath.Join(root, "old")
	if err := Write(context.Background(), old, set("one"), false); err != nil {
		t.Fatal(err)
	}
	before := listing(t, root)
	if err := Write(ctx, old, set("two"), true); !errors.Is(err, context.Canceled) {
		t.Errorf("existing directory: %v", err)
	}
	if after := listing(t, root); after != before {
		t.Errorf("a cancelled write changed\n%s\ninto\n%s", before, after)
	}
}

// Concurrent writers into one directory: without force exactly one wins and the set is
// whole; with force every writer succeeds and the set is whole (the last one's).
func TestWriteConcurrent(t *testing.T) {
	for _, force := range []bool{false, true} {
		for round := range 8 {
			dir := filepath.Join(t.TempDir(), "out")
			if round%2 == 1 {
				os.Mkdir(dir, 0o755) // existing, empty
			}
			const n = 4
			errs := make([]error, n)
			var wg sync.WaitGroup
			for w := range n {
				wg.Go(func() { errs[w] = Write(context.Background(), dir, set(fmt.Sprint(w)), force) })
			}
			wg.Wait()
			won := 0
			for _, err := range errs {
				switch {
				case err == nil:
					won++
				case !force && errors.Is(err, fs.ErrExist):
				default:
					t.Fatalf("force %v: %v", force, err)
				}
			}
			if (!force && won != 1) || (force && won != n) {
				t.Errorf("force %v: %d writers succeeded", force, won)
			}
			got := listing(t, dir)
			b, _ := os.ReadFile(filepath.Join(dir, "icp.yaml"))
			tag := strings.TrimPrefix(string(b), "profile ")
			want := fmt.Sprintf("./\nicp.yaml: profile %s\nlift.csv: lift %s\nnotes.md: notes %s", tag, tag, tag)
			if got != want {
				t.Fatalf("force %v: the set is mixed or has leftovers:\n%s", force, got)
			}
		}
	}
}

// A lock left by a writer that died is reported, naming the file to remove, after
// LockWait (zero here), and nothing changes.
func TestStaleLock(t *testing.T) {
	dir := t.TempDir()
	lock := filepath.Join(dir, LockName)
	if err := os.WriteFile(lock, []byte("1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	saved := LockWait
	LockWait = 0
	defer func() { LockWait = saved }()
	before := listing(t, dir)
	err := Write(context.Background(), dir, set("one"), false)
	var be *BusyError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "remove "+lock) {
		t.Errorf("got %v, want a BusyError naming %s", err, lock)
	}
	if after := listing(t, dir); after != before {
		t.Errorf("changed:\n%s", after)
	}
}

func TestCheck(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "afile")
	os.WriteFile(file, []byte("x"), 0o644)
	dangling := filepath.Join(root, "dangling")
	os.Symlink(filepath.Join(root, "nowhere"), dangling)
	full := filepath.Join(root, "full")
	os.Mkdir(full, 0o755)
	os.WriteFile(filepath.Join(full, "icp.yaml"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(full, "notes.md"), []byte("x"), 0o644)
	os.Mkdir(filepath.Join(root, "dirname"), 0o755)
	os.Mkdir(filepath.Join(root, "dirname", "lift.csv"), 0o755)
	cases := []struct {
		dir   string
		force bool
		want  string // "" for no error
	}{
		{"", false, "no output directory named"},
		{file, false, file + " is a file, not a directory"},
		{dangling, false, dangling + " is a broken symbolic link (to " + filepath.Join(root, "nowhere") + ")"},
		{filepath.Join(file, "sub", "out"), false, filepath.Join(file, "sub", "out") + " cannot be created: " + file + " is a file, not a directory"},
		{filepath.Join(dangling, "out"), false, filepath.Join(dangling, "out") + " cannot be created: " + dangling + " is a broken symbolic link"},
		{full, false, filepath.Join(full, "icp.yaml") + " already exists"},
		{full, true, ""},
		{filepath.Join(root, "dirname"), true, filepath.Join(root, "dirname", "lift.csv") + " is a directory"},
		{filepath.Join(root, "new", "deeper"), false, ""},
		{root, false, ""},
	}
	before := listing(t, root)
	for _, c := range cases {
		err := Check(c.dir, set(""), c.force)
		if (c.want == "") != (err == nil) || (err != nil && !strings.HasPrefix(err.Error(), c.want)) {
			t.Errorf("Check(%q, force %v) = %v, want %q", c.dir, c.force, err, c.want)
		}
	}
	if os.Geteuid() != 0 { // root may write anywhere
		ro := filepath.Join(root, "ro")
		os.Mkdir(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		before = listing(t, root)
		if err := Check(ro, nil, false); err == nil || !strings.Contains(err.Error(), ro+" is not writable (permission denied)") {
			t.Errorf("read-only directory: %v", err)
		}
		if err := Check(filepath.Join(ro, "out"), nil, false); err == nil || !strings.Contains(err.Error(), "cannot be created: "+ro+" is not writable") {
			t.Errorf("inside a read-only directory: %v", err)
		}
	}
	if after := listing(t, root); after != before {
		t.Errorf("Check changed the tree:\n%s\nwas\n%s", after, before)
	}
}

func TestCheckFile(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "scored.csv")
	os.WriteFile(file, []byte("x"), 0o644)
	cases := []struct {
		path  string
		force bool
		want  string
	}{
		{"", false, "no output file named"},
		{root, true, root + " is a directory, not a file"},
		{file, false, file + " already exists"},
		{file, true, ""},
		{filepath.Join(root, "new.csv"), false, ""},
		{filepath.Join(root, "no", "new.csv"), false, "directory " + filepath.Join(root, "no") + " does not exist"},
		{filepath.Join(file, "new.csv"), false, file + " is not a directory"},
	}
	for _, c := range cases {
		err := CheckFile(c.path, c.force)
		if (c.want == "") != (err == nil) || (err != nil && !strings.HasPrefix(err.Error(), c.want)) {
			t.Errorf("CheckFile(%q, force %v) = %v, want %q", c.path, c.force, err, c.want)
		}
	}
}

// TestWriteRender streams a file through Render; a Render that fails leaves the
// directory as it was and names the file.
func TestWriteRender(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	big := strings.Repeat("row,1\n", 50_000) // larger than the write buffer
	files := []File{
		{Name: "lift.csv", Render: func(w io.Writer) error { _, err := io.WriteString(w, big); return err }, Replace: true},
		{Name: "icp.yaml", Data: []byte("profile")},
	}
	if err := Write(context.Background(), dir, files, false); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "lift.csv")); err != nil || string(b) != big {
		t.Fatalf("lift.csv: %d bytes, want %d (%v)", len(b), len(big), err)
	}
	before := listing(t, dir)
	failing := []File{
		{Name: "lift.csv", Render: func(w io.Writer) error { return errors.New("render failed") }, Replace: true},
		{Name: "icp.yaml", Data: []byte("new profile")},
	}
	err := Write(context.Background(), dir, failing, true)
	if err == nil || !strings.Contains(err.Error(), "lift.csv") || !strings.Contains(err.Error(), "render failed") {
		t.Fatalf("failing Render: %v", err)
	}
	if got := listing(t, dir); got != before {
		t.Errorf("a failed Render changed the directory:\n%s\nwant\n%s", got, before)
	}
}
