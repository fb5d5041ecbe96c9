package sqlgen

import (
	"fmt"
	"strings"
)

// The number grammar of dataset.ParseNumber, as regular expressions in the shared
// subset (see Dialect.Regex). ParseNumber reads, from the outside in: accounting
// parentheses; a sign; a currency prefix (symbol, ISO code, "US$"-style, "kr"); a
// second sign when there was none; a currency suffix when there was no prefix; '%' or
// a scale suffix (k, m, mm, mn, b, bn); then the body, whose separators decide between
// thousands grouping and a decimal comma.
var (
	currencyCodes = []string{"USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK",
		"DKK", "PLN", "CZK", "HUF", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "AED", "ILS",
		"TRY", "RUB", "RMB"}
	currencySymbols = []string{"[$]", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪"} // and "kr"
)

// anyCase writes an ASCII word as a case-insensitive pattern: usd → [uU][sS][dD].
func anyCase(w string) string {
	var b strings.Builder
	for _, r := range w {
		b.WriteString("[" + strings.ToLower(string(r)) + strings.ToUpper(string(r)) + "]")
	}
	return b.String()
}

var (
	reSyms  = "(" + strings.Join(currencySymbols, "|") + ")"
	reCodes = func() string {
		c := make([]string, len(currencyCodes))
		for i, w := range currencyCodes {
			c[i] = anyCase(w)
		}
		return "(" + strings.Join(c, "|") + ")"
	}()
	reCurPre   = "(" + reSyms + "|" + reCodes + "|[A-Za-z][A-Za-z]?[$]|kr)"
	reCurAny   = "(" + reSyms + "|" + reCodes + "|kr)"
	reScale    = "([mM][mMnN]|[bB][nN]|[kKmMbB])"
	reSign     = "[-+\u2212]" + wsN + "*"
	reCur      = reCurPre + wsN + "*"
	reBody     = "[0-9.,]([0-9.," + numSpace + "]*[0-9.])?([eE][-+]?[0-9]+[.]?)?"
	reTailNone = "(" + wsN + "*([%]|" + reScale + "))?"
	// A code or "kr" after a scale letter needs a space between (ParseNumber takes a
	// currency suffix only after a non-letter).
	reTailCur = "(" + wsN + "*[%]" + wsN + "*" + reCurAny + "?" +
		"|" + wsN + "*" + reScale + "(" + wsN + "*" + reSyms + "|" + wsN + "+(" + reCodes + "|kr))?" +
		"|" + wsN + "*" + reCurAny + "?)"
	reFull = "^((" + reSign + ")?(" + reCur + reBody + reTailNone + "|" + reBody + reTailCur + ")|" +
		reCur + reSign + reBody + reTailNone + ")$"
	reFullParen = "^(" + reCur + reBody + reTailNone + "|" + reBody + reTailCur + ")$"
	reNeg       = "^(" + reCur + ")?[-\u2212]"
	reAfterBody = "[0-9.]" + wsN + "*"
	reScaleEnd  = wsN + "*" + reCurAny + "?$"

	reExp = "([eE][-+]?0*[0-9]{1,2})?"
	// rePlainNumber is the whole cell as strconv.ParseFloat reads it (ParseNumber's
	// fast path, which also takes "1.E3").
	rePlainNumber = "^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)" + reExp + "$"
	rePlain       = "^([0-9]+([.][0-9]+)?|[.][0-9]+)" + reExp + "$"
	reZeroDec     = "^0,[0-9]{3}$"
	reComma       = "^[0-9]{1,3}(,[0-9]{2,3})*,[0-9]{3}([.][0-9]+)?$"
	reDecComma    = "^[0-9]*,[0-9]+" + reExp + "$"
	reGrouped1    = "^([1-9][0-9]{0,2}|0[0-9]{1,2}),[0-9]{3}([eE]|$)"
	reDot         = "^[0-9]{1,3}([.][0-9]{2,3})*[.][0-9]{3}(,[0-9]+)?$"
	reDots        = "^[0-9]{1,3}([.][0-9]{2,3})+[.][0-9]{3}$"
	reSpaced      = "^[0-9]{1,3}([" + numSpace + "][0-9]{2,3})*[" + numSpace + "][0-9]{3}([.,][0-9]+)?$"
)

// maxNumberLen bounds the digits read as a number: longer ones could overflow a cast.
const maxNumberLen = 200

// number adds the helper columns that read attribute a's raw text as a number
// (dataset.ParseNumber) and returns the name of the last: a double, NULL when the cell
// is not a number.
func (g *gen) number(a int, raw string) string {
	d := g.d
	trimN := func(x string) string { return d.Replace(x, "^"+wsN+"+|"+wsN+"+$", "") }
	col := func(st int, name, expr string) string { return g.add(st, fmt.Sprintf("a%d_%s", a, name), expr) }

	u := col(stForms, "num_text", trimN(raw))
	parenCond := fmt.Sprintf("%s >= 2 AND %s AND %s", d.Length(u), d.Regex(u, "^[(]"), d.Regex(u, "[)]$"))
	paren := col(stNum2, "paren", parenCond)
	v := col(stNum2, "num_inner", fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END",
		parenCond, trimN(fmt.Sprintf("SUBSTR(%s, 2, %s - 2)", u, d.Length(u))), u))

	ok := col(stNum3, "num_ok", fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END",
		paren, d.Regex(v, reFullParen), d.Regex(v, reFull)))
	neg := col(stNum3, "num_neg", fmt.Sprintf("%s OR %s", paren, d.Regex(v, reNeg)))
	scale := col(stNum3, "num_scale", fmt.Sprintf("CASE WHEN %s THEN 'e9' WHEN %s THEN 'e6' WHEN %s THEN 'e3' ELSE '' END",
		d.Regex(v, reAfterBody+"[bB][nN]?"+reScaleEnd),
		d.Regex(v, reAfterBody+"[mM][mMnN]?"+reScaleEnd),
		d.Regex(v, reAfterBody+"[kK]"+reScaleEnd)))
	body := col(stNum3, "num_body", d.Replace(d.Replace(v, "^[^0-9.,]+", ""), "[^0-9.,]+$", ""))

	// "5." reads as 5.
	b := col(stNum4, "num_b", fmt.Sprintf("CASE WHEN %s THEN SUBSTR(%s, 1, %s - 1) ELSE %s END",
		d.Regex(body, "^[^.]*[0-9][.]$"), body, d.Length(body), body))

	n := col(stNum5, "num_plain", fmt.Sprintf(`CASE
      WHEN %s > %d THEN NULL
      WHEN %s THEN %s
      WHEN %s THEN REPLACE(%s, ',', '.')
      WHEN %s THEN REPLACE(%s, ',', '')
      WHEN %s AND NOT %s THEN REPLACE(%s, ',', '.')
      WHEN %s OR %s THEN REPLACE(REPLACE(%s, '.', ''), ',', '.')
      WHEN %s THEN REPLACE(%s, ',', '.')
    END`,
		d.Length(b), maxNumberLen,
		d.Regex(b, rePlain), b,
		d.Regex(b, reZeroDec), b,
		d.Regex(b, reComma), b,
		d.Regex(b, reDecComma), d.Regex(b, reGrouped1), b,
		d.Regex(b, reDot), d.Regex(b, reDots), b,
		d.Regex(b, reSpaced), d.Replace(b, "["+numSpace+"]", "")))

	return col(stNum6, "number", fmt.Sprintf(
		"CASE WHEN %s AND %s <= %d THEN %s WHEN %s AND %s IS NOT NULL AND NOT (%s <> '' AND %s) THEN %s END",
		d.Regex(raw, rePlainNumber), d.Length(raw), maxNumberLen, d.ToDouble(raw),
		ok, n, scale, d.Regex(n, "[eE]"),
		d.ToDouble(fmt.Sprintf("CASE WHEN %s THEN '-' ELSE '' END || %s || %s", neg, n, scale))))
}
