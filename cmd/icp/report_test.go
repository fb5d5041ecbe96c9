package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// sampleDeals are ~3 synthetic deals per customer of sample.csv (see testdata/README.md).
const sampleDeals = "../../testdata/deals.csv"

// reportJSON is the part of `icp report --format json` the tests read.
type reportJSON struct {
	Profile  string `json:"profile"`
	Deals    string `json:"deals"`
	Accounts string `json:"accounts"`
	WinRate  struct {
		Tiers    []tierJSON `json:"tiers"`
		Total    tierJSON   `json:"total"`
		Unscored int        `json:"unscored"`
		TrendZ   *float64   `json:"trend_z"`
		TrendP   *float64   `json:"trend_p"`
		Headline string     `json:"headline"`
		Warnings []string   `json:"warnings"`
	} `json:"win_rate"`
	Notes []string `json:"notes"`
}

type tierJSON struct {
	Tier    string   `json:"tier"`
	Deals   int      `json:"deals"`
	Won     int      `json:"won"`
	Lost    int      `json:"lost"`
	Open    int      `json:"open"`
	WinRate *float64 `json:"win_rate"`
	WinLow  *float64 `json:"win_rate_low"`
	WinHigh *float64 `json:"win_rate_high"`
	TooFew  bool     `json:"too_few"`
}

func (r reportJSON) tier(t *testing.T, name string) tierJSON {
	t.Helper()
	for _, x := range r.WinRate.Tiers {
		if x.Tier == name {
			return x
		}
	}
	t.Fatalf("no tier %q in %+v", name, r.WinRate.Tiers)
	return tierJSON{}
}

// deriveSample returns the icp.yaml derived from sample.csv (shared: read it, do not
// write next to it).
func deriveSample(t *testing.T) string {
	t.Helper()
	return filepath.Join(sampleDerivation(t).dir, "icp.yaml")
}

