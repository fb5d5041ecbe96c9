// Package source reads customer tables where they are: CSV files (through package
// dataset), Parquet files, and PostgreSQL or DuckDB tables or queries (DuckDB only in a
// binary built with -tags duckdb: its driver needs cgo). Every reader gives the
// same *dataset.Table for the same data (see dataset.ReadRows), streaming rows without
// holding a second copy, and never shows a password: a DSN appears in messages and
// outputs only through Mask.
//
// An input is named by a string, so that every place that accepts a file name accepts
// the other sources too:
//
//	customers.csv          a CSV file (dataset.Read)
//	customers.parquet      a Parquet file (by its extension)
//	table:customers        a table (or view; schema.table allowed) of the database --dsn
//	                       (postgres://… or key=value for PostgreSQL, duckdb:PATH for DuckDB)
//	query:SELECT ...       the rows of a query on the database --dsn
//
// Counting is done in memory by icp; what a database can be asked to do is to draw a
// keyed sample of a table too large to read whole (see Sample).
package source

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"

	"github.com/icp-dev/icp/dataset"
)

// Prefixes of input names read from the database.
const (
	TablePrefix = "table:"
	QueryPrefix = "query:"
)

// Kind is the reader an input name needs.
type Kind int

const (
	CSV      Kind = iota // a CSV file, read by dataset.Read
	Parquet              // a .parquet file
	Database             // table:NAME or query:SQL on the DSN
)

// KindOf says which reader the input name needs.
func KindOf(name string) Kind {
	switch {
	case strings.HasPrefix(name, TablePrefix), strings.HasPrefix(name, QueryPrefix):
		return Database
	case strings.HasSuffix(strings.ToLower(name), ".parquet"):
		return Parquet
	}
	return CSV
}

// DuckDBPrefix starts a DSN that names a DuckDB database file: duckdb:customers.db.
const DuckDBPrefix = "duckdb:"

// IsDuckDB says whether dsn names a DuckDB database (duckdb:PATH).
func IsDuckDB(dsn string) bool {
	return len(dsn) >= len(DuckDBPrefix) && strings.EqualFold(dsn[:len(DuckDBPrefix)], DuckDBPrefix)
}

// TableName returns the name that reads table t of the database ("table:t").
func TableName(t string) string { return TablePrefix + t }

// QueryName returns the name that reads the rows of query q ("query:q").
func QueryName(q string) string { return QueryPrefix + q }

