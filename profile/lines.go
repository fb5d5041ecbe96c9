package profile

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// MaxWeight is the largest weight (fit-score points) a criterion may carry. Weights
// are relative, so the bound costs nothing, and it keeps every sum of weights, and so
// every score, finite.
const MaxWeight = 10000

// locator finds where a field of a profile stands in the YAML document it was parsed
// from, so that validation messages can name the line. The zero locator (a profile
// built in code) finds nothing.
type locator struct {
	doc *yaml.Node
}

// node returns the value node at path: mapping keys (string) and sequence indexes
// (int) from the top of the document, e.g. "criteria", 2, "weight"; nil if absent.
func (l locator) node(path ...any) *yaml.Node {
	n := l.doc
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, step := range path {
		if n == nil {
			return nil
		}
		var next *yaml.Node
		switch s := step.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == s {
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && s >= 0 && s < len(n.Content) {
				next = n.Content[s]
			}
		}
		n = next
	}
	return n
}

// at is "line N: " for the field at path, or "" when its line is unknown.
func (l locator) at(path ...any) string {
	if n := l.node(path...); n != nil && n.Line > 0 {
		return fmt.Sprintf("line %d: ", n.Line)
	}
	return ""
}

// number is the number at path as written in the file ("1e308"), or v formatted when
// the file is not at hand.
func (l locator) number(v float64, path ...any) string {
	if n := l.node(path...); n != nil && n.Kind == yaml.ScalarNode {
		return n.Value
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// finite tells whether v is a number (not NaN or ±Inf).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// weightProblem says what is wrong with a criterion's weight, or "" when nothing is.
func weightProblem(w float64, shown string) string {
	switch {
	case !finite(w):
		return fmt.Sprintf("weight %s must be a finite number from 0 to %s", shown, FormatCount(MaxWeight))
	case w < 0:
		return fmt.Sprintf("weight %s must be zero or positive", shown)
	case w > MaxWeight:
		return fmt.Sprintf("weight %s is above the largest allowed, %s (weights are relative: only their ratios matter)", shown, FormatCount(MaxWeight))
	}
	return ""
}

// validateParameters checks the numbers compare reuses from a profile's parameters.
func (p *Profile) validateParameters(l locator, add func(string, ...any)) {
	par := p.Parameters
	if !(par.Top >= 0 && par.Top < 1) {
		add("%sparameters.top %s must be a share between 0 and 1, e.g. 0.2", l.at("parameters", "top"), l.number(par.Top, "parameters", "top"))
	}
	if !(par.Alpha >= 0 && par.Alpha < 1) {
		add("%sparameters.alpha %s must be between 0 and 1, e.g. 0.05", l.at("parameters", "alpha"), l.number(par.Alpha, "parameters", "alpha"))
	}
	if !(finite(par.MinLift) && par.MinLift >= 0) {
		add("%sparameters.min_lift %s must be a finite number ≥ 0", l.at("parameters", "min_lift"), l.number(par.MinLift, "parameters", "min_lift"))
	}
	if par.MinSupport < 0 {
		add("%sparameters.min_support %d must be zero or positive", l.at("parameters", "min_support"), par.MinSupport)
	}
	for _, k := range slices.Sorted(maps.Keys(par.Weights)) {
		if w := par.Weights[k]; !(finite(w) && w >= 0 && w <= MaxWeight) {
			add("%sparameters.weights.%s %s must be a finite number from 0 to %s", l.at("parameters", "weights", k), k, l.number(w, "parameters", "weights", k), FormatCount(MaxWeight))
		}
	}
}
