package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icp-dev/icp/profile/sqlgen"
)

// sampleProfile is the profile derived from sample.csv, pinned by its golden file.
const sampleProfile = "../../testdata/golden/derive/icp.yaml"

// TestSQLGolden pins the SQL of the sample profile in every dialect.
func TestSQLGolden(t *testing.T) {
	for _, d := range sqlgen.Dialects {
		code, out, errs := runIcp(t, "sql", "--profile", sampleProfile, "--dialect", string(d), "--table", "accounts")
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", d, code, errs)
		}
		golden(t, filepath.Join("sql", string(d)+".sql"), []byte(out))
	}
}

func TestSQLViewAndFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "icp.sql")
	code, _, errs := runIcp(t, "sql", "--profile", filepath.Dir(sampleProfile), "--dialect", "snowflake",
		"--table", "crm.accounts", "--view", "analytics.account_fit", "-o", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{"CREATE OR REPLACE VIEW analytics.account_fit AS\n", "FROM crm.accounts AS icp__t"} {
		if !strings.Contains(s, want) {
			t.Errorf("no %q in\n%.400s", want, s)
		}
	}
	if code, _, errs := runIcp(t, "sql", "--profile", sampleProfile, "--dialect", "snowflake", "-o", out); code != exitError || !strings.Contains(errs, "--force") {
		t.Errorf("existing output: exit %d, %s", code, errs)
	}
}

func TestSQLErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"sql", "--dialect", "postgres"}, exitUsage, "--profile is required"},
		{[]string{"sql", "--profile", sampleProfile}, exitUsage, "--dialect is required"},
		{[]string{"sql", "--profile", sampleProfile, "--dialect", "oracle"}, exitUsage, "unknown dialect"},
		{[]string{"sql", "--profile", sampleProfile, "--dialect", "spark", "x.csv"}, exitUsage, "no file arguments"},
		{[]string{"sql", "--profile", "nope.yaml", "--dialect", "spark"}, exitError, "no such profile"},
	} {
		code, _, errs := runIcp(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%q: exit %d, stderr %q; want exit %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
}

// TestSQLFrom: a dbt source is written as it is, with no trailing semicolon; a profile
// value that would read as a Jinja tag is refused.
func TestSQLFrom(t *testing.T) {
	code, out, errs := runIcp(t, "sql", "--profile", sampleProfile, "--dialect", "bigquery", "--from", "{{ ref('accounts') }}")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "FROM {{ ref('accounts') }} AS icp__t") || strings.HasSuffix(strings.TrimSpace(out), ";") {
		t.Errorf("dbt model:\n%s", out)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "icp.yaml")
	os.WriteFile(p, []byte("schema: 2\nname: j\nstatus: draft\ncriteria:\n  - {attribute: tag, op: in, values: [\"{#x\"], points: 10}\nscoring: {tiers: [{name: A, min: 0}]}\n"), 0o644)
	if code, _, errs := runIcp(t, "sql", "--profile", p, "--dialect", "spark", "--from", "{{ ref('a') }}"); code != exitError || !strings.Contains(errs, "Jinja") {
		t.Errorf("jinja tag in a value: exit %d, %s", code, errs)
	}
	if code, _, errs := runIcp(t, "sql", "--profile", sampleProfile, "--dialect", "spark", "--from", "x", "--table", "y"); code != exitUsage {
		t.Errorf("--from with --table: exit %d, %s", code, errs)
	}
}

// TestReadmeSQLExcerpt checks that the README's excerpt of the sample's PostgreSQL
// query is made of the golden file's lines, in order ("…" lines stand for cuts), and
// that it links every dialect's golden file.
func TestReadmeSQLExcerpt(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "## Scoring in the warehouse")
	if i < 0 {
		t.Fatal(`README.md has no "## Scoring in the warehouse" section`)
	}
	s = s[i:]
	for _, d := range sqlgen.Dialects {
		if !strings.Contains(s, "(testdata/golden/sql/"+string(d)+".sql)") {
			t.Errorf("README does not link the %s golden", d)
		}
	}
	a := strings.Index(s, "```sql\n")
	b := strings.Index(s[a+7:], "```")
	if a < 0 || b < 0 {
		t.Fatal("no sql block in the section")
	}
	golden, err := os.ReadFile("../../testdata/golden/sql/postgres.sql")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(golden), "\n")
	at := 0
	for _, l := range strings.Split(strings.TrimSuffix(s[a+7:a+7+b], "\n"), "\n") {
		if strings.HasPrefix(l, "…") {
			continue
		}
		for at < len(lines) && lines[at] != l {
			at++
		}
		if at == len(lines) {
			t.Errorf("README line %q is not in postgres.sql (in this order)", l)
			return
		}
	}
}
