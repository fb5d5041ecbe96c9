package dataset

// The columns of a table being loaded: each column's state (colState), the
// dictionaries of categorical values and list items (dict), inferring a column's kind
// from a sample of its cells (infer), and converting each batch of cells into the
// column's typed values (convert), then finishing it (finish).

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/icp-dev/icp/profile"
)

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
	currencyNote string // note on numbers in more than one currency
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
	// commas counts values holding a comma but no ';' or '|'; commaVals and
	// commaItems are their distinct values and items (capped), to tell a comma-separated
	// list ("AWS, Slack") from names that hold commas ("Acme, Inc.").
	commas                           int
	commaVals, commaItems            map[string]bool
	currencies                       map[string]int // numbers per currency (see currencyOf)
	zeroOne                          bool
	boolWords                        bool     // a yes/no value is a word such as "won" or "active"
	distinct                         []string // up to 3 folded values
	dmy, mdy, ambiguous              int
	decComma, decPoint, decAmbiguous int // numbers showing a decimal comma, point, neither
	decCommaExample                  string
}

// currencyNote says that a numeric column's sampled values carry several currencies.
func currencyNote(counts map[string]int, sampled int) string {
	marks := make([]string, 0, len(counts))
	for m := range counts {
		marks = append(marks, m)
	}
	slices.SortFunc(marks, func(a, b string) int {
		if c := cmp.Compare(counts[b], counts[a]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(marks))
	for i, m := range marks {
		parts[i] = fmt.Sprintf("%s %d", m, counts[m])
	}
	return fmt.Sprintf("numbers in more than one currency (%s among the first %d rows): they are compared as written, without conversion; convert them to one currency, or read a converted column", strings.Join(parts, ", "), sampled)
}

// Bounds of the comma-list check: distinct values and items tracked in a sample.
const (
	maxCommaVals  = 4096
	maxCommaItems = 256
)

// commaList records a sampled value holding a comma (and no ';' or '|').
func (st *sampleStats) commaList(v string) {
	st.commas++
	if st.commaVals == nil {
		st.commaVals, st.commaItems = map[string]bool{}, map[string]bool{}
	}
	if len(st.commaVals) < maxCommaVals {
		st.commaVals[FoldCategory(v)] = true
	}
	body, _ := listBody(v)
	for i := 0; i <= len(body) && len(st.commaItems) <= maxCommaItems; {
		var item string
		item, i = nextItem(body, i, true)
		if !IsMissing(item) {
			st.commaItems[FoldCategory(item)] = true
		}
	}
}

// isCommaList reports whether the sampled values read as comma-separated lists: at
// least 20% of them hold a comma, and their items are few (at most 200) and recur (a
// third as many distinct items as distinct values at most, over at least 10 values).
// Names that hold commas ("Acme, Inc.", "Austin, TX") give about as many items as
// values, band labels ("Small, < 50") more: they stay categories.
func (st *sampleStats) isCommaList() bool {
	return st.commas*100 >= st.values*20 && len(st.commaVals) >= 10 &&
		len(st.commaItems) <= 200 && 3*len(st.commaItems) <= len(st.commaVals)
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
					if len(st.distinct) <= 2 && !slices.Contains(st.distinct, f) {
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
					if cur := currencyOf(v); cur != "" {
						if st.currencies == nil {
							st.currencies = map[string]int{}
						}
						st.currencies[cur]++
					}
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
			switch {
			case strings.IndexByte(v, ';') >= 0 || strings.IndexByte(v, '|') >= 0:
				st.multi++
			case len(v) >= 2 && v[0] == '[' && v[len(v)-1] == ']':
				st.multi++ // a JSON or Python list
			case strings.IndexByte(v, ',') >= 0:
				st.commaList(v)
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
		case st.multi*100 >= st.values*20 || st.isCommaList():
			k = Multi
		}
		cs.col.Kind = k
	}
	cs.decPoint, cs.decAmbig, cs.decExample = st.decPoint, st.decAmbiguous, st.decCommaExample
	if len(st.currencies) > 1 {
		cs.currencyNote = currencyNote(st.currencies, n)
	}
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
// y, true, t, 1, no, n, false, f, 0, and their localised forms: ja, nein, oui, non,
// ...), not a word with a meaning of its own such as "won", "lost", "active" or
// "churned".
func plainBool(f string) bool {
	return (slices.Contains(boolYes, f) || slices.Contains(boolNo, f)) && !slices.Contains(boolMeaningful, f)
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
			s, comma := listBody(b.cell(r, c))
			start := len(col.ItemCodes)
			for i := 0; i <= len(s); {
				var item string
				item, i = nextItem(s, i, comma)
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
	if code < 0 || slices.Contains(col.ItemCodes[start:], code) {
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
	if c.Kind == Numeric && cs.currencyNote != "" {
		cs.notes = append(cs.notes, cs.currencyNote)
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
