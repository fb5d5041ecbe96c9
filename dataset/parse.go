package dataset

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/icp-dev/icp/profile"
)

// IsMissing reports whether a cell holds no value. The cell is trimmed and compared
// ignoring case with the missing-value tokens "", "-", "--", "n/a", "null", "none",
// "nan", "#n/a", "(blank)", "?", "nil" and "undefined".
//
// "NA" is deliberately not a missing token: in customer data it is usually the region
// North America.
func IsMissing(s string) bool {
	s = trim(s)
	if len(s) == 0 {
		return true
	}
	if len(s) > len("undefined") {
		return false
	}
	switch s[0] { // first bytes of the missing tokens
	case '-', '#', '(', '?', 'n', 'N', 'u', 'U':
	default:
		return false
	}
	var buf [16]byte
	b := lowerASCII(buf[:0], s)
	switch string(b) {
	case "-", "--", "n/a", "null", "none", "nan", "#n/a", "(blank)", "?", "nil", "undefined":
		return true
	}
	return false
}

// lowerASCII appends s to dst with ASCII letters lower-cased.
func lowerASCII(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// ParseBool reads a yes/no cell. The cell is trimmed and compared ignoring case; inner
// spaces, '-' and '_' are equivalent ("Closed-Won" reads like "closed won").
//
// True: "yes", "y", "true", "t", "1", "1.0", "won", "closed won", "churned", and the
// yes of localised exports: "ja", "oui", "si", "sí", "sì", "sim".
// False: "no", "n", "false", "f", "0", "0.0", "lost", "closed lost", "active", and
// "nein", "nee", "nej", "non", "não", "nao".
// ("churned"/"active" read as true/false so that a churn status column means
// "has churned".) Only ASCII letters are folded to lower case ("SÍ" is not read), as
// the generated SQL does (profile/sqlgen, which takes the words from BoolWords). The
// second result is false for any other input, including empty and missing cells; the
// first is then false too.
func ParseBool(s string) (value, ok bool) {
	s = trim(s)
	if len(s) == 0 || len(s) > 16 || s[0] == '-' || s[0] == '_' || s[len(s)-1] == '-' || s[len(s)-1] == '_' {
		return false, false
	}
	var buf [16]byte
	b := buf[:0]
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == ' ' || c == '-' || c == '_' || c == '\t':
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = append(b, c)
	}
	switch string(b) {
	case "yes", "y", "true", "t", "1", "1.0", "won", "closed won", "churned", "ja", "oui", "si", "sí", "sì", "sim":
		return true, true
	case "no", "n", "false", "f", "0", "0.0", "lost", "closed lost", "active", "nein", "nee", "nej", "non", "não", "nao":
		return false, true
	}
	return false, false
}

// BoolWords returns the spellings ParseBool reads as true and as false, in its
// normal form (ASCII letters in lower case, one space between words), for readers
// that must agree with it (the generated SQL). TestBoolWords checks the two agree.
func BoolWords() (yes, no []string) {
	return slices.Clone(boolYes), slices.Clone(boolNo)
}

// boolYes and boolNo are the words of BoolWords (never modified); boolMeaningful are
// those among them with a meaning of their own, not plain yes/no spellings.
var (
	boolYes        = []string{"yes", "y", "true", "t", "1", "1.0", "won", "closed won", "churned", "ja", "oui", "si", "sí", "sì", "sim"}
	boolNo         = []string{"no", "n", "false", "f", "0", "0.0", "lost", "closed lost", "active", "nein", "nee", "nej", "non", "não", "nao"}
	boolMeaningful = []string{"won", "closed won", "churned", "lost", "closed lost", "active"}
)

