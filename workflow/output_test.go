package workflow

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "out")
	set := func(force bool, data string) *Output {
		o := &Output{Dir: dir, Force: force}
		o.add("notes.md", []byte(data), true)
		o.add("icp.yaml", []byte(data), false)
		return o
	}
	if err := set(false, "one").write(ctx); err != nil {
		t.Fatal(err)
	}
	err := set(false, "two").write(ctx)
	if err == nil || !strings.Contains(err.Error(), "icp.yaml appeared while this run was working (another icp run?); nothing was written: pass --force") {
		t.Fatalf("second write: %v", err)
	}
	read := func(name string) string {
		b, _ := os.ReadFile(filepath.Join(dir, name))
		return string(b)
	}
	if read("notes.md") != "one" || read("icp.yaml") != "one" {
		t.Errorf("after a refused write: notes.md %q, icp.yaml %q; want both unchanged", read("notes.md"), read("icp.yaml"))
	}
	if err := set(false, "x").check([]string{"notes.md"}, []string{"icp.yaml"}); err == nil || !strings.Contains(err.Error(), "icp.yaml already exists; pass --force") {
		t.Errorf("check of a directory holding icp.yaml: %v", err)
	}
	if err := set(true, "three").write(ctx); err != nil || read("icp.yaml") != "three" || read("notes.md") != "three" {
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

// cancelAfter is a reader that cancels its context after the first read, as Ctrl-C
// while a file loads.
type cancelAfter struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c cancelAfter) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p[:min(len(p), 512)])
	c.cancel()
	return n, err
}

// A context cancelled while the customers load stops the run, and the output
// directory, holding an earlier profile here, is left as it was.
func TestCancelledWhileLoading(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	os.WriteFile(filepath.Join(out, "ICP.md"), []byte("earlier"), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := Env{Open: func(name string) (io.ReadCloser, error) {
		f, err := os.Open(name)
		return cancelAfter{f, cancel}, err
	}}
	read := 0
	env.Progress = func(ev Event) { read = max(read, ev.Rows) }
	_, err := Derive(ctx, DeriveOptions{Env: env, Input: Input{File: testdata + "sample.csv"}, Out: out, Force: true, Resamples: -1})
	if err == nil || ctx.Err() == nil {
		t.Fatalf("Derive: %v", err)
	}
	if read >= 2000 {
		t.Errorf("read %d rows after the cancellation", read)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "ICP.md" {
		t.Errorf("output directory now holds %v", entries)
	}
}

// A context cancelled during the analysis (at its last stage announcement here) leaves
// a new output directory uncreated.
func TestCancelledBeforeCommit(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	env := Env{Progress: func(ev Event) {
		if ev.Stage == "selecting criteria" {
			cancel()
		}
	}}
	_, err := Derive(ctx, DeriveOptions{Env: env, Input: Input{File: testdata + "sample.csv"}, Out: out, Resamples: -1})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Derive: %v", err)
	}
	if entries, err := os.ReadDir(filepath.Dir(out)); err != nil || len(entries) != 0 {
		t.Errorf("left behind: %v %v", entries, err)
	}
}
