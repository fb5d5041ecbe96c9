package dataset

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/icp-dev/icp/profile"
)

// Options control Load and Read.
type Options struct {
	// Force maps a header (as written, or matching by HeaderKey) to the kind the column
	// must have, skipping inference; typically Numeric, Boolean or Date for outcome
	// columns. Forced columns are never turned into Text by the half-of-rows rule nor
	// into Empty (a forced Categorical or Multi column still becomes Text beyond
	// MaxLevels). Forcing Text or Empty drops the column's values. Naming a column that
	// is not in the header is an error.
	Force map[string]Kind
	// MaxLevels is the most distinct values a Categorical or Multi column may have; one
	// with more becomes Text. 0 (or less) means 1000.
	MaxLevels int
	// Progress, when set, is called with the number of rows converted so far about every
	// 65536 rows, and once at the end with the total, from the goroutine that called
	// Load or Read.
	Progress func(rows int)
	// KeepText keeps the values of columns read as Text (identifiers, names, free
	// text) in Column.Raw, so a caller that must show them (an id column in a list of
	// accounts) need not read the file again. It costs a string per row per such column.
	KeepText bool
	// KeepTextOf keeps Column.Raw, as KeepText does, for the Text columns whose header
	// is listed (as written, or matching by HeaderKey) only; headers not in the file are
	// ignored.
	KeepTextOf []string
	// KeepCellsOf keeps, in Column.Cells, every cell of the columns whose header is
	// listed (as written, or matching by HeaderKey) as written: trimmed, missing tokens
	// and case kept, whatever kind the column is read as. A caller that must see the
	// values as written (a join key, a deal stage read as yes/no) need not read the file
	// again. Headers not in the file are ignored.
	KeepCellsOf []string
	// MaxLineBytes is the longest line (bytes between line ends) the reader accepts; a
	// longer one is an error naming the line. 0 (or less) means 8 MiB. It bounds the
	// memory a file without line ends (or with a quote never closed) can take.
	MaxLineBytes int
	// MaxFieldBytes is the largest cell accepted; a larger one is an error naming the
	// line and column. 0 (or less) means 1 MiB.
	MaxFieldBytes int
	// MaxColumns is the most columns the header may have. 0 (or less) means 20,000.
	MaxColumns int

	split      int // splitAuto, or for tests splitParallel or splitSequential
	chunkBytes int // for tests: the chunk size when parsing in parallel (0: chunkSize)
}

const (
	defaultMaxLevels  = 1000
	defaultMaxLine    = 8 << 20
	defaultMaxField   = 1 << 20
	defaultMaxColumns = 20000
	sampleRows        = 5000    // rows used to infer kinds (at most)
	sampleCells       = 2000000 // cells used to infer kinds (at most, down to minSampleRows rows)
	minSampleRows     = 200
	sniffSize         = 1 << 16 // bytes used to detect the delimiter
	progressEvery     = 1 << 16
)

// sampleSize is the number of rows used to infer the kinds of ncol columns: 5000, fewer
// for wide files (about 2,000,000 cells, at least 200 rows), so that a file with
// thousands of columns is not held in memory whole while its kinds are decided.
func sampleSize(ncol int) int {
	return max(minSampleRows, min(sampleRows, sampleCells/max(1, ncol)))
}

// Load reads a CSV file (see Read) and records its path and the SHA-256 of its bytes.
func Load(path string, opt Options) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err // *PathError names the file
	}
	defer f.Close()
	var size int64
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		size = st.Size()
	}
	return read(f, path, opt, size)
}

