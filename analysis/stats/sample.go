package stats

import (
	"math"
	"math/rand/v2"
)

// HypergeomSample draws X ~ Hypergeometric: the number of marked items among n drawn
// without replacement from N items of which B are marked. It is exact (inversion
// from the mode outwards, so the expected cost is of the order of the standard
// deviation) and consumes one uniform variate from rng.
//
// Drawing the marked counts of consecutive disjoint groups this way — group j takes
// X_j ~ Hypergeometric(n_j, B − ΣX, N − Σn) — gives exactly the distribution of the
// group counts when the marks are randomly permuted over the items, at a cost that
// depends on the number of groups, not of items.
//
// Preconditions: 0 ≤ n ≤ N, 0 ≤ B ≤ N.
func HypergeomSample(rng *rand.Rand, n, B, N int) int {
	return hypergeomSample(rng, n, B, N, func(x int) float64 { return hypergeomLogPMF(x, n, B, N) })
}

// HypergeomSampler draws hypergeometric variates (see HypergeomSample) for populations
// of at most the size it was made for, with the pmf at the mode computed from a table
// of log factorials: the same draws for much less arithmetic when many are needed.
type HypergeomSampler struct {
	logFact []float64 // logFact[k] = log k!
}

// NewHypergeomSampler returns a sampler for populations of up to maxN items; it holds
// maxN+1 numbers.
func NewHypergeomSampler(maxN int) *HypergeomSampler {
	lf := make([]float64, maxN+1)
	for k := 2; k <= maxN; k++ {
		lf[k] = lf[k-1] + math.Log(float64(k))
	}
	return &HypergeomSampler{logFact: lf}
}

// Sample is HypergeomSample for N at most the sampler's population size.
func (h *HypergeomSampler) Sample(rng *rand.Rand, n, B, N int) int {
	lf := h.logFact
	return hypergeomSample(rng, n, B, N, func(x int) float64 {
		return lf[B] - lf[x] - lf[B-x] + lf[N-B] - lf[n-x] - lf[N-B-n+x] - lf[N] + lf[n] + lf[N-n]
	})
}

// hypergeomSample is the inversion of HypergeomSample with logPMF giving the log pmf.
func hypergeomSample(rng *rand.Rand, n, B, N int, logPMF func(x int) float64) int {
	lo, hi := max(0, n-(N-B)), min(n, B)
	if lo >= hi {
		return lo
	}
	mode := int(float64(n+1) * float64(B+1) / float64(N+2))
	mode = min(max(mode, lo), hi)
	u := rng.Float64()
	pm := math.Exp(logPMF(mode))
	if u -= pm; u <= 0 {
		return mode
	}
	down, up := mode-1, mode+1
	pd, pu := pm, pm
	for down >= lo || up <= hi {
		if down >= lo {
			x := down + 1 // p(x−1) = p(x) · x(N−B−n+x) / ((B−x+1)(n−x+1))
			pd *= float64(x) * float64(N-B-n+x) / (float64(B-x+1) * float64(n-x+1))
			if u -= pd; u <= 0 {
				return down
			}
			down--
		}
		if up <= hi {
			x := up - 1 // p(x+1) = p(x) · (B−x)(n−x) / ((x+1)(N−B−n+x+1))
			pu *= float64(B-x) * float64(n-x) / (float64(x+1) * float64(N-B-n+x+1))
			if u -= pu; u <= 0 {
				return up
			}
			up++
		}
	}
	return mode // rounding left u > 0 after the whole support
}

// Harmonic is the harmonic number H(m) = Σ_{k=1..m} 1/k (0 for m ≤ 0): the
// Benjamini–Yekutieli factor c(m) for m tests.
func Harmonic(m int) float64 {
	c := 0.0
	for k := 1; k <= m; k++ {
		c += 1 / float64(k)
	}
	return c
}

// BenjaminiYekutieli returns Benjamini–Yekutieli q-values: Benjamini–Hochberg
// q-values multiplied by the harmonic number c(m) = Σ_{k=1..m} 1/k and capped at 1.
// Rejecting q ≤ α controls the false discovery rate at α under any dependence between
// the tests. NaN entries are returned as NaN and not counted in m.
func BenjaminiYekutieli(p []float64) []float64 {
	q := BenjaminiHochberg(p)
	m := 0
	for _, v := range p {
		if !math.IsNaN(v) {
			m++
		}
	}
	c := Harmonic(m)
	for i, v := range q {
		if !math.IsNaN(v) {
			q[i] = math.Min(1, v*c)
		}
	}
	return q
}

// NormalUpper is the upper tail of the standard normal distribution, P(Z ≥ z).
func NormalUpper(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }
