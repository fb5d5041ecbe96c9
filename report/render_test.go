package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"math"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/drift"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
)

// TestNumberFormatting pins how every number the renderers show is written: rates,
// lifts, counts, money, days, p- and q-values, drift levels. "–" stands for a number
// that could not be computed; no renderer shows NaN.
func TestNumberFormatting(t *testing.T) {
	t.Parallel()
	nan := math.NaN()
	cases := []struct {
		name, got, want string
	}{
		{"pct", pct(0.623), "62.3%"},
		{"pct one", pct(1), "100.0%"},
		{"pct tiny keeps two decimals", pct(0.0043), "0.43%"},
		{"pct tiny negative", pct(-0.005), "-0.50%"},
		{"pct zero", pct(0), "0.0%"},
		{"pct NaN", pct(nan), "–"},
		{"times", times(2.613), "2.61×"},
		{"times Inf", times(math.Inf(1)), "–"},
		{"times NaN", times(nan), "–"},
		{"interval", interval(1.2, 3.456), "1.20–3.46"},
		{"count", count(1234567), "1,234,567"},
		{"count small", count(7), "7"},
		{"money rounds", money(1234.5), "1,235"},
		{"money NaN", money(nan), "–"},
		{"days rounds", days(41.6), "42"},
		{"days NaN", days(nan), "–"},
		{"rateCI", rateCI(0.606, 0.537, 0.671), "60.6% (53.7%–67.1%)"},
		{"rateCI NaN", rateCI(nan, 0, 0), "–"},
		{"num NaN is an empty CSV cell", num(nan, 6), ""},
		{"num Inf", num(math.Inf(1), 6), "inf"},
		{"num precision", num(1.928571428, 6), "1.92857"},
		{"num short", num(0.2, 6), "0.2"},
		{"qText tiny", qText(0.00001), "< 0.0001"},
		{"qText", qText(0.5), "= 0.50"},
		{"pval", pval(0.2), "0.20"},
		{"pval NaN", pval(nan), "–"},
		{"short sha", short("842c857f910ecb52a11e"), "842c857f910e"},
		{"short already", short("abc"), "abc"},
		{"shiftWords NaN", shiftWords(nan), "not measured"},
		{"shiftWords zero", shiftWords(0), "no shift"},
		{"shiftWords small", shiftWords(0.05), "stable"},
		{"shiftWords moderate", shiftWords(0.15), "a moderate shift"},
		{"shiftWords major", shiftWords(0.3), "a major shift"},
		{"PSILevelOf NaN", PSILevelOf(nan), "–"},
		{"PSILevelOf stable", PSILevelOf(0.05), "stable"},
		{"PSILevelOf moderate", PSILevelOf(0.15), "moderate"},
		{"PSILevelOf major", PSILevelOf(0.3), "major"},
		{"outcome churn is a rate", outcomeValue(analysis.OutcomeChurn, 0.25), "25.0%"},
		{"outcome ltv is whole money", outcomeValue(analysis.OutcomeLTV, 12345.6), "12,346"},
		{"outcome other", outcomeValue("nps", 7.26), "7.3"},
		{"outcome NaN", outcomeValue(analysis.OutcomeLTV, nan), "–"},
		{"churnRate unknown", churnRate(analysis.TierRow{}), "–"},
		// hand: Wilson 95% for 1 of 10 is 1.8%–40.4% (R: prop.test(1, 10, correct = FALSE)$conf.int).
		{"churnRate", churnRate(analysis.TierRow{ChurnN: 10, ChurnRate: 0.1}), "10.0% (1.8%–40.4%)"},
		{"plural one", "criterion" + plural(1), "criterion"},
		{"plural many", "tier" + plural(2), "tiers"},
		{"singularS", "hold" + singularS(1) + "/hold" + singularS(3), "holds/hold"},
		{"clip", clip("industry in {saas, fintech}", 12), "industry in…"},
		{"clip short", clip("short", 12), "short"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
}

// TestMarkdownEscaping: text from the data (values, file names, notes) cannot break a
// Markdown table or inject markup.
func TestMarkdownEscaping(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"plain", "plain"},
		{"a|b", `a\|b`},
		{"snake_case", `snake\_case`},
		{"*bold*", `\*bold\*`},
		{"<script>", `\<script\>`},
		{"two\nlines", "two lines"},
		{"a|b_c *d* <e>", `a\|b\_c \*d\* \<e\>`},
	}
	for _, c := range cases {
		if got := mdEscape(c.in); got != c.want {
			t.Errorf("mdEscape(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := joinCells([]string{"A|B", "1,234", "x_y"}); got != `A\|B | 1,234 | x\_y` {
		t.Errorf("joinCells = %q", got)
	}
	// A hand-edited tier name holding a pipe keeps the win-rate table's columns.
	r := winReport(t)
	r.WinRate = winrate.ByTier([]winrate.Deal{{Tier: "A|1", Status: winrate.Won}, {Tier: "B_2", Status: winrate.Lost}}, []string{"A|1", "B_2"})
	r.Retention = nil
	var md bytes.Buffer
	if err := WinRateMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "\n| A\\|1 | 1 | 1 | 0 | 0 |") || !strings.Contains(md.String(), "\n| B\\_2 | 1 |") {
		t.Errorf("tier names not escaped:\n%s", md.String())
	}
	checkMarkdownTables(t, md.String())
}

// winReport is a win-rate report over a hand-made set of deals: tier A wins often, B
// less, C seldom, and D has too few closed deals to read; the file names and a note
// hold Markdown metacharacters.
func winReport(t *testing.T) *WinRateReport {
	t.Helper()
	p := sweetResult(true).Profile(profile.Source{File: "my_accounts.csv", Rows: 1000, Analysed: 1000}, "Q1 | plan", "2026-12-01", "icp test")
	var deals []winrate.Deal
	add := func(tier string, won, lost, open int) {
		for i := range won + lost + open {
			d := winrate.Deal{Tier: tier, Amount: float64(1000 * (i%5 + 1)), CycleDays: float64(20 + i%30)}
			switch {
			case i < won:
				d.Status = winrate.Won
			case i < won+lost:
				d.Status = winrate.Lost
			default:
				d.Status, d.CycleDays = winrate.Open, math.NaN()
			}
			deals = append(deals, d)
		}
	}
	add("A", 40, 20, 5)
	add("B", 30, 45, 5)
	add("C", 10, 60, 5)
	add("D", 2, 5, 1)
	tiers := []string{"A", "B", "C", "D"}
	return &WinRateReport{
		Profile: p, Deals: "deals_q1.csv", Accounts: "accounts.csv",
		WinRate:   winrate.ByTier(deals, tiers),
		Retention: []analysis.TierRow{{Tier: "A", ChurnN: 60, ChurnRate: 0.05}, {Tier: "B", ChurnN: 80, ChurnRate: 0.2}, {Tier: "D"}},
		Notes:     []string{"stages read as won: \"Closed *Won*\" 82"},
	}
}

// TestWinRateRetentionEscaped: a hand-edited tier name holding Markdown syntax keeps
// the retention table one cell per column.
func TestWinRateRetentionEscaped(t *testing.T) {
	t.Parallel()
	r := winReport(t)
	r.Retention = append(r.Retention, analysis.TierRow{Tier: "key | accounts", ChurnN: 12, ChurnRate: 0.25})
	var md bytes.Buffer
	if err := WinRateMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "| key \\| accounts | 12 | 25.0% (8.9%–53.2%) |") {
		t.Errorf("retention row of a tier named with a pipe:\n%s", md.String())
	}
	checkMarkdownTables(t, md.String())
}

