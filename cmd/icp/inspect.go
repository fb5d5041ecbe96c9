package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// inspectOptions are the flags of `icp inspect`.
type inspectOptions struct {
	format string
	quiet  bool
}

func (o *inspectOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output on stdout: text or json")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress on stderr")
}

// inspectFile is what `icp inspect` reports about one file (the JSON form).
type inspectFile struct {
	Path      string          `json:"path"`
	SHA256    string          `json:"sha256"`
	Rows      int             `json:"rows"`
	Delimiter string          `json:"delimiter"`
	Encoding  string          `json:"encoding"`
	Columns   []inspectColumn `json:"columns"`
	Problems  []string        `json:"problems"`
}

// inspectColumn describes one column. Min, Median and Max are numbers for numeric
// columns and YYYY-MM-DD strings for dates; Top holds the most common values of
// categorical, multi-valued and boolean columns; Distinct is null for text columns,
// whose values the loader does not keep.
type inspectColumn struct {
	Name         string       `json:"name"`
	Kind         string       `json:"kind"`
	Role         string       `json:"role"`              // id, outcome, attribute or excluded
	Outcome      string       `json:"outcome,omitempty"` // ltv, cycle, churn or nps
	Reason       string       `json:"reason,omitempty"`  // why excluded
	Missing      int          `json:"missing"`
	MissingShare float64      `json:"missing_share"`
	Distinct     *int         `json:"distinct"`
	Top          []valueCount `json:"top,omitempty"`
	Min          any          `json:"min,omitempty"`
	Median       any          `json:"median,omitempty"`
	Max          any          `json:"max,omitempty"`
	Notes        []string     `json:"notes"`
}

type valueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

func runInspect(ctx context.Context, args []string, e env) error {
	var o inspectOptions
	fs := newFlagSet("icp inspect FILE... [--format text|json]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("need at least one file to inspect")
	}
	if o.format != "text" && o.format != "json" {
		return usagef("--format %q: use text or json", o.format)
	}
	prog := newProgress(e, o.quiet)
	defer prog.Done()
	var files []inspectFile
	for _, path := range fs.Args() {
		t, err := dataset.Load(path, dataset.Options{Progress: func(n int) { prog.Rows(path, n) }})
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		files = append(files, inspectTable(t))
	}
	prog.Done()
	if o.format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Files []inspectFile `json:"files"`
		}{files})
	}
	for i, f := range files {
		if i > 0 {
			if _, err := fmt.Fprintln(e.stdout); err != nil {
				return err
			}
		}
		if err := renderInspect(e.stdout, f); err != nil {
			return err
		}
	}
	return nil
}

// inspectTable describes a loaded table: per column its kind, role, missing share,
// distinct values, top values or range, and notes.
func inspectTable(t *dataset.Table) inspectFile {
	f := inspectFile{Path: t.Path, SHA256: t.SHA256, Rows: t.Rows, Delimiter: string(t.Delimiter), Encoding: t.Encoding,
		Problems: append([]string{}, t.Problems...)}
	roles, _, err := analysis.DetectRoles(t, analysis.Roles{}, false)
	if err != nil {
		f.Problems = append(f.Problems, err.Error())
	}
	outcomeOf := map[string]string{}
	for _, o := range analysis.OutcomeNames() {
		if n := roles.Outcome(o); n != "" {
			outcomeOf[n] = o
		}
	}
	for _, c := range t.Columns {
		ic := inspectColumn{Name: c.Name, Kind: c.Kind.String(), Missing: c.MissingCount, Notes: append([]string{}, c.Notes...)}
		if t.Rows > 0 {
			ic.MissingShare = float64(c.MissingCount) / float64(t.Rows)
		}
		switch {
		case c.Name == roles.ID:
			ic.Role = "id"
		case outcomeOf[c.Name] != "":
			ic.Role, ic.Outcome = "outcome", outcomeOf[c.Name]
		default:
			if why := analysis.AttributeExclusion(c, roles); why != "" {
				ic.Role, ic.Reason = "excluded", why
			} else {
				ic.Role = "attribute"
			}
		}
		describeValues(c, &ic)
		f.Columns = append(f.Columns, ic)
	}
	return f
}

