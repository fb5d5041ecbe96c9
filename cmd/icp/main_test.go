package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files under testdata/golden")

// sharedDir holds outputs that several tests read and none writes (see sampleDerivation).
var sharedDir string

func TestMain(m *testing.M) {
	if os.Getenv(asIcp) != "" {
		os.Exit(childMain()) // the test binary started as icp by startIcp
	}
	// testscript.Main runs the test binary as icp when a script execs "icp" (see
	// TestScript), and otherwise runs the tests through withSharedDir.
	testscript.Main(withSharedDir{m}, map[string]func(){"icp": main})
}

// withSharedDir runs the tests with sharedDir set to a fresh directory, removed after.
type withSharedDir struct{ m *testing.M }

func (w withSharedDir) Run() int {
	flag.Parse()
	dir, err := os.MkdirTemp("", "icp-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	sharedDir = dir
	defer os.RemoveAll(dir)
	return w.m.Run()
}

// derivation is one run of `icp derive`: its output directory, exit status and output.
type derivation struct {
	dir            string
	code           int
	stdout, stderr string
}

// sampleRun derives a profile from sample.csv with the default flags, once per test
// binary; sampleJSONRun does the same with --format json, into another directory.
var (
	sampleRun     = sync.OnceValue(func() derivation { return deriveInto("sample") })
	sampleJSONRun = sync.OnceValue(func() derivation { return deriveInto("sample-json", "--format", "json") })
)

// deriveInto derives a profile from sample.csv into sharedDir/name, with the default
// flags and extra.
func deriveInto(name string, extra ...string) derivation {
	d := derivation{dir: filepath.Join(sharedDir, name)}
	var stdout, stderr bytes.Buffer
	args := append([]string{"derive", sample, "--out", d.dir}, extra...)
	d.code = run(context.Background(), args, env{stdin: bytes.NewReader(nil), stdout: &stdout, stderr: &stderr, now: fixedNow})
	d.stdout, d.stderr = stdout.String(), stderr.String()
	return d
}

// sampleDerivation returns the shared derivation of sample.csv (see sampleRun); the
// tests that use it only read its outputs.
func sampleDerivation(t testing.TB) derivation {
	t.Helper()
	return checked(t, sampleRun())
}

// sampleJSONDerivation returns the shared derivation of sample.csv with --format json
// (see sampleJSONRun); the tests that use it only read its outputs.
func sampleJSONDerivation(t testing.TB) derivation {
	t.Helper()
	return checked(t, sampleJSONRun())
}

func checked(t testing.TB, d derivation) derivation {
	t.Helper()
	if d.code != exitOK {
		t.Fatalf("derive %s: exit %d: %s", sample, d.code, d.stderr)
	}
	return d
}

// fixedNow is the clock of every test run, so that outputs are reproducible.
func fixedNow() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }

// runIcp runs one command line in-process and returns its exit status, stdout and stderr.
func runIcp(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, env{stdin: bytes.NewReader(nil), stdout: &stdout, stderr: &stderr, now: fixedNow})
	return code, stdout.String(), stderr.String()
}

// golden compares got with the golden file (relative to the repository root), or
// rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/icp -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./cmd/icp -update and review the diff\n--- got (first 2000 bytes):\n%s", name, head(got, 2000))
	}
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

func TestHelpAndUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		out  string // substring of stdout+stderr
	}{
		{nil, exitUsage, "Commands:"},
		{[]string{"help"}, exitOK, "Exit status:"},
		{[]string{"derive", "--help"}, exitOK, "--top"},
		{[]string{"help", "derive"}, exitOK, "--weights"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"derive"}, exitUsage, "need exactly one customers file"},
		{[]string{"derive", "--bogus", "x.csv"}, exitUsage, "unknown flag: --bogus"},
		{[]string{"derive", "--format", "xml", "x.csv"}, exitUsage, `--format "xml"`},
		{[]string{"derive", "--top", "20", "x.csv"}, exitUsage, "--top 20"},
		{[]string{"derive", "--weights", "ltv=2,arr=1", "x.csv"}, exitUsage, `unknown outcome "arr"`},
		{[]string{"version"}, exitOK, "icp " + version},
	}
	for _, c := range cases {
		code, out, errOut := runIcp(t, c.args...)
		if code != c.code || !bytes.Contains([]byte(out+errOut), []byte(c.out)) {
			t.Errorf("icp %v: exit %d, want %d; output %q does not contain %q", c.args, code, c.code, out+errOut, c.out)
		}
	}
}
