package bitset

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// randomBools returns n booleans, each true with probability p.
func randomBools(r *rand.Rand, n int, p float64) []bool {
	b := make([]bool, n)
	for i := range b {
		b[i] = r.Float64() < p
	}
	return b
}

// TestAgainstBools checks every operation against the same operation on []bool, on
// lengths around word boundaries and densities from empty to full.
func TestAgainstBools(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 63, 64, 65, 127, 128, 129, 1000, 4097} {
		for _, p := range []float64{0, 0.01, 0.3, 0.5, 0.99, 1} {
			x, y, z, m := randomBools(r, n, p), randomBools(r, n, 0.5), randomBools(r, n, 1-p), randomBools(r, n, 0.2)
			sx, sy, sz, sm := FromBools(x), FromBools(y), FromBools(z), FromBools(m)
			var want []int32
			wantN, wantAnd, wantAll, wantAllM := 0, 0, 0, 0
			for i := range n {
				if sx.Has(i) != x[i] || sx.Bit(i) != map[bool]int{true: 1}[x[i]] {
					t.Fatalf("n=%d p=%v: Has(%d) = %v, want %v", n, p, i, sx.Has(i), x[i])
				}
				if x[i] {
					want = append(want, int32(i))
					wantN++
				}
				if x[i] && y[i] {
					wantAnd++
				}
				if x[i] && y[i] && z[i] {
					wantAll++
					if m[i] {
						wantAllM++
					}
				}
			}
			if got := sx.Count(); got != wantN {
				t.Errorf("n=%d p=%v: Count = %d, want %d", n, p, got, wantN)
			}
			if got := sx.Members(nil); !slices.Equal(got, want) {
				t.Errorf("n=%d p=%v: Members = %v, want %v", n, p, got, want)
			}
			if got := AndCount(sx, sy); got != wantAnd {
				t.Errorf("n=%d p=%v: AndCount = %d, want %d", n, p, got, wantAnd)
			}
			if got := sx.Clone().And(sy).Count(); got != wantAnd {
				t.Errorf("n=%d p=%v: And().Count = %d, want %d", n, p, got, wantAnd)
			}
			if got := sx.Clone().AndNot(sy).Count(); got != wantN-wantAnd {
				t.Errorf("n=%d p=%v: AndNot().Count = %d, want %d", n, p, got, wantN-wantAnd)
			}
			if got, want := sx.Clone().Or(sy).Count(), wantN+sy.Count()-wantAnd; got != want {
				t.Errorf("n=%d p=%v: Or().Count = %d, want %d", n, p, got, want)
			}
			for k, sets := range [][]Set{{sx}, {sx, sy}, {sx, sy, sz}} {
				var wn, wm int
				switch k {
				case 0:
					wn, wm = wantN, AndCount(sx, sm)
				case 1:
					wn, wm = wantAnd, sx.Clone().And(sy).And(sm).Count()
				case 2:
					wn, wm = wantAll, wantAllM
				}
				if gn, gm := CountAll(sets, sm); gn != wn || gm != wm {
					t.Errorf("n=%d p=%v: CountAll of %d sets = %d, %d; want %d, %d", n, p, k+1, gn, gm, wn, wm)
				}
			}
			s := New(n)
			for _, i := range want {
				s.Add(int(i))
			}
			if !slices.Equal(s, sx) {
				t.Errorf("n=%d p=%v: Add built %v, FromBools %v", n, p, s, sx)
			}
		}
	}
}

// FuzzMembers checks that Members lists exactly the indices set, in order.
func FuzzMembers(f *testing.F) {
	f.Add([]byte{0x01, 0x80, 0xff})
	f.Fuzz(func(t *testing.T, raw []byte) {
		in := make([]bool, len(raw)*8)
		for i := range in {
			in[i] = raw[i/8]&(1<<uint(i%8)) != 0
		}
		s := FromBools(in)
		prev := int32(-1)
		got := s.Members(nil)
		for _, i := range got {
			if i <= prev || !in[i] {
				t.Fatalf("Members gave %d after %d", i, prev)
			}
			prev = i
		}
		if len(got) != s.Count() {
			t.Fatalf("Members gave %d indices, Count %d", len(got), s.Count())
		}
	})
}
