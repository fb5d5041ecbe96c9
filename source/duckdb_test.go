//go:build duckdb

package source

import (
	"context"
	"database/sql"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// TestDuckDBTypes reads the usual DuckDB types: integers of every width (HUGEINT
// too), floats (NaN missing), decimals, booleans, dates (infinity missing), timestamps
// and timestamptz (the UTC day), uuid, an enum, varchar, lists and fixed-size arrays,
// and a struct (read as its text).
func TestDuckDBTypes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "types.db")
	db, err := sql.Open("duckdb", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"CREATE TYPE plan AS ENUM ('basic', 'pro')",
		`CREATE TABLE t AS SELECT (g % 3)::TINYINT AS i1, g::BIGINT * 1000000000 AS i8, g::HUGEINT AS hi, g::UBIGINT AS u8,
			CASE WHEN g = 5 THEN 'NaN'::DOUBLE ELSE g * 0.5 END AS f8, (g * 1.25)::DECIMAL(14,2) AS n, 0.5::FLOAT AS f4,
			CASE WHEN g = 6 THEN NULL ELSE g % 2 = 0 END AS b,
			CASE WHEN g = 7 THEN 'infinity'::DATE ELSE DATE '2024-01-31' + g::INTEGER END AS d,
			TIMESTAMP '2024-01-31 23:30' + g * INTERVAL 1 DAY AS ts, TIMESTAMPTZ '2024-01-31 23:30:00+00' + g * INTERVAL 1 DAY AS tz,
			'6ba7b810-9dad-11d1-80b4-00c04fd430c8'::UUID AS u, (CASE WHEN g % 2 = 0 THEN 'basic' ELSE 'pro' END)::plan AS p,
			'v' || (g % 4) AS v, ['Slack', 'Google Cloud', NULL] AS tags, [g % 2, 7] AS nums, [g % 2, 8]::INTEGER[2] AS arr,
			{'a': g % 2} AS st
			FROM range(300) r(g)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	ctx := context.Background()
	dsn := "duckdb:" + path
	tab, err := Load(ctx, TableName("t"), dsn, nil, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]dataset.Kind{"i1": dataset.Numeric, "i8": dataset.Numeric, "hi": dataset.Numeric, "u8": dataset.Numeric,
		"f8": dataset.Numeric, "n": dataset.Numeric, "f4": dataset.Empty, "b": dataset.Boolean, "d": dataset.Date, "ts": dataset.Date,
		"tz": dataset.Date, "u": dataset.Empty, "p": dataset.Categorical, "v": dataset.Categorical, "tags": dataset.Multi,
		"nums": dataset.Multi, "arr": dataset.Multi, "st": dataset.Categorical}
	for _, c := range tab.Columns {
		if c.Kind != want[c.Name] {
			t.Errorf("%s: %s, want %s %v", c.Name, c.Kind, want[c.Name], c.Notes)
		}
	}
	col := func(n string) *dataset.Column { return tab.Column(n) }
	if tab.Format != "duckdb" || tab.Rows != 300 || tab.Path != "table t at "+dsn {
		t.Errorf("format %q rows %d path %q", tab.Format, tab.Rows, tab.Path)
	}
	if x := col("i8").Num[3]; x != 3e9 {
		t.Errorf("bigint %v", x)
	}
	if c := col("n"); c.Num[2] != 2.5 || c.Num[3] != 3.75 {
		t.Errorf("decimal %v %v", c.Num[2], c.Num[3])
	}
	if c := col("f8"); !math.IsNaN(c.Num[5]) || c.MissingCount != 1 || c.Num[3] != 1.5 {
		t.Errorf("double %v missing %d", c.Num[:6], c.MissingCount)
	}
	if c := col("b"); c.Num[2] != 1 || c.Num[3] != 0 || c.MissingCount != 1 {
		t.Errorf("bool %v missing %d", c.Num[:4], c.MissingCount)
	}
	if c := col("d"); dataset.FormatDate(c.Num[1]) != "2024-02-01" || c.MissingCount != 1 {
		t.Errorf("date %s missing %d", dataset.FormatDate(c.Num[1]), c.MissingCount)
	}
	if ts, tz := dataset.FormatDate(col("ts").Num[0]), dataset.FormatDate(col("tz").Num[0]); ts != "2024-01-31" || tz != "2024-01-31" {
		t.Errorf("timestamp %s, timestamptz %s (UTC day wanted)", ts, tz)
	}
	if c := col("p"); len(c.Levels) != 2 || c.Display[0] != "basic" {
		t.Errorf("enum %v", c.Display)
	}
	if c := col("tags"); len(c.Levels) != 2 {
		t.Errorf("varchar[] levels %v", c.Display)
	}
	if c := col("arr"); len(c.Levels) != 3 {
		t.Errorf("integer[2] levels %v", c.Display)
	}
	// UUID as text: read it with KeepText through a query.
	rr, _, closeFn, err := Rows(ctx, QueryName("SELECT u FROM t LIMIT 1"), dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]dataset.Value, 1)
	if err := rr.Next(row); err != nil || row[0].Text != "6ba7b810-9dad-11d1-80b4-00c04fd430c8" {
		t.Errorf("uuid %q %v", row[0].Text, err)
	}
	closeFn()
	// The digest depends on the rows only: the same rows by a query in another order.
	tab2, err := Load(ctx, QueryName("SELECT * FROM t ORDER BY i8 DESC"), dsn, nil, dataset.Options{})
	if err != nil || tab2.SHA256 != tab.SHA256 {
		t.Errorf("same rows, other digest: %v", err)
	}
	// Errors name the source.
	for _, c := range []struct{ name, want string }{
		{TableName("nosuch"), "table nosuch at " + dsn + ": Catalog Error: Table with name nosuch does not exist"},
		{QueryName("SELECT nosuch FROM t"), "fix --query"},
		{QueryName("INSERT INTO t (i1) VALUES (1)"), "icp only reads"},
	} {
		_, err := Load(ctx, c.name, dsn, nil, dataset.Options{})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
