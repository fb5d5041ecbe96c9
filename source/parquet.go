package source

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"
	"os"
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"

	"github.com/icp-dev/icp/dataset"
)

// parquetRows reads a Parquet file's rows. Every top-level column must be a plain value
// (a leaf) or a list of plain values (LIST, or a repeated leaf); nested groups and maps
// are an error naming the column.
type parquetRows struct {
	name   string
	ra     io.ReaderAt
	size   int64
	r      *parquet.GenericReader[any] // rows as parquet.Row: the schema is the file's
	fields []dataset.Field
	cols   []pqColumn // per field
	byLeaf []int      // leaf column index -> field index (-1 for none)
	buf    []parquet.Row
	n, i   int
	row    int64
}

// pqColumn is how one field's values are read.
type pqColumn struct {
	leaf  int
	conv  func(v parquet.Value, out *dataset.Value) // fills a non-null scalar
	items func(v parquet.Value) string              // a list's item as text
}

// openParquet opens a Parquet file through open. A file that is not seekable (a
// test's stand-in) is read into memory first.
func openParquet(name string, open Opener) (*parquetRows, func(), error) {
	f, err := open(name)
	if err != nil {
		return nil, nil, err // *PathError names the file
	}
	var ra io.ReaderAt
	var size int64
	type statReaderAt interface {
		io.ReaderAt
		Stat() (os.FileInfo, error)
	}
	if s, ok := f.(statReaderAt); ok {
		if st, err := s.Stat(); err == nil && st.Mode().IsRegular() {
			ra, size = s, st.Size()
		}
	}
	if ra == nil {
		data, err := io.ReadAll(f)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("%s: reading: %w", name, err)
		}
		ra, size = bytes.NewReader(data), int64(len(data))
	}
	closeFn := func() { f.Close() }
	p, err := newParquetRows(name, ra, size)
	if err != nil {
		closeFn()
		return nil, nil, err
	}
	return p, closeFn, nil
}

// newParquetRows reads the file's footer and maps its columns to field types.
func newParquetRows(name string, ra io.ReaderAt, size int64) (p *parquetRows, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%s: not a readable Parquet file (%v); check that the file is complete", name, r)
		}
	}()
	pf, err := parquet.OpenFile(ra, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %v; check that the file is complete and is Parquet (a .parquet name is read as Parquet)", name, err)
	}
	schema := pf.Schema()
	leaves := schema.Columns()
	p = &parquetRows{name: name, ra: ra, size: size, byLeaf: make([]int, len(leaves))}
	for i := range p.byLeaf {
		p.byLeaf[i] = -1
	}
	for _, f := range schema.Fields() {
		var idx []int
		for li, path := range leaves {
			if len(path) > 0 && path[0] == f.Name() {
				idx = append(idx, li)
			}
		}
		if len(idx) != 1 {
			return nil, fmt.Errorf("%s: column %q is a nested group with %d values per row; icp reads plain columns and lists of plain values: flatten it when writing the file", name, f.Name(), len(idx))
		}
		leaf := leafNode(f)
		list := !f.Leaf() || f.Repeated()
		if !f.Leaf() && !isList(f) {
			return nil, fmt.Errorf("%s: column %q is a nested group (struct or map); icp reads plain columns and lists of plain values: flatten it when writing the file", name, f.Name())
		}
		ft, conv := leafType(leaf.Type())
		col := pqColumn{leaf: idx[0], conv: conv}
		if list {
			elem := ft
			col.items = func(v parquet.Value) string {
				var out dataset.Value
				conv(v, &out)
				return dataset.ValueText(elem, &out)
			}
			ft = dataset.FieldList
		}
		p.byLeaf[idx[0]] = len(p.fields)
		p.fields = append(p.fields, dataset.Field{Name: f.Name(), Type: ft})
		p.cols = append(p.cols, col)
	}
	if len(p.fields) == 0 {
		return nil, fmt.Errorf("%s: the Parquet file has no columns", name)
	}
	p.r = parquet.NewGenericReader[any](pf)
	p.buf = make([]parquet.Row, 256)
	return p, nil
}

// isList reports whether a group is a list (LIST logical or converted type, or a group
// holding one repeated field).
func isList(n parquet.Node) bool {
	if lt := n.Type().LogicalType(); lt != nil {
		if _, ok := lt.Value.(*format.ListType); ok {
			return true
		}
	}
	if ct := n.Type().ConvertedType(); ct != nil && *ct == deprecated.List {
		return true
	}
	fs := n.Fields()
	return len(fs) == 1 && (fs[0].Repeated() || isList(fs[0]))
}

// leafNode returns the only leaf under n.
func leafNode(n parquet.Node) parquet.Node {
	for !n.Leaf() {
		n = n.Fields()[0]
	}
	return n
}

