// Package bitset holds sets of row indices as bits, 64 rows to a word: the rows a
// condition matches, the best customers, a segment. Intersections and their sizes are
// word-wide ANDs and population counts, 64 rows per instruction, where a vector of
// booleans takes one row per step and eight times the memory.
package bitset

import "math/bits"

// Set is a set of indices in [0, 64·len(s)). The zero value is the empty set of no
// capacity; New makes one for n indices.
type Set []uint64

// New returns an empty set for indices 0 to n−1.
func New(n int) Set { return make(Set, (n+63)/64) }

// FromBools returns the set of the indices i where in[i] is true.
func FromBools(in []bool) Set {
	s := New(len(in))
	for w := range s {
		lo := w * 64
		hi := min(lo+64, len(in))
		var x uint64
		for i, ok := range in[lo:hi] {
			if ok {
				x |= 1 << uint(i)
			}
		}
		s[w] = x
	}
	return s
}

// Add adds i to s.
func (s Set) Add(i int) { s[i>>6] |= 1 << uint(i&63) }

// Has reports whether i is in s.
func (s Set) Has(i int) bool { return s[i>>6]&(1<<uint(i&63)) != 0 }

// Bit is 1 when i is in s and 0 otherwise, without a branch (for counting rows that
// fall in or out of a set at random).
func (s Set) Bit(i int) int { return int(s[i>>6]>>uint(i&63)) & 1 }

// Clone returns a copy of s.
func (s Set) Clone() Set { return append(Set(nil), s...) }

// Count returns the number of indices in s.
func (s Set) Count() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// And removes from s the indices not in x, and returns s. x must be as long as s.
func (s Set) And(x Set) Set {
	x = x[:len(s)]
	for i := range s {
		s[i] &= x[i]
	}
	return s
}

// AndNot removes from s the indices in x, and returns s. x must be as long as s.
func (s Set) AndNot(x Set) Set {
	x = x[:len(s)]
	for i := range s {
		s[i] &^= x[i]
	}
	return s
}

// Or adds to s the indices in x, and returns s. x must be as long as s.
func (s Set) Or(x Set) Set {
	x = x[:len(s)]
	for i := range s {
		s[i] |= x[i]
	}
	return s
}

// AndCount returns the size of the intersection of x and y (as long as x), without
// building it.
func AndCount(x, y Set) int {
	y = y[:len(x)]
	n := 0
	for i, w := range x {
		n += bits.OnesCount64(w & y[i])
	}
	return n
}

// CountAll returns the size of the intersection of sets (at least one, all of one
// length) and the size of its intersection with marked (as long), without building
// either: the customers matching every condition of a segment and the best among them.
func CountAll(sets []Set, marked Set) (n, m int) {
	first := sets[0]
	marked = marked[:len(first)]
	switch len(sets) {
	case 1:
		for i, w := range first {
			n += bits.OnesCount64(w)
			m += bits.OnesCount64(w & marked[i])
		}
	case 2:
		second := sets[1][:len(first)]
		for i, w := range first {
			w &= second[i]
			n += bits.OnesCount64(w)
			m += bits.OnesCount64(w & marked[i])
		}
	default:
		for i, w := range first {
			for _, s := range sets[1:] {
				w &= s[i]
			}
			n += bits.OnesCount64(w)
			m += bits.OnesCount64(w & marked[i])
		}
	}
	return n, m
}

// Members appends the indices in s to dst in increasing order and returns it.
func (s Set) Members(dst []int32) []int32 {
	for w, x := range s {
		for x != 0 {
			dst = append(dst, int32(w<<6+bits.TrailingZeros64(x)))
			x &= x - 1
		}
	}
	return dst
}
