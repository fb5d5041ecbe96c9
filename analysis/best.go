package analysis

import (
	"fmt"
	"math"
	"strings"

	"github.com/icp-dev/icp/dataset"
)

// BestFromColumn defines the best customers by an existing column instead of the
// composite score: spec is "COL" (a yes/no column: yes means best) or "COL=VALUE" (rows
// whose value folds to VALUE are best; for a numeric column, rows equal to the number).
// Rows with no value in COL are not analysed.
func BestFromColumn(t *dataset.Table, spec string) (*BestGroup, string, error) {
	name, value, hasValue := strings.Cut(spec, "=")
	name = strings.TrimSpace(name)
	c := t.Column(name)
	if c == nil {
		headers := make([]string, len(t.Columns))
		for i, col := range t.Columns {
			headers[i] = col.Name
		}
		msg := fmt.Sprintf("--best %q: no such column", name)
		if near := dataset.Closest(name, headers); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return nil, "", fmt.Errorf("%s", msg)
	}
	n := t.Rows
	g := &BestGroup{Analysed: make([]bool, n), Best: make([]bool, n), Composite: make([]float64, n)}
	var rule string
	switch {
	case !hasValue && (c.Kind == dataset.Boolean || isZeroOne(c)):
		for i, v := range c.Num {
			g.Analysed[i] = !math.IsNaN(v)
			g.Best[i] = v == 1
		}
		rule = fmt.Sprintf("%s is yes", c.Name)
	case !hasValue:
		return nil, "", fmt.Errorf("--best %q: the column holds %s values; name the value that marks a best customer, e.g. --best '%s=VALUE'", name, c.Kind, c.Name)
	case c.Kind == dataset.Categorical:
		key := dataset.FoldCategory(value)
		code := int32(-2)
		for i, l := range c.Levels {
			if l == key {
				code = int32(i)
			}
		}
		if code == -2 {
			return nil, "", fmt.Errorf("--best %q: no row has %q in column %q (values include %s)", spec, value, c.Name, strings.Join(firstN(c.Display, 5), ", "))
		}
		for i, v := range c.Codes {
			g.Analysed[i] = v != dataset.Missing
			g.Best[i] = v == code
		}
		rule = fmt.Sprintf("%s = %s", c.Name, c.Display[code])
	case c.Kind == dataset.Boolean:
		b, ok := dataset.ParseBool(value)
		if !ok {
			return nil, "", fmt.Errorf("--best %q: %q is not yes/no for the yes/no column %q", spec, value, c.Name)
		}
		want := 0.0
		if b {
			want = 1
		}
		for i, v := range c.Num {
			g.Analysed[i] = !math.IsNaN(v)
			g.Best[i] = v == want
		}
		rule = fmt.Sprintf("%s = %s", c.Name, value)
	case c.Kind == dataset.Numeric:
		x, ok := dataset.ParseNumber(value)
		if !ok {
			return nil, "", fmt.Errorf("--best %q: %q is not a number for the numeric column %q", spec, value, c.Name)
		}
		for i, v := range c.Num {
			g.Analysed[i] = !math.IsNaN(v)
			g.Best[i] = v == x
		}
		rule = fmt.Sprintf("%s = %s", c.Name, value)
	default:
		return nil, "", fmt.Errorf("--best %q: column %q holds %s values, which cannot define best customers", spec, c.Name, c.Kind)
	}
	for i := range n {
		if g.Analysed[i] {
			g.N++
			if g.Best[i] {
				g.B++
				g.Composite[i] = 1
			}
		} else {
			g.Composite[i] = math.NaN()
		}
	}
	switch {
	case g.N == 0:
		return nil, "", fmt.Errorf("--best %q: column %q has no values", spec, c.Name)
	case g.B == 0:
		return nil, "", fmt.Errorf("--best %q: no row is a best customer under that rule", spec)
	case g.B == g.N:
		return nil, "", fmt.Errorf("--best %q: every row is a best customer under that rule; nothing to compare", spec)
	}
	g.Threshold = 1
	return g, rule, nil
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
