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
	tab, roles := readText(t, "leak.csv", b.String(), dataset.Options{})
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

// TestExclusions: post-sale amounts by name (not firmographic totals), hash-like
// identifiers, and a column nearly identical to LTV per month of tenure are left out;
// --allow admits one.
func TestExclusions(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("id,page,total_paid,total_employees,monthly,region,tenure,ltv\n")
	hashes := []string{"0cc175b9c0f1b6a831c399e269772661", "92eb5ffee6ae2fec3ad71c777531578f", "4a8a08f09d37b73795649038408b5f33"}
	for i := range 300 {
		tenure := 1 + i%48
		monthly := 20 + float64((i*37)%100)
		fmt.Fprintf(&b, "%d,%s,%.0f,%d,%.0f,%s,%d,%.0f\n", i, hashes[i%3], monthly*float64(tenure)*1.1, 10+(i*13)%500, monthly, []string{"EMEA", "NA"}[i%2], tenure, monthly*float64(tenure))
	}
	tab, err := dataset.Read(strings.NewReader(b.String()), "x.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles := Roles{ID: "id", LTV: "ltv", Tenure: Tenure{Column: "tenure", PerMonth: true}}
	cases := []struct {
		allow []string
		want  []string // column:rule
	}{
		{nil, []string{"page:identifier", "total_paid:name", "monthly:correlation"}},
		{[]string{"monthly", "page"}, []string{"total_paid:name"}},
	}
	for _, c := range cases {
		var got []string
		for _, e := range Exclusions(tab, roles, c.allow) {
			got = append(got, e.Column+":"+e.Rule)
			if !strings.Contains(e.Reason, "--allow") {
				t.Errorf("%s: reason %q does not say how to admit it", e.Column, e.Reason)
			}
		}
		if strings.Join(got, " ") != strings.Join(c.want, " ") {
			t.Errorf("allow %v: got %v, want %v", c.allow, got, c.want)
		}
	}
	// Without per-month LTV, monthly is not nearly identical to LTV.
	roles.Tenure = Tenure{}
	for _, e := range Exclusions(tab, roles, nil) {
		if e.Column == "monthly" {
			t.Errorf("monthly excluded without --ltv-per-month: %s", e.Reason)
		}
	}
}

// TestLifecycleStatusExcluded: a column whose values say whether the account is a
// customer yet (Salesforce's Account Type, HubSpot's Lifecycle Stage) is the sale
// itself; on a Salesforce-shaped export it had made "Active: No" a disqualifier and a
// customer-only field a sweet-spot part. A categorical of other words stays.
func TestLifecycleStatusExcluded(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,Type,Lifecycle Stage,Segment,ltv\n")
	for i := range 60 {
		typ, stage := "Prospect", "lead"
		if i%3 == 0 {
			typ, stage = "Customer - Direct", "customer"
		}
		fmt.Fprintf(&b, "%d,%s,%s,%s,%d\n", i, typ, stage, []string{"SMB", "Enterprise"}[i%2], 100+i)
	}
	tab, roles := readText(t, "status.csv", b.String(), dataset.Options{})
	found := map[string]string{}
	for _, e := range Exclusions(tab, roles, nil) {
		found[e.Column] = e.Rule
	}
	if found["Type"] != "lifecycle" || found["Lifecycle Stage"] != "lifecycle" || found["Segment"] != "" {
		t.Errorf("exclusions %v, want Type and Lifecycle Stage as lifecycle, Segment kept", found)
	}
	if got := Exclusions(tab, roles, []string{"Type"}); len(got) != 1 || got[0].Column != "Lifecycle Stage" {
		t.Errorf("with --allow Type: %+v", got)
	}
}

// A column numbering the rows (a pandas or spreadsheet index) is left out, in any row
// order; whole numbers with a gap, a repeat or a blank are not a row number.
func TestRowNumberExcluded(t *testing.T) {
	t.Parallel()
	const n = 50
	col := func(f func(i int) string) *dataset.Column {
		var b strings.Builder
		b.WriteString("idx,ltv\n")
		for i := range n {
			fmt.Fprintf(&b, "%s,%d\n", f(i), 100+i%7)
		}
		tab, err := dataset.Read(strings.NewReader(b.String()), "idx.csv", dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return tab.Column("idx")
	}
	for _, tc := range []struct {
		name string
		f    func(i int) string
		want bool
	}{
		{"0 to n-1 shuffled", func(i int) string { return fmt.Sprint((i * 17) % n) }, true},
		{"1 to n", func(i int) string { return fmt.Sprint(i + 1) }, true},
		{"a gap", func(i int) string { return fmt.Sprint(i + i/40) }, false},
		{"a repeat", func(i int) string { return fmt.Sprint(min(i, n-2)) }, false},
		{"a blank", func(i int) string { return map[bool]string{true: "", false: fmt.Sprint(i)}[i == 3] }, false},
		{"halves", func(i int) string { return fmt.Sprint(float64(i) / 2) }, false},
	} {
		if got := rowNumber(col(tc.f), n); got != tc.want {
			t.Errorf("%s: rowNumber %v, want %v", tc.name, got, tc.want)
		}
	}
}
