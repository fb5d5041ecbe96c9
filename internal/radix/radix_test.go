package radix

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSort sorts keys with many repeats, small (comparison) and large (radix), and
// checks the result against a stable comparison sort: the same pairs, in the same
// order, equal keys keeping their input order.
func TestSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 100, 4095, 4096, 50_000} {
		for _, spread := range []uint64{1, 7, 1 << 20, math.MaxUint64} {
			ps := make([]Pair, n)
			for i := range ps {
				k := r.Uint64()
				if spread != math.MaxUint64 {
					k = r.Uint64N(spread) << 13 // low digits all equal: passes skipped
				}
				ps[i] = Pair{k, int32(i)}
			}
			want := slices.Clone(ps)
			slices.SortStableFunc(want, func(a, b Pair) int { return cmp.Compare(a.Key, b.Key) })
			if got := Sort(ps); !slices.Equal(got, want) {
				t.Fatalf("n=%d spread=%d: not the stable order", n, spread)
			}
		}
	}
}

// TestFloatKey: keys order as the values do, equal values (−0, +0) share a key.
func TestFloatKey(t *testing.T) {
	vs := []float64{math.Inf(-1), -1e300, -2.5, -1, -math.SmallestNonzeroFloat64, 0, math.SmallestNonzeroFloat64, 1e-300, 1, 2.5, 1e300, math.Inf(1)}
	for i := 1; i < len(vs); i++ {
		if !(FloatKey(vs[i-1]) < FloatKey(vs[i])) {
			t.Errorf("FloatKey(%g) ≥ FloatKey(%g)", vs[i-1], vs[i])
		}
	}
	if FloatKey(math.Copysign(0, -1)) != FloatKey(0) {
		t.Error("−0 and +0 have different keys")
	}
}

// TestStringKey: the FNV-1a 64-bit reference values.
func TestStringKey(t *testing.T) {
	for s, want := range map[string]uint64{"": 0xcbf29ce484222325, "a": 0xaf63dc4c8601ec8c, "foobar": 0x85944171f73967e8} {
		if got := StringKey(s); got != want {
			t.Errorf("StringKey(%q) = %#x, want %#x", s, got, want)
		}
	}
}

// TestSortInts checks SortInts against slices.Sort on row numbers of several ranges,
// below and above the comparison cut-off, and on input with a negative value.
func TestSortInts(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 1023, 1024, 10_000, 100_000} {
		for _, spread := range []int{1, 2, 2047, 2048, 1 << 22, math.MaxInt} {
			xs := make([]int, n)
			for i := range xs {
				xs[i] = r.IntN(spread)
			}
			if n > 0 && spread == math.MaxInt {
				xs[n/2] = -5
			}
			want := slices.Clone(xs)
			slices.Sort(want)
			if SortInts(xs); !slices.Equal(xs, want) {
				t.Fatalf("n=%d spread=%d: not sorted", n, spread)
			}
		}
	}
}

// FuzzSortInts: any list of ints sorts as slices.Sort sorts it.
func FuzzSortInts(f *testing.F) {
	f.Add([]byte{3, 1, 2, 0, 255, 7})
	f.Fuzz(func(t *testing.T, b []byte) {
		xs := make([]int, 0, len(b)*4)
		for k := range 4 * len(b) { // repeated to cross the radix cut-off
			xs = append(xs, int(b[k%len(b)])<<(k%24)+k)
		}
		if len(b)%5 == 1 {
			xs = append(xs, -int(b[0]))
		}
		want := slices.Clone(xs)
		slices.Sort(want)
		if SortInts(xs); !slices.Equal(xs, want) {
			t.Fatalf("%v: not sorted", b)
		}
	})
}

// TestSortTop sorts by the top bits only: the result is a stable comparison sort on
// Key>>(64−bits), so pairs sharing those bits keep their input order.
func TestSortTop(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{100, 5000, 50_000} {
		for _, bits := range []int{1, 7, 11, 12, 33, 40, 63, 64} {
			ps := make([]Pair, n)
			for i := range ps {
				ps[i] = Pair{r.Uint64() >> r.UintN(64) << r.UintN(8), int32(i)}
			}
			drop := uint(64 - bits)
			want := slices.Clone(ps)
			slices.SortStableFunc(want, func(a, b Pair) int { return cmp.Compare(a.Key>>drop, b.Key>>drop) })
			if got := SortTop(ps, bits); !slices.Equal(got, want) {
				t.Fatalf("n=%d bits=%d: not the stable order on the top bits", n, bits)
			}
		}
	}
}
