package analysis

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// Headers that carry a role name with a unit, a qualifier or a prefix are recognised
// when no header is the role name as such; look-alikes that are not the outcome (a
// survey date, a churn-risk score, a predicted value, a company's revenue) are not.
func TestDetectRolesAffixed(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		headers []string
		want    Roles // the roles expected (Tenure ignored)
	}{
		{[]string{"Account Number", "Industry", "Customer LTV (USD)", "Days to close", "Churn Date", "Latest NPS score"},
			Roles{ID: "Account Number", LTV: "Customer LTV (USD)", Cycle: "Days to close", Churn: "Churn Date", NPS: "Latest NPS score"}},
		{[]string{"HubSpot ID", "Lifetime value (EUR)", "Deal sales cycle (days)", "Is churned flag", "NPS rating"},
			Roles{ID: "HubSpot ID", LTV: "Lifetime value (EUR)", Cycle: "Deal sales cycle (days)", Churn: "Is churned flag", NPS: "NPS rating"}},
		// An exact role name wins over an affixed one, wherever it stands.
		{[]string{"id", "LTV (USD)", "ltv", "churn_date", "Churned"},
			Roles{ID: "id", LTV: "ltv", Churn: "Churned"}},
		// Look-alikes: none of these is an outcome.
		{[]string{"id", "NPS date", "Churn risk", "LTV prediction", "Revenue", "ltv"},
			Roles{ID: "id", LTV: "ltv"}},
		// A billing export says churned as cancelled (Stripe, Chargebee).
		{[]string{"Customer ID", "Cancelled At", "ltv"}, Roles{ID: "Customer ID", LTV: "ltv", Churn: "Cancelled At"}},
		{[]string{"id", "Cancellation date", "Cancelled orders", "ltv"}, Roles{ID: "id", LTV: "ltv", Churn: "Cancellation date"}},
		// Without a lifetime value, recurring revenue or contract value is the value
		// measure; look-alikes of its short names are not.
		{[]string{"account_id", "Carrier", "ARR (USD)", "churned"}, Roles{ID: "account_id", LTV: "ARR (USD)", Churn: "churned"}},
		{[]string{"account_id", "arrival_days", "MRR", "days_to_close"}, Roles{ID: "account_id", LTV: "MRR", Cycle: "days_to_close"}},
		{[]string{"id", "Annual Contract Value", "nps"}, Roles{ID: "id", LTV: "Annual Contract Value", NPS: "nps"}},
		{[]string{"id", "total_spend", "arr"}, Roles{ID: "id", LTV: "total_spend"}}, // an accumulated value first
		{[]string{"id", "ltv", "arr"}, Roles{ID: "id", LTV: "ltv"}},
	} {
		var csv strings.Builder
		csv.WriteString(strings.Join(quoteAll(tc.headers), ",") + "\n")
		for i := range 30 {
			row := make([]string, len(tc.headers))
			for j, h := range tc.headers {
				switch k := dataset.HeaderKey(h); {
				case strings.Contains(k, "date") || strings.HasSuffix(k, "at"):
					row[j] = "2025-01-0" + string(rune('1'+i%9))
				case strings.Contains(k, "churned") && !strings.Contains(k, "date"):
					row[j] = []string{"yes", "no"}[i%2]
				case k == "industry":
					row[j] = []string{"SaaS", "Retail"}[i%2]
				default:
					row[j] = string(rune('1'+i%9)) + "0"
				}
			}
			if strings.Contains(strings.ToLower(tc.headers[0]), "id") || strings.Contains(strings.ToLower(tc.headers[0]), "number") {
				row[0] = "C" + string(rune('A'+i%26)) + string(rune('a'+i/26))
			}
			csv.WriteString(strings.Join(row, ",") + "\n")
		}
		tab, err := dataset.Read(strings.NewReader(csv.String()), "roles.csv", dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := DetectRoles(tab, Roles{}, false)
		if err != nil {
			t.Fatalf("%v: %v", tc.headers, err)
		}
		got.Tenure = Tenure{}
		if got != tc.want {
			t.Errorf("%v:\n got %+v\nwant %+v", tc.headers, got, tc.want)
		}
	}
}

func quoteAll(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = `"` + h + `"`
	}
	return out
}

// TestLeakByName: columns whose header says they hold the deal history a CRM keeps on
// the company record are not attributes (on a HubSpot-shaped export "Recent Deal
// Amount" had become the sweet spot and "Number of Associated Deals" a negative trait);
// company facts that merely mention a total are.
func TestLeakByName(t *testing.T) {
	for name, leak := range map[string]bool{
		"Recent Deal Amount": true, "Number of Associated Deals": true, "Days to Close": true,
		"Last Deal Date Amount": true, "NumberOfOpportunities": true, "Became a Customer Date": true,
		"churn_reason": true, "Total employees": false, "Industry": false, "Deal size band": false,
		"Active": true, "Is Active": true, "Customer Priority": true, "Account Status": true,
		"Active users": true, "Interactive demos": false,
	} {
		c := &dataset.Column{Name: name, Kind: dataset.Numeric, Num: []float64{1, 2, 3, 4}}
		if got := AttributeExclusion(c, Roles{}) == leakReason; got != leak {
			t.Errorf("%q: excluded as leakage %v, want %v", name, got, leak)
		}
	}
}

