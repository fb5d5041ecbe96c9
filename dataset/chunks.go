package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Parallel parsing. The reading goroutine cuts the input after the header into chunks
// of about chunkSize bytes, each ending at a line end where the quotes read since the
// chunk started pair up, and parsing goroutines split the chunks into records. A
// record cannot start inside a quoted field, and up to the first quoting error
// encoding/csv is inside a quoted field exactly when it has read an odd number of
// quotes; so every chunk starts a record, or the error comes before it and is found in
// an earlier chunk. Within a chunk, records are read as encoding/csv reads them:
//
//   - a line without a quote is one record, split on the delimiter;
//   - a one-line record whose quotes are all well formed is unquoted directly;
//   - anything else (a quoted field running over lines, a quoting error) is gathered
//     until its quotes pair up and read by encoding/csv, so that its fields and errors
//     are encoding/csv's own, with the file's line numbers.
//
// Cells are substrings of the chunk's text (one string per chunk), so splitting
// allocates nothing per field. The records go, in input order, through the same
// batcher as the sequential reader's, so that the batches are the same. When reading
// the input fails (a line too long, an I/O error), the bytes not yet cut into chunks
// are read by encoding/csv as the sequential reader would, the error at their end.

// chunkSize is the size of a chunk; parallelMin is the least input size (when known)
// read in parallel, on at least two cores.
const (
	chunkSize   = 1 << 20
	parallelMin = 8 << 20
)

// How read splits the input: by size and cores (splitAuto), or, for tests, always in
// parallel chunks or always sequentially (Options.split).
const (
	splitAuto = iota
	splitParallel
	splitSequential
)

// chunk is a run of whole records of the input.
type chunk struct {
	text   string
	line   int   // lines of the input before the chunk
	offset int64 // input offset after the chunk
	atEOF  bool  // the chunk ends the input
	res    chan *parsedChunk

	// tail, when set, is the input's reading error: text (not parsed in parallel) is to
	// be read by encoding/csv and followed by it.
	tail error
}

// parsedChunk is a chunk split into records.
type parsedChunk struct {
	fields []string // the records' cells, one after another
	ends   []int    // where each record's cells end in fields
	lines  []int    // line of each record
	offs   []int    // offset of each record's end in the chunk
	err    error    // a quoting error after the records (in the file's line numbers)
}

// produceParallel reads records from r (whose first byte is on line lineBase+1, at
// input offset offsetBase) in parallel chunks of about size bytes on workers goroutines and feeds them in
// order to bt, as produce does for the sequential reader.
func produceParallel(r io.Reader, comma byte, bt *batcher, lineBase int, offsetBase int64, workers, size int) {
	order := make(chan *chunk, 2*workers)
	jobs := make(chan *chunk, 2*workers)
	spare := make(chan *parsedChunk, 4*workers) // parsed chunks done with, for reuse
	cut := make(chan struct{})
	go func() {
		defer close(cut)
		cutChunks(r, size, lineBase, offsetBase, order, jobs, bt.done)
	}()
	// Return only once cutChunks has stopped reading r (it stops when the input ends or
	// bt.done is closed): r is the caller's reader.
	defer func() { <-cut }()
	for range workers {
		go func() {
			for c := range jobs {
				var p *parsedChunk
				select {
				case p = <-spare:
					p.fields, p.ends, p.lines, p.offs, p.err = p.fields[:0], p.ends[:0], p.lines[:0], p.offs[:0], nil
				default:
					p = &parsedChunk{}
				}
				c.res <- parseChunk(p, c, comma)
			}
		}()
	}
	offset := offsetBase
	for c := range order {
		if c.tail != nil {
			cr := csv.NewReader(io.MultiReader(strings.NewReader(c.text), errReader{c.tail}))
			cr.Comma = rune(comma)
			cr.ReuseRecord = true
			cr.FieldsPerRecord = -1
			produce(cr, bt, c.line, c.offset-int64(len(c.text)))
			return
		}
		var p *parsedChunk
		select {
		case p = <-c.res:
		case <-bt.done:
			return
		}
		start := c.offset - int64(len(c.text))
		offset = c.offset
		from := 0
		for i, end := range p.ends {
			offset = start + int64(p.offs[i])
			ok, err := bt.record(p.fields[from:end], p.lines[i], offset)
			from = end
			if !ok {
				return
			}
			if err != nil {
				bt.send(offset)
				return
			}
		}
		if p.err != nil {
			bt.b.err = csvError(bt.name, p.err)
			bt.send(offset)
			return
		}
		offset = c.offset
		clear(p.fields) // let the chunk's text go once its batches do
		select {
		case spare <- p:
		default:
		}
	}
	bt.send(offset)
}

