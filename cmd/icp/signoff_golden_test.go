package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/icp-dev/icp/report"
)

// The sign-off documents (issue 15) pinned for every data set a reader meets: the
// sample (ICP.md, report.html; REPORT.md in TestReportGolden), its next quarter
// (sample-q2.csv: ICP.md, report.html, and COMPARE.md against the sample's profile),
// Maven's CRM sample with the sales team's hypothesis (REPORT.md, report.html) and
// telco (ICP.md and report.html in TestDeriveGoldenRealExports).

// TestSignoffGoldenSample pins the report.html that derive writes for the sample.
func TestSignoffGoldenSample(t *testing.T) {
	t.Parallel()
	d := sampleDerivation(t)
	golden(t, "derive/report.html", readFile(t, filepath.Join(d.dir, "report.html")))
}

// TestSignoffGoldenQuarters pins the sample's next quarter: its own sign-off documents
// and the quarterly review of the sample's profile on it.
func TestSignoffGoldenQuarters(t *testing.T) {
	t.Parallel()
	const q2 = "../../testdata/sample-q2.csv"
	out := filepath.Join(t.TempDir(), "q2")
	code, stdout, stderr := runIcp(t, "derive", q2, "--out", out)
	if code != exitOK {
		t.Fatalf("derive %s: exit %d: %s", q2, code, stderr)
	}
	golden(t, "derive-sample-q2/summary.txt", []byte(strings.ReplaceAll(stdout, out, "OUT")))
	for _, f := range []string{"ICP.md", "report.html"} {
		golden(t, "derive-sample-q2/"+f, readFile(t, filepath.Join(out, f)))
	}

	d := sampleDerivation(t)
	cmp := filepath.Join(t.TempDir(), "cmp")
	code, stdout, stderr = runCompareT(t, "--profile", filepath.Join(d.dir, "icp.yaml"), "--old-data", sample, "--out", cmp, q2)
	if code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	clean := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, cmp, "OUT"), d.dir, "PROFILE") }
	golden(t, "compare-sample/summary.txt", []byte(clean(stdout)))
	golden(t, "compare-sample/COMPARE.md", []byte(clean(string(readFile(t, filepath.Join(cmp, "COMPARE.md"))))))
}

// TestSignoffGoldenMavenHypothesis pins the report of the sales team's hand-written
// hypothesis on Maven's pipeline (README, "Checking a hypothesis").
func TestSignoffGoldenMavenHypothesis(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runIcp(t, "report", "--profile", "../../testdata/maven-crm/hypothesis.yaml",
		"--deals", "../../testdata/maven-crm/sales_pipeline.csv", "--accounts", "../../testdata/maven-crm/accounts.csv", "--out", out)
	if code != exitOK {
		t.Fatalf("report: exit %d: %s", code, stderr)
	}
	golden(t, "report-maven/summary.txt", []byte(strings.ReplaceAll(stdout, out, "OUT")))
	for _, f := range []string{"REPORT.md", "report.html"} {
		golden(t, "report-maven/"+f, []byte(strings.ReplaceAll(string(readFile(t, filepath.Join(out, f))), out, "OUT")))
	}
	html := string(readFile(t, filepath.Join(out, "report.html")))
	words := html[strings.Index(html, "<h2>The profile in words</h2>"):]
	if end := strings.Index(words, `<p class="meta">Association`); end >= 0 {
		words = words[:end]
	}
	if strings.Contains(words, "stages read as") || strings.Contains(words, "deal_stage") {
		t.Error("report.html: notes on the deals sit under \"The profile in words\"")
	}
}

// TestICPBodyPlainWordsGoldens: in every pinned ICP.md (the sample, its next quarter,
// telco, maven, the null data), nothing before the appendix uses the statistics'
// vocabulary or set notation, a confidence word stands beside the profile, and each
// criterion's sentence carries one.
func TestICPBodyPlainWordsGoldens(t *testing.T) {
	t.Parallel()
	conf := regexp.MustCompile(`\*\*Confidence: (high|medium|low)\*\*`)
	for _, name := range []string{"derive", "derive-sample-q2", "derive-telco", "derive-maven", "derive-null"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "golden", name, "ICP.md"))
		if err != nil {
			t.Fatal(err)
		}
		doc := string(data)
		i := strings.Index(doc, report.AppendixHeading)
		if i < 0 {
			t.Errorf("%s/ICP.md has no appendix", name)
			continue
		}
		body := doc[:i]
		low := strings.ToLower(body)
		for _, w := range []string{"q-value", "p-value", "fisher", "wilson", "benjamini", "hochberg", "cochran", "mantel", "haenszel", "psi", "percentile rank", "{", "}"} {
			if strings.Contains(low, w) {
				t.Errorf("%s/ICP.md body contains %q", name, w)
			}
		}
		if strings.Contains(body, "&lt;") {
			t.Errorf("%s/ICP.md body holds an HTML entity", name)
		}
		if !conf.MatchString(body) {
			t.Errorf("%s/ICP.md: no confidence word beside the profile", name)
		}
		a, b := strings.Index(body, "## 4. Criteria"), strings.Index(body, "## 5.")
		if a < 0 || b < a {
			t.Errorf("%s/ICP.md: no criteria section", name)
			continue
		}
		crit := body[a:b]
		n := len(regexp.MustCompile(`(?m)^\d+\. \*\*`).FindAllString(crit, -1))
		if got := strings.Count(crit, "Confidence: "); got != n {
			t.Errorf("%s/ICP.md: %d of %d criteria sentences carry a confidence word", name, got, n)
		}
	}
}
