package workflow

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputWrite(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "out")
	set := func(force bool, data string) *Output {
		o := &Output{Dir: dir, Force: force}
		o.add("notes.md", []byte(data), true)
		o.add("icp.yaml", []byte(data), false)
		return o
	}
	if err := set(false, "one").write(); err != nil {
		t.Fatal(err)
	}
	err := set(false, "two").write()
	if err == nil || !strings.Contains(err.Error(), "icp.yaml already exists; pass --force") {
		t.Fatalf("second write: %v", err)
	}
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return string(b)
	}
	if read("notes.md") != "two" || read("icp.yaml") != "one" {
		t.Errorf("after a refused write: notes.md %q (replaceable), icp.yaml %q (kept)", read("notes.md"), read("icp.yaml"))
	}
	if err := set(false, "x").checkFree("icp.yaml"); err == nil {
		t.Error("checkFree passes a directory holding icp.yaml")
	}
	if err := set(true, "three").write(); err != nil || read("icp.yaml") != "three" {
		t.Errorf("with Force: %v, icp.yaml %q", err, read("icp.yaml"))
	}
}

// A cancelled context stops a use case before it reads anything.
func TestCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o opens
	_, err := Derive(ctx, DeriveOptions{Env: testEnv(&o), Input: Input{File: testdata + "sample.csv"}, Out: t.TempDir()})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Derive on a cancelled context: %v", err)
	}
	if _, err := Inspect(ctx, InspectOptions{Env: testEnv(&o), Files: []string{testdata + "sample.csv"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("Inspect on a cancelled context: %v", err)
	}
	if len(o.n) != 0 {
		t.Errorf("opened %v", o.n)
	}
}