// Read loads CSV data into a Table; name (usually the file's path) is used as
// Table.Path and to prefix error messages ("customers.csv:57: ..."). Table.SHA256 is
// the digest of the bytes read.
//
// The bytes may start with a UTF-8 byte order mark; bytes that are not valid UTF-8 are
// read as Windows-1252 (noted in Problems). The delimiter (',', ';', tab or '|') is
// detected from the first 64 KiB. The first record is the header: it is required,
// headers are trimmed, an empty one is named "column_N", and duplicates are an error.
// Every row must have as many fields as the header. Blank lines are skipped. Inputs of
// 8 MiB or more (when their size is known) are split into records in parallel chunks on
// machines with more than one core, with the same result (see produceParallel).
//
// Kinds are inferred from the first 5000 data rows (unless forced, see Options):
// values that are all yes/no-like make a Boolean column (with more than two spellings
// only when every spelling is plain: yes/no, y/n, true/false, t/f, 1/0), 95%
// numbers a Numeric column, 95% dates a Date column, 20% lists (';' or '|') a Multi
// column; anything else is Categorical, and Categorical or Multi columns with more than
// MaxLevels distinct values, or (from 200 rows) more distinct values than half the rows,
// become Text. A column with no value, or the same value in every row, becomes Empty.
// Values that cannot be read in a Numeric, Boolean or Date column count as missing and
// are reported once in the column's Notes. Rows are never dropped.
//
// Two readings are decided per column from the sample rather than per value (and
// noted): numbers in a column whose values show a decimal comma ("1.200,50", "3,5")
// read "1,200" as 1.2 and "1.200" as 1200, unlike ParseNumber (so do numeric columns
// that show neither separator when the file's other numeric columns show decimal commas
// and none a decimal point); and dates in a column
// where some value fixes the day/month order ("31/01/2024") are all read in that order,
// unlike ParseDate. A column inferred as Boolean from 0/1 values becomes Numeric if
// later rows hold other numbers.
func Read(r io.Reader, name string, opt Options) (*Table, error) {
	var size int64
	switch v := r.(type) {
	case interface{ Stat() (os.FileInfo, error) }:
		if st, err := v.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
	case interface{ Len() int }:
		size = int64(v.Len())
	}
	return read(r, name, opt, size)
}

// problem is a Table problem with the line it is about, for ordering.
type problem struct {
	line int
	text string
}

// batch is a block of records passed from the reading goroutine to the converter.
// Its cells are stored column by column, so that the per-column work (inference,
// conversion) reads them in order however wide the file is.
type batch struct {
	fields  []string // column-major: the cell of row r, column c is fields[c*stride+r]
	stride  int      // the most rows the batch holds
	lines   []int    // start line of each row
	offset  int64    // input offset after the batch
	skipped int      // blank lines skipped in this batch
	skipAt  int      // line of the first of them
	err     error    // reading stopped with this error after the rows
}

// newBatch returns an empty batch for up to rows rows of ncol columns.
func newBatch(ncol, rows int) *batch {
	return &batch{fields: make([]string, ncol*rows), stride: rows, lines: make([]int, 0, rows)}
}

// cell returns the cell of row r, column c.
func (b *batch) cell(r, c int) string { return b.fields[c*b.stride+r] }

// add appends a record (as many fields as the batch has columns) that starts on line.
func (b *batch) add(rec []string, line int) {
	r := len(b.lines)
	for c, f := range rec {
		b.fields[c*b.stride+r] = f
	}
	b.lines = append(b.lines, line)
}

