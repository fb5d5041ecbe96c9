package stats

import (
	"cmp"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/icp-dev/icp/internal/radix"
)

// Z95 is the two-sided 95% standard normal quantile, Φ⁻¹(0.975).
const Z95 = 1.959963984540054

// ---------------------------------------------------------------------------
// Hypergeometric tails (one-sided Fisher exact test)
// ---------------------------------------------------------------------------

// HypergeomUpper returns P(X ≥ b) for X ~ Hypergeometric(N, B, n): n draws
// without replacement from a population of N items of which B are
// "successes". It is the one-sided Fisher exact p-value for
// over-representation of b successes in a selection of n items.
//
// Preconditions: N ≥ 0, 0 ≤ B ≤ N, 0 ≤ n ≤ N; otherwise the result is NaN.
// b may be any integer. The support of X is [lo, hi] with
// lo = max(0, n+B−N) and hi = min(n, B), so b ≤ lo gives exactly 1 and
// b > hi gives exactly 0 (this covers the degenerate N = 0, n = 0, n = N,
// B = 0 and B = N cases, where X is a constant).
//
// Method. log P(X = k) is evaluated with Loader's (2000) saddle-point
// expansion (stirlerr and bd0, as in R's dhyper), which stays accurate to
// about 1e-13 relative even for N ≈ 1e7, where differences of log-gamma
// values would lose ~8 digits. The tail is then summed with the pmf ratio
// recurrence, always moving away from the mode so that terms decrease:
// if b lies above the mode the upper tail is summed directly; otherwise the
// lower tail P(X ≤ b−1) is summed and subtracted from 1 (that tail
// excludes the mode, so the complement is ≥ P(X = mode) and there is no
// catastrophic cancellation). Summation stops once the geometric bound on
// the remainder (the pmf is log-concave) is below 1e-17 of the running
// sum. The sum is kept relative to P(X = b) and rescaled in log space, so
// tails down to ~1e-300 are returned with relative error well below 1e-9.
// The result is clamped to [0, 1]. Cost is O(number of terms within
// ~9 standard deviations), a few microseconds for N = 1e7.
func HypergeomUpper(b, n, B, N int) float64 {
	return hypergeomTail(b, n, B, N, true)
}

// HypergeomLower returns P(X ≤ b) for X ~ Hypergeometric(N, B, n) (see
// HypergeomUpper for the parametrisation, method and accuracy). It is the
// one-sided Fisher exact p-value for under-representation.
//
// Preconditions as for HypergeomUpper (invalid arguments give NaN). With
// lo = max(0, n+B−N) and hi = min(n, B): b < lo gives exactly 0 and
// b ≥ hi gives exactly 1. For all valid arguments
// HypergeomLower(b−1) + HypergeomUpper(b) = 1 up to one rounding.
func HypergeomLower(b, n, B, N int) float64 {
	return hypergeomTail(b, n, B, N, false)
}

// HypergeomTails returns P(X ≥ b) and P(X ≤ b) for X ~ Hypergeometric(N, B, n) —
// HypergeomUpper(b, n, B, N) and HypergeomLower(b, n, B, N) — for the cost of one:
// both are read off one sum of the pmf away from the mode, starting at b (the tail
// beyond b gives one, P(X = b) added gives the other). They agree with the separate
// functions to about 1e-14 relative (the same terms, summed once), and have the same
// preconditions, edge values and accuracy. At b = mode, where the two tails lie on
// either side, it computes them separately.
func HypergeomTails(b, n, B, N int) (upper, lower float64) {
	if N < 0 || n < 0 || B < 0 || n > N || B > N {
		return math.NaN(), math.NaN()
	}
	lo, hi := max(0, n+B-N), min(n, B)
	if b <= lo || b >= hi {
		// One of the two is 0 or 1.
		return hypergeomTail(b, n, B, N, true), hypergeomTail(b, n, B, N, false)
	}
	mode := int(math.Floor((float64(n) + 1) * (float64(B) + 1) / (float64(N) + 2)))
	switch {
	case b > mode:
		// Σ_{k≥b} P(k) = P(b)·s, s the terms from b on relative to P(b); the terms
		// beyond b are s − 1.
		logP, s := hypergeomLogPMF(b, n, B, N), hypergeomRelUp(b, n, B, N, hi)
		return clamp01(math.Exp(logP + math.Log(s))), clamp01(1 - math.Exp(logP+math.Log(s-1)))
	case b < mode:
		logP, s := hypergeomLogPMF(b, n, B, N), hypergeomRelDown(b, n, B, N, lo)
		return clamp01(1 - math.Exp(logP+math.Log(s-1))), clamp01(math.Exp(logP + math.Log(s)))
	}
	return hypergeomTail(b, n, B, N, true), hypergeomTail(b, n, B, N, false)
}

