package profile

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Words for people: column labels ("sales_cycle_days" → "Sales cycle (days)"), value
// spellings ("fintech" → "FinTech", the spelling most common in the data) and
// conditions in RevOps words ("Industry: SaaS or FinTech", "Employees: 200 to 2,000",
// "Uses Snowflake"). Scoring never reads them; every human-facing output does.

// acronyms are words a default label writes in capitals.
var acronyms = map[string]string{
	"ltv": "LTV", "nps": "NPS", "arr": "ARR", "mrr": "MRR", "acv": "ACV", "tcv": "TCV", "crm": "CRM",
	"id": "ID", "b2b": "B2B", "b2c": "B2C", "usd": "USD", "eur": "EUR", "gbp": "GBP", "hq": "HQ",
	"it": "IT", "erp": "ERP", "saas": "SaaS", "csm": "CSM", "sdr": "SDR", "ae": "AE", "url": "URL",
	"cac": "CAC", "roi": "ROI", "tv": "TV", "kpi": "KPI", "api": "API", "us": "US", "uk": "UK", "eu": "EU",
}

// units are trailing words a default label writes as a unit in brackets.
var units = map[string]string{
	"days": "days", "months": "months", "weeks": "weeks", "years": "years", "hours": "hours",
	"usd": "USD", "eur": "EUR", "gbp": "GBP", "pct": "%", "percent": "%", "k": "thousands", "m": "millions",
}

// DefaultLabel is the label a column gets when the profile sets none: words split on
// underscores, dashes, dots and camel case, the first capitalised, known acronyms in
// capitals and a trailing unit in brackets: "sales_cycle_days" → "Sales cycle (days)",
// "annualRevenue" → "Annual revenue", "ltv" → "LTV", "tech_stack" → "Tech stack".
// A header that already holds spaces and capitals ("Annual Revenue") is kept.
func DefaultLabel(column string) string {
	col := strings.TrimSpace(column)
	if col == "" {
		return column
	}
	if strings.Contains(col, " ") && strings.IndexFunc(col, unicode.IsUpper) >= 0 {
		return col
	}
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(col)
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ' || r == '/':
			flush()
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(rs[i-1]):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	if len(words) == 0 {
		return col
	}
	unit := ""
	if len(words) > 1 {
		if u, ok := units[words[len(words)-1]]; ok {
			unit, words = u, words[:len(words)-1]
		}
	}
	for i, w := range words {
		if a, ok := acronyms[w]; ok {
			words[i] = a
		} else if i == 0 {
			rw := []rune(w)
			rw[0] = unicode.ToUpper(rw[0])
			words[i] = string(rw)
		}
	}
	s := strings.Join(words, " ")
	if unit != "" {
		s += " (" + unit + ")"
	}
	return s
}

// Label is the display label of a column: the profile's labels entry, else
// DefaultLabel.
func (p *Profile) Label(column string) string {
	if p != nil {
		if l, ok := p.Labels[column]; ok && strings.TrimSpace(l) != "" {
			return l
		}
	}
	return DefaultLabel(column)
}

// Spell is the display spelling of a value of a column: the profile's spellings entry
// (the value's most common spelling in the data the profile came from), else the value
// as written in the condition. "true"/"false" read "Yes"/"No" (how CRM exports
// mostly write them).
func (p *Profile) Spell(column, value string) string {
	if p != nil {
		if s, ok := p.Spellings[column][strings.ToLower(value)]; ok && s != "" {
			return s
		}
	}
	switch value {
	case "true":
		return "Yes"
	case "false":
		return "No"
	case "(missing)":
		return "blank"
	}
	return value
}

// usesWords are column-name words that make a list column read "Uses X".
var usesWords = []string{"tech", "stack", "tool", "tools", "technologies", "technology", "integrations", "integration", "software", "apps", "platforms", "products"}