// ParseNumber reads a number as people write it in spreadsheets and CRM exports. It
// returns false, with 0, for empty input and anything it cannot read unambiguously
// (such as "12abc" or "1.2.3,4,5"); it never returns NaN or an infinity.
//
// Accepted, with optional surrounding spaces:
//   - plain and scientific notation: "1200", "-3.5", "+2", "1e6";
//   - thousands separators: comma, dot, space, apostrophe (and no-break spaces): "1,200",
//     "1 200", "1.200.000", "1'200.50";
//   - decimal comma: "1.200,50" and "1,5";
//   - currency symbols or ISO codes before or after: "$1200", "€5", "USD 1200",
//     "1200 EUR", "US$3";
//   - scale suffixes k (thousand), m/mm/mn (million), b/bn (billion), any case:
//     "$1.2M" = 1200000, "€5k" = 5000, "£3.4bn" = 3.4e9;
//   - percent: "12%" = 12 (the number as written, not 0.12);
//   - negatives with a sign or accounting parentheses: "(1,200)" = -1200.
//
// A single separator is decided as follows: one comma followed by exactly three digits
// is a thousands separator ("1,200" = 1200) unless the part before it is "0"
// ("0,500" = 0.5); any other single comma is a decimal comma ("1,5" = 1.5). A single dot
// is always a decimal point ("1.200" = 1.2); several dots are thousands separators
// ("1.200.000" = 1200000). With both, the last one is the decimal separator.
func ParseNumber(s string) (float64, bool) {
	if v, ok := parseSimple(s); ok {
		return v, true
	}
	if len(s) > 0 && PlainDecimal(s) {
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v, true
		}
	}
	return parseNumberSlow(s)
}

// pow10 holds the powers of ten that are exact in float64.
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseSimple reads the common cases exactly: an optional '-', an optional '$', up to
// 15 digits with comma thousands separators in groups of three ("1,234,567"), at most
// one '.', and an optional trailing '%'. (An exact integer divided by an exact power of
// ten is correctly rounded.) It returns false for anything else, leaving it to the
// general parser, which gives the same result for what both read.
func parseSimple(s string) (float64, bool) {
	if len(s) > 1 && s[len(s)-1] == '%' {
		s = s[:len(s)-1]
	}
	i := 0
	neg := false
	if len(s) > 0 && s[0] == '-' {
		neg = true
		i = 1
	}
	if i < len(s) && s[i] == '$' {
		i++
	}
	if len(s)-i > 24 || len(s) == i {
		return 0, false
	}
	var mant uint64
	digits, frac, group, first := 0, 0, 0, 0 // group: digits since the last comma; first: -1 after a comma
	dot := false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0')
			digits++
			group++
			if dot {
				frac++
			}
		case c == ',' && !dot:
			// The first group has 1-3 digits and is not a lone "0"; later ones have 3.
			if first == 0 {
				if group < 1 || group > 3 || group == 1 && mant == 0 {
					return 0, false
				}
				first = -1
			} else if group != 3 {
				return 0, false
			}
			group = 0
		case c == '.' && !dot:
			if first != 0 && group != 3 {
				return 0, false
			}
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 || digits > 15 || first != 0 && !dot && group != 3 || frac > 0 && mant > 1<<53 {
		return 0, false
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}

// PlainDecimal reports whether s is a plain decimal number as strconv.ParseFloat reads
// it: an optional sign, digits (at least one) with at most one '.', and an optional
// exponent, with nothing else: no spaces, no "inf" or "nan", no hex or underscores.
// (ParseNumber tries ParseFloat only on these, saving its error allocation on
// non-numbers; a CSV writer leaves them alone where it defuses formulas.)
func PlainDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	digits := 0
	for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
		digits++
	}
	if i < len(s) && s[i] == '.' {
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '-' || s[i] == '+') {
			i++
		}
		exp := 0
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// currencyCodes are ISO 4217 codes accepted before or after a number (upper case).
var currencyCodes = [...]string{
	"USD", "EUR", "GBP", "JPY", "CNY", "INR", "CAD", "AUD", "NZD", "CHF", "SEK", "NOK",
	"DKK", "PLN", "CZK", "HUF", "BRL", "MXN", "ZAR", "SGD", "HKD", "KRW", "AED", "ILS",
	"TRY", "RUB", "RMB",
}

