package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const sample = "../../testdata/sample.csv"

func TestDeriveGolden(t *testing.T) {
	t.Parallel()
	d := sampleDerivation(t)
	out := d.dir
	stdout := strings.ReplaceAll(d.stdout, out, "OUT")
	golden(t, "derive/summary.txt", []byte(stdout))
	for _, f := range []string{"icp.yaml", "ICP.md", "lift.csv"} {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "derive/"+f, data)
	}
}

func TestDeriveJSONContract(t *testing.T) {
	t.Parallel()
	d := sampleJSONDerivation(t)
	out, stdout := d.dir, d.stdout
	golden(t, "derive/derive.json", []byte(strings.ReplaceAll(stdout, out, "OUT")))
	var got map[string]any
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not one JSON object: %v", err)
	}
	for _, k := range []string{"customers", "best", "criteria", "disqualifiers", "warnings"} {
		if _, ok := got[k]; !ok {
			t.Errorf("JSON lacks %q", k)
		}
	}
	best := got["best"].(map[string]any)
	if best["count"].(float64) != 400 || best["share"].(float64) != 0.2 {
		t.Errorf("best = %v", best)
	}
	crit := got["criteria"].([]any)
	if len(crit) < 3 {
		t.Fatalf("criteria = %v", crit)
	}
	for _, c := range crit {
		m := c.(map[string]any)
		for _, k := range []string{"attribute", "op", "lift", "best_share", "all_share", "n", "p_value", "q_value", "min", "max"} {
			if _, ok := m[k]; !ok {
				t.Errorf("criterion %v lacks %q", m["display"], k)
			}
		}
		switch m["op"] {
		case "in", "has":
			for _, v := range m["values"].([]any) {
				if s := v.(string); s != strings.ToLower(s) {
					t.Errorf("value %q not normalised to lower case", s)
				}
			}
		case "range":
			if m["min"] == nil && m["max"] == nil {
				t.Errorf("range %v has neither min nor max", m["display"])
			}
		}
	}
}

// TestDeriveIsDeterministic compares the files of two runs on the same input with the
// same (default) seed: the shared derivations of the sample, one with text and one with
// JSON on stdout, which must not change the files either.
func TestDeriveIsDeterministic(t *testing.T) {
	t.Parallel()
	var outs [2]map[string]string
	for i, dir := range []string{sampleDerivation(t).dir, sampleJSONDerivation(t).dir} {
		outs[i] = map[string]string{}
		for _, f := range []string{"icp.yaml", "ICP.md", "lift.csv", "report.html"} {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			outs[i][f] = string(b)
		}
	}
	for f, a := range outs[0] {
		if a != outs[1][f] {
			t.Errorf("%s differs between two runs with the same input and seed", f)
		}
	}
}

func TestDeriveRefusesToOverwriteProfile(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	// Validation is not what this test is about: skip it to save time.
	if code, _, stderr := runIcp(t, "derive", sample, "--out", out, "--validate=false"); code != exitOK {
		t.Fatal(stderr)
	}
	path := filepath.Join(out, "icp.yaml")
	if err := os.WriteFile(path, []byte("hand-edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runIcp(t, "derive", sample, "--out", out)
	if code != exitError || !strings.Contains(stderr, "already exists; pass --force") {
		t.Errorf("second derive: exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != "hand-edited" {
		t.Error("existing profile was overwritten without --force")
	}
	if code, _, stderr := runIcp(t, "derive", sample, "--out", out, "--force", "--validate=false"); code != exitOK {
		t.Errorf("--force: exit %d, %s", code, stderr)
	}
	if b, _ := os.ReadFile(path); string(b) == "hand-edited" {
		t.Error("--force did not replace the profile")
	}
}

func TestDeriveBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{filepath.Join(dir, "nope.csv")}, "nope.csv"},
		{"no outcome", []string{write("noout.csv", "id,industry\n1,saas\n2,retail\n")}, "no outcome column found"},
		{"unknown override", []string{write("o.csv", "id,industry,ltv\n1,saas,5\n"), "--ltv", "lvt"}, `--ltv "lvt": no such column (did you mean "ltv"?)`},
		{"text outcome", []string{write("t.csv", "id,industry,ltv\n1,saas,high\n2,retail,low\n"), "--ltv", "industry"}, "needs numbers"},
		{"ragged", []string{write("r.csv", "id,industry,ltv\n1,saas,5\n2,retail\n")}, "r.csv:3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(c.name, " ", "-"))
			code, _, stderr := runIcp(t, append([]string{"derive", "--out", out}, c.args...)...)
			if code != exitError || !strings.Contains(stderr, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 and %q", code, stderr, c.want)
			}
			if _, err := os.Stat(filepath.Join(out, "icp.yaml")); err == nil {
				t.Error("a profile was written despite the error")
			}
		})
	}
}

