package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/icp-dev/icp/profile"
)

// malformedDir holds the corpus of malformed and awkward exports; its README.md lists
// every file with what is wrong and the message it must produce (kept in step with the
// table below by hand).
const malformedDir = "../../testdata/malformed"

// malformedCase is one file of the corpus run through `icp derive`.
type malformedCase struct {
	file     string   // the file under test, in malformedDir
	accounts string   // with a deals file: the accounts file it is joined to (--accounts)
	flags    []string // extra flags
	code     int      // expected exit status

	stderr string   // exit 1: substring of stderr
	stdout []string // exit 0: substrings of the summary on stdout (warnings, notes)
	md     []string // exit 0: substrings of ICP.md
	// inspect: substrings of `icp inspect FILE` (how values were read), for checks the
	// derive output does not show.
	inspect []string

	// exit 0: data rows in the analysed file (the accounts file for a join), and rows
	// reported as left out for want of an outcome; every other row must be analysed.
	rows, skipped int

	skip string // a known gap: why the case cannot pass yet
}

// malformedCases is the corpus, one case per file (companion accounts files are listed
// with the deals files they are joined to).
var malformedCases = []malformedCase{
	// Structure.
	{file: "empty.csv", code: exitError, stderr: "empty.csv: the file is empty; expected a header row"},
	{file: "header_only.csv", code: exitError, stderr: "header_only.csv: no data rows below the header"},
	{file: "duplicate_headers.csv", code: exitError, stderr: `duplicate_headers.csv:1: duplicate column "industry" (columns 2 and 4); rename one of them`},
	{file: "empty_header_cell.csv", code: exitOK, rows: 6,
		stdout: []string{`warning: column 3 has no header; named it "column_3"`}},
	{file: "ragged_too_few.csv", code: exitError, stderr: "ragged_too_few.csv:4: row has 3 fields, the header has 4; check for an unquoted delimiter or a missing quote"},
	{file: "ragged_too_many.csv", code: exitError, stderr: "ragged_too_many.csv:3: row has 5 fields, the header has 4; check for an unquoted delimiter or a missing quote"},
	{file: "unterminated_quote.csv", code: exitError, stderr: `unterminated_quote.csv:5:24: extraneous or missing " in quoted-field; a quoted field must end with a quote followed by the delimiter or the end of the line, and a quote inside it must be doubled (""); the quoted field starts on line 3`},
	{file: "bare_quote.csv", code: exitError, stderr: `bare_quote.csv:3:8: bare " in non-quoted-field; a field that contains a quote must itself be in quotes, with the inner quote doubled ("")`},
	{file: "quoted_newline.csv", code: exitOK, rows: 5,
		stdout: []string{"Customers analysed: 5 of 5 rows"},
		md:     []string{"| LTV | 1 | 5 | 5,000 | 2,100 |"}},
	{file: "blank_lines.csv", code: exitOK, rows: 5, skipped: 1,
		stdout: []string{"warning: 1 blank line was skipped (first at line 6)"}},

	// Encodings and dialects.
	{file: "utf8_bom.csv", code: exitOK, rows: 4,
		stdout: []string{`Columns: id: "id", LTV: "ltv"`},
		md:     []string{"| LTV | 1 | 4 | 5,000 | 1,433 |"}},
	{file: "crlf.csv", code: exitOK, rows: 5,
		stdout: []string{`LTV: "ltv"`},
		md:     []string{"| LTV | 1 | 5 | 5,000 | 2,100 |"}},
	{file: "semicolon_decimal_comma.csv", code: exitOK, rows: 5,
		stdout:  []string{`warning: column "employees": numbers read with a decimal comma, like column "discount" (values such as "2,5"): "1.200" is 1200 and "1,200" is 1.2`},
		md:      []string{"| LTV | 1 | 5 | 15,000 | 1,933 |"},
		inspect: []string{`delimiter ";"`, "40 / 1200 / 12,000", "0.75 / 1.88 / 10"}},
	{file: "tab_delimited.tsv", code: exitOK, rows: 4,
		md:      []string{"| LTV | 1 | 4 | 5,000 | 1,433 |"},
		inspect: []string{`delimiter "\t"`}},
	{file: "windows1252.csv", code: exitOK, rows: 4,
		stdout:  []string{"warning: 5 bytes were not valid UTF-8 and were read as Windows-1252 (first at line 2); save the file as CSV UTF-8 if accents look wrong"},
		inspect: []string{"windows-1252", "Montréal", "Köln"}},
	{file: "utf16le_bom.csv", code: exitError, stderr: `utf16le_bom.csv: the file is UTF-16 encoded; save it as "CSV UTF-8" and try again`},
	{file: "utf16le_no_bom.csv", code: exitError, stderr: `utf16le_no_bom.csv: the file looks UTF-16 encoded (without a byte order mark); save it as "CSV UTF-8" and try again`},
	{file: "xlsx_saved_as.csv", code: exitError, stderr: "xlsx_saved_as.csv: this is not a CSV file (it looks like an Excel workbook or a zip archive); export it as CSV"},

	// Outcomes.
	{file: "no_outcome.csv", code: exitError, stderr: "no_outcome.csv: no outcome column found among 4 headers; name one with --ltv, --cycle, --churn or --nps"},
	{file: "text_outcome.csv", code: exitError, stderr: `text_outcome.csv: ltv column "ltv" holds categorical values; it needs numbers`},
	{file: "booleans_mixed.csv", code: exitOK, rows: 10,
		stdout:  []string{`churn: "churned"`},
		inspect: []string{"true 5, false 5"}},
	{file: "customers_negative_cycle.csv", code: exitOK, rows: 5,
		stdout: []string{`2 customers have a sales cycle of zero or fewer days in "sales_cycle_days" (first at line`, `their cycle was left out as a data error`}},

	// Values.
	{file: "numeric_bad_values.csv", code: exitOK, rows: 40, skipped: 2,
		stdout: []string{
			`warning: column "employees": 1 value could not be read as a number and count as missing (first at line 13: "lots"); the rows are kept; fix the values in the file`,
			`warning: column "ltv": 2 values could not be read as a number and count as missing (first at line 7: "TBD"); the rows are kept; fix the values in the file`,
			"warning: 2 of 40 rows have no value in any outcome column and were left out of the analysis",
		}},
	{file: "all_missing_column.csv", code: exitOK, rows: 6,
		stdout: []string{`warning: column "notes": no value in any row: no information`},
		md:     []string{"Column notes not used: no information (empty or a single value)."}},
	{file: "constant_column.csv", code: exitOK, rows: 6,
		stdout: []string{`warning: column "country": the same value ("US") in every row: no information`},
		md:     []string{"Column country not used: no information (empty or a single value)."}},
	{file: "id_like_column.csv", code: exitOK, rows: 240,
		md:      []string{"Column website not used: identifier or free text (too many distinct values)."},
		inspect: []string{"240 distinct values in 240 rows (more than half; names, ids or free text?): treated as text, not as an attribute"}},
	{file: "na_region.csv", code: exitOK, rows: 10,
		inspect: []string{"NA 5, EMEA 2, APAC 1", "20.0%"}},
	{file: "mixed_number_formats.csv", code: exitOK, rows: 5,
		md:      []string{"| LTV | 1 | 5 | 15,000 | 4,244 |"},
		inspect: []string{"12 / 430 / 2300", "1200 / 950,000 / 3.4M", "-3 / 5 / 12"}},
	{file: "mixed_dates.csv", code: exitOK, rows: 5,
		stdout:  []string{`warning: column "last_meeting": dates mix day-first and month-first forms; each was read as its numbers allow, ambiguous ones by the separator ('/' month first, '.' and '-' day first)`},
		inspect: []string{"2024-01-31 / 2024-02-15 / 2024-03-15"}},

	// Input hygiene (issue 12): duplicates, impossible values, post-sale columns,
	// misleading messages.
	{file: "customers_duplicate_rows.csv", code: exitOK, rows: 40,
		stdout: []string{`warning: 12 rows repeat an earlier row (the same "customer_id" and every value the same) and were counted once (first at line 42, a repeat of line 7); remove the repeats from the export`}},
	{file: "customers_duplicate_conflict.csv", code: exitError,
		stderr: `customers_duplicate_conflict.csv: id "C007" is on lines 8 and 42 with different values (column "industry": "Health" vs "Retail"); id "C010" is on lines 11 and 43 with different values (column "ltv": "1333" vs "999"); merge or remove the duplicate rows, or keep the first or the last row of each id with --duplicates first|last`},
	{file: "nps_out_of_scale.csv", code: exitOK, rows: 50, skipped: 5,
		stdout:  []string{"warning: column \"nps\": 5 values are outside the NPS scale 0–10 (first at line 5: 43) and count as missing; fix them in the file, or name the NPS column with --nps COLUMN"},
		inspect: []string{"column \"nps\": 5 values are outside the NPS scale 0–10 (first at line 5: 43)"}},
	{file: "ltv_negative_total_row.csv", code: exitOK, rows: 40,
		stdout: []string{
			`warning: line 42 looks like a spreadsheet total row ("Total" in column "customer_id") and was left out; remove total rows from the export`,
			`warning: column "ltv": 2 values are negative (first at line 6: -350), which a lifetime value cannot be; they are kept and rank lowest; fix them in the file (refunds or credits?)`,
		}},
	{file: "ltv_sum_row.csv", code: exitOK, rows: 41,
		stdout: []string{`warning: column "ltv": line 42 holds 68860, at least half the sum of all 40 other rows (68860): a total row? it is kept; remove it from the export if it is one`}},
	{file: "churn_maybe.csv", code: exitOK, rows: 50, skipped: 10,
		stdout: []string{`warning: column "churned": 10 values could not be read as yes/no and count as missing (first at line 4: "maybe"); values seen: "no" 26, "yes" 14, "maybe" 10; accepted: yes/no, true/false, y/n, 1/0, churned/active (also ja/nein, oui/non, sí/no, sim/não), or a churn date; the rows are kept; fix the values in the file`}},
	{file: "churn_unreadable.csv", code: exitError,
		stderr: `churn_unreadable.csv: churn column "churned" holds values that are not yes/no: 15 of 20 (first at line 2: "maybe"); values seen: "maybe" 5, "unknown" 5, "yes" 5, "pending" 5; accepted: yes/no, true/false, y/n, 1/0, churned/active (also ja/nein, oui/non, sí/no, sim/não), or a churn date; fix the values, or name another column with --churn COLUMN`},
	{file: "one_row.csv", code: exitError,
		stderr: `one_row.csv: the file has only 1 data row, so ltv column "ltv" cannot rank customers; export all your customers (a profile needs at least a few dozen)`},
	{file: "cr_only.csv", code: exitOK, rows: 5,
		stdout: []string{"warning: the line ends are carriage returns only (as old Mac files have); they were read as line ends"},
		md:     []string{"| LTV | 1 | 5 | 1,500 | 1,250 |"}},
	{file: "hash_and_post_sale.csv", code: exitOK, rows: 120,
		stdout: []string{`Note: left out of the attributes before the analysis: "landing_page_id" (values are hashes); "total_paid" (accumulated after the sale); admit one with --allow COLUMN if it is known before the sale`},
		md: []string{
			`Column landing\_page\_id not used: identifier: its values are hashes (e.g. "cfcd208495d565ef66e7dff9f98764da"), not traits customers share; admit it with --allow if the values are categories.`,
			`Column total\_paid not used: an amount accumulated after the sale (its name says "total"), so it grows with how long the customer has stayed and would restate the outcome (leakage); admit it with --allow if it is known before the sale.`,
		},
		inspect: []string{"excluded: id/text", "excluded: an amount accumulated after the sale"}},

	// CRM exports: deals joined to accounts.
	{file: "accounts.csv", code: exitError, stderr: "accounts.csv: no outcome column found among 4 headers; name one with --ltv, --cycle, --churn or --nps"},
	{file: "deals_negative_cycles.csv", accounts: "accounts.csv", code: exitOK, rows: 8,
		stdout: []string{
			"Note: 1 won deals closed on the day they were created (cycle 0 days; check the dates)",
			"Note: 2 won deals closed before they were created (first at line 3 of ../../testdata/malformed/deals_negative_cycles.csv) and were left out of sales_cycle_days",
			`stages read as won: "Closed Won" 6`,
		}},
	{file: "deals_no_stage.csv", accounts: "accounts.csv", code: exitError,
		stderr: `deals_no_stage.csv: neither a deals export (a stage column such as "Deal Stage", "StageName" or "deal_stage", or an IsWon flag) nor a subscriptions export ("start_date" with "mrr_amount" or "arr_amount") among the headers "deal_id", "account_id", "amount", "created_date", "close_date"`},
	{file: "deals_unknown_stages.csv", accounts: "accounts.csv", code: exitOK, rows: 8, skipped: 3,
		stdout: []string{
			"deals_unknown_stages.csv: 8 deals: 3 won, 2 lost, 3 open (left out of the outcomes)",
			`Note: stages read as open: "Negotiation" 2, "Demo Scheduled" 1`,
			"warning: 3 of 8 rows have no value in any outcome column and were left out of the analysis",
		}},
	{file: "deals_foreign_stages.csv", accounts: "accounts.csv", code: exitError,
		stderr: `deals_foreign_stages.csv: no deal has a won or lost stage, so no outcome can be derived; stages seen: "Closed Won - Signed" 2, "Gewonnen" 2, "In Verhandlung" 2, "Verloren" 2; name the won and lost stages with --won-stage STAGE and --lost-stage STAGE (repeatable)`},
	{file: "deals_unmatched_accounts.csv", accounts: "accounts.csv", code: exitError,
		stderr: `no deal matches an account: ../../testdata/malformed/accounts.csv column "account_id" (e.g. "A1") vs ../../testdata/malformed/deals_unmatched_accounts.csv column "account_id" (e.g. "ACC-001"); name the accounts column that holds the deals' account values with --join COLUMN`},
	{file: "accounts_duplicate_conflict.csv", code: exitError, flags: []string{"--deals", "deals_negative_cycles.csv"},
		stderr: `accounts_duplicate_conflict.csv: account "A1" is on lines 2 and 5 with different values in column "industry" ("SaaS" vs "Health"); merge or remove the duplicate accounts, or keep one row of each with --duplicates first|last`},
	{file: "sf_opportunities_15char.csv", accounts: "sf_accounts_18char.csv", code: exitOK, rows: 6, skipped: 1,
		stdout: []string{
			`joined ../../testdata/malformed/sf_accounts_18char.csv (6 accounts, key "Id") with ../../testdata/malformed/sf_opportunities_15char.csv (opportunities, account column "AccountId"), keys compared as Salesforce ids (first 15 characters, case-sensitive): 6 accounts have opportunities, 0 have none`,
			`stages read as open: "Prospecting" 1`,
		}},
	{file: "hubspot_deals.csv", accounts: "hubspot_companies.csv", code: exitOK, rows: 6, skipped: 1,
		stdout: []string{
			`account "Company name", stage "Deal Stage", amount "Amount", created "Create Date", closed date "Close Date"`,
			"7 deals: 4 won, 2 lost, 1 open",
			`key "Company name"`,
			"keys compared ignoring case and spacing: 6 accounts have opportunities, 0 have none",
			`warning: column "Country/Region": the same value ("United States") in every row: no information`,
		}},
}