// TestWinRateTierTables: the tier table has a row per tier and one for all deals, the
// counts add up, a tier with too few closed deals is marked, and Markdown keeps one
// cell per column whatever the text holds.
func TestWinRateTierTables(t *testing.T) {
	t.Parallel()
	r := winReport(t)
	var text bytes.Buffer
	if err := WinRateText(&text, r); err != nil {
		t.Fatal(err)
	}
	tx := text.String()
	for _, want := range []string{
		"Note: stages read as won: \"Closed *Won*\" 82\n",
		r.WinRate.Headline,
		"│ A    │ 65    │ 40  │ 20   │ 5    │ 66.7% (",
		"│ all  │ 228   │ 82  │ 130  │ 16   │ 38.7% (",
		"Retention by tier (accounts)",
	} {
		if !strings.Contains(tx, want) {
			t.Errorf("text lacks %q:\n%s", want, tx)
		}
	}
	if !regexp.MustCompile(`│ D +│ 8 +│ 2 +│ 5 +│ 1 +│ [^│]*⚠`).MatchString(tx) {
		t.Errorf("tier D (7 closed deals) is not marked too few:\n%s", tx)
	}
	if regexp.MustCompile(`│ A +│[^\n]*⚠`).MatchString(tx) {
		t.Errorf("tier A is marked too few:\n%s", tx)
	}

	var md bytes.Buffer
	if err := WinRateMarkdown(&md, r); err != nil {
		t.Fatal(err)
	}
	m := md.String()
	if !strings.HasPrefix(m, "# Win rate by ICP fit — Q1 | plan\n") {
		t.Errorf("title: %q", m[:min(len(m), 80)])
	}
	for _, want := range []string{"Deals: deals\\_q1.csv; accounts: accounts.csv.", "my\\_accounts.csv", "\"Closed \\*Won\\*\" 82", "## Retention by tier", "| D | 0 | – |", "## The profile", "- Tiers:"} {
		if !strings.Contains(m, want) {
			t.Errorf("REPORT.md lacks %q:\n%s", want, m)
		}
	}
	// Every row of a Markdown table has as many unescaped pipes as its header.
	checkMarkdownTables(t, m)
	rows := 0
	for _, l := range strings.Split(m, "\n") {
		if regexp.MustCompile(`^\| (A|B|C|D|all) \| [0-9]`).MatchString(l) {
			rows++
		}
	}
	if rows != 5+3 { // 4 tiers and all; A, B and D again under retention
		t.Errorf("%d tier rows in REPORT.md, want 8:\n%s", rows, m)
	}

	var js bytes.Buffer
	if err := WinRateJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Profile string `json:"profile"`
		Deals   string `json:"deals"`
		WinRate struct {
			Tiers []struct {
				Tier    string   `json:"tier"`
				Won     int      `json:"won"`
				WinRate *float64 `json:"win_rate"`
				TooFew  bool     `json:"too_few"`
			} `json:"tiers"`
			Total struct {
				Deals int `json:"deals"`
			} `json:"total"`
		} `json:"win_rate"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatalf("JSON does not decode: %v\n%s", err, js.String())
	}
	if got.Profile != "Q1 | plan" || got.Deals != "deals_q1.csv" || len(got.WinRate.Tiers) != 4 || got.WinRate.Total.Deals != 228 {
		t.Errorf("JSON: %+v", got)
	}
	if d := got.WinRate.Tiers[3]; d.Tier != "D" || !d.TooFew || d.WinRate == nil {
		t.Errorf("JSON tier D: %+v", d)
	}
}

// checkMarkdownTables fails when a row of a Markdown table has another number of cells
// than the table's header.
func checkMarkdownTables(t *testing.T, md string) {
	t.Helper()
	cells := func(l string) int { return len(regexp.MustCompile(`(^|[^\\])\|`).FindAllString(l, -1)) }
	want := -1
	for i, l := range strings.Split(md, "\n") {
		if !strings.HasPrefix(l, "|") {
			want = -1
			continue
		}
		if want < 0 {
			want = cells(l)
			continue
		}
		if got := cells(l); got != want {
			t.Errorf("line %d has %d cell separators, its table %d: %q", i+1, got, want, l)
		}
	}
}

// TestWinRateEmptyTier: a tier without deals shows dashes, not NaN, and JSON writes
// its rates as null.
func TestWinRateEmptyTier(t *testing.T) {
	t.Parallel()
	r := winReport(t)
	r.WinRate = winrate.ByTier([]winrate.Deal{{Tier: "A", Status: winrate.Won, Amount: 10, CycleDays: 3}}, []string{"A", "B"})
	r.Retention = nil
	var text, js bytes.Buffer
	if err := WinRateText(&text, r); err != nil {
		t.Fatal(err)
	}
	if err := WinRateJSON(&js, r); err != nil {
		t.Fatal(err)
	}
	if s := text.String(); strings.Contains(s, "NaN") || !regexp.MustCompile(`│ B +│ 0 +│ 0 +│ 0 +│ 0 +│ – ⚠ +│ 0\.0% +│ – +│ – +│`).MatchString(s) || strings.Contains(s, "Retention") {
		t.Errorf("empty tier:\n%s", s)
	}
	if s := js.String(); strings.Contains(s, "NaN") || !strings.Contains(s, `"win_rate": null`) {
		t.Errorf("JSON of an empty tier:\n%s", s)
	}
}

// TestHTMLWellFormed renders report.html, validated and not, with and without win
// rates, and checks it as a parser would: a doctype, every element closed in order,
// every SVG chart well-formed XML, nothing fetched from elsewhere and no NaN.
func TestHTMLWellFormed(t *testing.T) {
	t.Parallel()
	for _, validated := range []bool{false, true} {
		res := sweetResult(validated)
		p := res.Profile(profile.Source{File: "c.csv", Rows: 1000, Analysed: 1000}, "Q1 <draft> & more", "2026-12-01", "icp test")
		wr := winReport(t).WinRate
		for _, pg := range []Page{
			{Title: "ICP & <fit>", Profile: p, Tiers: res.Tiers},
			{Title: "Win rate & <fit>", Profile: p, Tiers: res.Tiers, WinRate: &wr},
		} {
			var b bytes.Buffer
			if err := HTML(&b, pg); err != nil {
				t.Fatal(err)
			}
			s := b.String()
			checkHTML(t, s)
			if !strings.Contains(s, " &amp; &lt;fit&gt;</title>") || !strings.Contains(s, "Q1 &lt;draft&gt; &amp; more") || strings.Contains(s, "<fit>") || strings.Contains(s, "<draft>") {
				t.Errorf("the title or the profile name is not escaped")
			}
			for _, bad := range []string{"NaN", "Inf", "<script", `src="http`, `href="http`, "url(http", "@import"} {
				if strings.Contains(s, bad) {
					t.Errorf("validated=%v win rate=%v: page contains %q", validated, pg.WinRate != nil, bad)
				}
			}
			svgs := regexp.MustCompile(`(?s)<svg.*?</svg>`).FindAllString(s, -1)
			if len(svgs) == 0 {
				t.Errorf("no chart")
			}
			for _, svg := range svgs {
				d := xml.NewDecoder(strings.NewReader(svg))
				d.Entity = xml.HTMLEntity
				for {
					_, err := d.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Errorf("SVG is not well-formed XML: %v\n%.300s", err, svg)
						break
					}
				}
			}
		}
	}
}

// voidElements have no end tag in HTML.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkHTML fails unless doc starts with a doctype and every element but the void ones
// is closed, in order, by the end of the document.
func checkHTML(t *testing.T, doc string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(doc))
	var stack []string
	first := true
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("tokenizer: %v", z.Err())
			}
			break
		}
		tok := z.Token()
		if first && tt != html.TextToken {
			if tt != html.DoctypeToken || !strings.EqualFold(tok.Data, "html") {
				t.Errorf("the page does not start with <!DOCTYPE html>: %v", tok)
			}
			first = false
		}
		switch tt {
		case html.StartTagToken:
			if !voidElements[tok.Data] {
				stack = append(stack, tok.Data)
			}
		case html.EndTagToken:
			if len(stack) == 0 || stack[len(stack)-1] != tok.Data {
				t.Fatalf("</%s> closes %v", tok.Data, stack)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		t.Errorf("left open: %v", stack)
	}
}

// TestScoreSummary: rows per tier with shares, singular for one row, nothing per tier
// for no rows, and the warnings even a quiet run must give.
func TestScoreSummary(t *testing.T) {
	t.Parallel()
	p := &profile.Profile{Schema: 2, Name: "t",
		Criteria: []profile.Criterion{{Condition: profile.Condition{Attribute: "industry", Op: profile.OpIn, Values: []string{"saas"}}, Weight: 100}},
		Scoring:  profile.Scoring{Tiers: []profile.Tier{{Name: "A", Min: 50}, {Name: "B", Min: 0}}}}
	cases := []struct {
		name       string
		p          *profile.Profile
		st         scoring.StreamStats
		oftenBlank []int
		want       string
	}{
		{"tiers", p, scoring.StreamStats{Rows: 1200, PerTier: map[string]int{"A": 300, "B": 900}, Missing: []int{0}}, nil,
			"scored 1,200 rows: A 300 (25.0%), B 900 (75.0%), disqualified 0 (0.0%)\n"},
		{"one row", p, scoring.StreamStats{Rows: 1, PerTier: map[string]int{"A": 1}, Missing: []int{0}}, nil,
			"scored 1 row: A 1 (100.0%), B 0 (0.0%), disqualified 0 (0.0%)\n"},
		{"no rows", p, scoring.StreamStats{}, nil, "scored 0 rows\n"},
		{"often blank", p, scoring.StreamStats{Rows: 10, PerTier: map[string]int{"B": 10}, Missing: []int{6}}, []int{0},
			"scored 10 rows: A 0 (0.0%), B 10 (100.0%), disqualified 0 (0.0%)\n" +
				"warning: Industry has no usable value in 60.0% of rows (6); scoring treats a blank as not matching \"Industry: saas\"\n"},
		{"no criteria", &profile.Profile{Schema: 2, Scoring: p.Scoring}, scoring.StreamStats{Rows: 2, PerTier: map[string]int{"B": 2}}, nil,
			"scored 2 rows: A 0 (0.0%), B 2 (100.0%), disqualified 0 (0.0%)\nwarning: " + NoCriteriaWarning + "\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		if err := ScoreSummary(&b, c.p, c.st, c.oftenBlank); err != nil {
			t.Fatal(err)
		}
		if b.String() != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.name, b.String(), c.want)
		}
	}
}

// TestDiffRenderers: one line per change, material ones starred; JSON lists no
// changes as [], not null.
func TestDiffRenderers(t *testing.T) {
	t.Parallel()
	lo, hi, lo2, hi2 := 200.0, 2000.0, 500.0, 5000.0
	crit := func(attr, op string, vals []string, min, max *float64) profile.Criterion {
		return profile.Criterion{Condition: profile.Condition{Attribute: attr, Op: op, Values: vals, Min: min, Max: max}, Weight: 50}
	}
	old := &profile.Profile{Schema: 2, Name: "Q1", Criteria: []profile.Criterion{crit("employees", profile.OpRange, nil, &lo, &hi), crit("industry", profile.OpIn, []string{"saas"}, nil, nil)}}
	new := &profile.Profile{Schema: 2, Name: "Q2", Criteria: []profile.Criterion{crit("employees", profile.OpRange, nil, &lo2, &hi2), crit("industry", profile.OpIn, []string{"saas"}, nil, nil)}}
	changes := profile.Diff(old, new)
	d := &ProfileDiff{Old: "Q1", New: "Q2", Verdict: VerdictChange, Material: profile.Material(changes), Changes: changes}
	var b bytes.Buffer
	if err := DiffText(&b, d); err != nil {
		t.Fatal(err)
	}
	want := "Q1 → Q2: material change\n * criterion range moved: employees 200–2000 → 500–5000\n   criterion kept: industry in {saas}\n"
	if b.String() != want {
		t.Errorf("DiffText:\ngot  %q\nwant %q", b.String(), want)
	}
	b.Reset()
	if err := DiffJSON(&b, &ProfileDiff{Old: "Q1", New: "Q1", Verdict: VerdictNoChange}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"changes": []`) || !strings.Contains(b.String(), `"material": false`) {
		t.Errorf("DiffJSON without changes:\n%s", b.String())
	}
	b.Reset()
	if err := DiffJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Changes []struct {
			Kind string `json:"kind"`
			Text string `json:"text"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got.Changes) != 2 || got.Changes[0].Kind != profile.ChangeRangeMoved ||
		!strings.Contains(b.String(), "200–2000 → 500–5000") { // not escaped as \u2192
		t.Errorf("DiffJSON: %v\n%s", err, b.String())
	}
}

// TestInspectRenderers: the header line, one table row per column with its role,
// missing share and values in short, then notes and problems; JSON as documented.
func TestInspectRenderers(t *testing.T) {
	t.Parallel()
	ten, three := 10, 3
	f := InspectFile{Path: "a.csv", SHA256: "abc", Rows: 1500, Delimiter: ";", Encoding: "windows-1252",
		Columns: []InspectColumn{
			{Name: "id", Kind: "text", Role: "id"},
			{Name: "industry", Kind: "categorical", Role: "attribute", Missing: 1, MissingShare: 1.0 / 1500, Distinct: &ten,
				Top: []ValueCount{{"SaaS", 1200}, {"Retail", 299}}},
			{Name: "employees", Kind: "numeric", Role: "attribute", Missing: 150, MissingShare: 0.1, Distinct: &three, Min: 1.0, Median: 250.0, Max: 12000.0},
			{Name: "signup", Kind: "date", Role: "excluded", Reason: "date: a point in time", Min: "2024-01-01", Median: "2024-06-30", Max: "2025-01-01"},
			{Name: "ltv", Kind: "numeric", Role: "outcome", Outcome: "ltv", Notes: []string{"3 values in parentheses read as negative"}},
			{Name: "total_paid", Kind: "numeric", Role: "excluded", Reason: "looks derived from the outcome"},
		},
		Problems: []string{"no churn column"}}
	var b bytes.Buffer
	if err := InspectText(&b, []InspectFile{f, {Path: "b.csv", Rows: 0}}); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, re := range []string{
		`^a.csv: 1,500 rows, 6 columns, delimiter ";", windows-1252, sha256 abc\n`,
		`│ id +│ text +│ id +│ 0 +│ – +│ – +│`,
		`│ industry +│ categorical +│ attribute +│ <0.1% +│ 10 +│ SaaS 1,200, Retail 299 +│`,
		`│ employees +│ numeric +│ attribute +│ 10.0% +│ 3 +│ 1 / 250 / 12,000 +│`,
		`│ signup +│ date +│ excluded: date +│ 0 +│ – +│ 2024-01-01 / 2024-06-30 / 2025-01-01 +│`,
		`│ ltv +│ numeric +│ outcome: ltv +│`,
		`│ total_paid +│ numeric +│ excluded: leakage +│`,
		`\nColumn notes\n  ltv: 3 values in parentheses read as negative\n`,
		`\nProblems\n  no churn column\n`,
		`\n\nb.csv: 0 rows, 0 columns`,
	} {
		if !regexp.MustCompile(re).MatchString(s) {
			t.Errorf("inspect text lacks %s:\n%s", re, s)
		}
	}
	b.Reset()
	if err := InspectJSON(&b, []InspectFile{f}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Files []InspectFile `json:"files"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got.Files) != 1 || got.Files[0].Columns[1].Top[0].Value != "SaaS" || got.Files[0].Columns[0].Distinct != nil {
		t.Errorf("inspect JSON: %v\n%s", err, b.String())
	}
	if !strings.Contains(b.String(), `"distinct": null`) {
		t.Error("a text column's distinct count is not null")
	}
}

