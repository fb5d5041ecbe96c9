package analysis

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/bitset"
)

// get returns row i's bin (for the tests: the analysis reads bins only in bulk).
func (b binCol) get(i int) int {
	if b.u8 != nil {
		return int(b.u8[i])
	}
	return int(b.u16[i])
}

// TestBinCol checks every operation of binCol in its one-byte and two-byte forms
// (up to 256 bins, and more) against the same computation on plain ints, on row counts
// around the 64-row words of match.
func TestBinCol(t *testing.T) {
	for _, nbins := range []int{2, 3, 255, 256, 257, 1000, 1 << 16} {
		for _, rows := range []int{0, 1, 63, 64, 65, 200} {
			rng := rand.New(rand.NewPCG(uint64(nbins), uint64(rows)))
			b := newBinCol(rows, nbins)
			if wantU8 := nbins <= 256; (b.u8 != nil) != wantU8 && rows > 0 {
				t.Fatalf("nbins %d: one-byte form %v, want %v", nbins, b.u8 != nil, wantU8)
			}
			plain := make([]int, rows)
			analysed, best := make([]bool, rows), make([]bool, rows)
			churn := make([]float64, rows)
			for i := range rows {
				plain[i] = rng.IntN(nbins)
				if rng.IntN(3) == 0 {
					plain[i] = nbins - 1 // the top bin: the one a narrow type would lose
				}
				b.set(i, plain[i])
				analysed[i], best[i] = rng.IntN(5) > 0, rng.IntN(4) == 0
				churn[i] = []float64{0, 1, math.NaN()}[rng.IntN(3)]
			}
			for i := range rows {
				if b.get(i) != plain[i] {
					t.Fatalf("nbins %d rows %d: get(%d) = %d, want %d", nbins, rows, i, b.get(i), plain[i])
				}
			}
			// count
			n, bb, cn, cc := make([]int, nbins), make([]int, nbins), make([]int, nbins), make([]int, nbins)
			b.count(analysed, best, churn, n, bb, cn, cc)
			wn, wb, wcn, wcc := make([]int, nbins), make([]int, nbins), make([]int, nbins), make([]int, nbins)
			for i, bn := range plain {
				if !analysed[i] {
					continue
				}
				wn[bn]++
				wb[bn] += b2i(best[i])
				if !math.IsNaN(churn[i]) {
					wcn[bn]++
					wcc[bn] += b2i(churn[i] == 1)
				}
			}
			if !slices.Equal(n, wn) || !slices.Equal(bb, wb) || !slices.Equal(cn, wcn) || !slices.Equal(cc, wcc) {
				t.Fatalf("nbins %d rows %d: count differs", nbins, rows)
			}
			// countAnalysed
			na := make([]int, nbins)
			b.countAnalysed(analysed, na)
			if !slices.Equal(na, wn) {
				t.Fatalf("nbins %d rows %d: countAnalysed differs", nbins, rows)
			}
			// countRows, keep and gather on a subset of rows
			var sub []int32
			var subInt []int
			for i := range rows {
				if rng.IntN(2) == 0 {
					sub, subInt = append(sub, int32(i)), append(subInt, i)
				}
			}
			rn, rb := make([]int, nbins), make([]int, nbins)
			b.countRows(sub, best, rn, rb)
			wrn, wrb := make([]int, nbins), make([]int, nbins)
			for _, i := range sub {
				wrn[plain[i]]++
				wrb[plain[i]] += b2i(best[i])
			}
			if !slices.Equal(rn, wrn) || !slices.Equal(rb, wrb) {
				t.Fatalf("nbins %d rows %d: countRows differs", nbins, rows)
			}
			g := b.gather(subInt)
			for k, i := range subInt {
				if g.get(k) != plain[i] {
					t.Fatalf("nbins %d rows %d: gather[%d] = %d, want %d", nbins, rows, k, g.get(k), plain[i])
				}
			}
			in := make([]bool, nbins)
			for k := range in {
				in[k] = rng.IntN(2) == 0
			}
			in[nbins-1] = true
			var wantKept []int32
			for _, i := range sub {
				if in[plain[i]] {
					wantKept = append(wantKept, i)
				}
			}
			if kept := b.keep(slices.Clone(sub), in); !slices.Equal(kept, wantKept) {
				t.Fatalf("nbins %d rows %d: keep = %v, want %v", nbins, rows, kept, wantKept)
			}
			// match, within the analysed rows
			within := bitset.FromBools(analysed)
			m := bitset.New(rows)
			b.match(in, m, within, rows)
			for i := range rows {
				if want := analysed[i] && in[plain[i]]; m.Has(i) != want {
					t.Fatalf("nbins %d rows %d: match row %d = %v, want %v", nbins, rows, i, m.Has(i), want)
				}
			}
		}
	}
}

// TestBinColNumeric checks fillNumeric: each value in the bin of its cut points, NaN
// in the last.
func TestBinColNumeric(t *testing.T) {
	cuts := []float64{10, 20, 30}
	v := []float64{5, 10, 15, 20, 29.9, 30, 1e9, math.NaN(), -1}
	b := newBinCol(len(v), len(cuts)+2)
	b.fillNumeric(cuts, v)
	want := []int{0, 1, 1, 2, 2, 3, 3, 4, 0}
	for i := range v {
		if b.get(i) != want[i] {
			t.Errorf("value %v: bin %d, want %d", v[i], b.get(i), want[i])
		}
	}
}

// TestDeriveManyLevels derives on an attribute with more than 256 values (bins of two
// bytes, in the main run and in validation's re-runs): customers in 30 of 300 cities
// are planted as best, and the criterion found is a set of cities that holds most of
// those 30 and little else.
func TestDeriveManyLevels(t *testing.T) {
	var b strings.Builder
	b.WriteString("customer_id,city,region,ltv\n")
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range 6000 {
		city := i % 300
		ltv := 1000 + rng.Float64()*1000
		if city < 30 && rng.IntN(10) < 7 {
			ltv += 5000
		}
		fmt.Fprintf(&b, "C%05d,city%03d,%s,%.2f\n", i, city, []string{"north", "south", "east", "west"}[rng.IntN(4)], ltv)
	}
	tab, roles := readText(t, "cities.csv", b.String(), dataset.Options{})
	res, err := Derive(context.Background(), tab, Options{Roles: roles, Seed: 1, Resamples: 30})
	if err != nil {
		t.Fatal(err)
	}
	var city *Stat
	for _, s := range res.Criteria {
		if s.Condition.Attribute == "city" {
			city = s
		}
	}
	if city == nil {
		t.Fatalf("no criterion on city; criteria %v", res.Criteria)
	}
	planted := 0
	for _, v := range city.Condition.Values {
		var k int
		if _, err := fmt.Sscanf(v, "city%03d", &k); err == nil && k < 30 {
			planted++
		}
	}
	if planted < 25 || len(city.Condition.Values)-planted > 5 {
		t.Errorf("city criterion holds %d of the 30 planted cities and %d others: %v", planted, len(city.Condition.Values)-planted, city.Condition.Values)
	}
	t.Logf("city criterion: %d planted of %d values, stability %.2f", planted, len(city.Condition.Values), res.Checks[city].Stability)
	if ck := res.Checks[city]; ck == nil || ck.Stability < 0.5 {
		t.Errorf("city criterion's stability over 30 halves: %+v", ck)
	}
}
