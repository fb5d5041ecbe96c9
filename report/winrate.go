package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/profile"
)

// WinRateReport is everything `icp report` shows: the profile, the deals by fit tier,
// retention by tier when churn is known, and notes on how the deals were read.
type WinRateReport struct {
	Profile   *profile.Profile   `json:"-"`
	Deals     string             `json:"deals"`
	Accounts  string             `json:"accounts,omitempty"`
	WinRate   winrate.Summary    `json:"win_rate"`
	Retention []analysis.TierRow `json:"retention,omitempty"`
	Notes     []string           `json:"notes"`
}

func rateCI(r, lo, hi float64) string {
	if math.IsNaN(r) {
		return "–"
	}
	return pct(r) + " (" + pct(lo) + "–" + pct(hi) + ")"
}

func money(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return profile.FormatCount(int(math.Round(x)))
}

func days(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return profile.FormatNumber(math.Round(x))
}

func winRows(wr winrate.Summary) [][]string {
	var rows [][]string
	for _, r := range append(append([]winrate.Row{}, wr.Rows...), wr.Total) {
		note := ""
		if r.Won+r.Lost < winrate.MinClosedDeals && r.Tier != "all" { // empty tiers too, as the legend says
			note = " ⚠"
		}
		rows = append(rows, []string{r.Tier, count(r.Deals), count(r.Won), count(r.Lost), count(r.Open),
			rateCI(r.WinRate, r.WinLow, r.WinHigh) + note, winShare(r.WinShare), money(r.AvgWon), days(r.MedianCycle), pct(r.PipelineShare)})
	}
	return rows
}

var winHeader = []string{"Tier", "Deals", "Won", "Lost", "Open", "Win rate (95% CI)", "Of all wins", "Avg won", "Median cycle", "Pipeline"}

// winSep is the Markdown separator row under winHeader.
const winSep = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"

// winShare is a share of the wins as a percentage, "–" when nothing was won.
func winShare(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return pct(x)
}

// captureWords is Summary.Capture with the target it is read against.
func captureWords(c string) string {
	return c + " A target often quoted for a fit score: the best-rated 15–35% of records hold 60% or more of the wins."
}

