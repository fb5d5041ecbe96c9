package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/icp-dev/icp/dataset"
)

// pgDSN returns the test database (ICP_TEST_PG_DSN, e.g. set by
// scripts/with-postgres.sh) or skips the test.
func pgDSN(t *testing.T) string {
	dsn := os.Getenv("ICP_TEST_PG_DSN")
	if dsn == "" {
		t.Skip("ICP_TEST_PG_DSN is not set; run under scripts/with-postgres.sh to test PostgreSQL")
	}
	return dsn
}

// withPassword returns dsn with a password set (the test server trusts local users,
// so any password is accepted): what must never be shown.
func withPassword(t *testing.T, dsn, pw string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		t.Skipf("ICP_TEST_PG_DSN is not a URL: %v", err)
	}
	u.User = url.UserPassword(u.User.Username(), pw)
	return u.String()
}

// loadSampleIntoPG creates schema.customers from testdata/sample.csv with typed
// columns (double precision, numeric, boolean, date, text, text[]) and returns the
// schema's name.
func loadSampleIntoPG(t *testing.T, dsn string) string {
	t.Helper()
	return loadTypedIntoPG(t, dsn, loadTypedSample(t, sample))
}

// loadTypedIntoPG creates schema.customers holding s and returns the schema's name.
func loadTypedIntoPG(t *testing.T, dsn string, s typedSample) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	schema := fmt.Sprintf("icp_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if c, err := pgx.Connect(ctx, dsn); err == nil {
			c.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			c.Close(ctx)
		}
	})
	var cols, names []string
	for _, f := range s.fields {
		typ := "text"
		switch f.Type {
		case dataset.FieldNumber:
			typ = "double precision"
			if f.Name == "ltv" {
				typ = "numeric(14,2)"
			}
		case dataset.FieldBool:
			typ = "boolean"
		case dataset.FieldDate:
			typ = "date"
		case dataset.FieldList:
			typ = "text[]"
		}
		cols = append(cols, f.Name+" "+typ)
		names = append(names, f.Name)
	}
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE TABLE %s.customers (%s)", schema, strings.Join(cols, ", "))); err != nil {
		t.Fatal(err)
	}
	rows := make([][]any, len(s.rows))
	for i, r := range s.rows {
		rows[i] = make([]any, len(r))
		for j, v := range r {
			if v.Null {
				continue
			}
			switch s.fields[j].Type {
			case dataset.FieldNumber:
				rows[i][j] = v.Num
				if s.fields[j].Name == "ltv" {
					rows[i][j] = dataset.FormatNumber(v.Num)
				}
			case dataset.FieldBool:
				rows[i][j] = v.Num != 0
			case dataset.FieldDate:
				rows[i][j] = time.Unix(int64(v.Num)*86400, 0).UTC()
			case dataset.FieldList:
				rows[i][j] = v.List
			default:
				rows[i][j] = v.Text
			}
		}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{schema, "customers"}, names, pgx.CopyFromRows(rows)); err != nil {
		t.Fatal(err)
	}
	return schema
}

func TestPostgresMatchesCSV(t *testing.T) {
	base := pgDSN(t)
	schema := loadSampleIntoPG(t, base)
	const pw = "s3cret-Pa55"
	dsn := withPassword(t, base, pw)

	y := assertSameProfileAndScores(t, sample, []string{"--dsn", dsn, "--table", schema + ".customers"})
	b, err := os.ReadFile(y)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), pw) || !strings.Contains(string(b), "xxxxx") || !strings.Contains(string(b), "table "+schema+".customers") {
		t.Errorf("icp.yaml's source must name the table with the password masked:\n%s", b[:min(len(b), 2000)])
	}
	// A query in another order gives the same profile (randomness is keyed on the id).
	assertSameProfileAndScores(t, sample, []string{"--dsn", dsn, "--query", "SELECT * FROM " + schema + ".customers ORDER BY customer_id DESC"})

	// inspect and score -o, password never shown.
	code, out, stderr := runIcp(t, "inspect", "--dsn", dsn, "--table", schema+".customers")
	if code != 0 || !strings.Contains(out, "tech_stack") || strings.Contains(out+stderr, pw) {
		t.Errorf("inspect: %d\n%s\n%s", code, out, stderr)
	}
	scored := filepath.Join(t.TempDir(), "scored.csv")
	code, out, stderr = runIcp(t, "score", "--profile", filepath.Dir(y), "--dsn", dsn, "--table", schema+".customers", "-o", scored)
	if code != 0 || strings.Contains(out+stderr, pw) {
		t.Errorf("score -o: %d\n%s\n%s", code, out, stderr)
	}
	if st, err := os.Stat(scored); err != nil || st.Size() == 0 {
		t.Errorf("score -o wrote nothing: %v", err)
	}
}

func TestPostgresErrors(t *testing.T) {
	base := pgDSN(t)
	schema := loadSampleIntoPG(t, base)
	const pw = "s3cret-Pa55"
	dsn := withPassword(t, base, pw)
	out := filepath.Join(t.TempDir(), "o")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--table", schema + ".nosuch"}, "does not exist"},
		{[]string{"--query", "SELEC 1"}, "syntax error"},
		{[]string{"--query", "SELECT nosuch FROM " + schema + ".customers"}, "fix --query"},
		{[]string{"--query", "DELETE FROM " + schema + ".customers"}, "read-only"},
	} {
		args := append([]string{"derive", "--dsn", dsn, "--out", out}, c.args...)
		code, stdout, stderr := runIcp(t, args...)
		if code != exitError || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "xxxxx") || strings.Contains(stdout+stderr, pw) {
			t.Errorf("%v: exit %d, stderr %q; want exit 1, %q and the password masked", c.args, code, stderr, c.want)
		}
	}
	// Nothing listening: a clear message, password masked.
	bad := "postgres://icp:" + pw + "@127.0.0.1:1/nodb?connect_timeout=5"
	code, stdout, stderr := runIcp(t, "inspect", "--dsn", bad, "--table", "customers")
	if code != exitError || !strings.Contains(stderr, "cannot connect") || strings.Contains(stdout+stderr, pw) {
		t.Errorf("unreachable server: exit %d, stderr %q", code, stderr)
	}
}
