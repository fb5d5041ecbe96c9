package dataset

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// FieldType is the type a typed source (a database table, a Parquet file) gives a
// column, before the cardinality rules decide its Kind.
type FieldType int

const (
	// FieldText is a string column: Categorical, or Text beyond the cardinality limits.
	FieldText FieldType = iota
	// FieldNumber is an integer, decimal or floating-point column: Numeric.
	FieldNumber
	// FieldBool is a boolean column: Boolean.
	FieldBool
	// FieldDate is a date or timestamp column: Date (the day, in UTC).
	FieldDate
	// FieldList is an array or list column: Multi.
	FieldList
)

// String names the type ("text", "number", ...).
func (t FieldType) String() string {
	switch t {
	case FieldText:
		return "text"
	case FieldNumber:
		return "number"
	case FieldBool:
		return "boolean"
	case FieldDate:
		return "date"
	case FieldList:
		return "list"
	}
	return "unknown"
}

// Field is one column of a typed source.
type Field struct {
	Name string
	Type FieldType
}

// Value is one cell of a typed source. Null marks a missing value. By the field's type:
// FieldNumber and FieldDate use Num (a date as days since 1970-01-01, a whole number),
// FieldBool uses Num (0 or 1), FieldText uses Text, FieldList uses List.
type Value struct {
	Null bool
	Num  float64
	Text string
	List []string
}

// RowReader streams the rows of a typed source. Next fills row (len(Fields()) values)
// and returns io.EOF after the last row; the strings of a row may share the reader's
// buffers and are valid until the next call (ReadRows copies what it keeps). Errors
// should name the source and, where it applies, the column. A reader that knows its
// number of rows may say so with a method NumRows() int64, used to size the columns.
type RowReader interface {
	Fields() []Field
	Next(row []Value) error
}