// currencySymbols are the symbols accepted before or after a number.
var currencySymbols = [...]string{"$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "kr"}

// currencyOf returns the currency a number is written in ("$1,200" → "USD", "1.200 €"
// → "EUR", "kr 500" → "KR"), or "" when none is written. "$", "US$" and "USD" are one
// currency, as are "€" and "EUR", "£" and "GBP"; other marks are given as written, in
// upper case.
func currencyOf(s string) string {
	s = trimSpace(s)
	if s != "" && s[0] == '(' {
		s = trimSpace(s[1:])
	}
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = trimSpace(s[1:])
	}
	mark := ""
	if rest, ok := trimCurrencyPrefix(s); ok {
		mark = strings.TrimSpace(s[:len(s)-len(rest)])
	} else if t := strings.TrimRight(s, ")"); t != "" {
		if rest, ok := trimCurrencySuffix(t); ok {
			mark = strings.TrimSpace(t[len(rest):])
		}
	}
	switch m := strings.ToUpper(mark); m {
	case "":
		return ""
	case "$", "US$", "USD":
		return "USD"
	case "€", "EUR":
		return "EUR"
	case "£", "GBP":
		return "GBP"
	default:
		return m
	}
}

// isSpaceByte reports whether c is ASCII white space.
func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// needsTrim reports whether s may have white space at either end: it is false for the
// common case of printable ASCII at both ends (byte arithmetic wraps below '!').
func needsTrim(s string) bool {
	n := len(s)
	return n > 0 && (s[0]-'!' >= 0x5f || s[n-1]-'!' >= 0x5f)
}

// trim is strings.TrimSpace, faster for values that need no trimming.
func trim(s string) string {
	if needsTrim(s) {
		return strings.TrimSpace(s)
	}
	return s
}

// trimSpace trims ASCII whitespace and no-break spaces.
func trimSpace(s string) string {
	if len(s) > 0 && s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf {
		return s
	}
	for len(s) > 0 {
		if isSpaceByte(s[0]) {
			s = s[1:]
		} else if n := nbspLen(s); n > 0 {
			s = s[n:]
		} else {
			break
		}
	}
	for len(s) > 0 {
		if isSpaceByte(s[len(s)-1]) {
			s = s[:len(s)-1]
		} else if n := nbspSuffixLen(s); n > 0 {
			s = s[:len(s)-n]
		} else {
			break
		}
	}
	return s
}

// nbspLen returns the length of a no-break, narrow no-break or thin space at the start
// of s, or 0.
func nbspLen(s string) int {
	if strings.HasPrefix(s, "\u00a0") {
		return 2
	}
	if strings.HasPrefix(s, "\u202f") || strings.HasPrefix(s, "\u2009") {
		return 3
	}
	return 0
}

// nbspSuffixLen is nbspLen for the end of s.
func nbspSuffixLen(s string) int {
	if strings.HasSuffix(s, "\u00a0") {
		return 2
	}
	if strings.HasSuffix(s, "\u202f") || strings.HasSuffix(s, "\u2009") {
		return 3
	}
	return 0
}

// hasPrefixFold reports whether s starts with the upper-case ASCII prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// trimCurrencyPrefix removes a leading currency symbol or code.
func trimCurrencyPrefix(s string) (string, bool) {
	if len(s) == 0 || s[0] >= '0' && s[0] <= '9' || s[0] == '.' {
		return s, false
	}
	if !isLetter(s[0]) {
		for _, sym := range currencySymbols {
			if strings.HasPrefix(s, sym) {
				return trimSpace(s[len(sym):]), true
			}
		}
		return s, false
	}
	for _, code := range currencyCodes {
		if hasPrefixFold(s, code) && (len(s) == 3 || !isLetter(s[3])) {
			return trimSpace(s[3:]), true
		}
	}
	// "US$", "C$", "NZ$", "R$"
	for n := 1; n <= 2 && n < len(s); n++ {
		if s[n] == '$' && isLetter(s[0]) && (n == 1 || isLetter(s[1])) {
			return trimSpace(s[n+1:]), true
		}
	}
	for _, sym := range currencySymbols {
		if strings.HasPrefix(s, sym) {
			return trimSpace(s[len(sym):]), true
		}
	}
	return s, false
}

