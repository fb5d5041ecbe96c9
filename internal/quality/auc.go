// Package quality judges how well a ranking of customers separates the best
// customers from the rest on data it was not derived from, and provides a strong
// baseline ranking to judge a derived profile against.
//
// AUC measures a ranking: the probability that a randomly chosen best customer
// scores above a randomly chosen other customer (ties counting half). Fit trains the
// baseline, an L2-penalised logistic regression on every attribute (one-hot
// categories and list items, log1p of numbers, standardised), on one export;
// Model.Score ranks another export, which may spell, order or lack levels
// differently. A profile derived from the first export is then worth its fit score's
// AUC on the second export, next to the baseline's AUC there.
package quality

import (
	"math"
	"sort"
)

// AUC returns the area under the ROC curve of scores for the binary labels (true =
// positive): the Mann–Whitney probability that a positive scores higher than a
// negative, ties counting half. It is NaN when there is no positive or no
// negative, or when a score is NaN. scores and labels must have the same length
// (AUC panics otherwise).
func AUC(scores []float64, labels []bool) float64 {
	if len(scores) != len(labels) {
		panic("quality.AUC: scores and labels differ in length")
	}
	idx := make([]int, len(scores))
	for i := range idx {
		if math.IsNaN(scores[i]) {
			return math.NaN()
		}
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	// Sum of the (average, 1-based) ranks of the positives.
	var rankSum, pos float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			if labels[idx[k]] {
				rankSum += avg
				pos++
			}
		}
		i = j
	}
	neg := float64(len(idx)) - pos
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
