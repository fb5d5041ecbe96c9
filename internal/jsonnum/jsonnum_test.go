package jsonnum

import (
	"encoding/json"
	"math"
	"testing"
)

func TestNullable(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		x    float64
		want string
	}{{1.5, "1.5"}, {0, "0"}, {-2, "-2"}, {math.NaN(), "null"}, {math.Inf(1), "null"}, {math.Inf(-1), "null"}} {
		b, err := json.Marshal(Nullable(c.x))
		if err != nil || string(b) != c.want {
			t.Errorf("Nullable(%v) encodes as %s (%v), want %s", c.x, b, err, c.want)
		}
	}
}
