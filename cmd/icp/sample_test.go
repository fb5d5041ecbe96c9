package main

import (
	"crypto/md5"
	"encoding/csv"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/profile"
)

// sampleRows is how many generated customers the sampling tests put in a table, and
// sampleWant how many --sample asks for.
const sampleRows, sampleWant = 20000, 6000

// writeSampleSource writes sampleRows generated customers (synth, seed 11) to dir and
// returns the CSV's path.
func writeSampleSource(t testing.TB, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "customers.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := synth.Write(f, synth.Config{Rows: sampleRows, Seed: 11, NoiseAttrs: 3}); err != nil {
		t.Fatal(err)
	}
	return path
}

// sampleCSV writes the rows of the CSV at path whose md5(customer_id) starts below
// below, as the database draws --sample, and returns the new file's path: the known
// answer a sampled derivation must equal.
func sampleCSV(t testing.TB, path, below string) (string, int) {
	t.Helper()
	recs := readCSV(t, path)
	if recs[0][0] != "customer_id" {
		t.Fatalf("first column %q", recs[0][0])
	}
	out := [][]string{recs[0]}
	for _, r := range recs[1:] {
		sum := md5.Sum([]byte(r[0]))
		if hex.EncodeToString(sum[:])[:8] < below {
			out = append(out, r)
		}
	}
	p := filepath.Join(filepath.Dir(path), "sampled.csv")
	g, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(g)
	w.WriteAll(out)
	if err := g.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
	return p, len(out) - 1
}

// assertSampledDerive derives from src (derive arguments naming a database table of
// the CSV's rows) with --sample sampleWant and checks the profile against a derive of
// the same sample computed here: the same icp.yaml apart from the source block, which
// records the sample, and ICP.md saying so. It returns the output directory.
func assertSampledDerive(t *testing.T, csvPath string, src []string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "sampled")
	args := append([]string{"derive", "--out", out, "-q", "--sample", "6000"}, src...)
	if code, _, stderr := runIcp(t, args...); code != 0 {
		t.Fatalf("derive %v: %d %s", args, code, stderr)
	}
	p, err := profile.Load(filepath.Join(out, "icp.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sm := p.Source.Sample
	if sm == nil || sm.Of != sampleRows || sm.Key != "customer_id" || sm.Below != "4ccccccd" {
		t.Fatalf("source.sample %+v, want of %d, key customer_id, below 4ccccccd", sm, sampleRows)
	}
	known, n := sampleCSV(t, csvPath, sm.Below)
	if p.Source.Rows != n || n < sampleWant-300 || n > sampleWant+300 {
		t.Errorf("the database's sample holds %d rows, the md5 rule %d (asked for about %d)", p.Source.Rows, n, sampleWant)
	}
	ref := filepath.Join(t.TempDir(), "ref")
	if code, _, stderr := runIcp(t, "derive", known, "--out", ref, "-q"); code != 0 {
		t.Fatalf("derive the known sample: %d %s", code, stderr)
	}
	if a, b := withoutSource(t, filepath.Join(ref, "icp.yaml")), withoutSource(t, filepath.Join(out, "icp.yaml")); a != b {
		t.Errorf("the sampled derive differs from a derive of the same rows:\n--- known sample\n%s\n--- --sample\n%s", a, b)
	}
	md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), `a keyed sample of 20,000 rows: those whose md5(customer\_id) starts below 4ccccccd (`+"`--sample`"+`): every count`) {
		t.Errorf("ICP.md does not say the rows are a sample:\n%s", md[:min(len(md), 1500)])
	}
	return out
}

