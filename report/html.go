package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/profile"
)

// Page is what the self-contained HTML report shows. Profile is required; the other
// parts appear when present.
type Page struct {
	Title   string
	Profile *profile.Profile
	Tiers   []analysis.TierRow // best-customer rate per tier (derive)
	// TiersHeldOut says Tiers were measured on held-out customers (cross-validation).
	TiersHeldOut bool
	WinRate      *winrate.Summary   // win rate per tier (deals)
	Retention    []analysis.TierRow // churn per tier of the accounts behind the deals
	Notes        []string
}

// HTML writes a single self-contained page (inline CSS and SVG, no scripts, no network)
// with the sweet spot, the lift chart of the criteria, negative traits and
// disqualifiers, the points, the tiers with their expected best-customer rates, the
// best-customer and win rates by tier with their intervals, and the profile in words.
// It prints well.
func HTML(w io.Writer, pg Page) error {
	p := pg.Profile
	var notes []string
	if p.Best.Count > 0 && len(p.Criteria) > 0 {
		notes = append(notes, mergedNote(p.Scoring.Tiers))
	}
	notes = append(notes, disqualifiedNote(pg.Tiers))
	notes = slices.DeleteFunc(notes, func(s string) bool { return s == "" })
	data := map[string]any{
		"TierNotes":  notes,
		"TierRows":   tierDocRows(p),
		"SegSummary": segDoc(p),
		"Title":      pg.Title,
		"P":          p,
		"LiftSVG":    template.HTML(liftSVG(p)),
		"Tiers":      pg.Tiers,
		"HeldOut":    pg.TiersHeldOut,
		"TierSVG":    template.HTML(rateSVG(tierBars(pg.Tiers), "best-customer rate", p.Best.Share, "all customers")),
		"WinRate":    pg.WinRate,
		"Retention":  pg.Retention,
		"Notes":      pg.Notes,
	}
	if pg.WinRate != nil {
		data["WinSVG"] = template.HTML(rateSVG(winBars(pg.WinRate.Rows), "win rate", pg.WinRate.Total.WinRate, "all deals"))
	}
	t, err := template.New("page").Funcs(template.FuncMap{
		"pct":      pct,
		"winShare": winShare,
		"capture":  captureWords,
		"churn":    churnRate,
		"times":    times,
		"count":    count,
		"plural":   profile.Plural,
		"num":      profile.FormatNumber,
		"fmtp":     analysis.FormatP,
		"words":    pg.Profile.Describe,
		"spot":     func() string { return SegmentWords(pg.Profile) },
		"cycle": func(x float64) string {
			if math.IsNaN(x) {
				return "–"
			}
			return fmt.Sprintf("%.0f", x)
		},
		"money": func(x float64) string {
			if math.IsNaN(x) {
				return "–"
			}
			return profile.FormatCount(int(math.Round(x)))
		},
		"upper":     strings.ToUpper,
		"ci":        interval,
		"partWords": func(sp profile.SegmentPart) string { return partWords(pg.Profile, sp) },
		"conf":      func(e *profile.Evidence, up bool) string { return evidenceConfidence(pg.Profile, e, up) },
		"bestWords": func() string { return BestRuleWords(pg.Profile, pg.Profile.Best.Rule) },
		"partAdds":  profilePartAdds,
	}).Parse(pageTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, data)
}

// tierDoc is one row of the page's tier table: the tier as the profile defines it.
type tierDoc struct {
	Name, Rule, Expected, HeldOut string
}

func tierDocRows(p *profile.Profile) []tierDoc {
	var out []tierDoc
	for _, t := range append(slices.Clone(p.Scoring.Tiers), profile.Tier{Name: profile.Disqualified}) {
		d := tierDoc{Name: t.Name, Rule: tierRule(p.Scoring.Tiers, t.Name), Expected: "–", HeldOut: "–"}
		if t.ExpectedBestRate > 0 {
			d.Expected = pct(t.ExpectedBestRate)
		}
		if v := p.Validation; v != nil {
			for _, h := range v.Tiers {
				if h.Tier == t.Name && h.N > 0 {
					d.HeldOut = pct(h.Rate) + " (n = " + count(h.N) + ")"
				}
			}
		}
		out = append(out, d)
	}
	return out
}

