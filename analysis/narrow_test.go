package analysis

import (
	"bytes"
	"context"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/indep"
)

// deriveIndep derives a profile (no validation) from a file of the independent
// generator (internal/indep), returning the data with its truth.
func deriveIndep(t *testing.T, shape indep.Shape, rows int, seed uint64) (*indep.Data, *Result) {
	t.Helper()
	d := indep.Generate(indep.Config{Rows: rows, Seed: seed, Shape: shape})
	var buf bytes.Buffer
	if err := d.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	tab, err := dataset.Read(&buf, "indep.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := DetectRoles(tab, Roles{}, false)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Derive(context.Background(), tab, Options{Roles: roles, Seed: seed, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	return d, res
}

// Traits that add up put the best customers among those with all of them: the sweet
// spot narrows to all three planted traits (the segment search alone stops at two,
// whose quality is higher), and its best rate is that of the customers with all three.
// With an OR the second arm adds nothing inside the first, and the segment stays one
// arm.
func TestNarrowToEveryAdditiveTrait(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		shape indep.Shape
		parts int
	}{{indep.Additive, 3}, {indep.Or, 1}} {
		d, res := deriveIndep(t, tc.shape, 20000, 3)
		if res.Segment == nil {
			t.Fatalf("%v: no sweet spot", tc.shape)
		}
		attrs := map[string]bool{}
		for _, p := range res.Segment.Parts {
			attrs[p.Condition.Attribute] = true
		}
		planted := 0
		for _, p := range d.Truth.Parts {
			planted += b2i(attrs[p.Attribute])
		}
		if len(res.Segment.Parts) != tc.parts || planted != tc.parts {
			t.Errorf("%v: sweet spot %q has %d parts, %d of them planted (want %d planted)", tc.shape, res.Segment.Display, len(res.Segment.Parts), planted, tc.parts)
		}
		if tc.shape == indep.Additive {
			pr, _ := rateIn(res.Best, d.Planted)
			if res.Segment.Rate < 0.85*pr {
				t.Errorf("additive: sweet spot best rate %.3f, customers with every trait %.3f", res.Segment.Rate, pr)
			}
		}
	}
}