// WinRateText writes the terminal version of the report.
func WinRateText(w io.Writer, r *WinRateReport) error {
	ew := &errWriter{w: w}
	for _, n := range r.Notes {
		ew.printf("Note: %s\n", n)
	}
	ew.printf("\n%s\n", r.WinRate.Headline)
	if r.WinRate.Capture != "" {
		ew.printf("%s\n", captureWords(r.WinRate.Capture))
	}
	ew.printf("\n")
	t := newTable(ew, winHeader...)
	for _, row := range winRows(r.WinRate) {
		t.Append(row)
	}
	if err := t.Render(); err != nil {
		return err
	}
	if len(r.Retention) > 0 {
		ew.printf("\nRetention by tier (accounts)\n")
		t := newTable(ew, "Tier", "Accounts with churn known", "Churn rate (95% CI)")
		for _, x := range r.Retention {
			t.Append([]string{x.Tier, count(x.ChurnN), churnRate(x)})
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	for _, wmsg := range r.WinRate.Warnings {
		ew.printf("warning: %s\n", wmsg)
	}
	return ew.err
}

// WinRateMarkdown writes REPORT.md: the headline, the table, retention, and how to read it.
func WinRateMarkdown(w io.Writer, r *WinRateReport) error {
	ew := &errWriter{w: w}
	pr := ew.printf
	p := r.Profile
	pr("# Win rate by ICP fit — %s\n\n", p.Name)
	pr("Profile status: **%s**, created %s from %s (%s customers). Deals: %s", p.Status, p.Created, mdEscape(p.Source.File), count(p.Source.Analysed), mdEscape(r.Deals))
	if r.Accounts != "" {
		pr("; accounts: %s", mdEscape(r.Accounts))
	}
	pr(".\n\n**%s**\n\n", mdEscape(r.WinRate.Headline))
	if r.WinRate.Capture != "" {
		pr("%s\n\n", mdEscape(captureWords(r.WinRate.Capture)))
	}
	pr("| %s |\n%s\n", joinCells(winHeader), winSep)
	for _, row := range winRows(r.WinRate) {
		pr("| %s |\n", joinCells(row))
	}
	pr("\nWin rate = won / (won + lost); open deals are counted but left out of it. Intervals are Wilson 95%%. A ⚠ marks a tier with fewer than %d closed deals, too few to read. The trend test is Cochran–Armitage across the tiers in order%s.\n\n", winrate.MinClosedDeals, trendStat(r.WinRate))
	if len(r.Retention) > 0 {
		pr("## Retention by tier\n\n| Tier | Accounts with churn known | Churn rate (95%% CI) |\n|---|---:|---:|\n")
		for _, x := range r.Retention {
			pr("| %s |\n", joinCells([]string{x.Tier, count(x.ChurnN), churnRate(x)}))
		}
		pr("\n")
	}
	if len(r.WinRate.Warnings) > 0 || len(r.Notes) > 0 {
		pr("## Notes\n\n")
		for _, wmsg := range r.WinRate.Warnings {
			pr("- **Warning:** %s.\n", mdEscape(wmsg))
		}
		for _, n := range r.Notes {
			pr("- %s\n", mdEscape(n))
		}
		pr("\n")
	}
	pr("## The profile\n\n")
	profileBullets(pr, p)
	return ew.err
}

// profileBullets lists a profile in Markdown bullets: sweet spot, criteria with their
// points, negative traits, disqualifiers with their rule, tiers with their rules and
// expected best-customer rates.
func profileBullets(pr func(string, ...any), p *profile.Profile) {
	if s := p.Segment; s != nil {
		pr("- Sweet spot: %s — %s\n", mdEscape(SegmentWords(p)), profileSegmentSummary(s))
	}
	pts := p.Points()
	for i, c := range p.Criteria {
		spot := ""
		if c.Segment {
			spot = ", sweet spot"
		}
		pr("- Criterion: %s (%s points%s)\n", mdEscape(p.Describe(c.Condition)), profile.FormatNumber(math.Round(pts[i]*10)/10), spot)
	}
	for _, c := range p.NegativeTraits {
		pr("- Negative trait: %s (%d points)\n", mdEscape(p.Describe(c.Condition)), c.Points)
	}
	for _, c := range p.Disqualifiers {
		pr("- Disqualifier: %s\n", mdEscape(p.Describe(c.Condition)))
	}
	if p.DisqualifierRule != "" && len(p.Disqualifiers) > 0 {
		pr("- A condition is a disqualifier when %s.\n", mdEscape(p.DisqualifierRule))
	}
	pr("- Tiers:")
	var expected []string
	for _, t := range p.Scoring.Tiers {
		if t.Segment {
			pr(" %s: %s;", t.Name, tierRule(p.Scoring.Tiers, t.Name))
		} else {
			pr(" %s ≥ %g;", t.Name, t.Min)
		}
		if t.ExpectedBestRate > 0 {
			expected = append(expected, t.Name+" "+pct(t.ExpectedBestRate))
		}
	}
	pr(" any disqualifier: disqualified.\n")
	if len(expected) > 0 {
		pr("- Expected best-customer rate by tier, when the profile was derived: %s.\n", strings.Join(expected, ", "))
	}
}

// churnRate is a tier's churn rate with its Wilson 95% interval, "8.2% (5.1%–12.9%)",
// or "–" when no account of the tier has churn known. (The churned count is
// ChurnRate·ChurnN, exact for any count below 2⁵².)
func churnRate(x analysis.TierRow) string {
	if x.ChurnN == 0 {
		return "–"
	}
	lo, hi := stats.Wilson(int(math.Round(x.ChurnRate*float64(x.ChurnN))), x.ChurnN, stats.Z95)
	return rateCI(x.ChurnRate, lo, hi)
}

func joinCells(cells []string) string {
	out := ""
	for i, c := range cells {
		if i > 0 {
			out += " | "
		}
		out += mdEscape(c)
	}
	return out
}

// WinRateJSON writes the report as one JSON object; rates without data are null.
func WinRateJSON(w io.Writer, r *WinRateReport) error {
	out := struct {
		Profile string `json:"profile"`
		*WinRateReport
	}{r.Profile.Name, r}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// trendStat is the trend test's statistic for REPORT.md's notes: " (z = 22.50, p <
// 0.0001)", or "" when it could not be tested.
func trendStat(w winrate.Summary) string {
	if math.IsNaN(w.TrendZ) || math.IsNaN(w.TrendP) {
		return ""
	}
	p := analysis.FormatP(w.TrendP)
	if !strings.HasPrefix(p, "<") {
		p = "= " + p
	}
	return fmt.Sprintf(" (z = %.2f, p %s)", w.TrendZ, p)
}
