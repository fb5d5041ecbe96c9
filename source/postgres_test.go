package source

import (
	"context"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/icp-dev/icp/dataset"
)

// TestPostgresTypes reads the usual PostgreSQL types (needs ICP_TEST_PG_DSN, e.g. from
// scripts/with-postgres.sh): integers, floats, numerics (NaN missing), booleans, dates
// (infinity missing), timestamps and timestamptz (the UTC day, whatever the session's
// time zone), uuid, jsonb, an enum, varchar, arrays of text and integers.
func TestPostgresTypes(t *testing.T) {
	dsn := os.Getenv("ICP_TEST_PG_DSN")
	if dsn == "" {
		t.Skip("ICP_TEST_PG_DSN is not set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("icp_types_%d", time.Now().UnixNano()%1e9)
	for _, q := range []string{
		"CREATE SCHEMA " + schema,
		"CREATE TYPE " + schema + ".plan AS ENUM ('basic', 'pro')",
		"CREATE TABLE " + schema + `.t (i2 int2, i8 int8, f4 float4, n numeric, b boolean, d date, ts timestamp, tz timestamptz,
			u uuid, j jsonb, p ` + schema + `.plan, v varchar(20), tags text[], nums int[])`,
		"INSERT INTO " + schema + `.t SELECT g % 3, g::int8 * 1000000000, 0.5, CASE WHEN g = 5 THEN 'NaN'::numeric ELSE g * 1.25 END,
			CASE WHEN g = 6 THEN NULL ELSE g % 2 = 0 END, CASE WHEN g = 7 THEN 'infinity'::date ELSE DATE '2024-01-31' + g END,
			TIMESTAMP '2024-01-31 23:30' + g * INTERVAL '1 day', TIMESTAMPTZ '2024-01-31 23:30+00' + g * INTERVAL '1 day',
			'6ba7b810-9dad-11d1-80b4-00c04fd430c8', '{"a": 1}', CASE WHEN g % 2 = 0 THEN 'basic' ELSE 'pro' END::` + schema + `.plan,
			'v' || (g % 4), ARRAY['Slack', 'Google Cloud', NULL], ARRAY[g % 2, 7] FROM generate_series(0, 299) g`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	defer conn.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
	tokyo := dsn + map[bool]string{true: "&", false: "?"}[strings.Contains(dsn, "?")] + "timezone=Asia/Tokyo"
	tab, err := Load(ctx, TableName(schema+".t"), tokyo, nil, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]dataset.Kind{"i2": dataset.Numeric, "i8": dataset.Numeric, "f4": dataset.Empty, "n": dataset.Numeric,
		"b": dataset.Boolean, "d": dataset.Date, "ts": dataset.Date, "tz": dataset.Date, "u": dataset.Empty, "j": dataset.Empty,
		"p": dataset.Categorical, "v": dataset.Categorical, "tags": dataset.Multi, "nums": dataset.Multi}
	for _, c := range tab.Columns {
		if c.Kind != want[c.Name] {
			t.Errorf("%s: %s, want %s %v", c.Name, c.Kind, want[c.Name], c.Notes)
		}
	}
	col := func(n string) *dataset.Column { return tab.Column(n) }
	if tab.Format != "postgres" || tab.Rows != 300 || !strings.HasPrefix(tab.Path, "table "+schema+".t at ") {
		t.Errorf("format %q rows %d path %q", tab.Format, tab.Rows, tab.Path)
	}
	if x := col("i8").Num[3]; x != 3e9 {
		t.Errorf("int8 %v", x)
	}
	if c := col("n"); c.Num[2] != 2.5 || !math.IsNaN(c.Num[5]) || c.MissingCount != 1 {
		t.Errorf("numeric %v %v missing %d", c.Num[2], c.Num[5], c.MissingCount)
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
	if c := col("nums"); len(c.Levels) != 3 {
		t.Errorf("int[] levels %v", c.Levels)
	}
	// The digest depends on the rows only: the same rows by a query in the same order.
	tab2, err := Load(ctx, QueryName("SELECT * FROM "+schema+".t"), dsn, nil, dataset.Options{})
	if err != nil || tab2.SHA256 != tab.SHA256 {
		t.Errorf("same rows, other digest: %v", err)
	}
}
