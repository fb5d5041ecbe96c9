package analysis

import (
	"slices"
	"testing"
)

func TestDistinctUpTo(t *testing.T) {
	t.Parallel()
	if d := distinctUpTo([]float64{3, 1, 3, 2, 1}, 3); !slices.Equal(d, []float64{3, 1, 2}) {
		t.Errorf("got %v", d)
	}
	if d := distinctUpTo([]float64{3, 1, 3, 2, 1, 4}, 3); d != nil {
		t.Errorf("got %v, want nil", d)
	}
}
