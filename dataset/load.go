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
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

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

// colState is a column being loaded.
type colState struct {
	col       *Column
	forced    bool
	maxLevels int
	dict      *dict
	keepText  bool    // Options.KeepText, or the column is in KeepTextOf
	keepRaw   bool    // the column is in KeepTextOf: Raw kept for Categorical too
	keepCells bool    // the column is in KeepCellsOf: every cell kept in Cells
	spellIDs  []int32 // with keepText, each row's spelling id while Categorical
	capHint   int     // rows expected in the file (see init): room for kept text

	bad      int // values that could not be read
	badLine  int
	badValue string

	sampled      int  // rows the kind was inferred from
	boolDigits   bool // inferred Boolean from a sample of only 0 and 1
	sampleEmpty  bool // inferred from a sample with no values
	dateOrder    int  // orderAuto, orderMDY or orderDMY
	dateMixed    bool // the sample has both day-first and month-first dates
	dateAmbig    int  // ambiguous dates read before the order was known
	dateLockLine int  // line where the order was fixed after the sample
	dateNote     string
	decimalComma bool   // numbers use a decimal comma (see parseNumberDecimalComma)
	decPoint     int    // sample numbers showing a decimal point
	decAmbig     int    // sample numbers with a separator that shows neither ("1.200")
	decExample   string // a sample number showing a decimal comma
	numberNote   string // note on the decimal separator
	notes        []string
	err          error
}

// dict dictionary-encodes categorical values and list items. Lookups go by the trimmed
// raw spelling first, so repeated values are neither folded nor allocated again.
type dict struct {
	spell      map[string]int32 // trimmed raw spelling -> spelling id
	spellLevel []int32          // level code per spelling, Missing for missing tokens
	spellCount []int
	spellText  []string
	level      map[string]int32 // folded value -> level code
	levels     []string
	scratch    []byte
	// recent caches spellings by a cheap hash of their bytes (length, first, middle and
	// last byte), in front of the map: a column of a few dozen values finds nearly
	// every cell here, at the cost of one comparison instead of hashing the whole
	// string (a third of the time categorical columns took to convert).
	recent [dictRecent]dictSlot
}

// dictRecent is the number of slots of dict.recent (a power of two).
const dictRecent = 64

// dictSlot is a spelling and its id + 1; the zero slot is empty.
type dictSlot struct {
	spelling string // the dictionary's own copy (spellText), never a cell of the input
	id1      int32  // spelling id + 1
}

// recentSlot returns the cache slot of a spelling.
func (d *dict) recentSlot(v string) *dictSlot {
	h := uint(len(v))
	if n := len(v); n > 0 {
		h = h*131 + uint(v[0])
		h = h*131 + uint(v[n/2])
		h = h*131 + uint(v[n-1])
	}
	return &d.recent[h&(dictRecent-1)]
}

// newDict returns an empty dictionary.
func newDict() *dict {
	return &dict{spell: make(map[string]int32), level: make(map[string]int32)}
}

// lookup returns the spelling id of a trimmed value, adding it when new.
func (d *dict) lookup(v string) int32 {
	slot := d.recentSlot(v)
	if slot.id1 > 0 && slot.spelling == v {
		return slot.id1 - 1
	}
	id, ok := d.spell[v]
	if !ok {
		id = d.add(v)
	}
	*slot = dictSlot{spelling: d.spellText[id], id1: id + 1}
	return id
}

// add adds a trimmed value not yet in the dictionary and returns its spelling id.
func (d *dict) add(v string) int32 {
	v = strings.Clone(v)
	code := Missing
	if !IsMissing(v) {
		d.scratch = profile.AppendFold(d.scratch[:0], v)
		c, ok := d.level[string(d.scratch)]
		if !ok {
			c = int32(len(d.levels))
			k := string(d.scratch)
			d.level[k] = c
			d.levels = append(d.levels, k)
		}
		code = c
	}
	id := int32(len(d.spellText))
	d.spell[v] = id
	d.spellLevel = append(d.spellLevel, code)
	d.spellCount = append(d.spellCount, 0)
	d.spellText = append(d.spellText, v)
	return id
}