// hypergeomRelUp returns Σ_{k=b}^{hi} P(X = k) / P(X = b) for lo ≤ b ≤ hi, summed
// upward by the pmf ratio recurrence, stopping when the remainder is below tailTol of
// the sum.
func hypergeomRelUp(b, n, B, N, hi int) float64 {
	nf, Bf, Nf := float64(n), float64(B), float64(N)
	sum, term := 1.0, 1.0
	for k := b; k < hi; k++ {
		kf := float64(k)
		// P(k+1)/P(k) = (B−k)(n−k) / ((k+1)(N−B−n+k+1))
		r := (Bf - kf) * (nf - kf) / ((kf + 1) * (Nf - Bf - nf + kf + 1))
		term *= r
		sum += term
		// Log-concavity: later ratios are ≤ r, so the remainder is at most
		// term·r/(1−r).
		if r < 1 && term*r <= tailTol*sum*(1-r) {
			break
		}
	}
	return sum
}

// hypergeomRelDown returns Σ_{k=lo}^{b} P(X = k) / P(X = b) for lo ≤ b ≤ hi, summed
// downward (see hypergeomRelUp).
func hypergeomRelDown(b, n, B, N, lo int) float64 {
	nf, Bf, Nf := float64(n), float64(B), float64(N)
	sum, term := 1.0, 1.0
	for k := b; k > lo; k-- {
		kf := float64(k)
		// P(k−1)/P(k) = k(N−B−n+k) / ((B−k+1)(n−k+1))
		r := kf * (Nf - Bf - nf + kf) / ((Bf - kf + 1) * (nf - kf + 1))
		term *= r
		sum += term
		if r < 1 && term*r <= tailTol*sum*(1-r) {
			break
		}
	}
	return sum
}

// hypergeomTail computes P(X ≥ b) when upper, else P(X ≤ b).
func hypergeomTail(b, n, B, N int, upper bool) float64 {
	if N < 0 || n < 0 || B < 0 || n > N || B > N {
		return math.NaN()
	}
	lo := max(0, n+B-N)
	hi := min(n, B)
	if upper {
		switch {
		case b <= lo:
			return 1
		case b > hi:
			return 0
		}
	} else {
		switch {
		case b < lo:
			return 0
		case b >= hi:
			return 1
		}
	}
	// Here lo < hi, hence 0 < n < N and 0 < B < N.
	// Mode of the hypergeometric: floor((n+1)(B+1)/(N+2)). Only used to
	// choose the summation direction, so float rounding is harmless.
	mode := int(math.Floor((float64(n) + 1) * (float64(B) + 1) / (float64(N) + 2)))
	if upper {
		if b > mode {
			return clamp01(hypergeomSumUp(b, n, B, N, hi))
		}
		return clamp01(1 - hypergeomSumDown(b-1, n, B, N, lo))
	}
	if b < mode {
		return clamp01(hypergeomSumDown(b, n, B, N, lo))
	}
	return clamp01(1 - hypergeomSumUp(b+1, n, B, N, hi))
}

// tailTol is the relative truncation tolerance of the tail sums.
const tailTol = 1e-17