// leafType maps a Parquet leaf type to a field type and a converter for its values.
func leafType(t parquet.Type) (dataset.FieldType, func(parquet.Value, *dataset.Value)) {
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	var ct deprecated.ConvertedType = -1
	if c := t.ConvertedType(); c != nil {
		ct = *c
	}
	kind := t.Kind()
	num := func(f func(parquet.Value) float64) func(parquet.Value, *dataset.Value) {
		return func(v parquet.Value, out *dataset.Value) { out.Num = f(v) }
	}
	switch lt := lt.(type) {
	case *format.DateType:
		return dataset.FieldDate, num(func(v parquet.Value) float64 { return float64(v.Int32()) })
	case *format.TimestampType:
		unit := time.Millisecond
		if lt.Unit.Value != nil {
			unit = lt.Unit.Value.Duration()
		}
		perDay := int64(24 * time.Hour / unit)
		return dataset.FieldDate, num(func(v parquet.Value) float64 { return float64(floorDiv(v.Int64(), perDay)) })
	case *format.DecimalType:
		return dataset.FieldNumber, decimal(kind, int(lt.Scale))
	case *format.StringType, *format.EnumType, *format.JsonType:
		return dataset.FieldText, func(v parquet.Value, out *dataset.Value) { out.Text = bytesString(v.ByteArray()) }
	case *format.UUIDType:
		return dataset.FieldText, func(v parquet.Value, out *dataset.Value) { out.Text = uuidText(v.ByteArray()) }
	}
	switch ct {
	case deprecated.Date:
		return dataset.FieldDate, num(func(v parquet.Value) float64 { return float64(v.Int32()) })
	case deprecated.TimestampMillis:
		return dataset.FieldDate, num(func(v parquet.Value) float64 { return float64(floorDiv(v.Int64(), 86400000)) })
	case deprecated.TimestampMicros:
		return dataset.FieldDate, num(func(v parquet.Value) float64 { return float64(floorDiv(v.Int64(), 86400000000)) })
	case deprecated.Decimal:
		scale := 0
		if d, ok := t.(interface{ Scale() int }); ok {
			scale = d.Scale()
		}
		return dataset.FieldNumber, decimal(kind, scale)
	}
	switch kind {
	case parquet.Boolean:
		return dataset.FieldBool, num(func(v parquet.Value) float64 {
			if v.Boolean() {
				return 1
			}
			return 0
		})
	case parquet.Int32:
		return dataset.FieldNumber, num(func(v parquet.Value) float64 { return float64(v.Int32()) })
	case parquet.Int64:
		return dataset.FieldNumber, num(func(v parquet.Value) float64 { return float64(v.Int64()) })
	case parquet.Float:
		return dataset.FieldNumber, num(func(v parquet.Value) float64 { return float64(v.Float()) })
	case parquet.Double:
		return dataset.FieldNumber, num(func(v parquet.Value) float64 { return v.Double() })
	case parquet.Int96: // legacy timestamp: nanoseconds of the day, then the Julian day
		return dataset.FieldDate, num(func(v parquet.Value) float64 {
			i := v.Int96()
			return float64(int64(i[2]) - 2440588)
		})
	}
	return dataset.FieldText, func(v parquet.Value, out *dataset.Value) { out.Text = bytesString(v.ByteArray()) }
}

// decimal converts a DECIMAL stored as INT32, INT64 or a big-endian byte array.
func decimal(kind parquet.Kind, scale int) func(parquet.Value, *dataset.Value) {
	div := math.Pow10(scale)
	return func(v parquet.Value, out *dataset.Value) {
		switch kind {
		case parquet.Int32:
			out.Num = float64(v.Int32()) / div
		case parquet.Int64:
			out.Num = float64(v.Int64()) / div
		default:
			b := v.ByteArray()
			n := new(big.Int).SetBytes(b)
			if len(b) > 0 && b[0]&0x80 != 0 {
				n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
			}
			f, _ := strconv.ParseFloat(n.String(), 64)
			if scale != 0 {
				f, _ = strconv.ParseFloat(n.String()+"e-"+strconv.Itoa(scale), 64)
			}
			out.Num = f
		}
	}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func uuidText(b []byte) string {
	if len(b) != 16 {
		return hex.EncodeToString(b)
	}
	h := hex.EncodeToString(b)
	return strings.Join([]string{h[0:8], h[8:12], h[12:16], h[16:20], h[20:]}, "-")
}

// Fields returns the file's columns.
func (p *parquetRows) Fields() []dataset.Field { return p.fields }

// Next reads the next row.
func (p *parquetRows) Next(row []dataset.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: row %d: the Parquet data cannot be read (%v); check that the file is complete", p.name, p.row+1, r)
		}
	}()
	if p.i >= p.n {
		n, err := p.r.ReadRows(p.buf)
		if n == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				return io.EOF
			}
			return fmt.Errorf("%s: row %d: %v", p.name, p.row+1, err)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: row %d: %v", p.name, p.row+int64(n)+1, err)
		}
		p.n, p.i = n, 0
	}
	r := p.buf[p.i]
	p.i++
	p.row++
	for i := range row {
		row[i].Null = true
	}
	for _, v := range r {
		fi := -1
		if c := v.Column(); c >= 0 && c < len(p.byLeaf) {
			fi = p.byLeaf[c]
		}
		if fi < 0 || v.IsNull() {
			continue
		}
		col := &p.cols[fi]
		out := &row[fi]
		if col.items != nil {
			out.Null = false
			out.List = append(out.List, col.items(v))
			continue
		}
		out.Null = false
		col.conv(v, out)
	}
	return nil
}

// digest is the SHA-256 of the file's bytes, as for a CSV file.
func (p *parquetRows) digest() (string, error) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(p.ra, 0, p.size)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// NumRows is the number of rows in the file (to size the columns).
func (p *parquetRows) NumRows() int64 { return p.r.NumRows() }

// bytesString returns b as a string without copying: valid until the reader reuses
// its buffers on the next read (see dataset.RowReader); ReadRows copies what it keeps.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