// sampleStats summarises a column's sample values for inference.
type sampleStats struct {
	values, boolOK, numOK, dateOK, multi int
	zeroOne                              bool
	boolWords                            bool     // a yes/no value is a word such as "won" or "active"
	distinct                             []string // up to 3 folded values
	dmy, mdy, ambiguous                  int
	decComma, decPoint, decAmbiguous     int // numbers showing a decimal comma, point, neither
	decCommaExample                      string
}

// inferKinds decides the kind of every column that is not forced from the first n rows,
// on up to workers goroutines.
func inferKinds(cols []*colState, batches []*batch, ncol, n, workers int) {
	forColumns(ncol, workers, func(c int) { cols[c].infer(batches, c, ncol, n) })
}

// forColumns calls f for every column index; with workers > 1 the columns are handed
// out one at a time to that many goroutines.
func forColumns(ncol, workers int, f func(c int)) {
	if workers <= 1 {
		for c := 0; c < ncol; c++ {
			f(c)
		}
		return
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := int(next.Add(1)) - 1; c < ncol; c = int(next.Add(1)) - 1 {
				f(c)
			}
		}()
	}
	wg.Wait()
}

// infer decides the column's kind (unless forced) and date order from the first n rows.
func (cs *colState) infer(batches []*batch, c, ncol, n int) {
	st := sampleStats{zeroOne: true}
	cs.sampled = n
	maxFail := n / 20 // more failures than this rule out 95%
	numFail, dateFail := 0, 0
	left := n
	for _, b := range batches {
		for r := 0; r < len(b.lines) && left > 0; r++ {
			left--
			v := trim(b.cell(r, c))
			if IsMissing(v) {
				continue
			}
			st.values++
			if st.boolOK == st.values-1 {
				if _, ok := ParseBool(v); ok {
					st.boolOK++
					f := FoldCategory(v)
					if len(st.distinct) <= 2 && !contains(st.distinct, f) {
						st.distinct = append(st.distinct, f)
					}
					if !plainBool(f) {
						st.boolWords = true
					}
				}
			}
			if st.zeroOne && v != "0" && v != "1" {
				st.zeroOne = false
			}
			isNum := false
			if numFail <= maxFail {
				if _, ok := ParseNumber(v); ok {
					st.numOK++
					isNum = true
					switch decimalEvidence(v) {
					case ',':
						st.decComma++
						if st.decCommaExample == "" {
							st.decCommaExample = v
						}
					case '.':
						st.decPoint++
					default:
						if strings.IndexByte(v, '.') >= 0 || strings.IndexByte(v, ',') >= 0 {
							st.decAmbiguous++
						}
					}
				} else {
					numFail++
				}
			}
			if !isNum && dateFail <= maxFail {
				if _, ev, ok := parseDate(v, orderAuto); ok {
					st.dateOK++
					switch ev {
					case orderDMY:
						st.dmy++
					case orderMDY:
						st.mdy++
					case evAmbiguous:
						st.ambiguous++
					}
				} else {
					dateFail++
				}
			}
			if strings.IndexByte(v, ';') >= 0 || strings.IndexByte(v, '|') >= 0 {
				st.multi++
			}
		}
	}
	if !cs.forced {
		k := Categorical
		switch {
		case st.values == 0:
			cs.sampleEmpty = true
		case st.boolOK == st.values && (len(st.distinct) <= 2 || !st.boolWords):
			k = Boolean
			cs.boolDigits = st.zeroOne
		case st.numOK*100 >= st.values*95:
			k = Numeric
		case st.dateOK*100 >= st.values*95:
			k = Date
		case st.multi*100 >= st.values*20:
			k = Multi
		}
		cs.col.Kind = k
	}
	cs.decPoint, cs.decAmbig, cs.decExample = st.decPoint, st.decAmbiguous, st.decCommaExample
	if st.decComma > 0 && st.decPoint == 0 {
		cs.decimalComma = true
		if st.decAmbiguous > 0 {
			cs.numberNote = fmt.Sprintf(`numbers read with a decimal comma (values such as %s appear): "1,200" is 1.2 and "1.200" is 1200`, quoteValue(st.decCommaExample))
		}
	}
	if cs.col.Kind == Date {
		switch {
		case st.dmy > 0 && st.mdy == 0:
			cs.dateOrder = orderDMY
			if st.ambiguous > 0 {
				cs.dateNote = "dates read as day/month/year (values such as 31/01/2024 appear)"
			}
		case st.mdy > 0 && st.dmy == 0:
			cs.dateOrder = orderMDY
			if st.ambiguous > 0 {
				cs.dateNote = "dates read as month/day/year (values such as 01/31/2024 appear)"
			}
		case st.mdy > 0 && st.dmy > 0:
			cs.dateMixed = true
			cs.dateNote = "dates mix day-first and month-first forms; each was read as its numbers allow, ambiguous ones by the separator ('/' month first, '.' and '-' day first)"
		}
	}
}

