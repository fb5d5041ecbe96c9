package dataset

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestDictRecent looks up spellings that share a slot of the recent-spellings cache
// (same length and same first, middle and last byte) interleaved with others, and
// checks every id against the first id given to that spelling, the count of distinct
// spellings, and that a cached spelling is the dictionary's copy, not the input's.
func TestDictRecent(t *testing.T) {
	var words []string
	for c := 'a'; c <= 'z'; c++ {
		words = append(words, fmt.Sprintf("x%cm%cz", c, c+1), fmt.Sprintf("x%cmAz", c)) // all length 5: x?m?z
	}
	words = append(words, "", " ", "NA", "Series A", "Series B", "Series C+", "FinTech", "SaaS")
	for k := range 300 {
		words = append(words, fmt.Sprintf("level-%03d", k)) // more spellings than slots
	}
	d := newDict()
	first := map[string]int32{}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		w := words[rng.IntN(len(words))]
		buf := []byte(w) // a fresh copy each time, as a cell of a chunk would be
		id := d.lookup(string(buf))
		if want, ok := first[w]; ok && id != want {
			t.Fatalf("lookup(%q) = %d, earlier %d", w, id, want)
		}
		first[w] = id
		if d.spellText[id] != w {
			t.Fatalf("lookup(%q) = %d, whose spelling is %q", w, id, d.spellText[id])
		}
	}
	if len(d.spellText) != len(first) {
		t.Errorf("%d spellings in the dictionary, %d distinct looked up", len(d.spellText), len(first))
	}
	for i, s := range d.recent {
		if s.id1 > 0 && (s.spelling != d.spellText[s.id1-1] || len(s.spelling) > 0 && unsafe.StringData(s.spelling) != unsafe.StringData(d.spellText[s.id1-1])) {
			t.Errorf("slot %d holds %q for id %d (%q), not the dictionary's copy", i, s.spelling, s.id1-1, d.spellText[s.id1-1])
		}
	}
}