var (
	kvPassword  = regexp.MustCompile(`(?i)(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
	urlPassword = regexp.MustCompile(`(?i)([?&]password=)[^&#]*`)
	// A DuckDB DSN is a file path; only a token or password option is secret (a
	// MotherDuck token, duckdb:md:db?motherduck_token=…).
	duckSecret = regexp.MustCompile(`(?i)([?&](?:[a-z_]*token|password)=)([^&#]*)`)
)

// Mask returns dsn with its password replaced by xxxxx, in URL form
// (postgres://user:secret@host/db, ?password=secret) and in key=value form
// (host=h password=secret). A DuckDB DSN (duckdb:PATH) is shown as given but for the
// value of a token or password option.
func Mask(dsn string) string {
	if IsDuckDB(dsn) {
		return duckSecret.ReplaceAllString(dsn, "${1}xxxxx")
	}
	if u, err := url.Parse(dsn); err == nil && u.Scheme != "" && u.Host+u.Path+u.Opaque != "" {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
		}
		s := u.String()
		s = strings.Replace(s, ":xxxxx@", ":xxxxx@", 1)
		return urlPassword.ReplaceAllString(s, "${1}xxxxx")
	}
	if strings.Contains(dsn, "://") {
		// Not parseable as a URL: hide everything between :// and @.
		if i, j := strings.Index(dsn, "://"), strings.LastIndex(dsn, "@"); j > i {
			return dsn[:i+3] + "xxxxx" + dsn[j:]
		}
		return urlPassword.ReplaceAllString(dsn, "${1}xxxxx")
	}
	return kvPassword.ReplaceAllString(dsn, "${1}xxxxx")
}

// secrets returns the password strings in dsn, to scrub from messages.
func secrets(dsn string) []string {
	var out []string
	if IsDuckDB(dsn) {
		for _, m := range duckSecret.FindAllStringSubmatch(dsn, -1) {
			if m[2] != "" {
				out = append(out, m[2])
			}
		}
		return out
	}
	if u, err := url.Parse(dsn); err == nil {
		if p, has := u.User.Password(); has && p != "" {
			out = append(out, p, url.QueryEscape(p), url.PathEscape(p))
		}
		if p := u.Query().Get("password"); p != "" {
			out = append(out, p)
		}
	}
	for _, m := range kvPassword.FindAllStringSubmatch(dsn, -1) {
		p := strings.Trim(m[2], "'")
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}

// scrub replaces every password of dsn in s with xxxxx, and the DSN itself with its
// masked form.
func scrub(s, dsn string) string {
	if dsn != "" {
		s = strings.ReplaceAll(s, dsn, Mask(dsn))
	}
	for _, p := range secrets(dsn) {
		if len(p) >= 3 {
			s = strings.ReplaceAll(s, p, "xxxxx")
		}
	}
	return s
}

// scrubbed is an error whose message has the DSN's password removed; it unwraps to the
// original error for errors.Is.
type scrubbed struct {
	msg string
	err error
}

func (e *scrubbed) Error() string { return e.msg }
func (e *scrubbed) Unwrap() error { return e.err }

// Scrub returns err with every password of dsn removed from its message (nil for nil).
func Scrub(err error, dsn string) error {
	if err == nil || dsn == "" {
		return err
	}
	return &scrubbed{msg: scrub(err.Error(), dsn), err: err}
}

// Display is how the input is shown in messages and outputs (Table.Path, the profile's
// source file): a file's name as given, "table customers at postgres://icp:xxxxx@host/db"
// or "query \"SELECT …\" at …" with the password masked.
func Display(name, dsn string) string {
	if KindOf(name) != Database {
		return name
	}
	at := ""
	if dsn != "" {
		at = " at " + Mask(dsn)
	}
	if t, ok := strings.CutPrefix(name, TablePrefix); ok {
		return "table " + t + at
	}
	q := strings.Join(strings.Fields(strings.TrimPrefix(name, QueryPrefix)), " ")
	if r := []rune(q); len(r) > 120 {
		q = string(r[:120]) + "…"
	}
	return fmt.Sprintf("query %q%s", q, at)
}

// IsDatabaseDisplay says whether s, a source as Display shows it (and as a profile
// records it), names a database table or query rather than a file: "table T at DSN"
// or "query "…" at DSN", whatever the DSN's form (URL, key=value, duckdb:PATH).
func IsDatabaseDisplay(s string) bool {
	return (strings.HasPrefix(s, "table ") || strings.HasPrefix(s, `query "`)) && strings.Contains(s, " at ")
}

// Opener opens a file by name (os.Open, or a test's stand-in).
type Opener func(name string) (io.ReadCloser, error)

// Rows opens a typed input (Parquet or Database) for streaming: its rows, how to show
// it, and a function that releases it. A CSV name is an error (use dataset.Read).
func Rows(ctx context.Context, name, dsn string, open Opener) (dataset.RowReader, string, func(), error) {
	rr, disp, _, closeFn, err := rowsOf(ctx, name, dsn, open, nil)
	return rr, disp, closeFn, err
}

// rowsOf is Rows, with s (Database only) asking for a keyed sample.
func rowsOf(ctx context.Context, name, dsn string, open Opener, s *Sample) (dataset.RowReader, string, *Sampled, func(), error) {
	switch KindOf(name) {
	case Parquet:
		rr, closeFn, err := openParquet(name, open)
		return rr, name, nil, closeFn, err
	case Database:
		disp := Display(name, dsn)
		if dsn == "" {
			return nil, "", nil, nil, fmt.Errorf("%s: reading a database table needs --dsn postgres://USER@HOST/DB or --dsn duckdb:PATH (or the ICP_DSN environment variable)", disp)
		}
		if IsDuckDB(dsn) {
			rr, sampled, closeFn, err := openDuckDB(ctx, dsn, name, disp, s)
			if err != nil {
				return nil, "", nil, nil, Scrub(err, dsn)
			}
			return rr, disp, sampled, closeFn, nil
		}
		rr, err := openPostgres(ctx, dsn, name, disp, s)
		if err != nil {
			return nil, "", nil, nil, err
		}
		return rr, disp, rr.sampled, rr.close, nil
	}
	return nil, "", nil, nil, fmt.Errorf("%s: a CSV file is read by dataset.Read", name)
}

// Load reads a typed input (Parquet or Database) into a table, as dataset.Read reads a
// CSV file (see dataset.ReadRows). For Parquet, Table.SHA256 is the digest of the
// file's bytes, as for a CSV file; for a database it is the digest of the rows read.
func Load(ctx context.Context, name, dsn string, open Opener, opt dataset.Options) (*dataset.Table, error) {
	t, _, err := load(ctx, name, dsn, open, opt, nil)
	return t, err
}

// LoadSample reads a keyed sample of a database input (table:NAME or query:SQL; see
// Sample) into a table, as Load reads all of it, and says what the sample took.
// Table.SHA256 is the digest of the rows read.
func LoadSample(ctx context.Context, name, dsn string, open Opener, opt dataset.Options, s Sample) (*dataset.Table, *Sampled, error) {
	if KindOf(name) != Database {
		return nil, nil, fmt.Errorf("%s: a sample (--sample) is drawn by the database, from --table or --query; a file is read whole (load it into DuckDB or PostgreSQL to sample it there)", name)
	}
	if s.Rows <= 0 || s.Key == nil {
		return nil, nil, fmt.Errorf("a sample needs a number of rows and a key column")
	}
	return load(ctx, name, dsn, open, opt, &s)
}

func load(ctx context.Context, name, dsn string, open Opener, opt dataset.Options, s *Sample) (*dataset.Table, *Sampled, error) {
	rr, disp, sampled, closeFn, err := rowsOf(ctx, name, dsn, open, s)
	if err != nil {
		return nil, nil, err
	}
	defer closeFn()
	t, err := dataset.ReadRows(ctxRows{ctx, rr}, disp, opt)
	if err != nil {
		return nil, nil, Scrub(err, dsn)
	}
	switch p := rr.(type) {
	case *parquetRows:
		t.Format = "parquet"
		if sum, err := p.digest(); err == nil {
			t.SHA256 = sum
		} else {
			return nil, nil, fmt.Errorf("%s: %w", name, err)
		}
	case *pgRows:
		t.Format = "postgres"
	default:
		if IsDuckDB(dsn) {
			t.Format = "duckdb"
		}
	}
	return t, sampled, ctx.Err()
}

// ctxRows stops reading once ctx is done (Ctrl-C while a large table loads).
type ctxRows struct {
	ctx context.Context
	dataset.RowReader
}

func (c ctxRows) Next(row []dataset.Value) error {
	if err := c.ctx.Err(); err != nil {
		return err
	}
	return c.RowReader.Next(row)
}
