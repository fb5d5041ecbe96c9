package workflow

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// TestRepeatedIDs checks the hashed search for repeated ids against a map over the
// same rows: 60,000 rows drawn from 40,000 ids, some rows not kept, some without id.
func TestRepeatedIDs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	n := 60_000
	ids := make([]string, n)
	keep := make([]bool, n)
	for i := range ids {
		if r.IntN(50) > 0 {
			ids[i] = fmt.Sprintf("CUST-%06d", r.IntN(40_000))
		}
		keep[i] = r.IntN(30) > 0
	}
	val := func(i int) string { return ids[i] }
	want := map[string][]int{}
	var order []string
	for i, id := range ids {
		if !keep[i] || id == "" {
			continue
		}
		if want[id] == nil {
			order = append(order, id)
		}
		want[id] = append(want[id], i)
	}
	var wantGroups [][]int
	for _, id := range order {
		if len(want[id]) > 1 {
			wantGroups = append(wantGroups, want[id])
		}
	}
	got := repeatedIDs(n, keep, val)
	slices.SortFunc(got, func(x, y []int) int { return x[0] - y[0] })
	if len(got) != len(wantGroups) || len(got) < 1000 {
		t.Fatalf("%d repeated ids, want %d", len(got), len(wantGroups))
	}
	for k := range got {
		if !slices.Equal(got[k], wantGroups[k]) {
			t.Fatalf("group %d: rows %v, want %v", k, got[k], wantGroups[k])
		}
	}
}

// TestMaybeTotal: every total key passes the cheap test (whatever the case and
// punctuation around it), and typical ids and names do not.
func TestMaybeTotal(t *testing.T) {
	initials := newTotalInitials()
	maybeTotal := initials.maybeTotal
	for _, v := range []string{"Total", "TOTAL:", " grand total", "Sub-total", "SUM", "(Overall total)", "totals", "Ñ total"} {
		if totalKeys[dataset.HeaderKey(v)] && !maybeTotal(v) {
			t.Errorf("maybeTotal(%q) = false for a total row", v)
		}
		if !totalKeys[dataset.HeaderKey(v)] && v != "Ñ total" {
			t.Errorf("%q is not a total key (test data)", v)
		}
	}
	for _, v := range []string{"CUST-000001", "Acme Corp", "1234", "", "  ", "ÉCOLE"} {
		if maybeTotal(v) {
			t.Errorf("maybeTotal(%q) = true", v)
		}
	}
}
