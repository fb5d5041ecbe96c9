package scoring

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// Score is the 0–100 fit score of a record: base (profile.Scoring.Base) plus the points of
// the criteria it matches (flagged in matched) plus the points, negative, of the
// negative traits it matches (flagged in negMatched), rounded half away from zero and
// clamped to 0–100. With no criteria and base 0 the score is 0. Every scorer (Matcher, ScoreCSV, ScoreTable) and the
// derivation itself score through it.
func Score(base float64, points []float64, matched []bool, negPoints []float64, negMatched []bool) int {
	s := base
	for i, p := range points {
		if matched[i] {
			s += p
		}
	}
	for i, p := range negPoints {
		if negMatched[i] {
			s += p
		}
	}
	if s != s {
		return 0
	}
	// Version-1 weights scaled to points are fractions: drop the float noise of their
	// sum so that a record scores exactly as 100 × matched weight / total weight did.
	s = math.Round(math.Round(s*1e6) / 1e6)
	return int(math.Max(0, math.Min(100, s)))
}

// Tier returns the tier of a record: Disqualified when disqualified, else the first
// tier (in listed order) whose rule holds, else the last tier. A sweet-spot tier
// (Tier.Segment) holds for a record in the sweet spot (see SweetSpot) whose
// score reaches its Min; a score tier holds for a score that reaches its Min.
func Tier(s profile.Scoring, score int, sweetSpot, disqualified bool) string {
	if disqualified {
		return profile.Disqualified
	}
	for _, t := range s.Tiers {
		if t.Segment && !sweetSpot {
			continue
		}
		if float64(score) >= t.Min {
			return t.Name
		}
	}
	if len(s.Tiers) == 0 {
		return ""
	}
	return s.Tiers[len(s.Tiers)-1].Name
}

// SweetSpot reports whether a record is in the sweet spot: it matches every segment
// criterion (matched is per criterion) and no negative trait (negMatched is per
// negative trait). A profile without segment criteria has no sweet spot.
func SweetSpot(p *profile.Profile, matched, negMatched []bool) bool {
	any := false
	for i, c := range p.Criteria {
		if c.Segment {
			if !matched[i] {
				return false
			}
			any = true
		}
	}
	return any && !slices.Contains(negMatched, true)
}

// fit sets r's score, sweet-spot flag and tier from its match flags.
func fit(p *profile.Profile, points, neg []float64, r *Result) {
	r.Score = Score(float64(p.Scoring.Base), points, r.Matched, neg, r.Negative)
	r.SweetSpot = SweetSpot(p, r.Matched, r.Negative)
	r.Tier = Tier(p.Scoring, r.Score, r.SweetSpot, slices.Contains(r.Disqualified, true))
}

// Matcher scores records laid out as a CSV header describes. Build it with Compile.
type Matcher struct {
	p      *profile.Profile
	points []float64 // per criterion
	neg    []float64 // per negative trait
	crit   []int     // column index per criterion
	negc   []int     // column index per negative trait
	disq   []int     // column index per disqualifier
}

// Result is one record's fit.
type Result struct {
	Score        int
	Tier         string
	SweetSpot    bool   // matches every segment criterion and no negative trait
	Matched      []bool // per criterion
	Missing      []bool // per criterion: the record had no usable value
	Negative     []bool // per negative trait: matched
	Disqualified []bool // per disqualifier
}

// newResult allocates a Result with the slice lengths the profile needs.
func newResult(p *profile.Profile) Result {
	return Result{
		Matched:      make([]bool, len(p.Criteria)),
		Missing:      make([]bool, len(p.Criteria)),
		Negative:     make([]bool, len(p.NegativeTraits)),
		Disqualified: make([]bool, len(p.Disqualifiers)),
	}
}

// Compile resolves the profile's attributes against a header (exact name first, then
// ignoring case, spaces and punctuation). An attribute that is not in the header is an
// error naming the closest header.
func Compile(p *profile.Profile, header []string) (*Matcher, error) {
	m, _, err := compile(p, header, false)
	return m, err
}