// errReader is a reader that fails with err.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// cutChunks reads r and cuts it into chunks of about size bytes, which it sends on order (all, in input
// order) and on jobs (those to parse), closing both at the end.
func cutChunks(r io.Reader, size, line int, offset int64, order, jobs chan *chunk, done chan struct{}) {
	defer close(order)
	defer close(jobs)
	buf := make([]byte, 0, size)
	send := func(c *chunk) bool {
		select {
		case order <- c:
		case <-done:
			return false
		}
		if c.tail != nil {
			return true
		}
		select {
		case jobs <- c:
			return true
		case <-done:
			return false
		}
	}
	for {
		// Fill the buffer.
		var err error
		for len(buf) < cap(buf) && err == nil {
			var n int
			n, err = r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
		}
		switch {
		case err == io.EOF:
			if len(buf) > 0 {
				send(&chunk{text: string(buf), line: line, offset: offset + int64(len(buf)), atEOF: true, res: make(chan *parsedChunk, 1)})
			}
			return
		case err != nil:
			send(&chunk{text: string(buf), line: line, offset: offset + int64(len(buf)), tail: err})
			return
		}
		cut := safeCut(buf)
		if cut < 0 {
			// One record fills the buffer: grow it (the line reader bounds records).
			nb := make([]byte, len(buf), 2*cap(buf))
			copy(nb, buf)
			buf = nb
			continue
		}
		text := string(buf[:cut])
		c := &chunk{text: text, line: line, offset: offset + int64(cut), res: make(chan *parsedChunk, 1)}
		if !send(c) {
			return
		}
		line += strings.Count(text, "\n")
		offset += int64(cut)
		buf = buf[:copy(buf, buf[cut:])]
	}
}

// safeCut returns the length of the longest prefix of b that ends with a line feed
// outside quotes (an even number of quotes before it), or -1.
func safeCut(b []byte) int {
	last, pos, odd := -1, 0, false
	for {
		q := bytes.IndexByte(b[pos:], '"')
		seg := b[pos:]
		if q >= 0 {
			seg = seg[:q]
		}
		if !odd {
			if i := bytes.LastIndexByte(seg, '\n'); i >= 0 {
				last = pos + i + 1
			}
		}
		if q < 0 {
			return last
		}
		odd = !odd
		pos += q + 1
	}
}

