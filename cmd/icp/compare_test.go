package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/internal/synth"
	"github.com/icp-dev/icp/profile"
)

// runSub runs `icp NAME ARGS...` through run() when NAME is registered in commands(),
// and otherwise calls fn directly with the same mapping of errors to exit codes.
func runSub(t testing.TB, name string, fn func(context.Context, []string, env) error, args ...string) (int, string, string) {
	t.Helper()
	for _, c := range commands() {
		if c.name == name {
			return runIcp(t, append([]string{name}, args...)...)
		}
	}
	var stdout, stderr bytes.Buffer
	err := fn(context.Background(), args, env{stdin: bytes.NewReader(nil), stdout: &stdout, stderr: &stderr, now: fixedNow})
	var ue usageError
	switch {
	case err == nil, errors.Is(err, pflag.ErrHelp):
		return exitOK, stdout.String(), stderr.String()
	case errors.As(err, &ue):
		fmt.Fprintf(&stderr, "icp %s: %s\n", name, ue.msg)
		return exitUsage, stdout.String(), stderr.String()
	}
	fmt.Fprintf(&stderr, "icp %s: %s\n", name, err)
	return exitError, stdout.String(), stderr.String()
}

func runCompareT(t testing.TB, args ...string) (int, string, string) {
	t.Helper()
	return runSub(t, "compare", runCompare, args...)
}