// hypergeomSumUp returns Σ_{k=b}^{hi} P(X = k) for lo ≤ b ≤ hi, summing
// upward from b: P(X = b) times the terms relative to it.
func hypergeomSumUp(b, n, B, N, hi int) float64 {
	if b > hi {
		return 0
	}
	return math.Exp(hypergeomLogPMF(b, n, B, N) + math.Log(hypergeomRelUp(b, n, B, N, hi)))
}

// hypergeomSumDown returns Σ_{k=lo}^{b} P(X = k) for lo ≤ b ≤ hi, summing
// downward from b.
func hypergeomSumDown(b, n, B, N, lo int) float64 {
	if b < lo {
		return 0
	}
	return math.Exp(hypergeomLogPMF(b, n, B, N) + math.Log(hypergeomRelDown(b, n, B, N, lo)))
}

// hypergeomLogPMF returns log P(X = x) for X ~ Hypergeometric(N, B, n),
// assuming 0 < n < N and x inside the support. It follows Loader (2000),
// "Fast and accurate computation of binomial probabilities", as used by R's
// dhyper: with p = n/N,
//
//	P(X = x) = dbinom(x; B, p) · dbinom(n−x; N−B, p) / dbinom(n; N, p),
//
// which is exact for any p (the powers of p and 1−p cancel); choosing
// p = n/N keeps every bd0 deviance term small.
func hypergeomLogPMF(x, n, B, N int) float64 {
	p := float64(n) / float64(N)
	q := float64(N-n) / float64(N)
	return logDbinomRaw(x, B, p, q) + logDbinomRaw(n-x, N-B, p, q) - logDbinomRaw(n, N, p, q)
}

// logDbinomRaw is log of the Binomial(n, p) pmf at x (Loader 2000), with
// q = 1−p supplied separately for accuracy; 0 < p < 1, 0 ≤ x ≤ n.
func logDbinomRaw(x, n int, p, q float64) float64 {
	nf, xf := float64(n), float64(x)
	switch {
	case x < 0 || x > n:
		return math.Inf(-1)
	case x == 0:
		if n == 0 {
			return 0
		}
		if p < 0.1 {
			return -bd0(nf, nf*q) - nf*p
		}
		return nf * math.Log(q)
	case x == n:
		if q < 0.1 {
			return -bd0(nf, nf*p) - nf*q
		}
		return nf * math.Log(p)
	}
	lc := stirlerr(n) - stirlerr(x) - stirlerr(n-x) - bd0(xf, nf*p) - bd0(nf-xf, nf*q)
	// log(2π·x·(n−x)/n)
	lf := math.Log(2*math.Pi) + math.Log(xf) + math.Log1p(-xf/nf)
	return lc - 0.5*lf
}

// stirlerrSmall[n] = log(n!) − log(√(2πn)·(n/e)^n) for n = 0..15, computed
// to 25 digits with mpmath (n = 0 is a placeholder, never used).
var stirlerrSmall = [16]float64{
	0,
	0.08106146679532725821967026,
	0.04134069595540929409382208,
	0.02767792568499833914878929,
	0.02079067210376509311152277,
	0.01664469118982119216319487,
	0.01387612882307074799874573,
	0.01189670994589177009505572,
	0.01041126526197209649747857,
	0.009255462182712732917728637,
	0.008330563433362871256469319,
	0.007573675487951840794972024,
	0.006942840107209529865664153,
	0.006408994188004207068439631,
	0.005951370112758847735624416,
	0.00555473355196280137103869,
}

// stirlerr returns the Stirling-formula error log(n!) − log(√(2πn)(n/e)^n)
// (Loader 2000): a table for n ≤ 15, else the asymptotic series
// 1/(12n) − 1/(360n³) + 1/(1260n⁵) − 1/(1680n⁷) + 1/(1188n⁹), truncated as
// the size of n allows.
func stirlerr(n int) float64 {
	if n <= 15 {
		return stirlerrSmall[n]
	}
	const (
		s0 = 1.0 / 12
		s1 = 1.0 / 360
		s2 = 1.0 / 1260
		s3 = 1.0 / 1680
		s4 = 1.0 / 1188
	)
	nf := float64(n)
	nn := nf * nf
	switch {
	case n > 500:
		return (s0 - s1/nn) / nf
	case n > 80:
		return (s0 - (s1-s2/nn)/nn) / nf
	case n > 35:
		return (s0 - (s1-(s2-s3/nn)/nn)/nn) / nf
	}
	return (s0 - (s1-(s2-(s3-s4/nn)/nn)/nn)/nn) / nf
}

