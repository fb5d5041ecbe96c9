//go:build duckdb

package source

import (
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// BenchmarkDuckDBPushdown measures, inside DuckDB, the queries a derive pushed down to
// the database would run (docs/PUSHDOWN.md): the ranking and best flag by window
// functions, the counts per bin of every attribute in one GROUPING SETS scan (over
// all customers and inside a segment), and keyed random order by md5 of the id. The
// table is generated inside DuckDB: ICP_BENCH_DUCKDB_ROWS rows (default 1,000,000)
// of 15 categorical and 12 numeric attributes and four outcomes.
//
//	CGO_ENABLED=1 go test -tags duckdb ./source -run '^$' -bench DuckDBPushdown -benchtime 1x
func BenchmarkDuckDBPushdown(b *testing.B) {
	rows := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("ICP_BENCH_DUCKDB_ROWS")); err == nil && v > 0 {
		rows = v
	}
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database: one connection sees the tables
	var cols, sets, keys, bins []string
	for k := range 15 {
		cols = append(cols, fmt.Sprintf("(hash(i*%d+1) %% %d)::SMALLINT AS cat%d", k+3, 4+k%8, k))
		sets, keys = append(sets, fmt.Sprintf("(cat%d)", k)), append(keys, fmt.Sprintf("cat%d", k))
	}
	for k := range 12 {
		cols = append(cols, fmt.Sprintf("(hash(i*%d+2) %% 100000)::DOUBLE / 10 AS num%d", k+31, k))
		sets, keys = append(sets, fmt.Sprintf("(b%d)", k)), append(keys, fmt.Sprintf("b%d", k))
		bins = append(bins, fmt.Sprintf("floor(num%d / 400)::SMALLINT AS b%d", k, k)) // 25 bins each
	}
	if _, err := db.Exec(fmt.Sprintf(`CREATE TABLE c AS SELECT 'C' || i AS customer_id, %s,
		(hash(i*97) %% 10000000)::DOUBLE / 100 AS ltv, (hash(i*89) %% 400)::INT AS cycle,
		hash(i*83) %% 4 = 0 AS churned, (hash(i*79) %% 11)::INT AS nps FROM range(%d) t(i)`, strings.Join(cols, ", "), rows)); err != nil {
		b.Fatal(err)
	}
	rank := `SELECT (percent_rank() OVER (ORDER BY ltv) + percent_rank() OVER (ORDER BY -cycle)
			+ percent_rank() OVER (ORDER BY NOT churned) + percent_rank() OVER (ORDER BY nps)) / 4 AS comp, * FROM c`
	if _, err := db.Exec(`CREATE TABLE r AS WITH p AS (` + rank + `), t AS (SELECT quantile_disc(comp, 0.8) AS th FROM p)
		SELECT p.* EXCLUDE (comp), comp >= th AS best FROM p, t`); err != nil {
		b.Fatal(err)
	}
	counts := `WITH x AS (SELECT ` + strings.Join(keys[:15], ", ") + ", " + strings.Join(bins, ", ") + `, best FROM r %s)
		SELECT ` + strings.Join(keys, ", ") + `, count(*), sum(best::INT) FROM x GROUP BY GROUPING SETS (` + strings.Join(sets, ", ") + `)`
	queries := []struct{ name, q string }{
		{"rank", `WITH p AS (` + rank + `) SELECT quantile_disc(comp, 0.8) FROM p`},
		{"counts", fmt.Sprintf(counts, "")},
		{"counts-in-seed", fmt.Sprintf(counts, "WHERE cat0 IN (1, 2)")},
		{"counts-in-segment", fmt.Sprintf(counts, "WHERE cat0 IN (1, 2) AND num3 BETWEEN 2000 AND 6000")},
		{"md5-keys", `SELECT sum(('0x' || md5(customer_id)[1:15])::UBIGINT % 1000) FROM c`},
		{"keyed-window-10k", `SELECT customer_id FROM c ORDER BY md5(customer_id) LIMIT 10000`},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			got := 0
			for b.Loop() {
				r, err := db.Query(q.q)
				if err != nil {
					b.Fatal(err)
				}
				got = 0
				for r.Next() {
					got++
				}
				if err := r.Err(); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
			b.ReportMetric(float64(got), "rows-back")
		})
	}
}
