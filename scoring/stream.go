package scoring

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// Columns appended (or, in a file that already has them, replaced) by ScoreCSV.
const (
	ColScore   = "icp_score"
	ColTier    = "icp_tier"
	ColReasons = "icp_reasons"
)

// StreamOptions tune ScoreCSV.
type StreamOptions struct {
	Name     string         // file name for messages ("customers.csv:57: ..."); default "input"
	Progress func(rows int) // called now and then with the rows scored so far, and at the end
	// AbsentAsBlank reads a column the profile uses but the input lacks as blank in
	// every row (StreamStats.Absent lists them) instead of failing.
	AbsentAsBlank bool
}

// StreamStats summarise a ScoreCSV run.
type StreamStats struct {
	Rows    int            // data rows scored
	PerTier map[string]int // rows per tier, every name of Scoring.TierNames present
	Missing []int          // per criterion: rows with no usable value
	Absent  []string       // columns the profile uses that the input lacks, read as blank (StreamOptions.AbsentAsBlank)
}

const (
	streamBufSize  = 64 << 10 // the output buffer
	progressRows   = 1 << 14  // rows between Progress calls
	matchCacheSize = 4096     // entries per condition cache before it is cleared
	matchCacheCell = 64       // longer cells are matched without the cache
	patternCache   = 4096     // match patterns remembered with their output cells
)

// ScoreCSV reads CSV records from r, scores each against p and writes them to w
// unchanged (every column, in order) followed by icp_score, icp_tier and icp_reasons. A
// header that already has those columns (a file scored before) gets them replaced
// instead. It streams: memory does not grow with the input.
//
// The input may start with a UTF-8 byte order mark (dropped). The delimiter (',', ';',
// tab or '|') is detected from the start of the input and used for the output too, as
// are CRLF line ends. Every row must have as many fields as the header; blank lines
// are skipped. Every output cell goes through SafeCell.
//
// Errors name the input ("customers.csv:57: ..."); on error the stats cover the rows
// written so far and the output is incomplete.
func ScoreCSV(r io.Reader, w io.Writer, p *profile.Profile, opt StreamOptions) (StreamStats, error) {
	name := opt.Name
	if name == "" {
		name = "input"
	}
	stats := StreamStats{Missing: make([]int, len(p.Criteria))}

	rr, err := dataset.NewCSVReader(r, name)
	if err != nil {
		return stats, err
	}
	comma, crlf := rr.Comma(), rr.CRLF()
	rec, err := rr.Read()
	if err == io.EOF {
		return stats, fmt.Errorf("%s: the file is empty; expected a header row", name)
	}
	if err != nil {
		return stats, err
	}
	headerLine := rr.Line()
	header := make([]string, len(rec))
	for i, h := range rec {
		header[i] = strings.Clone(h) // rec points into the reader's buffer
	}
	ncol := len(header)
	keys := make([]string, ncol)
	for i, h := range header {
		keys[i] = strings.TrimSpace(h)
	}

	// Output layout: the input columns, then whichever icp_* columns the input lacks.
	out := append([]string(nil), header...)
	slot := func(col string) int {
		for i, k := range keys {
			if strings.EqualFold(k, col) {
				return i
			}
		}
		out = append(out, col)
		return len(out) - 1
	}
	iScore, iTier, iReasons := slot(ColScore), slot(ColTier), slot(ColReasons)
	// appended: the input has none of the icp_* columns, so that a row is its cells
	// followed by the pattern's three.
	appended := iScore == ncol && iTier == ncol+1 && iReasons == ncol+2

	m, absent, err := compile(p, keys, opt.AbsentAsBlank)
	if err != nil {
		return stats, fmt.Errorf("%s:%d: %w", name, headerLine, err)
	}
	stats.Absent = absent
	sc := newStreamScorer(m)
	sc.comma, sc.crlf = comma, crlf

	// Each row is built in row and written with one call; bw holds the output until
	// it is large enough to be worth a write.
	bw := bufio.NewWriterSize(w, streamBufSize)
	var row []byte
	for i, c := range out {
		if i > 0 {
			row = append(row, comma)
		}
		row = appendCell(row, c, comma, crlf, true)
	}
	row = appendEOL(row, crlf)
	if _, err := bw.Write(row); err != nil {
		return stats, fmt.Errorf("write output: %w", err)
	}

	nextProgress := progressRows
	for {
		rec, err = rr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.finish(&stats)
			bw.Flush()
			return stats, err
		}
		if len(rec) != ncol {
			if len(rec) == 1 && ncol > 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a line of blanks
			}
			sc.finish(&stats)
			bw.Flush()
			return stats, fmt.Errorf("%s:%d: row has %d %s, the header has %d; check for an unquoted delimiter or a missing quote",
				name, rr.Line(), len(rec), profile.Plural(len(rec), "field", "fields"), ncol)
		}
		e := sc.score(rec)
		row = row[:0]
		switch {
		case appended && rr.Raw() != nil && rawVerbatim(rr.Raw(), rec):
			// The line as read is the cells as written.
			row = append(row, rr.Raw()...)
			row = append(row, e.tail...)
		case appended:
			for i, c := range rec {
				if i > 0 {
					row = append(row, comma)
				}
				row = appendCell(row, c, comma, crlf, true)
			}
			row = append(row, e.tail...)
		default:
			for i := range out {
				if i > 0 {
					row = append(row, comma)
				}
				switch i {
				case iScore:
					row = appendCell(row, e.score, comma, crlf, false)
				case iTier:
					row = appendCell(row, e.tier, comma, crlf, false)
				case iReasons:
					row = appendCell(row, e.reasons, comma, crlf, false)
				default:
					row = appendCell(row, rec[i], comma, crlf, true)
				}
			}
			row = appendEOL(row, crlf)
		}
		if _, err := bw.Write(row); err != nil {
			sc.finish(&stats)
			return stats, fmt.Errorf("write output: %w", err)
		}
		if sc.rows >= nextProgress && opt.Progress != nil {
			opt.Progress(sc.rows)
			nextProgress += progressRows
		}
	}
	sc.finish(&stats)
	if err := bw.Flush(); err != nil {
		return stats, fmt.Errorf("write output: %w", err)
	}
	if opt.Progress != nil {
		opt.Progress(stats.Rows)
	}
	return stats, nil
}