// fileDecimalComma gives the decimal-comma reading to numeric columns whose sample
// shows no decimal separator of its own but has numbers such as "1.200" or "2.500",
// when another numeric column of the file shows decimal commas and none shows a decimal
// point: in a file written with decimal commas, "1.200" is 1200, not 1.2.
func fileDecimalComma(cols []*colState) {
	var from *colState
	for _, cs := range cols {
		if cs.col.Kind != Numeric {
			continue
		}
		if cs.decPoint > 0 {
			return
		}
		if cs.decimalComma && from == nil {
			from = cs
		}
	}
	if from == nil {
		return
	}
	for _, cs := range cols {
		if cs.col.Kind == Numeric && !cs.decimalComma && cs.decAmbig > 0 {
			cs.decimalComma = true
			cs.numberNote = fmt.Sprintf(`numbers read with a decimal comma, like column %q (values such as %s): "1.200" is 1200 and "1,200" is 1.2`, from.col.Name, quoteValue(from.decExample))
		}
	}
}

// plainBool reports whether a folded yes/no value is one of the plain spellings (yes,
// y, true, t, 1, no, n, false, f, 0), not a word with a meaning of its own such as
// "won", "lost", "active" or "churned".
func plainBool(f string) bool {
	switch f {
	case "yes", "y", "true", "t", "1", "1.0", "no", "n", "false", "f", "0", "0.0":
		return true
	}
	return false
}

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// init allocates the column's storage for about n rows.
func (cs *colState) init(n int) {
	c := cs.col
	cs.capHint = n
	switch c.Kind {
	case Numeric, Boolean, Date:
		c.Num = make([]float64, 0, n)
	case Categorical:
		c.Codes = make([]int32, 0, n)
		cs.dict = newDict()
		if cs.keepText {
			cs.spellIDs = make([]int32, 0, n)
		}
	case Multi:
		c.ItemOffsets = make([]int32, 1, n+1)
		c.ItemCodes = make([]int32, 0, n)
		c.MultiMissing = make([]bool, 0, n)
		cs.dict = newDict()
	}
	// Kept text grows by a batch at a time: without room made here, growing a
	// million-row column copies it about five times over (0.3 s and 250 MB on 1M rows).
	if cs.keepText && (c.Kind == Text || c.Kind == Empty || c.Kind == Multi) {
		c.Raw = make([]string, 0, n)
	}
	if cs.keepCells {
		c.Cells = make([]string, 0, n)
	}
}

// convertColumns converts one batch, column by column, on up to workers goroutines.
func convertColumns(cols []*colState, b *batch, ncol, workers int) error {
	forColumns(ncol, workers, func(c int) {
		cols[c].keepCellsOf(b, c)
		cols[c].convert(b, c, ncol)
	})
	for _, cs := range cols {
		if cs.err != nil {
			return cs.err
		}
	}
	return nil
}

