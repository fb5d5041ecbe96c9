package stats

import (
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// Reference values marked "python exact" were computed with python3 3.11
// using exact integer arithmetic, e.g. for the upper tail
//
//	Fraction(sum(comb(B,k)*comb(N-B,n-k) for k in range(max(b,lo), hi+1)),
//	         comb(N, n))
//
// converted to float with float(Fraction) (correctly rounded).

// relErr returns |got−want|/|want| (|got−want| when want = 0).
func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

func sameFloat(a, b float64) bool {
	return a == b || (math.IsNaN(a) && math.IsNaN(b))
}

func TestHypergeomExactValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		upper      bool
		b, n, B, N int
		want       float64
	}{
		// Fisher (1935) lady tasting tea, table 3/1/1/3: one-sided p = 17/70 (published).
		{"tea upper 3", true, 3, 4, 4, 8, 17.0 / 70},
		// python exact: 1/70 (all four cups right), also hand: 1/C(8,4).
		{"tea upper 4", true, 4, 4, 4, 8, 1.0 / 70},
		// python exact: 69/70 = 1 − P(X=4).
		{"tea lower 3", false, 3, 4, 4, 8, 69.0 / 70},
		// python exact: 1/70 = C(4,0)C(4,4)/C(8,4).
		{"tea lower 0", false, 0, 4, 4, 8, 1.0 / 70},
		// python exact: 473/1292.
		{"upper 2 of 5", true, 2, 5, 5, 20, 473.0 / 1292},
		// python exact: 7189/7752.
		{"lower 2 of 5", false, 2, 5, 5, 20, 7189.0 / 7752},
		// n = 1: hand, P(X=1) = B/N = 1/2 and 3/10.
		{"n=1 N=2", true, 1, 1, 1, 2, 0.5},
		{"n=1 upper", true, 1, 1, 3, 10, 0.3},
		// n = 1: hand, P(X=0) = 1 − B/N = 7/10.
		{"n=1 lower", false, 0, 1, 3, 10, 0.7},
		// python exact.
		{"N=1000 upper 12", true, 12, 50, 100, 1000, 0.002458338967142133},
		{"N=1000 lower 2", false, 2, 50, 100, 1000, 0.10563684515070168},
		{"N=1000 upper 5 (below mode)", true, 5, 50, 100, 1000, 0.57308456727623},
		{"N=1e4 upper 60", true, 60, 100, 100, 10000, 1.6015342733276106e-102},
		{"N=1e4 upper 30", true, 30, 100, 100, 10000, 1.4809330021440453e-37},
		{"N=1e4 lower 0", false, 0, 200, 100, 10000, 0.13127761744536193},
		{"N=5000 upper 700", true, 700, 1000, 2000, 5000, 8.087087143821284e-103},
		{"N=5000 lower 300", false, 300, 1000, 2000, 5000, 1.684822691473753e-13},
		{"lo>0 upper 10", true, 10, 40, 10, 50, 0.08251923419242842},
		{"lo>0 upper 4", true, 4, 40, 10, 50, 0.9998811265641573},
		// python exact: 1/C(10000,100) (all 100 draws are successes).
		{"tiny 1e-242", true, 100, 100, 100, 10000, 1.5335431295520405e-242},
		// python exact.
		{"tiny 1e-214", true, 100, 100, 200, 20000, 8.541851140125495e-214},
		{"tiny 1e-294", true, 150, 150, 300, 20000, 6.571722673119987e-294},
		// Support bounds: n=8, B=6, N=10 has support [4, 6].
		// hand: P(X=4) = C(6,4)C(4,4)/C(10,8) = 15/45.
		{"lower at lo", false, 4, 8, 6, 10, 15.0 / 45},
		// hand: P(X=6) = C(6,6)C(4,2)/C(10,8) = 6/45.
		{"upper at hi", true, 6, 8, 6, 10, 6.0 / 45},
		// hand: P(X=5) = 1 − 15/45 − 6/45 = 24/45; upper(5) = 30/45.
		{"upper inside", true, 5, 8, 6, 10, 30.0 / 45},
		// python exact: C(15,5)/C(20,5) = 1001/5168.
		{"lower at 0", false, 0, 5, 5, 20, 1001.0 / 5168},
		// hand: 1/C(20,5) = 1/15504.
		{"upper at hi=5", true, 5, 5, 5, 20, 1.0 / 15504},
	}
	for _, tc := range tests {
		var got float64
		if tc.upper {
			got = HypergeomUpper(tc.b, tc.n, tc.B, tc.N)
		} else {
			got = HypergeomLower(tc.b, tc.n, tc.B, tc.N)
		}
		if e := relErr(got, tc.want); e > 1e-12 {
			t.Errorf("%s: got %.17g want %.17g (rel err %.3g)", tc.name, got, tc.want, e)
		}
	}
}

