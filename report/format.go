package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
)

// pct formats a share as a percentage: 0.623 → "62.3%"; shares under 1% keep two
// decimals so that small numbers do not read as zero.
func pct(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case x != 0 && math.Abs(x) < 0.01:
		return fmt.Sprintf("%.2f%%", 100*x)
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// times formats a lift: "2.61×".
func times(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", x)
}

// interval formats a lift interval: "2.21–3.05".
func interval(lo, hi float64) string {
	return fmt.Sprintf("%.2f–%.2f", lo, hi)
}

func count(n int) string { return profile.FormatCount(n) }

// evidenceSentence says in plain words what a condition's numbers mean.
func evidenceSentence(s *analysis.Stat, b, n int) string {
	return fmt.Sprintf("%s of best customers (%s of %s) vs %s of all customers (%s of %s): %s as likely to be a best customer (95%% CI %s)",
		pct(s.BestShare), count(s.B), count(b), pct(s.AllShare), count(s.N), count(n), times(s.Lift), interval(s.LiftLow, s.LiftHigh))
}

func qText(q float64) string {
	f := analysis.FormatP(q)
	if strings.HasPrefix(f, "<") {
		return f
	}
	return "= " + f
}

// mdEscape escapes text for a Markdown table cell.
func mdEscape(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "*", `\*`, "_", `\_`, "<", `\<`, ">", `\>`)
	return r.Replace(s)
}
