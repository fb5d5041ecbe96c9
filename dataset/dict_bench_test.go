package dataset

import (
	"strconv"
	"testing"
)

func benchVals(k int) []string {
	vals := make([]string, 4096)
	for i := range vals {
		vals[i] = "Country " + strconv.Itoa((i*7919)%k)
	}
	return vals
}

func BenchmarkDictLookup(b *testing.B) {
	for _, k := range []int{5, 60} {
		vals := benchVals(k)
		b.Run(strconv.Itoa(k), func(b *testing.B) {
			d := newDict()
			for b.Loop() {
				for _, v := range vals {
					d.lookup(v)
				}
			}
		})
		b.Run("map"+strconv.Itoa(k), func(b *testing.B) {
			m := map[string]int32{}
			for i, v := range vals {
				m[v] = int32(i)
			}
			var sink int32
			for b.Loop() {
				for _, v := range vals {
					sink += m[v]
				}
			}
			_ = sink
		})
	}
}