// read is Read with the input's size when known (0 if not), used to preallocate.
func read(r io.Reader, name string, opt Options, size int64) (*Table, error) {
	maxLevels := opt.MaxLevels
	if maxLevels <= 0 {
		maxLevels = defaultMaxLevels
	}
	maxLine, maxField, maxCols := opt.MaxLineBytes, opt.MaxFieldBytes, opt.MaxColumns
	if maxLine <= 0 {
		maxLine = defaultMaxLine
	}
	if maxField <= 0 {
		maxField = defaultMaxField
	}
	if maxCols <= 0 {
		maxCols = defaultMaxColumns
	}
	h := sha256.New()
	lr := &lineReader{r: io.TeeReader(r, h), max: maxLine}
	dec := newDecoder(lr)
	br := bufio.NewReaderSize(dec, 2*sniffSize)
	peek, atEOF, err := peekStart(br, sniffSize)
	switch {
	case err == nil:
	case errors.Is(err, errUTF16):
		return nil, fmt.Errorf("%s: %w", name, err)
	case lineError(name, err) != nil:
		return nil, lineError(name, err)
	default:
		return nil, fmt.Errorf("%s: reading: %w", name, err)
	}
	bom, delim, err := frontEnd(name, peek, atEOF)
	if err != nil {
		return nil, err
	}
	if bom > 0 {
		br.Discard(bom)
	}

	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1
	var problems []problem

	rec, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: the file is empty; expected a header row", name)
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	headerLine, _ := cr.FieldPos(0)
	ncol := len(rec)
	// Lines the header took: those up to its last field, and the line ends inside it.
	lastLine, _ := cr.FieldPos(ncol - 1)
	headerLines := lastLine + strings.Count(rec[ncol-1], "\n")
	parsers := runtime.GOMAXPROCS(0)
	parallel := size >= parallelMin && parsers > 1
	switch opt.split {
	case splitParallel:
		parallel, parsers = true, max(parsers, 2)
	case splitSequential:
		parallel = false
	}
	chunk := chunkSize
	if opt.chunkBytes > 0 {
		chunk = opt.chunkBytes
	}
	if ncol > maxCols {
		return nil, fmt.Errorf("%s:%d: the header has %d columns, more than the %d icp reads; export only the columns you need (or check the delimiter)", name, headerLine, ncol, maxCols)
	}
	for i, f := range rec {
		if len(f) > maxField {
			return nil, fmt.Errorf("%s:%d: header cell %d holds %s, more than the %s a cell may hold; the first line must name the columns", name, headerLine, i+1, byteSize(len(f)), byteSize(maxField))
		}
	}
	names := make([]string, ncol)
	seen := make(map[string]int, ncol)
	for i, hd := range rec {
		names[i] = strings.TrimSpace(hd)
		if names[i] != "" {
			if j, dup := seen[names[i]]; dup {
				return nil, fmt.Errorf("%s:%d: duplicate column %q (columns %d and %d); rename one of them", name, headerLine, names[i], j+1, i+1)
			}
			seen[names[i]] = i
		}
	}
	if ncol >= 2 {
		data := true
		for _, n := range names {
			_, num := ParseNumber(n)
			_, date := ParseDate(n)
			data = data && (num || date)
		}
		if data {
			problems = append(problems, problem{headerLine, "the header row holds only numbers or dates; the first row must name the columns (the file may lack a header)"})
		}
	}
	for i := range names {
		if names[i] != "" {
			continue
		}
		n := "column_" + strconv.Itoa(i+1)
		for _, taken := seen[n]; taken; _, taken = seen[n] {
			n += "_"
		}
		seen[n] = i
		names[i] = n
		problems = append(problems, problem{headerLine, fmt.Sprintf("column %d has no header; named it %q", i+1, n)})
	}

	cols := make([]*colState, ncol)
	t := &Table{Path: name, Delimiter: delim, Encoding: "utf-8", Columns: make([]*Column, ncol)}
	keep, keepCells := map[string]bool{}, map[string]bool{}
	for _, k := range opt.KeepTextOf {
		keep[HeaderKey(k)] = true
	}
	for _, k := range opt.KeepCellsOf {
		keepCells[HeaderKey(k)] = true
	}
	for i := range cols {
		c := &Column{Name: names[i], Index: i}
		t.Columns[i] = c
		k := keep[HeaderKey(names[i])]
		cols[i] = &colState{col: c, maxLevels: maxLevels, keepText: opt.KeepText || k, keepRaw: k, keepCells: keepCells[HeaderKey(names[i])]}
	}
	for key, k := range opt.Force {
		i, ok := seen[key]
		if !ok {
			hk := HeaderKey(key)
			for j, n := range names {
				if hk != "" && HeaderKey(n) == hk {
					i, ok = j, true
					break
				}
			}
		}
		if !ok {
			return nil, fmt.Errorf("%s: there is no column %q (headers: %s)", name, key, headerList(names))
		}
		if k < Categorical || k > Empty {
			return nil, fmt.Errorf("%s: invalid kind %d forced for column %q", name, int(k), key)
		}
		cols[i].forced = true
		cols[i].col.Kind = k
	}

	// Start the reading goroutine.
	rowsPer := max(16, (1<<15)/ncol)
	nSample := sampleSize(ncol)
	// At most maxBatches batches exist: those the converter may hold while it samples,
	// those queued on ch, and the one being filled; free can take them all back.
	maxBatches := (nSample+rowsPer-1)/rowsPer + 8 + 2
	ch := make(chan *batch, 8)
	free := make(chan *batch, maxBatches)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(ch)
		bt := &batcher{name: name, names: names, maxField: maxField, rowsPer: rowsPer, ch: ch, free: free, done: done, most: maxBatches}
		bt.start()
		if parallel {
			// cr read the header straight from br (its buffer), so br is at the
			// first data line.
			produceParallel(br, byte(delim), bt, headerLines, cr.InputOffset(), parsers, chunk)
			return
		}
		produce(cr, bt, 0, 0)
	}()
	stop := func() {
		close(done)
		wg.Wait()
	}

	// Sample: buffer batches until nSample rows.
	var pending []*batch
	sampled := 0
	for sampled < nSample {
		b, ok := <-ch
		if !ok {
			break
		}
		pending = append(pending, b)
		sampled += len(b.lines)
		if b.err != nil {
			stop()
			return nil, b.err
		}
	}
	if sampled == 0 {
		stop()
		return nil, fmt.Errorf("%s: no data rows below the header", name)
	}
	workers := min(runtime.GOMAXPROCS(0), ncol, 8)
	inferKinds(cols, pending, ncol, min(sampled, nSample), workers)
	fileDecimalComma(cols)

	// Preallocate from the file size when known.
	capHint := 0
	if last := pending[len(pending)-1]; size > 0 && last.offset > 0 {
		est := float64(sampled)*float64(size)/float64(last.offset)*1.08 + 64
		capHint = int(min(est, float64(size)/float64(ncol)+64, 1<<31))
	}
	capHint = max(capHint, sampled)
	t.Line = make([]int, 0, capHint)
	for _, cs := range cols {
		cs.init(capHint)
	}

	nextProgress, reported := progressEvery, 0
	skipped, skipAt := 0, 0
	convertBatch := func(b *batch) error {
		if b.skipped > 0 && skipped == 0 {
			skipAt = b.skipAt
		}
		skipped += b.skipped
		t.Line = append(t.Line, b.lines...)
		if err := convertColumns(cols, b, ncol, workers); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		t.Rows += len(b.lines)
		if opt.Progress != nil && t.Rows >= nextProgress {
			opt.Progress(t.Rows)
			reported = t.Rows
			for nextProgress <= t.Rows {
				nextProgress += progressEvery
			}
		}
		recycle(free, b)
		return nil
	}
	for _, b := range pending {
		if err := convertBatch(b); err != nil {
			stop()
			return nil, err
		}
	}
	pending = nil
	for b := range ch {
		if b.err != nil {
			stop()
			return nil, b.err
		}
		if err := convertBatch(b); err != nil {
			stop()
			return nil, err
		}
	}
	wg.Wait()
	if opt.Progress != nil && t.Rows != reported {
		opt.Progress(t.Rows) // final count
	}

	if lr.crOnly {
		problems = append(problems, problem{1, "the line ends are carriage returns only (as old Mac files have); they were read as line ends"})
	}
	if skipped > 0 {
		problems = append(problems, problem{skipAt, fmt.Sprintf("%d blank %s skipped (first at line %d)", skipped, profile.Plural(skipped, "line was", "lines were"), skipAt)})
	}
	if dec.bad > 0 {
		t.Encoding = "windows-1252"
		problems = append(problems, problem{dec.firstLine, fmt.Sprintf("%d %s not valid UTF-8 and %s read as Windows-1252 (first at line %d); save the file as CSV UTF-8 if accents look wrong",
			dec.bad, profile.Plural(dec.bad, "byte was", "bytes were"), profile.Plural(dec.bad, "was", "were"), dec.firstLine)})
	}
	for _, cs := range cols {
		cs.finish(t.Rows)
	}
	sort.SliceStable(problems, func(i, j int) bool { return problems[i].line < problems[j].line })
	for _, p := range problems {
		t.Problems = append(t.Problems, p.text)
	}
	t.SHA256 = hex.EncodeToString(h.Sum(nil))
	return t, nil
}