// appendEOL appends a line end: "\r\n" when crlf is set, else "\n".
func appendEOL(dst []byte, crlf bool) []byte {
	if crlf {
		return append(dst, '\r', '\n')
	}
	return append(dst, '\n')
}

// rawVerbatim reports whether raw, a line without quotes whose cells are rec, is what
// writing rec's cells (through SafeCell, quoted as needed) gives.
func rawVerbatim(raw []byte, rec []string) bool {
	if bytes.IndexByte(raw, '\r') >= 0 {
		return false
	}
	for _, c := range rec {
		if !verbatim(c) {
			return false
		}
	}
	return true
}

// SafeCell neutralises a value that a spreadsheet would run as a formula (one starting
// with =, +, -, @, tab or carriage return) by prefixing a single quote. Plain decimal
// numbers such as "-12.5" or "+3e6" are left alone (see dataset.PlainDecimal).
func SafeCell(s string) string {
	if safePrefix(s) {
		return "'" + s
	}
	return s
}

// streamScorer scores rows as Matcher.ScoreInto does, with two caches: per condition,
// raw cell → (match, present), so that repeated values skip parsing and folding; and
// match pattern → the three output cells, so that a row costs no formatting.
type streamScorer struct {
	m       *Matcher
	crit    []condCache
	neg     []condCache
	disq    []condCache
	res     Result
	names   []string // Scoring.TierNames
	count   []int    // rows per entry of names
	rows    int
	missing []int // per criterion

	packed   bool // the pattern fits in a uint64 key
	patterns map[uint64]*patternEntry

	comma byte // the output's delimiter
	crlf  bool // the output's line ends are CRLF
}

// patternEntry is what a match pattern writes: the output cells, already safe.
type patternEntry struct {
	score, tier, reasons string
	tierIdx              int
	tail                 []byte // the three cells as written after a row's others, with the line end
}

