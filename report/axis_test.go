package report

import (
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/icp-dev/icp/profile"
)

// TestLiftAxisCoversEveryValue: the lift axis covers every lift and interval end (0
// and infinities left to clamping), labels both ends and 1×, and labels at most 7 ticks.
func TestLiftAxisCoversEveryValue(t *testing.T) {
	for _, vals := range [][]float64{
		{1.95, 1.86, 2.04, 1.64, 1.56, 1.73},
		{0.43, 0.31, 0.6, 1.78, 1.58, 1.99},
		{0.9, 0.8, 1.1},
		{12, 3.5, 40, 0, 0.3, math.Inf(1), math.NaN()},
		{0.02, 0.01, 0.05},
	} {
		lo, hi, ticks := liftAxis(vals)
		for _, v := range vals {
			if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) && (v < lo || v > hi) {
				t.Errorf("%v: %g outside the axis %g–%g", vals, v, lo, hi)
			}
		}
		if !slices.Contains(ticks, 1) || ticks[0] != lo || ticks[len(ticks)-1] != hi || len(ticks) > 7 {
			t.Errorf("%v: axis %g–%g, ticks %v", vals, lo, hi, ticks)
		}
	}
}

// TestLiftSVGDotsOnAxis: every dot of the lift chart lies between the first and the
// last labelled tick, even with a lift far from the others.
func TestLiftSVGDotsOnAxis(t *testing.T) {
	ev := func(l, lo, hi float64) *profile.Evidence {
		return &profile.Evidence{Lift: l, LiftLow: lo, LiftHigh: hi}
	}
	p := &profile.Profile{Criteria: []profile.Criterion{
		{Condition: profile.Condition{Attribute: "a", Op: profile.OpIn, Values: []string{"x"}}, Evidence: ev(1.9, 1.8, 2.0)},
		{Condition: profile.Condition{Attribute: "b", Op: profile.OpIn, Values: []string{"y"}}, Evidence: ev(9.5, 6, 14)},
	}, NegativeTraits: []profile.Criterion{
		{Condition: profile.Condition{Attribute: "c", Op: profile.OpIn, Values: []string{"z"}}, Evidence: ev(0.4, 0, 0.7)},
	}}
	svg := liftSVG(p)
	num := func(s string) float64 { f, _ := strconv.ParseFloat(s, 64); return f }
	var ticks []float64
	for _, m := range regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+" class="axis"`).FindAllStringSubmatch(svg, -1) {
		ticks = append(ticks, num(m[1]))
	}
	if len(ticks) < 2 {
		t.Fatalf("no axis labels: %s", svg)
	}
	for _, m := range regexp.MustCompile(`<circle cx="([0-9.]+)"`).FindAllStringSubmatch(svg, -1) {
		if x := num(m[1]); x < ticks[0]-0.01 || x > ticks[len(ticks)-1]+0.01 {
			t.Errorf("a dot at x = %g lies off the labelled axis %g–%g", x, ticks[0], ticks[len(ticks)-1])
		}
	}
	for _, m := range regexp.MustCompile(`<line x1="([0-9.]+)" y1="[0-9.]+" x2="([0-9.]+)" y2="[0-9.]+" class="ci"/>`).FindAllStringSubmatch(svg, -1) {
		if a, b := num(m[1]), num(m[2]); a < ticks[0]-0.01 || b > ticks[len(ticks)-1]+0.01 {
			t.Errorf("an interval %g–%g leaves the axis", a, b)
		}
	}
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Error("NaN or Inf in the SVG")
	}
}

// TestRateSVGBaseLine: the tier chart draws the base rate, labelled.
func TestRateSVGBaseLine(t *testing.T) {
	svg := rateSVG([]bar{{label: "A", rate: 0.6, lo: 0.5, hi: 0.7, n: 100}, {label: "D", rate: 0.05, lo: 0.02, hi: 0.1, n: 100}}, "best-customer rate", 0.2, "all customers")
	if !strings.Contains(svg, `class="base"`) || !strings.Contains(svg, "all customers: 20.0%") {
		t.Errorf("no labelled base-rate line: %s", svg)
	}
}