// segDoc is the sweet spot's evidence in words ("" without a segment block).
func segDoc(p *profile.Profile) string {
	if p.Segment == nil {
		return ""
	}
	s := profileSegmentSummary(p.Segment)
	resamples := 0
	if p.Validation != nil {
		resamples = p.Validation.Resamples
	}
	if c := profileSegmentChecks(p.Segment, resamples); c != "" {
		s += "; " + c
	}
	return s + "."
}

type bar struct {
	label    string
	rate, lo float64
	hi       float64
	n        int
	tooFew   bool
}

func tierBars(rows []analysis.TierRow) []bar {
	var out []bar
	for _, r := range rows {
		out = append(out, bar{label: r.Tier, rate: r.Rate, lo: r.RateLow, hi: r.RateHigh, n: r.N, tooFew: r.N < winrate.MinClosedDeals})
	}
	return out
}

func winBars(rows []winrate.Row) []bar {
	var out []bar
	for _, r := range rows {
		rate := r.WinRate
		if math.IsNaN(rate) {
			rate = 0
		}
		out = append(out, bar{label: r.Tier, rate: rate, lo: r.WinLow, hi: r.WinHigh, n: r.Won + r.Lost, tooFew: r.TooFew})
	}
	return out
}

// rateSVG draws vertical bars of rates (0–100%) with 95% interval whiskers and n under
// each bar, and a dashed line at the base rate (that of all customers or all deals,
// labelled baseLabel; none when base is not a rate). Bars with too few observations are
// drawn hatched-grey.
func rateSVG(bars []bar, what string, base float64, baseLabel string) string {
	if len(bars) == 0 {
		return ""
	}
	const W, H, top, bottom, left = 640.0, 270.0, 26.0, 44.0, 44.0
	plotH := H - top - bottom
	bw := (W - left - 10) / float64(len(bars))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="%s by tier with 95%% intervals">`, W, H, template.HTMLEscapeString(what))
	for _, g := range []float64{0, 0.25, 0.5, 0.75, 1} {
		y := top + plotH*(1-g)
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="grid"/><text x="%.0f" y="%.1f" class="axis" text-anchor="end">%.0f%%</text>`, left, y, W-10, y, left-6, y+4, g*100)
	}
	for i, br := range bars {
		x := left + float64(i)*bw + bw*0.2
		w := bw * 0.6
		cx := x + w/2
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="lab" text-anchor="middle">%s</text><text x="%.1f" y="%.1f" class="axis" text-anchor="middle">n = %s</text>`,
			cx, H-bottom+16, template.HTMLEscapeString(br.label), cx, H-bottom+32, count(br.n))
		if br.n == 0 || math.IsNaN(br.lo) || math.IsNaN(br.hi) {
			// Nothing to show: no bar, and no 0–100% whisker that would read as data.
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="axis" text-anchor="middle">no data</text>`, cx, top+plotH-6)
			continue
		}
		h := plotH * br.rate
		cls := "bar"
		if br.tooFew {
			cls = "bar few"
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="%s"><title>%s: %s (95%% CI %s–%s), n = %s</title></rect>`,
			x, top+plotH-h, w, h, cls, template.HTMLEscapeString(br.label), pct(br.rate), pct(br.lo), pct(br.hi), count(br.n))
		ylo, yhi := top+plotH*(1-br.lo), top+plotH*(1-br.hi)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="ci"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="ci"/><line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="ci"/>`,
			cx, ylo, cx, yhi, cx-6, ylo, cx+6, ylo, cx-6, yhi, cx+6, yhi)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="val" text-anchor="middle">%s</text>`, cx, math.Min(yhi, top+plotH-h)-5, pct(br.rate))
	}
	if base > 0 && base <= 1 && !math.IsNaN(base) {
		// The base rate over the bars, labelled at the right end above the line.
		y := top + plotH*(1-base)
		// The line across the bars, and its key above the plot (top right), where no bar
		// label can sit.
		text := baseLabel + ": " + pct(base)
		kx := W - 10 - 5.6*float64(len([]rune(text))) - 6
		fmt.Fprintf(&b, `<line x1="%.0f" y1="%.1f" x2="%.0f" y2="%.1f" class="base"><title>%s</title></line><line x1="%.1f" y1="10" x2="%.1f" y2="10" class="base"/><text x="%.0f" y="14" class="baselab" text-anchor="end">%s</text>`,
			left, y, W-10, y, template.HTMLEscapeString(text), kx-24, kx, W-10, template.HTMLEscapeString(text))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// liftSVG draws each criterion's and disqualifier's lift with its 95% interval on a
// log scale around 1× (no association).
func liftSVG(p *profile.Profile) string {
	type row struct {
		label        string
		lift, lo, hi float64
		cls          string
	}
	var rows []row
	for _, k := range []struct {
		list []profile.Criterion
		cls  string
	}{{p.Criteria, "crit"}, {p.NegativeTraits, "neg"}, {p.Disqualifiers, "disq"}} {
		for _, c := range k.list {
			if c.Evidence != nil {
				rows = append(rows, row{p.Describe(c.Condition), c.Evidence.Lift, c.Evidence.LiftLow, c.Evidence.LiftHigh, k.cls})
			}
		}
	}
	if len(rows) == 0 {
		return ""
	}
	const W, left, right, rowH, top = 640.0, 250.0, 20.0, 28.0, 24.0
	H := top + rowH*float64(len(rows)) + 26
	var vals []float64
	for _, r := range rows {
		vals = append(vals, r.lift, r.lo, r.hi)
	}
	lo, hi, ticks := liftAxis(vals)
	lmin, lmax := math.Log(lo), math.Log(hi)
	x := func(v float64) float64 {
		// Clamped to the axis: an interval reaching 0 ends at its left edge.
		v = math.Min(math.Max(v, lo), hi)
		return left + (W-left-right)*(math.Log(v)-lmin)/(lmax-lmin)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" role="img" aria-label="lift of each criterion, negative trait and disqualifier with 95%% intervals">`, W, H)
	for _, g := range ticks {
		cls := "grid"
		if g == 1 {
			cls = "one"
		}
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.0f" x2="%.1f" y2="%.0f" class="%s"/><text x="%.1f" y="%.0f" class="axis" text-anchor="middle">%s×</text>`, x(g), top-6, x(g), H-24, cls, x(g), H-8, strconv.FormatFloat(g, 'f', -1, 64))
	}
	for i, r := range rows {
		y := top + rowH*float64(i) + rowH/2
		cls := r.cls
		fmt.Fprintf(&b, `<text x="%.0f" y="%.1f" class="lab" text-anchor="end">%s</text>`, left-10, y+4, template.HTMLEscapeString(clip(r.label, 38)))
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="ci"/>`, x(r.lo), y, x(r.hi), y)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="5" class="%s"><title>%s: lift %s (95%% CI %s)</title></circle>`, x(r.lift), y, cls, template.HTMLEscapeString(r.label), times(r.lift), interval(r.lo, r.hi))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

