package sqlgen

// Tests on a real PostgreSQL server: they run when ICP_TEST_PG_DSN names one (see
// scripts/with-postgres.sh, which .ci/run uses) and are skipped otherwise.

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/profile/sqlgen/internal/sqltest"
)

func pgConn(t *testing.T) *pgx.Conn {
	t.Helper()
	dsn := os.Getenv("ICP_TEST_PG_DSN")
	if dsn == "" {
		t.Skip("ICP_TEST_PG_DSN is not set (run through scripts/with-postgres.sh)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	return c
}

// loadText creates table name with a TEXT column per header entry and copies rows in.
func loadText(t *testing.T, c *pgx.Conn, name string, header []string, rows [][]string) {
	t.Helper()
	ctx := context.Background()
	d := Postgres
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = d.Ident(h) + " TEXT"
	}
	if _, err := c.Exec(ctx, "DROP TABLE IF EXISTS "+d.Ident(name)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(ctx, fmt.Sprintf("CREATE TABLE %s (%s)", d.Ident(name), strings.Join(cols, ", "))); err != nil {
		t.Fatal(err)
	}
	src := make([][]any, len(rows))
	for i, r := range rows {
		src[i] = make([]any, len(r))
		for j, v := range r {
			src[i][j] = v
		}
	}
	if _, err := c.CopyFrom(ctx, pgx.Identifier{name}, header, pgx.CopyFromRows(src)); err != nil {
		t.Fatalf("copy into %s: %v", name, err)
	}
}

// scoreWithSQL runs the generated query and returns its output by the key column.
func scoreWithSQL(t *testing.T, c *pgx.Conn, query, key string) map[string]sqltest.Scored {
	t.Helper()
	q := fmt.Sprintf("SELECT %s, icp_score::text, icp_tier, icp_reasons FROM (%s) AS q",
		Postgres.Ident(key), strings.TrimSuffix(strings.TrimSpace(query), ";"))
	rows, err := c.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("query: %v", err)
	}
	defer rows.Close()
	m := map[string]sqltest.Scored{}
	for rows.Next() {
		var k string
		var s sqltest.Scored
		if err := rows.Scan(&k, &s.Score, &s.Tier, &s.Reasons); err != nil {
			t.Fatal(err)
		}
		m[k] = s
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("query: %v", err)
	}
	return m
}

func TestPostgresAgreesWithScore(t *testing.T) {
	c := pgConn(t)
	header, rows, cells := sqltest.HostileData(t)
	p := sqltest.HostileProfileParsed(t)
	query, err := Generate(p, Options{Dialect: Postgres, Table: "accounts"})
	if err != nil {
		t.Fatal(err)
	}
	loadText(t, c, "accounts", header, rows)
	key := "customer_id"
	start := time.Now()
	got := scoreWithSQL(t, c, query, key)
	t.Logf("PostgreSQL scored %d rows in %v", len(got), time.Since(start).Round(time.Millisecond))
	want := sqltest.ScoreWithGo(t, p, header, rows, key)
	sqltest.Compare(t, want, got, cells)
	tiers := map[string]int{}
	for _, s := range want {
		tiers[s.Tier]++
	}
	t.Logf("%d rows agree; tiers %v", len(want), tiers)
}

// TestPostgresNumbers compares the SQL reading of numbers with dataset.ParseNumber on
// the spellings above and on random strings made of number parts.
func TestPostgresNumbers(t *testing.T) {
	c := pgConn(t)
	cells := append([]string(nil), sqltest.OddNumbers...)
	parts := []string{"0", "1", "2", "5", "12", "123", "1234", "000", "500", ".", ".", ",", ",", " ", "'", "\u00a0",
		"$", "€", "USD", "usd", "kr", "US$", "-", "+", "\u2212", "(", ")", "%", "k", "M", "mm", "bn", "B", "e", "E3", "e-2",
		"x", "\t", "e+5"}
	rng := rand.New(rand.NewPCG(1, 2))
	for len(cells) < 200_000 {
		n := 1 + rng.IntN(6)
		var b strings.Builder
		for range n {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		cells = append(cells, b.String())
	}
	rows := make([][]string, len(cells))
	for i, s := range cells {
		rows[i] = []string{fmt.Sprint(i), s}
	}
	loadText(t, c, "numbers", []string{"id", "v"}, rows)

	g := &gen{d: Postgres, p: &profile.Profile{}}
	a, raw := 0, g.add(stRaw, "a0", Postgres.ToText(`"v"`))
	x := g.number(a, raw)
	q := g.render(Options{Table: "numbers"}, "(icp__row).id", x+"::text")
	res, err := c.Query(context.Background(), strings.TrimSuffix(q, ";\n"))
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	got := map[int]*string{}
	for res.Next() {
		var id string
		var v *string
		if err := res.Scan(&id, &v); err != nil {
			t.Fatal(err)
		}
		var i int
		fmt.Sscan(id, &i)
		got[i] = v
	}
	if err := res.Err(); err != nil {
		t.Fatal(err)
	}
	bad, numbers, documented := 0, 0, 0
	for i, s := range cells {
		want, ok := dataset.ParseNumber(s)
		if ok {
			numbers++
		}
		g := got[i]
		var same bool
		switch {
		case !ok:
			same = g == nil
		case g != nil:
			var f float64
			fmt.Sscan(*g, &f)
			same = f == want
		}
		if !same && sqltest.BigExponent.MatchString(s) {
			documented++ // the SQL reads exponents up to ±99 only (package doc)
			continue
		}
		if !same {
			bad++
			if bad <= 20 {
				gs := "NULL"
				if g != nil {
					gs = *g
				}
				t.Errorf("%q: ParseNumber %v %v, SQL %s", s, want, ok, gs)
			}
		}
	}
	t.Logf("%d strings (%d numbers to ParseNumber): %d read differently, %d more with an exponent beyond ±99 (documented)",
		len(cells), numbers, bad, documented)
}

// TestPostgresRandomCells compares whole results on random cells made of the pieces
// the categorical rules care about: white space of every kind, missing tokens, list
// separators, boolean spellings, case, quotes, backslashes and non-ASCII letters.
func TestPostgresRandomCells(t *testing.T) {
	c := pgConn(t)
	parts := []string{"SaaS", "saas", "Fin", "Tech", " ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "n/a", "N/A", "-", "--",
		"?", "(blank)", "None", ";", "|", "yes", "No", "closed", "won", "_", "TRUE", "f", "1", "0.0", "Snowflake", "snow",
		"flake", "o'reilly", "\\", "'", "É", "é", "Straße", "ÉCOLE", "null", "undefined", "x"}
	rng := rand.New(rand.NewPCG(3, 4))
	cell := func() string {
		var b strings.Builder
		for range rng.IntN(5) {
			b.WriteString(parts[rng.IntN(len(parts))])
		}
		return b.String()
	}
	header := []string{"id", "Cat", "list", "flag"}
	rows := make([][]string, 100_000)
	cells := map[string][]string{}
	for i := range rows {
		rows[i] = []string{fmt.Sprint(i), cell(), cell(), cell()}
		cells[rows[i][0]] = rows[i][1:]
	}
	p, err := profile.Parse(strings.NewReader(`schema: 2
name: cells
status: draft
criteria:
  - {attribute: Cat, op: in, values: [saas, fintech, "fin tech", "o'reilly\\", "école", "true"], points: 30, segment: true}
  - {attribute: list, op: has, values: [snowflake, "snow flake", "é", "straße", "?", "o'reilly"], points: 30}
  - {attribute: flag, op: in, values: ["false", "no"], points: 30}
negative_traits:
  - {attribute: list, op: has, values: ["yes", "x"], points: -10}
disqualifiers:
  - {attribute: flag, op: in, values: ["true", "x"]}
scoring:
  base: 10
  tiers: [{name: S, segment: true, min: 50}, {name: A, min: 60}, {name: B, min: 0}]
`))
	if err != nil {
		t.Fatal(err)
	}
	query, err := Generate(p, Options{Dialect: Postgres, Table: "cells"})
	if err != nil {
		t.Fatal(err)
	}
	loadText(t, c, "cells", header, rows)
	got := scoreWithSQL(t, c, query, "id")
	want := sqltest.ScoreWithGo(t, p, header, rows, "id")
	sqltest.Compare(t, want, got, cells)
	tiers := map[string]int{}
	for _, s := range want {
		tiers[s.Tier]++
	}
	t.Logf("%d random rows agree; tiers %v", len(want), tiers)
}

// TestPostgresGoldenSample runs the golden postgres SQL of the sample profile on
// sample.csv and compares every row with icp score.
func TestPostgresGoldenSample(t *testing.T) {
	c := pgConn(t)
	query, err := os.ReadFile("../../testdata/golden/sql/postgres.sql")
	if err != nil {
		t.Fatal(err)
	}
	p, err := profile.Load("../../testdata/golden/derive/icp.yaml")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	loadText(t, c, "accounts", recs[0], recs[1:])
	got := scoreWithSQL(t, c, string(query), "customer_id")
	want := sqltest.ScoreWithGo(t, p, recs[0], recs[1:], "customer_id")
	sqltest.Compare(t, want, got, nil)
	t.Logf("golden postgres.sql on sample.csv: %d rows agree", len(want))

	// The same as a view with a hostile name, in a schema.
	v, err := Generate(p, Options{Dialect: Postgres, Table: "accounts", View: `fit.select "view"`})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(context.Background(), "CREATE SCHEMA IF NOT EXISTS fit"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Exec(context.Background(), v); err != nil {
		t.Fatalf("create view: %v", err)
	}
	got = scoreWithSQL(t, c, `SELECT * FROM fit."select ""view"""`, "customer_id")
	sqltest.Compare(t, want, got, nil)
}

// TestPostgresTypedColumns scores a table whose numbers are INTEGER and DOUBLE
// PRECISION and whose churn flag is BOOLEAN, and compares with icp score on the CSV the
// table was made from: casting to text reads typed columns as their export would.
func TestPostgresTypedColumns(t *testing.T) {
	c := pgConn(t)
	var buf bytes.Buffer
	if err := synth.Write(&buf, synth.Config{Rows: 20_000, Seed: 17, NoiseAttrs: 4}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	loadText(t, c, "typed_src", recs[0], recs[1:])
	if _, err := c.Exec(context.Background(), `DROP TABLE IF EXISTS typed;
		CREATE TABLE typed AS SELECT customer_id, industry, CAST(NULLIF(employees, '') AS INTEGER) AS employees,
		  CAST(NULLIF(annual_revenue, '') AS DOUBLE PRECISION) AS annual_revenue,
		  CAST(NULLIF(noise_num_2, '') AS DOUBLE PRECISION) AS noise_num_2,
		  CAST(NULLIF(churned, '') AS BOOLEAN) AS churned FROM typed_src`); err != nil {
		t.Fatal(err)
	}
	p, err := profile.Parse(strings.NewReader(`schema: 2
name: typed
status: draft
criteria:
  - {attribute: employees, op: range, min: 240, max: 2100, points: 30, segment: true}
  - {attribute: annual_revenue, op: range, min: 20000000, points: 20}
  - {attribute: churned, op: in, values: ["false"], points: 20}
  - {attribute: industry, op: in, values: [saas, fintech], points: 20, segment: true}
disqualifiers:
  - {attribute: noise_num_2, op: range, max: 10.5}
scoring: {base: 0, tiers: [{name: S, segment: true, min: 0}, {name: A, min: 50}, {name: B, min: 0}]}
`))
	if err != nil {
		t.Fatal(err)
	}
	query, err := Generate(p, Options{Dialect: Postgres, Table: "typed"})
	if err != nil {
		t.Fatal(err)
	}
	got := scoreWithSQL(t, c, query, "customer_id")
	want := sqltest.ScoreWithGo(t, p, recs[0], recs[1:], "customer_id")
	sqltest.Compare(t, want, got, nil)
	t.Logf("typed columns: %d rows agree", len(want))
}