// writeQuarter writes a synthetic quarter (see internal/synth) and any extra rows.
func writeQuarter(t *testing.T, path string, cfg synth.Config, extra string) {
	t.Helper()
	var b bytes.Buffer
	if err := synth.Write(&b, cfg); err != nil {
		t.Fatal(err)
	}
	b.WriteString(extra)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Planted accounts appended to the next quarter, chosen to move between q1's profile
// (industry in {fintech, saas}, employees 200–2000, tech_stack has snowflake; b2c and
// bootstrapped lower the fit) and q2's (healthcare added, employees 500–5000,
// bootstrapped dropped): healthcare firms of 3,000 employees, one of them bootstrapped
// (RISE-1), a SaaS firm of 3,000 without Snowflake (RISE-2), a healthcare firm with
// Snowflake whose id a spreadsheet would run (@SUM(1+1): it must come out
// formula-safe), and accounts whose tier cannot rise (STAY-1 to STAY-3). The test
// checks rising.csv against the tiers icp score gives under each profile.
const plantedRows = `RISE-1,Planted One,Healthcare,3000,450000000,NA,Bootstrapped,B2B,Slack; AWS,Inbound,2025-01-15,red,50.0,gold,40,20000.00,40,no,8
RISE-2,Planted Two,SaaS,3000,450000000,NA,Series A,B2B,Slack; AWS,Inbound,2025-01-15,red,50.0,gold,40,20000.00,40,no,8
@SUM(1+1),Planted Three,Healthcare,50,7500000,EMEA,Seed,B2B,Snowflake,Inbound,2025-01-15,red,50.0,gold,40,20000.00,40,no,8
STAY-1,Planted Four,SaaS,300,45000000,NA,Series A,B2B,Snowflake,Inbound,2025-01-15,red,50.0,gold,40,20000.00,40,no,8
STAY-2,Planted Five,Healthcare,3000,450000000,NA,Seed,B2C,Slack,Inbound,2025-01-15,red,50.0,gold,40,20000.00,40,no,8
STAY-3,Planted Six,SaaS,3000,450000000,NA,Series A,B2B,Snowflake; AWS,Inbound,2025-01-15,red,50.0,gold,40,20000.00,40,no,8
`

type compareJSON struct {
	Verdict  string `json:"verdict"`
	Material bool   `json:"material"`
	Changes  []struct {
		Kind      string   `json:"kind"`
		Section   string   `json:"section"`
		Attribute string   `json:"attribute"`
		Values    []string `json:"values"`
		Text      string   `json:"text"`
	} `json:"changes"`
	Rechecks []struct {
		Condition    string `json:"condition"`
		Disqualifier bool   `json:"disqualifier"`
		Verdict      string `json:"verdict"`
	} `json:"rechecks"`
	Drift []struct {
		Column string   `json:"column"`
		PSI    *float64 `json:"psi"`
		Level  string   `json:"level"`
	} `json:"attribute_drift"`
	Rising struct {
		Count int `json:"count"`
	} `json:"rising"`
}

func readCompareJSON(t *testing.T, path string) compareJSON {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c compareJSON
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// TestCompareQuarters derives quarter 1 (synth seed 1, 4,000 rows, 4 noise
// attributes), then compares it with the next quarter (Shift 1, seed 2, plus planted
// accounts) and with an unchanged quarter (Shift 0, seed 3).
func TestCompareQuarters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	q1, q2, q1b := filepath.Join(dir, "q1.csv"), filepath.Join(dir, "q2.csv"), filepath.Join(dir, "q1b.csv")
	writeQuarter(t, q1, synth.Config{Rows: 4000, Seed: 1, NoiseAttrs: 4}, "")
	writeQuarter(t, q2, synth.Config{Rows: 4000, Seed: 2, NoiseAttrs: 4, Shift: 1}, plantedRows)
	writeQuarter(t, q1b, synth.Config{Rows: 4000, Seed: 3, NoiseAttrs: 4}, "")
	q1out := filepath.Join(dir, "q1out")
	if code, _, stderr := runIcp(t, "derive", q1, "--out", q1out); code != exitOK {
		t.Fatalf("derive q1: exit %d: %s", code, stderr)
	}
	oldProfile := filepath.Join(q1out, "icp.yaml")
	oldBytes, err := os.ReadFile(oldProfile)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("next quarter", func(t *testing.T) {
		t.Parallel()
		out := filepath.Join(dir, "cmp-q2")
		code, stdout, stderr := runCompareT(t, "--profile", q1out, q2, "--out", out)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		if !strings.Contains(stdout, "Verdict: material change") {
			t.Errorf("stdout lacks the verdict:\n%s", stdout)
		}
		c := readCompareJSON(t, filepath.Join(out, "compare.json"))
		// Exactly these changes, in this order, and nothing else.
		type change struct{ kind, section, attribute, values string }
		want := []change{
			{profile.ChangeRangeMoved, profile.SectionCriteria, "employees", ""},
			{profile.ChangeValuesAdded, profile.SectionCriteria, "industry", "healthcare"},
			{profile.ChangeKept, profile.SectionCriteria, "tech_stack", ""},
			{profile.ChangeKept, profile.SectionNegativeTraits, "business_model", ""},
			{profile.ChangeDropped, profile.SectionNegativeTraits, "funding_stage", ""},
		}
		var got []change
		for _, ch := range c.Changes {
			got = append(got, change{ch.Kind, ch.Section, ch.Attribute, strings.Join(ch.Values, ",")})
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("changes:\n got %v\nwant %v", got, want)
		}
		for _, ch := range c.Changes {
			if ch.Attribute == "employees" && ch.Text != "criterion range moved: employees 200–2000 → 500–5000" {
				t.Errorf("employees change reads %q", ch.Text)
			}
		}
		if !c.Material || c.Verdict != "material change" {
			t.Errorf("verdict %q material %v", c.Verdict, c.Material)
		}
		verdicts := map[string]string{}
		for _, r := range c.Rechecks {
			verdicts[r.Condition] = r.Verdict
		}
		if v := verdicts["funding_stage in {bootstrapped}"]; v != "no longer significant" {
			t.Errorf("bootstrapped recheck: %q", v)
		}
		if v := verdicts["tech_stack has snowflake"]; v != "holds" {
			t.Errorf("snowflake recheck: %q", v)
		}
		// q1.csv lies next to q1out: found by its SHA-256, so drift was computed.
		if len(c.Drift) == 0 {
			t.Error("no attribute drift although q1.csv is next to the profile")
		}
		for _, d := range c.Drift {
			if d.Column == "employees" || d.Column == "region" {
				if d.PSI == nil || d.Level != "stable" {
					t.Errorf("%s drift: %v %q (the synthetic quarters share their attribute distributions)", d.Column, d.PSI, d.Level)
				}
			}
		}

		// Tier-rise accounts.
		f, err := os.Open(filepath.Join(out, "rising.csv"))
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(recs[0], ",") != "customer_id,old_tier,old_score,new_tier,new_score,reasons" {
			t.Errorf("rising.csv header %v", recs[0])
		}
		byID := map[string][]string{}
		for _, r := range recs[1:] {
			byID[r[0]] = r
		}
		if c.Rising.Count != len(recs)-1 {
			t.Errorf("compare.json counts %d rising rows, rising.csv has %d", c.Rising.Count, len(recs)-1)
		}
		// rising.csv lists exactly the accounts whose tier under the new profile ranks
		// above their tier under the old one, with the tiers and scores icp score gives
		// them under each profile.
		oldScored := scoredTiers(t, oldProfile, q2)
		newScored := scoredTiers(t, filepath.Join(out, "icp.yaml"), q2)
		rank := func(tier string) int {
			if i := strings.Index("ABCD", tier); i >= 0 && tier != "" {
				return i
			}
			return 10 // disqualified
		}
		rose := 0
		for id, o := range oldScored {
			n := newScored[id]
			r, listed := byID[id]
			switch {
			case rank(n[0]) < rank(o[0]):
				rose++
				if !listed {
					t.Errorf("%s rose from %s to %s but is not in rising.csv", id, o[0], n[0])
				} else if r[1] != o[0] || r[2] != o[1] || r[3] != n[0] || r[4] != n[1] {
					t.Errorf("%s: rising.csv says %v; icp score gives %s %s → %s %s", id, r, o[0], o[1], n[0], n[1])
				}
			case listed:
				t.Errorf("%s is in rising.csv but went from %s to %s", id, o[0], n[0])
			}
		}
		if rose == 0 || rose != len(recs)-1 {
			t.Errorf("%d accounts rose, rising.csv lists %d", rose, len(recs)-1)
		}
		if _, ok := byID["@SUM(1+1)"]; ok {
			t.Error("an id a spreadsheet would run is not neutralised in rising.csv")
		}

		// The new profile: a draft superseding q1's, by name and file hash.
		np, err := profile.Load(filepath.Join(out, "icp.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		sum := fileHash(t, oldBytes)
		if np.Status != profile.StatusDraft || !strings.Contains(np.Supersedes, sum) || !strings.HasPrefix(np.Supersedes, "2025-Q4 draft (icp.yaml") || np.Name == "2025-Q4 draft" {
			t.Errorf("status %q name %q supersedes %q; want a draft of another name superseding 2025-Q4 draft with sha256 %s", np.Status, np.Name, np.Supersedes, sum)
		}
		if np.Validation == nil {
			t.Error("the new profile was derived without validation")
		}

		md, err := os.ReadFile(filepath.Join(out, "COMPARE.md"))
		if err != nil {
			t.Fatal(err)
		}
		js, err := os.ReadFile(filepath.Join(out, "compare.json"))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "compare/COMPARE.md", []byte(strings.ReplaceAll(string(md), dir, "TMP")))
		golden(t, "compare/compare.json", []byte(strings.ReplaceAll(string(js), dir, "TMP")))

		// icp diff on the two profiles gives the same changes.
		code, stdout, stderr = runSub(t, "diff", runDiff, oldProfile, filepath.Join(out, "icp.yaml"), "--format", "json")
		if code != exitOK {
			t.Fatalf("icp diff: exit %d: %s", code, stderr)
		}
		var d compareJSON
		if err := json.Unmarshal([]byte(stdout), &d); err != nil {
			t.Fatalf("icp diff --format json: %v\n%s", err, stdout)
		}
		if len(d.Changes) != len(c.Changes) || !d.Material {
			t.Errorf("icp diff: %+v", d)
		}
		for i := range d.Changes {
			if i < len(c.Changes) && d.Changes[i].Text != c.Changes[i].Text {
				t.Errorf("icp diff change %d: %q, compare: %q", i, d.Changes[i].Text, c.Changes[i].Text)
			}
		}
		_, text, _ := runSub(t, "diff", runDiff, oldProfile, filepath.Join(out, "icp.yaml"))
		if !strings.Contains(text, ": material change\n") || !strings.Contains(text, " * criterion range moved: employees 200–2000 → 500–5000\n") ||
			!strings.Contains(text, "   criterion kept: tech_stack has snowflake\n") {
			t.Errorf("icp diff text:\n%s", text)
		}
	})

	t.Run("unchanged quarter", func(t *testing.T) {
		t.Parallel()
		out := filepath.Join(dir, "cmp-q1b")
		// The fresh profile's validation is not what this case checks: skip it to save time.
		code, stdout, stderr := runCompareT(t, "--profile", oldProfile, q1b, "--out", out, "--old-data", q1, "--format", "json", "--validate=false")
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		file, err := os.ReadFile(filepath.Join(out, "compare.json"))
		if err != nil {
			t.Fatal(err)
		}
		if stdout != string(file) {
			t.Error("--format json stdout differs from compare.json")
		}
		c := readCompareJSON(t, filepath.Join(out, "compare.json"))
		if c.Verdict != "no material change" || c.Material {
			t.Errorf("verdict %q material %v", c.Verdict, c.Material)
		}
		if len(c.Changes) != 5 {
			t.Errorf("%d changes, want the 5 conditions kept", len(c.Changes))
		}
		for _, ch := range c.Changes {
			if ch.Kind != profile.ChangeKept {
				t.Errorf("unchanged quarter: %s", ch.Text)
			}
		}
		for _, r := range c.Rechecks {
			if r.Verdict != "holds" {
				t.Errorf("unchanged quarter: %s %s", r.Condition, r.Verdict)
			}
		}
		md, err := os.ReadFile(filepath.Join(out, "COMPARE.md"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(md), "## Verdict: no material change") {
			t.Errorf("COMPARE.md does not say no material change:\n%s", head(md, 1500))
		}

		// The new icp.yaml is never replaced without --force.
		code, _, stderr = runCompareT(t, "--profile", oldProfile, q1b, "--out", out)
		if code != exitError || !strings.Contains(stderr, "already exists; pass --force") {
			t.Errorf("second compare: exit %d, %s", code, stderr)
		}
	})
}

func fileHash(t *testing.T, b []byte) string {
	t.Helper()
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestCompareUsage(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"new.csv"}, exitUsage, "--profile is required"},
		{[]string{"--profile", "x.yaml"}, exitUsage, "need exactly one new customers file"},
		{[]string{"--profile", "x.yaml", "a.csv", "b.csv"}, exitUsage, "need exactly one new customers file"},
		{[]string{"--profile", "x.yaml", "--accounts", "a.csv"}, exitUsage, "--accounts needs --deals"},
		{[]string{"--profile", "x.yaml", "a.csv", "--format", "xml"}, exitUsage, `--format "xml"`},
		{[]string{"--profile", "x.yaml", "a.csv", "--top", "20"}, exitUsage, "--top 20"},
		{[]string{"--profile", "x.yaml", "a.csv", "--weights", "arr=1"}, exitUsage, `unknown outcome "arr"`},
		{[]string{"--profile", filepath.Join(t.TempDir(), "nope.yaml"), "a.csv"}, exitError, "no such profile"},
		{[]string{"--help"}, exitOK, "--old-data"},
		{[]string{"--profile", "x.yaml", "a.csv", "--old-deals", "d.csv"}, exitUsage, "--old-deals is last quarter's --deals"},
	}
	for _, c := range cases {
		code, stdout, stderr := runCompareT(t, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("compare %v: exit %d, want %d; output %q lacks %q", c.args, code, c.code, stdout+stderr, c.want)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"a.yaml"}, exitUsage, "need two profiles"},
		{[]string{"a.yaml", "b.yaml", "--format", "xml"}, exitUsage, `--format "xml"`},
		{[]string{filepath.Join(t.TempDir(), "a.yaml"), "b.yaml"}, exitError, "no such profile"},
	} {
		code, stdout, stderr := runSub(t, "diff", runDiff, c.args...)
		if code != c.code || !strings.Contains(stdout+stderr, c.want) {
			t.Errorf("diff %v: exit %d, want %d; output %q lacks %q", c.args, code, c.code, stdout+stderr, c.want)
		}
	}
}