func TestHypergeomOutOfSupportAndInvalid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		b, n, B, N   int
		upper, lower float64
	}{
		// Definitions: support [max(0,n+B−N), min(n,B)] = [4, 6] here.
		{"b below lo", 3, 8, 6, 10, 1, 0},
		{"b at lo", 4, 8, 6, 10, 1, 15.0 / 45}, // hand: P(X=4)=15/45
		{"b at hi", 6, 8, 6, 10, 6.0 / 45, 1},  // hand: P(X=6)=6/45
		{"b above hi", 7, 8, 6, 10, 0, 1},
		{"negative b", -3, 4, 4, 8, 1, 0},
		// Degenerate: X is constant.
		{"N=0 b=0", 0, 0, 0, 0, 1, 1},
		{"N=0 b=1", 1, 0, 0, 0, 0, 1},
		{"n=0 b=0", 0, 0, 3, 10, 1, 1},
		{"n=0 b=1", 1, 0, 3, 10, 0, 1},
		{"B=0 b=0", 0, 5, 0, 10, 1, 1},
		{"B=0 b=1", 1, 5, 0, 10, 0, 1},
		{"n=N X=B b=B", 3, 10, 3, 10, 1, 1},
		{"n=N X=B b=B-1", 2, 10, 3, 10, 1, 0},
		{"n=N X=B b=B+1", 4, 10, 3, 10, 0, 1},
		{"B=N X=n b=n", 4, 4, 10, 10, 1, 1},
		{"B=N X=n b=n+1", 5, 4, 10, 10, 0, 1},
		// Invalid parameters.
		{"n<0", 1, -1, 2, 5, math.NaN(), math.NaN()},
		{"B<0", 1, 2, -1, 5, math.NaN(), math.NaN()},
		{"N<0", 0, 0, 0, -1, math.NaN(), math.NaN()},
		{"n>N", 1, 6, 2, 5, math.NaN(), math.NaN()},
		{"B>N", 1, 2, 6, 5, math.NaN(), math.NaN()},
	}
	for _, tc := range tests {
		u := HypergeomUpper(tc.b, tc.n, tc.B, tc.N)
		l := HypergeomLower(tc.b, tc.n, tc.B, tc.N)
		if !(sameFloat(u, tc.upper) || relErr(u, tc.upper) < 1e-14) {
			t.Errorf("%s: upper = %v, want %v", tc.name, u, tc.upper)
		}
		if !(sameFloat(l, tc.lower) || relErr(l, tc.lower) < 1e-14) {
			t.Errorf("%s: lower = %v, want %v", tc.name, l, tc.lower)
		}
	}
}

// exactUpperRat is an independent brute-force reference: P(X ≥ b) as an
// exact rational from math/big binomials.
func exactUpperRat(b, n, B, N int) *big.Rat {
	num := new(big.Int)
	tmp := new(big.Int)
	for k := max(b, 0); k <= min(n, B); k++ {
		if n-k > N-B {
			continue
		}
		tmp.Binomial(int64(B), int64(k))
		tmp.Mul(tmp, new(big.Int).Binomial(int64(N-B), int64(n-k)))
		num.Add(num, tmp)
	}
	return new(big.Rat).SetFrac(num, new(big.Int).Binomial(int64(N), int64(n)))
}

// TestHypergeomBruteForce compares every valid (b, n, B, N) with N ≤ 22
// against exact math/big rational arithmetic.
func TestHypergeomBruteForce(t *testing.T) {
	t.Parallel()
	worst := 0.0
	for N := 0; N <= 22; N++ {
		for B := 0; B <= N; B++ {
			for n := 0; n <= N; n++ {
				for b := -1; b <= min(n, B)+1; b++ {
					want, _ := exactUpperRat(b, n, B, N).Float64()
					got := HypergeomUpper(b, n, B, N)
					if e := relErr(got, want); e > worst {
						worst = e
					}
					if e := relErr(got, want); e > 1e-12 {
						t.Fatalf("HypergeomUpper(%d,%d,%d,%d) = %.17g, exact %.17g", b, n, B, N, got, want)
					}
					// P(X ≤ b) = 1 − P(X ≥ b+1), exact.
					wr := new(big.Rat).Sub(big.NewRat(1, 1), exactUpperRat(b+1, n, B, N))
					wl, _ := wr.Float64()
					gl := HypergeomLower(b, n, B, N)
					if e := relErr(gl, wl); e > 1e-12 {
						t.Fatalf("HypergeomLower(%d,%d,%d,%d) = %.17g, exact %.17g", b, n, B, N, gl, wl)
					}
				}
			}
		}
	}
	t.Logf("worst relative error vs exact: %.3g", worst)
}

// TestHypergeomHuge checks N = 1e7, B = 2e6, n = 5e5 (mean 1e5, sd ≈ 275.7)
// against python exact big-integer sums (term recurrence T(k+1) =
// T(k)(B−k)(n−k)/((k+1)(N−B−n+k+1)) in exact integers from
// T(b) = comb(B,b)·comb(N−B,n−b), truncated once the log-concave remainder
// bound falls below 1e-40 of the sum, divided by comb(1e7, 5e5)).
func TestHypergeomHuge(t *testing.T) {
	t.Parallel()
	const N, B, n = 10_000_000, 2_000_000, 500_000
	tests := []struct {
		upper bool
		b     int
		want  float64
	}{
		{true, 100500, 0.03506007624181668},   // python exact
		{true, 101500, 2.817796089346539e-08}, // python exact
		{true, 102500, 7.801613620245979e-20}, // python exact
		{false, 99500, 0.034944892352744526},  // python exact
		{true, 100001, 0.4991462027945733},    // python exact
		{false, 100000, 0.5008537972054268},   // python exact
	}
	for _, tc := range tests {
		var got float64
		if tc.upper {
			got = HypergeomUpper(tc.b, n, B, N)
		} else {
			got = HypergeomLower(tc.b, n, B, N)
		}
		if e := relErr(got, tc.want); e > 1e-9 {
			t.Errorf("upper=%v b=%d: got %.17g want %.17g (rel err %.3g)", tc.upper, tc.b, got, tc.want, e)
		}
	}
	// Independent sanity check with a loose tolerance: normal approximation
	// with continuity correction, mean nB/N = 1e5,
	// var = n(B/N)(1−B/N)(N−n)/(N−1) ≈ 76000. Only agreement within 5%
	// relative is expected near z ≈ 1.8.
	mu := float64(n) * B / N
	sd := math.Sqrt(float64(n) * 0.2 * 0.8 * float64(N-n) / float64(N-1))
	approx := 0.5 * math.Erfc((100500-0.5-mu)/sd/math.Sqrt2)
	if got := HypergeomUpper(100500, n, B, N); relErr(got, approx) > 0.05 {
		t.Errorf("normal approximation: got %g, approx %g", got, approx)
	}
}