// looksUTF16 reports whether b looks like UTF-16 text without a byte order mark: NUL
// bytes in most odd (little-endian) or most even (big-endian) positions and in few of
// the others, as when ASCII text is saved as UTF-16.
func looksUTF16(b []byte) bool {
	n := min(len(b), 1024) &^ 1
	if n < 4 {
		return false
	}
	even, odd := 0, 0
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	return odd*2 > pairs && even*10 < pairs || even*2 > pairs && odd*10 < pairs
}

// recycle offers a converted batch back to the reading goroutine.
func recycle(free chan *batch, b *batch) {
	select {
	case free <- b:
	default:
	}
}

// headerList quotes the first headers for an error message.
func headerList(names []string) string {
	const most = 12
	var sb strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&sb, ", … %d more", len(names)-most)
			break
		}
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(strconv.Quote(n))
	}
	return sb.String()
}

// batcher gathers rows into batches of rowsPer rows and sends each on ch as it fills;
// the last batch sent (possibly empty) carries the reading error, if any. Both the
// sequential reader (produce) and the parallel one (produceParallel) fill batches
// through it, so that the batches, and with them everything the converter derives
// from their boundaries, are the same.
type batcher struct {
	name     string
	names    []string
	maxField int
	rowsPer  int
	ch, free chan *batch
	done     chan struct{}
	b        *batch
	made     int // batches allocated
	most     int // the most to allocate (0: no limit); then start waits for a free one
}

