package crm

import (
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// Excerpts of public datasets; see testdata/crm/SOURCE.md.
const crmData = "../testdata/crm/"

func loadFile(t *testing.T, name string) *dataset.Table {
	t.Helper()
	return loadKeeping(t, crmData+name)
}

func joinFiles(t *testing.T, accounts, deals string) (*dataset.Table, Summary, []string) {
	t.Helper()
	dt := loadFile(t, deals)
	cols, kind, _, err := DetectDealColumns(dt, DealColumns{})
	if err != nil {
		t.Fatal(err)
	}
	ds, s, err := Deals(dt, cols)
	if err != nil {
		t.Fatal(err)
	}
	j, notes, err := Join(loadFile(t, accounts), "", ds, kind)
	if err != nil {
		t.Fatal(err)
	}
	return j, s, notes
}

func TestMavenExcerpt(t *testing.T) {
	j, s, notes := joinFiles(t, "maven_accounts.csv", "maven_pipeline.csv")
	// Counts from the file (cut -d, -f5 | sort | uniq -c; awk for blank accounts).
	if s.Won != 331 || s.Lost != 80 || s.Open != 89 || s.UnknownStage != 0 || s.NoAccount != 55 || s.NoAccountOpen != 55 {
		t.Errorf("summary %+v", s)
	}
	if j.Rows != 40 || len(j.Columns) != 7+5 {
		t.Fatalf("rows %d, columns %v", j.Rows, names(j))
	}
	// Expected values computed with Python's csv and statistics modules on the excerpt.
	want := map[string][3]float64{ // ltv, sales_cycle_days, win_rate
		"Acme Corporation": {556, 109, 1},
		"Betasoloin":       {19330, 88, 1},
		"Cancity":          {2175, 115, 5.0 / 8},
	}
	acct := j.Column("account")
	found := 0
	for i := 0; i < j.Rows; i++ {
		w, ok := want[acct.Display[acct.Codes[i]]]
		if !ok {
			continue
		}
		found++
		got := [3]float64{j.Column("ltv").Num[i], j.Column("sales_cycle_days").Num[i], j.Column("win_rate").Num[i]}
		for k := range w {
			if !same(got[k], w[k]) {
				t.Errorf("%s: got %v, want %v", acct.Display[acct.Codes[i]], got, w)
				break
			}
		}
	}
	if found != 3 {
		t.Errorf("found %d of 3 accounts", found)
	}
	all := strings.Join(notes, "\n")
	for _, w := range []string{
		"39 accounts have opportunities, 1 have none",
		"221 opportunities (", "name 45 accounts that are not in",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("notes lack %q:\n%s", w, all)
		}
	}
}

func TestRavenstackExcerpt(t *testing.T) {
	j, s, notes := joinFiles(t, "ravenstack_accounts.csv", "ravenstack_subscriptions.csv")
	if s.Rows != 390 || s.Open != 354 || s.Lost != 36 || dateString(s.AsOf) != "2024-12-31" {
		t.Errorf("summary %+v", s)
	}
	// account_id is text to the loader (unique per row), so the keys are read again from
	// the file; the accounts keep their churn_flag, so churned is not derived.
	if j.Rows != 40 || j.Column("ltv") == nil || j.Column("churned") != nil {
		t.Fatalf("rows %d, columns %v", j.Rows, names(j))
	}
	// Python on the excerpt: Σ mrr_amount × days active / (365.2425/12), open ones to
	// 2024-12-31.
	want := []float64{11635.918602, 121370.771474, 32488.650691}
	for i, w := range want {
		if got := j.Column("ltv").Num[i]; got < w-1e-5 || got > w+1e-5 {
			t.Errorf("row %d ltv %.6f, want %.6f", i, got, w)
		}
	}
	all := strings.Join(notes, "\n")
	if !strings.Contains(all, `own churn column "churn_flag"`) || !strings.Contains(all, "0 of 40 accounts have churned") {
		t.Errorf("notes:\n%s", all)
	}
}