// TestHypergeomComplement checks HypergeomUpper(b) + HypergeomLower(b−1) = 1
// (a probability identity) on a grid including large populations.
func TestHypergeomComplement(t *testing.T) {
	t.Parallel()
	params := [][3]int{ // n, B, N
		{4, 4, 8}, {5, 5, 20}, {8, 6, 10}, {50, 100, 1000}, {1, 3, 10},
		{40, 10, 50}, {1000, 2000, 5000}, {500, 30, 100000},
		{500_000, 2_000_000, 10_000_000}, {5_000_000, 5_000_000, 10_000_000},
	}
	for _, p := range params {
		n, B, N := p[0], p[1], p[2]
		lo, hi := max(0, n+B-N), min(n, B)
		step := max(1, (hi-lo)/200)
		for b := lo - 1; b <= hi+1; b += step {
			s := HypergeomUpper(b, n, B, N) + HypergeomLower(b-1, n, B, N)
			if math.Abs(s-1) > 2.3e-16 {
				t.Errorf("n=%d B=%d N=%d b=%d: upper(b)+lower(b-1) = %.17g", n, B, N, b, s)
			}
		}
	}
}

// TestHypergeomSymmetry uses the identity that the distribution of X is
// unchanged when the roles of n and B are swapped.
func TestHypergeomSymmetry(t *testing.T) {
	t.Parallel()
	for _, c := range [][4]int{{12, 50, 100, 1000}, {700, 1000, 2000, 5000}, {100400, 500_000, 2_000_000, 10_000_000}} {
		a := HypergeomUpper(c[0], c[1], c[2], c[3])
		b := HypergeomUpper(c[0], c[2], c[1], c[3])
		if relErr(a, b) > 1e-12 {
			t.Errorf("%v: %.17g vs swapped %.17g", c, a, b)
		}
	}
}

func BenchmarkHypergeomUpperLarge(b *testing.B) {
	for b.Loop() {
		HypergeomUpper(100500, 500_000, 2_000_000, 10_000_000)
	}
}

func TestWilson(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		x, n   int
		z      float64
		lo, hi float64
		tol    float64
	}{
		// Newcombe (1998), Stat Med 17:857, Table II, method 3 (Wilson score),
		// published to 4 decimals.
		{"Newcombe 81/263", 81, 263, Z95, 0.2553, 0.3662, 5e-5},
		{"Newcombe 15/148", 15, 148, Z95, 0.0624, 0.1605, 5e-5},
		{"Newcombe 0/20", 0, 20, Z95, 0, 0.1611, 5e-5},
		{"Newcombe 1/29", 1, 29, Z95, 0.0061, 0.1718, 5e-5},
		// python (double precision) from the hand formula
		// (x + z²/2 ∓ z√(x(n−x)/n + z²/4)) / (n + z²).
		{"81/263 full", 81, 263, Z95, 0.2552885198782742, 0.36620957698280004, 1e-14},
		{"5/10", 5, 10, Z95, 0.236593090512564, 0.7634069094874361, 1e-14},
		{"3/7", 3, 7, Z95, 0.1582198552514697, 0.7495416354723428, 1e-14},
		{"0/1 (n=1)", 0, 1, Z95, 0, 0.7934506856227626, 1e-14},
		{"1/1 (n=1)", 1, 1, Z95, 0.20654931437723745, 1, 1e-14},
		{"1/1e6", 1, 1_000_000, Z95, 1.765245767453709e-07, 5.664911804311442e-06, 1e-15},
		// hand: z=1, x=2, n=4: (2.5 ∓ √1.25)/5 = 0.5 ∓ √5/10.
		{"z=1 2/4", 2, 4, 1, 0.5 - math.Sqrt(5)/10, 0.5 + math.Sqrt(5)/10, 1e-15},
		// z=0: point estimate.
		{"z=0", 3, 12, 0, 0.25, 0.25, 1e-16},
		// n=0: no information.
		{"n=0", 0, 0, Z95, 0, 1, 0},
	}
	for _, tc := range tests {
		lo, hi := Wilson(tc.x, tc.n, tc.z)
		if math.Abs(lo-tc.lo) > tc.tol || math.Abs(hi-tc.hi) > tc.tol {
			t.Errorf("%s: got (%.17g, %.17g), want (%.17g, %.17g)", tc.name, lo, hi, tc.lo, tc.hi)
		}
	}
	// Exact bounds at the edges and mirror symmetry lo(x) = 1 − hi(n−x)
	// (algebraic identity; up to one rounding).
	for n := 1; n <= 40; n++ {
		for x := 0; x <= n; x++ {
			lo, hi := Wilson(x, n, Z95)
			mlo, mhi := Wilson(n-x, n, Z95)
			if math.Abs(lo-(1-mhi)) > 1.2e-16 || math.Abs(hi-(1-mlo)) > 1.2e-16 {
				t.Errorf("Wilson(%d,%d) not mirror of Wilson(%d,%d)", x, n, n-x, n)
			}
			p := float64(x) / float64(n)
			if !(lo >= 0 && lo <= p && p <= hi && hi <= 1) {
				t.Errorf("Wilson(%d,%d) = (%g,%g) does not bracket %g", x, n, lo, hi, p)
			}
			if (x == 0) != (lo == 0) || (x == n) != (hi == 1) {
				t.Errorf("Wilson(%d,%d) = (%g,%g): edge exactness", x, n, lo, hi)
			}
		}
	}
	for _, c := range [][2]int{{-1, 5}, {6, 5}, {0, -1}} {
		if lo, hi := Wilson(c[0], c[1], Z95); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("Wilson(%d,%d) = (%g,%g), want NaN", c[0], c[1], lo, hi)
		}
	}
	if lo, _ := Wilson(1, 5, math.NaN()); !math.IsNaN(lo) {
		t.Error("NaN z should give NaN")
	}
	if lo, _ := Wilson(1, 5, -1); !math.IsNaN(lo) {
		t.Error("negative z should give NaN")
	}
}