// Describe says the condition in RevOps words with the profile's labels and spellings:
// "Industry: SaaS or FinTech", "Employees: 200 to 2,000", "Employees: 1,000 or more",
// "Revenue: under 50", "Uses Snowflake", "Channels include Email".
func (p *Profile) Describe(c Condition) string {
	label := p.Label(c.Attribute)
	spell := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = p.Spell(c.Attribute, v)
		}
		sortBands(out)
		return out
	}
	switch c.Op {
	case OpIn:
		return label + ": " + orList(spell(c.Values))
	case OpHas:
		if usesColumn(c.Attribute) {
			return "Uses " + orList(spell(c.Values))
		}
		return label + " include " + orList(spell(c.Values))
	case OpRange:
		if yearColumn(c.Attribute) && isYear(c.Min) && isYear(c.Max) {
			return label + ": " + yearWords(c.Min, c.Max)
		}
		return label + ": " + RangeWords(c.Min, c.Max)
	}
	return c.String()
}

// sortBands orders values that all start with a number by that number ("51-200",
// "201-500", "1,001-5,000", "10,001+"), as a reader lists bands; other values keep
// their order.
func sortBands(vs []string) {
	lead := func(v string) (float64, bool) {
		var digits []byte
		for i := 0; i < len(v); i++ {
			switch c := v[i]; {
			case c >= '0' && c <= '9':
				digits = append(digits, c)
			case c == ',' && len(digits) > 0:
			default:
				i = len(v)
			}
		}
		if len(digits) == 0 {
			return 0, false
		}
		x, err := strconv.ParseFloat(string(digits), 64)
		return x, err == nil
	}
	keys := make([]float64, len(vs))
	for i, v := range vs {
		x, ok := lead(strings.TrimLeft(v, "$€£<>~ "))
		if !ok {
			return
		}
		keys[i] = x
	}
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return keys[idx[a]] < keys[idx[b]] })
	out := make([]string, len(vs))
	for k, i := range idx {
		out[k] = vs[i]
	}
	copy(vs, out)
}

// yearColumn says a column holds years ("year_established", "founded"): its bounds
// are written without thousands separators ("under 2000", not "under 2,000").
func yearColumn(column string) bool {
	l := strings.ToLower(column)
	return strings.Contains(l, "year") || strings.Contains(l, "founded") || strings.Contains(l, "established")
}

func isYear(x *float64) bool {
	return x == nil || (*x == math.Trunc(*x) && *x >= 1000 && *x < 3000)
}

// yearWords is RangeWords for years: "1990 to 2010", "2000 or later", "before 2000".
func yearWords(lo, hi *float64) string {
	y := func(x *float64) string { return strconv.Itoa(int(*x)) }
	switch {
	case lo != nil && hi != nil:
		return y(lo) + " to " + y(hi)
	case lo != nil:
		return y(lo) + " or later"
	case hi != nil:
		return "before " + y(hi)
	}
	return "any value"
}

// DescribeAll joins the conditions' descriptions with " and ".
func (p *Profile) DescribeAll(cs []Condition) string {
	var parts []string
	for _, c := range cs {
		parts = append(parts, p.Describe(c))
	}
	return strings.Join(parts, " and ")
}

func usesColumn(column string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(column), func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, u := range usesWords {
			if w == u {
				return true
			}
		}
	}
	return false
}

// RangeWords renders [min, max) in words: "200 to 2,000", "1,000 or more", "under 50".
func RangeWords(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return FormatAmount(*lo) + " to " + FormatAmount(*hi)
	case lo != nil:
		return FormatAmount(*lo) + " or more"
	case hi != nil:
		return "under " + FormatAmount(*hi)
	}
	return "any value"
}

// FormatAmount is FormatNumber with thousands separators from 1,000: 2000 → "2,000".
func FormatAmount(x float64) string {
	if a := math.Abs(x); a >= 1000 && a < 10000 {
		s := groupThousands(strconv.FormatFloat(math.Round(a), 'f', 0, 64))
		if x < 0 {
			return "-" + s
		}
		return s
	}
	return FormatNumber(x)
}

func orList(vs []string) string {
	switch len(vs) {
	case 0:
		return ""
	case 1:
		return vs[0]
	}
	return strings.Join(vs[:len(vs)-1], ", ") + " or " + vs[len(vs)-1]
}
