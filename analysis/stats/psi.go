package stats

import "math"

// PSIEpsilon is the share PSI puts in place of an empty bin's share, so that the
// logarithm stays finite (a bin empty on one side and holding share s on the other
// contributes about s·ln(s/ε)).
const PSIEpsilon = 1e-4

// PSI returns the population stability index of actual against expected over matching
// bins:
//
//	PSI = Σᵢ (aᵢ − eᵢ) · ln(aᵢ / eᵢ)
//
// where eᵢ and aᵢ are bin i's shares of expected and actual. Each slice is divided by
// its sum, so counts may be passed as well as shares; a share of 0 is replaced by
// PSIEpsilon (without renormalising). PSI is the symmetric Kullback–Leibler divergence
// (J-divergence) of the two binned distributions: 0 for identical shares, larger as
// they part. The usual rule of thumb in credit scoring (Siddiqi, Credit Risk Scorecards,
// 2006): below 0.1 stable, 0.1–0.25 a moderate shift, above 0.25 a major one.
//
// Slices of different or zero length, a negative or NaN entry, or a zero or infinite
// sum give NaN. The inputs are not modified. O(n).
func PSI(expected, actual []float64) float64 {
	if len(expected) != len(actual) || len(expected) == 0 {
		return math.NaN()
	}
	var se, sa float64
	for i := range expected {
		if !(expected[i] >= 0) || !(actual[i] >= 0) {
			return math.NaN()
		}
		se += expected[i]
		sa += actual[i]
	}
	if !(se > 0) || !(sa > 0) || math.IsInf(se, 0) || math.IsInf(sa, 0) {
		return math.NaN()
	}
	var psi float64
	for i := range expected {
		e, a := expected[i]/se, actual[i]/sa
		if e == 0 {
			e = PSIEpsilon
		}
		if a == 0 {
			a = PSIEpsilon
		}
		psi += (a - e) * math.Log(a/e)
	}
	return psi
}
