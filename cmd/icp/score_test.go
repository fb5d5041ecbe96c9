package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	scoreProfile = filepath.Join("..", "..", "testdata", "score", "profile.yaml")
	scoreInput   = filepath.Join("..", "..", "testdata", "score", "input.csv")
	scoreGolden  = filepath.Join("..", "..", "testdata", "score", "scored.golden.csv")
)

// runScoreT runs `icp score args...` in-process and returns stdout, stderr and the error.
func runScoreT(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := env{stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr, now: func() time.Time { return time.Unix(0, 0).UTC() }}
	err := runScore(context.Background(), args, e)
	return stdout.String(), stderr.String(), err
}

func TestScoreToFile(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "scored.csv")
	stdout, stderr, err := runScoreT(t, "--profile", scoreProfile, scoreInput, "-o", out)
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "" {
		t.Errorf("stdout should be empty with -o, got %q", stdout)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(scoreGolden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("scored file differs from %s:\n%s", scoreGolden, got)
	}
	wantSummary := "scored 10 rows: A 4 (40.0%), B 1 (10.0%), C 1 (10.0%), D 2 (20.0%), disqualified 2 (20.0%)\n"
	if !strings.HasPrefix(stderr, wantSummary) {
		t.Errorf("stderr = %q, want it to start with %q", stderr, wantSummary)
	}
	if strings.Contains(stderr, "warning") {
		// employees and tech_stack are blank in 2 of 10 rows: not over the 20% threshold.
		t.Errorf("unexpected warning: %q", stderr)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestScoreToStdoutQuiet(t *testing.T) {
	t.Parallel()
	// --profile may name the directory holding icp.yaml, as written by icp derive --out.
	dir := t.TempDir()
	yml, err := os.ReadFile(scoreProfile)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "icp.yaml"), yml, 0o644)
	stdout, stderr, err := runScoreT(t, "--profile", dir, "--quiet", scoreInput)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := os.ReadFile(scoreGolden)
	if stdout != string(want) {
		t.Errorf("stdout differs from %s:\n%s", scoreGolden, stdout)
	}
	if stderr != "" {
		t.Errorf("--quiet should keep stderr empty, got %q", stderr)
	}
}

func TestScoreMissingWarning(t *testing.T) {
	t.Parallel()
	in := filepath.Join(t.TempDir(), "in.csv")
	os.WriteFile(in, []byte("industry,employees,tech_stack,business_model,funding_stage\n"+
		"saas,500,,b2b,seed\nsaas,n/a,,b2b,seed\nretail,50,snowflake,b2b,seed\n"), 0o644)
	_, stderr, err := runScoreT(t, "--profile", scoreProfile, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"scored 3 rows: A 1 (33.3%), B 0 (0.0%), C 2 (66.7%), D 0 (0.0%), disqualified 0 (0.0%)\n",
		"warning: Employees has no usable value in 33.3% of rows (1); scoring treats a blank as not matching \"Employees: 200 to 2,000\"\n",
		"warning: Tech stack has no usable value in 66.7% of rows (2); scoring treats a blank as not matching",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr = %q, want it to contain %q", stderr, want)
		}
	}
	if strings.Contains(stderr, "warning: industry") {
		t.Errorf("unexpected industry warning: %q", stderr)
	}
}

func TestScoreRefusesOverwrite(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "scored.csv")
	if err := os.WriteFile(out, []byte("keep me\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := runScoreT(t, "--profile", scoreProfile, "-q", scoreInput, "-o", out)
	if err == nil || !strings.Contains(err.Error(), "already exists; pass --force") {
		t.Fatalf("error = %v, want a refusal to overwrite", err)
	}
	var ue usageError
	if errors.As(err, &ue) {
		t.Errorf("refusal should be an input error (exit 1), not a usage error")
	}
	if b, _ := os.ReadFile(out); string(b) != "keep me\n" {
		t.Errorf("existing file changed to %q", b)
	}
	if _, _, err := runScoreT(t, "--profile", scoreProfile, "-q", "--force", scoreInput, "-o", out); err != nil {
		t.Fatalf("--force: %v", err)
	}
	got, _ := os.ReadFile(out)
	want, _ := os.ReadFile(scoreGolden)
	if !bytes.Equal(got, want) {
		t.Errorf("--force did not write the scored file:\n%s", got)
	}
}

func TestScoreErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ragged := filepath.Join(dir, "ragged.csv")
	os.WriteFile(ragged, []byte("industry,employees,tech_stack,business_model,funding_stage\nsaas,1,x,b2b,seed\nsaas,1,x\n"), 0o644)
	noCol := filepath.Join(dir, "nocol.csv")
	os.WriteFile(noCol, []byte("industy,employees,tech_stack,business_model,funding_stage\nsaas,1,x,b2b,seed\n"), 0o644)
	badProfile := filepath.Join(dir, "icp.yaml")
	os.WriteFile(badProfile, []byte("schema: 1\nstatus: final\nscoring: {tiers: [{name: A, min: 0}]}\n"), 0o644)
	missingProfile := filepath.Join(dir, "nope", "icp.yaml")

	cases := []struct {
		name  string
		args  []string
		usage bool
		want  string
	}{
		{"missing profile", []string{"--profile", missingProfile, scoreInput}, false, missingProfile + ": no such profile"},
		{"invalid profile", []string{"--profile", badProfile, scoreInput}, false, badProfile + `: invalid profile:`},
		{"missing input", []string{"--profile", scoreProfile, filepath.Join(dir, "none.csv")}, false, "none.csv: no such file"},
		{"ragged row", []string{"--profile", scoreProfile, ragged}, false, ragged + ":3: row has 3 fields, the header has 5"},
		{"missing column", []string{"--profile", scoreProfile, noCol}, false, `column "industry" used by the profile is not in the file (closest header: "industy")`},
		{"bad flag", []string{"--profile", scoreProfile, "--bogus", scoreInput}, true, "unknown flag: --bogus"},
		{"no profile flag", []string{scoreInput}, true, "--profile is required"},
		{"no input", []string{"--profile", scoreProfile}, true, "need exactly one records file"},
		{"force without output", []string{"--profile", scoreProfile, "--force", scoreInput}, true, "--force only applies with --output"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runScoreT(t, c.args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want it to contain %q", err, c.want)
			}
			var ue usageError
			if errors.As(err, &ue) != c.usage {
				t.Errorf("usage error = %v, want %v", !c.usage, c.usage)
			}
		})
	}
}

func TestScoreNoOutputOnError(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ragged := filepath.Join(dir, "ragged.csv")
	os.WriteFile(ragged, []byte("industry,employees,tech_stack,business_model,funding_stage\nsaas,1,x,b2b,seed\nsaas,1,x\n"), 0o644)
	out := filepath.Join(dir, "out", "scored.csv")
	os.Mkdir(filepath.Dir(out), 0o755)
	if _, _, err := runScoreT(t, "--profile", scoreProfile, "-q", ragged, "-o", out); err == nil {
		t.Fatal("want an error")
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("a failed run left files behind: %v", entries)
	}
}