func TestZ95(t *testing.T) {
	t.Parallel()
	// Φ(Z95) = 0.975 (definition); Φ via erfc.
	if p := 0.5 * math.Erfc(-Z95/math.Sqrt2); math.Abs(p-0.975) > 1e-15 {
		t.Errorf("Phi(Z95) = %.17g", p)
	}
}

func TestBenjaminiHochberg(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name string
		p    []float64
		want []float64
	}{
		// hand: sorted 0.005,0.01,0.03,0.04 (m=4): m·p/i = 0.02,0.02,0.04,0.04,
		// running min from the top leaves them unchanged.
		{"hand", []float64{0.01, 0.04, 0.03, 0.005}, []float64{0.02, 0.04, 0.04, 0.02}},
		// hand, NaN not counted: m=2, 2·0.01/1 = 0.02, 2·0.04/2 = 0.04.
		{"NaN", []float64{0.01, nan, 0.04}, []float64{0.02, nan, 0.04}},
		// hand: 2·0.8/1 = 1.6, 2·0.9/2 = 0.9; step-up min gives 0.9 for both.
		{"step-up", []float64{0.9, 0.8}, []float64{0.9, 0.9}},
		// hand: ties 3·0.02/3 = 0.02.
		{"ties", []float64{0.02, 0.02, 0.02}, []float64{0.02, 0.02, 0.02}},
		// hand: capped at 1.
		{"cap", []float64{1, 1, 0.9}, []float64{1, 1, 1}},
		{"single", []float64{0.3}, []float64{0.3}},
		{"all NaN", []float64{nan, nan}, []float64{nan, nan}},
		{"empty", []float64{}, []float64{}},
		{"nil", nil, []float64{}},
		// python: same step-up formula on Benjamini & Hochberg (1995) §4's 15 p-values.
		{"BH1995", []float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000},
			[]float64{0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765, 0.48600000000000004, 0.5811818181818182, 0.714875, 0.7532307692307694, 0.8132142857142857, 1.0}},
	}
	for _, tc := range tests {
		in := slices.Clone(tc.p)
		got := BenjaminiHochberg(tc.p)
		if len(got) != len(tc.want) || got == nil {
			t.Fatalf("%s: got %v, want %v", tc.name, got, tc.want)
		}
		for i := range got {
			if !(sameFloat(got[i], tc.want[i]) || math.Abs(got[i]-tc.want[i]) < 1e-15) {
				t.Errorf("%s: q[%d] = %.17g, want %.17g", tc.name, i, got[i], tc.want[i])
			}
		}
		for i := range in {
			if !sameFloat(in[i], tc.p[i]) {
				t.Errorf("%s: input modified", tc.name)
			}
		}
	}
	// Published: Benjamini & Hochberg (1995) §4 reject 4 hypotheses at FDR 0.05.
	q := BenjaminiHochberg([]float64{0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000})
	rejected := 0
	for _, v := range q {
		if v <= 0.05 {
			rejected++
		}
	}
	if rejected != 4 {
		t.Errorf("BH1995 example: %d rejections, published 4", rejected)
	}
	// Properties on random input: monotone in p, q ≥ p, q ≤ 1.
	r := rand.New(rand.NewPCG(1, 2))
	p := make([]float64, 500)
	for i := range p {
		p[i] = r.Float64() * r.Float64()
	}
	q = BenjaminiHochberg(p)
	for i := range p {
		if q[i] < p[i] || q[i] > 1 {
			t.Fatalf("q[%d]=%g p=%g", i, q[i], p[i])
		}
		for j := range p {
			if p[i] < p[j] && q[i] > q[j] {
				t.Fatalf("not monotone: p %g<%g but q %g>%g", p[i], p[j], q[i], q[j])
			}
		}
	}
}

func TestPercentileRanks(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name string
		x    []float64
		want []float64
	}{
		// hand: m=4 sorted 1,2,2,3 → 1: 0.5/4; 2: (1+1)/4; 3: (3+0.5)/4.
		{"ties and NaN", []float64{3, 1, 2, 2, nan}, []float64{0.875, 0.125, 0.5, 0.5, nan}},
		// hand: all tied → 0.5·3/3.
		{"all tied", []float64{5, 5, 5}, []float64{0.5, 0.5, 0.5}},
		// hand: single value 0.5/1.
		{"single", []float64{7}, []float64{0.5}},
		// hand: −0 == +0.
		{"signed zero", []float64{0, math.Copysign(0, -1)}, []float64{0.5, 0.5}},
		// hand: m=3: −Inf 0.5/3, 0 1.5/3, +Inf 2.5/3.
		{"infinities", []float64{inf, -inf, 0}, []float64{2.5 / 3, 0.5 / 3, 1.5 / 3}},
		{"all NaN", []float64{nan}, []float64{nan}},
		{"empty", []float64{}, []float64{}},
	}
	for _, tc := range tests {
		got := PercentileRanks(tc.x)
		if len(got) != len(tc.want) {
			t.Fatalf("%s: got %v", tc.name, got)
		}
		for i := range got {
			if !(sameFloat(got[i], tc.want[i]) || math.Abs(got[i]-tc.want[i]) < 1e-15) {
				t.Errorf("%s: rank[%d] = %v, want %v", tc.name, i, got[i], tc.want[i])
			}
		}
	}
	// Random input with many ties against the O(n²) definition.
	r := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, 300)
	for i := range x {
		x[i] = float64(r.IntN(40))
		if r.IntN(20) == 0 {
			x[i] = nan
		}
	}
	got := PercentileRanks(x)
	m := 0
	for _, v := range x {
		if !math.IsNaN(v) {
			m++
		}
	}
	for i, xi := range x {
		if math.IsNaN(xi) {
			if !math.IsNaN(got[i]) {
				t.Fatalf("NaN input %d gave %v", i, got[i])
			}
			continue
		}
		var below, equal float64
		for _, xj := range x {
			switch {
			case xj < xi:
				below++
			case xj == xi:
				equal++
			}
		}
		if want := (below + 0.5*equal) / float64(m); math.Abs(got[i]-want) > 1e-15 {
			t.Fatalf("rank[%d] = %v, want %v", i, got[i], want)
		}
	}
}