const pageTemplate = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { --ink:#1d2430; --muted:#5b6675; --line:#d9dee5; --good:#1f7a4d; --bad:#b3261e; --bar:#2f5d9e; }
* { box-sizing: border-box; }
body { font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); max-width: 920px; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
.meta { color: var(--muted); font-size: .9rem; }
.status { display: inline-block; padding: .05rem .5rem; border: 1px solid var(--bad); color: var(--bad); border-radius: 3px; font-weight: 600; letter-spacing: .03em; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .5rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td:not(:first-child) { white-space: nowrap; }
th { font-weight: 600; background: #f5f7fa; }
.headline { font-size: 1.05rem; font-weight: 600; margin: .75rem 0; }
.warn { color: var(--bad); }
ul.warnings li { color: var(--bad); }
ul.notes { color: var(--muted); font-size: .9rem; }
svg { width: 100%; height: auto; display: block; margin: .5rem 0; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .one { stroke: var(--muted); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .axis { fill: var(--muted); font-size: 11px; }
svg .lab { fill: var(--ink); font-size: 12px; }
svg .val { fill: var(--ink); font-size: 12px; font-weight: 600; }
svg .bar { fill: var(--bar); }
svg .few { fill: #b8c0cc; }
svg .ci { stroke: var(--ink); stroke-width: 1.5; }
svg .base { stroke: var(--bad); stroke-width: 1.5; stroke-dasharray: 6 4; }
svg .baselab { fill: var(--bad); font-size: 11px; }
svg .crit { fill: var(--good); }
svg .disq { fill: var(--bad); }
svg .neg { fill: #c77700; }
td.none { text-align: left; color: var(--muted); font-style: italic; }
footer { margin-top: 2.5rem; color: var(--muted); font-size: .8rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; padding: 0; }
  h2 { break-after: avoid; margin-top: 1.25rem; }
  h2 + p, p.headline { break-after: avoid; }
  table, svg, tr { break-inside: avoid; }
  table { font-size: 8.5pt; }
  th, td { padding: .2rem .35rem; }
  th { background: none; }
  svg { max-height: 7.5cm; }
}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p class="meta"><span class="status">{{upper .P.Status}}</span> {{.P.Name}} · created {{.P.Created}} · {{.P.Tool}} · source {{.P.Source.File}} ({{count .P.Source.Analysed}} customers analysed, SHA-256 {{.P.Source.SHA256}}){{with .P.Source.Sample}} · {{.String}}{{end}}</p>
</header>

{{with .WinRate}}
<h2>Win rate by fit tier</h2>
<p class="headline">{{.Headline}}</p>
{{if .Capture}}<p>{{capture .Capture}}</p>{{end}}
{{$.WinSVG}}
<table>
<tr><th>Tier</th><th>Deals</th><th>Won</th><th>Lost</th><th>Open (excluded)</th><th>Win rate (95% CI)</th><th>Of all wins</th><th>Avg won amount</th><th>Median cycle (days)</th><th>Share of pipeline</th></tr>
{{range .Rows}}<tr><td>{{.Tier}}</td><td>{{count .Deals}}</td><td>{{count .Won}}</td><td>{{count .Lost}}</td><td>{{count .Open}}</td><td{{if and .TooFew .Deals}} class="warn"{{end}}>{{if and (eq .Won 0) (eq .Lost 0)}}–{{else}}{{pct .WinRate}} ({{pct .WinLow}}–{{pct .WinHigh}}){{end}}{{if and .TooFew .Deals}} · too few deals{{end}}</td><td>{{winShare .WinShare}}</td><td>{{money .AvgWon}}</td><td>{{cycle .MedianCycle}}</td><td>{{pct .PipelineShare}}</td></tr>
{{end}}<tr><th>All</th><th>{{count .Total.Deals}}</th><th>{{count .Total.Won}}</th><th>{{count .Total.Lost}}</th><th>{{count .Total.Open}}</th><th>{{if and (eq .Total.Won 0) (eq .Total.Lost 0)}}–{{else}}{{pct .Total.WinRate}} ({{pct .Total.WinLow}}–{{pct .Total.WinHigh}}){{end}}</th><th>{{winShare .Total.WinShare}}</th><th>{{money .Total.AvgWon}}</th><th>{{cycle .Total.MedianCycle}}</th><th>{{pct .Total.PipelineShare}}</th></tr>
</table>
{{if .Warnings}}<ul class="warnings">{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>{{end}}
{{end}}

{{with .Retention}}
<h2>Retention by fit tier</h2>
<table>
<tr><th>Tier</th><th>Accounts with churn known</th><th>Churn rate (95% CI)</th></tr>
{{range .}}<tr><td>{{.Tier}}</td><td>{{count .ChurnN}}</td><td>{{churn .}}</td></tr>
{{end}}</table>
{{end}}

{{if .P.Segment}}
<h2>The sweet spot</h2>
<p class="headline">{{spot}}</p>
<p>{{.SegSummary}} Customers here who match no negative trait form the first tier.</p>
{{if .P.Segment.Parts}}<table>
<tr><th>Part</th><th>What it adds</th></tr>
{{range .P.Segment.Parts}}<tr><td>{{partWords .}}</td><td>{{partAdds .}}</td></tr>
{{end}}</table>{{end}}
{{end}}

<h2>Criteria, negative traits and disqualifiers</h2>
{{if .P.Criteria}}
{{if .LiftSVG}}<p>Lift is how much more (or less) likely a customer with the trait is to be a best customer than the average customer; bars are 95% intervals, the dashed line is 1× (no difference).</p>
{{.LiftSVG}}{{end}}
<table>
<tr><th>Criterion</th><th>Best customers</th><th>All customers</th><th>Lift (95% CI)</th><th>n</th><th>Confidence</th><th>Points</th></tr>
{{range .P.Criteria}}<tr><td>{{words .Condition}}{{if .Segment}} <strong>(sweet spot)</strong>{{end}}</td>{{with .Evidence}}<td>{{pct .BestShare}}</td><td>{{pct .AllShare}}</td><td>{{times .Lift}} ({{ci .LiftLow .LiftHigh}})</td><td>{{count .N}}</td><td>{{conf . true}}</td>{{else}}<td colspan="5" class="none">edited by hand: no evidence recorded</td>{{end}}<td>{{if eq $.P.Schema 1}}weight {{.Weight}}{{else}}{{.Points}}{{end}}</td></tr>
{{end}}</table>
{{else}}
<p class="warn">The profile has no criteria: the data it was derived from held no reliable ICP signal.</p>
{{end}}
{{if .P.NegativeTraits}}
<p>Negative traits subtract their points and keep a customer out of the sweet spot.</p>
<table>
<tr><th>Negative trait</th><th>Best customers</th><th>All customers</th><th>Lift (95% CI)</th><th>n</th><th>Confidence</th><th>Churn rate</th><th>Points</th></tr>
{{range .P.NegativeTraits}}<tr><td>{{words .Condition}}</td>{{with .Evidence}}<td>{{pct .BestShare}}</td><td>{{pct .AllShare}}</td><td>{{times .Lift}} ({{ci .LiftLow .LiftHigh}})</td><td>{{count .N}}</td><td>{{conf . false}}</td><td>{{if .ChurnRate}}{{pct .ChurnRate}} ({{times .ChurnLift}}){{else}}–{{end}}</td>{{else}}<td colspan="6" class="none">edited by hand: no evidence recorded</td>{{end}}<td>{{.Points}}</td></tr>
{{end}}</table>
{{end}}
{{if .P.Disqualifiers}}
<p>Disqualifiers are hard vetoes: a record that matches one is "disqualified" whatever its score.{{if .P.DisqualifierRule}} A condition is a disqualifier when {{.P.DisqualifierRule}}.{{end}}</p>
<table>
<tr><th>Disqualifier</th><th>Best customers</th><th>All customers</th><th>Lift (95% CI)</th><th>n</th><th>Confidence</th><th>Churn rate</th></tr>
{{range .P.Disqualifiers}}<tr><td>{{words .Condition}}</td>{{with .Evidence}}<td>{{pct .BestShare}}</td><td>{{pct .AllShare}}</td><td>{{times .Lift}} ({{ci .LiftLow .LiftHigh}})</td><td>{{count .N}}</td><td>{{conf . false}}</td><td>{{if .ChurnRate}}{{pct .ChurnRate}} ({{times .ChurnLift}}){{else}}–{{end}}</td>{{else}}<td colspan="6" class="none">edited by hand: no evidence recorded</td>{{end}}</tr>
{{end}}</table>
{{end}}

<h2>Fit tiers</h2>
<p>Fit score: the points of the criteria a record matches, minus the points of the negative traits it matches, kept within 0–100. A record's tier is the first whose rule it meets; any disqualifier makes it "disqualified".</p>
<table>
<tr><th>Tier</th><th>Rule</th><th>Expected best-customer rate</th><th>Held-out best-customer rate</th></tr>
{{range .TierRows}}<tr><td>{{.Name}}</td><td>{{.Rule}}</td><td>{{.Expected}}</td><td>{{.HeldOut}}</td></tr>
{{end}}</table>
{{range .TierNotes}}<p class="warn">{{.}}</p>
{{end}}

{{with .Tiers}}
<h2>Best customers by fit tier</h2>
{{if $.HeldOut}}<p>Best-customer rate in each tier, measured on customers not used to choose the criteria (5-fold cross-validation). Bars are 95% intervals; n is the number of customers.</p>{{else}}<p>Best-customer rate in each tier, on the customers the profile was derived from (in-sample, so optimistic).</p>{{end}}
{{$.TierSVG}}
{{end}}

<h2>The profile in words</h2>
<p><strong>Best customers:</strong> {{bestWords}}{{if .P.Best.Count}} ({{count .P.Best.Count}} {{plural .P.Best.Count "customer" "customers"}}){{end}}.</p>
{{if .P.Segment}}<p><strong>Sweet spot:</strong> {{spot}}.</p>{{end}}
{{if .P.Criteria}}<p><strong>Fit:</strong> {{range $i, $c := .P.Criteria}}{{if $i}}; {{end}}{{words $c.Condition}}{{end}}.</p>{{end}}
{{if .P.NegativeTraits}}<p><strong>Lowers the fit:</strong> {{range $i, $c := .P.NegativeTraits}}{{if $i}}; {{end}}{{words $c.Condition}}{{end}}.</p>{{end}}
{{if .P.Disqualifiers}}<p><strong>Poor fit:</strong> {{range $i, $c := .P.Disqualifiers}}{{if $i}}; {{end}}{{words $c.Condition}}{{end}}.</p>{{end}}
<p><strong>Tiers:</strong> {{range $i, $t := .TierRows}}{{if $i}}, {{end}}{{$t.Name}}: {{$t.Rule}}{{end}}.</p>
{{if .P.Warnings}}<ul class="warnings">{{range .P.Warnings}}<li>{{.}}</li>{{end}}</ul>{{end}}
<p class="meta">Association, not causation: these traits describe who our best customers have been, not why.</p>
{{if .Notes}}<h2>Notes on the data</h2>
<ul class="notes">{{range .Notes}}<li>{{.}}</li>{{end}}</ul>{{end}}
<footer>Profile: {{.P.Name}} ({{.P.Tool}}); page generated by icp. Self-contained: no scripts, no external resources.</footer>
</body>
</html>
`

// liftTicks are the values a lift axis may label, on a log scale.
var liftTicks = []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 8, 10, 20, 50, 100, 200, 500, 1000}

// liftAxis returns the range of a log-scale lift axis that covers every value given
// (lifts and interval ends between 0.001× and 1,000×; zeros, NaN, infinities and
// anything beyond are left out and drawn clamped to the edge), 1× included, padded a little and widened to the nearest labelled ticks,
// and the ticks to label (at most 7, 1× always among them).
func liftAxis(vals []float64) (lo, hi float64, ticks []float64) {
	lo, hi = 1, 1
	for _, v := range vals {
		if v > 0 && !math.IsInf(v, 0) && !math.IsNaN(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	// Beyond the outermost ticks values are clamped (a lift of 1,000 is not a trait).
	lo, hi = math.Max(lo/1.08, liftTicks[0]), math.Min(hi*1.08, liftTicks[len(liftTicks)-1])
	// Widen to the nearest tick outside, so both ends are labelled.
	for i := len(liftTicks) - 1; i >= 0; i-- {
		if liftTicks[i] <= lo {
			lo = liftTicks[i]
			break
		}
	}
	for _, t := range liftTicks {
		if t >= hi {
			hi = t
			break
		}
	}
	var in []float64
	for _, t := range liftTicks {
		if t >= lo && t <= hi {
			in = append(in, t)
		}
	}
	// Thin to at most 7 labels, keeping both ends and 1×.
	for len(in) > 7 {
		var thin []float64
		for i, t := range in {
			if i == 0 || i == len(in)-1 || t == 1 || i%2 == 0 {
				thin = append(thin, t)
			}
		}
		if len(thin) == len(in) {
			break
		}
		in = thin
	}
	return lo, hi, in
}
