package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/profile"
)

func TestFormatting(t *testing.T) {
	cases := []struct{ got, want string }{
		{pct(0.623), "62.3%"},
		{pct(0.0043), "0.43%"},
		{pct(0), "0.0%"},
		{pct(math.NaN()), "–"},
		{times(2.613), "2.61×"},
		{times(math.Inf(1)), "–"},
		{interval(1.2, 3.456), "1.20–3.46"},
		{count(1234567), "1,234,567"},
		{mdEscape("a|b_c *d* <e>"), `a\|b\_c \*d\* \<e\>`},
		{clip("industry in {saas, fintech}", 12), "industry in…"},
		{clip("short", 12), "short"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestHTMLHasNoNaN renders a page whose tiers and win rates include empty ones: no
// NaN or Inf may reach an SVG attribute, and the page stays self-contained.
func TestHTMLHasNoNaN(t *testing.T) {
	min, max := 200.0, 2000.0
	p := &profile.Profile{Schema: 1, Name: "t", Status: "draft",
		Criteria: []profile.Criterion{{Condition: profile.Condition{Attribute: "employees", Op: "range", Min: &min, Max: &max}, Weight: 100,
			Evidence: &profile.Evidence{N: 10, Best: 5, Lift: 2, LiftLow: 1.1, LiftHigh: 3.5}}},
		Scoring: profile.Scoring{Tiers: profile.DefaultTiers()}}
	wr := winrate.ByTier([]winrate.Deal{{Tier: "A", Status: winrate.Won, Amount: 10, CycleDays: 5}}, p.Scoring.TierNames())
	tiers := []analysis.TierRow{{Tier: "A", N: 0}, {Tier: "B", N: 10, Best: 3, Rate: 0.3, RateLow: 0.1, RateHigh: 0.6}}
	var b bytes.Buffer
	if err := HTML(&b, Page{Title: "t", Profile: p, Tiers: tiers, WinRate: &wr}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, bad := range []string{"NaN", "Inf", "<script", `src="http`, `href="http`, "url(http", "@import"} {
		if strings.Contains(s, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(s, "<svg") || !strings.HasSuffix(strings.TrimSpace(s), "</html>") {
		t.Error("page lacks a chart or is cut short")
	}
}
