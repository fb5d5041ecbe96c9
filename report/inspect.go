package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/icp-dev/icp/profile"
)

// InspectFile is what `icp inspect` reports about one file (also its JSON form).
type InspectFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Rows   int    `json:"rows"`
	// Sample says which rows of a database table were read with --sample (absent when
	// all were).
	Sample    *profile.SourceSample `json:"sample,omitempty"`
	Delimiter string                `json:"delimiter"`
	Encoding  string                `json:"encoding"`
	Columns   []InspectColumn       `json:"columns"`
	Problems  []string              `json:"problems"`
}

// InspectColumn describes one column. Min, Median and Max are numbers (float64) for
// numeric columns and YYYY-MM-DD strings for dates; Top holds the most common values of
// categorical, multi-valued and boolean columns; Distinct is nil for text columns, whose
// values the loader does not keep.
type InspectColumn struct {
	Name         string       `json:"name"`
	Kind         string       `json:"kind"`
	Role         string       `json:"role"`              // id, outcome, attribute or excluded
	Outcome      string       `json:"outcome,omitempty"` // ltv, cycle, churn or nps
	Reason       string       `json:"reason,omitempty"`  // why excluded
	Missing      int          `json:"missing"`
	MissingShare float64      `json:"missing_share"`
	Distinct     *int         `json:"distinct"`
	Top          []ValueCount `json:"top,omitempty"`
	Min          any          `json:"min,omitempty"`
	Median       any          `json:"median,omitempty"`
	Max          any          `json:"max,omitempty"`
	Notes        []string     `json:"notes"`
}

// ValueCount is a value and the rows holding it.
type ValueCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// InspectJSON writes the files as one indented JSON object {"files": [...]}.
func InspectJSON(w io.Writer, files []InspectFile) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Files []InspectFile `json:"files"`
	}{files})
}

// InspectText writes each file's description as terminal tables, a blank line between
// files.
func InspectText(w io.Writer, files []InspectFile) error {
	for i, f := range files {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if err := inspectText(w, f); err != nil {
			return err
		}
	}
	return nil
}

func inspectText(w io.Writer, f InspectFile) error {
	ew := &errWriter{w: w}
	ew.printf("%s: %s rows, %d columns, delimiter %q, %s, sha256 %s\n", f.Path, count(f.Rows), len(f.Columns), f.Delimiter, f.Encoding, f.SHA256)
	if f.Sample != nil {
		ew.printf("The rows are %s (--sample): counts and shares are the sample's.\n", f.Sample)
	}
	t := newTable(ew, "Column", "Kind", "Role", "Missing", "Distinct", "Values")
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
			distinct = count(*c.Distinct)
		}
		if err := t.Append([]string{clip(c.Name, 24), c.Kind, role, missingText(c), distinct, clip(valuesText(c), 40)}); err != nil {
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
	case strings.HasPrefix(r, "an amount accumulated after the sale"):
		return "an amount accumulated after the sale"
	case strings.HasPrefix(r, "a lifecycle status"):
		return "a lifecycle status (leakage)"
	}
	return r
}

// missingText is the missing share: "4.5%", "<0.1%" when tiny but not zero.
func missingText(c InspectColumn) string {
	p := 100 * c.MissingShare
	switch {
	case c.Missing == 0:
		return "0"
	case p < 0.1:
		return "<0.1%"
	}
	return fmt.Sprintf("%.1f%%", p)
}

// valuesText is the top values with their counts, or min / median / max.
func valuesText(c InspectColumn) string {
	if len(c.Top) > 0 {
		parts := make([]string, len(c.Top))
		for i, v := range c.Top {
			parts[i] = fmt.Sprintf("%s %s", v.Value, count(v.Count))
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
