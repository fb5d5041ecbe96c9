package workflow

import (
	"bytes"
	"context"
	"io"
	"io/fs"
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

// memory is an Env.Open that serves files from memory under names that do not exist on
// disk, counting the opens: a step that read an input past the opener (os.ReadFile)
// would fail, or fall back to other values and change the outputs.
type memory struct {
	opens
	files map[string][]byte
}

func (m *memory) open(name string) (io.ReadCloser, error) {
	m.opens.mu.Lock()
	if m.opens.n == nil {
		m.opens.n = map[string]int{}
	}
	m.opens.n[name]++
	data, ok := m.files[name]
	m.opens.mu.Unlock()
	if !ok {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return io.NopCloser(bytes.NewReader(data)), nil
}

// sameOutput fails unless the files of a run on memory inputs (names under mem) are
// those of the same run on the files on disk (names under disk).
func sameOutput(t *testing.T, what string, onDisk, inMemory Output, disk, mem string) {
	t.Helper()
	if len(onDisk.Files) != len(inMemory.Files) {
		t.Fatalf("%s: %d files from disk, %d from memory", what, len(onDisk.Files), len(inMemory.Files))
	}
	for i, f := range onDisk.Files {
		g := inMemory.Files[i]
		fd, err := f.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		gd, err := g.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name != g.Name || !bytes.Equal(fd, bytes.ReplaceAll(gd, []byte(mem), []byte(disk))) {
			t.Errorf("%s: %s differs when the inputs are read through the opener only", what, f.Name)
		}
	}
}

// TestInputsReadOnlyThroughOpen runs derive --accounts --deals, report and compare on
// inputs that exist only behind Env.Open: each is opened exactly once and nothing reads
// it again past the opener (the outputs are those of the same runs on disk).
func TestInputsReadOnlyThroughOpen(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	const mem = "/icp-inputs-in-memory/"
	disk := testdata
	m := &memory{files: map[string][]byte{}}
	for _, name := range []string{"maven-crm/accounts.csv", "maven-crm/sales_pipeline.csv", "maven-crm/hypothesis.yaml", "sample.csv", "sample-q2.csv"} {
		data, err := os.ReadFile(disk + name)
		if err != nil {
			t.Fatal(err)
		}
		m.files[mem+name] = data
	}
	memEnv := Env{Open: m.open, Now: testEnv(nil).Now}
	var o opens
	accounts, deals := "maven-crm/accounts.csv", "maven-crm/sales_pipeline.csv"

	derive := func(env Env, root, out string) *DeriveResult {
		res, err := Derive(ctx, DeriveOptions{Env: env, Input: Input{File: root + accounts, Deals: root + deals}, Resamples: -1,
			Out: filepath.Join(dir, out), Tool: "icp test"})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	d1, d2 := derive(testEnv(&o), disk, "derive-disk"), derive(memEnv, mem, "derive-mem")
	m.once(t, mem+accounts, mem+deals)
	sameOutput(t, "derive --accounts --deals", d1.Output, d2.Output, disk, mem)

	report := func(env Env, root, out string) *ReportResult {
		res, err := Report(ctx, ReportOptions{Env: env, Profile: root + "maven-crm/hypothesis.yaml", Deals: root + deals, Accounts: root + accounts,
			Out: filepath.Join(dir, out)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	r1, r2 := report(testEnv(&o), disk, "report-disk"), report(memEnv, mem, "report-mem")
	m.once(t, mem+"maven-crm/hypothesis.yaml", mem+accounts, mem+deals)
	sameOutput(t, "report", r1.Output, r2.Output, disk, mem)

	// compare: last quarter derived from the sample in memory; its profile, written to
	// disk, is served from memory too, next to where the sample's name puts it.
	if _, err := Derive(ctx, DeriveOptions{Env: memEnv, Input: Input{File: mem + "sample.csv"}, Resamples: -1,
		Out: filepath.Join(dir, "q1"), Tool: "icp test"}); err != nil {
		t.Fatal(err)
	}
	m.once(t, mem+"sample.csv")
	q1, err := os.ReadFile(filepath.Join(dir, "q1", "icp.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	m.files[mem+"q1/icp.yaml"] = q1
	res, err := Compare(ctx, CompareOptions{Env: memEnv, Profile: mem + "q1/icp.yaml", Input: Input{File: mem + "sample-q2.csv"}, Resamples: -1,
		Out: filepath.Join(dir, "q2"), Tool: "icp test"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Comparison.OldData != "sample.csv" || res.Comparison.Rising.Count == 0 {
		t.Errorf("compare found old data %q and %d rising accounts; the test needs both", res.Comparison.OldData, res.Comparison.Rising.Count)
	}
	m.once(t, mem+"q1/icp.yaml", mem+"sample-q2.csv", mem+"sample.csv")
}
