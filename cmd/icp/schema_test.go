package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// withoutV2 removes from a derived schema-2 profile what version 1 cannot say: the
// segment and its tier, negative traits, the base score, expected rates and the
// disqualifier rule; and sets the three criteria's points to 50, 30 and 20. The result
// is still a valid schema-2 profile.
func withoutV2(t *testing.T, v2 string) string {
	t.Helper()
	s := v2
	for _, re := range []string{
		`(?m)^segment:\n(?:[ -].*\n)*`, `(?m)^negative_traits:\n(?:[ -].*\n)*`, `(?m)^negative_traits: \[\]\n`,
		`(?m)^disqualifier_rule: .*\n`, `(?m)^ +expected_best_rate: .*\n`, `(?m)^  base: .*\n`,
		`(?m)^    - name: A\n      segment: true\n      min: .*\n`, `(?m)^    segment: true\n`,
	} {
		s = regexp.MustCompile(re).ReplaceAllString(s, "")
	}
	// Points that add up to 100, as version-1 weights are read (scaled to 100).
	pts := []string{"50", "30", "20"}
	k := 0
	s = regexp.MustCompile(`(?m)^    points: .*$`).ReplaceAllStringFunc(s, func(string) string {
		if k >= len(pts) {
			t.Fatalf("more than %d criteria in the sample profile", len(pts))
		}
		k++
		return "    points: " + pts[k-1]
	})
	return s
}

// toSchema1 rewrites a profile without schema-2 fields (see withoutV2) in the
// version-1 layout: weights instead of points.
func toSchema1(t *testing.T, v2 string) string {
	t.Helper()
	s := strings.Replace(v2, "schema: 2\n", "schema: 1\n", 1)
	s = strings.ReplaceAll(s, "    points: ", "    weight: ")
	if s == v2 || strings.Contains(s, "points:") {
		t.Fatalf("could not rewrite the profile as schema 1:\n%s", s)
	}
	return s
}

// A version-1 profile (weights) still scores, reports and compares: its scores and
// tiers equal those of the same criteria and cut points in version 2 (points).
func TestSchema1ProfileStillWorks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	plain := withoutV2(t, string(readFile(t, deriveSample(t))))
	v2 := filepath.Join(dir, "v2.yaml")
	if err := os.WriteFile(v2, []byte(plain), 0o644); err != nil {
		t.Fatal(err)
	}
	v1 := filepath.Join(dir, "icp.yaml")
	if err := os.WriteFile(v1, []byte(toSchema1(t, plain)), 0o644); err != nil {
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
	// The fresh profile's validation is not what this test is about: skip it to save time.
	if code, _, stderr := runIcp(t, "compare", "--profile", v1, sample, "--out", out, "--quiet", "--validate=false"); code != exitOK {
		t.Fatalf("compare against a schema 1 profile: exit %d: %s", code, stderr)
	}
	md := string(readFile(t, filepath.Join(out, "COMPARE.md")))
	// The schema-1 profile holds the same criteria as today's derivation, which adds
	// the sweet spot and negative traits version 1 cannot hold.
	for _, want := range []string{"Criterion kept: Employees", "Criterion kept: Industry", "Criterion kept: Uses Snowflake"} {
		if !strings.Contains(md, want) {
			t.Errorf("COMPARE.md against the schema-1 profile lacks %q:\n%s", want, md)
		}
	}
	if !strings.Contains(string(readFile(t, filepath.Join(out, "icp.yaml"))), "schema: 2\n") {
		t.Error("the fresh profile is not written in schema 2")
	}
}
