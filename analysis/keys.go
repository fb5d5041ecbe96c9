package analysis

import (
	"encoding/binary"
	"hash/fnv"
	"math"

	"github.com/icp-dev/icp/dataset"
)

// rowKeys returns a key per table row that does not depend on where the row sits in
// the file: a hash of the customer id when the id column's values are at hand (see
// dataset.Options.KeepText), else a hash of every value the table holds for the row
// (text columns whose values were not kept, such as free-text notes, are left out;
// icp derive keeps those of id and name columns). Every random
// choice of the analysis (folds, resamples, samples, donors) is drawn from these keys
// and the seed, so the same customers in any order give the same profile. Rows with
// the same id (or identical rows) share a key.
func rowKeys(t *dataset.Table, r Roles) []uint64 {
	keys := make([]uint64, t.Rows)
	var cols []*dataset.Column
	if KeysFromID(t, r) {
		cols = []*dataset.Column{t.Column(r.ID)}
	} else {
		for _, c := range t.Columns {
			if c.Kind != dataset.Text || c.Raw != nil {
				cols = append(cols, c)
			}
		}
	}
	h := fnv.New64a()
	var buf [8]byte
	for i := range keys {
		h.Reset()
		for _, c := range cols {
			switch c.Kind {
			case dataset.Numeric, dataset.Boolean, dataset.Date:
				binary.LittleEndian.PutUint64(buf[:], math.Float64bits(c.Num[i]))
				h.Write(buf[:])
			case dataset.Categorical:
				if code := c.Codes[i]; code >= 0 {
					h.Write([]byte(c.Levels[code]))
				}
			case dataset.Multi:
				// Items in any order hash alike: combine their hashes by sum.
				var sum uint64
				for _, it := range c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]] {
					sum += mix(hashString(c.Levels[it]))
				}
				binary.LittleEndian.PutUint64(buf[:], sum)
				h.Write(buf[:])
			case dataset.Text:
				h.Write([]byte(c.Raw[i]))
			}
			h.Write([]byte{0})
		}
		keys[i] = h.Sum64()
	}
	return keys
}

// KeysFromID reports whether the analysis draws its random choices from the id
// column's values alone (the id role names a column whose values are at hand); if not,
// from every value the table holds for a row, kept text included.
func KeysFromID(t *dataset.Table, r Roles) bool {
	c := t.Column(r.ID)
	return r.ID != "" && c != nil && (c.Kind != dataset.Text || c.Raw != nil) && c.Kind != dataset.Empty
}

// hashString is FNV-1a of s.
func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// mix is the splitmix64 finaliser: a bijection that spreads every input bit.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// draw is a pseudo-random 64-bit number for a row key, the seed and a stream (a
// purpose and an index: fold, resample r, donor choice), the same wherever the row is.
func draw(key, seed, stream uint64) uint64 {
	return mix(mix(key^mix(seed)) + stream*0x9e3779b97f4a7c15)
}

// unit maps a draw to [0, 1).
func unit(x uint64) float64 { return float64(x>>11) / (1 << 53) }
