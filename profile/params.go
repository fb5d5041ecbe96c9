package profile

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"
)

// MaxWeight is the largest outcome weight a profile's parameters may give. Weights are
// relative, so the bound costs nothing, and it keeps every weighted sum finite.
const MaxWeight = 10000

// finite tells whether v is a number (not NaN or ±Inf).
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// validateParameters checks the numbers compare reuses from a profile's parameters
// (a hand edit of top, alpha, min_lift, min_support or an outcome weight), naming the
// line and the value as written.
func (p *Profile) validateParameters(ps *problems) {
	par := p.Parameters
	shown := func(v float64, path ...any) string {
		if n := nodeAt(ps.doc, path); n != nil && n.Kind == yaml.ScalarNode {
			return n.Value
		}
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	if !(par.Top >= 0 && par.Top < 1) {
		ps.add([]any{"parameters", "top"}, "parameters.top %s must be a share between 0 and 1, e.g. 0.2", shown(par.Top, "parameters", "top"))
	}
	if !(par.Alpha >= 0 && par.Alpha < 1) {
		ps.add([]any{"parameters", "alpha"}, "parameters.alpha %s must be between 0 and 1, e.g. 0.05", shown(par.Alpha, "parameters", "alpha"))
	}
	if !(finite(par.MinLift) && par.MinLift >= 0) {
		ps.add([]any{"parameters", "min_lift"}, "parameters.min_lift %s must be a finite number of at least 0, e.g. 1.2", shown(par.MinLift, "parameters", "min_lift"))
	}
	if par.MinSupport < 0 {
		ps.add([]any{"parameters", "min_support"}, "parameters.min_support %d must be zero or positive", par.MinSupport)
	}
	for _, k := range slices.Sorted(maps.Keys(par.Weights)) {
		if w := par.Weights[k]; !(finite(w) && w >= 0 && w <= MaxWeight) {
			ps.add([]any{"parameters", "weights", k}, "parameters.weights.%s %s must be a finite number from 0 to %s", k, shown(w, "parameters", "weights", k), FormatCount(MaxWeight))
		}
	}
}