func TestSpearman(t *testing.T) {
	t.Parallel()
	// Hand computation: ranks of x = 1..5, y reversed gives ρ = -1; y = x² gives ρ = 1;
	// x = (1,2,3,4,5), y = (2,1,4,3,5): d² = 1+1+1+1+0 = 4, ρ = 1 − 6·4/(5·24) = 0.8.
	cases := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{5, 4, 3, 2, 1}, -1},
		{[]float64{1, 2, 3, 4, 5}, []float64{1, 4, 9, 16, 25}, 1},
		{[]float64{1, 2, 3, 4, 5}, []float64{2, 1, 4, 3, 5}, 0.8},
		// Ties share their mid-rank. Hand: ranks of x 1.5, 1.5, 3 and of y 1, 2, 3;
		// the Pearson correlation of the ranks is 1.5/√(1.5·2) = √3/2.
		{[]float64{1, 1, 2}, []float64{1, 2, 3}, math.Sqrt(3) / 2},
	}
	for _, c := range cases {
		if got := Spearman(c.x, c.y); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Spearman(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

func TestTwoProportionZ(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name           string
		x1, n1, x2, n2 int
		z, p           float64
	}{
		// hand: p̂=0.375, se=√(0.375·0.625·0.02)=0.0684653, z=0.15/se;
		// python: math.erfc(|z|/√2) for p.
		{"45/100 vs 30/100", 45, 100, 30, 100, 2.1908902300206647, 0.02845973691631057},
		// hand: n=1 each, p̂=1/2, se=√(0.25·2)=1/√2, z=√2; python erfc for p.
		{"n=1", 1, 1, 0, 1, math.Sqrt2, 0.1572992070502852},
		// python, same formula.
		{"10/200 vs 30/250", 10, 200, 30, 250, -2.592790191205172, 0.009520082831889154},
		{"zero count", 0, 5, 3, 5, -2.0701966780270626, 0.038433930236781745},
		// Degenerate → (0, 1).
		{"n1=0", 0, 0, 3, 5, 0, 1},
		{"n2=0", 3, 5, 0, 0, 0, 1},
		{"all zero successes", 0, 10, 0, 10, 0, 1},
		{"all successes", 10, 10, 5, 5, 0, 1},
		// Invalid → NaN.
		{"x1>n1", 6, 5, 1, 5, nan, nan},
		{"x2<0", 1, 5, -1, 5, nan, nan},
	}
	for _, tc := range tests {
		z, p := TwoProportionZ(tc.x1, tc.n1, tc.x2, tc.n2)
		if !(sameFloat(z, tc.z) || math.Abs(z-tc.z) < 1e-13) || !(sameFloat(p, tc.p) || relErr(p, tc.p) < 1e-13) {
			t.Errorf("%s: got (%.17g, %.17g), want (%.17g, %.17g)", tc.name, z, p, tc.z, tc.p)
		}
	}
	// z² equals Pearson's χ² = N(ad−bc)²/(r1 r2 c1 c2) (hand identity) and
	// swapping groups negates z.
	z, _ := TwoProportionZ(45, 100, 30, 100)
	chi2 := 200.0 * math.Pow(45*70-55*30, 2) / (100 * 100 * 75 * 125)
	if math.Abs(z*z-chi2) > 1e-12 {
		t.Errorf("z² = %g, Pearson χ² = %g", z*z, chi2)
	}
	if zs, _ := TwoProportionZ(30, 100, 45, 100); zs != -z {
		t.Errorf("swap: %g vs %g", zs, z)
	}
}

func TestCochranArmitage(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	tests := []struct {
		name   string
		x, n   []int
		scores []float64
		z, p   float64
	}{
		// hand: N=30, p̄=1/3, s̄=2, T = 1·(−1) + 6·1 = 5,
		// Var = (1/3)(2/3)(10+10) = 40/9, z = 15/√40; python erfc for p.
		{"hand", []int{1, 3, 6}, []int{10, 10, 10}, []float64{1, 2, 3}, 15 / math.Sqrt(40), 0.017706065807366635},
		// python, same formula: z² = 3.8431372549019605.
		{"decreasing", []int{5, 4, 2, 1}, []int{20, 20, 20, 20}, []float64{0, 1, 2, 3}, -1.9603921176392136, 0.04994997645474646},
		// python, same formula, on Agresti's infant malformation data (below).
		{"Agresti", []int{48, 38, 5, 1, 1}, []int{17114, 14502, 793, 127, 38}, []float64{0, 0.5, 1.5, 4, 7}, 2.5632272518654204, 0.010370414572997443},
		// Degenerate → (0, 1).
		{"empty", nil, nil, nil, 0, 1},
		{"one group", []int{3}, []int{10}, []float64{1}, 0, 1},
		{"all rows in one group", []int{0, 3, 0}, []int{0, 10, 0}, []float64{1, 2, 3}, 0, 1},
		{"zero successes", []int{0, 0}, []int{5, 5}, []float64{1, 2}, 0, 1},
		{"all successes", []int{5, 5}, []int{5, 5}, []float64{1, 2}, 0, 1},
		{"equal scores", []int{1, 4}, []int{5, 5}, []float64{2, 2}, 0, 1},
		// Invalid → NaN.
		{"length mismatch", []int{1, 2}, []int{5, 5}, []float64{1}, nan, nan},
		{"x>n", []int{6, 2}, []int{5, 5}, []float64{1, 2}, nan, nan},
		{"NaN score", []int{1, 2}, []int{5, 5}, []float64{1, nan}, nan, nan},
	}
	for _, tc := range tests {
		z, p := CochranArmitage(tc.x, tc.n, tc.scores)
		if !(sameFloat(z, tc.z) || math.Abs(z-tc.z) < 1e-12) || !(sameFloat(p, tc.p) || relErr(p, tc.p) < 1e-12) {
			t.Errorf("%s: got (%.17g, %.17g), want (%.17g, %.17g)", tc.name, z, p, tc.z, tc.p)
		}
	}
	// Published: Agresti, Categorical Data Analysis (2nd ed., 2002, §3.4.5,
	// Table 3.7), maternal alcohol vs. malformation, scores 0,0.5,1.5,4,7:
	// M² = (N−1)r² = 6.57, P = 0.01. M² = z²·(N−1)/N with N = 32574.
	x := []int{48, 38, 5, 1, 1}
	n := []int{17114, 14502, 793, 127, 38}
	z, p := CochranArmitage(x, n, []float64{0, 0.5, 1.5, 4, 7})
	if m2 := z * z * 32573 / 32574; math.Abs(m2-6.57) > 0.005 || math.Abs(p-0.01) > 0.0005 {
		t.Errorf("Agresti: M² = %.4f (published 6.57), p = %.4f (published 0.01)", m2, p)
	}
	// Affine invariance of scores and sign flip on reversal (algebraic).
	z1, _ := CochranArmitage([]int{1, 3, 6}, []int{10, 10, 10}, []float64{1, 2, 3})
	z2, _ := CochranArmitage([]int{1, 3, 6}, []int{10, 10, 10}, []float64{7, 9, 11})
	z3, _ := CochranArmitage([]int{1, 3, 6}, []int{10, 10, 10}, []float64{3, 2, 1})
	if math.Abs(z1-z2) > 1e-14 || math.Abs(z1+z3) > 1e-14 {
		t.Errorf("invariance: %g %g %g", z1, z2, z3)
	}
}

func TestMantelHaenszel(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name     string
		strata   []Table2x2
		z, p, or float64
	}{
		// hand: tea table, E[A]=2, Var=4·4·4·4/(8²·7)=4/7, z=√7/2, OR=9;
		// python 0.5·erfc(z/√2) for p.
		{"tea", []Table2x2{{3, 1, 1, 3}}, math.Sqrt(7) / 2, 0.09293836618293796, 9},
		// python, exact Fractions for ΣA−ΣE = 8 and ΣVar = 6.04013104013104,
		// then z and 0.5·erfc(z/√2); the t=1 stratum is skipped.
		{"three strata", []Table2x2{{10, 20, 5, 40}, {8, 12, 6, 30}, {3, 2, 1, 4}, {1, 0, 0, 0}},
			3.255118524749827, 0.0005667252618550918, 3.8378378378378377},
		// python, same formula; negative association → pUpper near 1.
		{"negative", []Table2x2{{2, 10, 8, 5}, {1, 6, 7, 3}}, -3.1293120255520046, 0.999123919303865, 0.1016597510373444},
		// hand: E=1.5, Var=81/180, z=1.5/√0.45=√5; OR = (9/6)/0 = +Inf; python erfc for p.
		{"OR inf", []Table2x2{{3, 0, 0, 3}}, math.Sqrt(5), 0.5 * math.Erfc(math.Sqrt(5)/math.Sqrt2), inf},
		// Degenerate.
		{"no strata", nil, 0, 1, nan},
		{"only tiny strata", []Table2x2{{1, 0, 0, 0}, {0, 0, 0, 0}}, 0, 1, nan},
		{"zero margin", []Table2x2{{0, 0, 3, 4}}, 0, 1, nan},
		{"negative count", []Table2x2{{1, -1, 2, 3}}, nan, nan, nan},
	}
	for _, tc := range tests {
		z, p, or := MantelHaenszel(tc.strata)
		ok := (sameFloat(z, tc.z) || math.Abs(z-tc.z) < 1e-13) &&
			(sameFloat(p, tc.p) || relErr(p, tc.p) < 1e-12) &&
			(sameFloat(or, tc.or) || relErr(or, tc.or) < 1e-14)
		if !ok {
			t.Errorf("%s: got (%.17g, %.17g, %.17g), want (%.17g, %.17g, %.17g)", tc.name, z, p, or, tc.z, tc.p, tc.or)
		}
	}
	// One stratum: z² = Pearson χ²·(t−1)/t (hand identity); tea: χ² = 2, z² = 7/4.
	z, _, _ := MantelHaenszel([]Table2x2{{3, 1, 1, 3}})
	if math.Abs(z*z-2*7.0/8) > 1e-14 {
		t.Errorf("tea z² = %.17g, want 1.75", z*z)
	}
}

