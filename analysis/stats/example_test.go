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

func ExampleHypergeomUpper() {
	// Fisher's (1935) lady tasting tea: 8 cups, 4 with milk poured first; she picks
	// 4 and gets 3 right. The one-sided Fisher exact p is P(X ≥ 3) = 17/70.
	fmt.Printf("%.4f\n", stats.HypergeomUpper(3, 4, 4, 8))
	// Output:
	// 0.2429
}

func ExampleNiceNumber() {
	// Snap cut points to numbers a person would write: down, nearest, up.
	for _, x := range []float64{137, 3300, 0.07} {
		fmt.Println(stats.NiceNumber(x, -1), stats.NiceNumber(x, 0), stats.NiceNumber(x, 1))
	}
	// Output:
	// 100 100 200
	// 2000 5000 5000
	// 0.05 0.05 0.1
}

func ExamplePSI() {
	// Customers per industry last quarter and this quarter (counts or shares).
	then := []float64{500, 300, 200}
	now := []float64{300, 300, 400}
	fmt.Printf("PSI %.3f\n", stats.PSI(then, now))
	// Output:
	// PSI 0.241
}
