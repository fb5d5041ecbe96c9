package dataset

import (
	"strings"
	"testing"
)

// TestNewCSVReaderRejectsNonText: the streaming reader (icp score) refuses a UTF-16
// file without a byte order mark and a binary file with Read's messages, not a
// field-count error further on.
func TestNewCSVReaderRejectsNonText(t *testing.T) {
	utf16 := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			b.WriteByte(byte(r))
			b.WriteByte(0)
		}
		return b.String()
	}
	for _, tc := range []struct{ name, in, want string }{
		{"utf16", utf16("id,industry\n1,SaaS\n2,Retail\n"), "f.csv: the file looks UTF-16 encoded (without a byte order mark); save it as \"CSV UTF-8\" and try again"},
		{"nul", "id,industry\n1,Sa\x00aS\n", "f.csv:2: this is not a text file (a NUL byte on this line); export it as CSV UTF-8"},
	} {
		_, err := NewCSVReader(strings.NewReader(tc.in), "f.csv")
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
		_, err = Read(strings.NewReader(tc.in), "f.csv", Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s (Read): %v, want %q", tc.name, err, tc.want)
		}
	}
}