// ReadRows loads a typed source into a Table, as Read loads a CSV file, one row at a
// time (no copy of the source is held). The kinds come from the source's types rather
// than from inference: numbers are Numeric, booleans Boolean, dates and timestamps Date,
// lists Multi and text Categorical; the cardinality rules of Read then apply (more
// than Options.MaxLevels distinct values, or from 200 rows more than half the rows,
// make a Categorical or Multi column Text; no value, or one value in every row, makes
// it Empty), and Options.Force overrides a type (the value is then read from its text
// as Read would). Text columns keep their values in Column.Raw whatever
// Options.KeepText says, since the source cannot be read again cheaply.
//
// name is Table.Path (shown in messages; it must not hold a password). Table.SHA256 is
// a SHA-256 of the columns (names and types) and of the rows' values, taken so that it
// does not depend on the order of the rows: the same rows give the same digest however
// a query orders them, and any changed, added or removed row changes it; Table.Line[i] is i+1 (the row
// number); Table.Delimiter is 0 and Table.Encoding "utf-8".
func ReadRows(rr RowReader, name string, opt Options) (*Table, error) {
	maxLevels := opt.MaxLevels
	if maxLevels <= 0 {
		maxLevels = defaultMaxLevels
	}
	fields := rr.Fields()
	if len(fields) == 0 {
		return nil, fmt.Errorf("%s: no columns", name)
	}
	t := &Table{Path: name, Encoding: "utf-8", Columns: make([]*Column, len(fields))}
	cols := make([]*colState, len(fields))
	seen := make(map[string]int, len(fields))
	h := sha256.New()
	var scratch []byte
	for i, f := range fields {
		n := strings.TrimSpace(f.Name)
		if n == "" {
			n = "column_" + strconv.Itoa(i+1)
		}
		if j, dup := seen[n]; dup {
			return nil, fmt.Errorf("%s: duplicate column %q (columns %d and %d); rename one of them (in a query: AS another_name)", name, n, j+1, i+1)
		}
		seen[n] = i
		c := &Column{Name: n, Index: i}
		switch f.Type {
		case FieldNumber:
			c.Kind = Numeric
		case FieldBool:
			c.Kind = Boolean
		case FieldDate:
			c.Kind = Date
		case FieldList:
			c.Kind = Multi
		default:
			c.Kind = Categorical
		}
		t.Columns[i] = c
		cols[i] = &colState{col: c, maxLevels: maxLevels, keepText: true, keepRaw: false}
		scratch = binary.AppendUvarint(scratch[:0], uint64(f.Type))
		scratch = appendString(scratch, n)
		h.Write(scratch)
	}
	keep := map[string]bool{}
	for _, k := range opt.KeepTextOf {
		keep[HeaderKey(k)] = true
	}
	for _, cs := range cols {
		cs.keepRaw = keep[HeaderKey(cs.col.Name)]
	}
	converted := make([]bool, len(cols)) // forced to a kind its type does not give
	for key, k := range opt.Force {
		i, ok := seen[key]
		if !ok {
			hk := HeaderKey(key)
			for j, c := range t.Columns {
				if hk != "" && HeaderKey(c.Name) == hk {
					i, ok = j, true
					break
				}
			}
		}
		if !ok {
			names := make([]string, len(t.Columns))
			for j, c := range t.Columns {
				names[j] = c.Name
			}
			return nil, fmt.Errorf("%s: there is no column %q (columns: %s)", name, key, headerList(names))
		}
		if k < Categorical || k > Empty {
			return nil, fmt.Errorf("%s: invalid kind %d forced for column %q", name, int(k), key)
		}
		cols[i].forced = true
		converted[i] = cols[i].col.Kind != k
		cols[i].col.Kind = k
	}
	capHint := 1024
	if nr, ok := rr.(interface{ NumRows() int64 }); ok {
		capHint = int(min(max(nr.NumRows(), 1), 1<<31-1))
	}
	t.Line = make([]int, 0, capHint)
	for _, cs := range cols {
		cs.init(capHint)
		switch cs.col.Kind {
		case Categorical:
			cs.spellIDs = make([]int32, 0, capHint)
		case Multi, Text:
			cs.col.Raw = make([]string, 0, capHint)
		}
	}
	row := make([]Value, len(fields))
	var rowSum sum256
	nextProgress := progressEvery
	for {
		for i := range row {
			row[i] = Value{}
		}
		err := rr.Next(row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		t.Rows++
		t.Line = append(t.Line, t.Rows)
		scratch = scratch[:0]
		for i := range cols {
			scratch = appendValue(scratch, fields[i].Type, &row[i])
		}
		rowSum.add(sha256.Sum256(scratch))
		for i, cs := range cols {
			v := &row[i]
			if converted[i] {
				cs.addText(valueText(fields[i].Type, v), t.Rows)
			} else {
				cs.addValue(v, t.Rows)
			}
			if cs.err != nil {
				return nil, fmt.Errorf("%s: %w", name, cs.err)
			}
		}
		if opt.Progress != nil && t.Rows >= nextProgress {
			opt.Progress(t.Rows)
			nextProgress += progressEvery
		}
	}
	if t.Rows == 0 {
		return nil, fmt.Errorf("%s: no rows; check the table, or the query's WHERE clause", name)
	}
	if opt.Progress != nil {
		opt.Progress(t.Rows)
	}
	for _, cs := range cols {
		cs.finish(t.Rows)
	}
	h.Write(rowSum.bytes())
	t.SHA256 = hex.EncodeToString(h.Sum(nil))
	return t, nil
}

// sum256 adds 256-bit numbers modulo 2^256: the sum of the rows' hashes, which does
// not depend on their order.
type sum256 [4]uint64

func (s *sum256) add(h [32]byte) {
	var carry uint64
	for i := 3; i >= 0; i-- {
		x := binary.BigEndian.Uint64(h[i*8:])
		s[i], carry = bits.Add64(s[i], x, carry)
	}
}

func (s *sum256) bytes() []byte {
	b := make([]byte, 0, 32)
	for _, x := range s {
		b = binary.BigEndian.AppendUint64(b, x)
	}
	return b
}

// appendString appends s with its length.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendValue appends a cell's canonical encoding (for the rows' digest).
func appendValue(b []byte, ft FieldType, v *Value) []byte {
	if v.Null {
		return append(b, 0)
	}
	b = append(b, 1)
	switch ft {
	case FieldText:
		return appendString(b, v.Text)
	case FieldList:
		b = binary.AppendUvarint(b, uint64(len(v.List)))
		for _, s := range v.List {
			b = appendString(b, s)
		}
		return b
	}
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v.Num))
}

// valueText is a cell as text, as a CSV export would write it: numbers in full
// ("1234.5"), booleans as true/false, dates as 2024-01-31, lists joined by "; ".
func valueText(ft FieldType, v *Value) string {
	if v.Null {
		return ""
	}
	switch ft {
	case FieldNumber:
		return FormatNumber(v.Num)
	case FieldBool:
		if v.Num != 0 {
			return "true"
		}
		return "false"
	case FieldDate:
		return FormatDate(v.Num)
	case FieldList:
		return strings.Join(v.List, "; ")
	}
	return v.Text
}

