package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunDeals(t *testing.T) {
	dir := t.TempDir()
	customers, deals := filepath.Join(dir, "c.csv"), filepath.Join(dir, "d.csv")
	var stdout, errb bytes.Buffer
	args := []string{"--rows", "40", "--seed", "5", "-o", customers, "--deals", deals, "--deals-per-account", "2"}
	if code := run(args, &stdout, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	first, err := os.ReadFile(deals)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(first), "opportunity_id,customer_id,deal_stage,amount,create_date,close_date\n") ||
		!strings.Contains(string(first), ",CUST-000040,") {
		t.Errorf("unexpected deals file:\n%s", head(first))
	}
	// --deals-seed defaults to --seed; another deals seed gives other deals, the same customers.
	before, _ := os.ReadFile(customers)
	if code := run(append(args, "--deals-seed", "5"), &stdout, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	if again, _ := os.ReadFile(deals); !bytes.Equal(first, again) {
		t.Error("--deals-seed 5 differs from the default (--seed 5)")
	}
	if code := run(append(args, "--deals-seed", "6"), &stdout, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	if other, _ := os.ReadFile(deals); bytes.Equal(first, other) {
		t.Error("--deals-seed 6 gave the same deals")
	}
	if after, _ := os.ReadFile(customers); !bytes.Equal(before, after) {
		t.Error("--deals-seed changed the customers")
	}
	if code := run([]string{"--rows", "3", "--deals", deals, "--deals-per-account", "0"}, &stdout, &errb); code != 2 {
		t.Errorf("--deals-per-account 0: exit %d, want 2", code)
	}
}

func head(b []byte) []byte { return b[:min(len(b), 400)] }
