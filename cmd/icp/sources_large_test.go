package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/icp-dev/icp/internal/synth"
)

// TestSourcesLargeMatch is the acceptance check on generated data: with
// ICP_TEST_ROWS=100000 the same rows as CSV, as Parquet and (with ICP_TEST_PG_DSN) as a
// PostgreSQL table give the same icp.yaml apart from the source block and the same
// scores. Skipped unless ICP_TEST_ROWS is set (it takes a while).
func TestSourcesLargeMatch(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ICP_TEST_ROWS"))
	if n <= 0 {
		t.Skip("set ICP_TEST_ROWS (e.g. 100000) to compare CSV, Parquet and PostgreSQL on generated rows")
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
	t.Logf("%d rows written as Parquet in %v", n, time.Since(start))
	start = time.Now()
	assertSameProfileAndScores(t, csvPath, []string{pq})
	t.Logf("CSV and Parquet: same icp.yaml and scores (%v)", time.Since(start))
	if dsn := os.Getenv("ICP_TEST_PG_DSN"); dsn != "" {
		schema := loadTypedIntoPG(t, dsn, s)
		start = time.Now()
		assertSameProfileAndScores(t, csvPath, []string{"--dsn", dsn, "--table", schema + ".customers"})
		t.Logf("CSV and PostgreSQL: same icp.yaml and scores (%v)", time.Since(start))
	}
}
