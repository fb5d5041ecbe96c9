package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestHypergeomSample compares the sampled frequencies with the exact pmf.
func TestHypergeomSample(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, B, N int }{{10, 4, 20}, {50, 300, 1000}, {7, 7, 7}, {0, 5, 10}, {400, 20, 1000}} {
		rng := rand.New(rand.NewPCG(1, 2))
		const draws = 200000
		freq := map[int]int{}
		for range draws {
			freq[HypergeomSample(rng, tc.n, tc.B, tc.N)]++
		}
		for x := max(0, tc.n-(tc.N-tc.B)); x <= min(tc.n, tc.B); x++ {
			p := math.Exp(hypergeomLogPMF(x, tc.n, tc.B, tc.N))
			if tc.n == 0 || tc.n == tc.N {
				p = 1
			}
			got := float64(freq[x]) / draws
			if sd := math.Sqrt(p * (1 - p) / draws); math.Abs(got-p) > 5*sd+1e-4 {
				t.Errorf("n=%d B=%d N=%d: P(X=%d) sampled %.5f, exact %.5f", tc.n, tc.B, tc.N, x, got, p)
			}
		}
	}
}

func TestBenjaminiYekutieli(t *testing.T) {
	t.Parallel()
	q := BenjaminiYekutieli([]float64{0.01, 0.04, math.NaN(), 0.03})
	c := 1 + 0.5 + 1.0/3 // m = 3
	want := []float64{0.03 * c, 0.04 * c, math.NaN(), 0.04 * c}
	for i := range q {
		if math.IsNaN(want[i]) != math.IsNaN(q[i]) || !math.IsNaN(want[i]) && math.Abs(q[i]-want[i]) > 1e-12 {
			t.Errorf("q[%d] = %v, want %v", i, q[i], want[i])
		}
	}
}

// TestHypergeomSamplerMatches: the table-based sampler draws the same variates as
// HypergeomSample from the same random stream.
func TestHypergeomSamplerMatches(t *testing.T) {
	t.Parallel()
	h := NewHypergeomSampler(100000)
	for _, tc := range []struct{ n, B, N int }{{10, 4, 20}, {50, 300, 1000}, {400, 20, 1000}, {5000, 20000, 100000}} {
		r1, r2 := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
		for k := range 2000 {
			if a, b := HypergeomSample(r1, tc.n, tc.B, tc.N), h.Sample(r2, tc.n, tc.B, tc.N); a != b {
				t.Fatalf("n=%d B=%d N=%d draw %d: %d against %d", tc.n, tc.B, tc.N, k, a, b)
			}
		}
	}
}

// Harmonic numbers, known exactly: H(4) = 25/12, H(10) = 7381/2520.
func TestHarmonic(t *testing.T) {
	for _, c := range []struct {
		m    int
		want float64
	}{{-1, 0}, {0, 0}, {1, 1}, {2, 1.5}, {4, 25.0 / 12}, {10, 7381.0 / 2520}} {
		if got := Harmonic(c.m); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Harmonic(%d) = %v, want %v", c.m, got, c.want)
		}
	}
}