func newStreamScorer(m *Matcher) *streamScorer {
	s := &streamScorer{
		m:        m,
		crit:     make([]condCache, len(m.crit)),
		neg:      make([]condCache, len(m.negc)),
		disq:     make([]condCache, len(m.disq)),
		res:      newResult(m.p),
		names:    m.p.Scoring.TierNames(),
		packed:   2*len(m.crit)+len(m.negc)+len(m.disq) <= 64,
		patterns: map[uint64]*patternEntry{},
	}
	s.count = make([]int, len(s.names))
	s.missing = make([]int, len(m.crit))
	for i := range s.crit {
		s.crit[i].init(&m.p.Criteria[i].Condition)
	}
	for i := range s.neg {
		s.neg[i].init(&m.p.NegativeTraits[i].Condition)
	}
	for i := range s.disq {
		s.disq[i].init(&m.p.Disqualifiers[i].Condition)
	}
	return s
}

// score matches one row and returns its output cells.
func (s *streamScorer) score(rec []string) *patternEntry {
	s.rows++
	var key uint64
	r := &s.res
	cell := func(col int) string {
		if col >= 0 && col < len(rec) {
			return rec[col]
		}
		return ""
	}
	for i, col := range s.m.crit {
		ok, present := s.crit[i].match(cell(col))
		r.Matched[i], r.Missing[i] = ok, !present
		switch {
		case ok:
			key |= 1 << (2 * i)
		case !present:
			key |= 2 << (2 * i)
			s.missing[i]++
		}
	}
	base := 2 * len(s.m.crit)
	for i, col := range s.m.negc {
		ok, _ := s.neg[i].match(cell(col))
		r.Negative[i] = ok
		if ok {
			key |= 1 << (base + i)
		}
	}
	base += len(s.m.negc)
	for i, col := range s.m.disq {
		ok, _ := s.disq[i].match(cell(col))
		r.Disqualified[i] = ok
		if ok {
			key |= 1 << (base + i)
		}
	}
	var e *patternEntry
	if s.packed {
		e = s.patterns[key]
	}
	if e == nil {
		e = s.entry()
		if s.packed {
			if len(s.patterns) >= patternCache {
				clear(s.patterns)
			}
			s.patterns[key] = e
		}
	}
	s.count[e.tierIdx]++
	return e
}

// entry builds the output cells of the pattern in s.res.
func (s *streamScorer) entry() *patternEntry {
	r := &s.res
	fit(s.m.p, s.m.points, s.m.neg, r)
	idx := -1
	for i, n := range s.names {
		if n == r.Tier {
			idx = i
			break
		}
	}
	if idx < 0 {
		s.names = append(s.names, r.Tier)
		s.count = append(s.count, 0)
		idx = len(s.names) - 1
	}
	e := &patternEntry{
		score:   strconv.Itoa(r.Score),
		tier:    SafeCell(r.Tier),
		reasons: SafeCell(s.m.Reasons(*r)),
		tierIdx: idx,
	}
	for _, c := range []string{e.score, e.tier, e.reasons} {
		e.tail = append(e.tail, s.comma)
		e.tail = appendCell(e.tail, c, s.comma, s.crlf, false)
	}
	e.tail = appendEOL(e.tail, s.crlf)
	return e
}

func (s *streamScorer) finish(st *StreamStats) {
	st.Rows = s.rows
	copy(st.Missing, s.missing)
	st.PerTier = make(map[string]int, len(s.names))
	for i, n := range s.names {
		st.PerTier[n] += s.count[i]
	}
}

// condCache remembers MatchRaw per raw cell for one condition. It clears itself when
// full, and switches itself off for good when under half its lookups hit (a column of
// mostly distinct values, such as amounts).
type condCache struct {
	c      *profile.Condition
	m      map[string]uint8
	hits   int // since the last clear
	misses int
	off    bool
}

func (cc *condCache) init(c *profile.Condition) {
	cc.c = c
	cc.m = make(map[string]uint8)
}

func (cc *condCache) match(cell string) (match, present bool) {
	if cc.off || len(cell) > matchCacheCell {
		return MatchRaw(*cc.c, cell)
	}
	if v, ok := cc.m[cell]; ok {
		cc.hits++
		return v&1 != 0, v&2 != 0
	}
	match, present = MatchRaw(*cc.c, cell)
	cc.misses++
	if len(cc.m) >= matchCacheSize {
		if cc.hits < cc.misses {
			cc.off, cc.m = true, nil
			return match, present
		}
		clear(cc.m)
		cc.hits, cc.misses = 0, 0
	}
	var v uint8
	if match {
		v |= 1
	}
	if present {
		v |= 2
	}
	cc.m[strings.Clone(cell)] = v
	return match, present
}
