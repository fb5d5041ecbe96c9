package indep

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icp-dev/icp/workflow"
)

// TestNicheBelowSupport: a planted niche of two rare industries (about 3% of
// customers, under the 5% that a condition needs to be tested on its own) is found by
// the sweet-spot search, which narrows inside stronger conditions; ICP.md must not
// then claim that traits that small were not tested, and must name the niche as one
// the search narrowed to.
func TestNicheBelowSupport(t *testing.T) {
	if testing.Short() {
		t.Skip("derives 20,000 rows")
	}
	_, path := load(t, Generate(Config{Seed: 1, Shape: Niche}))
	out := t.TempDir()
	res, err := workflow.Derive(context.Background(), workflow.DeriveOptions{Input: workflow.Input{File: path}, Out: out, Seed: 1, Force: true, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Analysis
	if a.Segment == nil || len(a.Segment.Parts) != 1 || a.Segment.Parts[0].Display != "industry in {Biotech, Pharma}" || a.Segment.N >= a.MinSupport {
		t.Fatalf("segment %+v, min support %d: want the planted niche, below it", a.Segment, a.MinSupport)
	}
	md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
	if err != nil {
		t.Fatal(err)
	}
	want := "Traits matching fewer than 1,000 customers were not tested on their own: too few to tell. Inside the strongest conditions the sweet-spot search looks at narrower ones, down to 100 customers, with its own correction for the search: Industry: Biotech or Pharma ("
	if !strings.Contains(string(md), want) {
		t.Errorf("ICP.md lacks %q", want)
	}
}
