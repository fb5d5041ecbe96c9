package source

import (
	"context"
	"encoding/binary"
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
	// sampled says which rows a sample read (nil when every row was asked for).
	sampled *Sampled
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

// openPostgres connects to dsn and starts the query for name (table:T or query:SQL),
// or with s its keyed sample (see Sample). Errors name the source with the password
// masked and say what to check.
func openPostgres(ctx context.Context, dsn, name, disp string, s *Sample) (*pgRows, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: the DSN cannot be read: %v; write it as postgres://USER:PASSWORD@HOST:PORT/DATABASE", Mask(dsn), Scrub(errors.Unwrap(err), dsn))
	}
	// icp only reads: every statement runs read-only, so a --query cannot change data.
	cfg.RuntimeParams["default_transaction_read_only"] = "on"
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
	var sampled *Sampled
	if s != nil {
		if sql, sampled, err = pgSample(ctx, conn, sql, name, disp, dsn, s); err != nil {
			conn.Close(ctx)
			return nil, err
		}
	}
	// Binary for the types decoded from their bytes (a timestamptz thus by its UTC
	// instant, whatever the session's time zone); text for every other type, numerics
	// and arrays included.
	formats := pgx.QueryResultFormatsByOID{}
	for _, oid := range []uint32{pgtype.BoolOID, pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID, pgtype.OIDOID, pgtype.Float4OID,
		pgtype.Float8OID, pgtype.DateOID, pgtype.TimestampOID, pgtype.TimestamptzOID} {
		formats[oid] = pgx.BinaryFormatCode
	}
	rows, err := conn.Query(ctx, sql, formats)
	if err == nil {
		// The first row (or the query's error) arrives with the field descriptions.
		err = rows.Err()
	}
	if err == nil && len(rows.FieldDescriptions()) == 0 {
		rows.Close() // a statement without a result: its error, if any, comes now
		if err = rows.Err(); err == nil {
			conn.Close(ctx)
			return nil, fmt.Errorf("%s: the statement returns no rows; give a SELECT", disp)
		}
	}
	if err != nil {
		conn.Close(ctx)
		return nil, Scrub(fmt.Errorf("%s: %v%s", disp, pgMessage(err, name), hint(err, name)), dsn)
	}
	p := &pgRows{disp: disp, dsn: dsn, conn: conn, rows: rows, sampled: sampled}
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

// pgSample reads the headers and the row count of src and returns the query of its
// keyed sample (src itself when it holds no more rows than s asks for).
func pgSample(ctx context.Context, conn *pgx.Conn, src, name, disp, dsn string, s *Sample) (string, *Sampled, error) {
	e := engine{postgres: true,
		headers: func(q string) ([]string, error) {
			rows, err := conn.Query(ctx, q)
			if err != nil {
				return nil, err
			}
			var h []string
			for _, fd := range rows.FieldDescriptions() {
				h = append(h, fd.Name)
			}
			rows.Close()
			return h, rows.Err()
		},
		count: func(q string) (n int64, err error) { return n, conn.QueryRow(ctx, q).Scan(&n) },
		fail: func(err error) error {
			var pe *pgconn.PgError
			if errors.As(err, &pe) && pe.Position > int32(len(sqlPrefix)) {
				pe.Position -= int32(len(sqlPrefix)) // the position in the user's query
			}
			return Scrub(fmt.Errorf("%s: %v%s", disp, pgMessage(err, name), hint(err, name)), dsn)
		}}
	return e.draw(src, disp, s)
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
	case "25006":
		return "; icp only reads: give a SELECT"
	case "42501":
		return "; the user of --dsn needs SELECT on it"
	}
	return ""
}

// Fields returns the result's columns.
func (p *pgRows) Fields() []dataset.Field { return p.fields }

// Next reads the next row, decoding each cell from the bytes the server sent (binary
// for integers, floats, booleans, dates and timestamps; text for numerics and arrays)
// without the driver's per-value allocations.
func (p *pgRows) Next(row []dataset.Value) error {
	if !p.rows.Next() {
		if err := p.rows.Err(); err != nil {
			return Scrub(fmt.Errorf("%s: reading row %d: %v; check the connection and run again", p.disp, p.n+1, pgMessage(err, "")), p.dsn)
		}
		return io.EOF
	}
	p.n++
	raw := p.rows.RawValues()
	fds := p.rows.FieldDescriptions()
	for i := range row {
		if err := p.decode(&fds[i], raw[i], p.fields[i].Type, &row[i]); err != nil {
			return fmt.Errorf("%s: row %d, column %q: %v; cast the column in --query (e.g. %s::text)", p.disp, p.n, p.fields[i].Name, err, p.fields[i].Name)
		}
	}
	return nil
}

// pgEpochDays is 2000-01-01, PostgreSQL's epoch, in days since 1970-01-01.
const pgEpochDays = 10957

