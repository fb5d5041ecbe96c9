package crm

import (
	"fmt"
	"strconv"

	"github.com/icp-dev/icp/dataset"
)

// readRaw returns the cells of the columns at idx (Column.Index) of a loaded table as
// written (trimmed), so that keys keep their case and columns the loader read as
// another kind keep their values: the cells the loader kept (Column.Cells; load the
// file with dataset.Options.KeepCellsOf set to DealCells or AccountCells), or for a
// table from a typed source (Parquet, a database) its Column.Raw. The result holds one
// slice per index, one string per row. Nothing is read again.
func readRaw(t *dataset.Table, idx []int) ([][]string, error) {
	out := make([][]string, len(idx))
	for k, i := range idx {
		c := columnAt(t, i)
		switch {
		case c == nil:
			return nil, fmt.Errorf("%s: column %d is not in the table", name(t), i+1)
		case t.Format == "" && c.Cells != nil:
			out[k] = c.Cells
		case t.Format == "":
			return nil, fmt.Errorf("%s: column %q: its cells as written were not kept when the file was loaded", name(t), c.Name)
		case c.Raw != nil: // a typed source keeps every text column's values
			out[k] = c.Raw
		default:
			return nil, fmt.Errorf("%s: column %q holds %s values as written only in the source, which is not read again", name(t), c.Name, c.Kind)
		}
	}
	return out, nil
}

// columnAt returns the column of t at index i (Column.Index), or nil.
func columnAt(t *dataset.Table, i int) *dataset.Column {
	for _, c := range t.Columns {
		if c.Index == i {
			return c
		}
	}
	return nil
}

// DealCells lists the headers of a deals or subscriptions export whose cells
// DealsWith reads as written: every header a preset recognises (see
// DetectDealColumns) and those named in override. Load the export with them in
// dataset.Options.KeepCellsOf.
func DealCells(override DealColumns) []string {
	var hs []string
	for _, dn := range dealNames {
		hs = append(hs, dn.keys...)
	}
	for _, f := range override.fields() {
		if *f.p != "" {
			hs = append(hs, *f.p)
		}
	}
	return hs
}

// AccountCells lists the headers of an accounts file that JoinKeeping may take as the
// key the deals' accounts are matched on: join when set, else the deals' account
// headers (override.Account, the presets) and the usual account key headers. Load the
// accounts with them in dataset.Options.KeepCellsOf.
func AccountCells(join string, override DealColumns) []string {
	if join != "" {
		return []string{join}
	}
	var hs []string
	if override.Account != "" {
		hs = append(hs, override.Account)
	}
	for _, dn := range dealNames {
		if dn.field == "account" {
			hs = append(hs, dn.keys...)
		}
	}
	return append(hs, accountKeyNames...)
}

func name(t *dataset.Table) string {
	if t.Path == "" {
		return "table"
	}
	return t.Path
}

// cells returns the values of column c of t as strings, one per row: the cells as
// written (raw) when kept; otherwise from the loaded column when it keeps values
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
