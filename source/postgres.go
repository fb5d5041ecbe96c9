package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/icp-dev/icp/dataset"
)

// pgRows streams the rows of a PostgreSQL table or query over one connection.
type pgRows struct {
	disp   string
	dsn    string
	conn   *pgx.Conn
	rows   pgx.Rows
	fields []dataset.Field
	n      int
}

// PostgreSQL type OIDs read as numbers, booleans, dates and lists; every other type is
// read as text.
var (
	pgNumber = map[uint32]bool{pgtype.Int2OID: true, pgtype.Int4OID: true, pgtype.Int8OID: true, pgtype.Float4OID: true,
		pgtype.Float8OID: true, pgtype.NumericOID: true, pgtype.OIDOID: true}
	pgDate = map[uint32]bool{pgtype.DateOID: true, pgtype.TimestampOID: true, pgtype.TimestamptzOID: true}
	pgList = map[uint32]bool{pgtype.TextArrayOID: true, pgtype.VarcharArrayOID: true, pgtype.BPCharArrayOID: true,
		pgtype.Int2ArrayOID: true, pgtype.Int4ArrayOID: true, pgtype.Int8ArrayOID: true, pgtype.Float4ArrayOID: true,
		pgtype.Float8ArrayOID: true, pgtype.NumericArrayOID: true, pgtype.BoolArrayOID: true, pgtype.DateArrayOID: true,
		pgtype.UUIDArrayOID: true, pgtype.NameArrayOID: true}
)

// openPostgres connects to dsn and starts the query for name (table:T or query:SQL).
// Errors name the source with the password masked and say what to check.
func openPostgres(ctx context.Context, dsn, name, disp string) (*pgRows, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: the DSN cannot be read: %v; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE", Mask(dsn), Scrub(errors.Unwrap(err), dsn))
	}
	cfg.ConnectTimeout = max(cfg.ConnectTimeout, 0)
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 15 * time.Second
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, Scrub(fmt.Errorf("%s: cannot connect: %v; check the host, port, user, password and database of --dsn", disp, connError(err)), dsn)
	}
	var sql string
	if t, ok := strings.CutPrefix(name, TablePrefix); ok {
		t = strings.TrimSpace(t)
		if t == "" {
			conn.Close(ctx)
			return nil, fmt.Errorf("--table: give the table's name, e.g. --table customers or --table sales.customers")
		}
		sql = "SELECT * FROM " + pgx.Identifier(strings.Split(t, ".")).Sanitize()
	} else {
		sql = strings.TrimSpace(strings.TrimPrefix(name, QueryPrefix))
		if sql == "" {
			conn.Close(ctx)
			return nil, fmt.Errorf("--query: give a SELECT statement")
		}
	}
	rows, err := conn.Query(ctx, sql)
	if err == nil {
		// The first row (or the query's error) arrives with the field descriptions.
		err = rows.Err()
	}
	if err != nil {
		conn.Close(ctx)
		return nil, Scrub(fmt.Errorf("%s: %v%s", disp, pgMessage(err, name), hint(err, name)), dsn)
	}
	p := &pgRows{disp: disp, dsn: dsn, conn: conn, rows: rows}
	for _, fd := range rows.FieldDescriptions() {
		ft := dataset.FieldText
		switch {
		case fd.DataTypeOID == pgtype.BoolOID:
			ft = dataset.FieldBool
		case pgNumber[fd.DataTypeOID]:
			ft = dataset.FieldNumber
		case pgDate[fd.DataTypeOID]:
			ft = dataset.FieldDate
		case pgList[fd.DataTypeOID]:
			ft = dataset.FieldList
		}
		p.fields = append(p.fields, dataset.Field{Name: fd.Name, Type: ft})
	}
	return p, nil
}

// connError is the server's or the network's reason for a failed connection.
func connError(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Message
	}
	return err.Error()
}