func TestNiceNumber(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		x    float64
		mode int
		want float64
	}{
		// All hand-derived from the definition (1–2–5 series; log-scale
		// midpoints √2 ≈ 1.414, √10 ≈ 3.162, √50 ≈ 7.071).
		{3, -1, 2}, {3, 1, 5}, {3, 0, 2}, {3.2, 0, 5},
		{7, 0, 5}, {7.1, 0, 10}, {1.4, 0, 1}, {1.5, 0, 2},
		{1000, -1, 1000}, {1000, 1, 1000}, {1000, 0, 1000},
		{999.9, 1, 1000}, {1001, -1, 1000}, {1001, 1, 2000},
		{0.2, -1, 0.2}, {0.2, 1, 0.2}, {5e-5, -1, 5e-5}, {5e-5, 1, 5e-5},
		{0.3, 1, 0.5}, {0.1 + 0.2, -1, 0.2}, {0.07, 0, 0.05},
		{1.5e300, -1, 1e300}, {3e-300, 1, 5e-300}, {2e-250, -1, 2e-250},
		{9e307, 1, 1e308}, {1.7e308, 1, inf}, // 2e308 overflows
		{3, 7, 5}, {3, -9, 2}, // modes beyond ±1 act as ±1
		// Negatives mirror: largest nice ≤ −3 is −5, smallest ≥ −3 is −2.
		{-3, -1, -5}, {-3, 1, -2}, {-3, 0, -2}, {-7.1, 0, -10}, {-20, -1, -20},
		// Special values.
		{0, -1, 0}, {0, 0, 0}, {0, 1, 0}, {nan, 0, nan}, {inf, -1, inf}, {-inf, 1, -inf},
	}
	for _, tc := range tests {
		if got := NiceNumber(tc.x, tc.mode); !sameFloat(got, tc.want) {
			t.Errorf("NiceNumber(%v, %d) = %v, want %v", tc.x, tc.mode, got, tc.want)
		}
	}
}