// parseChunk splits a chunk into records (see produceParallel), into p.
func parseChunk(p *parsedChunk, c *chunk, comma byte) *parsedChunk {
	s := c.text
	line := c.line
	// Room for every record of the chunk up front (a fresh chunk would otherwise grow
	// its slices about five times over); the fields once the first record shows how
	// many a record has.
	records := strings.Count(s, "\n") + 1
	if cap(p.ends) < records {
		p.ends, p.lines, p.offs = make([]int, 0, records), make([]int, 0, records), make([]int, 0, records)
	}
	sized := cap(p.fields) > 0
	for pos := 0; pos < len(s); {
		end := len(s)
		if i := strings.IndexByte(s[pos:], '\n'); i >= 0 {
			end = pos + i + 1
		}
		raw := s[pos:end]
		line++
		body := lineBody(raw, c.atEOF && end == len(s))
		if body == "" {
			pos = end
			continue // a blank line
		}
		start := line
		if strings.IndexByte(raw, '"') < 0 {
			p.fields = splitPlain(p.fields, body, comma)
			p.ends = append(p.ends, len(p.fields))
			if !sized {
				sized = true
				// (A chunk holds at most a cell per byte and line: the bound keeps a
				// long first record from sizing the rest.)
				if want := min(len(p.fields)*records, len(s)+records); cap(p.fields) < want {
					p.fields = append(make([]string, 0, want), p.fields...)
				}
			}
			p.lines = append(p.lines, start)
			p.offs = append(p.offs, end)
			pos = end
			continue
		}
		if strings.Count(raw, `"`)%2 == 0 {
			if f, ok := splitQuoted(p.fields, body, comma); ok {
				p.fields = f
				p.ends = append(p.ends, len(p.fields))
				p.lines = append(p.lines, start)
				p.offs = append(p.offs, end)
				pos = end
				continue
			}
		}
		// Gather the record's lines until its quotes pair up, and let encoding/csv read it.
		odd := strings.Count(raw, `"`)%2 == 1
		for odd && end < len(s) {
			next := len(s)
			if i := strings.IndexByte(s[end:], '\n'); i >= 0 {
				next = end + i + 1
			}
			if strings.Count(s[end:next], `"`)%2 == 1 {
				odd = false
			}
			line++
			end = next
		}
		text := s[pos:end]
		cr := csv.NewReader(strings.NewReader(text))
		cr.Comma = rune(comma)
		cr.FieldsPerRecord = -1
		rec, err := cr.Read()
		if err == nil && cr.InputOffset() != int64(len(text)) {
			err = fmt.Errorf("line %d: the record's quotes could not be followed (internal error); please report it", start)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				pe.StartLine += start - 1
				pe.Line += start - 1
			}
			p.err = err
			return p
		}
		p.fields = append(p.fields, rec...)
		p.ends = append(p.ends, len(p.fields))
		p.lines = append(p.lines, start)
		p.offs = append(p.offs, end)
		pos = end
	}
	return p
}

// lineBody is a line's cells as encoding/csv reads them: without "\n" or "\r\n", and
// without a '\r' that ends the input (last).
func lineBody[T string | []byte](raw T, last bool) T {
	n := len(raw)
	switch {
	case n >= 2 && raw[n-2] == '\r' && raw[n-1] == '\n':
		return raw[:n-2]
	case n >= 1 && raw[n-1] == '\n':
		return raw[:n-1]
	case n >= 1 && last && raw[n-1] == '\r':
		return raw[:n-1]
	}
	return raw
}

// splitPlain appends to fields the cells of a line without quotes (body, as lineBody
// returns it): its text split on comma.
func splitPlain(fields []string, body string, comma byte) []string {
	for {
		i := strings.IndexByte(body, comma)
		if i < 0 {
			return append(fields, body)
		}
		fields = append(fields, body[:i])
		body = body[i+1:]
	}
}

// splitQuoted appends to fields the cells of a one-line record (body, as lineBody
// returns it) when every quote in it is well formed: a field that starts with a quote
// ends with a quote followed by the delimiter or the line end, and quotes inside it are
// doubled. It reports false for anything else.
func splitQuoted(fields []string, body string, comma byte) ([]string, bool) {
	n0 := len(fields)
	for {
		if len(body) == 0 || body[0] != '"' {
			i := strings.IndexByte(body, comma)
			field := body
			if i >= 0 {
				field = body[:i]
			}
			if strings.IndexByte(field, '"') >= 0 {
				return fields[:n0], false // a bare quote
			}
			fields = append(fields, field)
			if i < 0 {
				return fields, true
			}
			body = body[i+1:]
			continue
		}
		body = body[1:]
		i := strings.IndexByte(body, '"')
		if i < 0 {
			return fields[:n0], false // the quoted field runs on
		}
		field := body[:i]
		body = body[i+1:]
		if len(body) > 0 && body[0] == '"' {
			// Doubled quotes: build the cell.
			var sb strings.Builder
			sb.WriteString(field)
			for len(body) > 0 && body[0] == '"' {
				sb.WriteByte('"')
				body = body[1:]
				j := strings.IndexByte(body, '"')
				if j < 0 {
					return fields[:n0], false
				}
				sb.WriteString(body[:j])
				body = body[j+1:]
			}
			field = sb.String()
		}
		fields = append(fields, field)
		if len(body) == 0 {
			return fields, true
		}
		if body[0] != comma {
			return fields[:n0], false // text after the closing quote
		}
		body = body[1:]
	}
}
