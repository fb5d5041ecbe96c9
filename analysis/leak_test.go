package analysis

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// TestNearOutcomeAttributeExcluded plants a column that restates LTV: it must be
// excluded as leakage, and admitted with --allow.
func TestNearOutcomeAttributeExcluded(t *testing.T) {
	t.Parallel()
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
		res, err := Derive(context.Background(), tab, opt)
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