func TestNiceCandidates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		lo, hi float64
		want   []float64
	}{
		// hand, from the definition.
		{1, 100, []float64{1, 2, 5, 10, 20, 50, 100}},
		{3, 40, []float64{5, 10, 20}},
		{0.15, 0.6, []float64{0.2, 0.5}},
		{3, 4, nil},
		{2, 2, []float64{2}},
		{-100, -3, []float64{-100, -50, -20, -10, -5}},
		// Range containing 0: magnitudes ≥ 10^(e−6) where 10^e ≤ max(|lo|,|hi|) < 10^(e+1).
		{0, 1e-4, []float64{0, 1e-10, 2e-10, 5e-10, 1e-9, 2e-9, 5e-9, 1e-8, 2e-8, 5e-8, 1e-7, 2e-7, 5e-7, 1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4}},
		{-1, 1, []float64{-1, -0.5, -0.2, -0.1, -0.05, -0.02, -0.01, -0.005, -0.002, -0.001, -5e-4, -2e-4, -1e-4, -5e-5, -2e-5, -1e-5, -5e-6, -2e-6, -1e-6,
			0, 1e-6, 2e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1}},
		{0, 0, []float64{0}},
		// Invalid.
		{2, 1, nil}, {math.NaN(), 1, nil}, {1, math.Inf(1), nil},
	}
	for _, tc := range tests {
		got := NiceCandidates(tc.lo, tc.hi)
		if !slices.Equal(got, tc.want) {
			t.Errorf("NiceCandidates(%v, %v) = %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
	// Wide ranges: 1e-60..1e60 is 121 decades → 3·120 + 1 = 361 values;
	// 1e-200..1e200 would be ~1201, so only the 401 decades are listed.
	if got := NiceCandidates(1e-60, 1e60); len(got) != 361 || got[0] != 1e-60 || got[360] != 1e60 {
		t.Errorf("1e-60..1e60: %d values", len(got))
	}
	dec := NiceCandidates(1e-200, 1e200)
	if len(dec) != 401 {
		t.Errorf("1e-200..1e200: %d values, want 401 decades", len(dec))
	}
	for _, c := range append(dec, NiceCandidates(1e-60, 1e60)...) {
		if NiceNumber(c, -1) != c || NiceNumber(c, 1) != c {
			t.Errorf("candidate %v is not a fixed point of NiceNumber", c)
		}
	}
	for i := 1; i < len(dec); i++ {
		if dec[i] <= dec[i-1] || relErr(dec[i]/dec[i-1], 10) > 1e-12 {
			t.Fatalf("decades not ascending by 10 at %d: %v %v", i, dec[i-1], dec[i])
		}
	}
}

func TestRoundSig(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		x    float64
		sig  int
		want float64
	}{
		// hand: the decimal with sig significant digits, read back as the literal.
		{0.012345, 2, 0.012}, {0.012345, 3, 0.0123}, {123456, 2, 120000}, {123456, 3, 123000},
		{-0.0456, 2, -0.046}, {9.96, 2, 10}, {0.00049999, 1, 0.0005}, {1.5e-300, 1, 2e-300},
		// Ties go to even on the exact binary value: 0.125 and 2.5 are exact halves,
		// 0.135 is stored as 0.13500000000000000888 (above the half).
		{0.125, 2, 0.12}, {2.5, 1, 2}, {0.135, 2, 0.14},
		// sig = 0 acts as 1; negative sig keeps the shortest representation.
		{0.012345, 0, 0.01}, {0.012345, -1, 0.012345},
		// Special values are returned unchanged.
		{0, 3, 0}, {nan, 3, nan}, {inf, 3, inf}, {-inf, 3, -inf},
	}
	for _, tc := range tests {
		if got := RoundSig(tc.x, tc.sig); !sameFloat(got, tc.want) {
			t.Errorf("RoundSig(%v, %d) = %v, want %v", tc.x, tc.sig, got, tc.want)
		}
	}
}

func TestRound(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		x    float64
		d    int
		want float64
	}{
		// hand: d decimal places, half away from zero.
		{0.123456, 4, 0.1235}, {1.23456, 3, 1.235}, {2.5, 0, 3}, {-2.5, 0, -3},
		{0.5, 0, 1}, {-0.04, 1, 0}, {1234, -2, 1200}, {1250, -2, 1300},
		// 1.005 is stored as 1.00499999999999989342: rounding works on the stored value.
		{1.005, 2, 1},
		{0, 3, 0}, {nan, 3, nan}, {inf, 3, inf}, {-inf, 3, -inf},
	}
	for _, tc := range tests {
		if got := Round(tc.x, tc.d); !sameFloat(got, tc.want) {
			t.Errorf("Round(%v, %d) = %v, want %v", tc.x, tc.d, got, tc.want)
		}
	}
}

