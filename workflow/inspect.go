package workflow

import (
	"context"
	"math"
	"sort"
	"time"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
	"github.com/icp-dev/icp/source"
)

// InspectOptions are the inputs of Inspect.
type InspectOptions struct {
	Env
	Files []string
	// Sample, when above 0, describes a keyed sample of about this many rows of each
	// database input instead of every row (see Input.Sample).
	Sample int
}

// Inspect loads each file and describes how it would be read and used: per column its
// kind, role (id, outcome, attribute, or excluded and why), missing share, distinct
// values, top values or range, and the notes and problems the loader found.
func Inspect(ctx context.Context, opt InspectOptions) ([]report.InspectFile, error) {
	var files []report.InspectFile
	for _, path := range opt.Files {
		lo := dataset.Options{KeepTextOf: keyHeaders}
		var t *dataset.Table
		var sampled *source.Sampled
		var err error
		if opt.Sample > 0 {
			t, sampled, err = opt.loadSample(ctx, Input{File: path, Sample: opt.Sample}, "", lo)
		} else {
			t, err = opt.load(ctx, path, lo)
		}
		if err != nil {
			return nil, err
		}
		f := inspectTable(t)
		if sampled != nil && sampled.Below != "" {
			f.Sample = &profile.SourceSample{Of: sampled.Of, Key: sampled.Key, Below: sampled.Below}
		}
		files = append(files, f)
	}
	return files, nil
}

// inspectTable describes a loaded table.
func inspectTable(t *dataset.Table) report.InspectFile {
	f := report.InspectFile{Path: t.Path, SHA256: t.SHA256, Rows: t.Rows, Delimiter: string(t.Delimiter), Encoding: t.Encoding,
		Problems: append([]string{}, t.Problems...)}
	if t.Format != "" { // typed source: no delimiter; the format instead of an encoding
		f.Delimiter, f.Encoding = "", t.Format
	}
	roles, _, err := analysis.DetectRoles(t, analysis.Roles{}, false)
	if err != nil {
		f.Problems = append(f.Problems, err.Error())
	}
	excluded := map[string]string{}
	if err != nil {
		// Without outcomes, the columns derive would leave out whatever they are.
		for _, e := range analysis.Exclusions(t, roles, nil) {
			excluded[e.Column] = e.Reason
		}
	} else {
		// What derive would warn about or leave out (duplicates, total rows, implausible
		// outcomes, post-sale and identifier columns); conflicting duplicates are a
		// problem here rather than an error.
		if h, herr := checkInput(t, roles, nil, nil, "", true, true); herr != nil {
			f.Problems = append(f.Problems, herr.Error())
		} else {
			f.Problems = append(f.Problems, h.warnings...)
			for _, a := range h.excluded {
				excluded[a.Column] = a.Reason
			}
		}
	}
	outcomeOf := map[string]string{}
	for _, o := range analysis.OutcomeNames() {
		if n := roles.Outcome(o); n != "" {
			outcomeOf[n] = o
		}
	}
	for _, c := range t.Columns {
		ic := report.InspectColumn{Name: c.Name, Kind: c.Kind.String(), Missing: c.MissingCount, Notes: append([]string{}, c.Notes...)}
		if t.Rows > 0 {
			ic.MissingShare = float64(c.MissingCount) / float64(t.Rows)
		}
		switch {
		case c.Name == roles.ID:
			ic.Role = "id"
		case outcomeOf[c.Name] != "":
			ic.Role, ic.Outcome = "outcome", outcomeOf[c.Name]
		case excluded[c.Name] != "":
			ic.Role, ic.Reason = "excluded", excluded[c.Name]
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
func describeValues(c *dataset.Column, ic *report.InspectColumn) {
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
			ic.Top = append(ic.Top, report.ValueCount{Value: c.Display[l], Count: c.Counts[l]})
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
				ic.Top = append(ic.Top, report.ValueCount{Value: []string{"false", "true"}[b], Count: n[b]})
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