// runReportJSON runs `icp report --format json` into a fresh --out and decodes stdout.
func runReportJSON(t *testing.T, args ...string) (reportJSON, string) {
	t.Helper()
	out := t.TempDir()
	code, stdout, stderr := runIcp(t, append(append([]string{"report"}, args...), "--out", out, "--format", "json")...)
	if code != exitOK {
		t.Fatalf("report %v: exit %d: %s", args, code, stderr)
	}
	var r reportJSON
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, stdout)
	}
	return r, out
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// countOpen counts the deals of a deals file whose stage is neither won nor lost.
func countStages(t *testing.T, path string) (won, lost, open int) {
	t.Helper()
	recs := readCSV(t, path)
	col := indexOf(t, recs[0], "deal_stage")
	for _, r := range recs[1:] {
		switch r[col] {
		case "Closed Won":
			won++
		case "Closed Lost":
			lost++
		default:
			open++
		}
	}
	return won, lost, open
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func indexOf(t *testing.T, header []string, name string) int {
	t.Helper()
	for i, h := range header {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return -1
}

func TestReportGolden(t *testing.T) {
	t.Parallel()
	prof := deriveSample(t)
	out := t.TempDir()
	code, stdout, stderr := runIcp(t, "report", "--profile", prof, "--deals", sampleDeals, "--accounts", sample, "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden(t, "report/summary.txt", []byte(strings.ReplaceAll(stdout, out, "OUT")))
	for _, f := range []string{"REPORT.md", "report.html"} {
		data := strings.ReplaceAll(string(readFile(t, filepath.Join(out, f))), out, "OUT")
		golden(t, "report/"+f, []byte(data))
	}

	out2 := t.TempDir()
	code, js, stderr := runIcp(t, "report", "--profile", prof, "--deals", sampleDeals, "--accounts", sample, "--out", out2, "--format", "json")
	if code != exitOK {
		t.Fatalf("--format json: exit %d: %s", code, stderr)
	}
	golden(t, "report/report.json", []byte(strings.ReplaceAll(js, out2, "OUT")))
	if strings.Contains(js, "Wrote ") {
		t.Error("--format json printed the text summary too")
	}
	for _, f := range []string{"REPORT.md", "report.html"} {
		if a, b := readFile(t, filepath.Join(out, f)), readFile(t, filepath.Join(out2, f)); string(a) != string(b) {
			t.Errorf("%s differs between --format text and json", f)
		}
	}
}

// On the planted data, the derived profile separates winners: tier A wins more often
// than tier D, with a significant trend; open deals are counted but not in the rate.
func TestReportSeparatesPlantedWinners(t *testing.T) {
	t.Parallel()
	r, _ := runReportJSON(t, "--profile", deriveSample(t), "--deals", sampleDeals, "--accounts", sample)
	a, d := r.tier(t, "A"), r.tier(t, "D")
	if a.WinRate == nil || d.WinRate == nil || !(*a.WinRate > *d.WinRate) {
		t.Errorf("tier A win rate %v, tier D %v: want A higher", a.WinRate, d.WinRate)
	}
	if *a.WinLow <= *d.WinHigh {
		t.Errorf("tier A interval (%.3f–%.3f) overlaps tier D's (%.3f–%.3f) on planted data", *a.WinLow, *a.WinHigh, *d.WinLow, *d.WinHigh)
	}
	if r.WinRate.TrendP == nil || !(*r.WinRate.TrendP < 0.05) || !(*r.WinRate.TrendZ > 0) {
		t.Errorf("trend z %v, p %v: want a significant fall from the best tier", r.WinRate.TrendZ, r.WinRate.TrendP)
	}
	if !strings.HasPrefix(r.WinRate.Headline, "Tier A deals win ") {
		t.Errorf("headline %q", r.WinRate.Headline)
	}

	won, lost, open := countStages(t, sampleDeals)
	if open == 0 {
		t.Fatal("the fixture has no open deals")
	}
	tot := r.WinRate.Total
	if tot.Won != won || tot.Lost != lost || tot.Open != open || tot.Deals != won+lost+open || r.WinRate.Unscored != 0 {
		t.Errorf("total %+v (unscored %d), want won %d, lost %d, open %d", tot, r.WinRate.Unscored, won, lost, open)
	}
	if want := float64(won) / float64(won+lost); tot.WinRate == nil || *tot.WinRate != want {
		t.Errorf("total win rate %v, want won/(won+lost) = %v (open deals excluded)", tot.WinRate, want)
	}
	for _, x := range r.WinRate.Tiers {
		if x.Deals != x.Won+x.Lost+x.Open {
			t.Errorf("tier %s: %d deals ≠ %d won + %d lost + %d open", x.Tier, x.Deals, x.Won, x.Lost, x.Open)
		}
		if x.Won+x.Lost == 0 {
			if x.WinRate != nil {
				t.Errorf("tier %s has no closed deals but win rate %v", x.Tier, *x.WinRate)
			}
			continue
		}
		if want := float64(x.Won) / float64(x.Won+x.Lost); *x.WinRate != want {
			t.Errorf("tier %s: win rate %v, want won/(won+lost) = %v", x.Tier, *x.WinRate, want)
		}
	}
}

func TestReportForce(t *testing.T) {
	t.Parallel()
	prof := deriveSample(t)
	out := t.TempDir()
	args := []string{"report", "--profile", prof, "--deals", sampleDeals, "--accounts", sample, "--out", out}
	if code, _, stderr := runIcp(t, args...); code != exitOK {
		t.Fatalf("first run: exit %d: %s", code, stderr)
	}
	md := filepath.Join(out, "REPORT.md")
	if err := os.WriteFile(md, []byte("hand-edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runIcp(t, args...)
	if code != exitError || !strings.Contains(stderr, "already exists") || !strings.Contains(stderr, "--force") {
		t.Errorf("second run without --force: exit %d, stderr %q; want exit 1 and \"already exists\"", code, stderr)
	}
	if string(readFile(t, md)) != "hand-edited" {
		t.Error("REPORT.md was replaced without --force")
	}
	if code, _, stderr := runIcp(t, append(args, "--force")...); code != exitOK {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if string(readFile(t, md)) == "hand-edited" {
		t.Error("--force did not replace REPORT.md")
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 2 {
		t.Errorf("--out holds %v, want REPORT.md and report.html only", entries)
	}
}

func TestReportUsage(t *testing.T) {
	t.Parallel()
	prof := filepath.Join(t.TempDir(), "icp.yaml") // never read: usage is checked first
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"report", "--deals", sampleDeals}, "--profile is required"},
		{[]string{"report", "--profile", prof}, "--deals is required"},
		{[]string{"report", "--profile", prof, "--deals", sampleDeals, "--format", "xml"}, `--format "xml"`},
		{[]string{"report", "--profile", prof, "--deals", sampleDeals, "extra.csv"}, `unexpected argument "extra.csv"`},
		{[]string{"report", "--bogus"}, "unknown flag: --bogus"},
	}
	for _, c := range cases {
		code, _, stderr := runIcp(t, c.args...)
		if code != exitUsage || !strings.Contains(stderr, c.want) {
			t.Errorf("icp %v: exit %d, stderr %q; want exit 2 and %q", c.args, code, stderr, c.want)
		}
	}
	if code, stdout, _ := runIcp(t, "report", "--help"); code != exitOK || !strings.Contains(stdout, "--deals") {
		t.Errorf("report --help: exit %d, %q", code, stdout)
	}
}

func TestReportDealsWithoutStages(t *testing.T) {
	t.Parallel()
	prof := deriveSample(t)
	dir := t.TempDir()
	deals := filepath.Join(dir, "nostages.csv")
	data := "opportunity_id,customer_id,amount,create_date,close_date\n" +
		"OPP-1,CUST-000001,1000,2025-01-01,2025-02-01\nOPP-2,CUST-000002,2000,2025-01-05,2025-03-01\n"
	if err := os.WriteFile(deals, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := runIcp(t, "report", "--profile", prof, "--deals", deals, "--accounts", sample, "--out", out)
	if code != exitError || strings.Count(stderr, "nostages.csv") != 1 || !strings.Contains(stderr, "deal_stage") {
		t.Errorf("exit %d, stderr %q; want exit 1 and a message naming nostages.csv (once) and the stage columns it looks for", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("--out was created despite the error")
	}
}

// A hand-edited profile is used as it stands: with the tech_stack criterion removed
// and tier B's cut point moved from 30 to 50, every deal gets the tier that `icp score` gives its
// account under the edited profile.
func TestReportHandEditedProfile(t *testing.T) {
	t.Parallel()
	prof := deriveSample(t)
	orig, _ := runReportJSON(t, "--profile", prof, "--deals", sampleDeals, "--accounts", sample)

	text := string(readFile(t, prof))
	start := strings.Index(text, "\n  - attribute: tech_stack\n")
	if start < 0 {
		t.Fatalf("derived profile has no tech_stack criterion:\n%s", text)
	}
	end := strings.Index(text[start+1:], "\n  - attribute: ")
	for _, next := range []string{"\nnegative_traits:", "\ndisqualifiers:"} {
		if dq := strings.Index(text[start+1:], next); end < 0 || dq >= 0 && dq < end {
			end = dq
		}
	}
	if end < 0 {
		t.Fatal("cannot find the end of the tech_stack criterion")
	}
	edited := text[:start] + text[start+1+end:]
	re := regexp.MustCompile(`(?m)^    - name: B\n      min: (\d+)\n`)
	m := re.FindStringSubmatch(edited)
	if m == nil {
		t.Fatalf("derived profile has no score tier B:\n%s", edited)
	}
	oldMin, _ := strconv.Atoi(m[1])
	newMin := min(99, oldMin+15)
	edited = re.ReplaceAllString(edited, fmt.Sprintf("    - name: B\n      min: %d\n", newMin))
	dir := t.TempDir()
	editedPath := filepath.Join(dir, "icp.yaml")
	if err := os.WriteFile(editedPath, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}

	r, out := runReportJSON(t, "--profile", editedPath, "--deals", sampleDeals, "--accounts", sample)
	md := string(readFile(t, filepath.Join(out, "REPORT.md")))
	if strings.Contains(md, "tech\\_stack") || !strings.Contains(md, fmt.Sprintf("B ≥ %d;", newMin)) {
		t.Errorf("REPORT.md does not show the edited profile:\n%s", md[strings.Index(md, "## The profile"):])
	}

	// Expected tiers: score the accounts with the edited profile, then count deals.
	scored := filepath.Join(dir, "scored.csv")
	if code, _, stderr := runIcp(t, "score", "--profile", editedPath, sample, "-o", scored, "-q"); code != exitOK {
		t.Fatalf("score: exit %d: %s", code, stderr)
	}
	recs := readCSV(t, scored)
	idCol, tierCol := indexOf(t, recs[0], "customer_id"), indexOf(t, recs[0], "icp_tier")
	tierOf := map[string]string{}
	for _, rec := range recs[1:] {
		tierOf[rec[idCol]] = rec[tierCol]
	}
	want := map[string]int{}
	deals := readCSV(t, sampleDeals)
	custCol := indexOf(t, deals[0], "customer_id")
	for _, d := range deals[1:] {
		want[tierOf[d[custCol]]]++
	}
	changed := false
	for i, x := range r.WinRate.Tiers {
		if x.Deals != want[x.Tier] {
			t.Errorf("tier %s: %d deals, want %d (the tiers icp score gives under the edited profile)", x.Tier, x.Deals, want[x.Tier])
		}
		if x.Deals != orig.WinRate.Tiers[i].Deals {
			changed = true
		}
	}
	if !changed {
		t.Error("editing the profile changed no tier's deals")
	}
	// Raising B's cut moves accounts out of B.
	if b, ob := r.tier(t, "B"), orig.tier(t, "B"); b.Deals >= ob.Deals {
		t.Errorf("tier B: %d deals after raising its cut to %d, %d before; want fewer", b.Deals, newMin, ob.Deals)
	}
}

// On Maven's CRM sample the sales team's hypothesis does not separate winners: every
// tier wins about 63% of its deals.
func TestReportMavenHypothesis(t *testing.T) {
	t.Parallel()
	const dir = "../../testdata/maven-crm"
	r, out := runReportJSON(t, "--profile", filepath.Join(dir, "hypothesis.yaml"),
		"--deals", filepath.Join(dir, "sales_pipeline.csv"), "--accounts", filepath.Join(dir, "accounts.csv"))
	if !strings.Contains(r.WinRate.Headline, "do not fall reliably") || !strings.Contains(r.WinRate.Headline, "does not separate winners") {
		t.Errorf("headline %q: want the tiers not to separate winners", r.WinRate.Headline)
	}
	if r.WinRate.TrendP == nil || *r.WinRate.TrendP < 0.05 {
		t.Errorf("trend p %v, want not significant", r.WinRate.TrendP)
	}
	readable := 0
	for _, x := range r.WinRate.Tiers {
		if x.Won+x.Lost == 0 {
			continue
		}
		readable++
		if x.WinLow == nil || x.WinHigh == nil || !(*x.WinLow < *x.WinRate && *x.WinRate < *x.WinHigh) {
			t.Errorf("tier %s: win rate %v, interval %v–%v", x.Tier, x.WinRate, x.WinLow, x.WinHigh)
		}
	}
	if readable < 4 {
		t.Errorf("%d tiers with closed deals, want A–D", readable)
	}
	md := string(readFile(t, filepath.Join(out, "REPORT.md")))
	interval := regexp.MustCompile(`(?m)^\| [A-D] \|( [0-9,]+ \|){4} \d+\.\d% \(\d+\.\d%–\d+\.\d%\) \|`)
	if n := len(interval.FindAllString(md, -1)); n != 4 {
		t.Errorf("REPORT.md has %d tier rows A–D with a win rate and interval, want 4:\n%s", n, md)
	}
	if !strings.Contains(md, "does not separate winners") {
		t.Error("REPORT.md's headline does not say the tiers do not separate winners")
	}
	html := string(readFile(t, filepath.Join(out, "report.html")))
	if !strings.Contains(html, "does not separate winners") || strings.Contains(html, "NaN") {
		t.Error("report.html lacks the headline or holds NaN")
	}
}

// A profile derived from Maven's CRM sample has no criteria: every account is tier D
// (not "A"), and report and score say the tiers carry no information instead of
// blaming too few deals.
func TestReportProfileWithoutCriteria(t *testing.T) {
	t.Parallel()
	const dir = "../../testdata/maven-crm"
	accounts, deals := filepath.Join(dir, "accounts.csv"), filepath.Join(dir, "sales_pipeline.csv")
	out := filepath.Join(t.TempDir(), "derive")
	if code, _, stderr := runIcp(t, "derive", "--accounts", accounts, "--deals", deals, "--out", out, "--quiet", "--validate=false"); code != exitOK {
		t.Fatalf("derive: exit %d: %s", code, stderr)
	}
	prof := filepath.Join(out, "icp.yaml")
	r, rout := runReportJSON(t, "--profile", prof, "--deals", deals, "--accounts", accounts)
	if len(r.WinRate.Tiers) != 1 || r.WinRate.Tiers[0].Tier != "D" {
		t.Errorf("tiers %+v, want everyone in D", r.WinRate.Tiers)
	}
	if !strings.HasPrefix(r.WinRate.Headline, "Every deal falls in tier D") {
		t.Errorf("headline %q", r.WinRate.Headline)
	}
	md := string(readFile(t, filepath.Join(rout, "REPORT.md")))
	if !strings.Contains(md, "the profile has no criteria") {
		t.Errorf("REPORT.md does not warn that the profile has no criteria:\n%s", md)
	}
	code, _, stderr := runIcp(t, "score", "--profile", prof, accounts, "-o", filepath.Join(t.TempDir(), "s.csv"), "-q")
	if code != exitOK || !strings.Contains(stderr, "the profile has no criteria") {
		t.Errorf("score: exit %d, stderr %q", code, stderr)
	}
}