// compile is Compile; with absentBlank an attribute that is not in the header is read
// as blank in every record instead, and returned among absent.
func compile(p *profile.Profile, header []string, absentBlank bool) (*Matcher, []string, error) {
	m := &Matcher{p: p, points: p.Points(), neg: p.NegativePoints()}
	var absent []string
	var errs []string
	find := func(attr string) int {
		if i := slices.Index(header, attr); i >= 0 {
			return i
		}
		key := profile.AttributeKey(attr)
		for i, h := range header {
			if profile.AttributeKey(h) == key {
				return i
			}
		}
		if absentBlank {
			if !slices.Contains(absent, attr) {
				absent = append(absent, attr)
			}
			return -1
		}
		msg := fmt.Sprintf("column %q used by the profile is not in the file", attr)
		if near := dataset.Closest(attr, header); near != "" {
			msg += fmt.Sprintf(" (closest header: %q)", near)
		}
		if !slices.Contains(errs, msg) {
			errs = append(errs, msg)
		}
		return -1
	}
	for _, c := range p.Criteria {
		m.crit = append(m.crit, find(c.Attribute))
	}
	for _, c := range p.NegativeTraits {
		m.negc = append(m.negc, find(c.Attribute))
	}
	for _, d := range p.Disqualifiers {
		m.disq = append(m.disq, find(d.Attribute))
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%s; add the columns (blank is fine), or score them as blank with --absent-as-blank", strings.Join(errs, "; "))
	}
	return m, absent, nil
}

// Score matches one record. The returned slices are freshly allocated.
func (m *Matcher) Score(rec []string) Result {
	r := newResult(m.p)
	m.ScoreInto(rec, &r)
	return r
}

// ScoreInto is Score reusing r's slices (they must have the lengths Score gives).
func (m *Matcher) ScoreInto(rec []string, r *Result) {
	cell := func(col int) string {
		if col >= 0 && col < len(rec) {
			return rec[col]
		}
		return ""
	}
	for i, col := range m.crit {
		ok, present := MatchRaw(m.p.Criteria[i].Condition, cell(col))
		r.Matched[i], r.Missing[i] = ok, !present
	}
	for i, col := range m.negc {
		r.Negative[i], _ = MatchRaw(m.p.NegativeTraits[i].Condition, cell(col))
	}
	for i, col := range m.disq {
		r.Disqualified[i], _ = MatchRaw(m.p.Disqualifiers[i].Condition, cell(col))
	}
	fit(m.p, m.points, m.neg, r)
}

// Reasons explains a result in one line, grouped:
// "matched: Industry: SaaS & Uses Snowflake; missed: Employees: 200 to 2,000;
// blank: Region: EMEA; lowered by: Funding stage: Seed; disqualified by:
// Business model: B2C", in the profile's labels and spellings (see profile.Profile.Describe). Groups that are empty are left out. The text never starts
// with a character a spreadsheet would take for a formula.
func (m *Matcher) Reasons(r Result) string {
	return Reasons(m.p, r)
}

// Reasons explains a result of p; see Matcher.Reasons.
func Reasons(p *profile.Profile, r Result) string {
	var groups [5][]string
	for i, c := range p.Criteria {
		switch {
		case r.Matched[i]:
			groups[0] = append(groups[0], p.Describe(c.Condition))
		case r.Missing[i]:
			groups[2] = append(groups[2], p.Describe(c.Condition))
		default:
			groups[1] = append(groups[1], p.Describe(c.Condition))
		}
	}
	for i, c := range p.NegativeTraits {
		if i < len(r.Negative) && r.Negative[i] {
			groups[3] = append(groups[3], p.Describe(c.Condition))
		}
	}
	for i, d := range p.Disqualifiers {
		if r.Disqualified[i] {
			groups[4] = append(groups[4], p.Describe(d.Condition))
		}
	}
	labels := [5]string{"matched: ", "missed: ", "blank: ", "lowered by: ", "disqualified by: "}
	var b strings.Builder
	for g, items := range groups {
		if len(items) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(labels[g])
		b.WriteString(strings.Join(items, " & "))
	}
	return b.String()
}

// ScoreTable scores every row of a loaded table. A profile attribute missing from the
// table, or held there as free text whose values were not kept, is an error.
func ScoreTable(p *profile.Profile, t *dataset.Table) ([]Result, error) {
	resolve := func(cs []profile.Criterion) ([]*dataset.Column, []string) {
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
				if near := dataset.Closest(c.Attribute, headers); near != "" {
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
		r := newResult(p)
		for j, col := range cc {
			if col.Kind == dataset.Empty {
				r.Missing[j] = true
				continue
			}
			m, present := MatchColumn(p.Criteria[j].Condition, col, i)
			r.Matched[j], r.Missing[j] = m, !present
		}
		for j, col := range nc {
			if col.Kind != dataset.Empty {
				r.Negative[j], _ = MatchColumn(p.NegativeTraits[j].Condition, col, i)
			}
		}
		for j, col := range dc {
			if col.Kind != dataset.Empty {
				r.Disqualified[j], _ = MatchColumn(p.Disqualifiers[j].Condition, col, i)
			}
		}
		fit(p, points, neg, &r)
		out[i] = r
	}
	return out, nil
}
