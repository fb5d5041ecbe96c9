package workflow

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/icp-dev/icp/crm"
)

// TestHubSpotShapedExport derives from a HubSpot-shaped pair of exports: companies with
// the CRM's "Create Date" (when the record was made) and deals whose "Associated Company
// IDs" sometimes list two companies. Accounts in two industries with 50–2,000 employees
// win more often and bigger. The create date must not be taken as when customers
// started (measured up to the latest create date, it set aside half the accounts' LTV
// and the planted criteria were lost), and a deal naming two companies counts for the
// first one the companies export holds (a fifth of the deals had been left out).
func TestHubSpotShapedExport(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(11, 5))
	industries := []string{"Computer Software", "Financial Services", "Hospital & Health Care", "Retail", "Construction", "Marketing & Advertising"}
	var comp, deals strings.Builder
	comp.WriteString("Record ID,Company name,Industry,Number of Employees,Annual Revenue,Country/Region,Create Date\n")
	deals.WriteString("Record ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Associated Company IDs\n")
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	id := 0
	for i := range 2000 {
		rid := 9000000000 + 7*i
		ind := industries[rng.IntN(len(industries))]
		emp := int(math.Exp2(2 + 11*rng.Float64()))
		good := (ind == "Computer Software" || ind == "Financial Services") && emp >= 50 && emp <= 2000
		fmt.Fprintf(&comp, "%d,Company %d,%s,%d,%d,%s,2023-%02d-%02d 10:00\n", rid, i, ind, emp, emp*(50+rng.IntN(250))*1000,
			[]string{"United States", "Germany", "France"}[rng.IntN(3)], 1+rng.IntN(9), 10+rng.IntN(18))
		for range rng.IntN(5) {
			id++
			p, amt := 0.25, 1000+rng.IntN(49000)
			if good {
				p, amt = 0.55, 2*amt
			}
			created := base.AddDate(0, 0, rng.IntN(300))
			stage, closed := "closedlost", created.AddDate(0, 0, 5+rng.IntN(115)).Format("2006-01-02")
			switch u := rng.Float64(); {
			case u < 0.15:
				stage, closed = "appointmentscheduled", ""
			case u < 0.15+0.85*p:
				stage = "closedwon"
			}
			assoc := fmt.Sprint(rid)
			if id%5 == 0 {
				assoc += ";9000000007" // a second company, listed after the deal's own
			}
			fmt.Fprintf(&deals, "%d,Deal %d,%s,%d,%s 09:00,%s,%s\n", id, id, stage, amt, created.Format("2006-01-02"), closed, assoc)
		}
	}
	companies, dealFile := filepath.Join(dir, "companies.csv"), filepath.Join(dir, "deals.csv")
	for path, text := range map[string]string{companies: comp.String(), dealFile: deals.String()} {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := Derive(context.Background(), DeriveOptions{Input: Input{File: companies, Deals: dealFile}, Out: filepath.Join(dir, "out"), Seed: 1, Resamples: 30})
	if err != nil {
		t.Fatal(err)
	}
	a := res.Analysis
	if a.Options.Roles.Tenure.Column != "" {
		t.Errorf("tenure from %q", a.Options.Roles.Tenure.Column)
	}
	notes := strings.Join(a.Notes, "\n")
	for _, want := range []string{`"Create Date" was not taken as when customers started`, `opportunities name several accounts (separated by ";"); each counts once, for the first of them in`} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	var found []string
	for _, s := range a.Criteria {
		found = append(found, s.Condition.Attribute)
	}
	// Revenue is head count times a price per head here: either stands for company size.
	if !slices.Contains(found, "Industry") || !slices.Contains(found, "Number of Employees") && !slices.Contains(found, "Annual Revenue") {
		t.Errorf("criteria on %v, want Industry and Number of Employees (or its proxy, Annual Revenue)", found)
	}
}

// TestDealsQuarter: with accounts and deals the profile is named after the quarter of
// the latest deal date up to now (the accounts' create dates are older), now's quarter
// without dates.
func TestDealsQuarter(t *testing.T) {
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	day := func(y int, m time.Month, d int) float64 {
		return float64(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	list := []crm.Deal{{Created: day(2024, 1, 5), Closed: day(2024, 2, 1)}, {Created: day(2024, 11, 3), Closed: math.NaN()},
		{Created: day(2024, 3, 1), Closed: day(2027, 1, 1)}} // a close date in the future is not the data's date
	if got := dealsQuarter(list, now); got != "2024-Q4" {
		t.Errorf("dealsQuarter = %s, want 2024-Q4", got)
	}
	if got := dealsQuarter(nil, now); got != "2026-Q4" {
		t.Errorf("without deals: %s, want 2026-Q4", got)
	}
}