// bd0 returns the deviance term x·log(x/np) + np − x (Loader 2000),
// evaluated by a series in v = (x−np)/(x+np) when x is close to np to
// avoid cancellation.
func bd0(x, np float64) float64 {
	if math.Abs(x-np) < 0.1*(x+np) {
		v := (x - np) / (x + np)
		s := (x - np) * v
		if math.Abs(s) < math.SmallestNonzeroFloat64 {
			return s
		}
		ej := 2 * x * v
		v *= v
		for j := 1; j < 1000; j++ {
			ej *= v
			s1 := s + ej/float64(2*j+1)
			if s1 == s {
				return s1
			}
			s = s1
		}
	}
	return x*math.Log(x/np) + np - x
}

func clamp01(p float64) float64 {
	return math.Min(1, math.Max(0, p))
}

// ---------------------------------------------------------------------------
// Wilson score interval
// ---------------------------------------------------------------------------

// Wilson returns the Wilson (1927) score interval for a binomial
// proportion with x successes out of n trials at standard-normal quantile
// z (use Z95 for a 95% two-sided interval). The bounds are the roots in p
// of (p̂ − p)² = z²·p(1−p)/n, i.e.
//
//	(x + z²/2 ∓ z·√(x(n−x)/n + z²/4)) / (n + z²).
//
// The lower root is evaluated as x² / (n(n+z²)·upper root) (the product of
// the roots is x²/(n(n+z²))), which avoids cancellation for small x; the
// upper bound is computed as 1 − (lower bound for the n−x failures), so
// Wilson(x) and Wilson(n−x) mirror each other up to one rounding.
//
// Preconditions: 0 ≤ x ≤ n, z ≥ 0. n = 0 (no data) gives (0, 1). x = 0
// gives lo = 0 exactly and x = n gives hi = 1 exactly; z = 0 gives the
// point estimate (x/n, x/n). Invalid counts, negative z or NaN z give
// (NaN, NaN).
func Wilson(x, n int, z float64) (lo, hi float64) {
	if n < 0 || x < 0 || x > n || !(z >= 0) {
		return math.NaN(), math.NaN()
	}
	if n == 0 {
		return 0, 1
	}
	lo = wilsonLower(float64(x), float64(n), z)
	hi = 1 - wilsonLower(float64(n-x), float64(n), z)
	return lo, hi
}

// wilsonLower is the lower Wilson bound for x successes of n > 0.
func wilsonLower(x, n, z float64) float64 {
	if x == 0 {
		return 0
	}
	z2 := z * z
	upper := (x + z2/2 + z*math.Sqrt(x*(n-x)/n+z2/4)) / (n + z2)
	return x / n * x / (n + z2) / upper
}

// ---------------------------------------------------------------------------
// Multiple testing
// ---------------------------------------------------------------------------

