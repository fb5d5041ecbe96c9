// Package jsonnum writes the numbers of the JSON output: a float64 with no value
// (NaN, or ±Inf from a division by zero) becomes null rather than an encoding error.
package jsonnum

import "math"

// Nullable returns a pointer to x, which encoding/json writes as a number, or nil,
// which it writes as null, when x is NaN or infinite.
func Nullable(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}
