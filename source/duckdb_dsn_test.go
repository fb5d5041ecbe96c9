package source

import (
	"context"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// A DuckDB DSN is a path, shown as given, but for a token or password option; it is
// told from a PostgreSQL DSN by its prefix.
func TestDuckDBDSN(t *testing.T) {
	for _, c := range []struct{ dsn, want string }{
		{"duckdb:customers.db", "duckdb:customers.db"},
		{"duckdb:/data/my crm/customers.db", "duckdb:/data/my crm/customers.db"},
		{"DuckDB:c.db?threads=4", "DuckDB:c.db?threads=4"},
		{"duckdb:md:crm?motherduck_token=eyJhbGciOi.secret", "duckdb:md:crm?motherduck_token=xxxxx"},
		{"duckdb:c.db?threads=2&password=hunter22", "duckdb:c.db?threads=2&password=xxxxx"},
	} {
		if !IsDuckDB(c.dsn) {
			t.Errorf("IsDuckDB(%q) = false", c.dsn)
		}
		if got := Mask(c.dsn); got != c.want {
			t.Errorf("Mask(%q) = %q, want %q", c.dsn, got, c.want)
		}
		if got := Display(TableName("customers"), c.dsn); got != "table customers at "+c.want {
			t.Errorf("Display: %q", got)
		}
	}
	if s := scrub("failed for eyJhbGciOi.secret", "duckdb:md:crm?motherduck_token=eyJhbGciOi.secret"); strings.Contains(s, "secret") {
		t.Errorf("token not scrubbed: %q", s)
	}
	for _, dsn := range []string{"postgres://u@h/db", "host=h dbname=duckdb", "duck:x"} {
		if IsDuckDB(dsn) {
			t.Errorf("IsDuckDB(%q) = true", dsn)
		}
	}
}

// Without -tags duckdb, a DuckDB DSN says how to build with it.
func TestDuckDBNotBuilt(t *testing.T) {
	if DuckDBBuilt {
		t.Skip("built with -tags duckdb")
	}
	_, err := Load(context.Background(), TableName("customers"), "duckdb:customers.db", nil, dataset.Options{})
	if err == nil || !strings.Contains(err.Error(), "go build -tags duckdb ./cmd/icp") || !strings.Contains(err.Error(), "C compiler") {
		t.Errorf("got %v", err)
	}
}