// convert appends the column's values of batch b; c is the column's index.
func (cs *colState) convert(b *batch, c, ncol int) {
	col := cs.col
	n := len(b.lines)
	switch col.Kind {
	case Numeric:
		cs.convertNumeric(b, c, ncol, 0)
	case Boolean:
		for r := 0; r < n; r++ {
			s := b.cell(r, c)
			if v, ok := ParseBool(s); ok {
				x := 0.0
				if v {
					x = 1
				}
				col.Num = append(col.Num, x)
				continue
			}
			if !IsMissing(s) && cs.boolDigits {
				if _, ok := ParseNumber(s); ok {
					col.Kind = Numeric
					cs.notes = append(cs.notes, fmt.Sprintf("the first %d rows held only 0 and 1, but line %d has %s: read as numeric", cs.sampled, b.lines[r], quoteValue(s)))
					cs.convertNumeric(b, c, ncol, r)
					return
				}
			}
			cs.missingOrBad(s, b.lines[r])
			col.Num = append(col.Num, math.NaN())
		}
	case Date:
		for r := 0; r < n; r++ {
			s := b.cell(r, c)
			d, ev, ok := parseDate(s, cs.dateOrder)
			if ok {
				switch {
				case ev == evAmbiguous && cs.dateOrder == orderAuto:
					cs.dateAmbig++
				case (ev == orderDMY || ev == orderMDY) && cs.dateOrder == orderAuto && !cs.dateMixed:
					cs.dateOrder = ev
					cs.dateLockLine = b.lines[r]
				}
				col.Num = append(col.Num, d)
				continue
			}
			cs.missingOrBad(s, b.lines[r])
			col.Num = append(col.Num, math.NaN())
		}
	case Categorical:
		for r := 0; r < n; r++ {
			cs.addCategory(b.cell(r, c))
		}
		if len(cs.dict.levels) > cs.maxLevels {
			cs.toText(fmt.Sprintf("more than %d distinct values by line %d (names, ids or free text?): treated as text, not as an attribute", cs.maxLevels, b.lines[n-1]))
		}
	case Multi:
		d := cs.dict
		if cs.keepText {
			col.Raw = appendRaw(col.Raw, b, c, n, true)
		}
		// Room for the file's items at the rate seen so far (init made room for one
		// per row; lists hold several).
		if rows := len(col.ItemOffsets) - 1; rows > 0 && len(col.ItemCodes) > rows {
			perRow := float64(len(col.ItemCodes)) / float64(rows)
			if need := len(col.ItemCodes) + int(perRow*float64(n)) + n; cap(col.ItemCodes) < need {
				// (At most four times the items so far: a first batch of long lists
				// must not size a huge column.)
				want := max(need, min(int(perRow*float64(cs.capHint)*1.05), 4*len(col.ItemCodes)))
				col.ItemCodes = slices.Grow(col.ItemCodes, want-len(col.ItemCodes))
			}
		}
		for r := 0; r < n; r++ {
			s := b.cell(r, c)
			start := len(col.ItemCodes)
			for i := 0; i <= len(s); {
				var item string
				item, i = nextItem(s, i)
				if item != "" {
					cs.addItem(start, item)
				}
			}
			if !cs.endItems(start, "load fewer rows") {
				return
			}
		}
		if len(d.levels) > cs.maxLevels {
			cs.toText(fmt.Sprintf("more than %d distinct items by line %d: treated as text, not as an attribute", cs.maxLevels, b.lines[n-1]))
		}
	default: // Text, Empty: count missing values (and keep them with keepText)
		for r := 0; r < n; r++ {
			if IsMissing(b.cell(r, c)) {
				col.MissingCount++
			}
		}
		if cs.keepText {
			col.Raw = appendRaw(col.Raw, b, c, n, true)
		}
	}
}

// keepCellsOf appends column c's cells of batch b to Column.Cells, as written
// (trimmed), when the column is in Options.KeepCellsOf.
func (cs *colState) keepCellsOf(b *batch, c int) {
	if !cs.keepCells {
		return
	}
	cs.col.Cells = appendRaw(cs.col.Cells, b, c, len(b.lines), false)
}

// appendRaw appends the first n cells of column c of batch b to dst, trimmed (and ""
// for missing tokens with blankMissing, as rawText), copied out of the batch into one
// allocation for them all: a column kept whole costs a string header per row, not an
// allocation per cell.
func appendRaw(dst []string, b *batch, c, n int, blankMissing bool) []string {
	cells := make([]string, n) // views into the batch, copied below
	size := 0
	for r := range n {
		if blankMissing {
			cells[r] = keptText(b.cell(r, c))
		} else {
			cells[r] = strings.TrimSpace(b.cell(r, c))
		}
		size += len(cells[r])
	}
	var arena strings.Builder
	arena.Grow(size)
	for _, s := range cells {
		arena.WriteString(s)
	}
	all, off := arena.String(), 0
	dst = slices.Grow(dst, n)
	for _, s := range cells {
		dst = append(dst, all[off:off+len(s)])
		off += len(s)
	}
	return dst
}

