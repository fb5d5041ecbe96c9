package stats

import (
	"math"
	"testing"
)

// Known answers, computed by hand from PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ).
func TestPSI(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		e, a     []float64
		want     float64
		exactNaN bool
	}{
		// 0.1·ln(0.6/0.5) + (−0.1)·ln(0.4/0.5) = 0.1·(0.18232156 + 0.22314355)
		{"shares", []float64{0.5, 0.5}, []float64{0.6, 0.4}, 0.04054651081, false},
		// counts normalise: shares .5/.3/.2 → .3/.3/.4: 0.2·ln(5/3) + 0 + 0.2·ln 2
		{"counts", []float64{50, 30, 20}, []float64{30, 30, 40}, 0.2*math.Log(5.0/3) + 0.2*math.Log(2), false},
		// empty bin: (0.5−1)·ln(0.5) + (0.5−ε)·ln(0.5/ε), ε = 1e-4
		{"empty bin", []float64{1, 0}, []float64{0.5, 0.5}, -0.5*math.Log(0.5) + (0.5-1e-4)*math.Log(0.5/1e-4), false},
		{"identical", []float64{3, 1}, []float64{6, 2}, 0, false},
		{"lengths differ", []float64{1, 2}, []float64{1}, 0, true},
		{"empty", nil, nil, 0, true},
		{"zero sum", []float64{0, 0}, []float64{1, 1}, 0, true},
		{"negative", []float64{-1, 2}, []float64{1, 1}, 0, true},
		{"NaN", []float64{math.NaN(), 2}, []float64{1, 1}, 0, true},
	}
	for _, c := range cases {
		got := PSI(c.e, c.a)
		if c.exactNaN {
			if !math.IsNaN(got) {
				t.Errorf("%s: PSI = %v, want NaN", c.name, got)
			}
		} else if math.Abs(got-c.want) > 1e-10 {
			t.Errorf("%s: PSI = %.12f, want %.12f", c.name, got, c.want)
		}
	}
	// PSI is symmetric.
	if a, b := PSI([]float64{1, 2, 3}, []float64{3, 2, 1}), PSI([]float64{3, 2, 1}, []float64{1, 2, 3}); a != b {
		t.Errorf("not symmetric: %v vs %v", a, b)
	}
}
