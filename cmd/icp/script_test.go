package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestScript runs the scripts in testdata/script, one per command: each reads as a
// spec of what the command prints, writes and exits with. Run one with
//
//	go test ./cmd/icp -run TestScript/derive
//
// Every script starts in a fresh $WORK holding copies of the fixtures listed in
// scriptFixtures (sample.csv, score/profile.yaml, ...), with SOURCE_DATE_EPOCH set to
// the tests' fixed clock so that dated outputs are reproducible. Besides testscript's
// own commands, scripts may use
//
//	exits N command [args...]
//
// which runs the command like exec and fails unless its exit status is N (exec and
// ! exec only tell success from failure; icp's statuses 1 and 2 mean different things).
func TestScript(t *testing.T) {
	t.Parallel()
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(e *testscript.Env) error {
			e.Setenv("SOURCE_DATE_EPOCH", strconv.FormatInt(fixedNow().Unix(), 10))
			for _, f := range scriptFixtures {
				if err := copyFile(filepath.Join("..", "..", "testdata", f), filepath.Join(e.WorkDir, f)); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exits": cmdExits,
		},
	})
}

// scriptFixtures are the files of testdata/ copied into every script's $WORK, under
// the same relative names.
var scriptFixtures = []string{
	"sample.csv",    // 2,000 customers (see testdata/README.md)
	"sample-q2.csv", // the next quarter of the same customers
	"deals.csv",     // the deals of sample.csv's accounts
	"score/profile.yaml",
	"score/input.csv",
	"score/scored.golden.csv",
}

// cmdExits implements "exits N command [args...]".
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! exits (name the status instead)")
	}
	if len(args) < 2 {
		ts.Fatalf("usage: exits N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exits: status %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exits: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}

func copyFile(from, to string) error {
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		return err
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", from, err)
	}
	return out.Close()
}