// TestMalformedCorpus runs `icp derive` on every file of testdata/malformed and checks
// the exit status, the exact message, that a failed run writes no profile, and that a
// successful one accounts for every row: analysed + reported as left out = rows.
func TestMalformedCorpus(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(malformedDir)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	for _, c := range malformedCases {
		if used[c.file] {
			t.Errorf("%s: two cases", c.file)
		}
		used[c.file] = true
		if c.accounts != "" {
			used[c.accounts] = true
		}
		for _, f := range c.flags {
			used[f] = true
		}
	}
	if len(entries) < 26 {
		t.Errorf("%s holds %d files, want at least 25 and README.md", malformedDir, len(entries))
	}
	for _, e := range entries {
		if e.Name() != "README.md" && !used[e.Name()] {
			t.Errorf("%s has no case in malformedCases", e.Name())
		}
	}

	for _, c := range malformedCases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			if c.skip != "" {
				t.Skip(c.skip)
			}
			out := filepath.Join(t.TempDir(), "out")
			path := filepath.Join(malformedDir, c.file)
			args := []string{"derive", "--quiet", "--out", out}
			if c.accounts != "" {
				args = append(args, "--accounts", filepath.Join(malformedDir, c.accounts), "--deals", path)
			} else {
				args = append(args, path)
			}
			for _, f := range c.flags {
				if strings.HasSuffix(f, ".csv") {
					f = filepath.Join(malformedDir, f)
				}
				args = append(args, f)
			}
			code, stdout, stderr := runIcp(t, args...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstderr: %s\nstdout: %s", code, c.code, stderr, head([]byte(stdout), 2000))
			}
			profilePath := filepath.Join(out, "icp.yaml")
			if code != exitOK {
				if !strings.Contains(stderr, c.stderr) {
					t.Errorf("stderr %q\ndoes not contain %q", stderr, c.stderr)
				}
				if _, err := os.Stat(profilePath); err == nil {
					t.Error("a profile was written despite the error")
				}
				return
			}
			for _, want := range c.stdout {
				if !strings.Contains(stdout, want) {
					t.Errorf("stdout lacks %q:\n%s", want, stdout)
				}
			}
			md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.md {
				if !strings.Contains(string(md), want) {
					t.Errorf("ICP.md lacks %q", want)
				}
			}

			// Every row is accounted for: analysed, or reported as left out.
			p, err := profile.Load(profilePath)
			if err != nil {
				t.Fatal(err)
			}
			src := p.Source
			if src.Rows != c.rows || src.Skipped != c.skipped || src.Analysed+src.Skipped != src.Rows {
				t.Errorf("profile source: rows %d, analysed %d, skipped %d; want rows %d = analysed %d + skipped %d",
					src.Rows, src.Analysed, src.Skipped, c.rows, c.rows-c.skipped, c.skipped)
			}
			if want := fmt.Sprintf("Customers analysed: %s of %s rows", profile.FormatCount(c.rows-c.skipped), profile.FormatCount(c.rows)); !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q", want)
			}
			if c.skipped > 0 {
				if want := fmt.Sprintf("%d of %d rows have no value in any outcome column and were left out", c.skipped, c.rows); !strings.Contains(stdout, want) {
					t.Errorf("the %d rows left out are not reported: stdout lacks %q", c.skipped, want)
				}
			}

			if len(c.inspect) > 0 {
				code, stdout, stderr := runIcp(t, "inspect", "--quiet", path)
				if code != exitOK {
					t.Fatalf("inspect: exit %d: %s", code, stderr)
				}
				for _, want := range c.inspect {
					if !strings.Contains(stdout, want) {
						t.Errorf("inspect output lacks %q:\n%s", want, stdout)
					}
				}
			}
		})
	}
}

// TestMalformedREADME checks that the corpus README has a row for every file.
func TestMalformedREADME(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile(filepath.Join(malformedDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(malformedDir)
	if err != nil {
		t.Fatal(err)
	}
	var rows []string
	for _, line := range strings.Split(string(readme), "\n") {
		if f, ok := strings.CutPrefix(line, "| `"); ok {
			if name, _, ok := strings.Cut(f, "`"); ok {
				rows = append(rows, name)
			}
		}
	}
	for _, e := range entries {
		if e.Name() != "README.md" && !slices.Contains(rows, e.Name()) {
			t.Errorf("README.md has no row for %s", e.Name())
		}
	}
}
