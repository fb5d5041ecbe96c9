package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unsafe"
)

// readerBufSize is the Reader's buffer size; its first bytes are those the delimiter
// is sniffed from.
const readerBufSize = 64 << 10

// Reader reads CSV records exactly as an encoding/csv Reader with Comma set to an
// ASCII delimiter, FieldsPerRecord -1 and the other options at their defaults does
// (same fields, same blank lines skipped, same errors and line numbers), but faster:
//
//   - a line without a double quote is a record of its own, split on the delimiter in
//     place, with no allocation;
//   - a record whose first line holds a quote is gathered line by line until its quotes
//     pair up (a record cannot end inside a quoted field), and that text alone is read by
//     an encoding/csv Reader, whose errors get the record's line numbers back. Up to the
//     first quoting error, encoding/csv is inside a quoted field exactly when an odd
//     number of quotes has been read, so the gathered text is one record, or holds the
//     error that encoding/csv would report.
//
// The fields returned by Read are valid until the next call (they may point into the
// reader's buffer); clone any that must be kept. Build a Reader with NewCSVReader.
type Reader struct {
	name   string // the input's name in errors
	br     *bufio.Reader
	comma  byte
	crlf   bool         // the first line ends with "\r\n"
	lines  int          // lines read so far
	start  int          // line where the current record starts
	fields []string     // the current record
	raw    []byte       // the current record as read (without its line end) when it holds no quote; nil otherwise
	long   []byte       // a line longer than br's buffer
	quoted []byte       // the lines of a record that holds a quote
	src    bytes.Reader // r.quoted, read by cr
	cr     *csv.Reader  // reads the records that hold a quote, one at a time
}

// NewCSVReader returns a Reader of the CSV export r, named name in errors
// ("customers.csv:57:3: ..."). It applies the front end Read applies: an input starting
// with a UTF-16 byte order mark or a zip signature (an Excel workbook) is an error, a
// UTF-8 byte order mark is dropped, and the delimiter (',', ';', tab or '|') is sniffed
// from the first 64 KiB (see SniffDelimiter). Unlike Read it passes the bytes through
// undecoded, one record at a time, for streaming readers (icp score).
func NewCSVReader(r io.Reader, name string) (*Reader, error) {
	br := bufio.NewReaderSize(r, readerBufSize)
	peek, atEOF, err := peekStart(br, readerBufSize)
	if err != nil {
		return nil, fmt.Errorf("%s: reading: %w", name, err)
	}
	bom, delim, err := frontEnd(name, peek, atEOF)
	if err != nil {
		return nil, err
	}
	crlf := false
	if i := bytes.IndexByte(peek, '\n'); i > 0 && peek[i-1] == '\r' {
		crlf = true
	}
	if bom > 0 {
		br.Discard(bom)
	}
	return &Reader{name: name, br: br, comma: byte(delim), crlf: crlf}, nil
}

// peekStart returns the first n bytes of br (fewer at the end of the input, then atEOF
// is set) without consuming them; err is a reading error other than the input's end.
func peekStart(br *bufio.Reader, n int) (peek []byte, atEOF bool, err error) {
	peek, err = br.Peek(n)
	switch {
	case err == nil, errors.Is(err, bufio.ErrBufferFull):
		return peek, false, nil
	case err == io.EOF:
		return peek, true, nil
	}
	return peek, false, err
}