// FormatNumber writes a number as Read reads it back exactly: no exponent, '.' for the
// decimal point; "" for NaN.
func FormatNumber(x float64) string {
	if math.IsNaN(x) {
		return ""
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}

// FormatDate writes days since 1970-01-01 as 2024-01-31; "" for NaN.
func FormatDate(days float64) string {
	if math.IsNaN(days) || math.IsInf(days, 0) {
		return ""
	}
	y, m, d := civilFromDays(int64(math.Floor(days)))
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// ValueText is a cell as text (see valueText), for writers that turn a typed source
// into CSV.
func ValueText(ft FieldType, v *Value) string { return valueText(ft, v) }

// civilFromDays is the inverse of daysFromCivil (proleptic Gregorian calendar).
func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

// addValue appends one typed cell of the column's own type; row is its 1-based number.
func (cs *colState) addValue(v *Value, row int) {
	col := cs.col
	switch col.Kind {
	case Numeric, Date:
		x := v.Num
		if v.Null || math.IsNaN(x) || math.IsInf(x, 0) {
			col.MissingCount++
			x = math.NaN()
		}
		col.Num = append(col.Num, x)
	case Boolean:
		x := 0.0
		switch {
		case v.Null || math.IsNaN(v.Num):
			col.MissingCount++
			x = math.NaN()
		case v.Num != 0:
			x = 1
		}
		col.Num = append(col.Num, x)
	case Multi:
		items := v.List
		if v.Null {
			items = nil
		}
		cs.addItems(items, row)
	default:
		s := v.Text
		if v.Null {
			s = ""
		}
		cs.addText(s, row)
	}
}

// addText appends one cell given as text, read as the column's kind as Read reads it.
func (cs *colState) addText(s string, row int) {
	col := cs.col
	switch col.Kind {
	case Numeric, Date:
		parse := ParseNumber
		if col.Kind == Date {
			parse = ParseDate
		}
		if x, ok := parse(s); ok {
			col.Num = append(col.Num, x)
			return
		}
		cs.missingOrBad(s, row)
		col.Num = append(col.Num, math.NaN())
	case Boolean:
		if b, ok := ParseBool(s); ok {
			x := 0.0
			if b {
				x = 1
			}
			col.Num = append(col.Num, x)
			return
		}
		cs.missingOrBad(s, row)
		col.Num = append(col.Num, math.NaN())
	case Multi:
		var items []string
		body, comma := listBody(s)
		for i := 0; i <= len(body); {
			var item string
			item, i = nextItem(body, i, comma)
			items = append(items, item)
		}
		cs.addItems(items, row)
	case Categorical:
		cs.addCategory(s)
		if len(cs.dict.levels) > cs.maxLevels {
			cs.toText(fmt.Sprintf("more than %d distinct values by row %d (names, ids or free text?): treated as text, not as an attribute", cs.maxLevels, row))
		}
	default: // Text, Empty
		cs.addPlainText(s)
	}
}

// addCategory appends one cell of a Categorical column, as written (it is trimmed
// here): its level's code, counted as missing when it is a missing value; with
// keepText its spelling too. The caller checks the number of levels.
func (cs *colState) addCategory(s string) {
	col, d := cs.col, cs.dict
	if needsTrim(s) {
		s = strings.TrimSpace(s)
	}
	id := d.lookup(s)
	d.spellCount[id]++
	code := d.spellLevel[id]
	col.Codes = append(col.Codes, code)
	if cs.keepText {
		cs.spellIDs = append(cs.spellIDs, id)
	}
	if code < 0 {
		col.MissingCount++
	}
}

// addPlainText counts one cell of a Text or Empty column when it is a missing value
// and, with keepText, keeps it in Column.Raw.
func (cs *colState) addPlainText(s string) {
	if IsMissing(s) {
		cs.col.MissingCount++
	}
	if cs.keepText {
		cs.col.Raw = append(cs.col.Raw, rawText(s))
	}
}

// addItems appends one list cell to a Multi column.
func (cs *colState) addItems(items []string, row int) {
	col := cs.col
	if col.Kind != Multi { // became Text
		s := strings.Join(items, "; ")
		if len(items) == 0 || IsMissing(s) {
			col.MissingCount++
		}
		if cs.keepText {
			col.Raw = append(col.Raw, rawText(s))
		}
		return
	}
	d := cs.dict
	if cs.keepText {
		col.Raw = append(col.Raw, rawText(strings.Join(items, "; ")))
	}
	start := len(col.ItemCodes)
	for _, item := range items {
		if item = strings.TrimSpace(item); item != "" {
			cs.addItem(start, item)
		}
	}
	if !cs.endItems(start, "read fewer rows (a --query with a WHERE clause)") {
		return
	}
	if len(d.levels) > cs.maxLevels {
		cs.toText(fmt.Sprintf("more than %d distinct items by row %d: treated as text, not as an attribute", cs.maxLevels, row))
	}
}