// BenjaminiHochberg returns Benjamini–Hochberg (1995) adjusted p-values
// (q-values) in the same order as p. With the m non-NaN p-values sorted
// ascending, p₍₁₎ ≤ … ≤ p₍ₘ₎,
//
//	q₍ᵢ₎ = min(1, min_{j ≥ i} m·p₍ⱼ₎/j),
//
// the step-up form, so q is monotone in p and rejecting q ≤ α controls the
// false discovery rate at α under independence or positive dependence.
//
// Preconditions: p-values lie in [0, 1]. NaN entries are returned as NaN
// and are not counted in m. Empty or nil input gives an empty slice. The
// input is not modified. O(m log m).
func BenjaminiHochberg(p []float64) []float64 {
	q := make([]float64, len(p))
	idx := make([]int, 0, len(p))
	for i, v := range p {
		if math.IsNaN(v) {
			q[i] = math.NaN()
			continue
		}
		idx = append(idx, i)
	}
	slices.SortFunc(idx, func(a, b int) int {
		if c := cmp.Compare(p[a], p[b]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	m := float64(len(idx))
	running := 1.0
	for r := len(idx) - 1; r >= 0; r-- {
		i := idx[r]
		v := m * p[i] / float64(r+1)
		if v < running {
			running = v
		}
		q[i] = running
	}
	return q
}

// ---------------------------------------------------------------------------
// Ranks
// ---------------------------------------------------------------------------

// PercentileRanks returns the mid-rank percentile of every element of x:
//
//	(#{j: x_j < x_i} + 0.5·#{j: x_j = x_i}) / m,
//
// where m is the number of non-NaN values (x_i itself is counted among the
// equal ones). Tied values therefore share the same rank (the mean of the
// positions they occupy). Results lie in the open interval (0, 1): the
// smallest unique value gets 0.5/m, the largest (m−0.5)/m, and a single
// value gets 0.5. NaN inputs give NaN and do not count in m; ±Inf are
// ordinary values; −0 and +0 are equal. Empty input gives an empty slice.
// O(n log n): indices are sorted by value with the index as a stable
// tie-break.
func PercentileRanks(x []float64) []float64 {
	out := make([]float64, len(x))
	vs := make([]radix.Pair, 0, len(x))
	for i, v := range x {
		if math.IsNaN(v) {
			out[i] = math.NaN()
			continue
		}
		vs = append(vs, radix.Pair{Key: radix.FloatKey(v), Index: int32(i)})
	}
	// Sorting by value alone is enough: tied values share one rank, so their order
	// does not matter. (A radix sort: a million values in under half the time of a
	// comparison sort.)
	vs = radix.Sort(vs)
	m := float64(len(vs))
	for start := 0; start < len(vs); {
		end := start + 1
		for end < len(vs) && vs[end].Key == vs[start].Key {
			end++
		}
		r := (float64(start) + 0.5*float64(end-start)) / m
		for _, e := range vs[start:end] {
			out[e.Index] = r
		}
		start = end
	}
	return out
}

// Spearman returns Spearman's rank correlation coefficient ρ of x and y: the Pearson
// correlation of their mid-rank percentile ranks (PercentileRanks), so tied values
// share their mean rank, as in R's cor(x, y, method = "spearman"). Without ties this
// is 1 − 6·Σdᵢ²/(n(n²−1)) with dᵢ the difference of the ranks of pair i.
//
// ρ lies in [−1, 1]: 1 when y increases with x, −1 when it decreases. Slices of
// different length, empty input, a NaN in either slice, or a constant x or y (no
// ranking, 0/0) give NaN. The inputs are not modified. O(n log n).
func Spearman(x, y []float64) float64 {
	if len(x) != len(y) {
		return math.NaN()
	}
	return RankCorrelation(PercentileRanks(x), PercentileRanks(y))
}

// RankCorrelation returns the Pearson correlation of two rank vectors of the same
// length (as PercentileRanks returns them): Spearman's ρ for callers that rank a
// column once and compare it with several others. Different lengths, empty input or
// a constant vector give NaN.
func RankCorrelation(rx, ry []float64) float64 {
	if len(rx) != len(ry) || len(rx) == 0 {
		return math.NaN()
	}
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

// ---------------------------------------------------------------------------
// Tests of proportions
// ---------------------------------------------------------------------------

// TwoProportionZ returns the pooled two-sample z statistic for
// H0: π₁ = π₂ and its two-sided p-value:
//
//	p̂ = (x1+x2)/(n1+n2),  z = (x1/n1 − x2/n2) / √(p̂(1−p̂)(1/n1 + 1/n2)),
//	p = 2·Φ(−|z|).
//
// z > 0 means group 1 has the higher proportion; z² equals Pearson's χ²
// for the 2×2 table without continuity correction. Preconditions:
// 0 ≤ x1 ≤ n1, 0 ≤ x2 ≤ n2; violations give (NaN, NaN). Degenerate data
// (n1 = 0, n2 = 0, or p̂ ∈ {0, 1} so that the standard error is 0) give
// (0, 1).
func TwoProportionZ(x1, n1, x2, n2 int) (z, p float64) {
	if x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2 {
		return math.NaN(), math.NaN()
	}
	if n1 == 0 || n2 == 0 {
		return 0, 1
	}
	f1, f2 := float64(n1), float64(n2)
	pool := float64(x1+x2) / (f1 + f2)
	v := pool * (1 - pool) * (1/f1 + 1/f2)
	if !(v > 0) {
		return 0, 1
	}
	z = (float64(x1)/f1 - float64(x2)/f2) / math.Sqrt(v)
	return z, twoSidedP(z)
}

// twoSidedP returns 2·Φ(−|z|), computed through erfc so small p-values keep
// full relative precision.
func twoSidedP(z float64) float64 {
	return math.Min(1, 2*distuv.UnitNormal.CDF(-math.Abs(z)))
}

// CochranArmitage returns the Cochran–Armitage test for a linear trend in
// proportions across ordered groups i with x[i] successes of n[i] trials
// and score scores[i]. With N = Σnᵢ, p̄ = Σxᵢ/N and s̄ = Σnᵢsᵢ/N,
//
//	T = Σ xᵢ(sᵢ − s̄)  (= Σ sᵢ(xᵢ − nᵢp̄)),
//	Var₀(T) = p̄(1−p̄) Σ nᵢ(sᵢ − s̄)²,
//	z = T/√Var₀(T),  p = 2·Φ(−|z|) (two-sided).
//
// This is Armitage's (1955) binomial-variance form, identical to R's
// prop.trend.test (χ² = z²); the permutation (hypergeometric) variant
// multiplies Var₀ by N/(N−1). z > 0 means the success proportion increases
// with the score. Groups with n[i] = 0 contribute nothing.
//
// Preconditions: equal lengths, 0 ≤ x[i] ≤ n[i], finite scores; otherwise
// (NaN, NaN). Degenerate input (no trials, p̄ ∈ {0, 1}, or all trials in
// groups with the same score) gives (0, 1).
func CochranArmitage(x []int, n []int, scores []float64) (z, p float64) {
	if len(x) != len(n) || len(n) != len(scores) {
		return math.NaN(), math.NaN()
	}
	var nTot, xTot int
	var sn float64
	for i := range n {
		if x[i] < 0 || x[i] > n[i] || math.IsNaN(scores[i]) || math.IsInf(scores[i], 0) {
			return math.NaN(), math.NaN()
		}
		nTot += n[i]
		xTot += x[i]
		sn += float64(n[i]) * scores[i]
	}
	if nTot == 0 || xTot == 0 || xTot == nTot {
		return 0, 1
	}
	N := float64(nTot)
	pbar := float64(xTot) / N
	sbar := sn / N
	var t, ss float64
	for i := range n {
		d := scores[i] - sbar
		t += float64(x[i]) * d
		ss += float64(n[i]) * d * d
	}
	v := pbar * (1 - pbar) * ss
	if !(v > 0) {
		return 0, 1
	}
	z = t / math.Sqrt(v)
	return z, twoSidedP(z)
}

// Table2x2 is one stratum's 2×2 table of counts:
//
//	              best   not best
//	in condition    A       B
//	not in cond.    C       D
type Table2x2 struct{ A, B, C, D int }

// MantelHaenszel returns the Cochran–Mantel–Haenszel test that, after
// stratification, being in the condition is positively associated with
// being 'best', together with the Mantel–Haenszel common odds ratio.
// For stratum k with total tₖ = Aₖ+Bₖ+Cₖ+Dₖ, under H0 (conditional
// independence, all margins fixed) Aₖ is hypergeometric with
//
//	E[Aₖ] = (Aₖ+Bₖ)(Aₖ+Cₖ)/tₖ,
//	Var[Aₖ] = (Aₖ+Bₖ)(Cₖ+Dₖ)(Aₖ+Cₖ)(Bₖ+Dₖ) / (tₖ²(tₖ−1)),
//
// and
//
//	z = (ΣAₖ − ΣE[Aₖ]) / √ΣVar[Aₖ],  pUpper = 1 − Φ(z),
//	oddsRatio = Σ(AₖDₖ/tₖ) / Σ(BₖCₖ/tₖ).
//
// No continuity correction is applied (z² is the uncorrected CMH χ²). The
// p-value is one-sided: small when A exceeds its expectation.
//
// Strata with tₖ < 2 carry no information and are skipped. No usable
// strata gives (0, 1, NaN). If every usable stratum has a zero margin
// (ΣVar = 0), z = 0 and pUpper = 1. oddsRatio is +Inf when only the
// numerator is positive and NaN when both sums are 0. Negative counts give
// (NaN, NaN, NaN).
func MantelHaenszel(strata []Table2x2) (z, pUpper, oddsRatio float64) {
	var obs, exp, vr, num, den float64
	used := 0
	for _, s := range strata {
		if s.A < 0 || s.B < 0 || s.C < 0 || s.D < 0 {
			return math.NaN(), math.NaN(), math.NaN()
		}
		t := s.A + s.B + s.C + s.D
		if t < 2 {
			continue
		}
		used++
		tf := float64(t)
		r1, r2 := float64(s.A+s.B), float64(s.C+s.D)
		c1, c2 := float64(s.A+s.C), float64(s.B+s.D)
		obs += float64(s.A)
		exp += r1 * c1 / tf
		vr += r1 * r2 / tf * c1 * c2 / (tf * (tf - 1))
		num += float64(s.A) * float64(s.D) / tf
		den += float64(s.B) * float64(s.C) / tf
	}
	if used == 0 {
		return 0, 1, math.NaN()
	}
	oddsRatio = num / den // 0/0 = NaN, x/0 = +Inf
	if !(vr > 0) {
		return 0, 1, oddsRatio
	}
	z = (obs - exp) / math.Sqrt(vr)
	return z, distuv.UnitNormal.Survival(z), oddsRatio
}

// ---------------------------------------------------------------------------
// 1–2–5 "nice" numbers
// ---------------------------------------------------------------------------

var niceMantissas = [3]int{1, 2, 5}

// niceValue returns the float64 nearest to m·10^e, equal to the Go literal
// "me<e>" (e.g. niceValue(5, -5) == 5e-5), so results compare exactly with
// constants written in code.
func niceValue(m, e int) float64 {
	switch {
	case e >= 0 && e <= 22:
		return float64(m) * math.Pow10(e) // exact
	case e < 0 && e >= -22:
		return float64(m) / math.Pow10(-e) // one correctly rounded division
	}
	v, _ := strconv.ParseFloat(strconv.Itoa(m)+"e"+strconv.Itoa(e), 64)
	return v
}

// decade returns e with 10^e ≤ x < 10^(e+1) for finite x > 0.
func decade(x float64) int {
	e := int(math.Floor(math.Log10(x)))
	for e > -400 && niceValue(1, e) > x {
		e--
	}
	for e < 400 && niceValue(1, e+1) <= x {
		e++
	}
	return e
}

// NiceNumber snaps x to the 1–2–5 series {…, 0.1, 0.2, 0.5, 1, 2, 5, 10,
// 20, 50, 100, …} (and its negatives):
//
//	mode < 0 (−1): the largest nice number ≤ x,
//	mode > 0 (+1): the smallest nice number ≥ x,
//	mode = 0:      the nice number nearest to x in log scale; x is rounded
//	               down when below the geometric midpoint of its bracketing
//	               nice numbers (√2, √10, √50 per decade) and up otherwise.
//
// Nice numbers are the float64 values of the decimal literals m·10^e, so
// NiceNumber(0.2, -1) == 0.2. Negative x is mirrored: NiceNumber(x, −1) =
// −NiceNumber(−x, +1), etc. x = 0 returns 0, NaN returns NaN and ±Inf is
// returned unchanged. Results beyond the float64 range overflow to ±Inf;
// subnormal x is not meaningful.
func NiceNumber(x float64, mode int) float64 {
	switch {
	case math.IsNaN(x), math.IsInf(x, 0), x == 0:
		return x
	case x < 0:
		return -NiceNumber(-x, -mode)
	}
	e := decade(x)
	down := niceValue(1, e)
	for _, m := range niceMantissas[1:] {
		if v := niceValue(m, e); v <= x {
			down = v
		}
	}
	if down == x {
		return x
	}
	up := niceValue(1, e+1)
	for i := len(niceMantissas) - 1; i >= 0; i-- {
		if v := niceValue(niceMantissas[i], e); v >= x {
			up = v
		}
	}
	switch {
	case mode < 0:
		return down
	case mode > 0:
		return up
	}
	if x/down < up/x {
		return down
	}
	return up
}

// maxNiceCandidates is the size above which NiceCandidates falls back to
// whole decades.
const maxNiceCandidates = 400

// NiceCandidates lists the 1–2–5 nice numbers (see NiceNumber) in
// [lo, hi], ascending. If the full 1–2–5 list would exceed ~400 values
// (hi/lo beyond about 1e133) only the decades 10^e are listed; for
// positive finite doubles that is at most ~630 values.
//
// Negative ranges are mirrored. Because the series accumulates at 0, an
// interval containing 0 yields 0 plus the nice numbers whose magnitude is
// at least 10^(e−6), where 10^e ≤ max(|lo|, |hi|) < 10^(e+1) (six decades
// below the decade of the largest magnitude).
// NaN or infinite bounds, or lo > hi, give nil.
func NiceCandidates(lo, hi float64) []float64 {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
		return nil
	}
	switch {
	case lo > 0:
		return positiveNice(lo, hi)
	case hi < 0:
		neg := positiveNice(-hi, -lo)
		slices.Reverse(neg)
		for i := range neg {
			neg[i] = -neg[i]
		}
		return neg
	}
	if lo == 0 && hi == 0 {
		return []float64{0}
	}
	floor := niceValue(1, decade(math.Max(-lo, hi))-6)
	var out []float64
	if lo < 0 {
		out = NiceCandidates(lo, -floor)
	}
	out = append(out, 0)
	if hi > 0 {
		out = append(out, positiveNice(floor, hi)...)
	}
	return out
}

// positiveNice lists nice numbers in [lo, hi] for 0 < lo ≤ hi.
func positiveNice(lo, hi float64) []float64 {
	e0, e1 := decade(lo), decade(hi)
	mant := niceMantissas[:]
	if 3*(e1-e0+1) > maxNiceCandidates {
		mant = mant[:1]
	}
	var out []float64
	for e := e0; e <= e1; e++ {
		for _, m := range mant {
			if v := niceValue(m, e); v >= lo && v <= hi {
				out = append(out, v)
			}
		}
	}
	return out
}

// RoundSig returns x rounded to sig significant decimal digits: the float64 nearest
// to x written with sig significant digits (strconv's 'g' format), so
// RoundSig(0.012345, 2) == 0.012, the same float64 as the literal. The decimal
// rounding is correct for x's exact binary value, ties to even.
//
// 0, NaN and ±Inf are returned unchanged; sig = 0 acts as 1 and a negative sig
// returns x unchanged (the shortest decimal that reads back as x).
func RoundSig(x float64, sig int) float64 {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return x
	}
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', sig, 64), 64)
	return f
}

// Round returns x rounded to d decimal places, half away from zero:
// math.Round(x·10^d) / 10^d evaluated in float64. The product x·10^d is itself
// rounded, so a value within an ulp of a half may round the other way than exact
// decimal arithmetic would, and the quotient may differ from the decimal literal in
// the last place (RoundSig gives the literal). d may be negative
// (Round(1234, −2) = 1200). NaN and ±Inf are returned unchanged. O(1).
func Round(x float64, d int) float64 {
	p := math.Pow(10, float64(d))
	return math.Round(x*p) / p
}