// trimCurrencySuffix removes a trailing currency symbol or code.
func trimCurrencySuffix(s string) (string, bool) {
	if len(s) == 0 || s[len(s)-1] >= '0' && s[len(s)-1] <= '9' || s[len(s)-1] == '%' {
		return s, false
	}
	if n := len(s); n > 3 && !isLetter(s[n-4]) {
		for _, code := range currencyCodes {
			if hasPrefixFold(s[n-3:], code) {
				return trimSpace(s[:n-3]), true
			}
		}
	}
	for _, sym := range currencySymbols {
		if strings.HasSuffix(s, sym) && len(s) > len(sym) && !(sym == "kr" && isLetter(s[len(s)-3])) {
			return trimSpace(s[:len(s)-len(sym)]), true
		}
	}
	return s, false
}

// takeSign removes a leading sign; it returns the rest, whether the sign was minus
// and whether there was a sign.
func takeSign(s string) (string, bool, bool) {
	if len(s) == 0 {
		return s, false, false
	}
	switch s[0] {
	case '-':
		return trimSpace(s[1:]), true, true
	case '+':
		return trimSpace(s[1:]), false, true
	}
	if strings.HasPrefix(s, "\u2212") { // minus sign
		return trimSpace(s[3:]), true, true
	}
	return s, false, false
}

// scaleSuffix removes a k/m/mm/mn/b/bn suffix and returns its power of ten.
func scaleSuffix(s string) (string, int) {
	n := len(s)
	if n >= 3 && isLetter(s[n-1]) && isLetter(s[n-2]) && !isLetter(s[n-3]) {
		switch strings.ToLower(s[n-2:]) {
		case "mm", "mn":
			return trimSpace(s[:n-2]), 6
		case "bn":
			return trimSpace(s[:n-2]), 9
		}
		return s, 0
	}
	if n >= 2 && isLetter(s[n-1]) && !isLetter(s[n-2]) {
		switch s[n-1] {
		case 'k', 'K':
			return trimSpace(s[:n-1]), 3
		case 'm', 'M':
			return trimSpace(s[:n-1]), 6
		case 'b', 'B':
			return trimSpace(s[:n-1]), 9
		}
	}
	return s, 0
}

// parseNumberDecimalComma is ParseNumber for a column whose numbers use a decimal
// comma: a single comma is always decimal ("1,200" = 1.2) and a single dot followed by
// exactly three digits is a thousands separator ("1.200" = 1200).
func parseNumberDecimalComma(s string) (float64, bool) {
	if strings.IndexByte(s, '.') < 0 && strings.IndexByte(s, ',') < 0 {
		return ParseNumber(s)
	}
	return parseNumber(s, true)
}

// decimalEvidence says what a number as written shows about its decimal separator:
// ',' for a decimal comma ("1.200,50", "1,5", "1.200.000"), '.' for a decimal point
// ("1,200.50", "1.5", "1,200,000"), 0 when it shows neither ("1,200", "1.200", "12").
func decimalEvidence(s string) byte {
	nDot, nComma, lastDot, lastComma := 0, 0, -1, -1
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.':
			nDot++
			lastDot = i
		case ',':
			nComma++
			lastComma = i
		}
	}
	digitsAfter := func(i int) int {
		n := 0
		for i++; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			n++
		}
		return n
	}
	switch {
	case nDot > 0 && nComma > 0:
		if lastComma > lastDot {
			return ','
		}
		return '.'
	case nDot > 1:
		return ','
	case nComma > 1:
		return '.'
	case nComma == 1 && digitsAfter(lastComma) != 3:
		return ','
	case nDot == 1 && digitsAfter(lastDot) != 3:
		return '.'
	}
	return 0
}

