package scoring

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/icp-dev/icp/dataset"
)

// safePrefix reports whether SafeCell prefixes s with a quote.
func safePrefix(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return !dataset.PlainDecimal(s)
	}
	return false
}

// appendCell appends s as encoding/csv's Writer writes it with delimiter comma and
// UseCRLF crlf (quoted when needed), first passed through SafeCell when safe is set.
func appendCell(dst []byte, s string, comma byte, crlf, safe bool) []byte {
	prefix := safe && safePrefix(s)
	if !cellNeedsQuotes(s, comma, prefix) {
		if prefix {
			dst = append(dst, '\'')
		}
		return append(dst, s...)
	}
	dst = append(dst, '"')
	if prefix {
		dst = append(dst, '\'')
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			dst = append(dst, '"', '"')
		case '\r':
			if !crlf {
				dst = append(dst, '\r')
			}
		case '\n':
			if crlf {
				dst = append(dst, '\r', '\n')
			} else {
				dst = append(dst, '\n')
			}
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// cellNeedsQuotes is encoding/csv's Writer.fieldNeedsQuotes for s, or for "'"+s when
// prefix is set.
func cellNeedsQuotes(s string, comma byte, prefix bool) bool {
	if s == "" {
		return false
	}
	if !prefix && s == `\.` {
		return true
	}
	mask := quoteClass['\n'] | quoteClass[comma]
	if quoteClass[comma] == 0 {
		mask = quoteClass['\n']
		if strings.IndexByte(s, comma) >= 0 {
			return true
		}
	}
	for i := 0; i < len(s); i++ {
		if quoteClass[s[i]]&mask != 0 {
			return true
		}
	}
	if prefix {
		return false // starts with '\''
	}
	return startsWithSpace(s)
}

// quoteClass marks the bytes that make a cell need quotes: bit 0 for '\n', '\r' and
// '"' (always), one bit for each delimiter that SniffDelimiter returns.
var quoteClass = func() (t [256]uint8) {
	t['\n'], t['\r'], t['"'] = 1, 1, 1
	t[','], t[';'], t['\t'], t['|'] = 2, 4, 8, 16
	return t
}()

// startsWithSpace reports whether the first rune of s is a Unicode space.
func startsWithSpace(s string) bool {
	if c := s[0]; c < utf8.RuneSelf {
		return c == ' ' || '\t' <= c && c <= '\r'
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsSpace(r)
}

// verbatim reports whether a cell of a line without quotes, line feeds or carriage
// returns is written unchanged (after SafeCell, without quotes).
func verbatim(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c == '=' || c == '+' || c == '-' || c == '@':
		return dataset.PlainDecimal(s)
	case c == ' ' || '\t' <= c && c <= '\r':
		return false
	case c >= utf8.RuneSelf:
		return !startsWithSpace(s)
	}
	return s != `\.`
}
