// Package indep is a customer-data generator written independently of internal/synth,
// so that the engine can be measured on data its authors did not tune it on.
//
// One latent fit score per customer (a planted effect plus noise) drives every outcome:
// a log-normal ltv, a logistic churn flag, a gamma-shaped sales cycle and a 0–10 NPS.
// Attributes include a Zipf-like industry, log-normal head count, revenue that only
// follows head count, a correlated multi-valued tech stack, a high-cardinality city and
// pure noise, with blanks in several columns. The truth comes in six shapes (see Shape),
// most with a negative trait (a funding stage that churns more). Generate is
// deterministic for a seed and keeps no global state. docs/INDEPENDENT.md gives the
// measured rates.
package indep
