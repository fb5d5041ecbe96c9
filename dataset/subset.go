package dataset

import "slices"

// Select returns a table holding only the given data rows (indexes into t's rows, in
// the order given), with their lines and values; levels, notes and the file's
// fingerprint are shared with t. Per-level counts and missing counts are recomputed,
// except for Text columns without Raw values and Empty columns, whose missing count is
// kept as it was (the values are not known per row).
func (t *Table) Select(rows []int) *Table {
	s := &Table{Path: t.Path, SHA256: t.SHA256, Rows: len(rows), Problems: t.Problems, Delimiter: t.Delimiter, Encoding: t.Encoding}
	if t.Line != nil {
		s.Line = make([]int, len(rows))
		for j, i := range rows {
			s.Line[j] = t.Line[i]
		}
	}
	s.Columns = make([]*Column, len(t.Columns))
	for k, c := range t.Columns {
		s.Columns[k] = c.Select(rows)
	}
	return s
}

// Select returns a copy of c holding only the given rows (indexes into c's rows, in
// the order given), with levels and display names shared with c; counts are
// recomputed as Table.Select says.
func (c *Column) Select(rows []int) *Column {
	s := &Column{Name: c.Name, Index: c.Index, Kind: c.Kind, Levels: c.Levels, Display: c.Display, Notes: slices.Clip(c.Notes)}
	if c.Cells != nil {
		s.Cells = make([]string, len(rows))
		for j, i := range rows {
			s.Cells[j] = c.Cells[i]
		}
	}
	switch c.Kind {
	case Numeric, Boolean, Date:
		s.Num = make([]float64, len(rows))
		for j, i := range rows {
			s.Num[j] = c.Num[i]
			if c.Num[i] != c.Num[i] {
				s.MissingCount++
			}
		}
	case Categorical:
		if c.Raw != nil {
			s.Raw = make([]string, len(rows))
			for j, i := range rows {
				s.Raw[j] = c.Raw[i]
			}
		}
		s.Codes = make([]int32, len(rows))
		s.Counts = make([]int, len(c.Levels))
		for j, i := range rows {
			s.Codes[j] = c.Codes[i]
			if c.Codes[i] < 0 {
				s.MissingCount++
			} else {
				s.Counts[c.Codes[i]]++
			}
		}
	case Multi:
		s.Counts = make([]int, len(c.Levels))
		s.ItemOffsets = make([]int32, 1, len(rows)+1)
		s.MultiMissing = make([]bool, len(rows))
		for j, i := range rows {
			items := c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]]
			s.ItemCodes = append(s.ItemCodes, items...)
			for _, code := range items {
				s.Counts[code]++
			}
			s.ItemOffsets = append(s.ItemOffsets, int32(len(s.ItemCodes)))
			s.MultiMissing[j] = c.MultiMissing[i]
			if c.MultiMissing[i] {
				s.MissingCount++
			}
		}
	default:
		if c.Raw == nil {
			s.MissingCount = c.MissingCount
			break
		}
		s.Raw = make([]string, len(rows))
		for j, i := range rows {
			s.Raw[j] = c.Raw[i]
			if c.Raw[i] == "" {
				s.MissingCount++
			}
		}
	}
	return s
}
