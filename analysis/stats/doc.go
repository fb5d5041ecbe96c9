// Package stats provides the numerics behind an Ideal Customer Profile: exact tests
// and intervals for counts, multiple-testing correction, ranks and order statistics,
// and the rounding of cut points to numbers a person would write.
//
// It depends on the standard library and gonum only, never on the rest of the
// project, and works on plain ints, float64s and slices of them.
//
// What is here:
//
//   - Fisher's exact test, one-sided: HypergeomUpper and HypergeomLower, the tails
//     of the hypergeometric distribution (Loader 2000's saddle-point pmf, as in R's
//     dhyper; accurate to ~1e-13 relative down to tails of 1e-300).
//   - Binomial proportions: Wilson, the Wilson (1927) score interval; Z95, the
//     two-sided 95% normal quantile; TwoProportionZ, the pooled two-sample z test
//     (R's prop.test without continuity correction).
//   - Trend and stratified tests: CochranArmitage, the test for a linear trend in
//     proportions (Armitage 1955, R's prop.trend.test); MantelHaenszel over
//     Table2x2 strata, the Cochran–Mantel–Haenszel test and common odds ratio.
//   - Multiple testing: BenjaminiHochberg, the false-discovery-rate step-up
//     adjustment (Benjamini & Hochberg 1995).
//   - Ranks and order statistics: PercentileRanks (mid-ranks for ties), Spearman's
//     rank correlation, Median, SelectRanks (several quantiles at once by
//     quickselect) and Bin (the bin of a value among sorted cut points).
//   - Distribution shift: PSI, the population stability index of two binned
//     distributions.
//   - Rounding: NiceNumber and NiceCandidates (the 1–2–5 series: 1, 2, 5, 10, 20,
//     …), RoundSig (significant digits) and Round (decimal places).
//
// Conventions, as in gonum/stat: every function states its preconditions and what
// NaN, empty and degenerate input give. Invalid counts (negative, or more successes
// than trials) give NaN rather than a panic; data without
// information (no trials, a zero margin) gives the neutral answer (z = 0, p = 1, the
// interval (0, 1)). Inputs are never modified unless the doc comment says so.
//
// Sources: every expected number in the tests names where it comes from — a
// publication (Fisher 1935, Newcombe 1998, Benjamini & Hochberg 1995, Agresti's
// Categorical Data Analysis), exact rational arithmetic (Python's fractions, Go's
// math/big), or a hand calculation shown in a comment — and the tests add
// brute-force, symmetry and complement checks.
package stats
