package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/icp-dev/icp/report"
)

// TestICPBodyPlainWords: nothing in ICP.md before the appendix uses the statistics'
// vocabulary or set notation, and a confidence word stands beside the profile and each
// criterion; labels and display spellings are used.
func TestICPBodyPlainWords(t *testing.T) {
	t.Parallel()
	d := sampleDerivation(t)
	md, err := os.ReadFile(filepath.Join(d.dir, "ICP.md"))
	if err != nil {
		t.Fatal(err)
	}
	doc := string(md)
	i := strings.Index(doc, report.AppendixHeading)
	if i < 0 {
		t.Fatal("ICP.md has no appendix")
	}
	body := strings.ToLower(doc[:i])
	for _, w := range []string{"q-value", "p-value", "fisher", "wilson", "benjamini", "hochberg", "cochran", "mantel", "haenszel", "psi", "percentile rank", "{", "}"} {
		if strings.Contains(body, w) {
			t.Errorf("ICP.md body contains %q", w)
		}
	}
	if !regexp.MustCompile(`\*\*Confidence: (high|medium|low)\*\*`).MatchString(doc[:i]) {
		t.Error("no confidence word beside the profile")
	}
	crit := doc[strings.Index(doc, "## 4. Criteria"):strings.Index(doc, "## 5.")]
	if n := strings.Count(crit, "Confidence: "); n != 3 {
		t.Errorf("%d criteria sentences carry a confidence word, want 3", n)
	}
	for _, want := range []string{"Employees: 240 to 2,100", "Industry: FinTech or SaaS", "Uses Snowflake", "Sales cycle (days)"} {
		if !strings.Contains(doc[:i], want) {
			t.Errorf("ICP.md body lacks %q", want)
		}
	}
	if strings.Contains(doc[:i], "sales\\_cycle\\_days") || strings.Contains(doc, "&lt;") {
		t.Error("ICP.md body shows a raw column name or an HTML entity")
	}
}

// TestCompareOwnData: comparing a profile with the very data it came from shows no
// material change and no tier shift, and the new profile does not silently take the
// old one's name.
func TestCompareOwnData(t *testing.T) {
	t.Parallel()
	d := sampleDerivation(t)
	out := filepath.Join(t.TempDir(), "cmp")
	// The fresh profile's validation changes none of what is checked here (compare.json
	// differs only in the warning that it was skipped): skip it to save time.
	code, _, stderr := runCompareT(t, "--profile", filepath.Join(d.dir, "icp.yaml"), "--old-data", sample, "--out", out, sample, "--validate=false")
	if code != exitOK {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	js, err := os.ReadFile(filepath.Join(out, "compare.json"))
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Verdict string `json:"verdict"`
		Basis   string `json:"old_tiers_basis"`
		Tiers   struct {
			MixPSI  float64 `json:"tier_mix_psi"`
			BestPSI float64 `json:"best_by_tier_psi"`
		} `json:"old_tiers_on_new_data"`
		Draft struct {
			Name       string `json:"name"`
			Supersedes string `json:"supersedes"`
		} `json:"new_profile"`
	}
	if err := json.Unmarshal(js, &c); err != nil {
		t.Fatal(err)
	}
	if c.Verdict != report.VerdictNoChange {
		t.Errorf("verdict %q, want %q", c.Verdict, report.VerdictNoChange)
	}
	if c.Basis != report.TierBasisOldData || c.Tiers.MixPSI > 0.01 || c.Tiers.BestPSI > 0.01 {
		t.Errorf("tiers on own data: basis %q, PSI %g / %g; want the same basis and no shift", c.Basis, c.Tiers.MixPSI, c.Tiers.BestPSI)
	}
	if strings.HasPrefix(c.Draft.Supersedes, c.Draft.Name+" (icp.yaml") {
		t.Errorf("new profile %q supersedes a profile of its own name: %q", c.Draft.Name, c.Draft.Supersedes)
	}
	md, _ := os.ReadFile(filepath.Join(out, "COMPARE.md"))
	if strings.Contains(string(md), "(major)") || strings.Contains(string(md), "major shift") {
		t.Error("COMPARE.md on the profile's own data reports a major shift")
	}
}
