package workflow

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// addWords writes into p the display labels of the columns the analysis used (outcomes
// and attributes; those p already has are kept, so a label edited in an earlier profile
// survives a compare) and the display spelling of every value its conditions name: the
// spelling most common in t.
func addWords(p *profile.Profile, res *analysis.Result, t *dataset.Table, keep map[string]string) {
	labels := map[string]string{}
	for _, o := range res.Outcomes {
		labels[o.Column] = profile.DefaultLabel(o.Column)
	}
	for _, a := range res.Attributes {
		if a.Used {
			labels[a.Column] = profile.DefaultLabel(a.Column)
		}
	}
	// The conditions the outputs name: those of the profile, the alternatives they
	// stand for, and the strongest condition of each attribute (terminal, report.html).
	var conds []profile.Condition
	for _, list := range [][]profile.Criterion{p.Criteria, p.NegativeTraits, p.Disqualifiers} {
		for _, c := range list {
			conds = append(conds, c.Condition)
		}
	}
	var named []*analysis.Stat
	for _, s := range slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers) {
		named = append(named, res.Alternatives[s]...)
	}
	named = append(named, res.StrongestPerAttribute()...)
	for _, s := range named {
		if s != nil {
			conds = append(conds, s.Condition)
		}
	}
	spell := map[string]map[string]string{}
	for _, c := range conds {
		if _, ok := labels[c.Attribute]; !ok {
			labels[c.Attribute] = profile.DefaultLabel(c.Attribute)
		}
		if c.Op == profile.OpRange {
			continue
		}
		col := t.Column(c.Attribute)
		if col == nil {
			continue
		}
		for _, v := range c.Values {
			for i, l := range col.Levels {
				if l == v && i < len(col.Display) && col.Display[i] != v {
					if spell[c.Attribute] == nil {
						spell[c.Attribute] = map[string]string{}
					}
					spell[c.Attribute][v] = col.Display[i]
				}
			}
		}
	}
	for k, v := range keep {
		if _, ok := labels[k]; ok {
			labels[k] = v
		}
	}
	if len(labels) > 0 {
		p.Labels = labels
	}
	if len(spell) > 0 {
		p.Spellings = spell
	}
}

// dataQuarter is the quarter the data describes: that of the latest date in a date
// column of t that is not after now (the tenure column first), else now's.
func dataQuarter(t *dataset.Table, tenure string, now time.Time) string {
	l := newLatestDay(now)
	if c := t.Column(tenure); tenure != "" && c != nil && c.Kind == dataset.Date {
		l.add(c.Num...)
	}
	if l.none() {
		for _, c := range t.Columns {
			if c.Kind == dataset.Date {
				l.add(c.Num...)
			}
		}
	}
	return l.quarter()
}

// dealsQuarter names the quarter of the latest date (created or closed) among deals, up
// to now: with accounts and deals the data is as recent as its deals, not as the
// accounts' own dates (a CRM record's create date). Now's quarter without dates.
func dealsQuarter(list []crm.Deal, now time.Time) string {
	l := newLatestDay(now)
	for _, d := range list {
		l.add(d.Created, d.Closed)
	}
	return l.quarter()
}

// latestDay keeps the latest of the days (since the epoch) added that is not after
// now, for naming the quarter a profile describes.
type latestDay struct {
	now        time.Time
	limit, day float64
}

func newLatestDay(now time.Time) *latestDay {
	return &latestDay{now: now, limit: float64(now.Unix() / 86400), day: math.Inf(-1)}
}

func (l *latestDay) add(days ...float64) {
	for _, d := range days {
		if !math.IsNaN(d) && d <= l.limit && d > l.day {
			l.day = d
		}
	}
}

func (l *latestDay) none() bool { return math.IsInf(l.day, -1) }

// quarter is "2026-Q4" for the latest day, or for now when none was added.
func (l *latestDay) quarter() string {
	when := l.now
	if !l.none() {
		when = time.Unix(int64(l.day)*86400, 0).UTC()
	}
	return fmt.Sprintf("%d-Q%d", when.Year(), (int(when.Month())+2)/3)
}

// distinctName returns name, or name with " (2)", " (3)", ... when it is taken.
func distinctName(name, taken string) string {
	if !strings.EqualFold(name, taken) {
		return name
	}
	base := name
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s (%d)", base, i); !strings.EqualFold(n, taken) {
			return n
		}
	}
}

// plainMessages rewrites the notes and warnings of res (and the profile's copy of the
// warnings) in the words every other output uses: a condition quoted as the analysis
// displays it ("MultipleLines = Yes") becomes the profile's description of it
// ("Multiple lines: Yes"), in the notes and warnings and in the conditions considered
// and left out. Column names stay as written (a data-quality note names the column to
// fix in the file). Only the wording changes.
func plainMessages(p *profile.Profile, res *analysis.Result) {
	var pairs []string
	seen := map[string]bool{}
	add := func(from, to string) {
		if from != to && !seen[from] {
			seen[from] = true
			pairs = append(pairs, from, to)
		}
	}
	var stats []*analysis.Stat
	stats = append(stats, res.Criteria...)
	stats = append(stats, res.NegativeTraits...)
	stats = append(stats, res.Disqualifiers...)
	if res.Segment != nil {
		stats = append(stats, res.Segment.Parts...)
	}
	for _, s := range stats {
		if s != nil && s.Display != "" && s.Kind != analysis.KindMissing {
			add(`"`+s.Display+`"`, `"`+p.Describe(s.Condition)+`"`)
		}
	}
	r := strings.NewReplacer(pairs...)
	for i, w := range res.Warnings {
		res.Warnings[i] = r.Replace(w)
	}
	for i, n := range res.Notes {
		res.Notes[i] = r.Replace(n)
		// The tenure note names its column by label ("tenure from the Signup date column");
		// notes about the data's quality keep the column as written, to fix it there.
		for _, head := range []string{"tenure from ", "tenure in months from "} {
			if rest, ok := strings.CutPrefix(res.Notes[i], head+`"`); ok {
				if col, tail, ok := strings.Cut(rest, `"`); ok {
					res.Notes[i] = head + "the " + p.Label(col) + " column" + tail
				}
			}
		}
	}
	p.Warnings = res.Warnings
	for i, d := range res.Dropped {
		for s := range res.Conditions() {
			if s != nil && s.Display != "" && s.Kind != analysis.KindMissing && strings.HasPrefix(d, s.Display+" (") {
				res.Dropped[i] = p.Describe(s.Condition) + d[len(s.Display):]
				break
			}
		}
	}
}
