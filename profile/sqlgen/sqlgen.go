// Package sqlgen writes a profile as SQL: a query, or a view, that returns every column
// of a table plus icp_score, icp_tier and icp_reasons, computed as `icp score` computes
// them (scoring.Matcher), in the engine's own SQL — CASE expressions, regular
// expressions and casts, no user-defined functions.
//
// Every cell is read as text (CAST(col AS TEXT), NULL as ”), as `icp score` reads a
// CSV export of the table, and matched by the same rules:
//
//   - missing: the cell, trimmed, is one of dataset.IsMissing's tokens (ASCII case);
//   - in: the cell folded (trimmed, inner white space collapsed, lower-cased) is one of
//     the values; a condition on "true" or "false" also matches the booleans of
//     dataset.ParseBool ("Yes", "1", "Closed Won", ...);
//   - has: the cell split on ';' and '|', each item trimmed and folded, missing items
//     dropped; it matches when any item is one of the values;
//   - range: the cell read as a number as dataset.ParseNumber reads it (currency signs
//     and codes, thousands separators, decimal commas, k/M/bn, %, accounting
//     parentheses), in [min, max).
//
// Known differences, all on values that CRM exports rarely hold: lower-casing of
// non-ASCII letters is the engine's (PostgreSQL's follows the database's LC_CTYPE),
// numbers with an exponent beyond ±99 or written with more than 200 characters are not
// read as numbers, and version-1 (weight) profiles sum points rounded to 1e-6 before
// rounding the score. See the README, "Scoring in the warehouse".
package sqlgen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// Options say what to generate.
type Options struct {
	Dialect Dialect
	// Table is the table (or view) to score, possibly qualified: schema.table,
	// project.dataset.table. Each dotted part is quoted.
	Table string
	// From, when set, is written verbatim as the source of the rows instead of Table:
	// a dbt {{ ref('accounts') }}, a subquery in parentheses. The query then has no
	// trailing semicolon, since templating tools wrap it themselves.
	From string
	// View, when set, wraps the query in CREATE OR REPLACE VIEW View AS.
	View string
	// Header is an optional first comment line (e.g. which profile this is).
	Header string
}

// Prefix starts the name of every helper column of the generated query; a table whose
// own columns start with it cannot be scored.
const Prefix = "icp__"

// Generate returns the SQL of p for opt.
func Generate(p *profile.Profile, opt Options) (string, error) {
	d := opt.Dialect
	if !slices.Contains(Dialects, d) {
		return "", fmt.Errorf("unknown dialect %q", d)
	}
	if strings.TrimSpace(opt.Table) == "" && strings.TrimSpace(opt.From) == "" {
		return "", fmt.Errorf("no table to score")
	}
	all := slices.Concat(p.Criteria, p.NegativeTraits, p.Disqualifiers)
	for _, c := range all {
		if err := c.Validate(); err != nil {
			return "", err
		}
		if strings.HasPrefix(strings.ToLower(c.Attribute), Prefix) {
			return "", fmt.Errorf("column %q starts with %s, which the generated SQL keeps for itself", c.Attribute, Prefix)
		}
	}
	g := &gen{d: d, p: p}
	q := g.query(opt)
	if strings.Contains(opt.From, "{{") || strings.Contains(opt.From, "{%") {
		// A Jinja template (dbt): nothing else in the query may read as a tag.
		rest := strings.Replace(q, opt.From, "", 1)
		for _, tag := range []string{"{{", "{%", "{#"} {
			if strings.Contains(rest, tag) {
				return "", fmt.Errorf("the query contains %q (from a value or condition of the profile), which a Jinja template would read as a tag", tag)
			}
		}
	}
	return q, nil
}

// gen builds one query. Columns are computed in stages (common table expressions),
// each adding helper columns to the row; the last stage keeps the table's own columns
// and the three results.
type gen struct {
	d      Dialect
	p      *profile.Profile
	attrs  []string // distinct attributes, in order of first use
	stages [][]col
}

type col struct{ name, expr string }

func (g *gen) attr(name string) int {
	if i := slices.Index(g.attrs, name); i >= 0 {
		return i
	}
	g.attrs = append(g.attrs, name)
	return len(g.attrs) - 1
}

// add appends a helper column to stage s and returns its name.
func (g *gen) add(s int, name, expr string) string {
	for len(g.stages) <= s {
		g.stages = append(g.stages, nil)
	}
	g.stages[s] = append(g.stages[s], col{Prefix + name, expr})
	return Prefix + name
}

