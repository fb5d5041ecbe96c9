package indep

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis/drift"
	"github.com/icp-dev/icp/workflow"
)

// TestCompareRates: icp compare on the independent generator. A profile derived on
// one quarter (seed s) is compared with a new quarter drawn independently (seed
// s+100): with the same truth its conditions should hold; with the truth changed
// (the interaction replaced by the additive truth, or every effect removed) the
// conditions that no longer drive value should be flagged. Set ICP_INDEP=1 to run it;
// ICP_INDEP_SEEDS (default 20) sets the seeds. It prints the verdict counts and fails
// below floors set after measuring (docs/INDEPENDENT.md).
func TestCompareRates(t *testing.T) {
	if os.Getenv("ICP_INDEP") != "1" {
		t.Skip("many-seed measurement on the independent generator: set ICP_INDEP=1")
	}
	seeds := envInt("ICP_INDEP_SEEDS", 20)
	cases := []struct {
		then, now Shape
		// check gets, over all seeds, the verdicts of the old criteria and of the old
		// negative traits and disqualifiers, and those of the criteria on the attribute
		// named by changed ("" for none).
		changed string
		check   func(t *testing.T, crit, neg, changed map[string]int)
	}{
		{then: Additive, now: Additive, check: holds},
		{then: Interaction, now: Interaction, check: holds},
		{then: Or, now: Or, check: holds},
		{then: Interaction, now: Additive, changed: "industry", check: func(t *testing.T, _, _, changed map[string]int) {
			// The interaction's industries carry no value under the additive truth:
			// their criterion must be flagged (not significant, or weakened).
			if n := total(changed); changed[drift.VerdictHolds] > n/5 {
				t.Errorf("the interaction's industry criterion held on additive data in %d of %d runs (ceiling 20%%)", changed[drift.VerdictHolds], n)
			}
		}},
		{then: Additive, now: Null, check: func(t *testing.T, crit, neg, _ map[string]int) {
			// Nothing drives value any more: no old condition may still hold.
			if crit[drift.VerdictHolds]+neg[drift.VerdictHolds] > (total(crit)+total(neg))/10 {
				t.Errorf("on data without effects, criteria held %d of %d and poor-fit traits %d of %d (ceiling 10%%)", crit[drift.VerdictHolds], total(crit), neg[drift.VerdictHolds], total(neg))
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.then.String()+"-to-"+c.now.String(), func(t *testing.T) {
			crit, neg, changed := map[string]int{}, map[string]int{}, map[string]int{}
			for seed := uint64(1); seed <= uint64(seeds); seed++ {
				_, oldPath := load(t, Generate(Config{Seed: seed, Shape: c.then}))
				dir := t.TempDir()
				if _, err := workflow.Derive(context.Background(), workflow.DeriveOptions{Input: workflow.Input{File: oldPath}, Out: dir, Seed: seed, Force: true, Resamples: 30}); err != nil {
					t.Fatal(err)
				}
				_, newPath := load(t, Generate(Config{Seed: seed + 100, Shape: c.now}))
				cr, err := workflow.Compare(context.Background(), workflow.CompareOptions{Profile: dir, Input: workflow.Input{File: newPath}, Out: t.TempDir(), Force: true, Resamples: 30})
				if err != nil {
					t.Fatal(err)
				}
				var line []string
				for _, r := range cr.Comparison.Rechecks {
					switch {
					case r.Lower():
						neg[r.Verdict]++
					default:
						crit[r.Verdict]++
						if c.changed != "" && strings.HasPrefix(r.Condition, c.changed+" ") {
							changed[r.Verdict]++
						}
					}
					line = append(line, fmt.Sprintf("%s: %s (lift then %.2f, now %.2f)", r.Condition, r.Verdict, r.ThenLift, r.NowLift))
				}
				t.Logf("seed %2d: %s", seed, strings.Join(line, "; "))
			}
			t.Logf("== compare %v → %v, %d seeds: criteria %v; negative traits and disqualifiers %v", c.then, c.now, seeds, crit, neg)
			if c.changed != "" {
				t.Logf("== compare %v → %v: the %s criterion %v", c.then, c.now, c.changed, changed)
			}
			c.check(t, crit, neg, changed)
		})
	}
}

// holds fails when, with the truth unchanged, fewer than 85% of the old criteria hold.
func holds(t *testing.T, crit, _, _ map[string]int) {
	t.Helper()
	if n := total(crit); n == 0 || float64(crit[drift.VerdictHolds]) < 0.85*float64(n) {
		t.Errorf("with the truth unchanged, %d of %d old criteria hold (floor 85%%)", crit[drift.VerdictHolds], n)
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