// rawText is a cell as kept in Column.Raw (see keptText), in its own allocation.
func rawText(s string) string { return strings.Clone(keptText(s)) }

// keptText is a cell as Column.Raw keeps it: trimmed, "" when missing. It may share
// the cell's storage.
func keptText(s string) string {
	s = strings.TrimSpace(s)
	if IsMissing(s) {
		return ""
	}
	return s
}

// convertNumeric appends the numbers of batch rows from..end of column c.
func (cs *colState) convertNumeric(b *batch, c, ncol, from int) {
	col := cs.col
	parse := ParseNumber
	if cs.decimalComma {
		parse = parseNumberDecimalComma
	}
	for r := from; r < len(b.lines); r++ {
		s := b.cell(r, c)
		if v, ok := parse(s); ok {
			col.Num = append(col.Num, v)
			continue
		}
		cs.missingOrBad(s, b.lines[r])
		col.Num = append(col.Num, math.NaN())
	}
}

// addItem adds one item to the current row of a list column (the row's items start at
// start), skipping missing tokens and repeats.
func (cs *colState) addItem(start int, item string) {
	d, col := cs.dict, cs.col
	id := d.lookup(item)
	code := d.spellLevel[id]
	if code < 0 || containsCode(col.ItemCodes[start:], code) {
		return
	}
	d.spellCount[id]++
	col.ItemCodes = append(col.ItemCodes, code)
}

// endItems closes the current row of a list column (its items start at start). It
// reports false, with cs.err set, when the column outgrows its offsets; fewer says how
// to read fewer rows.
func (cs *colState) endItems(start int, fewer string) bool {
	col := cs.col
	empty := len(col.ItemCodes) == start
	if empty {
		col.MissingCount++
	}
	col.MultiMissing = append(col.MultiMissing, empty)
	if len(col.ItemCodes) > math.MaxInt32 {
		cs.err = fmt.Errorf("column %q has more than %d list items; %s", col.Name, math.MaxInt32, fewer)
		return false
	}
	col.ItemOffsets = append(col.ItemOffsets, int32(len(col.ItemCodes)))
	return true
}

// containsCode reports whether codes holds c.
func containsCode(codes []int32, c int32) bool {
	for _, x := range codes {
		if x == c {
			return true
		}
	}
	return false
}

// missingOrBad counts a value that did not parse: missing, or bad (also missing).
func (cs *colState) missingOrBad(s string, line int) {
	cs.col.MissingCount++
	if IsMissing(s) {
		return
	}
	if cs.bad == 0 {
		cs.badLine = line
		cs.badValue = quoteValue(s)
	}
	cs.bad++
}

// quoteValue quotes a cell for a message, shortened to about 40 characters.
func quoteValue(s string) string {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:40]) + "…"
	}
	return strconv.Quote(s)
}

// toText drops a Categorical or Multi column's values, keeping the missing count.
func (cs *colState) toText(note string) {
	c := cs.col
	if cs.keepText && c.Kind == Categorical && cs.dict != nil {
		c.Raw = make([]string, len(cs.spellIDs), max(len(cs.spellIDs), cs.capHint))
		for i, id := range cs.spellIDs {
			if cs.dict.spellLevel[id] != Missing {
				c.Raw[i] = cs.dict.spellText[id]
			}
		}
	}
	cs.spellIDs = nil
	c.Kind = Text
	c.Codes, c.Levels, c.Display, c.Counts = nil, nil, nil, nil
	c.ItemOffsets, c.ItemCodes, c.MultiMissing = nil, nil, nil
	cs.dict = nil
	cs.notes = append(cs.notes, note)
}