// parseNumberSlow is ParseNumber for everything but plain numbers.
func parseNumberSlow(s string) (float64, bool) {
	return parseNumber(s, false)
}

// parseNumber is the general number reader; decimalComma selects the decimal-comma
// reading of a single separator (see parseNumberDecimalComma).
func parseNumber(s string, decimalComma bool) (float64, bool) {
	s = trimSpace(s)
	if s == "" {
		return 0, false
	}
	neg := false
	if s[0] == '(' && s[len(s)-1] == ')' {
		neg = true
		s = trimSpace(s[1 : len(s)-1])
	}
	var sign, signed, cur bool
	s, sign, signed = takeSign(s)
	s, cur = trimCurrencyPrefix(s)
	if !signed {
		s, sign, signed = takeSign(s)
	}
	if signed && neg {
		return 0, false // "(-5)"
	}
	neg = neg || sign
	if !cur {
		s, _ = trimCurrencySuffix(s)
	}
	pct := false
	if strings.HasSuffix(s, "%") {
		pct = true
		s = trimSpace(s[:len(s)-1])
	}
	scale := 0
	if !pct {
		s, scale = scaleSuffix(s)
	}
	if n := len(s); n >= 2 && s[n-1] == '.' && s[n-2] >= '0' && s[n-2] <= '9' && strings.IndexByte(s[:n-1], '.') < 0 {
		s = s[:n-1] // "5." is 5, as strconv reads it
	}
	if s == "" {
		return 0, false
	}

	// Scan the body into digit groups separated by '.', ',' or a grouping space (' ').
	var groupsBuf [24]int32 // start offsets of digit groups in digits
	var sepsBuf [24]byte
	var digitsBuf [48]byte
	groups := groupsBuf[:0]
	seps := sepsBuf[:0]
	digits := digitsBuf[:0]
	exp := ""
	inGroup := false
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if !inGroup {
				groups = append(groups, int32(len(digits)))
				inGroup = true
			}
			digits = append(digits, c)
			i++
			continue
		case c == '.' || c == ',':
		case c == ' ' || c == '\'':
			c = ' '
		case c == 'e' || c == 'E':
			exp = s[i+1:]
			if !inGroup || len(exp) == 0 {
				return 0, false
			}
			i = len(s)
			continue
		default:
			n := nbspLen(s[i:])
			if n == 0 {
				return 0, false
			}
			i += n - 1
			c = ' '
		}
		// c is a separator
		if !inGroup && !(len(seps) == 0 && len(groups) == 0 && (c == '.' || c == ',')) {
			return 0, false // two separators in a row, or a leading grouping separator
		}
		if len(seps) == len(groups) { // leading ".5": mark an empty first group
			groups = append(groups, int32(len(digits)))
		}
		seps = append(seps, c)
		inGroup = false
		i++
	}
	if !inGroup {
		return 0, false // ends with a separator, or no digits
	}
	// groupLen returns the number of digits in group g.
	groupLen := func(g int) int {
		end := len(digits)
		if g+1 < len(groups) {
			end = int(groups[g+1])
		}
		return end - int(groups[g])
	}

	// Decide the decimal separator: dec is the index in seps of the decimal separator,
	// or -1; group is the grouping character (0 when none).
	nDot, nComma, nSpace := 0, 0, 0
	for _, c := range seps {
		switch c {
		case '.':
			nDot++
		case ',':
			nComma++
		default:
			nSpace++
		}
	}
	dec := -1
	var group byte
	last := len(seps) - 1
	switch {
	case len(seps) == 0:
	case nDot > 0 && nComma > 0:
		if nSpace > 0 {
			return 0, false
		}
		d := seps[last]
		if (d == '.' && nDot != 1) || (d == ',' && nComma != 1) {
			return 0, false
		}
		dec = last
		group = ','
		if d == ',' {
			group = '.'
		}
	case nDot > 0:
		if nDot == 1 {
			if seps[last] != '.' {
				return 0, false
			}
			if decimalComma && nSpace == 0 && groupLen(last+1) == 3 && groupLen(last) >= 1 && groupLen(last) <= 3 &&
				!(groupLen(last) == 1 && digits[groups[last]] == '0') {
				group = '.' // "1.200" in a decimal-comma column
				break
			}
			dec = last
			if nSpace > 0 {
				group = ' '
			}
		} else {
			if nSpace > 0 {
				return 0, false
			}
			group = '.'
		}
	case nComma > 0:
		if nComma == 1 {
			if seps[last] != ',' {
				return 0, false
			}
			if nSpace > 0 {
				dec = last
				group = ' '
			} else if decimalComma {
				dec = last
			} else if groupLen(last+1) == 3 && groupLen(last) >= 1 && groupLen(last) <= 3 &&
				!(groupLen(last) == 1 && digits[groups[last]] == '0') {
				group = ','
			} else {
				dec = last
			}
		} else {
			group = ','
		}
	default:
		group = ' '
	}
	if exp != "" && (group != 0 || scale != 0) {
		return 0, false
	}
	// Validate grouping: integer part groups are 0..intEnd; first 1-3 digits, middle 2-3
	// (Indian lakh grouping), last exactly 3.
	intGroups := len(groups)
	if dec >= 0 {
		intGroups = dec + 1
	}
	if group != 0 {
		if intGroups < 2 {
			return 0, false
		}
		for g := 0; g < intGroups; g++ {
			n := groupLen(g)
			switch {
			case g == 0:
				if n < 1 || n > 3 {
					return 0, false
				}
			case g == intGroups-1:
				if n != 3 {
					return 0, false
				}
			default:
				if n != 2 && n != 3 {
					return 0, false
				}
			}
		}
	}

	// Rebuild a plain number for strconv.
	var outBuf [64]byte
	out := outBuf[:0]
	if neg {
		out = append(out, '-')
	}
	for g := 0; g < len(groups); g++ {
		if g == dec+1 && dec >= 0 {
			out = append(out, '.')
		}
		start := int(groups[g])
		out = append(out, digits[start:start+groupLen(g)]...)
	}
	if len(out) == 0 || (len(out) == 1 && neg) {
		return 0, false
	}
	if exp != "" {
		out = append(out, 'e')
		for i := 0; i < len(exp); i++ {
			c := exp[i]
			if !(c >= '0' && c <= '9' || (i == 0 && (c == '-' || c == '+'))) {
				return 0, false
			}
		}
		out = append(out, exp...)
	} else if scale != 0 {
		out = append(out, 'e')
		out = strconv.AppendInt(out, int64(scale), 10)
	}
	v, err := strconv.ParseFloat(string(out), 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// Date orders for ambiguous day/month forms, and what a value says about the order.
const (
	orderAuto   = iota // decide per value: see ParseDate
	orderMDY           // month first; as evidence: the second part is over 12
	orderDMY           // day first; as evidence: the first part is over 12
	evAmbiguous        // evidence only: year last, both parts could be the month
)

// ParseDate reads a calendar date and returns the number of days since 1970-01-01
// (a whole number; negative before 1970). A time of day after the date, separated by
// 'T' or a space, is ignored, as is any time zone. Empty or invalid input (including
// impossible dates such as 2023-02-29 and years outside 1000-9999) returns false.
//
// Accepted forms: year first "2024-01-31", "2024/01/31", "2024.01.31" (ISO order), and
// "31.01.2024", "31/01/2024", "1/31/2024", "01-31-2024" with a four-digit year last;
// and with an English month name, "Jan 15, 2023", "15 Jan 2023", "15-Jan-2023" (see
// parseNamedDate).
// When the year is last and the first part is over 12 the date is day-first; when the
// second part is over 12 it is month-first; when both could be a month the separator
// decides: '/' means US month/day/year, '.' and '-' mean day.month.year.
// Two-digit years are not accepted.
func ParseDate(s string) (days float64, ok bool) {
	d, _, ok := parseDate(s, orderAuto)
	return d, ok
}

// parseDate parses with the given order for year-last forms. evidence is orderDMY or
// orderMDY when the value itself fixes the order (a part over 12), evAmbiguous when it
// was read by the order or the separator's default, else orderAuto.
func parseDate(s string, order int) (days float64, evidence int, ok bool) {
	s = trimSpace(s)
	if len(s) < 8 {
		return 0, 0, false
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' { // fast path for 2024-01-31
		y := digits4(s[0:4])
		m := digits4(s[5:7])
		d := digits4(s[8:10])
		if y < 1000 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return 0, 0, false
		}
		return float64(daysFromCivil(y, m, d)), orderAuto, true
	}
	var parts [3]int
	var lens [3]int
	var sep byte
	n := 0
	i := 0
	for n < 3 {
		start := i
		v := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 5 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		if i == start {
			return namedDate(s) // "Jan 15, 2023", "15-Jan-2023"
		}
		parts[n], lens[n] = v, i-start
		n++
		if n == 3 {
			break
		}
		if i >= len(s) {
			return 0, 0, false
		}
		c := s[i]
		if c != '-' && c != '/' && c != '.' {
			return namedDate(s) // "15 Jan 2023"
		}
		if sep == 0 {
			sep = c
		} else if c != sep {
			return 0, 0, false
		}
		i++
	}
	if i < len(s) {
		// Optional time: 'T' or space, then a digit.
		c := s[i]
		if (c != 'T' && c != 't' && c != ' ') || i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9' {
			return 0, 0, false
		}
	}
	var y, m, d int
	switch {
	case lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2:
		y, m, d = parts[0], parts[1], parts[2]
	case lens[2] == 4 && lens[0] <= 2 && lens[1] <= 2:
		y = parts[2]
		a, b := parts[0], parts[1]
		dmy := sep != '/'
		switch {
		case a > 12 && b <= 12:
			evidence = orderDMY
			dmy = true
		case b > 12 && a <= 12:
			evidence = orderMDY
			dmy = false
		case a == b:
		case order == orderDMY:
			evidence = evAmbiguous
			dmy = true
		case order == orderMDY:
			evidence = evAmbiguous
			dmy = false
		default:
			evidence = evAmbiguous
		}
		if order == orderDMY && evidence == orderMDY || order == orderMDY && evidence == orderDMY {
			return 0, evidence, false // contradicts the column's order
		}
		if dmy {
			d, m = a, b
		} else {
			m, d = a, b
		}
	default:
		return 0, 0, false
	}
	if y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, false
	}
	return float64(daysFromCivil(y, m, d)), evidence, true
}

