package analysis

import (
	"fmt"
	"math"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
)

// nearOutcomeRho is the rank correlation above which a numeric attribute counts as
// nearly identical to an outcome (leakage): "total_spend" next to an LTV column.
const nearOutcomeRho = 0.9

// nearOutcomes finds the numeric attributes nearly identical to one of the outcomes,
// judged by |Spearman ρ| ≥ 0.9 on a deterministic sample of at most 20,000 analysed rows
// where both are known, and returns the reason per column. It runs once per
// derivation, not per resample.
func nearOutcomes(t *dataset.Table, r Roles, g *BestGroup) map[string]string {
	out := map[string]string{}
	step := max(1, g.N/20000)
	var sample []int
	seen := 0
	for i, a := range g.Analysed {
		if a {
			if seen%step == 0 {
				sample = append(sample, i)
			}
			seen++
		}
	}
	for _, c := range t.Columns {
		if c.Kind != dataset.Numeric || r.uses(c.Name) {
			continue
		}
		for _, o := range outcomeOrder {
			name := r.Outcome(o)
			oc := t.Column(name)
			if name == "" || oc == nil || oc.Num == nil {
				continue
			}
			var x, y []float64
			for _, i := range sample {
				if !math.IsNaN(c.Num[i]) && !math.IsNaN(oc.Num[i]) {
					x = append(x, c.Num[i])
					y = append(y, oc.Num[i])
				}
			}
			if len(x) < 10 {
				continue
			}
			if rho := stats.Spearman(x, y); math.Abs(rho) >= nearOutcomeRho {
				out[c.Name] = fmt.Sprintf("nearly identical to the outcome %q (Spearman ρ = %.2f on %d customers), so it would restate the outcome (leakage); admit it with --allow if it is known before the sale", name, rho, len(x))
				break
			}
		}
	}
	return out
}
