//go:build duckdb

package source

// DuckDB through github.com/duckdb/duckdb-go, a cgo driver that links DuckDB's C++
// library: only in a binary built with `go build -tags duckdb ./cmd/icp` (a C
// compiler needed). The default build has duckdb_off.go instead and stays pure Go.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/icp-dev/icp/dataset"
)

// DuckDBBuilt says whether this binary reads DuckDB databases (built with -tags duckdb).
const DuckDBBuilt = true

// duckRows streams the rows of a DuckDB table or query over one connection to a
// database file opened read-only.
type duckRows struct {
	disp   string
	db     *sql.DB
	conn   *sql.Conn
	rows   *sql.Rows
	fields []dataset.Field
	uuid   []bool // columns of type UUID (the driver gives their 16 bytes)
	vals   []any
	ptrs   []any
	n      int
}

// duckType is the field type of a DuckDB column type name as the driver spells it
// (INTEGER, DECIMAL(18,2), TIMESTAMPTZ, VARCHAR[], INTEGER[3], ...): numbers,
// booleans, dates and timestamps, lists and arrays; every other type is text.
func duckType(name string) dataset.FieldType {
	if strings.HasSuffix(name, "]") {
		return dataset.FieldList
	}
	switch {
	case name == "BOOLEAN":
		return dataset.FieldBool
	case strings.HasPrefix(name, "DECIMAL"):
		return dataset.FieldNumber
	}
	switch name {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
		"UHUGEINT", "FLOAT", "DOUBLE":
		return dataset.FieldNumber
	case "DATE", "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMPTZ":
		return dataset.FieldDate
	}
	return dataset.FieldText
}

// openDuckDB opens the database file of dsn (duckdb:PATH) read-only and starts the
// query for name (table:T or query:SQL), or with s its keyed sample (see Sample). It
// returns the rows, what the sample took (nil without s) and how to release them.
func openDuckDB(ctx context.Context, dsn, name, disp string, s *Sample) (dataset.RowReader, *Sampled, func(), error) {
	path, opts, _ := strings.Cut(dsn[len(DuckDBPrefix):], "?")
	path = strings.TrimPrefix(path, "//")
	if path == "" || path == ":memory:" {
		return nil, nil, nil, fmt.Errorf("--dsn %s: give the DuckDB database file, e.g. --dsn duckdb:customers.db (an in-memory database holds no tables to read)", Mask(dsn))
	}
	if st, err := os.Stat(path); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, nil, fmt.Errorf("%s: no DuckDB database file %s; check the path in --dsn duckdb:PATH", disp, path)
		}
		return nil, nil, nil, fmt.Errorf("%s: %v", disp, err)
	} else if st.IsDir() {
		return nil, nil, nil, fmt.Errorf("%s: %s is a directory; --dsn duckdb:PATH names a DuckDB database file", disp, path)
	}
	if err := duckMagic(path); err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %v", disp, err)
	}
	// icp only reads: the file is opened read-only, so a --query cannot change it, and
	// a missing file is never created.
	params := []string{"access_mode=read_only"}
	for _, o := range strings.Split(opts, "&") {
		if o != "" && !strings.HasPrefix(strings.ToLower(o), "access_mode=") {
			params = append(params, o)
		}
	}
	connector, err := duckdb.NewConnector(path+"?"+strings.Join(params, "&"), nil)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: cannot open: %s%s", disp, duckMessage(err), duckHint(err, name))
	}
	db := sql.OpenDB(connector)
	db.SetMaxOpenConns(1)
	fail := func(err error) (dataset.RowReader, *Sampled, func(), error) {
		db.Close()
		return nil, nil, nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fail(fmt.Errorf("%s: cannot open: %s%s", disp, duckMessage(err), duckHint(err, name)))
	}
	var q string
	if t, ok := strings.CutPrefix(name, TablePrefix); ok {
		t = strings.TrimSpace(t)
		if t == "" {
			conn.Close()
			return fail(fmt.Errorf("--table: give the table's name, e.g. --table customers or --table sales.customers"))
		}
		parts := strings.Split(t, ".")
		for i, p := range parts {
			parts[i] = `"` + strings.ReplaceAll(p, `"`, `""`) + `"`
		}
		q = "SELECT * FROM " + strings.Join(parts, ".")
	} else {
		q = strings.TrimSpace(strings.TrimPrefix(name, QueryPrefix))
		if q == "" {
			conn.Close()
			return fail(fmt.Errorf("--query: give a SELECT statement"))
		}
	}
	var sampled *Sampled
	if s != nil {
		if q, sampled, err = duckSample(ctx, conn, q, name, disp, s); err != nil {
			conn.Close()
			return fail(err)
		}
	}
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		conn.Close()
		return fail(fmt.Errorf("%s: %s%s", disp, duckMessage(err), duckHint(err, name)))
	}
	cts, err := rows.ColumnTypes()
	if err == nil && len(cts) == 0 {
		err = fmt.Errorf("the statement returns no columns; give a SELECT")
	}
	if err != nil {
		rows.Close()
		conn.Close()
		return fail(fmt.Errorf("%s: %v", disp, err))
	}
	d := &duckRows{disp: disp, db: db, conn: conn, rows: rows}
	for _, ct := range cts {
		tn := ct.DatabaseTypeName()
		d.fields = append(d.fields, dataset.Field{Name: ct.Name(), Type: duckType(tn)})
		d.uuid = append(d.uuid, tn == "UUID")
	}
	d.vals = make([]any, len(cts))
	d.ptrs = make([]any, len(cts))
	for i := range d.vals {
		d.ptrs[i] = &d.vals[i]
	}
	return d, sampled, d.close, nil
}

