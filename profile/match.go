package profile

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/dataset"
)

// MatchNumber reports whether x lies in the condition's range [Min, Max). NaN (a
// missing value) never matches. It is false for conditions that are not ranges.
func (c Condition) MatchNumber(x float64) bool {
	if c.Op != OpRange || math.IsNaN(x) {
		return false
	}
	if c.Min != nil && x < *c.Min {
		return false
	}
	if c.Max != nil && x >= *c.Max {
		return false
	}
	return true
}

// MatchValue reports whether a folded value (see dataset.FoldCategory) is one of the
// condition's values. It is false for range conditions.
func (c Condition) MatchValue(folded string) bool {
	if c.Op != OpIn && c.Op != OpHas {
		return false
	}
	return slices.Contains(c.Values, folded)
}

// MatchRaw matches one cell as written in a file. The second result is false when the
// cell is missing (or, for a range, not a number), in which case the first is false too.
// Booleans match by meaning: a condition on "true" matches "Yes", "1" and "TRUE".
func (c Condition) MatchRaw(cell string) (match, present bool) {
	if dataset.IsMissing(cell) {
		return false, false
	}
	switch c.Op {
	case OpRange:
		x, ok := dataset.ParseNumber(cell)
		if !ok {
			return false, false
		}
		return c.MatchNumber(x), true
	case OpIn:
		if c.MatchValue(dataset.FoldCategory(cell)) {
			return true, true
		}
		if b, ok := dataset.ParseBool(cell); ok {
			return c.MatchValue(boolLevel(b)), true
		}
		return false, true
	case OpHas:
		items := dataset.SplitMulti(cell)
		if len(items) == 0 {
			return false, false
		}
		for _, it := range items {
			if c.MatchValue(it) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

// BoolLevel is the folded value under which a boolean attribute's values appear in
// conditions: "true" or "false".
func BoolLevel(b bool) string { return boolLevel(b) }

func boolLevel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// Score is the 0–100 fit score of a record: base (Scoring.Base) plus the points of
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
// (Tier.Segment) holds for a record in the sweet spot (see Profile.SweetSpot) whose
// score reaches its Min; a score tier holds for a score that reaches its Min.
func (s Scoring) Tier(score int, sweetSpot, disqualified bool) string {
	if disqualified {
		return Disqualified
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

// TierNames lists the tiers in order followed by Disqualified.
func (s Scoring) TierNames() []string {
	names := make([]string, 0, len(s.Tiers)+1)
	for _, t := range s.Tiers {
		names = append(names, t.Name)
	}
	return append(names, Disqualified)
}

// SegmentTier returns the sweet-spot tier, or nil when the profile has none.
func (s Scoring) SegmentTier() *Tier {
	if len(s.Tiers) > 0 && s.Tiers[0].Segment {
		return &s.Tiers[0]
	}
	return nil
}

// Points returns each criterion's points in the fit score, in order. For a version-2
// profile they are the points written; for a version-1 profile each weight scaled so
// that all weights sum to 100 (all zero when they sum to zero).
func (p *Profile) Points() []float64 {
	pts := make([]float64, len(p.Criteria))
	if p.Schema == 1 {
		var tot float64
		for _, c := range p.Criteria {
			tot += c.Weight
		}
		if tot > 0 {
			for i, c := range p.Criteria {
				pts[i] = 100 * c.Weight / tot
			}
		}
		return pts
	}
	for i, c := range p.Criteria {
		pts[i] = float64(c.Points)
	}
	return pts
}

// NegativePoints returns each negative trait's points (zero or negative), in order.
func (p *Profile) NegativePoints() []float64 {
	pts := make([]float64, len(p.NegativeTraits))
	for i, c := range p.NegativeTraits {
		pts[i] = float64(c.Points)
	}
	return pts
}

// HasSegment reports whether any criterion is part of the sweet spot.
func (p *Profile) HasSegment() bool {
	return slices.ContainsFunc(p.Criteria, func(c Criterion) bool { return c.Segment })
}

// SweetSpot reports whether a record is in the sweet spot: it matches every segment
// criterion (matched is per criterion) and no negative trait (negMatched is per
// negative trait). A profile without segment criteria has no sweet spot.
func (p *Profile) SweetSpot(matched, negMatched []bool) bool {
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
func (p *Profile) fit(points, neg []float64, r *Result) {
	r.Score = Score(float64(p.Scoring.Base), points, r.Matched, neg, r.Negative)
	r.SweetSpot = p.SweetSpot(r.Matched, r.Negative)
	r.Tier = p.Scoring.Tier(r.Score, r.SweetSpot, slices.Contains(r.Disqualified, true))
}

// Matcher scores records laid out as a CSV header describes. Build it with Compile.
type Matcher struct {
	p      *Profile
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
func (p *Profile) newResult() Result {
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
func (p *Profile) Compile(header []string) (*Matcher, error) {
	m := &Matcher{p: p, points: p.Points(), neg: p.NegativePoints()}
	var errs []string
	find := func(attr string) int {
		if i := slices.Index(header, attr); i >= 0 {
			return i
		}
		key := dataset.HeaderKey(attr)
		for i, h := range header {
			if dataset.HeaderKey(h) == key {
				return i
			}
		}
		msg := fmt.Sprintf("column %q used by the profile is not in the file", attr)
		if near := Closest(attr, header); near != "" {
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
		return nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return m, nil
}

// Score matches one record. The returned slices are freshly allocated.
func (m *Matcher) Score(rec []string) Result {
	r := m.p.newResult()
	m.ScoreInto(rec, &r)
	return r
}

// ScoreInto is Score reusing r's slices (they must have the lengths Score gives).
func (m *Matcher) ScoreInto(rec []string, r *Result) {
	cell := func(col int) string {
		if col < len(rec) {
			return rec[col]
		}
		return ""
	}
	for i, col := range m.crit {
		ok, present := m.p.Criteria[i].MatchRaw(cell(col))
		r.Matched[i], r.Missing[i] = ok, !present
	}
	for i, col := range m.negc {
		r.Negative[i], _ = m.p.NegativeTraits[i].MatchRaw(cell(col))
	}
	for i, col := range m.disq {
		r.Disqualified[i], _ = m.p.Disqualifiers[i].MatchRaw(cell(col))
	}
	m.p.fit(m.points, m.neg, r)
}

// Reasons explains a result in one line, grouped:
// "matched: Industry: SaaS & Uses Snowflake; missed: Employees: 200 to 2,000;
// blank: Region: EMEA; lowered by: Funding stage: Seed; disqualified by:
// Business model: B2C", in the profile's labels and spellings (see Describe). Groups that are empty are left out. The text never starts
// with a character a spreadsheet would take for a formula.
func (m *Matcher) Reasons(r Result) string {
	return Reasons(m.p, r)
}

// Reasons explains a result of p; see Matcher.Reasons.
func Reasons(p *Profile, r Result) string {
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

// Closest returns the candidate that name abbreviates (or that abbreviates name),
// else the candidate nearest by edit distance on folded headers, or "" when nothing is
// reasonably close.
func Closest(name string, candidates []string) string {
	key := dataset.HeaderKey(name)
	if len(key) >= 3 {
		for _, c := range candidates {
			if k := dataset.HeaderKey(c); k != key && (strings.HasPrefix(k, key) || strings.HasPrefix(key, k) && len(k) >= 3) {
				return c
			}
		}
	}
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := editDistance(key, dataset.HeaderKey(c))
		if d < bestD {
			best, bestD = c, d
		}
	}
	if bestD > max(2, len(key)/2) {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
