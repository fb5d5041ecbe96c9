package profile

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
)

// Kinds of Change, from no change to the most visible.
const (
	// ChangeKept: same attribute and operator, same values or the very same bounds.
	ChangeKept = "kept"
	// ChangeRangeAdjusted: a range whose bounds moved a little (see RangeAdjusted); not
	// a material change.
	ChangeRangeAdjusted = "kept (range adjusted)"
	// ChangeRangeMoved: a range whose bounds moved materially.
	ChangeRangeMoved = "range moved"
	// ChangeValuesAdded / ChangeValuesRemoved: a value set (in, has) that gained or lost
	// values; a set that did both gives one change of each kind.
	ChangeValuesAdded   = "values added"
	ChangeValuesRemoved = "values removed"
	// ChangeDropped: in the old profile only. ChangeNew: in the new profile only.
	ChangeDropped = "dropped"
	ChangeNew     = "new"
	// ChangeJoinedSegment / ChangeLeftSegment: a criterion of both profiles that
	// became, or stopped being, part of the sweet spot (Criterion.Segment).
	ChangeJoinedSegment = "joined the sweet spot"
	ChangeLeftSegment   = "left the sweet spot"
)

// Sections of a profile a Change belongs to.
const (
	SectionCriteria       = "criteria"
	SectionNegativeTraits = "negative_traits"
	SectionDisqualifiers  = "disqualifiers"
)

// RangeIoUKept is the smallest overlap (intersection over union, see RangeIoU) at
// which two bounded ranges on the same attribute count as the same range, adjusted.
// Derived ranges are snapped to the 1–2–5 series, and one step on it (200 → 500,
// 2,000 → 5,000) on a range a decade wide gives an overlap of 0.6–0.77, so a move of a
// derived bound is always material; the tolerance absorbs hand edits and the finer
// cut points of narrow columns (e.g. years). For ranges open on one side the single
// bound may move by at most RangeShiftKept of its size.
const (
	RangeIoUKept   = 0.8
	RangeShiftKept = 0.1
)

// Change is one line of a profile diff: what became of one criterion (or
// disqualifier) of the old profile, or a criterion only the new profile has.
type Change struct {
	Kind    string     // one of the Change… constants
	Section string     // SectionCriteria, SectionNegativeTraits or SectionDisqualifiers
	Old     *Criterion // nil for ChangeNew
	New     *Criterion // nil for ChangeDropped
	// Values are the values added or removed (ChangeValuesAdded, ChangeValuesRemoved),
	// folded and sorted.
	Values []string
	// Text is the change in one line for people, e.g.
	// "criterion range moved: employees 200–2000 → 500–5000".
	Text string
}

// Material reports whether the change alters which records the profile favours or
// excludes: anything but kept and kept (range adjusted).
func (c Change) Material() bool {
	return c.Kind != ChangeKept && c.Kind != ChangeRangeAdjusted
}

// Material reports whether any change in the list is material.
func Material(changes []Change) bool {
	return slices.ContainsFunc(changes, Change.Material)
}

// MarshalJSON writes the change with the conditions, their points (criteria and
// negative traits; criteria also under "weight", as schema 1 called it) and sweet-spot
// flags only; the evidence stays in the profiles.
func (c Change) MarshalJSON() ([]byte, error) {
	type cond struct {
		Condition
		Display string   `json:"display"`
		Weight  *float64 `json:"weight,omitempty"`
		Points  *int     `json:"points,omitempty"`
		Segment bool     `json:"segment,omitempty"`
	}
	view := func(k *Criterion) *cond {
		if k == nil {
			return nil
		}
		v := &cond{Condition: k.Condition, Display: k.String(), Segment: k.Segment}
		switch c.Section {
		case SectionCriteria:
			w := k.Weight
			if w == 0 {
				w = float64(k.Points)
			}
			v.Weight = &w
			if k.Weight == 0 {
				pts := k.Points
				v.Points = &pts
			}
		case SectionNegativeTraits:
			pts := k.Points
			v.Points = &pts
		}
		return v
	}
	return json.Marshal(struct {
		Kind      string   `json:"kind"`
		Section   string   `json:"section"`
		Attribute string   `json:"attribute"`
		Material  bool     `json:"material"`
		Old       *cond    `json:"old"`
		New       *cond    `json:"new"`
		Values    []string `json:"values,omitempty"`
		Text      string   `json:"text"`
	}{c.Kind, c.Section, c.Attribute(), c.Material(), view(c.Old), view(c.New), c.Values, c.Text})
}

// Attribute is the attribute the change is about (as the newer profile spells it).
func (c Change) Attribute() string {
	if c.New != nil {
		return c.New.Attribute
	}
	if c.Old != nil {
		return c.Old.Attribute
	}
	return ""
}

