// Package sqltest holds what the tests of the generated SQL share across engines: the
// hostile profile and data, scoring with icp score's own code, and the row-by-row
// comparison. The PostgreSQL tests (package sqlgen) and the DuckDB tests (module
// profile/sqlgen/duckdbtest) use it.
package sqltest

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
)

// Scored is one row's output.
type Scored struct{ Score, Tier, Reasons string }

// ScoreWithGo runs scoring.ScoreCSV (what `icp score` runs) on the rows and returns the
// output by the key column.
func ScoreWithGo(t testing.TB, p *profile.Profile, header []string, rows [][]string, key string) map[string]Scored {
	t.Helper()
	var in, out bytes.Buffer
	w := csv.NewWriter(&in)
	w.Write(header)
	w.WriteAll(rows)
	if _, err := scoring.ScoreCSV(&in, &out, p, scoring.StreamOptions{}); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&out)
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	h := recs[0]
	idx := func(name string) int {
		for i, c := range h {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %q in the scored output", name)
		return -1
	}
	k, s, ti, re := idx(key), idx(scoring.ColScore), idx(scoring.ColTier), idx(scoring.ColReasons)
	m := make(map[string]Scored, len(recs)-1)
	for _, rec := range recs[1:] {
		m[rec[k]] = Scored{rec[s], rec[ti], rec[re]}
	}
	return m
}

// Compare checks every row; it reports the first few differences with the row's cells.
func Compare(t testing.TB, want, got map[string]Scored, cells map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("SQL returned %d rows, icp score %d", len(got), len(want))
	}
	bad := 0
	for k, w := range want {
		g, ok := got[k]
		if !ok || g != w {
			bad++
			if bad <= 8 {
				t.Errorf("row %s %q:\n  icp score: %s | %s | %s\n  SQL:       %s | %s | %s", k, cells[k], w.Score, w.Tier, w.Reasons, g.Score, g.Tier, g.Reasons)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d rows differ", bad, len(want))
	}
}

// HostileProfile has value sets, ranges, list items, a boolean, negative traits and a
// disqualifier, on columns with hostile names and values with quotes, backslashes and
// non-ASCII text.
const HostileProfile = `schema: 2
name: hostile
status: draft
criteria:
  - attribute: employees
    op: range
    min: 240
    max: 2100
    points: 20
    segment: true
  - attribute: industry
    op: in
    values: [fintech, saas, "o'brien \\ sons", "straße"]
    points: 20
    segment: true
  - attribute: tech_stack
    op: has
    values: [snowflake, "o'reilly \\ co", "c++ (legacy)"]
    points: 15
  - attribute: annual_revenue
    op: range
    min: 20000000
    points: 10
  - attribute: select
    op: in
    values: [emea, "naïve ‘q’"]
    points: 5
  - attribute: churned
    op: in
    values: ["false"]
    points: 5
negative_traits:
  - attribute: business_model
    op: in
    values: [b2c]
    points: -19
  - attribute: Funding "Stage"
    op: in
    values: [bootstrapped]
    points: -21
disqualifiers:
  - attribute: noise_num_2
    op: range
    max: 1.5
scoring:
  base: 30
  tiers:
    - {name: "A", segment: true, min: 0}
    - {name: "B", min: 59}
    - {name: "C's", min: 39}
    - {name: "D", min: 0}
`

// OddNumbers are number spellings ParseNumber reads (or refuses) beyond the generator's.
// BigExponent finds an exponent of three or more significant digits.
var BigExponent = regexp.MustCompile(`[eE][-+]?0*[1-9][0-9]{2,}`)

var OddNumbers = []string{"1.200", "1.200,5", "(300)", "€ 1 200", "1,5k", "2.000.000", "USD 700", "700 kr",
	"1e3", "-5", "+250", "1 200,50", "1'250", "\u00a0800\u00a0", "250.", ".5e3", "0,500", "12%", "$1.2M", "1.1bn",
	"3 mm", "12,34", "1,23,456", "1,2,3", "5$", "US$ 900", "abc", "1..2", "(-5)", "−400", "1e400", "1e-5", "N/A"}

// HostileCells are categorical spellings, blanks and tricky values.
var HostileCells = []string{"O'Brien \\ Sons", "STRASSE", "Straße", "  SaaS\t", "Naïve ‘Q’", "EMEA ", "n/a", "-",
	"NULL", "yes", "No", "closed-won", "False", "0.0", "  ", "x'; DROP TABLE t; --", "\\", "Ｓａａｓ", "Ja", "NEIN", "Sí", "SÍ", "não", "Oui"}

var HostileLists = []string{"O'Reilly \\ Co; Snowflake", "c++  (legacy)|aws", "n/a; -", ";;", "Snowflake ;", "snow flake",
	"AWS | o'reilly \\ co", "NULL|none", "  ", "snowflakes", "Snowflake\u00a0",
	// Comma-separated, JSON and Python lists; quoted items; brackets on one side only.
	"AWS, Snowflake", "Snowflake,GCP", `["AWS", "Snowflake"]`, "['aws', 'c++ (legacy)']", `[ "n/a" , "" ]`, "[]", "[Snowflake",
	"Snowflake]", `"Snowflake"`, `"Snowflake'`, "'Snowflake'; aws", "Acme, Inc.; Snowflake", "Acme, Snowflake; x", " [ snowflake ] ",
	"snowflake, n/a", "o'reilly \\ co, aws", "[\"snowflake\"", "\"snow\nflake\", aws", "aws,\nsnowflake"}

// HostileData is 100,000 generated messy rows (internal/synth, seed 16) with the
// region column renamed "select", funding_stage renamed `Funding "Stage"`, and one row
// in ten given an odd number, a hostile category, list or boolean. cells holds, by
// customer_id, the cells the profile reads (for messages).
func HostileData(t testing.TB) (header []string, rows [][]string, cells map[string][]string) {
	t.Helper()
	var buf bytes.Buffer
	if err := synth.Write(&buf, synth.Config{Rows: 100_000, Seed: 16, Messy: true, NoiseAttrs: 4}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, rows = recs[0], recs[1:]
	col := func(name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	header[col("region")] = "select"
	header[col("funding_stage")] = `Funding "Stage"`
	rng := rand.New(rand.NewPCG(16, 16))
	emp, ind, tech, sel, churn := col("employees"), col("industry"), col("tech_stack"), col("select"), col("churned")
	for _, r := range rows {
		switch rng.IntN(10) {
		case 0:
			r[emp] = OddNumbers[rng.IntN(len(OddNumbers))]
		case 1:
			r[ind] = HostileCells[rng.IntN(len(HostileCells))]
		case 2:
			r[tech] = HostileLists[rng.IntN(len(HostileLists))]
		case 3:
			r[sel] = HostileCells[rng.IntN(len(HostileCells))]
		case 4:
			r[churn] = HostileCells[rng.IntN(len(HostileCells))]
		}
	}
	cells = map[string][]string{}
	for _, r := range rows {
		cells[r[0]] = []string{r[emp], r[ind], r[tech], r[sel], r[churn]}
	}
	return header, rows, cells
}

// HostileProfileParsed is HostileProfile read.
func HostileProfileParsed(t testing.TB) *profile.Profile {
	t.Helper()
	p, err := profile.Parse(strings.NewReader(HostileProfile))
	if err != nil {
		t.Fatal(err)
	}
	return p
}