// frontEnd inspects the first bytes of an input (peek; atEOF as SniffDelimiter takes
// it): a UTF-16 byte order mark or a zip signature is an error; otherwise it returns the
// length of a UTF-8 byte order mark (0 or 3) and the delimiter of the text after it.
func frontEnd(name string, peek []byte, atEOF bool) (bom int, delim rune, err error) {
	switch {
	case bytes.HasPrefix(peek, []byte("\xFF\xFE")), bytes.HasPrefix(peek, []byte("\xFE\xFF")):
		return 0, 0, fmt.Errorf("%s: %w", name, errUTF16)
	case bytes.HasPrefix(peek, []byte("PK\x03\x04")):
		return 0, 0, fmt.Errorf("%s: this is not a CSV file (it looks like an Excel workbook or a zip archive); export it as CSV", name)
	}
	if err := NotText(name, peek); err != nil {
		return 0, 0, err
	}
	if bytes.HasPrefix(peek, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	return bom, sniffDelimiter(peek[bom:], atEOF), nil
}

// Read returns the next record, or io.EOF after the last. Other errors name the input
// and the line ("customers.csv:57:3: ...; hint"), as Read's do.
func (r *Reader) Read() ([]string, error) {
	rec, err := r.next()
	if err != nil && err != io.EOF {
		return rec, csvError(r.name, err)
	}
	return rec, err
}

// Comma returns the input's delimiter.
func (r *Reader) Comma() byte { return r.comma }

// CRLF reports whether the input's first line ends with "\r\n".
func (r *Reader) CRLF() bool { return r.crlf }

// Line returns the line on which the record last read starts.
func (r *Reader) Line() int { return r.start }

// Raw returns the record last read as it stands in the input, without its line end,
// when it holds no quote; nil otherwise. It is valid until the next Read.
func (r *Reader) Raw() []byte { return r.raw }

// readLine reads one line, through its '\n', and returns it as read (raw) and as
// encoding/csv reads its cells (body: without "\n" or "\r\n", and without a '\r' that
// ends the input). err is io.EOF only when no byte was left.
func (r *Reader) readLine() (raw, body []byte, err error) {
	raw, err = r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		r.long = append(r.long[:0], raw...)
		for err == bufio.ErrBufferFull {
			raw, err = r.br.ReadSlice('\n')
			r.long = append(r.long, raw...)
		}
		raw = r.long
	}
	n := len(raw)
	eof := false
	if n > 0 && err == io.EOF {
		err, eof = nil, true
	}
	r.lines++
	return raw, lineBody(raw, eof), err
}

// next returns the next record, or io.EOF after the last. Errors are those of
// encoding/csv (a *csv.ParseError for bad quoting, with the file's line numbers) or of
// the underlying reader.
func (r *Reader) next() ([]string, error) {
	var raw, body []byte
	var errRead error
	for errRead == nil {
		raw, body, errRead = r.readLine()
		if errRead == nil && len(body) == 0 {
			continue // a blank line
		}
		break
	}
	if errRead == io.EOF {
		return nil, io.EOF
	}
	r.start = r.lines
	if bytes.IndexByte(raw, '"') >= 0 {
		return r.readQuoted(raw, body, errRead)
	}
	r.raw = body
	r.fields = splitPlain(r.fields[:0], unsafeString(body), r.comma)
	if errRead != nil {
		return r.fields, errRead
	}
	return r.fields, nil
}

// readQuoted reads the record that starts with line, which holds a quote: it gathers
// lines until the quotes pair up and reads them with encoding/csv.
func (r *Reader) readQuoted(raw, body []byte, errRead error) ([]string, error) {
	r.raw = nil
	base := r.start - 1 // lines before the record
	odd := bytes.Count(raw, []byte{'"'})%2 == 1
	if !odd && errRead == nil {
		if f, ok := splitQuoted(r.fields[:0], unsafeString(body), r.comma); ok {
			r.fields = f
			return r.fields, nil
		}
	}
	r.quoted = append(r.quoted[:0], raw...)
	for odd && errRead == nil {
		raw, _, errRead = r.readLine()
		if errRead == io.EOF {
			errRead = nil
			break
		}
		r.quoted = append(r.quoted, raw...)
		if bytes.Count(raw, []byte{'"'})%2 == 1 {
			odd = !odd
		}
	}
	if errRead == nil {
		// The usual case: one encoding/csv Reader for all such records, fed each
		// record's text in turn.
		if r.cr == nil {
			r.cr = csv.NewReader(&r.src)
			r.cr.Comma = rune(r.comma)
			r.cr.FieldsPerRecord = -1
			r.cr.ReuseRecord = true
		}
		r.src.Reset(r.quoted)
		off := r.cr.InputOffset()
		rec, err := r.cr.Read()
		if err == nil && r.cr.InputOffset()-off == int64(len(r.quoted)) {
			r.fields = append(r.fields[:0], rec...)
			return r.fields, nil
		}
	}
	// An error: read the record again with a Reader of its own, so that the error's
	// line numbers count from the record's first line.
	r.cr = nil
	r.src.Reset(r.quoted)
	var in io.Reader = &r.src
	if errRead != nil {
		in = io.MultiReader(&r.src, errReader{errRead})
	}
	cr := csv.NewReader(in)
	cr.Comma = rune(r.comma)
	cr.FieldsPerRecord = -1
	rec, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			pe.StartLine += base
			pe.Line += base
		}
		return nil, err
	}
	if cr.InputOffset() != int64(len(r.quoted)) {
		// Cannot happen by the argument above; fail loudly rather than misread rows.
		return nil, fmt.Errorf("line %d: the record's quotes could not be followed (internal error); please report it", r.start)
	}
	r.fields = append(r.fields[:0], rec...)
	return r.fields, nil
}

// unsafeString is b as a string without a copy; b must not change while it is used.
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