// White space as the Go side trims it: unicode.IsSpace (strings.TrimSpace,
// strings.Fields) and dataset's trimSpace for numbers (ASCII and three no-break
// spaces).
const (
	wsUnicode = "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
	wsNumber  = "\t\n\v\f\r \u00a0\u202f\u2009"
	numSpace  = " '\u00a0\u202f\u2009" // grouping "spaces" inside a number
)

func class(chars string) string { return "[" + chars + "]" }

var (
	wsU = class(wsUnicode)
	wsN = class(wsNumber)
)

// hasItem is the match and presence of a "has" condition on the multi-value cell raw,
// read as dataset.SplitMulti reads it: a cell holding ';' or '|' splits on those, any
// other on ','; a cell starting with '[' and ending with ']' (a JSON or Python list)
// loses the brackets; an item in a pair of quotes loses them; blanks around items and
// missing tokens do not count. Each of the four forms (separator × brackets) gets its
// own pattern, chosen by what the cell holds, so the SQL splits as the scorer does.
func (g *gen) hasItem(raw string, values []string) (m, p string) {
	d := g.d
	lower := "LOWER(" + raw + ")"
	tok := make([]string, 0, len(missingTokens))
	for _, t := range missingTokens[1:] {
		tok = append(tok, reQuote(t))
	}
	// quoted wraps an item pattern: as it is, or inside a pair of quotes.
	quoted := func(x string) string {
		return wsU + `*("` + wsU + "*" + x + wsU + `*"|'` + wsU + "*" + x + wsU + `*'|` + x + ")" + wsU + "*"
	}
	missingItem := quoted("(" + strings.Join(tok, "|") + ")?")
	semi := d.Regex(raw, "[;|]")
	bracketed := "(" + d.Regex(raw, `^`+wsU+`*\[`) + " AND " + d.Regex(raw, `\]`+wsU+`*$`) + ")"
	// Exactly one way of splitting applies to a cell (on ';' and '|', or on ','; with
	// the list's brackets or without): pick picks that form's expression, so that the
	// engine tests one pattern per cell, not four.
	pick := func(expr func(sep string, brackets bool) string) string {
		return fmt.Sprintf("CASE WHEN %s THEN (CASE WHEN %s THEN %s ELSE %s END) ELSE (CASE WHEN %s THEN %s ELSE %s END) END",
			semi, bracketed, expr("[;|]", true), expr("[;|]", false), bracketed, expr(",", true), expr(",", false))
	}
	p = "NOT " + pick(func(sep string, brackets bool) string {
		open, close := "^", "$"
		if brackets {
			open, close = "^"+wsU+`*\[`, `\]`+wsU+"*$"
		}
		return d.Regex(d.asciiLower(raw), open+missingItem+"("+sep+missingItem+")*"+close)
	})
	found := false
	m = pick(func(sep string, brackets bool) string {
		var alts []string
		for _, v := range foldable(values) {
			if v == "" || dataset.IsMissing(v) || strings.ContainsAny(v, ";|") || sep == "," && strings.Contains(v, ",") {
				continue // never an item of a cell split this way
			}
			parts := strings.Split(v, " ")
			for k := range parts {
				parts[k] = reQuote(parts[k])
			}
			alts = append(alts, strings.Join(parts, wsU+"+"))
		}
		if len(alts) == 0 {
			return "FALSE"
		}
		found = true
		open, close := "(^|"+sep+")", "("+sep+"|$)"
		if brackets {
			open, close = "(^"+wsU+`*\[|`+sep+")", "("+sep+`|\]`+wsU+"*$)"
		}
		return d.Regex(lower, open+quoted("("+strings.Join(alts, "|")+")")+close)
	})
	if !found {
		return "FALSE", p
	}
	return fmt.Sprintf("%s AND %s", p, m), p
}

// missingTokens are dataset.IsMissing's tokens.
var missingTokens = []string{"", "-", "--", "n/a", "null", "none", "nan", "#n/a", "(blank)", "?", "nil", "undefined"}

