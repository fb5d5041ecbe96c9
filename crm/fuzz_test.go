package crm

import (
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// FuzzDeals reads a small deals table with one fuzzed row: stage, amount and dates. It
// checks that Deals never fails on a loadable file, accounts for every row, honours a
// won or lost stage text, and that Rollup and Join then run.
func FuzzDeals(f *testing.F) {
	f.Add("Closed Won", "$1,200", "2024-01-01", "2024-02-01")
	f.Add("closedlost", "0", "1/31/2024", "31.01.2024")
	f.Add("", "", "", "")
	f.Add("Won", "1,5", "2024-02-30", "x")
	f.Add("yes", "-3e9", "2024-01-01T10:00:00Z", "2023-12-31")
	f.Fuzz(func(t *testing.T, stage, amount, created, closed string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.WriteAll([][]string{
			{"account", "deal_stage", "close_value", "engage_date", "close_date"},
			{"A", "Won", "100", "2024-01-01", "2024-02-01"},
			{"B", "Lost", "0", "2024-01-05", "2024-02-01"},
			{"C", stage, amount, created, closed},
		})
		path := filepath.Join(t.TempDir(), "deals.csv")
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		tb, err := dataset.Load(path, dataset.Options{KeepCellsOf: DealCells(DealColumns{})})
		if err != nil {
			return // not a loadable CSV: the loader's business
		}
		cols, kind, _, err := DetectDealColumns(tb, DealColumns{})
		if err != nil {
			t.Fatalf("detect: %v", err)
		}
		deals, s, err := Deals(tb, cols)
		if err != nil {
			t.Fatalf("deals: %v", err)
		}
		if len(deals) != tb.Rows || s.Won+s.Lost+s.Open+s.UnknownStage != tb.Rows {
			t.Fatalf("%d deals, summary %+v, rows %d", len(deals), s, tb.Rows)
		}
		for i, d := range deals {
			if d.Line != tb.Line[i] {
				t.Fatalf("deal %d line %d, table line %d", i, d.Line, tb.Line[i])
			}
			if math.IsInf(d.Created, 0) || math.IsInf(d.Closed, 0) {
				t.Fatalf("deal %d has infinite dates %+v", i, d)
			}
		}
		if last := deals[len(deals)-1]; tb.Rows == 3 {
			if want := StageStatus(stage); want != Open && last.Status != want {
				t.Fatalf("stage %q read as %v, want %v", stage, last.Status, want)
			}
			if dataset.IsMissing(amount) && !math.IsNaN(last.Amount) {
				t.Fatalf("missing amount %q read as %v", amount, last.Amount)
			}
			if last.Account != "C" {
				t.Fatalf("account %q", last.Account)
			}
		}
		Rollup(deals, kind)
		acc := load(t, "accounts.csv", "account,sector\nA,x\nB,y\nC,z\n")
		if _, _, err := Join(acc, "", deals, kind); err != nil {
			t.Fatalf("join: %v", err)
		}
	})
}
