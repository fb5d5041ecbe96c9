package profile

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/dataset"
)

// MatchColumn matches row i of a loaded column, with the same meaning as MatchRaw on
// the cell the row was read from: numbers by value, categories by their folded key,
// booleans by meaning, lists by item. The second result is false when the row has no
// usable value.
func (c Condition) MatchColumn(col *dataset.Column, i int) (match, present bool) {
	switch col.Kind {
	case dataset.Numeric, dataset.Date:
		x := col.Num[i]
		if math.IsNaN(x) {
			return false, false
		}
		if c.Op == OpRange {
			return c.MatchNumber(x), true
		}
		return c.MatchValue(dataset.FoldCategory(FormatPlain(x))), true
	case dataset.Boolean:
		x := col.Num[i]
		if math.IsNaN(x) {
			return false, false
		}
		return c.MatchValue(BoolLevel(x != 0)), true
	case dataset.Categorical:
		code := col.Codes[i]
		if code == dataset.Missing {
			return false, false
		}
		level := col.Levels[code]
		if c.Op == OpRange {
			x, ok := dataset.ParseNumber(level)
			if !ok {
				return false, false
			}
			return c.MatchNumber(x), true
		}
		if c.MatchValue(level) {
			return true, true
		}
		if b, ok := dataset.ParseBool(level); ok {
			return c.MatchValue(BoolLevel(b)), true
		}
		return false, true
	case dataset.Multi:
		lo, hi := col.ItemOffsets[i], col.ItemOffsets[i+1]
		if lo == hi {
			return false, false
		}
		for _, it := range col.ItemCodes[lo:hi] {
			if c.MatchValue(col.Levels[it]) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

// FormatPlain writes a number as a spreadsheet would show it unformatted: 12, 1.5.
func FormatPlain(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%g", x)
}

// ScoreTable scores every row of a loaded table. A profile attribute missing from the
// table, or held there as free text whose values were not kept, is an error.
func (p *Profile) ScoreTable(t *dataset.Table) ([]Result, error) {
	resolve := func(cs []Criterion) ([]*dataset.Column, []string) {
		cols := make([]*dataset.Column, len(cs))
		var errs []string
		headers := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			headers[i] = c.Name
		}
		for i, c := range cs {
			col := t.Column(c.Attribute)
			switch {
			case col == nil:
				msg := fmt.Sprintf("column %q used by the profile is not in %s", c.Attribute, t.Path)
				if near := Closest(c.Attribute, headers); near != "" {
					msg += fmt.Sprintf(" (closest header: %q)", near)
				}
				errs = append(errs, msg)
			case col.Kind == dataset.Text:
				errs = append(errs, fmt.Sprintf("column %q in %s has too many distinct values to match (free text?)", c.Attribute, t.Path))
			}
			cols[i] = col
		}
		return cols, errs
	}
	cc, e1 := resolve(p.Criteria)
	nc, e2 := resolve(p.NegativeTraits)
	dc, e3 := resolve(p.Disqualifiers)
	if errs := append(append(e1, e2...), e3...); len(errs) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(slices.Compact(errs), "; "))
	}
	points, neg := p.Points(), p.NegativePoints()
	out := make([]Result, t.Rows)
	for i := range out {
		r := p.newResult()
		for j, col := range cc {
			if col.Kind == dataset.Empty {
				r.Missing[j] = true
				continue
			}
			m, present := p.Criteria[j].MatchColumn(col, i)
			r.Matched[j], r.Missing[j] = m, !present
		}
		for j, col := range nc {
			if col.Kind != dataset.Empty {
				r.Negative[j], _ = p.NegativeTraits[j].MatchColumn(col, i)
			}
		}
		for j, col := range dc {
			if col.Kind != dataset.Empty {
				r.Disqualified[j], _ = p.Disqualifiers[j].MatchColumn(col, i)
			}
		}
		p.fit(points, neg, &r)
		out[i] = r
	}
	return out, nil
}