// scoredTiers scores a file with a profile (icp score) and returns each id's tier and
// score.
func scoredTiers(t *testing.T, prof, data string) map[string][2]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "scored.csv")
	if code, _, stderr := runIcp(t, "score", "--profile", prof, data, "-o", out, "-q"); code != exitOK {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	recs := readCSV(t, out)
	id, tier, score := indexOf(t, recs[0], "customer_id"), indexOf(t, recs[0], "icp_tier"), indexOf(t, recs[0], "icp_score")
	m := map[string][2]string{}
	for _, r := range recs[1:] {
		m[r[id]] = [2]string{r[tier], r[score]}
	}
	return m
}

// TestCompareOldDeals: an accounts + deals profile compared with new accounts and
// deals. With last quarter's accounts alone (--old-data), the outcomes cannot be
// compared and the note says to pass the deals; with --old-deals they are joined as the
// new deals are, so the outcomes and the old tiers are compared on last quarter's own
// outcomes (here the same files: no shift at all).
func TestCompareOldDeals(t *testing.T) {
	const accounts, deals = "../../testdata/maven-crm/accounts.csv", "../../testdata/maven-crm/sales_pipeline.csv"
	dir := t.TempDir()
	old := filepath.Join(dir, "q3")
	if code, _, stderr := runIcp(t, "derive", "--accounts", accounts, "--deals", deals, "--out", old, "-q", "--resamples", "30"); code != exitOK {
		t.Fatalf("derive: %d %s", code, stderr)
	}
	compare := func(extra ...string) string {
		t.Helper()
		out := filepath.Join(t.TempDir(), "q4")
		args := append([]string{"compare", "--profile", old, "--accounts", accounts, "--deals", deals, "--old-data", accounts, "--out", out, "-q", "--resamples", "30"}, extra...)
		if code, _, stderr := runIcp(t, args...); code != exitOK {
			t.Fatalf("compare %v: %d %s", extra, code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(out, "COMPARE.md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	md := compare()
	if !strings.Contains(md, "pass last quarter's deals with --old-deals to derive them") || strings.Contains(md, "Best then → now") {
		t.Errorf("without --old-deals the outcomes cannot be compared, and the note must say how:\n%s", md)
	}
	md = compare("--old-deals", deals)
	for _, want := range []string{
		"Then: the old profile applied to last quarter's data (accounts.csv), the same basis as now",
		"no shift (PSI 0.000)",
		"| ltv | ltv | 166,030 → 166,030 | 105,633 → 105,633 | 0.000 (stable) |",
		"last quarter: joined",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("compare --old-deals: COMPARE.md lacks %q:\n%s", want, md)
		}
	}
	// --old-deals without last quarter's accounts at hand.
	code, _, stderr := runIcp(t, "compare", "--profile", old, "--accounts", accounts, "--deals", deals, "--old-deals", deals, "--out", filepath.Join(dir, "x"), "-q")
	if code != exitError || !strings.Contains(stderr, "last quarter's accounts are not at hand to join them to; pass them with --old-data") {
		t.Errorf("--old-deals without the old accounts: exit %d: %s", code, stderr)
	}
}