// reQuote escapes a literal for the regex subset the five flavours share: metacharacters
// in a one-character bracket expression, except ^ \ [ which are backslash-escaped
// outside brackets (']' outside brackets is literal in all five).
func reQuote(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '.', '$', '(', ')', '|', '+', '*', '?', '{', '}':
			b.WriteString("[" + string(r) + "]")
		case '^', '\\', '[':
			b.WriteString(`\` + string(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (g *gen) list(vals []string) string {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = g.d.Str(v)
	}
	return strings.Join(q, ", ")
}

func (g *gen) trimU(x string) string { return g.d.Replace(x, "^"+wsU+"+|"+wsU+"+$", "") }

func or(terms []string) string {
	if len(terms) == 0 {
		return "FALSE"
	}
	if len(terms) == 1 {
		return terms[0]
	}
	return "(" + strings.Join(terms, " OR ") + ")"
}

// foldable keeps the values a folded cell can equal (FoldCategory(v) == v): the Go side
// compares folded cells with the values as written, so any other value never matches.
func foldable(vals []string) []string {
	var out []string
	for _, v := range vals {
		if dataset.FoldCategory(v) == v && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// Stages: raw text per attribute; trimmed / folded forms; five steps of number
// reading; matches; score, flags and reason groups.
const (
	stRaw = iota
	stForms
	stNum2
	stNum3
	stNum4
	stNum5
	stNum6
	stMatch
	stScore
)

// attrCols are the helper columns of one attribute, made on first need.
type attrCols struct {
	raw, fold, missing, boolean, number string
}

func (g *gen) query(opt Options) string {
	d := g.d
	ac := map[int]*attrCols{}
	get := func(name string) (int, *attrCols) {
		a := g.attr(name)
		if ac[a] == nil {
			ac[a] = &attrCols{raw: g.add(stRaw, fmt.Sprintf("a%d", a), d.ToText(d.Ident(name)))}
		}
		return a, ac[a]
	}
	missing := func(a int, c *attrCols) string {
		if c.missing == "" {
			c.missing = g.add(stForms, fmt.Sprintf("a%d_missing", a),
				fmt.Sprintf("(%s IN (%s))", d.asciiLower(g.trimU(c.raw)), g.list(missingTokens)))
		}
		return c.missing
	}
	fold := func(a int, c *attrCols) string {
		if c.fold == "" {
			c.fold = g.add(stForms, fmt.Sprintf("a%d_fold", a),
				"LOWER("+d.Replace(g.trimU(c.raw), wsU+"+", " ")+")")
		}
		return c.fold
	}
	boolean := func(a int, c *attrCols) string {
		if c.boolean == "" {
			t := g.trimU(c.raw)
			norm := d.asciiLower(d.Replace(t, "[ \t_-]+", " "))
			boolTrue, boolFalse := dataset.BoolWords()
			ok := fmt.Sprintf("%s <= 16 AND NOT %s", d.Length(t), d.Regex(t, "^[-_]|[-_]$"))
			c.boolean = g.add(stForms, fmt.Sprintf("a%d_bool", a), fmt.Sprintf(
				"CASE WHEN %s AND %s IN (%s) THEN 'true' WHEN %s AND %s IN (%s) THEN 'false' END",
				ok, norm, g.list(boolTrue), ok, norm, g.list(boolFalse)))
		}
		return c.boolean
	}
	number := func(a int, c *attrCols) string {
		if c.number == "" {
			c.number = g.number(a, c.raw)
		}
		return c.number
	}

	// match returns the (match, present) expressions of a condition, as helper columns.
	match := func(kind string, i int, c profile.Condition, wantPresent bool) (m, p string) {
		a, cc := get(c.Attribute)
		switch c.Op {
		case profile.OpRange:
			x := number(a, cc)
			var terms []string
			terms = append(terms, x+" IS NOT NULL")
			if c.Min != nil {
				terms = append(terms, fmt.Sprintf("%s >= %s", x, g.float(*c.Min)))
			}
			if c.Max != nil {
				terms = append(terms, fmt.Sprintf("%s < %s", x, g.float(*c.Max)))
			}
			m = strings.Join(terms, " AND ")
			p = x + " IS NOT NULL"
		case profile.OpIn:
			miss := missing(a, cc)
			var terms []string
			if vals := foldable(c.Values); len(vals) > 0 {
				terms = append(terms, fmt.Sprintf("%s IN (%s)", fold(a, cc), g.list(vals)))
			}
			for _, lv := range []string{"true", "false"} {
				if slices.Contains(c.Values, lv) {
					terms = append(terms, fmt.Sprintf("%s = '%s'", boolean(a, cc), lv))
				}
			}
			m = fmt.Sprintf("NOT %s AND COALESCE(%s, FALSE)", miss, or(terms))
			p = "NOT " + miss
		case profile.OpHas:
			m, p = g.hasItem(cc.raw, c.Values)
		}
		m = g.add(stMatch, fmt.Sprintf("%s%d", kind, i), "COALESCE("+m+", FALSE)")
		if wantPresent {
			p = g.add(stMatch, fmt.Sprintf("%s%d_present", kind, i), "COALESCE("+p+", FALSE)")
		}
		return m, p
	}

	var cm, cp, nm, dm []string
	for i, c := range g.p.Criteria {
		m, p := match("c", i, c.Condition, true)
		cm, cp = append(cm, m), append(cp, p)
	}
	for i, c := range g.p.NegativeTraits {
		m, _ := match("n", i, c.Condition, false)
		nm = append(nm, m)
	}
	for i, c := range g.p.Disqualifiers {
		m, _ := match("d", i, c.Condition, false)
		dm = append(dm, m)
	}

	// Score: base plus points, clamped to 0–100 (scoring.Score).
	score := g.scoreExpr(cm, nm)
	scoreCol := g.add(stScore, "score", score)
	var segTerms []string
	for i, c := range g.p.Criteria {
		if c.Segment {
			segTerms = append(segTerms, cm[i])
		}
	}
	sweet := "FALSE"
	if len(segTerms) > 0 {
		s := strings.Join(segTerms, " AND ")
		for _, n := range nm {
			s += " AND NOT " + n
		}
		sweet = s
	}
	sweetCol := g.add(stScore, "sweet_spot", sweet)
	disq := "FALSE"
	if len(dm) > 0 {
		disq = strings.Join(dm, " OR ")
	}
	disqCol := g.add(stScore, "disqualified", disq)

	// Final stage: tier and reasons.
	tier := g.tierExpr(scoreCol, sweetCol, disqCol)
	reasons := g.reasonsExpr(cm, cp, nm, dm)

	final := fmt.Sprintf("%s AS icp_score,\n  %s AS icp_tier,\n  %s AS icp_reasons", scoreCol, tier, reasons)
	return g.render(opt, g.rowColumns(), final)
}

// rowColumns is the select-list item that gives back the table's own columns from the
// last stage.
func (g *gen) rowColumns() string {
	var helpers []string
	for _, cols := range g.stages {
		for _, c := range cols {
			helpers = append(helpers, c.name)
		}
	}
	switch g.d {
	case Postgres:
		return "(icp__row).*"
	case Spark:
		return "icp__row.*"
	case BigQuery:
		return fmt.Sprintf("* EXCEPT (%s)", strings.Join(helpers, ", "))
	}
	return fmt.Sprintf("* EXCLUDE (%s)", strings.Join(helpers, ", "))
}

// render writes the stages as common table expressions and the final SELECT of row
// and final from the last one.
func (g *gen) render(opt Options, row, final string) string {
	d := g.d
	var b strings.Builder
	if opt.Header != "" {
		for _, l := range strings.Split(opt.Header, "\n") {
			b.WriteString("-- " + l + "\n")
		}
	}
	if opt.View != "" {
		fmt.Fprintf(&b, "CREATE OR REPLACE VIEW %s AS\n", d.QualifiedName(opt.View))
	}
	b.WriteString("WITH\n")
	prev := ""
	n := 0
	for s, cols := range g.stages {
		if len(cols) == 0 {
			continue
		}
		name := fmt.Sprintf("%ss%d", Prefix, s)
		if n > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "%s AS %s(\n  SELECT\n", name, d.materialized())
		if prev == "" {
			switch d {
			case Postgres:
				b.WriteString("    icp__t AS icp__row")
			case Spark:
				b.WriteString("    struct(icp__t.*) AS icp__row")
			default:
				b.WriteString("    icp__t.*")
			}
		} else {
			b.WriteString("    " + prev + ".*")
		}
		for _, c := range cols {
			fmt.Fprintf(&b, ",\n    %s AS %s", c.expr, c.name)
		}
		if prev == "" {
			from := opt.From
			if from == "" {
				from = d.QualifiedName(opt.Table)
			}
			fmt.Fprintf(&b, "\n  FROM %s AS icp__t\n)", from)
		} else {
			fmt.Fprintf(&b, "\n  FROM %s\n)", prev)
		}
		prev = name
		n++
	}
	end := ";"
	if opt.From != "" {
		end = ""
	}
	fmt.Fprintf(&b, "\nSELECT\n  %s,\n  %s\nFROM %s%s\n", row, final, prev, end)
	return b.String()
}

// float writes a range bound as a double literal.
func (g *gen) float(x float64) string {
	return fmt.Sprintf("CAST(%s AS %s)", strconv.FormatFloat(x, 'g', -1, 64), g.d.doubleType())
}

func (g *gen) scoreExpr(cm, nm []string) string {
	if g.p.Schema == 1 {
		// Version-1 weights scaled to points are fractions: sum them in millionths, then
		// round half up (all points are positive and there is no base).
		pts := g.p.Points()
		sum := "0"
		for i, m := range cm {
			micro := int64(pts[i]*1e6 + 0.5)
			if micro != 0 {
				sum += fmt.Sprintf(" + CASE WHEN %s THEN %d ELSE 0 END", m, micro)
			}
		}
		return fmt.Sprintf("CAST(LEAST(100, GREATEST(0, FLOOR((%s + 500000) / 1000000))) AS INTEGER)", sum)
	}
	sum := strconv.Itoa(g.p.Scoring.Base)
	for i, c := range g.p.Criteria {
		if c.Points != 0 {
			sum += fmt.Sprintf(" + CASE WHEN %s THEN %d ELSE 0 END", cm[i], c.Points)
		}
	}
	for i, c := range g.p.NegativeTraits {
		if c.Points != 0 {
			sum += fmt.Sprintf(" + CASE WHEN %s THEN %d ELSE 0 END", nm[i], c.Points)
		}
	}
	return fmt.Sprintf("LEAST(100, GREATEST(0, %s))", sum)
}

// tierExpr is Scoring.Tier.
func (g *gen) tierExpr(score, sweet, disq string) string {
	d := g.d
	tiers := g.p.Scoring.Tiers
	if len(tiers) == 0 {
		return fmt.Sprintf("CASE WHEN %s THEN %s ELSE '' END", disq, d.Str(profile.Disqualified))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "CASE\n    WHEN %s THEN %s", disq, d.Str(profile.Disqualified))
	for _, t := range tiers {
		cond := fmt.Sprintf("%s >= %s", score, strconv.FormatFloat(t.Min, 'g', -1, 64))
		if t.Segment {
			cond = sweet + " AND " + cond
		}
		fmt.Fprintf(&b, "\n    WHEN %s THEN %s", cond, d.Str(t.Name))
	}
	fmt.Fprintf(&b, "\n    ELSE %s\n  END", d.Str(tiers[len(tiers)-1].Name))
	return b.String()
}

// reasonsExpr is scoring.Reasons: groups "matched: ", "missed: ", "blank: ",
// "lowered by: ", "disqualified by: " joined by "; ", items by " & ". Each group is a
// helper column of its items, each written with its " & " in front; the groups are
// joined with their "; " in front, and the leading separators are cut with SUBSTR.
func (g *gen) reasonsExpr(cm, cp, nm, dm []string) string {
	d := g.d
	type item struct{ cond, text string }
	var groups [5][]item
	for i, c := range g.p.Criteria {
		s := g.p.Describe(c.Condition)
		groups[0] = append(groups[0], item{cm[i], s})
		groups[1] = append(groups[1], item{fmt.Sprintf("NOT %s AND %s", cm[i], cp[i]), s})
		groups[2] = append(groups[2], item{fmt.Sprintf("NOT %s AND NOT %s", cm[i], cp[i]), s})
	}
	for i, c := range g.p.NegativeTraits {
		groups[3] = append(groups[3], item{nm[i], g.p.Describe(c.Condition)})
	}
	for i, c := range g.p.Disqualifiers {
		groups[4] = append(groups[4], item{dm[i], g.p.Describe(c.Condition)})
	}
	labels := [5]string{"matched: ", "missed: ", "blank: ", "lowered by: ", "disqualified by: "}
	var parts []string
	for gi, items := range groups {
		if len(items) == 0 {
			continue
		}
		var its []string
		for _, it := range items {
			its = append(its, fmt.Sprintf("CASE WHEN %s THEN %s ELSE '' END", it.cond, d.Str(" & "+it.text)))
		}
		body := g.add(stScore, fmt.Sprintf("reasons%d", gi), strings.Join(its, "\n      || "))
		parts = append(parts, fmt.Sprintf("CASE WHEN %s <> '' THEN %s || %s ELSE '' END",
			body, d.Str("; "+labels[gi]), d.Substr(body, 4)))
	}
	if len(parts) == 0 {
		return "''"
	}
	return d.Substr("(\n    "+strings.Join(parts, "\n    || ")+"\n  )", 3)
}
