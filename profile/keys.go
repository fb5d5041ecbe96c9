package profile

import (
	"strings"
	"unicode/utf8"
)

// The normal forms in which a profile's names and values match data: the loader
// (dataset) keys headers and folds categories with these, and conditions are written
// in them.

// AttributeKey is the normal form in which a profile's attribute names match column
// headers: lower case, letters and digits only.
// "Annual Revenue", "annual_revenue" and "AnnualRevenue" share the key "annualrevenue".
func AttributeKey(h string) string {
	b := make([]byte, 0, len(h))
	for _, r := range h {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b = append(b, byte(r))
		case r >= 'A' && r <= 'Z':
			b = append(b, byte(r-'A'+'a'))
		}
	}
	return string(b)
}

// FoldValue returns the normal form of a categorical value, in which conditions name
// their values and data values are matched against them: trimmed, inner runs of
// white space collapsed to one space, lower-cased (Unicode-aware for non-ASCII text).
// "SaaS " and "saas" both fold to "saas". Empty input folds to "". It does not treat
// missing tokens specially: FoldValue("N/A") is "n/a".
func FoldValue(s string) string {
	if isFolded(s) {
		return s
	}
	return string(AppendFold(nil, s))
}

// isFolded reports whether an ASCII string is already its own fold.
func isFolded(s string) bool {
	prevSpace := true // leading space is not folded
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case isSpace(c):
			return false
		default:
			prevSpace = false
		}
	}
	return len(s) == 0 || !prevSpace
}

// AppendFold appends the fold of s (see FoldValue) to dst.
func AppendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.Join(strings.Fields(strings.ToLower(s)), " ")...)
		}
	}
	start := len(dst)
	space := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isSpace(c) {
			space = true
			continue
		}
		if space && len(dst) > start {
			dst = append(dst, ' ')
		}
		space = false
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// isSpace reports whether c is ASCII white space.
func isSpace(c byte) bool {
	return c == ' ' || '\t' <= c && c <= '\r'
}