// comparison is a quarter-on-quarter comparison: a criterion's range moved, one kept,
// the negative trait no longer significant, one attribute drifted a lot, a tier shift
// against last quarter's data, and rising accounts.
func comparison(t *testing.T, material bool) *Comparison {
	t.Helper()
	res := sweetResult(true)
	old := res.Profile(profile.Source{File: "q1.csv", Rows: 1000, Analysed: 1000}, "Q1 draft", "2026-09-01", "icp test")
	newRes := sweetResult(true)
	if material {
		lo := 500.0
		newRes.Criteria[1].Condition.Min = &lo
		newRes.Criteria[1].Display = "employees 500–2000"
	}
	np := newRes.Profile(profile.Source{File: "q2_data.csv", Rows: 1100, Analysed: 1100}, "Q2 draft", "2026-12-01", "icp test")
	c := &Comparison{
		Old:        CompareOld{Path: "q1/icp.yaml", SHA256: strings.Repeat("ab", 32), Name: old.Name, Status: old.Status, Created: old.Created, Source: old.Source, Best: old.Best},
		New:        CompareInput{File: "q2_data.csv", SHA256: strings.Repeat("cd", 32), Rows: 1100, Customers: 1100, Best: 220, BestShare: 0.2, BestRule: "top 20%"},
		Changes:    profile.Diff(old, np),
		NewProfile: np,
		Rechecks: []drift.Recheck{
			{Condition: old.Criteria[0].String(), Display: "Industry: Logistics or Manufacturing", ThenN: 300, ThenB: 120, ThenAll: 1000, ThenBest: 200, NowN: 320, NowB: 125, NowAll: 1100, NowBest: 220,
				ThenLift: 2, NowLift: 1.95, NowLow: 1.7, NowHigh: 2.2, P: 1e-6, Q: 1e-5, Verdict: drift.VerdictHolds},
			{Condition: old.NegativeTraits[0].String(), NegativeTrait: true, ThenN: 200, ThenB: 20, NowN: 210, NowB: 40, NowAll: 1100, NowBest: 220,
				ThenLift: 0.5, NowLift: 0.95, NowLow: 0.7, NowHigh: 1.2, P: 0.4, Q: 0.5, Verdict: drift.VerdictLost},
		},
		OldTiers:  drift.Definition{MixPSI: 0.02, BestPSI: 0.3},
		TierBasis: TierBasisOldData,
		Drift: []drift.AttributeShift{
			{Column: "industry", PSI: 0.4, Level: "major"},
			{Column: "employees", PSI: 0.01, Level: "stable"},
		},
		OldData:  "q1.csv",
		Rising:   Rising{Count: 12, File: "rising.csv", Transitions: []Transition{{"B", "A", 12}}, Examples: []RisingRow{{ID: "C-1", OldTier: "B", OldScore: 60, NewTier: "A", NewScore: 100, Reasons: "matched: x"}}},
		Draft:    CompareDraft{Name: np.Name, Status: np.Status, Supersedes: "Q1 draft (icp.yaml sha256:abab)"},
		Warnings: []string{"a | warning"},
		Outputs:  []string{"out/COMPARE.md", "out/compare.json"},
	}
	Summarise(c)
	return c
}