// describeValues fills the distinct count and the top values or range of a column.
func describeValues(c *dataset.Column, ic *inspectColumn) {
	distinct := func(n int) { ic.Distinct = &n }
	switch c.Kind {
	case dataset.Categorical, dataset.Multi:
		distinct(len(c.Levels))
		order := make([]int, len(c.Levels))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool {
			if c.Counts[order[a]] != c.Counts[order[b]] {
				return c.Counts[order[a]] > c.Counts[order[b]]
			}
			return c.Levels[order[a]] < c.Levels[order[b]]
		})
		for _, l := range order[:min(3, len(order))] {
			ic.Top = append(ic.Top, valueCount{c.Display[l], c.Counts[l]})
		}
	case dataset.Boolean:
		n := [2]int{}
		for _, v := range c.Num {
			if v == v {
				n[int(v)&1]++
			}
		}
		for _, b := range []int{1, 0} {
			if n[b] > 0 {
				ic.Top = append(ic.Top, valueCount{[]string{"false", "true"}[b], n[b]})
			}
		}
		if len(ic.Top) == 2 && ic.Top[1].Count > ic.Top[0].Count {
			ic.Top[0], ic.Top[1] = ic.Top[1], ic.Top[0]
		}
		distinct(len(ic.Top))
	case dataset.Numeric, dataset.Date:
		var xs []float64
		for _, v := range c.Num {
			if v == v {
				xs = append(xs, v)
			}
		}
		sort.Float64s(xs)
		d := 0
		for i, x := range xs {
			if i == 0 || x != xs[i-1] {
				d++
			}
		}
		distinct(d)
		if len(xs) == 0 {
			return
		}
		med := xs[len(xs)/2]
		if len(xs)%2 == 0 {
			med = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
		}
		if c.Kind == dataset.Date {
			ic.Min, ic.Median, ic.Max = isoDate(xs[0]), isoDate(math.Floor(med)), isoDate(xs[len(xs)-1])
		} else {
			ic.Min, ic.Median, ic.Max = xs[0], med, xs[len(xs)-1]
		}
	}
}

func isoDate(days float64) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format("2006-01-02")
}

// renderInspect writes one file's description as terminal tables.
func renderInspect(w io.Writer, f inspectFile) error {
	ew := &inspectWriter{w: w}
	ew.printf("%s: %s rows, %d columns, delimiter %q, %s, sha256 %s\n", f.Path, profile.FormatCount(f.Rows), len(f.Columns), f.Delimiter, f.Encoding, f.SHA256)
	t := report.NewTable(ew, "Column", "Kind", "Role", "Missing", "Distinct", "Values")
	for _, c := range f.Columns {
		role := c.Role
		switch c.Role {
		case "outcome":
			role = "outcome: " + c.Outcome
		case "excluded":
			role = "excluded: " + shortReason(c.Reason)
		}
		distinct := "–"
		if c.Distinct != nil {
			distinct = profile.FormatCount(*c.Distinct)
		}
		if err := t.Append([]string{clipText(c.Name, 24), c.Kind, role, missingText(c), distinct, clipText(valuesText(c), 40)}); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	var notes []string
	for _, c := range f.Columns {
		for _, n := range c.Notes {
			notes = append(notes, fmt.Sprintf("%s: %s", c.Name, n))
		}
	}
	if len(notes) > 0 {
		ew.printf("\nColumn notes\n")
		for _, n := range notes {
			ew.printf("  %s\n", n)
		}
	}
	if len(f.Problems) > 0 {
		ew.printf("\nProblems\n")
		for _, p := range f.Problems {
			ew.printf("  %s\n", p)
		}
	}
	return ew.err
}

// shortReason is the few words of an exclusion reason shown in the table.
func shortReason(r string) string {
	switch {
	case strings.HasPrefix(r, "identifier"):
		return "id/text"
	case strings.HasPrefix(r, "no information"):
		return "no information"
	case strings.HasPrefix(r, "date"):
		return "date"
	case strings.HasPrefix(r, "looks derived"):
		return "leakage"
	}
	return r
}

// missingText is the missing share: "4.5%", "<0.1%" when tiny but not zero.
func missingText(c inspectColumn) string {
	p := 100 * c.MissingShare
	switch {
	case c.Missing == 0:
		return "0"
	case p < 0.1:
		return "<0.1%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

func valuesText(c inspectColumn) string {
	if len(c.Top) > 0 {
		parts := make([]string, len(c.Top))
		for i, v := range c.Top {
			parts[i] = fmt.Sprintf("%s %s", v.Value, profile.FormatCount(v.Count))
		}
		return strings.Join(parts, ", ")
	}
	if c.Min == nil {
		return "–"
	}
	f := func(v any) string {
		if x, ok := v.(float64); ok {
			return profile.FormatNumber(x)
		}
		return fmt.Sprint(v)
	}
	return f(c.Min) + " / " + f(c.Median) + " / " + f(c.Max)
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

type inspectWriter struct {
	w   io.Writer
	err error
}

func (e *inspectWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *inspectWriter) printf(format string, a ...any) { fmt.Fprintf(e, format, a...) }
