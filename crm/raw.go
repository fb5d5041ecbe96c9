package crm

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/icp-dev/icp/dataset"
)

// readRaw reads the cells of the columns at idx (Column.Index) of a loaded table again
// from its file, as written (trimmed), so that keys keep their case and columns the
// loader kept only as text or emptied keep their values. The file must still have the
// table's SHA-256, and the rows must line up with Table.Line. The result holds one
// slice per index, one string per row.
func readRaw(t *dataset.Table, idx []int) ([][]string, error) {
	if t.Format != "" {
		return keptRaw(t, idx)
	}
	if t.Path == "" || t.Path == "-" {
		return nil, fmt.Errorf("%s: cannot read the file again (it came from standard input)", name(t))
	}
	data, err := os.ReadFile(t.Path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	if t.SHA256 != "" && hex.EncodeToString(sum[:]) != t.SHA256 {
		return nil, fmt.Errorf("%s: the file changed after it was loaded; run again", t.Path)
	}
	if !utf8.Valid(data) {
		data = decodeCP1252(data)
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF"))
	if bytes.IndexByte(data, '\n') < 0 {
		data = bytes.ReplaceAll(data, []byte{'\r'}, []byte{'\n'}) // CR-only line ends, as the loader reads them
	}
	cr := csv.NewReader(bytes.NewReader(data))
	if t.Delimiter != 0 {
		cr.Comma = t.Delimiter
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: reading the file again: %w", t.Path, err)
	}
	ncol := len(header)
	out := make([][]string, len(idx))
	for k, i := range idx {
		if i < 0 || i >= ncol {
			return nil, fmt.Errorf("%s: column %d is not in the file", t.Path, i+1)
		}
		out[k] = make([]string, 0, t.Rows)
	}
	row := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: reading the file again: %w", t.Path, err)
		}
		if len(rec) != ncol {
			if len(rec) == 1 && ncol > 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a blank line, skipped by the loader too
			}
			return nil, fmt.Errorf("%s: reading the file again: a row has %d fields, the header %d", t.Path, len(rec), ncol)
		}
		if line, _ := cr.FieldPos(0); row >= t.Rows || (len(t.Line) > row && t.Line[row] != line) {
			return nil, fmt.Errorf("%s: reading the file again: the rows do not line up with the loaded table", t.Path)
		}
		for k, i := range idx {
			out[k] = append(out[k], strings.TrimSpace(rec[i]))
		}
		row++
	}
	if row != t.Rows {
		return nil, fmt.Errorf("%s: reading the file again: %d rows, the loaded table has %d", t.Path, row, t.Rows)
	}
	return out, nil
}

// cp1252 maps the Windows-1252 bytes 0x80-0x9F to Unicode (as the dataset loader does).
var cp1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// decodeCP1252 keeps valid UTF-8 and reads every other byte as Windows-1252, like the
// dataset loader.
func decodeCP1252(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			c := b[0]
			r = rune(c)
			if c >= 0x80 && c < 0xA0 {
				r = cp1252[c-0x80]
			}
			out = utf8.AppendRune(out, r)
			b = b[1:]
			continue
		}
		out = append(out, b[:n]...)
		b = b[n:]
	}
	return out
}

func name(t *dataset.Table) string {
	if t.Path == "" {
		return "table"
	}
	return t.Path
}

// cells returns the values of column c of t as strings, one per row: read again from
// the file (raw) when possible; otherwise from the loaded column when it keeps values
// (categorical display spelling, numbers, dates as YYYY-MM-DD, booleans as true/false).
// folded reports that the fallback was used for a categorical column (values lost their
// case and spacing variants).
func cells(t *dataset.Table, c *dataset.Column, raw []string) (vals []string, folded bool, err error) {
	if raw != nil {
		return raw, false, nil
	}
	vals = make([]string, t.Rows)
	switch c.Kind {
	case dataset.Categorical:
		for i, code := range c.Codes {
			if code >= 0 {
				vals[i] = c.Display[code]
			}
		}
		return vals, true, nil
	case dataset.Numeric:
		for i, v := range c.Num {
			if v == v {
				vals[i] = strconv.FormatFloat(v, 'f', -1, 64)
			}
		}
		return vals, false, nil
	}
	return nil, false, fmt.Errorf("%s: column %q holds %s values, which the loader did not keep, and the file cannot be read again", name(t), c.Name, c.Kind)
}

// keptRaw is readRaw for a table from a typed source (Parquet, a database), which is
// not read again: the values the loader kept in Column.Raw (every text column's), or
// an error naming a column whose values it did not keep.
func keptRaw(t *dataset.Table, idx []int) ([][]string, error) {
	out := make([][]string, len(idx))
	for k, i := range idx {
		for _, c := range t.Columns {
			if c.Index == i {
				out[k] = c.Raw
				if c.Raw == nil {
					return nil, fmt.Errorf("%s: column %q holds %s values as written only in the source, which is not read again", t.Path, c.Name, c.Kind)
				}
			}
		}
		if out[k] == nil {
			return nil, fmt.Errorf("%s: column %d is not in the table", t.Path, i+1)
		}
	}
	return out, nil
}
