package profile_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
)

func FuzzParse(f *testing.F) {
	good, _ := profile.Sample().Marshal()
	f.Add(string(good))
	f.Add("schema: 1\nstatus: draft\n")
	f.Add("criteria: [{attribute: x, op: range, min: 5}]")
	v1, _ := profile.SampleV1().Marshal()
	f.Add(string(v1))
	f.Add("schema: 2\nstatus: draft\ncriteria: [{attribute: x, op: in, values: [a], points: 60, segment: true}]\n" +
		"negative_traits: [{attribute: y, op: range, max: 5, points: -20}]\n" +
		"scoring: {tiers: [{name: A, segment: true, min: 0}, {name: B, min: 0}]}\n")
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := profile.Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		// A valid profile must survive a round trip and score any record without panicking.
		data, err := p.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := profile.Parse(bytes.NewReader(data)); err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		var header []string
		for _, c := range slices.Concat(p.Criteria, p.NegativeTraits, p.Disqualifiers) {
			header = append(header, c.Attribute)
		}
		if m, err := scoring.Compile(p, header); err == nil {
			r := m.Score(make([]string, len(header)))
			if r.Score < 0 || r.Score > 100 || p.Scoring.TierIndex(r.Tier) < 0 {
				t.Fatalf("score %d, tier %q out of range", r.Score, r.Tier)
			}
		}
	})
}