// TestCompareRenderers: the verdict and its sentences, the changes starred when
// material, last quarter's conditions re-tested, and JSON with empty lists as [].
func TestCompareRenderers(t *testing.T) {
	t.Parallel()
	for _, material := range []bool{false, true} {
		c := comparison(t, material)
		wantVerdict := map[bool]string{false: VerdictNoChange, true: VerdictChange}[material]
		if c.Verdict != wantVerdict || c.Material != material {
			t.Errorf("material=%v: verdict %q", material, c.Verdict)
		}
		summary := strings.Join(c.Summary, "\n")
		for _, want := range []string{
			"Last quarter's 2 conditions on the new data: 1 hold, 0 weakened, 1 no longer significant.",
			"The customer mix moved: a lot in Industry.",
			"Against last quarter's data, how customers spread over last quarter's tiers: stable; how best customers spread over them: a major shift.",
			"12 accounts rank in a higher tier under the new profile than under the old (rising.csv).",
		} {
			if !strings.Contains(summary, want) {
				t.Errorf("material=%v: summary lacks %q:\n%s", material, want, summary)
			}
		}
		if material && !strings.Contains(summary, "Material change: 1 range moved; ") {
			t.Errorf("summary of a moved range:\n%s", summary)
		}
		if !material && !strings.HasPrefix(summary, "No material change: the profile derived from the new data has the same 3 criteria, 1 negative trait and 1 disqualifiers as Q1 draft.") {
			t.Errorf("summary without change:\n%s", summary)
		}

		var text bytes.Buffer
		if err := CompareText(&text, c); err != nil {
			t.Fatal(err)
		}
		tx := text.String()
		for _, re := range []string{
			`^Compared Q1 draft \(q1.csv\) with q2_data.csv: 1,100 customers, 220 best \(20.0%\)\.\n\nVerdict: ` + wantVerdict + `\n`,
			`│ Industry: Logistics or Manufacturing +│ 2.00× +│ 1.95× \(1.70–2.20\) +│ 320 +│ holds +│`,
			`│ negative trait: funding[^│]*│ 0.50× +│ 0.95× \(0.70–1.20\) +│ 210 +│ no longer significant +│`,
			`warning: a \| warning\n`,
			`\nWrote out/COMPARE.md, out/compare.json\n$`,
		} {
			if !regexp.MustCompile(re).MatchString(tx) {
				t.Errorf("material=%v: text lacks %s:\n%s", material, re, tx)
			}
		}
		if starred := regexp.MustCompile(`(?m)^ \* criterion range moved: Employees: 200 to 2,000 → 500 to 2,000`).MatchString(tx); starred != material {
			t.Errorf("material=%v: moved range starred %v:\n%s", material, starred, tx)
		}

		var md bytes.Buffer
		if material { // with deals: the win rate by old tier, its capture and its table
			var deals []winrate.Deal
			for k, tier := range []string{"A", "B", "C"} {
				for i := range 60 {
					st := winrate.Lost
					if i < 40-15*k {
						st = winrate.Won
					}
					deals = append(deals, winrate.Deal{Tier: tier, Status: st, Amount: 100, CycleDays: 30})
				}
			}
			wr := winrate.ByTier(deals, []string{"A", "B", "C", "disqualified"})
			c.WinRate = &wr
		}
		if err := CompareMarkdown(&md, c); err != nil {
			t.Fatal(err)
		}
		m := md.String()
		if !strings.HasPrefix(m, "# Quarterly ICP review — Q1 draft against q2\\_data.csv\n") || !strings.Contains(m, wantVerdict) || strings.Contains(m, "NaN") {
			t.Errorf("material=%v: COMPARE.md:\n%s", material, m)
		}
		if material && (!strings.Contains(m, "### Win rate by old tier\n\n**Tier A deals win 4.0× as often as tier C: 67% vs 17%") ||
			!strings.Contains(m, "Tier A holds 60 of 180 deals (33%) and 40 of 75 wins (53%).") ||
			!strings.Contains(m, "| A | 60 | 40 | 20 | 0 | 66.7% (54.1%–77.3%) | 53.3% |")) {
			t.Errorf("COMPARE.md's win rate by old tier:\n%s", m)
		}
		checkMarkdownTables(t, m)

		var js bytes.Buffer
		if err := CompareJSON(&js, c); err != nil {
			t.Fatal(err)
		}
		var got map[string]any
		if err := json.Unmarshal(js.Bytes(), &got); err != nil {
			t.Fatalf("compare JSON: %v", err)
		}
		if got["verdict"] != wantVerdict || got["material"] != material || got["old_data"] != "q1.csv" {
			t.Errorf("compare JSON: verdict %v material %v old_data %v", got["verdict"], got["material"], got["old_data"])
		}
	}
	// Empty lists are written as [], so that consumers need not test for null.
	empty := &Comparison{NewProfile: &profile.Profile{}}
	Summarise(empty)
	var js bytes.Buffer
	if err := CompareJSON(&js, empty); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"changes", "rechecks", "attribute_drift", "warnings", "notes", "outputs", "transitions", "examples"} {
		if !strings.Contains(js.String(), `"`+k+`": []`) {
			t.Errorf("empty comparison: %q is not []", k)
		}
	}
	if !strings.Contains(strings.Join(empty.Summary, " "), "No account ranks in a higher tier") {
		t.Errorf("empty comparison summary: %q", empty.Summary)
	}
}