func TestDeriveNullDataSaysNoSignal(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	code, stdout, stderr := runIcp(t, "derive", "../../testdata/null.csv", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "no reliable ICP signal") {
		t.Errorf("summary does not say there is no signal:\n%s", stdout)
	}
	md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "derive-null/ICP.md", md)
	if !strings.Contains(string(md), "does **not** hold a reliable ICP signal") {
		t.Error("ICP.md does not say there is no signal")
	}
	// no_signal and the criteria come from the search, not from validation: skip it.
	_, js, _ := runIcp(t, "derive", "../../testdata/null.csv", "--out", t.TempDir(), "--format", "json", "--validate=false")
	var got struct {
		NoSignal bool  `json:"no_signal"`
		Criteria []any `json:"criteria"`
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatal(err)
	}
	if !got.NoSignal || len(got.Criteria) != 0 {
		t.Errorf("JSON: no_signal=%v criteria=%v", got.NoSignal, got.Criteria)
	}
}

func TestDeriveDealColumnsMapping(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var acc, deals strings.Builder
	acc.WriteString("company_key,industry,employees\n")
	deals.WriteString("Company Key,Pipeline Step,Deal Value,Opened,Closed On\n")
	for i := range 60 {
		ind := []string{"saas", "retail", "media"}[i%3]
		fmt.Fprintf(&acc, "K%d,%s,%d\n", i, ind, 10+i*7)
		for j := range 3 {
			stage := "Closed Lost"
			if (i+j)%2 == 0 {
				stage = "Closed Won"
			}
			fmt.Fprintf(&deals, "K%d,%s,%d,2024-01-%02d,2024-03-%02d\n", i, stage, 1000+100*i+j, 1+j, 1+j+i%20)
		}
	}
	ap, dp := filepath.Join(dir, "acc.csv"), filepath.Join(dir, "deals.csv")
	os.WriteFile(ap, []byte(acc.String()), 0o644)
	os.WriteFile(dp, []byte(deals.String()), 0o644)
	code, _, stderr := runIcp(t, "derive", "--accounts", ap, "--deals", dp, "--out", filepath.Join(dir, "a"))
	if code != exitError {
		t.Fatalf("unknown deal headers: exit %d, stderr %q", code, stderr)
	}
	code, stdout, stderr := runIcp(t, "derive", "--accounts", ap, "--deals", dp, "--out", filepath.Join(dir, "b"), "--validate=false",
		"--deal-columns", "account=Company Key,stage=Pipeline Step,amount=Deal Value,created=Opened,closed_at=Closed On")
	if code != exitOK {
		t.Fatalf("with --deal-columns: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, `stage "Pipeline Step"`) || !strings.Contains(stdout, "Customers analysed: 60 of 60") {
		t.Errorf("stdout:\n%s", stdout)
	}
	code, _, stderr = runIcp(t, "derive", "--accounts", ap, "--deals", dp, "--deal-columns", "acct=X")
	if code != exitUsage || !strings.Contains(stderr, "key=Header") {
		t.Errorf("bad mapping: exit %d, %q", code, stderr)
	}
}

// TestRowOrderGivesSameOutputs: the sample with its rows reversed gives byte-identical
// lift.csv, ICP.md and icp.yaml (apart from the source block, which names the file and
// its SHA-256), validation included: every random step is keyed on the customer id.
func TestRowOrderGivesSameOutputs(t *testing.T) {
	t.Parallel()
	data := string(readFile(t, sample))
	lines := strings.SplitAfter(strings.TrimSuffix(data, "\n"), "\n")
	rev := []string{lines[0]}
	for k := len(lines) - 1; k >= 1; k-- {
		rev = append(rev, strings.TrimSuffix(lines[k], "\n")+"\n")
	}
	dir := t.TempDir()
	revPath := filepath.Join(dir, "sample.csv")
	if err := os.WriteFile(revPath, []byte(strings.Join(rev, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	outs := map[string]string{}
	for name, in := range map[string]string{"file order": sample, "reversed": revPath} {
		out := filepath.Join(dir, strings.ReplaceAll(name, " ", "-"))
		if code, _, stderr := runIcp(t, "derive", in, "--out", out, "--resamples", "40", "--quiet"); code != exitOK {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		outs[name] = out
	}
	source := regexp.MustCompile(`(?ms)^source:\n(?:  .*\n)*`)
	for _, f := range []string{"lift.csv", "ICP.md", "icp.yaml"} {
		a, b := string(readFile(t, filepath.Join(outs["file order"], f))), string(readFile(t, filepath.Join(outs["reversed"], f)))
		if f == "icp.yaml" {
			a, b = source.ReplaceAllString(a, ""), source.ReplaceAllString(b, "")
		}
		if f == "ICP.md" { // the table of the source's SHA-256
			sha := regexp.MustCompile("`[0-9a-f]{64}`")
			a, b = sha.ReplaceAllString(a, ""), sha.ReplaceAllString(b, "")
		}
		if a != b {
			t.Errorf("%s differs when the rows are reversed", f)
		}
	}
}

// TestDeriveGoldenRealExports pins the sign-off documents of two real exports: telco
// (LTV from TotalCharges: a sweet spot, falling tiers, no disqualified customers) and
// Maven's CRM sample (accounts and deals: no reliable signal, every account in one
// tier). Validation is on with the fewest resamples allowed, to keep the test short.
func TestDeriveGoldenRealExports(t *testing.T) {
	t.Parallel()
	for name, args := range map[string][]string{
		"derive-telco": {"../../testdata/telco-churn/Telco-Customer-Churn.csv", "--ltv", "TotalCharges"},
		"derive-maven": {"--accounts", "../../testdata/maven-crm/accounts.csv", "--deals", "../../testdata/maven-crm/sales_pipeline.csv"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		code, stdout, stderr := runIcp(t, append(append([]string{"derive"}, args...), "--out", out, "--resamples", "30")...)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		golden(t, name+"/summary.txt", []byte(strings.ReplaceAll(stdout, out, "OUT")))
		golden(t, name+"/ICP.md", readFile(t, filepath.Join(out, "ICP.md")))
		golden(t, name+"/report.html", readFile(t, filepath.Join(out, "report.html")))
	}
}

// TestDeriveTiedCutSaysSo: with churn as the only outcome every retained customer ties
// at the top, and the best group is far larger than the share asked for; the summary
// and ICP.md must say so beside the rule, not only in the warnings.
func TestDeriveTiedCutSaysSo(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("customer_id,industry,churned\n")
	for i := range 300 {
		fmt.Fprintf(&b, "C%03d,%s,%s\n", i, []string{"SaaS", "Retail", "Health"}[i%3], map[bool]string{true: "yes", false: "no"}[i%10 < 3])
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "churn.csv")
	if err := os.WriteFile(in, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, stdout, stderr := runIcp(t, "derive", in, "--out", out, "-q", "--resamples", "30")
	if code != exitOK {
		t.Fatalf("derive: %d %s", code, stderr)
	}
	const want = "best customers: 210 (70.0%, not the 20.0% asked for: tied scores at the cut, see the warnings)"
	if !strings.Contains(stdout, want) {
		t.Errorf("summary lacks %q:\n%s", want, stdout)
	}
	md, err := os.ReadFile(filepath.Join(out, "ICP.md"))
	if err != nil || !strings.Contains(string(md), "Cohort: **210 of 300 customers** (70.0%, not the 20.0% asked for") {
		t.Errorf("ICP.md cohort line: %v", err)
	}
}
