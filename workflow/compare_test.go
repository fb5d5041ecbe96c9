package workflow

import "testing"

func TestBestSpec(t *testing.T) {
	for rule, want := range map[string]string{
		"won is yes":     "won",
		"segment = Gold": "segment=Gold",
		"top 20% by the weighted mean of percentile ranks of ltv (higher, weight 1)": "",
	} {
		if got := bestSpec(rule); got != want {
			t.Errorf("bestSpec(%q) = %q, want %q", rule, got, want)
		}
	}
}