// start begins a new batch, reusing a converted one when there is one, and waiting for
// one when bt.most are out. It reports false when the reader is to stop.
func (bt *batcher) start() bool {
	var b *batch
	select {
	case b = <-bt.free:
	default:
		if bt.most > 0 && bt.made >= bt.most {
			select {
			case b = <-bt.free:
			case <-bt.done:
				return false
			}
		}
	}
	if b == nil {
		bt.made++
		bt.b = newBatch(len(bt.names), bt.rowsPer)
		return true
	}
	b.lines = b.lines[:0]
	b.skipped, b.skipAt, b.err = 0, 0, nil
	bt.b = b
	return true
}

// send sends the current batch, with the input offset after it; it reports false when
// the reader is to stop.
func (bt *batcher) send(offset int64) bool {
	bt.b.offset = offset
	select {
	case bt.ch <- bt.b:
		return true
	case <-bt.done:
		return false
	}
}

// record takes one record that starts on line: a row, a line of blanks (skipped), or
// an error (a row with the wrong number of fields, or a field too large), which it
// returns after putting it in the current batch. offset is the input offset after the
// record, or after a later one; a full batch is sent. It reports false when the reader
// is to stop.
func (bt *batcher) record(rec []string, line int, offset int64) (bool, error) {
	ncol := len(bt.names)
	b := bt.b
	if len(rec) != ncol {
		if len(rec) == 1 && ncol > 1 && strings.TrimSpace(rec[0]) == "" {
			if b.skipped == 0 {
				b.skipAt = line
			}
			b.skipped++
			return true, nil
		}
		b.err = fmt.Errorf("%s:%d: row has %d %s, the header has %d; check for an unquoted delimiter or a missing quote",
			bt.name, line, len(rec), profile.Plural(len(rec), "field", "fields"), ncol)
		return true, b.err
	}
	for c, f := range rec {
		if len(f) > bt.maxField {
			b.err = fieldTooLong(bt.name, line, bt.names[c], len(f), bt.maxField)
			return true, b.err
		}
	}
	b.add(rec, line)
	if len(b.lines) == bt.rowsPer {
		if !bt.send(offset) || !bt.start() {
			return false, nil
		}
	}
	return true, nil
}

