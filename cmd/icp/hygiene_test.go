package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHygieneFlags runs the input-hygiene flags end to end: --duplicates, --exclude,
// --won-stage/--lost-stage, and a line beyond the reader's limit.
func TestHygieneFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	long := filepath.Join(dir, "header_44mb.csv")
	// A header-only line longer than the 8 MiB limit: an error naming the line, read
	// without holding the line whole.
	if err := os.WriteFile(long, []byte(strings.Repeat("column,", 9<<20/7)+"x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := func(f string) string { return filepath.Join(malformedDir, f) }
	cases := []struct {
		name string
		args []string
		code int
		out  string // substring of stdout (exit 0) or stderr
	}{
		{"duplicates first", []string{m("customers_duplicate_conflict.csv"), "--duplicates", "first"}, exitOK,
			`warning: 2 ids are on several rows with different values; the first row of each was kept (--duplicates first): id "C007" is on lines 8 and 42`},
		{"duplicates bad", []string{m("customers_duplicate_conflict.csv"), "--duplicates", "any"}, exitUsage,
			`--duplicates "any": use first or last`},
		{"exclude", []string{m("hash_and_post_sale.csv"), "--exclude", "industry,employees"}, exitOK,
			"Customers analysed: 120 of 120 rows"},
		{"exclude unknown", []string{m("hash_and_post_sale.csv"), "--exclude", "industy"}, exitError,
			`--exclude "industy": no such column in ../../testdata/malformed/hash_and_post_sale.csv (did you mean "industry"?)`},
		{"exclude outcome", []string{m("hash_and_post_sale.csv"), "--exclude", "ltv"}, exitError,
			`--exclude "ltv": it is the ltv column; name another ltv column with --ltv, or leave it out of --exclude`},
		{"allow", []string{m("hash_and_post_sale.csv"), "--allow", "total_paid"}, exitOK,
			`"landing_page_id" (values are hashes); admit one`},
		{"allow unknown", []string{m("hash_and_post_sale.csv"), "--allow", "total_payd"}, exitError,
			`--allow "total_payd": no such column in ../../testdata/malformed/hash_and_post_sale.csv (did you mean "total_paid"?)`},
		{"min tenure negative", []string{m("hash_and_post_sale.csv"), "--min-tenure", "-3"}, exitUsage,
			`--min-tenure -3: give a number of months, 0 or more`},
		{"duplicate accounts kept first", []string{"--accounts", m("accounts_duplicate_conflict.csv"), "--deals", m("deals_negative_cycles.csv"), "--duplicates", "first"}, exitOK,
			`repeat an account with other values; the first row of each was kept (--duplicates first)`},
		{"stages", []string{"--accounts", m("accounts.csv"), "--deals", m("deals_foreign_stages.csv"),
			"--won-stage", "Closed Won - Signed", "--won-stage", "gewonnen", "--lost-stage", "Verloren"}, exitOK,
			`8 deals: 4 won, 2 lost, 2 open`},
		{"stage unseen", []string{"--accounts", m("accounts.csv"), "--deals", m("deals_foreign_stages.csv"), "--won-stage", "Signed"}, exitError,
			`deals_foreign_stages.csv: stage "Signed" (--won-stage/--lost-stage) matches no deal; stages seen: "Closed Won - Signed" 2`},
		{"stage without deals", []string{m("one_row.csv"), "--won-stage", "Won"}, exitUsage,
			"--won-stage and --lost-stage read the stages of --deals"},
		{"long line", []string{long}, exitError,
			"header_44mb.csv:1: line 1 is longer than 8 MiB, the most a line may hold;"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"derive", "--quiet", "--validate=false", "--out", filepath.Join(t.TempDir(), "out")}, c.args...)
			code, stdout, stderr := runIcp(t, args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstderr: %s\nstdout: %s", code, c.code, stderr, stdout)
			}
			got := stdout
			if code != exitOK {
				got = stderr
			}
			if !strings.Contains(got, c.out) {
				t.Errorf("output lacks %q:\n%s", c.out, got)
			}
		})
	}
}

// icp report reads stages no preset knows with --won-stage and --lost-stage, as derive
// does; without them it names the stages it saw.
func TestReportForeignStages(t *testing.T) {
	t.Parallel()
	m := func(name string) string { return filepath.Join("../../testdata/malformed", name) }
	prof := deriveSample(t)
	args := []string{"report", "--profile", prof, "--accounts", m("accounts.csv"), "--deals", m("deals_foreign_stages.csv")}
	code, _, stderr := runIcp(t, append(args, "--out", filepath.Join(t.TempDir(), "r"))...)
	if code != exitError || !strings.Contains(stderr, `stages seen: "Closed Won - Signed" 2`) {
		t.Errorf("without stages: exit %d, %s", code, stderr)
	}
	// With the stages named, the deals read; (these accounts lack the sample profile's
	// columns, which is the next thing report says).
	_, _, stderr = runIcp(t, append(args, "--out", filepath.Join(t.TempDir(), "r"),
		"--won-stage", "Closed Won - Signed", "--won-stage", "gewonnen", "--lost-stage", "Verloren")...)
	if strings.Contains(stderr, "stages seen") || !strings.Contains(stderr, "used by the profile is not in") {
		t.Errorf("with stages: %s", stderr)
	}
}
