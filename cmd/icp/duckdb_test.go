//go:build duckdb

package main

// DuckDB as a source (needs -tags duckdb, cgo and a C compiler):
//
//	go test -tags duckdb ./cmd/icp ./source -run DuckDB

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/duckdb/duckdb-go/v2"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
)

// loadTypedIntoDuckDB writes s to a new DuckDB database file in dir, as table
// customers with typed columns (DOUBLE, BOOLEAN, DATE, VARCHAR, VARCHAR[]; ltv as
// DECIMAL(14,2), as PostgreSQL's numeric in loadTypedIntoPG), and returns its path. The
// rows go through a Parquet file that DuckDB reads.
func loadTypedIntoDuckDB(t testing.TB, dir string, s typedSample) string {
	t.Helper()
	path := filepath.Join(dir, "customers.db")
	addDuckDBTable(t, path, "customers", s)
	return path
}

// addDuckDBTable creates table name in the DuckDB database file path (created if
// missing) holding s.
func addDuckDBTable(t testing.TB, path, name string, s typedSample) {
	t.Helper()
	pq := filepath.Join(filepath.Dir(path), name+"-load.parquet")
	s.writeParquet(t, pq)
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cols []string
	for _, f := range s.fields {
		c := `"` + f.Name + `"`
		if f.Name == "ltv" && f.Type == dataset.FieldNumber {
			c = fmt.Sprintf(`CAST(%s AS DECIMAL(14,2)) AS %s`, c, c)
		}
		cols = append(cols, c)
	}
	q := fmt.Sprintf("CREATE TABLE %s AS SELECT %s FROM read_parquet('%s')", name, strings.Join(cols, ", "), pq)
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	os.Remove(pq)
}

// TestDuckDBDealsMatchCSV derives from accounts and deals read as two tables of one
// DuckDB file (--accounts table:accounts --deals table:deals) and checks the profile
// against the CSV files'.
func TestDuckDBDealsMatchCSV(t *testing.T) {
	const dir = "../../testdata/crm/"
	tmp := t.TempDir()
	path := filepath.Join(tmp, "crm.db")
	addDuckDBTable(t, path, "accounts", loadTypedSample(t, dir+"maven_accounts.csv"))
	addDuckDBTable(t, path, "deals", loadTypedSample(t, dir+"maven_pipeline.csv"))
	a, b := filepath.Join(tmp, "csv"), filepath.Join(tmp, "duck")
	if code, _, stderr := runIcp(t, "derive", "--accounts", dir+"maven_accounts.csv", "--deals", dir+"maven_pipeline.csv", "--out", a, "-q"); code != 0 {
		t.Fatalf("derive csv: %d %s", code, stderr)
	}
	if code, _, stderr := runIcp(t, "derive", "--dsn", "duckdb:"+path, "--accounts", "table:accounts", "--deals", "table:deals", "--out", b, "-q"); code != 0 {
		t.Fatalf("derive duckdb: %d %s", code, stderr)
	}
	ya, yb := withoutSource(t, filepath.Join(a, "icp.yaml")), withoutSource(t, filepath.Join(b, "icp.yaml"))
	if ya != yb {
		t.Errorf("icp.yaml differs between the CSV and the DuckDB accounts and deals:\n--- csv\n%s\n--- duckdb\n%s", ya, yb)
	}
}

func TestDuckDBMatchesCSV(t *testing.T) {
	dir := t.TempDir()
	path := loadTypedIntoDuckDB(t, dir, loadTypedSample(t, sample))
	dsn := "duckdb:" + path
	y := assertSameProfileAndScores(t, sample, []string{"--dsn", dsn, "--table", "customers"})
	b, err := os.ReadFile(y)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "table customers at duckdb:"+path) {
		t.Errorf("icp.yaml's source must name the table and the DuckDB file:\n%s", b[:min(len(b), 2000)])
	}
	// A query in another order gives the same profile (randomness is keyed on the id).
	assertSameProfileAndScores(t, sample, []string{"--dsn", dsn, "--query", "SELECT * FROM customers ORDER BY customer_id DESC"})
	// inspect shows the format and the types from DuckDB.
	code, out, stderr := runIcp(t, "inspect", "--dsn", dsn, "--table", "customers")
	if code != 0 || !strings.Contains(out, "tech_stack") || !strings.Contains(out, "duckdb") {
		t.Errorf("inspect: %d\n%s\n%s", code, out, stderr)
	}
	// score -o from DuckDB, and $ICP_DSN in place of --dsn.
	scored := filepath.Join(dir, "scored.csv")
	t.Setenv("ICP_DSN", dsn)
	if code, _, stderr := runIcp(t, "score", "--profile", filepath.Dir(y), "--table", "customers", "-o", scored, "-q"); code != 0 {
		t.Errorf("score -o: %d %s", code, stderr)
	}
	if st, err := os.Stat(scored); err != nil || st.Size() == 0 {
		t.Errorf("score -o wrote nothing: %v", err)
	}
}