// TestPercentileRanksLarge checks the radix-sorted path (large inputs) against the
// definition, rank = (#below + ½·#equal)/m, on values of both signs with many ties,
// signed zeros, infinities and NaNs.
func TestPercentileRanksLarge(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	specials := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e-300, -1e300, math.SmallestNonzeroFloat64}
	x := make([]float64, 20_000)
	for i := range x {
		switch r.IntN(4) {
		case 0:
			x[i] = specials[r.IntN(len(specials))]
		case 1:
			x[i] = float64(r.IntN(50) - 25) // ties
		default:
			x[i] = r.NormFloat64() * math.Pow(10, float64(r.IntN(12)-6))
		}
	}
	var sorted []float64
	for _, v := range x {
		if !math.IsNaN(v) {
			sorted = append(sorted, v)
		}
	}
	slices.Sort(sorted)
	m := float64(len(sorted))
	got := PercentileRanks(x)
	for i, v := range x {
		if math.IsNaN(v) {
			if !math.IsNaN(got[i]) {
				t.Fatalf("NaN input %d gave %v", i, got[i])
			}
			continue
		}
		lo, _ := slices.BinarySearch(sorted, v)
		hi := lo
		for hi < len(sorted) && sorted[hi] == v {
			hi++
		}
		if want := (float64(lo) + 0.5*float64(hi-lo)) / m; got[i] != want {
			t.Fatalf("rank of x[%d] = %v: %v, want %v", i, v, got[i], want)
		}
	}
}

func BenchmarkPercentileRanks(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	x := make([]float64, 1_000_000)
	for i := range x {
		x[i] = math.Exp(r.NormFloat64() * 2)
	}
	b.ReportAllocs()
	for b.Loop() {
		PercentileRanks(x)
	}
}

// TestHypergeomTails checks that both tails read off one sum equal the exact tails
// (every (b, n, B, N) with N ≤ 22, math/big) and the separate functions (a grid up to
// N = 1e7, tails down to 1e-300), including the edges of the support and the mode.
func TestHypergeomTails(t *testing.T) {
	t.Parallel()
	for N := 0; N <= 22; N++ {
		for B := 0; B <= N; B++ {
			for n := 0; n <= N; n++ {
				for b := -1; b <= min(n, B)+1; b++ {
					up, low := HypergeomTails(b, n, B, N)
					wu, _ := exactUpperRat(b, n, B, N).Float64()
					wl, _ := new(big.Rat).Sub(big.NewRat(1, 1), exactUpperRat(b+1, n, B, N)).Float64()
					if relErr(up, wu) > 1e-12 || relErr(low, wl) > 1e-12 {
						t.Fatalf("HypergeomTails(%d,%d,%d,%d) = %.17g, %.17g; exact %.17g, %.17g", b, n, B, N, up, low, wu, wl)
					}
				}
			}
		}
	}
	params := [][3]int{ // n, B, N
		{50, 100, 1000}, {1000, 2000, 5000}, {500, 30, 100000}, {100, 100, 10000},
		{5000, 2000, 10000}, {273_632, 200_000, 1_000_000},
		{500_000, 2_000_000, 10_000_000}, {5_000_000, 5_000_000, 10_000_000},
	}
	worst := 0.0
	for _, p := range params {
		n, B, N := p[0], p[1], p[2]
		lo, hi := max(0, n+B-N), min(n, B)
		step := max(1, (hi-lo)/300)
		mode := int(math.Floor((float64(n) + 1) * (float64(B) + 1) / (float64(N) + 2)))
		bs := []int{lo - 1, lo, lo + 1, mode - 1, mode, mode + 1, hi - 1, hi, hi + 1}
		for b := lo; b <= hi; b += step {
			bs = append(bs, b)
		}
		for _, b := range bs {
			up, low := HypergeomTails(b, n, B, N)
			wu, wl := HypergeomUpper(b, n, B, N), HypergeomLower(b, n, B, N)
			for _, e := range []float64{relErr(up, wu), relErr(low, wl)} {
				worst = max(worst, e)
				if e > 1e-12 {
					t.Errorf("n=%d B=%d N=%d b=%d: tails %.17g, %.17g; separately %.17g, %.17g", n, B, N, b, up, low, wu, wl)
				}
			}
		}
	}
	t.Logf("worst relative difference from the separate functions: %.3g", worst)
	if up, low := HypergeomTails(1, 5, 3, 4); !math.IsNaN(up) || !math.IsNaN(low) {
		t.Errorf("invalid arguments (n > N): got %v, %v; want NaN, NaN", up, low)
	}
}

func BenchmarkHypergeomTails(b *testing.B) {
	// A condition of 2,700 customers among 10,000, 2,000 of them best: the size of a
	// validation re-run's conditions.
	b.Run("separate", func(b *testing.B) {
		for b.Loop() {
			HypergeomUpper(560, 2700, 2000, 10000)
			HypergeomLower(560, 2700, 2000, 10000)
		}
	})
	b.Run("tails", func(b *testing.B) {
		for b.Loop() {
			HypergeomTails(560, 2700, 2000, 10000)
		}
	})
}

// TestHypergeomMedianBound checks the bound the validation re-runs use for a churn p
// they cannot use (analysis evaluate): P(X ≥ ⌊mean⌋) ≥ 1/2 for X ~ Hypergeometric —
// the hypergeometric is a sum of independent Bernoulli variables, whose median is ⌊mean⌋
// or ⌈mean⌉ — on every (n, B, N) with N ≤ 120 and 100,000 random ones up to N = 2·10⁶.
func TestHypergeomMedianBound(t *testing.T) {
	t.Parallel()
	worst := 1.0
	check := func(n, B, N int) {
		k := int(math.Floor(float64(n) * float64(B) / float64(N)))
		p := HypergeomUpper(k, n, B, N)
		worst = min(worst, p)
		if p < 0.5 {
			t.Fatalf("n=%d B=%d N=%d: P(X ≥ %d) = %v, below 1/2", n, B, N, k, p)
		}
	}
	for N := 1; N <= 120; N++ {
		for B := 0; B <= N; B++ {
			for n := 0; n <= N; n++ {
				check(n, B, N)
			}
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for range 100_000 {
		N := 2 + r.IntN(2_000_000)
		check(r.IntN(N+1), r.IntN(N+1), N)
	}
	t.Logf("smallest P(X ≥ ⌊mean⌋): %.6f", worst)
}
