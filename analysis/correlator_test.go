package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/icp-dev/icp/analysis/stats"
)

// The correlator reads each pair's ranks off two sorted orders; it must give exactly
// (bit for bit) stats.Spearman on the pairs where both are known, with ties and
// missing values in either column.
func TestCorrelatorEqualsSpearman(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 5 + r.IntN(300)
		mk := func() []float64 {
			v := make([]float64, n)
			for i := range v {
				switch r.IntN(6) {
				case 0:
					v[i] = math.NaN()
				case 1:
					v[i] = float64(r.IntN(3))
				default:
					v[i] = r.NormFloat64()
				}
			}
			return v
		}
		sample := []int{}
		for i := 0; i < n; i++ {
			if r.IntN(3) > 0 {
				sample = append(sample, i)
			}
		}
		refs := []ref{{"a", mk()}, {"b", mk()}}
		c := newCorrelator(sample, refs)
		for col := 0; col < 3; col++ {
			x := mk()
			for k, rf := range refs {
				var xs, ys []float64
				for _, i := range sample {
					if !math.IsNaN(x[i]) && !math.IsNaN(rf.v[i]) {
						xs, ys = append(xs, x[i]), append(ys, rf.v[i])
					}
				}
				got, m := c.rho(x, k)
				if m != len(xs) {
					t.Fatalf("n %d vs %d", m, len(xs))
				}
				if m < 2 {
					continue
				}
				want := stats.Spearman(xs, ys)
				if !(got == want || math.IsNaN(got) && math.IsNaN(want)) {
					t.Fatalf("trial %d: %v vs %v", trial, got, want)
				}
			}
		}
	}
}