// finish completes the column after the last row.
func (cs *colState) finish(rows int) {
	c := cs.col
	if cs.bad > 0 {
		what := map[Kind]string{Numeric: "a number", Boolean: "yes/no", Date: "a date"}[c.Kind]
		cs.notes = append(cs.notes, fmt.Sprintf("%d %s could not be read as %s and count as missing (first at line %d: %s); the rows are kept; fix the values in the file",
			cs.bad, profile.Plural(cs.bad, "value", "values"), what, cs.badLine, cs.badValue))
	}
	if c.Kind == Numeric && cs.numberNote != "" {
		cs.notes = append(cs.notes, cs.numberNote)
	}
	if c.Kind == Date {
		if cs.dateNote != "" {
			cs.notes = append(cs.notes, cs.dateNote)
		}
		if cs.dateLockLine > 0 && cs.dateAmbig > 0 {
			cs.notes = append(cs.notes, fmt.Sprintf("the day/month order became clear only at line %d; %d earlier ambiguous %s read by the separator ('/' month first, '.' and '-' day first)",
				cs.dateLockLine, cs.dateAmbig, profile.Plural(cs.dateAmbig, "date was", "dates were")))
		}
	}
	d0 := cs.dict
	if d := cs.dict; d != nil {
		c.Levels = d.levels
		c.Counts = make([]int, len(d.levels))
		c.Display = make([]string, len(d.levels))
		best := make([]int, len(d.levels))
		for id, lv := range d.spellLevel {
			if lv < 0 {
				continue
			}
			n := d.spellCount[id]
			c.Counts[lv] += n
			if n > best[lv] {
				best[lv] = n
				c.Display[lv] = d.spellText[id]
			}
		}
		if !cs.forced && rows >= 200 && len(c.Levels)*2 > rows {
			what := "values"
			if c.Kind == Multi {
				what = "items"
			}
			cs.toText(fmt.Sprintf("%d distinct %s in %d rows (more than half; names, ids or free text?): treated as text, not as an attribute", len(c.Levels), what, rows))
		}
		cs.dict = nil
	}
	if cs.sampleEmpty && c.Kind != Empty && c.MissingCount < rows {
		cs.notes = append(cs.notes, fmt.Sprintf("no values in the first %d rows; read as %s", min(rows, cs.sampled), c.Kind))
	}
	if note := cs.emptyReason(rows); note != "" {
		if cs.forced {
			cs.notes = append(cs.notes, note)
		} else {
			c.Kind = Empty
			c.Num, c.Codes, c.Levels, c.Display, c.Counts = nil, nil, nil, nil, nil
			c.ItemOffsets, c.ItemCodes, c.MultiMissing = nil, nil, nil
			cs.notes = append(cs.notes, note+": no information")
		}
	}
	if c.Kind == Categorical && cs.keepRaw && cs.spellIDs != nil && d0 != nil {
		c.Raw = make([]string, len(cs.spellIDs))
		for i, id := range cs.spellIDs {
			if d0.spellLevel[id] != Missing {
				c.Raw[i] = d0.spellText[id]
			}
		}
	} else if c.Kind != Text {
		c.Raw = nil
	}
	cs.spellIDs = nil
	c.Notes = cs.notes
}

// emptyReason says why the column holds no information ("" when it does).
func (cs *colState) emptyReason(rows int) string {
	c := cs.col
	if c.MissingCount >= rows {
		return "no value in any row"
	}
	if c.MissingCount > 0 {
		return ""
	}
	switch c.Kind {
	case Numeric, Boolean, Date:
		if len(c.Num) == 0 {
			return ""
		}
		for _, x := range c.Num[1:] {
			if x != c.Num[0] {
				return ""
			}
		}
		switch {
		case c.Kind == Numeric:
			return fmt.Sprintf("the same value (%s) in every row", strconv.FormatFloat(c.Num[0], 'g', -1, 64))
		case c.Kind == Boolean && c.Num[0] == 1:
			return "the same value (yes) in every row"
		case c.Kind == Boolean:
			return "the same value (no) in every row"
		}
		return "the same value in every row"
	case Categorical:
		if len(c.Levels) == 1 {
			return fmt.Sprintf("the same value (%s) in every row", quoteValue(c.Display[0]))
		}
	case Multi:
		if len(c.Levels) == 1 {
			return fmt.Sprintf("the same value (%s) in every row", quoteValue(c.Display[0]))
		}
	}
	return ""
}