// duckSample reads the headers and the row count of src and returns the query of its
// keyed sample (src itself when it holds no more rows than s asks for).
func duckSample(ctx context.Context, conn *sql.Conn, src, name, disp string, s *Sample) (string, *Sampled, error) {
	e := engine{
		headers: func(q string) ([]string, error) {
			rows, err := conn.QueryContext(ctx, q)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			return rows.Columns()
		},
		count: func(q string) (n int64, err error) { return n, conn.QueryRowContext(ctx, q).Scan(&n) },
		fail: func(err error) error {
			return fmt.Errorf("%s: %s%s", disp, duckMessage(err), duckHint(err, name))
		}}
	return e.draw(src, disp, s)
}

// duckMagic checks that the file at path starts as a DuckDB database file does
// ("DUCK" at byte 8), so that a CSV or Parquet file given as --dsn duckdb:PATH is
// named as such rather than reported by DuckDB in its own terms.
func duckMagic(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var b [12]byte
	if _, err := io.ReadFull(f, b[:]); err != nil || string(b[8:12]) != "DUCK" {
		hint := ""
		if KindOf(path) == Parquet {
			hint = " (a Parquet file is read by naming it in place of a CSV file)"
		}
		return fmt.Errorf("%s is not a DuckDB database file%s; --dsn duckdb:PATH names one", path, hint)
	}
	return nil
}

