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

// FitScore is the 0–100 fit score of a record that matches the criteria flagged in
// matched: 100 × matched weight / total weight, rounded half away from zero. With no
// criteria (or zero total weight) the score is 0.
func FitScore(weights []float64, matched []bool) int {
	var tot, got float64
	for i, w := range weights {
		tot += w
		if matched[i] {
			got += w
		}
	}
	if tot <= 0 {
		return 0
	}
	return int(math.Round(100 * got / tot))
}

// Tier returns the tier of a score: Disqualified when disqualified, else the first tier
// (in listed order) whose Min the score reaches, else the last tier.
func (s Scoring) Tier(score int, disqualified bool) string {
	if disqualified {
		return Disqualified
	}
	for _, t := range s.Tiers {
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

// Weights returns the criteria weights in order.
func (p *Profile) Weights() []float64 {
	w := make([]float64, len(p.Criteria))
	for i, c := range p.Criteria {
		w[i] = c.Weight
	}
	return w
}

// Matcher scores records laid out as a CSV header describes. Build it with Compile.
type Matcher struct {
	p       *Profile
	weights []float64
	crit    []int // column index per criterion
	disq    []int // column index per disqualifier
}

// Result is one record's fit.
type Result struct {
	Score        int
	Tier         string
	Matched      []bool // per criterion
	Missing      []bool // per criterion: the record had no usable value
	Disqualified []bool // per disqualifier
}

// Compile resolves the profile's attributes against a header (exact name first, then
// ignoring case, spaces and punctuation). An attribute that is not in the header is an
// error naming the closest header.
func (p *Profile) Compile(header []string) (*Matcher, error) {
	m := &Matcher{p: p, weights: p.Weights()}
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
		errs = append(errs, msg)
		return -1
	}
	for _, c := range p.Criteria {
		m.crit = append(m.crit, find(c.Attribute))
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
	r := Result{
		Matched:      make([]bool, len(m.crit)),
		Missing:      make([]bool, len(m.crit)),
		Disqualified: make([]bool, len(m.disq)),
	}
	m.ScoreInto(rec, &r)
	return r
}

// ScoreInto is Score reusing r's slices (they must have the lengths Score gives).
func (m *Matcher) ScoreInto(rec []string, r *Result) {
	anyDisq := false
	for i, col := range m.crit {
		cell := ""
		if col < len(rec) {
			cell = rec[col]
		}
		ok, present := m.p.Criteria[i].MatchRaw(cell)
		r.Matched[i], r.Missing[i] = ok, !present
	}
	for i, col := range m.disq {
		cell := ""
		if col < len(rec) {
			cell = rec[col]
		}
		ok, _ := m.p.Disqualifiers[i].MatchRaw(cell)
		r.Disqualified[i] = ok
		anyDisq = anyDisq || ok
	}
	r.Score = FitScore(m.weights, r.Matched)
	r.Tier = m.p.Scoring.Tier(r.Score, anyDisq)
}

// Reasons explains a result in one line, grouped:
// "matched: industry in {saas} & tech_stack has snowflake; missed: employees 200–2,000;
// blank: region in {emea}; disqualified by: business_model in {b2c}". Groups that are
// empty are left out. The text never starts with a character a spreadsheet would take
// for a formula.
func (m *Matcher) Reasons(r Result) string {
	return Reasons(m.p, r.Matched, r.Missing, r.Disqualified)
}

// Reasons explains a match pattern; see Matcher.Reasons.
func Reasons(p *Profile, matched, missing, disq []bool) string {
	var groups [4][]string
	for i, c := range p.Criteria {
		switch {
		case matched[i]:
			groups[0] = append(groups[0], c.String())
		case missing[i]:
			groups[2] = append(groups[2], c.String())
		default:
			groups[1] = append(groups[1], c.String())
		}
	}
	for i, d := range p.Disqualifiers {
		if disq[i] {
			groups[3] = append(groups[3], d.String())
		}
	}
	labels := [4]string{"matched: ", "missed: ", "blank: ", "disqualified by: "}
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
