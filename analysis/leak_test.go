package analysis

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

func TestSpearmanKnownAnswers(t *testing.T) {
	// Hand computation: ranks of x = 1..5, y reversed gives ρ = -1; y = x² gives ρ = 1;
	// x = (1,2,3,4,5), y = (2,1,4,3,5): d² = 1+1+1+1+0 = 4, ρ = 1 − 6·4/(5·24) = 0.8.
	cases := []struct {
		x, y []float64
		want float64
	}{
		{[]float64{1, 2, 3, 4, 5}, []float64{5, 4, 3, 2, 1}, -1},
		{[]float64{1, 2, 3, 4, 5}, []float64{1, 4, 9, 16, 25}, 1},
		{[]float64{1, 2, 3, 4, 5}, []float64{2, 1, 4, 3, 5}, 0.8},
	}
	for _, c := range cases {
		if got := spearman(c.x, c.y); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("spearman(%v, %v) = %v, want %v", c.x, c.y, got, c.want)
		}
	}
}

// TestNearOutcomeAttributeExcluded plants a column that restates LTV: it must be
// excluded as leakage, and admitted with --allow.
func TestNearOutcomeAttributeExcluded(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,segment,total_spend,ltv\n")
	for i := range 400 {
		ltv := float64(1000 + 37*i%5000)
		fmt.Fprintf(&b, "%d,%s,%.0f,%.0f\n", i, []string{"a", "b"}[i%2], ltv*1.02+float64(i%7), ltv)
	}
	tab, err := dataset.Read(strings.NewReader(b.String()), "leak.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := DetectRoles(tab, Roles{}, false)
	if err != nil {
		t.Fatal(err)
	}
	for _, allow := range []bool{false, true} {
		opt := Options{Roles: roles, Resamples: -1}
		if allow {
			opt.Allow = []string{"total_spend"}
		}
		res, err := Derive(tab, opt)
		if err != nil {
			t.Fatal(err)
		}
		var note AttributeNote
		for _, a := range res.Attributes {
			if a.Column == "total_spend" {
				note = a
			}
		}
		if allow != note.Used || (!allow && !strings.Contains(note.Reason, `nearly identical to the outcome "ltv"`)) {
			t.Errorf("allow=%v: %+v", allow, note)
		}
	}
}
