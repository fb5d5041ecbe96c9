package source

import (
	"fmt"
	"math"
	"strings"

	"github.com/icp-dev/icp/profile"
)

// Sample asks a database input (table:NAME or query:SQL) for a keyed sample of its
// rows instead of all of them, drawn by the database: the rows whose md5 of the key
// column's text starts below a threshold set from the table's row count, so that
// about Rows rows come back. The same rows give the same sample whatever their order
// and whichever of PostgreSQL and DuckDB holds them (for integer and text keys), and a
// customer stays in the sample as the table grows as long as the threshold does not
// fall below its hash. Rows without a key are never in the sample.
type Sample struct {
	Rows int // about how many rows to read; every row when the table holds no more
	// Key picks the column the sample is keyed on (the customer id) from the
	// headers of the table or query; its error stops the read.
	Key func(headers []string) (string, error)
}

// Sampled says what a sampled read took.
type Sampled struct {
	Of  int    // rows of the table or query
	Key string // the column the sample is keyed on
	// Below is the threshold: the sample holds the rows whose md5(Key) in
	// hexadecimal starts below it. "" when the table held no more rows than asked
	// for, and every row was read.
	Below string
}

// Rule says in words which rows were read.
func (s *Sampled) Rule() string {
	if s.Below == "" {
		return fmt.Sprintf("every row (the table holds %s, no more than --sample)", profile.FormatCount(s.Of))
	}
	return fmt.Sprintf("the rows whose md5(%s) starts below %s, about %.4g%% of %s", s.Key, s.Below, 100*s.share(), profile.FormatCount(s.Of))
}

// share is the expected share of rows in the sample.
func (s *Sampled) share() float64 {
	var v uint64
	fmt.Sscanf(s.Below, "%x", &v)
	return float64(v) / (1 << 32)
}

// sampleBelow returns the threshold that keeps about want of of rows ("" to keep
// them all): the first 8 hexadecimal digits of md5 are a uniform 32-bit number.
func sampleBelow(want, of int) string {
	if want <= 0 || want >= of {
		return ""
	}
	v := math.Ceil(float64(want) / float64(of) * (1 << 32))
	return fmt.Sprintf("%08x", uint64(min(v, 1<<32-1)))
}

// Queries that a sample runs around the query src of a table or of --query. The
// alias is quoted as a name no user query can clash with.
func describeSQL(src string) string { return "SELECT * FROM (" + trimSQL(src) + ") AS icp_src LIMIT 0" }
func countSQL(src string) string    { return "SELECT count(*) FROM (" + trimSQL(src) + ") AS icp_src" }

// sampleSQL selects the rows of src whose md5(key) starts below below; postgres
// compares in the "C" collation (byte order, which for lowercase hexadecimal is
// numeric order), as DuckDB does by default.
func sampleSQL(src, key, below string, postgres bool) string {
	collate := ""
	if postgres {
		collate = ` COLLATE "C"`
	}
	return fmt.Sprintf("SELECT * FROM (%s) AS icp_src WHERE substr(md5(CAST(icp_src.%s AS text)), 1, 8)%s < '%s'", trimSQL(src), quoteIdent(key), collate, below)
}

// sqlPrefix is what describeSQL adds before a user's query: error positions the
// database reports on it are shifted by its length.
const sqlPrefix = "SELECT * FROM ("

// trimSQL removes a query's trailing semicolons and blanks, which a subquery cannot
// hold.
func trimSQL(q string) string {
	return strings.TrimRight(strings.TrimSpace(q), "; \t\r\n")
}

// quoteIdent quotes a column name for PostgreSQL and DuckDB.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// engine is what drawing a sample needs from a database connection: the headers of a
// query's result, a count, and how to phrase the engine's errors.
type engine struct {
	postgres bool
	headers  func(query string) ([]string, error)
	count    func(query string) (int64, error)
	fail     func(error) error // the engine's error, named and with a hint
}

// draw reads the headers and the row count of src and returns the query of its keyed
// sample (src itself when it holds no more rows than s asks for), and what it takes.
func (e engine) draw(src, disp string, s *Sample) (string, *Sampled, error) {
	headers, err := e.headers(describeSQL(src))
	if err != nil {
		return "", nil, e.fail(err)
	}
	key, err := s.Key(headers)
	if err != nil {
		return "", nil, fmt.Errorf("%s: %w", disp, err)
	}
	of, err := e.count(countSQL(src))
	if err != nil {
		return "", nil, e.fail(err)
	}
	sd := &Sampled{Of: int(of), Key: key, Below: sampleBelow(s.Rows, int(of))}
	if sd.Below == "" {
		return src, sd, nil
	}
	return sampleSQL(src, key, sd.Below, e.postgres), sd, nil
}
