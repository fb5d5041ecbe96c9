package analysis

import (
	"fmt"
	"math"

	"github.com/icp-dev/icp/dataset"
)

// nearOutcomeRho is the rank correlation above which a numeric attribute counts as
// nearly identical to an outcome (leakage): "total_spend" next to an LTV column.
const nearOutcomeRho = 0.9

// nearOutcome reports whether a numeric attribute is nearly identical to one of the
// outcomes, judged by |Spearman ρ| ≥ 0.9 on a deterministic sample of at most 20,000
// analysed rows where both are known. It returns the reason, or "".
func nearOutcome(t *dataset.Table, c *dataset.Column, r Roles, g *BestGroup) string {
	if c.Kind != dataset.Numeric {
		return ""
	}
	step := max(1, g.N/20000)
	for _, o := range outcomeOrder {
		name := r.Outcome(o)
		if name == "" {
			continue
		}
		oc := t.Column(name)
		if oc == nil || oc.Num == nil {
			continue
		}
		var x, y []float64
		seen := 0
		for i := range c.Num {
			if !g.Analysed[i] || math.IsNaN(c.Num[i]) || math.IsNaN(oc.Num[i]) {
				continue
			}
			if seen%step == 0 {
				x = append(x, c.Num[i])
				y = append(y, oc.Num[i])
			}
			seen++
		}
		if len(x) < 10 {
			continue
		}
		if rho := spearman(x, y); math.Abs(rho) >= nearOutcomeRho {
			return fmt.Sprintf("nearly identical to the outcome %q (Spearman ρ = %.2f on %d customers), so it would restate the outcome (leakage); admit it with --allow if it is known before the sale", name, rho, len(x))
		}
	}
	return ""
}

// spearman is the rank correlation of x and y (mid-ranks for ties); NaN when either is
// constant.
func spearman(x, y []float64) float64 {
	rx, ry := PercentileRanks(x), PercentileRanks(y)
	var mx, my float64
	for i := range rx {
		mx += rx[i]
		my += ry[i]
	}
	n := float64(len(rx))
	mx, my = mx/n, my/n
	var sxy, sxx, syy float64
	for i := range rx {
		dx, dy := rx[i]-mx, ry[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	return sxy / math.Sqrt(sxx*syy)
}
