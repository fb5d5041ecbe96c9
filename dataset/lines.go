package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// lineReader sits between the file and the CSV reader. It reads a file whose line ends
// are carriage returns only (as classic Mac OS and old Excel for Mac wrote them) as if
// they were line feeds, and it fails once a record (a line, or several when a quoted
// field holds line ends) grows longer than max bytes, so that a file without line
// ends, a huge cell or a quote that is never closed cannot make the CSV reader buffer
// it whole. Quotes are followed by parity, as the CSV reader reads them ("" inside a
// quoted field toggles twice).
//
// CR-only is decided on the first 64 KiB: carriage returns and no line feed.
type lineReader struct {
	r       io.Reader
	max     int
	crOnly  bool
	decided bool
	head    []byte // bytes read ahead while deciding
	headErr error  // error met while reading ahead, returned after head
	run     int    // bytes since the current record started
	lines   int    // line ends passed
	start   int    // line where the current record started
	inQuote bool   // inside a quoted field
	err     error
}

// lineTooLongError is returned by lineReader for a line longer than its maximum.
type lineTooLongError struct {
	line, max int
	quoted    bool // the record is inside a quoted field that spans lines
}

func (e *lineTooLongError) Error() string {
	if e.quoted {
		return fmt.Sprintf("the record starting on line %d is longer than %s, the most a record may hold (a quoted field runs on over many lines)", e.line, byteSize(e.max))
	}
	return fmt.Sprintf("line %d is longer than %s, the most a line may hold", e.line, byteSize(e.max))
}

// byteSize writes a size in bytes for messages: "16 MiB", "512 KiB", "100 bytes".
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// decide reads ahead up to 64 KiB and decides whether line ends are CR only.
func (l *lineReader) decide() {
	l.decided = true
	buf := make([]byte, sniffSize)
	n := 0
	for n < len(buf) {
		m, err := l.r.Read(buf[n:])
		n += m
		if err != nil {
			l.headErr = err
			break
		}
		if m == 0 {
			break // a reader returning nothing without an error: do not spin
		}
	}
	l.head = buf[:n]
	l.crOnly = bytes.IndexByte(l.head, '\r') >= 0 && bytes.IndexByte(l.head, '\n') < 0
}

// Read implements io.Reader.
func (l *lineReader) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if !l.decided {
		l.decide()
	}
	var n int
	var err error
	switch {
	case len(l.head) > 0:
		n = copy(p, l.head)
		l.head = l.head[n:]
		if len(l.head) == 0 {
			l.head = nil
			err = l.headErr
		}
	case l.headErr != nil:
		err = l.headErr
	default:
		n, err = l.r.Read(p)
	}
	chunk := p[:n]
	if l.crOnly {
		for i := bytes.IndexByte(chunk, '\r'); i >= 0; i = bytes.IndexByte(chunk, '\r') {
			chunk[i] = '\n'
			chunk = chunk[i+1:]
		}
		chunk = p[:n]
	}
	if l.account(chunk) {
		l.err = &lineTooLongError{line: l.start, max: l.max, quoted: l.inQuote && l.lines >= l.start}
		return n, l.err
	}
	if err != nil {
		l.err = err
	}
	return n, err
}

// account follows the records in chunk (line ends, quotes, the current record's size)
// and reports whether a record grew longer than l.max; l.start is then its first line.
func (l *lineReader) account(chunk []byte) bool {
	if l.start == 0 {
		l.start = 1
	}
	if !l.inQuote && bytes.IndexByte(chunk, '"') < 0 {
		for {
			i := bytes.IndexByte(chunk, '\n')
			if i < 0 {
				l.run += len(chunk)
				return l.run > l.max
			}
			if l.run+i > l.max {
				l.run += i
				return true
			}
			l.lines++
			l.run, l.start = 0, l.lines+1
			chunk = chunk[i+1:]
		}
	}
	// Line by line: the quotes on a line (counted, not scanned one by one) say
	// whether a quoted field runs on past its end.
	for len(chunk) > 0 {
		i := bytes.IndexByte(chunk, '\n')
		seg := chunk
		if i >= 0 {
			seg = chunk[:i]
		}
		if bytes.Count(seg, []byte{'"'})%2 == 1 {
			l.inQuote = !l.inQuote
		}
		if l.run+len(seg) > l.max {
			l.run += len(seg)
			return true
		}
		if i < 0 {
			l.run += len(seg)
			return false
		}
		l.lines++
		if l.inQuote {
			l.run += len(seg) + 1
		} else {
			l.run, l.start = 0, l.lines+1
		}
		chunk = chunk[i+1:]
	}
	return false
}

// fieldTooLong is the error for a cell larger than Options.MaxFieldBytes.
func fieldTooLong(name string, line int, column string, size, most int) error {
	return fmt.Errorf("%s:%d: column %q holds a value of %s, more than the %s a cell may hold; a quote may be missing its closing quote, or the column holds a file or document rather than a value: remove it from the export",
		name, line, column, byteSize(size), byteSize(most))
}

// lineError turns a lineTooLongError into "name:line: ..." with what to do, or returns
// nil for other errors.
func lineError(name string, err error) error {
	var le *lineTooLongError
	if !errors.As(err, &le) {
		return nil
	}
	return fmt.Errorf("%s:%d: %v; the file may lack line ends, a cell may hold a document rather than a value, or a quote may never be closed; check that it is a CSV export with one record per line", name, le.line, le)
}
