//go:build !duckdb

package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// In the default build (pure Go), a DuckDB DSN is an error that says how to build icp
// with DuckDB, with exit status 1.
func TestDuckDBNotBuilt(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "o")
	for _, args := range [][]string{
		{"derive", "--dsn", "duckdb:customers.db", "--table", "customers", "--out", out},
		{"inspect", "--dsn", "duckdb:customers.db", "--query", "SELECT * FROM customers"},
	} {
		code, _, stderr := runIcp(t, args...)
		if code != exitError || !strings.Contains(stderr, "built without DuckDB") || !strings.Contains(stderr, "go build -tags duckdb ./cmd/icp") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
