package analysis

import (
	"math"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

func TestTenureAdjustsLTV(t *testing.T) {
	t.Parallel()
	csv := "id,ltv,signup_date\n" +
		"1,1200,2024-01-01\n" + // 24 months before 2026-01-01
		"2,600,2025-10-01\n" + // 3 months: too young
		"3,,2024-01-01\n" +
		"4,900,\n" +
		"5,300,2026-01-01\n" // the as-of date: 0 months
	tab, err := dataset.Read(strings.NewReader(csv), "t.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	roles, notes, err := DetectRoles(tab, Roles{}, false)
	if err != nil {
		t.Fatal(err)
	}
	if roles.Tenure.Column != "signup_date" {
		t.Fatalf("tenure column %q (notes %v)", roles.Tenure.Column, notes)
	}
	ltv := outcomeValues(tab.Column("ltv"), OutcomeLTV)
	cases := []struct {
		rule Tenure
		want []float64
		note string
	}{
		{Tenure{Column: "signup_date", MinMonths: 6}, []float64{1200, math.NaN(), math.NaN(), 900, math.NaN()}, "2 customers younger than 6 months"},
		{Tenure{Column: "signup_date", PerMonth: true}, []float64{1200 / (731 / 30.4375), 600 / (92 / 30.4375), math.NaN(), math.NaN(), 300}, "LTV taken per month of tenure"},
		{Tenure{Column: "signup_date"}, []float64{1200, 600, math.NaN(), 900, 300}, "up to its latest date, 2026-01-01"},
		// Nearly every customer younger than the minimum: leaving their LTV out would
		// leave too few, so it is compared as it is, and the note says so.
		{Tenure{Column: "signup_date", MinMonths: 30}, []float64{1200, 600, math.NaN(), 900, 300}, "3 of 3 customers with a known tenure are younger than 30 months, more than three in four"},
	}
	for _, c := range cases {
		got, note, err := adjustLTV(tab, Roles{Tenure: c.rule}, ltv)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			if !(got[i] == c.want[i] || math.IsNaN(got[i]) && math.IsNaN(c.want[i]) || math.Abs(got[i]-c.want[i]) < 1e-9) {
				t.Errorf("%+v row %d: %v, want %v", c.rule, i+1, got[i], c.want[i])
			}
		}
		if !strings.Contains(note, c.note) {
			t.Errorf("%+v: note %q lacks %q", c.rule, note, c.note)
		}
	}
	if _, _, err := DetectRoles(tab, Roles{Tenure: Tenure{Column: "signup"}}, false); err == nil || !strings.Contains(err.Error(), `did you mean "signup_date"`) {
		t.Errorf("unknown tenure column: %v", err)
	}
	r, _, _ := DetectRoles(tab, Roles{Tenure: Tenure{Column: "none"}}, false)
	if r.Tenure.Column != "" {
		t.Errorf("--tenure none kept %q", r.Tenure.Column)
	}
}

// TestTenureNotCreateDate: beside deals, a CRM record's "Create Date" says when the
// record was made, not when the account became a customer, and is not taken as the
// tenure (on a HubSpot-shaped export, measured up to the latest create date, it set aside
// half the accounts' LTV and lost the planted criteria); a real start date still is.
func TestTenureNotCreateDate(t *testing.T) {
	tab, _ := readText(t, "joined.csv", "Record ID,Create Date,ltv\n1,2023-01-10,500\n2,2023-06-01,900\n3,2023-03-15,100\n", dataset.Options{})
	for _, c := range []struct {
		not        bool
		want, skip string
	}{{false, "Create Date", ""}, {true, "", "Create Date"}} {
		roles, _, err := DetectRoles(tab, Roles{Tenure: Tenure{NotCreateDate: c.not}}, false)
		if err != nil {
			t.Fatal(err)
		}
		if roles.Tenure.Column != c.want || SkippedCreateDate(tab, roles) != c.skip {
			t.Errorf("NotCreateDate %v: tenure %q, skipped %q; want %q, %q", c.not, roles.Tenure.Column, SkippedCreateDate(tab, roles), c.want, c.skip)
		}
	}
	tab, _ = readText(t, "joined.csv", "Record ID,Create Date,signup_date,ltv\n1,2023-01-10,2023-02-01,500\n2,2023-06-01,2023-07-01,900\n", dataset.Options{})
	roles, _, err := DetectRoles(tab, Roles{Tenure: Tenure{NotCreateDate: true}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if roles.Tenure.Column != "signup_date" || SkippedCreateDate(tab, roles) != "" {
		t.Errorf("with a signup date: tenure %q, skipped %q", roles.Tenure.Column, SkippedCreateDate(tab, roles))
	}
}

// TestTenureAsOfChurnDates: customers who started in 2023 and churned up to 2025 were
// exported in 2025 or later; their tenure runs to the latest churn date, not to the
// latest start (which had made most of them look younger than 6 months).
func TestTenureAsOfChurnDates(t *testing.T) {
	tab, _ := readText(t, "dates.csv", "id,ltv,churn_date,customer_since\n1,500,2025-03-01,2023-01-01\n2,900,,2023-09-01\n3,100,2025-09-15,2023-06-01\n", dataset.Options{})
	r := Roles{LTV: "ltv", Churn: "churn_date", Tenure: Tenure{Column: "customer_since", MinMonths: 6}}
	months, how, err := TenureMonths(tab, r)
	if err != nil {
		t.Fatal(err)
	}
	// From 2023-09-01 to 2025-09-15: 745 days.
	if math.Abs(months[1]-745/30.4375) > 1e-9 || !strings.Contains(how, `up to the latest date in it or in "churn_date", 2025-09-15`) {
		t.Errorf("months %v, note %q", months, how)
	}
	r.Churn = ""
	if months, _, _ := TenureMonths(tab, r); months[1] != 0 {
		t.Errorf("without churn dates the latest start is the as-of date: months %v", months)
	}
}

// TestTenureCreatedAt: a billing export's "Created At" is the customer's start (and,
// beside deals, a CRM record date like "Create Date").
func TestTenureCreatedAt(t *testing.T) {
	tab, _ := readText(t, "billing.csv", "Customer ID,Created At,ltv\nc1,2024-01-10,500\nc2,2024-06-01,900\n", dataset.Options{})
	for not, want := range map[bool]string{false: "Created At", true: ""} {
		roles, _, err := DetectRoles(tab, Roles{Tenure: Tenure{NotCreateDate: not}}, false)
		if err != nil {
			t.Fatal(err)
		}
		if roles.Tenure.Column != want {
			t.Errorf("NotCreateDate %v: tenure %q, want %q", not, roles.Tenure.Column, want)
		}
	}
}
