package dataset

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestIsMissing(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", true}, {"   ", true}, {"-", true}, {"--", true}, {"N/A", true}, {"n/a", true},
		{" NULL ", true}, {"None", true}, {"NaN", true}, {"#N/A", true}, {"(blank)", true},
		{"?", true}, {"nil", true}, {"Undefined", true}, {"\t", true},
		{"NA", false}, {"na", false}, {"0", false}, {"no", false}, {"---", false},
		{"undefined!", false}, {"North America", false}, {"n / a", false}, {"nullable", false},
	} {
		if got := IsMissing(tc.in); got != tc.want {
			t.Errorf("IsMissing(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1200", 1200, true},
		{"-3.5", -3.5, true},
		{"+2", 2, true},
		{"1e6", 1e6, true},
		{"2.5E-3", 2.5e-3, true},
		{".5", 0.5, true},
		{"1,200", 1200, true},
		{"1 200", 1200, true},
		{"1\u00a0200", 1200, true},
		{"1'200.50", 1200.5, true},
		{"1.200,50", 1200.5, true},
		{"1,200.50", 1200.5, true},
		{"1,234,567.89", 1234567.89, true},
		{"1.234.567,89", 1234567.89, true},
		{"1.200.000", 1200000, true},
		{"1,00,000", 100000, true}, // Indian grouping
		{"1,5", 1.5, true},
		{"1,50", 1.5, true},
		{"0,500", 0.5, true},
		{"1.200", 1.2, true},
		{"1 200,5", 1200.5, true},
		{"$1200", 1200, true},
		{"$1,200.00", 1200, true},
		{"$1.2M", 1200000, true},
		{"$1.2 MM", 1200000, true},
		{"€5k", 5000, true},
		{"5K", 5000, true},
		{"£3.4bn", 3.4e9, true},
		{"3.4B", 3.4e9, true},
		{"12%", 12, true},
		{"12.5 %", 12.5, true},
		{"(1,200)", -1200, true},
		{"($1,200)", -1200, true},
		{"-$1,200", -1200, true},
		{"$-1,200", -1200, true},
		{"USD 1200", 1200, true},
		{"usd1200", 1200, true},
		{"1200 EUR", 1200, true},
		{"1.200,50 €", 1200.5, true},
		{"US$3", 3, true},
		{" 42 ", 42, true},
		{"1.2e3", 1200, true},
		{"1,5e3", 1500, true},

		{"", 0, false},
		{"  ", 0, false},
		{"12abc", 0, false},
		{"abc", 0, false},
		{"1.2.3,4,5", 0, false},
		{"1,2,3", 0, false},
		{"1,000,5", 0, false},
		{"1..2", 0, false},
		{"1.", 0, true}, // strconv reads "1." as 1
		{"1,", 0, false},
		{",", 0, false},
		{"-", 0, false},
		{"$", 0, false},
		{"%", 0, false},
		{"k", 0, false},
		{"NaN", 0, false},
		{"Inf", 0, false},
		{"-Infinity", 0, false},
		{"1e400", 0, false},
		{"0x10", 0, false},
		{"1_000", 0, false},
		{"1,200.5,3", 0, false},
		{"(-5)", 0, false},
		{"12%k", 0, false},
		{"1e3k", 0, false},
		{"1 2 3 4", 0, false},
		{"2024-01-31", 0, false},
		{"31.01.2024", 0, false},
		{"1/2", 0, false},
		{"N/A", 0, false},
		{"5 apples", 0, false},
	} {
		got, ok := ParseNumber(tc.in)
		if tc.in == "1." {
			tc.want = 1
		}
		if ok != tc.ok || (ok && math.Abs(got-tc.want) > 1e-9*math.Max(1, math.Abs(tc.want))) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	// Exact results for the documented examples.
	if v, _ := ParseNumber("$1.2M"); v != 1200000 {
		t.Errorf("$1.2M = %v, want exactly 1200000", v)
	}
	if v, _ := ParseNumber("£3.4bn"); v != 3400000000 {
		t.Errorf("£3.4bn = %v, want exactly 3.4e9", v)
	}
}

// TestBoolWords: every word BoolWords lists is read by ParseBool as listed, in any
// ASCII case and with '-' or '_' for its spaces, and the lists share no word.
func TestBoolWords(t *testing.T) {
	yes, no := BoolWords()
	for _, c := range []struct {
		words []string
		want  bool
	}{{yes, true}, {no, false}} {
		for _, w := range c.words {
			for _, s := range []string{w, strings.ToUpper(w[:1]) + w[1:], strings.ReplaceAll(w, " ", "-"), " " + strings.ReplaceAll(w, " ", "_") + " "} {
				if v, ok := ParseBool(s); !ok || v != c.want {
					t.Errorf("ParseBool(%q) = %v, %v; BoolWords lists it as %v", s, v, ok, c.want)
				}
			}
		}
	}
	for _, w := range yes {
		if slices.Contains(no, w) {
			t.Errorf("%q is both yes and no", w)
		}
	}
}

func TestParseBool(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    bool
		wantOK  bool
		comment string
	}{
		{"yes", true, true, ""}, {"Y", true, true, ""}, {"TRUE", true, true, ""},
		{"t", true, true, ""}, {"1", true, true, ""}, {"1.0", true, true, ""},
		{"Won", true, true, ""}, {"Closed Won", true, true, ""}, {"closed-won", true, true, ""},
		{"Closed_Won", true, true, ""}, {"closed  won", true, true, ""}, {"Churned", true, true, ""},
		{" no ", false, true, ""}, {"N", false, true, ""}, {"False", false, true, ""},
		{"f", false, true, ""}, {"0", false, true, ""}, {"Lost", false, true, ""},
		{"CLOSED LOST", false, true, ""}, {"Active", false, true, ""},
		{"", false, false, ""}, {"maybe", false, false, ""}, {"NA", false, false, ""},
		{"2", false, false, ""}, {"yess", false, false, ""}, {"n/a", false, false, ""},
		{"Ja", true, true, ""}, {"NEIN", false, true, ""}, {"oui", true, true, ""}, {"Non", false, true, ""},
		{"Sí", true, true, ""}, {"Sì", true, true, ""}, {"Sim", true, true, ""}, {"Não", false, true, ""},
		{"SÍ", false, false, "only ASCII letters are folded, as in the generated SQL"}, {"nee", false, true, ""}, {"Nej", false, true, ""},
		{"closed", false, false, ""}, {"-1", false, false, ""}, {"-0", false, false, ""}, {"yes-", false, false, ""}, {"a very long value that is not a bool", false, false, ""},
	} {
		got, ok := ParseBool(tc.in)
		if got != tc.want || ok != tc.wantOK {
			t.Errorf("ParseBool(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.wantOK)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := func(y, m, d int) float64 { return float64(daysFromCivil(y, m, d)) }
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"1969-12-31", -1, true},
		{"2024-01-31", 19753, true},
		{"2024-01-31T10:00:00Z", 19753, true},
		{"2024-01-31T23:59:59+05:00", 19753, true},
		{"2024-01-31 10:00:00", 19753, true},
		{"2024/01/31", 19753, true},
		{"2024.01.31", 19753, true},
		{"2024-1-5", day(2024, 1, 5), true},
		{"1/31/2024", 19753, true},
		{"01/31/2024", 19753, true},
		{"1/31/2024 10:00 AM", 19753, true},
		{"31.01.2024", 19753, true},
		{"31/01/2024", 19753, true},
		{"31-01-2024", 19753, true},
		{"03/04/2024", day(2024, 3, 4), true}, // ambiguous '/': US month/day
		{"03.04.2024", day(2024, 4, 3), true}, // ambiguous '.': EU day.month
		{"2024-02-29", day(2024, 2, 29), true},
		{"2000-02-29", day(2000, 2, 29), true},
		{" 2024-01-31 ", 19753, true},

		{"", 0, false},
		{"2023-02-29", 0, false},
		{"1900-02-29", 0, false},
		{"2024-13-01", 0, false},
		{"2024-00-10", 0, false},
		{"2024-04-31", 0, false},
		{"13/13/2024", 0, false},
		{"0/1/2024", 0, false},
		{"1/31/24", 0, false},
		{"2024-01", 0, false},
		{"2024-01-31x", 0, false},
		{"2024-01/31", 0, false},
		{"20240131", 0, false},
		{"0999-01-01", 0, false},
		{"12345-01-01", 0, false},
		{"1200", 0, false},
		// English month names, in full or abbreviated, either order, a time after.
		{"Jan 31, 2024", 19753, true},
		{"January 31 2024", 19753, true},
		{"31 Jan 2024", 19753, true},
		{"31-Jan-2024", 19753, true},
		{"31 january, 2024", 19753, true},
		{"Sept 3, 2024", day(2024, 9, 3), true},
		{"Sep 3, 2024 10:30 AM", day(2024, 9, 3), true},
		{"Feb 30, 2024", 0, false},
		{"31-Jan-24", 0, false},
		{"Marketing 15 2020", 0, false},
		{"Mar 2024 Q1", 0, false},
		{"Dec 12 1999 Acme", 0, false},
		{"Ja 12 2020", 0, false},
		{"Jan 12 2020x", 0, false},
		{"2024-01-31Tfoo", 0, false},
	} {
		got, ok := ParseDate(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	// Column order overrides the separator default and rejects contradicting values.
	if d, _, ok := parseDate("03/04/2024", orderDMY); !ok || d != day(2024, 4, 3) {
		t.Errorf("03/04/2024 day-first = %v, %v", d, ok)
	}
	if _, _, ok := parseDate("01/31/2024", orderDMY); ok {
		t.Errorf("01/31/2024 accepted in a day-first column")
	}
}

func TestFoldCategory(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"SaaS ", "saas"}, {"saas", "saas"}, {"  Mid   Market\t", "mid market"},
		{"", ""}, {"   ", ""}, {"NA", "na"}, {"ÉCOLE  Privée", "école privée"},
		{"Café\u00a0Bar", "café bar"}, {"a\nb", "a b"}, {"Already folded", "already folded"},
	} {
		if got := FoldCategory(tc.in); got != tc.want {
			t.Errorf("FoldCategory(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := testing.AllocsPerRun(100, func() { _ = FoldCategory("enterprise") }); got != 0 {
		t.Errorf("FoldCategory of a folded value allocates %v times", got)
	}
}

func TestSplitMulti(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"Salesforce; Slack", []string{"salesforce", "slack"}},
		{"Salesforce|Slack|HubSpot", []string{"salesforce", "slack", "hubspot"}},
		{"Slack; slack ;SLACK", []string{"slack"}},
		{"a;;b; ", []string{"a", "b"}},
		{"a | b; c", []string{"a", "b", "c"}},
		{"Solo", []string{"solo"}},
		{"", nil},
		{" ; | ", nil},
		{"n/a", nil},
		{"Slack; N/A", []string{"slack"}},
		{"NA; EU", []string{"na", "eu"}},
		// Without ';' or '|', commas separate; with them, an item may hold a comma.
		{"AWS, Slack,Zendesk", []string{"aws", "slack", "zendesk"}},
		{"Google, Inc.; Slack", []string{"google, inc.", "slack"}},
		// JSON and Python lists: brackets and quotes dropped.
		{`["AWS", "Slack"]`, []string{"aws", "slack"}},
		{"['AWS', 'Google Cloud']", []string{"aws", "google cloud"}},
		{`[ "a" ; "b" ]`, []string{"a", "b"}},
		{"[]", nil},
		{"[AWS", []string{"[aws"}}, // not a list: no closing bracket
		{`"AWS"`, []string{"aws"}},
		{`'it''s'`, []string{"it''s"}},
	} {
		if got := SplitMulti(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("SplitMulti(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHeaderKey(t *testing.T) {
	for _, s := range []string{"Annual Revenue", "annual_revenue", "AnnualRevenue"} {
		if HeaderKey(s) != "annualrevenue" {
			t.Errorf("HeaderKey(%q) = %q", s, HeaderKey(s))
		}
	}
}

func TestParseNumberFastPathAllocs(t *testing.T) {
	for _, s := range []string{"1200", "-3.25", "$1,200.50", "1.200,50", "€5k"} {
		if got := testing.AllocsPerRun(100, func() { ParseNumber(s) }); got != 0 {
			t.Errorf("ParseNumber(%q) allocates %v times", s, got)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1200", "1,200", "1 200", "1.200,50", "$1.2M", "€5k", "£3.4bn", "12%", "(1,200)", "1e6", "USD 1200", "12abc", "1.2.3,4,5", "", "-", ".5", "1,00,000", "\u00a0", "9007199254740993.5", "0.1", "123456789012345.6", "$1,234,567.89", "-$1,200", "0,500", "00,123", "12,5%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseNumber(s)
		if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		if !ok && v != 0 {
			t.Fatalf("ParseNumber(%q) failed with %v", s, v)
		}
		if ok && IsMissing(s) {
			t.Fatalf("ParseNumber(%q) reads a missing token", s)
		}
		if w, ok := parseNumberDecimalComma(s); ok && (math.IsNaN(w) || math.IsInf(w, 0)) {
			t.Fatalf("parseNumberDecimalComma(%q) = %v", s, w)
		}
		decimalEvidence(s)
		// The fast path agrees with the general parser.
		if x, ok := parseSimple(s); ok {
			if y, ok2 := parseNumberSlow(s); !ok2 || x != y {
				t.Fatalf("parseSimple(%q) = %v but parseNumberSlow = %v, %v", s, x, y, ok2)
			}
		}
		// Plain numbers read exactly as strconv does.
		if x, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(x, 0) && !math.IsNaN(x) && PlainDecimal(s) {
			if !ok || v != x {
				t.Fatalf("ParseNumber(%q) = %v, %v; strconv says %v", s, v, ok, x)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-01-31", "2024-01-31T10:00:00Z", "1/31/2024", "31.01.2024", "31/01/2024", "2023-02-29", "9999-12-31", "1000-01-01", "99999-1-1", "", "Jan 31, 2024", "31-Jan-2024 10:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := ParseDate(s)
		if !ok {
			return
		}
		if d != math.Trunc(d) || d < float64(daysFromCivil(1000, 1, 1)) || d > float64(daysFromCivil(9999, 12, 31)) {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		for _, o := range []int{orderMDY, orderDMY} {
			parseDate(s, o)
		}
	})
}

func FuzzParseBool(f *testing.F) {
	for _, s := range []string{"yes", "No", "closed won", "Closed-Lost", "1", "0", "", "maybe", "churned"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, ok := ParseBool(s)
		if !ok && v {
			t.Fatalf("ParseBool(%q) = true, false", s)
		}
		if ok && IsMissing(s) {
			t.Fatalf("ParseBool(%q) reads a missing token", s)
		}
	})
}

func FuzzSplitMulti(f *testing.F) {
	for _, s := range []string{"Salesforce; Slack", "a|b|a", ";;", "", "Café | CAFÉ", "n/a; x", "a, b", `["a", 'b']`, "[]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		items := SplitMulti(s)
		seen := map[string]bool{}
		for _, it := range items {
			if it == "" || seen[it] || FoldCategory(it) != it {
				t.Fatalf("SplitMulti(%q) = %q: bad item %q", s, items, it)
			}
			if utf8.ValidString(s) && (slices.Contains([]byte(it), ';') || slices.Contains([]byte(it), '|')) {
				t.Fatalf("SplitMulti(%q) = %q: item holds a separator", s, items)
			}
			if !strings.ContainsAny(s, ";|") && strings.Contains(it, ",") {
				t.Fatalf("SplitMulti(%q) = %q: item %q holds a comma, the separator of a cell without ';' or '|'", s, items, it)
			}
			seen[it] = true
		}
	})
}

func TestDecimalComma(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"1,200", 1.2, true}, {"1.200", 1200, true}, {"1.200,50", 1200.5, true},
		{"1.234.567", 1234567, true}, {"0.5", 0.5, true}, {"1.5", 1.5, true},
		{"€ 3,5", 3.5, true}, {"12", 12, true}, {"12,5%", 12.5, true},
		{"1,200.50", 1200.5, true}, {"1.2.3,4,5", 0, false}, {"abc", 0, false},
	} {
		got, ok := parseNumberDecimalComma(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parseNumberDecimalComma(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		in   string
		want byte
	}{
		{"1.200,50", ','}, {"1,5", ','}, {"1.200.000", ','}, {"1,200.50", '.'}, {"1.5", '.'},
		{"1,200,000", '.'}, {"1,200", 0}, {"1.200", 0}, {"12", 0}, {"$1.2M", '.'},
	} {
		if got := decimalEvidence(tc.in); got != tc.want {
			t.Errorf("decimalEvidence(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLocalisedBooleanColumn: a column mixing English and localised yes/no (an export
// merged from two CRM locales) is a yes/no column: the localised words are plain
// spellings, not words with a meaning of their own like "won".
func TestLocalisedBooleanColumn(t *testing.T) {
	var b strings.Builder
	b.WriteString("id,renewed\n")
	for i := range 40 {
		fmt.Fprintf(&b, "%d,%s\n", i, []string{"yes", "no", "Ja", "Nein", "oui", "non"}[i%6])
	}
	tab, err := Read(strings.NewReader(b.String()), "mixed.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if c := tab.Column("renewed"); c.Kind != Boolean {
		t.Errorf("kind %v, want boolean", c.Kind)
	}
}

func TestCurrencyOf(t *testing.T) {
	for in, want := range map[string]string{
		"$1,200": "USD", "US$ 900": "USD", "USD 1200": "USD", "1200 usd": "USD", "(-$5)": "USD", "-€5": "EUR",
		"1.200,50 €": "EUR", "EUR 3": "EUR", "£3.4bn": "GBP", "700 kr": "KR", "¥500": "¥", "1200": "", "12%": "", "1e6": "",
	} {
		if got := currencyOf(in); got != want {
			t.Errorf("currencyOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// A numeric column mixing currencies is read as numbers, with a note saying they were
// not converted; one currency, however spelt ($, USD), gives no note.
func TestLoadMixedCurrencies(t *testing.T) {
	for _, tc := range []struct {
		cells []string
		note  string
	}{
		{[]string{"$1,200", "€900", "£50", "$3,000"}, "numbers in more than one currency (USD 2, EUR 1, GBP 1 among the first 4 rows)"},
		{[]string{"$1,200", "USD 900", "1,500", "$3,000"}, ""},
	} {
		csv := "id,amount\n"
		for i, c := range tc.cells {
			csv += fmt.Sprintf("%d,%q\n", i, c)
		}
		tb, err := Read(strings.NewReader(csv), "cur.csv", Options{})
		if err != nil {
			t.Fatal(err)
		}
		c := tb.Column("amount")
		got := strings.Join(c.Notes, " | ")
		if c.Kind != Numeric || tc.note == "" && got != "" || tc.note != "" && !strings.Contains(got, tc.note) {
			t.Errorf("%v: kind %s, notes %q; want %q", tc.cells, c.Kind, got, tc.note)
		}
	}
}