// Diff compares two profiles criterion by criterion, then negative trait by negative
// trait, then disqualifier by disqualifier. A condition of the old profile is matched to one of the new profile on
// the same attribute (headers compared ignoring case and punctuation) with the same
// operator: identical ones first, then the most similar (RangeIoU for ranges, the
// Jaccard index of the value sets otherwise; the first in the new order on ties).
// Matched pairs are kept, kept (range adjusted), range moved, or values added and/or
// removed (value sets are compared as folded sets, so order and spelling do not
// count); unmatched old conditions are dropped and unmatched new ones are new. A
// matched pair of criteria of which one is part of the sweet spot and the other not
// also gives a ChangeJoinedSegment or ChangeLeftSegment (after its other changes); new
// and dropped criteria say in their text when they are sweet-spot parts. Weights,
// points and evidence are not compared: a re-derived profile always has fresh ones.
//
// Order: criteria, then negative traits, then disqualifiers; within each, the old
// profile's order (with values added before values removed), then the new conditions
// in the new profile's order.
func Diff(old, new *Profile) []Change {
	out := diffSection(SectionCriteria, old.Criteria, new.Criteria)
	out = append(out, diffSection(SectionNegativeTraits, old.NegativeTraits, new.NegativeTraits)...)
	return append(out, diffSection(SectionDisqualifiers, old.Disqualifiers, new.Disqualifiers)...)
}

// SectionNoun is how a change's text names a condition of the section: "criterion",
// "negative trait" or "disqualifier".
func SectionNoun(section string) string {
	switch section {
	case SectionDisqualifiers:
		return "disqualifier"
	case SectionNegativeTraits:
		return "negative trait"
	}
	return "criterion"
}

func diffSection(section string, olds, news []Criterion) []Change {
	noun := SectionNoun(section)
	spot := func(k *Criterion) string {
		if section == SectionCriteria && k.Segment {
			return " (sweet spot)"
		}
		return ""
	}
	match := pairs(olds, news)
	used := make([]bool, len(news))
	var out []Change
	for i := range olds {
		o := &olds[i]
		j := match[i]
		if j < 0 {
			out = append(out, Change{Kind: ChangeDropped, Section: section, Old: clone(o),
				Text: noun + " dropped: " + o.String() + spot(o)})
			continue
		}
		used[j] = true
		n := &news[j]
		out = append(out, compare(section, noun, o, n)...)
		if section == SectionCriteria && o.Segment != n.Segment {
			ch := Change{Kind: ChangeJoinedSegment, Section: section, Old: clone(o), New: clone(n),
				Text: noun + " joined the sweet spot: " + n.String()}
			if o.Segment {
				ch.Kind, ch.Text = ChangeLeftSegment, noun+" left the sweet spot: "+n.String()
			}
			out = append(out, ch)
		}
	}
	for j := range news {
		if !used[j] {
			n := &news[j]
			out = append(out, Change{Kind: ChangeNew, Section: section, New: clone(n),
				Text: noun + " new: " + n.String() + spot(n)})
		}
	}
	return out
}

// pairs matches old conditions to new ones on the same attribute and operator: first
// identical ones, then, in the old order, the most similar unused one (first on ties).
// The result holds, per old condition, the index of its new one or -1.
func pairs(olds, news []Criterion) []int {
	match := make([]int, len(olds))
	used := make([]bool, len(news))
	for i := range olds {
		match[i] = -1
		for j := range news {
			if !used[j] && sameTarget(olds[i].Condition, news[j].Condition) && sameCondition(olds[i].Condition, news[j].Condition) {
				match[i], used[j] = j, true
				break
			}
		}
	}
	for i := range olds {
		if match[i] >= 0 {
			continue
		}
		best, bestSim := -1, -1.0
		for j := range news {
			if used[j] || !sameTarget(olds[i].Condition, news[j].Condition) {
				continue
			}
			if s := similarity(olds[i].Condition, news[j].Condition); s > bestSim {
				best, bestSim = j, s
			}
		}
		if best >= 0 {
			match[i], used[best] = best, true
		}
	}
	return match
}

// similarity of two conditions on the same target: RangeIoU for ranges (0 when a side
// is open), the Jaccard index of the value sets otherwise.
func similarity(a, b Condition) float64 {
	if a.Op == OpRange {
		if s := RangeIoU(a, b); !math.IsNaN(s) {
			return s
		}
		return 0
	}
	av, bv := valueSet(a.Values), valueSet(b.Values)
	inter := 0
	for _, v := range av {
		if slices.Contains(bv, v) {
			inter++
		}
	}
	if union := len(av) + len(bv) - inter; union > 0 {
		return float64(inter) / float64(union)
	}
	return 1
}

func sameTarget(a, b Condition) bool {
	return a.Op == b.Op && (a.Attribute == b.Attribute || AttributeKey(a.Attribute) == AttributeKey(b.Attribute))
}

func sameCondition(a, b Condition) bool {
	if a.Op == OpRange {
		return sameBound(a.Min, b.Min) && sameBound(a.Max, b.Max)
	}
	return slices.Equal(valueSet(a.Values), valueSet(b.Values))
}

