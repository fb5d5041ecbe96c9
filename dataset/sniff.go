package dataset

import (
	"bytes"
	"fmt"
)

// SniffDelimiter picks the delimiter of a CSV export from its first bytes: among ',',
// ';', '\t' and '|', the one that gives the first line more than one field and the most
// following lines with that field count (quotes respected); ties go to more fields, then
// to that order. The default is ','. atEOF says b holds the whole file (otherwise its
// last, possibly cut, line is ignored). It is the rule Load and NewCSVReader apply,
// exported for code that sets up an encoding/csv Reader itself (the scorer's reference
// test).
func SniffDelimiter(b []byte, atEOF bool) rune { return sniffDelimiter(b, atEOF) }

// CSVError turns an encoding/csv error into "name:line:col: message; hint", the form
// Load and Reader report, for code that reads with encoding/csv itself.
func CSVError(name string, err error) error { return csvError(name, err) }

// HeaderList quotes the first headers for an error message: "a", "b", … 3 more.
func HeaderList(names []string) string { return headerList(names) }

// NotText is the error for a file whose first bytes (peek) hold a NUL byte: UTF-16
// text without a byte order mark, or a binary file (naming the line); nil for text.
// Load and NewCSVReader apply it; it is exported for code that sets up an encoding/csv
// Reader itself (the scorer's reference test).
func NotText(name string, peek []byte) error {
	i := bytes.IndexByte(peek, 0)
	if i < 0 {
		return nil
	}
	if looksUTF16(peek) {
		return fmt.Errorf("%s: the file looks UTF-16 encoded (without a byte order mark); save it as \"CSV UTF-8\" and try again", name)
	}
	line := bytes.Count(peek[:i], []byte{'\n'}) + 1
	return fmt.Errorf("%s:%d: this is not a text file (a NUL byte on this line); export it as CSV UTF-8", name, line)
}