// A run-rate value (ARR, MRR) as the value measure is compared as it stands: no start
// date is taken as tenure unless --tenure names one; beside a lifetime value it is
// left out of the attributes as the customer's own revenue.
func TestRunRateValue(t *testing.T) {
	t.Parallel()
	var csv strings.Builder
	csv.WriteString("account_id,signup_date,ARR,mrr_usd,carrier,churned\n")
	for i := range 60 {
		csv.WriteString(strings.Join([]string{"A" + string(rune('a'+i%26)) + string(rune('a'+i/26)), "2024-0" + string(rune('1'+i%9)) + "-01",
			string(rune('1'+i%9)) + "000", string(rune('1'+i%7)) + "00", string(rune('1' + i%5)), []string{"yes", "no"}[i%2]}, ",") + "\n")
	}
	tab, err := dataset.Read(strings.NewReader(csv.String()), "arr.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := DetectRoles(tab, Roles{}, false)
	if err != nil || r.LTV != "ARR" || r.Tenure.Column != "" {
		t.Fatalf("roles %+v (%v): want ARR as the value and no tenure", r, err)
	}
	r2, _, err := DetectRoles(tab, Roles{Tenure: Tenure{Column: "signup_date"}}, false)
	if err != nil || r2.Tenure.Column != "signup_date" {
		t.Errorf("--tenure signup_date: %+v (%v)", r2, err)
	}
	ex := map[string]string{}
	for _, e := range Exclusions(tab, r, nil) {
		ex[e.Column] = e.Reason
	}
	if !strings.Contains(ex["mrr_usd"], "recurring revenue or contract value (its name says \"mrr\")") {
		t.Errorf("mrr_usd beside ARR: %q, want it left out as the customer's revenue", ex["mrr_usd"])
	}
	if _, ok := ex["carrier"]; ok {
		t.Errorf("carrier left out: %q", ex["carrier"])
	}
}

// A status column whose values say churned or active is the churn outcome when no
// header names churn; "time to close" is the sales cycle. A status of something else
// (deal stages, open/closed) is not churn.
func TestChurnStatusColumn(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		header string
		values []string
		churn  string
	}{
		{"status", []string{"Active", "Churned"}, "status"},
		{"Customer Status", []string{"Active", "Churned", "Active", "Active", "Churned", "Active", "Active", "Active", "Active", "Paused"}, "Customer Status"},
		{"status", []string{"Open", "Closed"}, ""},
		{"account_status", []string{"Gold", "Silver", "Bronze"}, ""},
	} {
		var csv strings.Builder
		csv.WriteString("id,time_to_close,ltv," + tc.header + "\n")
		for i := range 40 {
			csv.WriteString(strings.Join([]string{"C" + string(rune('a'+i%26)) + string(rune('a'+i/26)), string(rune('1'+i%9)) + "0",
				string(rune('1'+i%7)) + "00", tc.values[i%len(tc.values)]}, ",") + "\n")
		}
		tab, err := dataset.Read(strings.NewReader(csv.String()), "status.csv", dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := DetectRoles(tab, Roles{}, false)
		if err != nil {
			t.Fatalf("%s %v: %v", tc.header, tc.values, err)
		}
		if r.Churn != tc.churn || r.Cycle != "time_to_close" {
			t.Errorf("%s %v: churn %q, cycle %q; want churn %q and cycle time_to_close", tc.header, tc.values, r.Churn, r.Cycle, tc.churn)
		}
	}
}

// A "Retained" or "Renewed" column is churn the other way round: no means churned.
func TestRetainedIsChurnTurnedRound(t *testing.T) {
	t.Parallel()
	for _, header := range []string{"retained", "Is Retained", "renewed"} {
		csv := "id,ltv," + header + "\nA,10,yes\nB,20,no\nC,30,\nD,40,yes\n"
		tab, err := dataset.Read(strings.NewReader(csv), "r.csv", dataset.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r, notes, err := DetectRoles(tab, Roles{}, false)
		if err != nil || r.Churn != header {
			t.Fatalf("%s: churn %q (%v)", header, r.Churn, err)
		}
		if err := OrientChurn(tab, r); err != nil {
			t.Fatal(err)
		}
		got := ChurnFlags(tab, r)
		if got[0] != 0 || got[1] != 1 || !math.IsNaN(got[2]) || got[3] != 0 {
			t.Errorf("%s: churn flags %v, want [0 1 NaN 0]", header, got)
		}
		if !slices.ContainsFunc(notes, func(n string) bool { return strings.Contains(n, "read the other way round") }) {
			t.Errorf("%s: notes %v do not say the column was read the other way round", header, notes)
		}
	}
	// A renewal date cannot be read as churn.
	tab, err := dataset.Read(strings.NewReader("id,ltv,renewed\nA,10,2025-01-01\nB,20,\nC,30,2025-03-01\n"), "r.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := DetectRoles(tab, Roles{}, false)
	if err == nil {
		err = OrientChurn(tab, r)
	}
	if err == nil || !strings.Contains(err.Error(), "holds dates (when customers renewed?)") {
		t.Errorf("a renewal date: %v", err)
	}
}

// Beside a churn column, a retention or renewal flag restates the outcome: not an
// attribute.
func TestRetentionColumnsAreNotAttributes(t *testing.T) {
	t.Parallel()
	tab, err := dataset.Read(strings.NewReader("id,churned,retained_12m,renewed,retention_bucket,industry\nA,no,yes,yes,high,saas\nB,yes,no,no,low,retail\nC,no,yes,yes,high,saas\n"), "r.csv", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, _, err := DetectRoles(tab, Roles{}, false)
	if err != nil || r.Churn != "churned" {
		t.Fatalf("churn %q (%v)", r.Churn, err)
	}
	for _, name := range []string{"retained_12m", "renewed", "retention_bucket"} {
		if why := AttributeExclusion(tab.Column(name), r); why != leakReason {
			t.Errorf("%s: %q, want the leakage reason", name, why)
		}
	}
	if why := AttributeExclusion(tab.Column("industry"), r); why != "" {
		t.Errorf("industry: %q", why)
	}
}