// namedDate is parseDate's reading of a date with a month name: tried only where the
// numeric forms fail, so that they cost nothing more.
func namedDate(s string) (float64, int, bool) {
	days, ok := parseNamedDate(s)
	return days, orderAuto, ok
}

// monthNames are the English month names; a date may give one in full or its first
// three letters ("Sept" too).
var monthNames = [12]string{"january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december"}

// parseNamedDate reads a date with an English month name, as spreadsheets and CRM
// exports write it: "Jan 15, 2023", "January 15 2023", "15 Jan 2023", "15-Jan-2023",
// "15 January, 2023", with a four-digit year; a time of day may follow after a space
// ("Jan 15, 2023 10:30 AM"). The month name is unambiguous, so no order is guessed.
func parseNamedDate(s string) (float64, bool) {
	var tok [3]string
	n, i := 0, 0
	for n < 3 && i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == ',' || s[i] == '-' || s[i] == '.' || s[i] == '/') {
			i++
		}
		start := i
		digit := i < len(s) && s[i] >= '0' && s[i] <= '9'
		for i < len(s) && (s[i] >= '0' && s[i] <= '9') == digit && s[i] != ' ' && s[i] != ',' && s[i] != '-' && s[i] != '.' && s[i] != '/' {
			i++
		}
		if i == start {
			return 0, false
		}
		tok[n] = s[start:i]
		n++
	}
	if n < 3 {
		return 0, false
	}
	// What follows the year: nothing, or a time after a space or 'T'.
	if i < len(s) && ((s[i] != ' ' && s[i] != 'T') || i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9') {
		return 0, false
	}
	month := func(w string) int {
		w = strings.ToLower(w)
		for k, name := range monthNames {
			if w == name || len(w) >= 3 && strings.HasPrefix(name, w) && (len(w) == 3 || w == "sept") {
				return k + 1
			}
		}
		return 0
	}
	var m, d, y int
	switch {
	case month(tok[0]) > 0: // Jan 15, 2023
		m, d, y = month(tok[0]), digits4(tok[1]), digits4(tok[2])
	case month(tok[1]) > 0: // 15 Jan 2023
		d, m, y = digits4(tok[0]), month(tok[1]), digits4(tok[2])
	default:
		return 0, false
	}
	if len(tok[2]) != 4 || y < 1000 || d < 1 || d > daysIn(y, m) || len(tok[0]) > 9 || len(tok[1]) > 9 {
		return 0, false
	}
	return float64(daysFromCivil(y, m, d)), true
}