// pgMessage is a query error as the server phrased it (with the position in a --query).
func pgMessage(err error, name string) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		s := pe.Message
		if pe.Position > 0 && strings.HasPrefix(name, QueryPrefix) {
			s += fmt.Sprintf(" (at character %d of the query)", pe.Position)
		}
		return s
	}
	return err.Error()
}

// hint says how to fix a query error.
func hint(err error, name string) string {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return ""
	}
	switch pe.Code {
	case "42P01":
		if strings.HasPrefix(name, TablePrefix) {
			return "; check --table (schema.table for a table outside the search path; names are case-sensitive)"
		}
		return "; check the table names in --query"
	case "42601", "42703", "42883":
		return "; fix --query"
	case "42501":
		return "; the user of --dsn needs SELECT on it"
	}
	return ""
}

// Fields returns the result's columns.
func (p *pgRows) Fields() []dataset.Field { return p.fields }

// Next reads the next row.
func (p *pgRows) Next(row []dataset.Value) error {
	if !p.rows.Next() {
		if err := p.rows.Err(); err != nil {
			return Scrub(fmt.Errorf("%s: reading row %d: %v; check the connection and run again", p.disp, p.n+1, pgMessage(err, "")), p.dsn)
		}
		return io.EOF
	}
	p.n++
	vals, err := p.rows.Values()
	if err != nil {
		return Scrub(fmt.Errorf("%s: row %d: %v", p.disp, p.n, err), p.dsn)
	}
	for i, v := range vals {
		if err := pgValue(v, p.fields[i].Type, &row[i]); err != nil {
			return fmt.Errorf("%s: row %d, column %q: %v; cast the column in --query (e.g. col::text)", p.disp, p.n, p.fields[i].Name, err)
		}
	}
	return nil
}

// close ends the query and the connection.
func (p *pgRows) close() {
	p.rows.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p.conn.Close(ctx)
}

// pgValue converts a decoded value to a dataset.Value of type ft.
func pgValue(v any, ft dataset.FieldType, out *dataset.Value) error {
	if v == nil {
		out.Null = true
		return nil
	}
	switch ft {
	case dataset.FieldNumber:
		x, ok := pgNumberOf(v)
		if !ok {
			return fmt.Errorf("%T is not a number", v)
		}
		out.Num = x
		out.Null = math.IsNaN(x)
	case dataset.FieldBool:
		b, ok := v.(bool)
		if !ok {
			return fmt.Errorf("%T is not a boolean", v)
		}
		if b {
			out.Num = 1
		}
	case dataset.FieldDate:
		t, ok := v.(time.Time)
		if !ok { // infinity
			out.Null = true
			return nil
		}
		out.Num = float64(floorDiv(t.UTC().Unix(), 86400))
	case dataset.FieldList:
		items, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%T is not a list", v)
		}
		for _, it := range items {
			if it == nil {
				continue
			}
			out.List = append(out.List, pgText(it))
		}
	default:
		out.Text = pgText(v)
	}
	return nil
}

// pgNumberOf reads a decoded number.
func pgNumberOf(v any) (float64, bool) {
	switch x := v.(type) {
	case int16:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case float32:
		return float64(x), true
	case float64:
		return x, true
	case pgtype.Numeric:
		if !x.Valid || x.NaN {
			return math.NaN(), true
		}
		if x.InfinityModifier != pgtype.Finite {
			return math.NaN(), true
		}
		f, err := x.Float64Value()
		if err != nil {
			return 0, false
		}
		return f.Float64, f.Valid
	}
	return 0, false
}

// pgText writes a decoded value as text, as a CSV export would.
func pgText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.UTC().Format("2006-01-02")
	case [16]byte:
		return uuidText(x[:])
	case fmt.Stringer:
		return x.String()
	}
	if f, ok := pgNumberOf(v); ok {
		return dataset.FormatNumber(f)
	}
	return fmt.Sprint(v)
}
