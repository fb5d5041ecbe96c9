package workflow

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

const testdata = "../testdata/"

// opens is an Env.Open that counts how often each name is opened.
type opens struct {
	mu sync.Mutex
	n  map[string]int
}

func (o *opens) open(name string) (io.ReadCloser, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.n == nil {
		o.n = map[string]int{}
	}
	o.n[name]++
	return os.Open(name)
}

// once fails unless each of names was opened exactly once, and reports any other file
// opened more than once.
func (o *opens) once(t *testing.T, names ...string) {
	t.Helper()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, n := range names {
		if o.n[n] != 1 {
			t.Errorf("%s opened %d times, want once", n, o.n[n])
		}
	}
	for n, k := range o.n {
		if k > 1 {
			t.Errorf("%s opened %d times", n, k)
		}
	}
	o.n = nil
}

func testEnv(o *opens) Env {
	return Env{Open: o.open, Now: func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }}
}

// TestInputsOpenedOnce checks that derive (accounts and deals), report, compare and
// score open each input exactly once.
func TestInputsOpenedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	var o opens
	accounts, deals := testdata+"maven-crm/accounts.csv", testdata+"maven-crm/sales_pipeline.csv"

	_, err := Derive(ctx, DeriveOptions{Env: testEnv(&o), Input: Input{File: accounts, Deals: deals}, Resamples: -1,
		Out: filepath.Join(dir, "derive"), Tool: "icp test"})
	if err != nil {
		t.Fatal(err)
	}
	o.once(t, accounts, deals)

	hypothesis := testdata + "maven-crm/hypothesis.yaml"
	_, err = Report(ctx, ReportOptions{Env: testEnv(&o), Profile: hypothesis, Deals: deals, Accounts: accounts, Out: filepath.Join(dir, "report")})
	if err != nil {
		t.Fatal(err)
	}
	o.once(t, hypothesis, accounts, deals)

	// Last quarter: the sample, derived into q1/ with a copy of its source next to it so
	// that compare finds it by its SHA-256.
	sample, err := os.ReadFile(testdata + "sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	q1 := filepath.Join(dir, "q1")
	oldData := filepath.Join(dir, "sample.csv")
	if err := os.WriteFile(oldData, sample, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Derive(ctx, DeriveOptions{Env: testEnv(&o), Input: Input{File: oldData}, Resamples: -1, Out: q1, Tool: "icp test"}); err != nil {
		t.Fatal(err)
	}
	o.once(t, oldData)
	q2 := testdata + "sample-q2.csv"
	res, err := Compare(ctx, CompareOptions{Env: testEnv(&o), Profile: q1, Input: Input{File: q2}, Resamples: -1,
		Out: filepath.Join(dir, "q2"), Tool: "icp test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Comparison.OldData != "sample.csv" || res.Comparison.Rising.Count == 0 {
		t.Errorf("compare found old data %q and %d rising accounts; the test needs both", res.Comparison.OldData, res.Comparison.Rising.Count)
	}
	o.once(t, filepath.Join(q1, "icp.yaml"), q2, oldData)

	_, err = Score(ctx, ScoreOptions{Env: testEnv(&o), Profile: q1, Records: q2, Stdout: io.Discard})
	if err != nil {
		t.Fatal(err)
	}
	o.once(t, filepath.Join(q1, "icp.yaml"), q2)
}