// digits4 returns the value of up to four ASCII digits, or -1 if s has another byte.
func digits4(s string) int {
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return -1
		}
		v = v*10 + int(c-'0')
	}
	return v
}

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns days since 1970-01-01 of a proleptic Gregorian date (y > 0).
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// FoldCategory returns the matching key of a categorical value: profile.FoldValue, the
// normal form in which a profile's conditions name values. "SaaS " and "saas" both fold
// to "saas". It does not treat missing tokens specially: FoldCategory("N/A") is "n/a".
func FoldCategory(s string) string { return profile.FoldValue(s) }

// listBody returns a multi-value cell without the brackets of a JSON or Python list
// ("[\"AWS\", \"Slack\"]", "['AWS', 'Slack']"), trimmed, and whether its items are
// separated by commas: a cell holding ';' or '|' is split on those only (an item may
// then hold a comma, "Google, Inc."), any other cell on ','.
func listBody(s string) (body string, comma bool) {
	body = trim(s)
	if n := len(body); n >= 2 && body[0] == '[' && body[n-1] == ']' {
		body = body[1 : n-1]
	}
	return body, strings.IndexByte(body, ';') < 0 && strings.IndexByte(body, '|') < 0
}

// nextItem returns the next item of a multi-value cell body (see listBody) starting at
// byte i, trimmed of blanks and of one pair of quotes ("AWS", 'AWS'), and the position
// after it; next is len(s)+1 when s is exhausted.
func nextItem(s string, i int, comma bool) (item string, next int) {
	j := i
	if comma {
		for j < len(s) && s[j] != ',' {
			j++
		}
	} else {
		for j < len(s) && s[j] != ';' && s[j] != '|' {
			j++
		}
	}
	item = s[i:j]
	if needsTrim(item) {
		item = strings.TrimSpace(item)
	}
	if n := len(item); n >= 2 && (item[0] == '"' || item[0] == '\'') && item[n-1] == item[0] {
		item = strings.TrimSpace(item[1 : n-1])
	}
	return item, j + 1
}

// SplitMulti splits a multi-value cell on every ';' and '|' ("Salesforce; Slack |
// HubSpot"), or, when it holds neither, on every ',' ("Salesforce, Slack"); the brackets
// of a JSON or Python list and the quotes around its items are dropped ("[\"AWS\",
// \"Slack\"]", "['AWS', 'Slack']"). It folds each item with FoldCategory, drops empty
// items and items that are missing tokens (see IsMissing), and removes duplicates
// keeping the first occurrence. It returns nil when no item remains (empty or missing
// input).
func SplitMulti(s string) []string {
	var out []string
	s, comma := listBody(s)
	for i := 0; i <= len(s); {
		var item string
		item, i = nextItem(s, i, comma)
		if IsMissing(item) {
			continue
		}
		f := FoldCategory(item)
		dup := false
		for _, o := range out {
			if o == f {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, f)
		}
	}
	return out
}