func TestDuckDBErrors(t *testing.T) {
	dir := t.TempDir()
	path := loadTypedIntoDuckDB(t, dir, loadTypedSample(t, sample))
	dsn := "duckdb:" + path
	out := filepath.Join(dir, "o")
	for _, c := range []struct {
		dsn  string
		args []string
		want string
	}{
		{"duckdb:" + filepath.Join(dir, "nosuch.db"), []string{"--table", "customers"}, "no DuckDB database file " + filepath.Join(dir, "nosuch.db") + "; check the path"},
		{"duckdb:", []string{"--table", "customers"}, "give the DuckDB database file"},
		{"duckdb:" + dir, []string{"--table", "customers"}, "is a directory"},
		{"duckdb:" + sample, []string{"--table", "customers"}, sample + " is not a DuckDB database file"},
		{dsn, []string{"--table", "nosuch"}, "Table with name nosuch does not exist"},
		{dsn, []string{"--table", "nosuch"}, "check --table"},
		{dsn, []string{"--query", "SELEC 1"}, "syntax error"},
		{dsn, []string{"--query", "SELEC 1"}, "fix --query"},
		{dsn, []string{"--query", "SELECT nosuch FROM customers"}, "fix --query"},
		{dsn, []string{"--query", "DELETE FROM customers"}, "icp only reads"},
		// A sort beyond DuckDB's memory limit: its error, and how to raise the limit.
		{dsn + "?memory_limit=1MB&threads=1", []string{"--query", "SELECT r.range AS k, c.* FROM customers c, range(200) r ORDER BY k DESC, ltv"}, "Out of Memory Error"},
		{dsn + "?memory_limit=1MB&threads=1", []string{"--query", "SELECT r.range AS k, c.* FROM customers c, range(200) r ORDER BY k DESC, ltv"}, "raise DuckDB's memory limit in --dsn (duckdb:PATH?memory_limit=4GB)"},
	} {
		args := append([]string{"derive", "--dsn", c.dsn, "--out", out}, c.args...)
		code, _, stderr := runIcp(t, args...)
		if code != exitError || !strings.Contains(stderr, c.want) {
			t.Errorf("%s %v: exit %d, stderr %q; want exit 1 and %q", c.dsn, c.args, code, stderr, c.want)
		}
	}
	// The file was opened read-only: the DELETE changed nothing, and no file was
	// created for the missing path.
	if _, err := os.Stat(filepath.Join(dir, "nosuch.db")); err == nil {
		t.Errorf("a missing database file was created")
	}
	if code, _, stderr := runIcp(t, "derive", "--dsn", dsn, "--table", "customers", "--out", out, "-q"); code != 0 {
		t.Errorf("derive after the refused DELETE: %d %s", code, stderr)
	}
	// A path relative to the working directory.
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, path)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, stderr := runIcp(t, "inspect", "--dsn", "duckdb:"+rel, "--query", "SELECT customer_id, ltv FROM customers"); code != 0 || !strings.Contains(out, "ltv") {
		t.Errorf("relative path %s: %d %s %s", rel, code, out, stderr)
	}
}