// decode converts one cell.
func (p *pgRows) decode(fd *pgconn.FieldDescription, raw []byte, ft dataset.FieldType, out *dataset.Value) error {
	if raw == nil {
		out.Null = true
		return nil
	}
	bin := fd.Format == pgx.BinaryFormatCode
	oid := fd.DataTypeOID
	switch ft {
	case dataset.FieldBool:
		if bin {
			if len(raw) != 1 {
				return fmt.Errorf("a boolean of %d bytes", len(raw))
			}
			out.Num = float64(raw[0] & 1)
		} else if len(raw) > 0 && (raw[0] == 't' || raw[0] == 'T') {
			out.Num = 1
		}
	case dataset.FieldNumber:
		x, err := pgNum(oid, bin, raw)
		if err != nil {
			return err
		}
		out.Num, out.Null = x, math.IsNaN(x) || math.IsInf(x, 0)
	case dataset.FieldDate:
		if !bin {
			d, ok := dataset.ParseDate(string(raw))
			out.Num, out.Null = d, !ok // infinity, BC dates: missing
			return nil
		}
		switch {
		case oid == pgtype.DateOID && len(raw) == 4:
			d := int32(binary.BigEndian.Uint32(raw))
			if d == math.MaxInt32 || d == math.MinInt32 {
				out.Null = true
				return nil
			}
			out.Num = float64(int64(d) + pgEpochDays)
		case len(raw) == 8:
			us := int64(binary.BigEndian.Uint64(raw))
			if us == math.MaxInt64 || us == math.MinInt64 {
				out.Null = true
				return nil
			}
			out.Num = float64(floorDiv(us, 86400e6) + pgEpochDays)
		default:
			return fmt.Errorf("a date of %d bytes", len(raw))
		}
	case dataset.FieldList:
		if bin {
			return fmt.Errorf("an array in binary form")
		}
		items, err := parseArray(string(raw))
		if err != nil {
			return err
		}
		out.List = items
	default:
		if !bin {
			out.Text = string(raw)
			return nil
		}
		switch oid {
		case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID, pgtype.JSONOID, pgtype.XMLOID:
			out.Text = string(raw)
		case pgtype.JSONBOID:
			if len(raw) > 0 {
				raw = raw[1:] // version byte
			}
			out.Text = string(raw)
		case pgtype.UUIDOID:
			out.Text = uuidText(raw)
		default:
			tm := p.rows.Conn().TypeMap()
			dt, ok := tm.TypeForOID(oid)
			if !ok {
				out.Text = string(raw)
				return nil
			}
			v, err := dt.Codec.DecodeValue(tm, oid, fd.Format, raw)
			if err != nil {
				return err
			}
			out.Text = pgText(v)
		}
	}
	return nil
}

// pgNum decodes a number: integers and floats in binary, numerics as text.
func pgNum(oid uint32, bin bool, raw []byte) (float64, error) {
	if !bin {
		x, err := strconv.ParseFloat(strings.TrimSpace(string(raw)), 64)
		if err != nil {
			return math.NaN(), fmt.Errorf("%q is not a number", raw)
		}
		return x, nil
	}
	switch {
	case oid == pgtype.Int2OID && len(raw) == 2:
		return float64(int16(binary.BigEndian.Uint16(raw))), nil
	case (oid == pgtype.Int4OID) && len(raw) == 4:
		return float64(int32(binary.BigEndian.Uint32(raw))), nil
	case oid == pgtype.OIDOID && len(raw) == 4:
		return float64(binary.BigEndian.Uint32(raw)), nil
	case oid == pgtype.Int8OID && len(raw) == 8:
		return float64(int64(binary.BigEndian.Uint64(raw))), nil
	case oid == pgtype.Float4OID && len(raw) == 4:
		return float64(math.Float32frombits(binary.BigEndian.Uint32(raw))), nil
	case oid == pgtype.Float8OID && len(raw) == 8:
		return math.Float64frombits(binary.BigEndian.Uint64(raw)), nil
	}
	return math.NaN(), fmt.Errorf("a number of type %d in %d bytes", oid, len(raw))
}

// parseArray reads a PostgreSQL array literal ({a,"b c",NULL}, nested arrays flattened)
// into its non-null items.
func parseArray(s string) ([]string, error) {
	if i := strings.IndexByte(s, '='); i >= 0 && strings.HasPrefix(s, "[") {
		s = s[i+1:] // dimension decoration: [0:1]={a,b}
	}
	if !strings.HasPrefix(s, "{") {
		return nil, fmt.Errorf("%q is not an array", s)
	}
	var items []string
	var b strings.Builder
	i := 0
	for i < len(s) {
		switch c := s[i]; c {
		case '{', '}', ',', ' ':
			i++
		case '"':
			b.Reset()
			i++
			for i < len(s) && s[i] != '"' {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				b.WriteByte(s[i])
				i++
			}
			i++ // closing quote
			items = append(items, b.String())
		default:
			j := i
			for j < len(s) && s[j] != ',' && s[j] != '}' {
				j++
			}
			if v := strings.TrimSpace(s[i:j]); !strings.EqualFold(v, "NULL") {
				items = append(items, v)
			}
			i = j
		}
	}
	return items, nil
}

// close ends the query and the connection.
func (p *pgRows) close() {
	p.rows.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p.conn.Close(ctx)
}

// pgNumberOf reads a decoded number.
func pgNumberOf(v any) (float64, bool) {
	x, ok := v.(pgtype.Numeric)
	if !ok {
		return plainNumber(v)
	}
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

// pgText writes a decoded value as text, as a CSV export would.
func pgText(v any) string {
	if x, ok := v.([16]byte); ok {
		return uuidText(x[:])
	}
	return plainText(v, pgNumberOf)
}