// produce reads records with cr into batches through bt (lineBase lines of the input
// came before cr's first) and sends them on bt.ch; the last batch sent carries the
// reading error, if any. It returns when the input ends or bt.done is closed.
func produce(cr *csv.Reader, bt *batcher, lineBase int, offsetBase int64) {
	for {
		rec, err := cr.Read()
		if err != nil {
			if err != io.EOF {
				var pe *csv.ParseError
				if errors.As(err, &pe) {
					pe.StartLine += lineBase
					pe.Line += lineBase
				}
				bt.b.err = csvError(bt.name, err)
			}
			bt.send(offsetBase + cr.InputOffset())
			return
		}
		line, _ := cr.FieldPos(0)
		ok, err := bt.record(rec, line+lineBase, offsetBase+cr.InputOffset())
		if !ok {
			return
		}
		if err != nil {
			bt.send(offsetBase + cr.InputOffset())
			return
		}
	}
}

// csvError turns an encoding/csv error into "name:line:col: message; hint".
func csvError(name string, err error) error {
	if le := lineError(name, err); le != nil {
		return le
	}
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		if errors.Is(err, errUTF16) {
			return fmt.Errorf("%s: %w", name, err)
		}
		return fmt.Errorf("%s: reading: %w", name, err)
	}
	var hint string
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		hint = `a quoted field must end with a quote followed by the delimiter or the end of the line, and a quote inside it must be doubled ("")`
		if pe.StartLine != pe.Line {
			hint += fmt.Sprintf("; the quoted field starts on line %d", pe.StartLine)
		}
	case errors.Is(pe.Err, csv.ErrBareQuote):
		hint = `a field that contains a quote must itself be in quotes, with the inner quote doubled ("")`
	default:
		hint = "check the quoting around this position"
	}
	return fmt.Errorf("%s:%d:%d: %v; %s", name, pe.Line, pe.Column, pe.Err, hint)
}

// sniffDelimiter picks the delimiter among ',', ';', '\t' and '|' that gives the header
// more than one field and the most lines with the header's field count (quotes
// respected); ties go to more fields, then to the order above. The default is ','.
func sniffDelimiter(b []byte, atEOF bool) rune {
	if !atEOF {
		// Drop the last, possibly cut, line.
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			b = b[:i+1]
		}
	}
	best, bestScore, bestFields := ',', -1.0, 0
	for _, d := range []byte{',', ';', '\t', '|'} {
		counts := fieldCounts(b, d, 100)
		if len(counts) == 0 || counts[0] < 2 {
			continue
		}
		match := 0
		for _, c := range counts[1:] {
			if c == counts[0] {
				match++
			}
		}
		score := 1.0
		if len(counts) > 1 {
			score = float64(match) / float64(len(counts)-1)
		}
		if score > bestScore || score == bestScore && counts[0] > bestFields {
			best, bestScore, bestFields = rune(d), score, counts[0]
		}
	}
	return best
}

// fieldCounts returns the number of fields on each of the first max non-blank lines of
// b, splitting on d outside double quotes.
func fieldCounts(b []byte, d byte, most int) []int {
	var counts []int
	n, inQuote, blank := 1, false, true
	for _, c := range b {
		switch {
		case c == '"':
			inQuote = !inQuote
			blank = false
		case inQuote:
		case c == d:
			n++
			blank = false
		case c == '\n':
			if !blank {
				counts = append(counts, n)
				if len(counts) == most {
					return counts
				}
			}
			n, blank = 1, true
		case c != '\r' && c != ' ':
			blank = false
		}
	}
	if !blank {
		counts = append(counts, n)
	}
	return counts
}