// duckMessage is DuckDB's message on one line, without the echo of the query that
// follows it ("LINE 1: SELECT ...").
func duckMessage(err error) string {
	s := err.Error()
	var de *duckdb.Error
	if errors.As(err, &de) {
		s = de.Msg
	}
	if i := strings.Index(s, "\nLINE "); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

// duckHint says how to fix an error.
func duckHint(err error, name string) string {
	var de *duckdb.Error
	if !errors.As(err, &de) {
		return ""
	}
	msg := de.Msg
	switch {
	case strings.Contains(msg, "read-only"):
		return "; icp only reads: give a SELECT"
	case de.Type == duckdb.ErrorTypeCatalog && strings.HasPrefix(name, TablePrefix):
		return "; check --table (schema.table for a table outside the main schema)"
	case de.Type == duckdb.ErrorTypeCatalog:
		return "; check the table names in --query"
	case de.Type == duckdb.ErrorTypeParser, de.Type == duckdb.ErrorTypeBinder:
		return "; fix --query"
	case de.Type == duckdb.ErrorTypeIO && strings.Contains(msg, "lock"):
		return "; another process has the database open for writing: close it, or read a copy of the file"
	case de.Type == duckdb.ErrorTypeOutOfMemory:
		return "; raise DuckDB's memory limit in --dsn (duckdb:PATH?memory_limit=4GB)"
	case de.Type == duckdb.ErrorTypeIO || de.Type == duckdb.ErrorTypeSerialization:
		return "; is it a DuckDB database file (of this DuckDB version or older)?"
	}
	return ""
}

// Fields returns the result's columns.
func (d *duckRows) Fields() []dataset.Field { return d.fields }

// Next reads the next row.
func (d *duckRows) Next(row []dataset.Value) error {
	if !d.rows.Next() {
		if err := d.rows.Err(); err != nil {
			return fmt.Errorf("%s: reading row %d: %s", d.disp, d.n+1, duckMessage(err))
		}
		return io.EOF
	}
	d.n++
	for i := range d.vals {
		d.vals[i] = nil
	}
	if err := d.rows.Scan(d.ptrs...); err != nil {
		return fmt.Errorf("%s: row %d: %s", d.disp, d.n, duckMessage(err))
	}
	for i := range row {
		if err := d.decode(i, d.vals[i], &row[i]); err != nil {
			return fmt.Errorf("%s: row %d, column %q: %v; read it through --query with the column cast to text (e.g. CAST(%q AS VARCHAR) AS %q)", d.disp, d.n, d.fields[i].Name, err, d.fields[i].Name, d.fields[i].Name)
		}
	}
	return nil
}

// decode converts the driver's value of column i.
func (d *duckRows) decode(i int, v any, out *dataset.Value) error {
	if v == nil {
		out.Null = true
		return nil
	}
	switch d.fields[i].Type {
	case dataset.FieldBool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("a boolean of type %T", v)
		}
		if b {
			out.Num = 1
		}
	case dataset.FieldNumber:
		x, ok := duckNumber(v)
		if !ok {
			return fmt.Errorf("a number of type %T", v)
		}
		out.Num, out.Null = x, math.IsNaN(x) || math.IsInf(x, 0)
	case dataset.FieldDate:
		tm, ok := v.(time.Time)
		if !ok {
			return fmt.Errorf("a date of type %T", v)
		}
		// The UTC day, as for PostgreSQL; infinity and dates outside years 1–9999 are
		// missing.
		tm = tm.UTC()
		if y := tm.Year(); y < 1 || y > 9999 {
			out.Null = true
			return nil
		}
		out.Num = float64(floorDiv(tm.Unix(), 86400))
	case dataset.FieldList:
		items, ok := v.([]any)
		if !ok {
			return fmt.Errorf("a list of type %T", v)
		}
		for _, it := range items {
			if it != nil {
				out.List = append(out.List, duckText(it, false))
			}
		}
		out.Null = len(out.List) == 0
	default:
		out.Text = duckText(v, d.uuid[i])
	}
	return nil
}

// duckNumber reads a number the driver decoded.
func duckNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case int8:
		return float64(x), true
	case uint8:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint64:
		return float64(x), true
	case *big.Int:
		f, _ := new(big.Float).SetInt(x).Float64()
		return f, true
	case duckdb.Decimal:
		// Exactly as its decimal text reads (Decimal.Float64 divides in floating
		// point, which can differ from a CSV export's value in the last bit).
		f, err := strconv.ParseFloat(x.String(), 64)
		return f, err == nil
	}
	return plainNumber(v)
}

// duckText writes a value as text, as a CSV export would.
func duckText(v any, isUUID bool) string {
	switch x := v.(type) {
	case []byte:
		if isUUID && len(x) == 16 {
			return uuidText(x)
		}
	case duckdb.UUID:
		return uuidText(x[:])
	case *duckdb.UUID:
		return uuidText(x[:])
	case duckdb.Decimal:
		return x.String()
	}
	return plainText(v, duckNumber)
}

// close ends the query and closes the database.
func (d *duckRows) close() {
	d.rows.Close()
	d.conn.Close()
	d.db.Close()
}
