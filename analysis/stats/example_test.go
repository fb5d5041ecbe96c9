package stats_test

import (
	"fmt"
	"math"

	"github.com/icp-dev/icp/analysis/stats"
)

func ExampleWilson() {
	// 81 successes out of 263 trials: Newcombe (1998) reports the Wilson
	// 95% interval as 0.2553 to 0.3662.
	lo, hi := stats.Wilson(81, 263, stats.Z95)
	fmt.Printf("%.4f %.4f\n", lo, hi)
	// No successes: the lower bound is exactly 0.
	lo, hi = stats.Wilson(0, 20, stats.Z95)
	fmt.Printf("%.4f %.4f\n", lo, hi)
	// Output:
	// 0.2553 0.3662
	// 0.0000 0.1611
}

func ExampleBenjaminiHochberg() {
	// q-values are returned in input order; NaN is ignored (m = 4 here).
	q := stats.BenjaminiHochberg([]float64{0.01, 0.04, 0.03, 0.005, math.NaN()})
	for _, v := range q {
		fmt.Printf("%.3f ", v)
	}
	fmt.Println()
	// Output:
	// 0.020 0.040 0.040 0.020 NaN
}
