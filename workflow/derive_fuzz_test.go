package workflow

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fuzzCustomers writes a small customer export drawn from the fuzzer's numbers: 20 to
// 319 rows, an id (repeated on some rows when dup is set), outcomes with blanks,
// negatives and outliers, and attrs attributes of every kind (categorical with rare
// and common values, numeric with a heavy tail and text-like numbers, lists, booleans,
// dates), some of them carrying the outcome.
func fuzzCustomers(seed uint64, rows uint16, attrs uint8, flags []byte) []byte {
	r := rand.New(rand.NewPCG(seed, 0x1c9))
	n := 20 + int(rows)%300
	k := 1 + int(attrs)%7
	flag := func(i int) bool { return len(flags) > i && flags[i]&1 == 1 }
	var b bytes.Buffer
	head := []string{"customer_id", "ltv", "churned", "nps"}
	for j := range k {
		head = append(head, fmt.Sprintf("attr_%d", j))
	}
	b.WriteString(strings.Join(head, ",") + "\n")
	for i := range n {
		id := i
		if flag(0) && i > 0 && r.IntN(10) == 0 {
			id = r.IntN(i) // a repeated id (identical or conflicting row)
		}
		good := r.Float64() < 0.3
		ltv := fmt.Sprintf("%.2f", r.ExpFloat64()*1000*map[bool]float64{true: 3, false: 1}[good])
		switch r.IntN(20) {
		case 0:
			ltv = ""
		case 1:
			ltv = "-50"
		case 2:
			ltv = "1e9"
		case 3:
			ltv = `"$1,200"`
		}
		churn := []string{"yes", "no", "", "TRUE", "0"}[r.IntN(5)]
		nps := fmt.Sprint(r.IntN(11))
		if flag(1) && r.IntN(15) == 0 {
			nps = "95" // off the 0–10 scale
		}
		row := []string{fmt.Sprintf("C%04d", id), ltv, churn, nps}
		for j := range k {
			var v string
			switch (j + int(seed)) % 6 {
			case 0: // categorical, the first value commoner among good customers
				v = []string{"alpha", "beta", "gamma", "delta", "Alpha ", "N/A"}[r.IntN(6)]
				if good && r.IntN(2) == 0 {
					v = "alpha"
				}
			case 1: // numeric, heavy tail
				v = fmt.Sprintf("%.0f", r.ExpFloat64()*r.ExpFloat64()*500)
			case 2: // list
				items := []string{"Salesforce", "Slack", "AWS", "HubSpot"}
				var got []string
				for _, it := range items {
					if r.IntN(3) == 0 || good && it == "HubSpot" && r.IntN(2) == 0 {
						got = append(got, it)
					}
				}
				v = `"` + strings.Join(got, "; ") + `"`
			case 3: // boolean
				v = []string{"true", "false", ""}[r.IntN(3)]
			case 4: // date
				v = fmt.Sprintf("2025-%02d-%02d", 1+r.IntN(12), 1+r.IntN(28))
			default: // the outcome itself, or a constant
				if flag(2) {
					v = ltv
				} else {
					v = "same"
				}
			}
			row = append(row, v)
		}
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	if flag(3) { // a spreadsheet total row
		b.WriteString("Total,999999" + strings.Repeat(",", len(head)-2) + "\n")
	}
	return b.Bytes()
}

// FuzzDerive runs the whole derivation (input checks, analysis, validation, every
// output) on small exports of every shape the fuzzer draws: it must never panic, an
// error must name the file, and a derivation that succeeds must write the same
// profile when run again.
func FuzzDerive(f *testing.F) {
	f.Add(uint64(1), uint16(80), uint8(3), []byte{0, 0, 0, 0})
	f.Add(uint64(2), uint16(299), uint8(6), []byte{1, 1, 1, 1})
	f.Add(uint64(3), uint16(0), uint8(0), []byte{1})
	f.Fuzz(func(t *testing.T, seed uint64, rows uint16, attrs uint8, flags []byte) {
		dir := t.TempDir()
		path := filepath.Join(dir, "customers.csv")
		if err := os.WriteFile(path, fuzzCustomers(seed, rows, attrs, flags), 0o644); err != nil {
			t.Fatal(err)
		}
		dup := ""
		if len(flags) > 4 && flags[4]&1 == 1 {
			dup = "last"
		}
		run := func(out string) ([]byte, error) {
			_, err := Derive(context.Background(), DeriveOptions{Input: Input{File: path, Duplicates: dup},
				Seed: seed, Resamples: 30, Out: filepath.Join(dir, out), Name: "fuzz", Tool: "icp test"})
			if err != nil {
				return nil, err
			}
			return os.ReadFile(filepath.Join(dir, out, "icp.yaml"))
		}
		first, err := run("a")
		if err != nil {
			if !strings.Contains(err.Error(), "customers.csv") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		again, err := run("b")
		if err != nil {
			t.Fatalf("second run failed: %v", err)
		}
		if !bytes.Equal(first, again) {
			t.Fatal("the same input and seed gave two different profiles")
		}
	})
}