func sameBound(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

// valueSet folds, sorts and de-duplicates condition values.
func valueSet(vs []string) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = FoldValue(v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// clone copies a criterion deeply, so that a Change never aliases a profile.
func clone(c *Criterion) *Criterion {
	cp := *c
	cp.Values = slices.Clone(c.Values)
	cp.Alternatives = slices.Clone(c.Alternatives)
	if c.Min != nil {
		x := *c.Min
		cp.Min = &x
	}
	if c.Max != nil {
		x := *c.Max
		cp.Max = &x
	}
	if c.Evidence != nil {
		e := *c.Evidence
		cp.Evidence = &e
	}
	return &cp
}

func compare(section, noun string, o, n *Criterion) []Change {
	ch := Change{Section: section, Old: clone(o), New: clone(n)}
	if o.Op == OpRange {
		from, to := RangeString(o.Min, o.Max), RangeString(n.Min, n.Max)
		switch {
		case sameCondition(o.Condition, n.Condition):
			ch.Kind, ch.Text = ChangeKept, noun+" kept: "+n.String()
		case RangeAdjusted(o.Condition, n.Condition):
			ch.Kind, ch.Text = ChangeRangeAdjusted, noun+" kept (range adjusted): "+n.Attribute+" "+from+" → "+to
		default:
			ch.Kind, ch.Text = ChangeRangeMoved, noun+" range moved: "+n.Attribute+" "+from+" → "+to
		}
		return []Change{ch}
	}
	ov, nv := valueSet(o.Values), valueSet(n.Values)
	var added, removed []string
	for _, v := range nv {
		if !slices.Contains(ov, v) {
			added = append(added, v)
		}
	}
	for _, v := range ov {
		if !slices.Contains(nv, v) {
			removed = append(removed, v)
		}
	}
	if len(added) == 0 && len(removed) == 0 {
		ch.Kind, ch.Text = ChangeKept, noun+" kept: "+n.String()
		return []Change{ch}
	}
	sets := " (" + setString(o.Op, ov) + " → " + setString(n.Op, nv) + ")"
	var out []Change
	if len(added) > 0 {
		c := ch
		c.Kind, c.Values = ChangeValuesAdded, added
		c.Text = noun + " values added: " + n.Attribute + " + " + strings.Join(added, ", ") + sets
		out = append(out, c)
	}
	if len(removed) > 0 {
		c := ch
		c.Kind, c.Values = ChangeValuesRemoved, removed
		c.Text = noun + " values removed: " + n.Attribute + " − " + strings.Join(removed, ", ") + sets
		out = append(out, c)
	}
	return out
}

func setString(op string, vs []string) string {
	if op == OpHas {
		return "has " + strings.Join(vs, " or ")
	}
	return "{" + strings.Join(vs, ", ") + "}"
}

// RangeAdjusted reports whether two ranges on the same attribute differ only by an
// adjustment that is not material: the same sides open, and for a range bounded on
// both sides an overlap RangeIoU ≥ RangeIoUKept, for a range open on one side a bound
// that moved by at most RangeShiftKept of its magnitude. Identical ranges are
// adjusted too (trivially).
func RangeAdjusted(a, b Condition) bool {
	if a.Op != OpRange || b.Op != OpRange || (a.Min == nil) != (b.Min == nil) || (a.Max == nil) != (b.Max == nil) {
		return false
	}
	switch {
	case a.Min != nil && a.Max != nil:
		return RangeIoU(a, b) >= RangeIoUKept
	case a.Min != nil:
		return boundClose(*a.Min, *b.Min)
	case a.Max != nil:
		return boundClose(*a.Max, *b.Max)
	}
	return true
}

func boundClose(x, y float64) bool {
	return math.Abs(x-y) <= RangeShiftKept*math.Max(math.Abs(x), math.Abs(y))
}

// RangeIoU is the overlap of two bounded ranges, the length of their intersection over
// the length of their union: 1 for identical ranges, 0 for disjoint ones. Lengths are
// measured on a log scale when every bound is positive (employee counts, revenue:
// 200–2,000 and 500–5,000 overlap 0.43, as 20–200 and 50–500 do), on a linear scale
// otherwise. A range open on either side gives NaN.
func RangeIoU(a, b Condition) float64 {
	if a.Min == nil || a.Max == nil || b.Min == nil || b.Max == nil {
		return math.NaN()
	}
	lo1, hi1, lo2, hi2 := *a.Min, *a.Max, *b.Min, *b.Max
	if lo1 > 0 && lo2 > 0 {
		lo1, hi1, lo2, hi2 = math.Log(lo1), math.Log(hi1), math.Log(lo2), math.Log(hi2)
	}
	inter := math.Min(hi1, hi2) - math.Max(lo1, lo2)
	union := math.Max(hi1, hi2) - math.Min(lo1, lo2)
	if inter <= 0 || union <= 0 {
		return 0
	}
	return inter / union
}
