package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "icp.yaml")
	if err := WriteFile(p, []byte("one"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, []byte("two"), 0o644, false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second write without overwrite: %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Fatalf("file changed to %q", b)
	}
	if err := WriteFile(p, []byte("three"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "three" {
		t.Fatalf("overwrite gave %q", b)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileMissingDir(t *testing.T) {
	err := WriteFile(filepath.Join(t.TempDir(), "no", "such", "f"), []byte("x"), 0o644, false)
	if err == nil {
		t.Fatal("want an error for a missing directory")
	}
}

func TestCreateCommitAbort(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "scored.csv")
	f, err := Create(p, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("a,b\n"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("target visible before Commit: %v", err)
	}
	if err := f.Commit(false); err != nil {
		t.Fatal(err)
	}
	f.Abort() // after Commit: a no-op
	if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("after Commit: %v, %v", st, err)
	}

	g, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	g.WriteString("other")
	if err := g.Commit(false); !errors.Is(err, ErrExists) {
		t.Fatalf("Commit over an existing file without overwrite: %v, want ErrExists", err)
	}
	g.Abort()
	if b, _ := os.ReadFile(p); string(b) != "a,b\n" {
		t.Fatalf("file changed to %q", b)
	}

	h, err := Create(p, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	h.WriteString("half")
	h.Abort()
	if b, _ := os.ReadFile(p); string(b) != "a,b\n" {
		t.Fatalf("Abort changed the file to %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}