func TestPostgresSample(t *testing.T) {
	dsn := pgDSN(t)
	csvPath := writeSampleSource(t, t.TempDir())
	schema := loadTypedIntoPG(t, dsn, loadTypedSample(t, csvPath))
	dir := assertSampledDerive(t, csvPath, []string{"--dsn", dsn, "--table", schema + ".customers"})
	// compare --sample: the same sample again, so every old criterion holds, and the
	// fresh profile records its sample.
	cmp := filepath.Join(t.TempDir(), "cmp")
	code, _, stderr := runIcp(t, "compare", "--profile", dir, "--dsn", dsn, "--table", schema+".customers", "--sample", "6000", "--out", cmp, "-q",
		"--old-data", "table:"+schema+".customers")
	if code != 0 {
		t.Fatalf("compare --sample: %d %s", code, stderr)
	}
	fresh, err := profile.Load(filepath.Join(cmp, "icp.yaml"))
	if err != nil || fresh.Source.Sample == nil || fresh.Source.Sample.Below != "4ccccccd" {
		t.Errorf("compare --sample: the fresh profile's source %+v (%v)", fresh.Source, err)
	}
	if md, err := os.ReadFile(filepath.Join(cmp, "COMPARE.md")); err != nil || !strings.Contains(string(md), " hold, 0 weakened, 0 no longer significant") ||
		strings.Contains(string(md), "attribute drift not computed") || strings.Contains(string(md), "SHA-256 differs") {
		t.Errorf("compare of a sample with itself: %v\n%s", err, md)
	}
	// Without --old-data, compare says where last quarter's rows must come from.
	cmp2 := filepath.Join(t.TempDir(), "cmp2")
	if code, _, stderr := runIcp(t, "compare", "--profile", dir, "--dsn", dsn, "--table", schema+".customers", "--sample", "6000", "--out", cmp2, "-q"); code != 0 {
		t.Fatalf("compare --sample without --old-data: %d %s", code, stderr)
	}
	if md, err := os.ReadFile(filepath.Join(cmp2, "COMPARE.md")); err != nil || !strings.Contains(string(md), "the old profile was derived from a database; pass last quarter's rows with --old-data") {
		t.Errorf("compare of a database profile without --old-data: %v\n%s", err, md)
	}
	// inspect --sample describes the sample and says so.
	code, stdout, stderr := runIcp(t, "inspect", "--dsn", dsn, "--table", schema+".customers", "--sample", "6000")
	if code != 0 || !strings.Contains(stdout, "5,971 rows") || !strings.Contains(stdout, "The rows are a keyed sample of 20,000 rows: those whose md5(customer_id) starts below 4ccccccd (--sample)") {
		t.Errorf("inspect --sample: %d\n%s%s", code, stdout, stderr)
	}
	// The same sample from a query returning the rows in another order.
	assertSampledDerive(t, csvPath, []string{"--dsn", dsn, "--query", "SELECT * FROM " + schema + ".customers ORDER BY ltv DESC;"})

	out := filepath.Join(t.TempDir(), "o")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		// No column to key the sample on.
		{[]string{"--query", "SELECT industry, ltv, churned FROM " + schema + ".customers", "--sample", "100"}, 1,
			"--sample is keyed on the customer id and no column is named as one"},
		{[]string{"--table", schema + ".customers", "--sample", "100", "--id", "custmer_id"}, 1, `--id "custmer_id": no such column (did you mean "customer_id"?)`},
		// A query error points into the user's query, not icp's wrapping of it.
		{[]string{"--query", "SELECT * FROM " + schema + ".customers WHERE nosuch > 1", "--sample", "100"}, 1, "does not exist (at character"},
		// More rows asked for than the table holds: every row, said so.
		{[]string{"--table", schema + ".customers", "--sample", "50000"}, 0, ""},
	} {
		args := append([]string{"derive", "--dsn", dsn, "--out", out, "--force", "-q", "--resamples", "30"}, c.args...)
		code, stdout, stderr := runIcp(t, args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.msg) {
			t.Errorf("%v: exit %d, want %d with %q:\n%s%s", c.args, code, c.code, c.msg, stdout, stderr[:min(len(stderr), 600)])
		}
	}
	// The last asked for more rows than the table holds: every row was read, and the
	// notes say so; the profile records no sample.
	md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
	if err != nil || !strings.Contains(string(md), "every row (the table holds 20,000, no more than --sample)") || strings.Contains(string(md), "keyed sample") {
		t.Errorf("ICP.md of a --sample above the table's rows: %v\n%s", err, md)
	}
}

// TestSampleUsage: --sample needs a database input and a number.
func TestSampleUsage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o")
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{sample, "--sample", "500"}, "--sample draws its sample in the database"},
		{[]string{"--dsn", "postgres://u@h/db", "--table", "t", "--sample", "-5"}, "--sample -5: give a number of customers"},
		{[]string{"--accounts", "table:a", "--deals", "table:d", "--dsn", "postgres://u@h/db", "--sample", "500"}, "--sample reads a sample of customers, not of accounts with deals"},
		{[]string{"inspect", sample, "--sample", "500"}, "--sample draws its sample in the database, from --table or --query; " + sample + " is a file"},
	} {
		args := append([]string{"derive", "--out", out}, c.args...)
		if c.args[0] == "inspect" {
			args = c.args
		}
		code, _, stderr := runIcp(t, args...)
		if code != 2 || !strings.Contains(stderr, c.msg) {
			t.Errorf("%v: exit %d, want 2 with %q:\n%s", c.args, code, c.msg, stderr)
		}
	}
}
