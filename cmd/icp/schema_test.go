package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// toSchema1 rewrites a derived schema-2 profile in the version-1 layout: weights
// instead of points, no negative traits, no disqualifier rule, no expected rates.
func toSchema1(t *testing.T, v2 string) string {
	t.Helper()
	s := strings.Replace(v2, "schema: 2\n", "schema: 1\n", 1)
	s = strings.ReplaceAll(s, "    points: ", "    weight: ")
	for _, re := range []string{`(?m)^negative_traits: \[\]\n`, `(?m)^disqualifier_rule: .*\n`, `(?m)^ +expected_best_rate: .*\n`} {
		s = regexp.MustCompile(re).ReplaceAllString(s, "")
	}
	if s == v2 || strings.Contains(s, "points:") {
		t.Fatalf("could not rewrite the profile as schema 1:\n%s", s)
	}
	return s
}

// A version-1 profile (weights) still scores, reports and compares: its scores and
// tiers equal those of the same profile in version 2 (points).
func TestSchema1ProfileStillWorks(t *testing.T) {
	t.Parallel()
	v2 := deriveSample(t)
	dir := t.TempDir()
	v1 := filepath.Join(dir, "icp.yaml")
	if err := os.WriteFile(v1, []byte(toSchema1(t, string(readFile(t, v2)))), 0o644); err != nil {
		t.Fatal(err)
	}
	scored := map[string][][]string{}
	for name, prof := range map[string]string{"v1": v1, "v2": v2} {
		out := filepath.Join(dir, name+".csv")
		if code, _, stderr := runIcp(t, "score", "--profile", prof, sample, "-o", out, "-q"); code != exitOK {
			t.Fatalf("score with %s: exit %d: %s", name, code, stderr)
		}
		scored[name] = readCSV(t, out)
	}
	if len(scored["v1"]) != len(scored["v2"]) {
		t.Fatal("row counts differ")
	}
	score, tier := indexOf(t, scored["v1"][0], "icp_score"), indexOf(t, scored["v1"][0], "icp_tier")
	for i := range scored["v1"] {
		a, b := scored["v1"][i], scored["v2"][i]
		if a[score] != b[score] || a[tier] != b[tier] {
			t.Fatalf("row %d: v1 %s/%s, v2 %s/%s", i, a[score], a[tier], b[score], b[tier])
		}
	}
	if _, out := runReportJSON(t, "--profile", v1, "--deals", sampleDeals, "--accounts", sample); out == "" {
		t.Fatal("report wrote nothing")
	}
	out := filepath.Join(dir, "compare")
	if code, _, stderr := runIcp(t, "compare", "--profile", v1, sample, "--out", out, "--quiet"); code != exitOK {
		t.Fatalf("compare against a schema 1 profile: exit %d: %s", code, stderr)
	}
	md := string(readFile(t, filepath.Join(out, "COMPARE.md")))
	if !strings.Contains(md, "## Verdict: no material change") {
		t.Errorf("the same data compared against its own profile in schema 1 should show no material change:\n%s", md)
	}
	if !strings.Contains(string(readFile(t, filepath.Join(out, "icp.yaml"))), "schema: 2\n") {
		t.Error("the fresh profile is not written in schema 2")
	}
}
