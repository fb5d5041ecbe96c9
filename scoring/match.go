package scoring

import (
	"fmt"
	"math"
	"slices"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// MatchNumber reports whether x lies in the condition's range [Min, Max). NaN (a
// missing value) never matches. It is false for conditions that are not ranges.
func MatchNumber(c profile.Condition, x float64) bool {
	if c.Op != profile.OpRange || math.IsNaN(x) {
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

// MatchValue reports whether a folded value (see profile.FoldValue) is one of the
// condition's values. It is false for range conditions.
func MatchValue(c profile.Condition, folded string) bool {
	if c.Op != profile.OpIn && c.Op != profile.OpHas {
		return false
	}
	return slices.Contains(c.Values, folded)
}

// MatchRaw matches one cell as written in a file. The second result is false when the
// cell is missing (or, for a range, not a number), in which case the first is false too.
// Booleans match by meaning: a condition on "true" matches "Yes", "1" and "TRUE".
func MatchRaw(c profile.Condition, cell string) (match, present bool) {
	if dataset.IsMissing(cell) {
		return false, false
	}
	switch c.Op {
	case profile.OpRange:
		x, ok := dataset.ParseNumber(cell)
		if !ok {
			return false, false
		}
		return MatchNumber(c, x), true
	case profile.OpIn:
		if MatchValue(c, profile.FoldValue(cell)) {
			return true, true
		}
		if b, ok := dataset.ParseBool(cell); ok {
			return MatchValue(c, BoolLevel(b)), true
		}
		return false, true
	case profile.OpHas:
		items := dataset.SplitMulti(cell)
		if len(items) == 0 {
			return false, false
		}
		for _, it := range items {
			if MatchValue(c, it) {
				return true, true
			}
		}
		return false, true
	}
	return false, false
}

// BoolLevel is the folded value under which a boolean attribute's values appear in
// conditions: "true" or "false".
func BoolLevel(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// MatchColumn matches row i of a loaded column, with the same meaning as MatchRaw on
// the cell the row was read from: numbers by value, categories by their folded key,
// booleans by meaning, lists by item. The second result is false when the row has no
// usable value.
func MatchColumn(c profile.Condition, col *dataset.Column, i int) (match, present bool) {
	switch col.Kind {
	case dataset.Numeric, dataset.Date:
		x := col.Num[i]
		if math.IsNaN(x) {
			return false, false
		}
		if c.Op == profile.OpRange {
			return MatchNumber(c, x), true
		}
		return MatchValue(c, profile.FoldValue(FormatPlain(x))), true
	case dataset.Boolean:
		x := col.Num[i]
		if math.IsNaN(x) {
			return false, false
		}
		return MatchValue(c, BoolLevel(x != 0)), true
	case dataset.Categorical:
		code := col.Codes[i]
		if code == dataset.Missing {
			return false, false
		}
		level := col.Levels[code]
		if c.Op == profile.OpRange {
			x, ok := dataset.ParseNumber(level)
			if !ok {
				return false, false
			}
			return MatchNumber(c, x), true
		}
		if MatchValue(c, level) {
			return true, true
		}
		if b, ok := dataset.ParseBool(level); ok {
			return MatchValue(c, BoolLevel(b)), true
		}
		return false, true
	case dataset.Multi:
		lo, hi := col.ItemOffsets[i], col.ItemOffsets[i+1]
		if lo == hi {
			return false, false
		}
		for _, it := range col.ItemCodes[lo:hi] {
			if MatchValue(c, col.Levels[it]) {
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