// TestDuckDBSourcesMatch is the acceptance check on generated data: the same
// rows as CSV, Parquet, PostgreSQL (with ICP_TEST_PG_DSN) and DuckDB give the same
// icp.yaml apart from the source block and the same scores. ICP_TEST_ROWS rows
// (default 100,000).
func TestDuckDBSourcesMatch(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ICP_TEST_ROWS"))
	if n <= 0 {
		n = 100000
	}
	if testing.Short() {
		n = 10000
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "customers.csv")
	f, err := os.Create(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.Write(f, synth.Config{Rows: n, Seed: 7, Messy: true, NoiseAttrs: 6}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Now()
	s := loadTypedSample(t, csvPath)
	pq := filepath.Join(dir, "customers.parquet")
	s.writeParquet(t, pq)
	db := loadTypedIntoDuckDB(t, dir, s)
	t.Logf("%d rows written as Parquet and DuckDB in %v", n, time.Since(start))
	sources := [][]string{{pq}, {"--dsn", "duckdb:" + db, "--table", "customers"}}
	if dsn := os.Getenv("ICP_TEST_PG_DSN"); dsn != "" {
		schema := loadTypedIntoPG(t, dsn, s)
		sources = append(sources, []string{"--dsn", dsn, "--table", schema + ".customers"})
	} else {
		t.Log("ICP_TEST_PG_DSN is not set: PostgreSQL left out")
	}
	for _, src := range sources {
		start = time.Now()
		assertSameProfileAndScores(t, csvPath, src)
		t.Logf("%d rows: CSV and %s agree: same icp.yaml and scores (%v)", n, src[len(src)-1], time.Since(start).Round(time.Millisecond))
	}
}

// TestDuckDBWriteCopies writes the rows of the CSV file $ICP_DUCKDB_COPY as a Parquet
// file and a DuckDB database (table customers) next to it, with the types icp reads
// from the CSV: how the README's CSV/Parquet/DuckDB timings were set up. Skipped unless
// the variable is set.
func TestDuckDBWriteCopies(t *testing.T) {
	src := os.Getenv("ICP_DUCKDB_COPY")
	if src == "" {
		t.Skip("set ICP_DUCKDB_COPY=FILE.csv to write FILE.parquet and FILE.db")
	}
	base := strings.TrimSuffix(src, filepath.Ext(src))
	s := loadTypedSample(t, src)
	s.writeParquet(t, base+".parquet")
	tmp := t.TempDir()
	db := loadTypedIntoDuckDB(t, tmp, s)
	if err := os.Rename(db, base+".db"); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s.parquet and %s.db (table customers), %d rows", base, base, len(s.rows))
	// ICP_DUCKDB_TIMES=5,10 adds tables customers_x5 and customers_x10 holding the rows
	// 5 and 10 times, each copy's ids suffixed (-0, -1, …): larger tables of the same
	// customers for the --sample timings.
	for _, k := range strings.Split(os.Getenv("ICP_DUCKDB_TIMES"), ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		n, err := strconv.Atoi(k)
		if err != nil || n < 2 {
			t.Fatalf("ICP_DUCKDB_TIMES: %q is not a number of copies", k)
		}
		conn, err := sql.Open("duckdb", base+".db")
		if err != nil {
			t.Fatal(err)
		}
		q := fmt.Sprintf(`CREATE OR REPLACE TABLE customers_x%d AS SELECT customer_id || '-' || CAST(k AS VARCHAR) AS customer_id, * EXCLUDE (customer_id) FROM customers, range(%d) AS r(k)`, n, n)
		if _, err := conn.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		conn.Close()
		t.Logf("table customers_x%d: %d rows", n, n*len(s.rows))
	}
}

// TestDuckDBSample: --sample on a DuckDB table draws the rows that the md5 rule
// computed here draws, as PostgreSQL does (TestPostgresSample), and the derivation
// equals one of the same rows from a CSV file.
func TestDuckDBSample(t *testing.T) {
	dir := t.TempDir()
	csvPath := writeSampleSource(t, dir)
	db := loadTypedIntoDuckDB(t, dir, loadTypedSample(t, csvPath))
	assertSampledDerive(t, csvPath, []string{"--dsn", "duckdb:" + db, "--table", "customers"})
	assertSampledDerive(t, csvPath, []string{"--dsn", "duckdb:" + db, "--query", "SELECT * FROM customers ORDER BY ltv DESC;"})
	code, _, stderr := runIcp(t, "derive", "--dsn", "duckdb:"+db, "--query", "SELECT * FROM customers WHERE nosuch > 1", "--sample", "100", "--out", filepath.Join(dir, "o"))
	if code != 1 || !strings.Contains(stderr, "nosuch") || !strings.Contains(stderr, "fix --query") {
		t.Errorf("a query error under --sample: exit %d\n%s", code, stderr)
	}
}
