package workflow

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/radix"
	"github.com/icp-dev/icp/profile"
)

// keyHeaders are the header keys (dataset.HeaderKey) of id and name columns whose
// values the loader keeps even when they are text, so that duplicate ids and
// spreadsheet total rows can be found and named.
var keyHeaders = []string{"customerid", "accountid", "companyid", "recordid", "hsobjectid", "id", "customer", "account",
	"name", "companyname", "accountname", "customername", "company"}

// totalKeys are cell values (dataset.HeaderKey) that mark a spreadsheet total row.
var totalKeys = map[string]bool{"total": true, "totals": true, "grandtotal": true, "subtotal": true, "subtotals": true, "sum": true, "overalltotal": true}

// hygiene is what the checks before the analysis found in a customers table.
type hygiene struct {
	table    *dataset.Table // without total rows and repeated rows
	analysed *dataset.Table // table without the excluded columns: what the analysis sees
	warnings []string
	notes    []string
	excluded []analysis.AttributeNote // columns left out, in column order
}

// checkInput runs the checks on a customers table whose roles are known: spreadsheet
// total rows (left out), duplicate ids (repeats counted once; conflicting rows an error
// unless dup is "first" or "last"), outcome values that cannot be right (warnings;
// NPS values off its scale count as missing), and the columns to leave out of the
// analysis: those named in exclude and those analysis.Exclusions finds (unless in
// allow). With lenient, conflicting duplicates are a warning whatever dup says (for
// inspect). Without dedupe, duplicate ids are not looked for (a table joined from
// deals, whose accounts crm.Join has already checked). Errors name the file.
func checkInput(t *dataset.Table, roles analysis.Roles, exclude, allow []string, dup string, lenient, dedupe bool) (*hygiene, error) {
	h := &hygiene{table: t}
	// Columns named by --exclude must exist and play no role.
	excl := map[string]string{}
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.Name
	}
	// A column named by --exclude or --allow that the file lacks is a typo: it would
	// change nothing, silently.
	noSuch := func(flag, x string) error {
		msg := fmt.Sprintf("%s %q: no such column in %s", flag, x, t.Path)
		if near := dataset.Closest(x, headers); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return fmt.Errorf("%s", msg)
	}
	for _, x := range exclude {
		c := t.Column(strings.TrimSpace(x))
		if c == nil {
			return nil, noSuch("--exclude", x)
		}
		for role, col := range roles.Map() {
			if col == c.Name {
				return nil, fmt.Errorf("--exclude %q: it is the %s column; name another %s column with --%s, or leave it out of --exclude", x, role, role, role)
			}
		}
		excl[c.Name] = "excluded with --exclude"
	}
	for _, x := range allow {
		if t.Column(strings.TrimSpace(x)) == nil {
			return nil, noSuch("--allow", x)
		}
	}

	// The leakage guard's correlations run beside the row checks, on all rows: almost
	// always no row is left out, and when one is they are taken again.
	var found []analysis.Exclusion
	guard := make(chan struct{})
	go func() {
		defer close(guard)
		found = analysis.Exclusions(t, roles, allow)
	}()
	defer func() { <-guard }() // (an error below returns only once it is done)

	rows := make([]int, 0, t.Rows)
	keepRow := make([]bool, t.Rows)
	for i := range keepRow {
		keepRow[i] = true
	}
	h.totalRows(t, roles, keepRow)
	if dedupe {
		if err := h.duplicates(t, roles, keepRow, dup, lenient); err != nil {
			return nil, err
		}
	}
	for i, k := range keepRow {
		if k {
			rows = append(rows, i)
		}
	}
	if len(rows) < t.Rows {
		h.table = t.Select(rows)
	}
	h.plausible(roles)
	<-guard
	if h.table != t {
		found = analysis.Exclusions(h.table, roles, allow)
	}

	short := map[string]string{}
	for _, e := range found {
		if _, named := excl[e.Column]; !named {
			excl[e.Column], short[e.Column] = e.Reason, e.Short
		}
	}
	if len(excl) == 0 {
		h.analysed = h.table
		return h, nil
	}
	a := *h.table
	a.Columns = nil
	var auto []string
	for _, c := range h.table.Columns {
		why, ok := excl[c.Name]
		if !ok {
			a.Columns = append(a.Columns, c)
			continue
		}
		h.excluded = append(h.excluded, analysis.AttributeNote{Column: c.Name, Kind: c.Kind.String(), Reason: why})
		if s := short[c.Name]; s != "" {
			auto = append(auto, fmt.Sprintf("%q (%s)", c.Name, s))
		}
	}
	h.analysed = &a
	if len(auto) > 0 {
		h.notes = append(h.notes, fmt.Sprintf("left out of the attributes before the analysis: %s; admit one with --allow COLUMN if it is known before the sale", strings.Join(auto, "; ")))
	}
	return h, nil
}

// idValue returns a function giving row i's id as text ("" when missing), or nil when
// the id column keeps no values per row.
func idValue(c *dataset.Column) func(i int) string {
	switch {
	case c == nil:
		return nil
	case c.Raw != nil:
		return func(i int) string { return c.Raw[i] }
	case c.Kind == dataset.Categorical:
		return func(i int) string {
			if c.Codes[i] < 0 {
				return ""
			}
			return c.Display[c.Codes[i]]
		}
	case c.Kind == dataset.Numeric:
		return func(i int) string {
			if c.Num[i] != c.Num[i] {
				return ""
			}
			return strconv.FormatFloat(c.Num[i], 'f', -1, 64)
		}
	}
	return nil
}

// line is data row i's line in the file.
func line(t *dataset.Table, i int) int {
	if i < len(t.Line) {
		return t.Line[i]
	}
	return i + 2
}

// totalRows marks rows whose id or name is "Total", "Subtotal", "Grand total" or
// "Sum" (a spreadsheet total row) as not kept, with a warning.
func (h *hygiene) totalRows(t *dataset.Table, roles analysis.Roles, keep []bool) {
	var cols []*dataset.Column
	for _, c := range t.Columns {
		if c.Name == roles.ID || slices.Contains(keyHeaders, dataset.HeaderKey(c.Name)) {
			cols = append(cols, c)
		}
	}
	n, first, firstVal, firstCol := 0, -1, "", ""
	initials := newTotalInitials()
	for _, c := range cols {
		val := idValue(c)
		if val == nil {
			continue
		}
		for i := 0; i < t.Rows; i++ {
			if v := val(i); keep[i] && initials.maybeTotal(v) && totalKeys[dataset.HeaderKey(v)] {
				keep[i] = false
				n++
				if first < 0 || i < first {
					first, firstVal, firstCol = i, v, c.Name
				}
			}
		}
	}
	switch {
	case n == 1:
		h.warnings = append(h.warnings, fmt.Sprintf("line %d looks like a spreadsheet total row (%q in column %q) and was left out; remove total rows from the export", line(t, first), firstVal, firstCol))
	case n > 1:
		h.warnings = append(h.warnings, fmt.Sprintf("%d rows look like spreadsheet total rows (first at line %d: %q in column %q) and were left out; remove total rows from the export", n, line(t, first), firstVal, firstCol))
	}
}

// totalInitials is the set of the first letters of totalKeys (see maybeTotal).
type totalInitials [256]bool

func newTotalInitials() *totalInitials {
	var s totalInitials
	for k := range totalKeys {
		s[k[0]] = true
	}
	return &s
}

// maybeTotal reports whether v could have one of totalKeys as its HeaderKey: its first
// ASCII letter or digit begins one of them (in either case). It spares the key of
// almost every id and name.
func (s *totalInitials) maybeTotal(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i] | 0x20; c >= 'a' && c <= 'z' || v[i] >= '0' && v[i] <= '9' { // c: ASCII lower case; a digit is itself
			return s[c]
		}
	}
	return false
}

// repeatedIDs returns the kept rows of every id that is on more than one of them,
// ascending, one slice per id; val gives a row's id ("" for none). Ids are hashed and
// the hashes radix-sorted on their top 33 bits (a million ids without a
// million-entry map, in 3 passes), and the ids behind equal top bits compared, so
// hash collisions (about 60 pairs among a million ids) only cost a comparison.
func repeatedIDs(rows int, keep []bool, val func(int) string) [][]int {
	ps := make([]radix.Pair, 0, rows)
	for i := range rows {
		if id := val(i); keep[i] && id != "" {
			ps = append(ps, radix.Pair{Key: radix.StringKey(id), Index: int32(i)})
		}
	}
	const bits = 33
	ps = radix.SortTop(ps, bits) // stable: rows ascending within equal top bits
	var groups [][]int
	for start := 0; start < len(ps); {
		end := start + 1
		for end < len(ps) && ps[end].Key>>(64-bits) == ps[start].Key>>(64-bits) {
			end++
		}
		if end-start > 1 {
			// Split the run by id (a collision puts two ids in one run).
			byID := map[string][]int{}
			var order []string
			for _, p := range ps[start:end] {
				id := val(int(p.Index))
				if byID[id] == nil {
					order = append(order, id)
				}
				byID[id] = append(byID[id], int(p.Index))
			}
			for _, id := range order {
				if len(byID[id]) > 1 {
					groups = append(groups, byID[id])
				}
			}
		}
		start = end
	}
	return groups
}

// duplicates finds ids on several rows. Rows that agree in every value the loader
// kept are counted once, with a warning; rows that differ are
// an error naming the id, both lines and a differing column, unless dup is "first" or
// "last" (or lenient), which keep that row of each id with a warning.
func (h *hygiene) duplicates(t *dataset.Table, roles analysis.Roles, keep []bool, dup string, lenient bool) error {
	if roles.ID == "" {
		return nil
	}
	idc := t.Column(roles.ID)
	val := idValue(idc)
	if val == nil {
		return nil
	}
	// The later rows of each repeated id, visited in file order as one pass over the
	// file would (the examples in the messages are the first in the file); seen is the
	// row each id's later rows are compared with.
	groups := repeatedIDs(t.Rows, keep, val)
	seen := make([]int, len(groups))
	type later struct{ row, group int }
	var rows []later
	for g, rs := range groups {
		seen[g] = rs[0]
		for _, i := range rs[1:] {
			rows = append(rows, later{i, g})
		}
	}
	slices.SortFunc(rows, func(x, y later) int { return cmp.Compare(x.row, y.row) })
	repeats, conflicts := 0, 0
	var repeatEx string
	var conflictEx []string
	for _, r := range rows {
		i, j := r.row, seen[r.group]
		id := val(i)
		// Rows that agree in every value the loader kept are the same record for the
		// analysis (a text column it did not keep, such as notes, may still differ).
		col, a, b := crm.FirstDifference(t, j, i, idc)
		if col == "" {
			keep[i] = false
			repeats++
			if repeatEx == "" {
				repeatEx = fmt.Sprintf("first at line %d, a repeat of line %d", line(t, i), line(t, j))
			}
			continue
		}
		conflicts++
		if len(conflictEx) < 3 {
			conflictEx = append(conflictEx, fmt.Sprintf("id %q is on lines %d and %d with different values (column %q: %s vs %s)", id, line(t, j), line(t, i), col, a, b))
		}
		switch {
		case dup == "last":
			keep[j] = false
			seen[r.group] = i
		default:
			keep[i] = false
		}
	}
	if repeats > 0 {
		h.warnings = append(h.warnings, fmt.Sprintf("%d %s an earlier row (the same %q and every value the same) and %s counted once (%s); remove the repeats from the export",
			repeats, profile.Plural(repeats, "row repeats", "rows repeat"), roles.ID, profile.Plural(repeats, "was", "were"), repeatEx))
	}
	if conflicts == 0 {
		return nil
	}
	more := ""
	if conflicts > len(conflictEx) {
		more = fmt.Sprintf("; %d more", conflicts-len(conflictEx))
	}
	if dup == "" && !lenient {
		return fmt.Errorf("%s: %s%s; merge or remove the duplicate rows, or keep the first or the last row of each id with --duplicates first|last", t.Path, strings.Join(conflictEx, "; "), more)
	}
	which := "first"
	if dup == "last" {
		which = "last"
	}
	if lenient && dup == "" {
		h.warnings = append(h.warnings, fmt.Sprintf("%d %s on several rows with different values: %s%s; derive stops here unless --duplicates first|last says which row to keep", conflicts, profile.Plural(conflicts, "id is", "ids are"), strings.Join(conflictEx, "; "), more))
		return nil
	}
	h.warnings = append(h.warnings, fmt.Sprintf("%d %s on several rows with different values; the %s row of each was kept (--duplicates %s): %s%s", conflicts, profile.Plural(conflicts, "id is", "ids are"), which, which, strings.Join(conflictEx, "; "), more))
	return nil
}

// plausible checks the outcome values: NPS off its scale (0–10, or −100..100 when
// most values lie beyond 0–10) count as missing; negative LTV and an LTV larger than
// all the other rows together (a total row?) are warned about and kept.
func (h *hygiene) plausible(roles analysis.Roles) {
	t := h.table
	if c := t.Column(roles.NPS); roles.NPS != "" && c != nil && c.Kind == dataset.Numeric {
		known, small, wide := 0, 0, 0
		for _, v := range c.Num {
			if v == v {
				known++
				if v >= 0 && v <= 10 {
					small++
				}
				if v >= -100 && v <= 100 {
					wide++
				}
			}
		}
		lo, hi, scale := 0.0, 10.0, "0–10"
		if small*5 < known*4 && wide > small {
			lo, hi, scale = -100, 100, "−100..100"
		}
		bad, first := 0, -1
		num := slices.Clone(c.Num)
		for i, v := range num {
			if v == v && (v < lo || v > hi) {
				if first < 0 {
					first = i
				}
				bad++
				num[i] = math.NaN()
			}
		}
		if bad > 0 {
			nc := *c
			nc.Num, nc.MissingCount = num, c.MissingCount+bad
			h.replace(c, &nc)
			h.warnings = append(h.warnings, fmt.Sprintf("column %q: %d %s outside the NPS scale %s (first at line %d: %s) and count as missing; fix them in the file, or name the NPS column with --nps COLUMN",
				c.Name, bad, profile.Plural(bad, "value is", "values are"), scale, line(t, first), fmtNum(c.Num[first])))
		}
	}
	if c := t.Column(roles.LTV); roles.LTV != "" && c != nil && c.Kind == dataset.Numeric {
		neg, first, known := 0, -1, 0
		sum, top, topRow := 0.0, math.Inf(-1), -1
		for i, v := range c.Num {
			if v != v {
				continue
			}
			known++
			sum += v
			if v > top {
				top, topRow = v, i
			}
			if v < 0 {
				if first < 0 {
					first = i
				}
				neg++
			}
		}
		if neg > 0 {
			h.warnings = append(h.warnings, fmt.Sprintf("column %q: %d %s negative (first at line %d: %s), which a lifetime value cannot be; they are kept and rank lowest; fix them in the file (refunds or credits?)",
				c.Name, neg, profile.Plural(neg, "value is", "values are"), line(t, first), fmtNum(c.Num[first])))
		}
		if rest := sum - top; known >= 10 && neg == 0 && top > 0 && top >= 0.5*rest {
			h.warnings = append(h.warnings, fmt.Sprintf("column %q: line %d holds %s, at least half the sum of all %d other rows (%s): a total row? it is kept; remove it from the export if it is one",
				c.Name, line(t, topRow), fmtNum(top), known-1, fmtNum(rest)))
		}
	}
}

// replace puts column nc in the place of c in the hygiene's table (a copy of its
// column list, so that the loaded table is not changed).
func (h *hygiene) replace(c, nc *dataset.Column) {
	t := *h.table
	t.Columns = slices.Clone(t.Columns)
	for i, x := range t.Columns {
		if x == c {
			t.Columns[i] = nc
		}
	}
	h.table = &t
}

// fmtNum writes a value from a file for a message: 87, -350, 4600000.5.
func fmtNum(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// attributes merges the excluded columns into the analysis' attribute notes, in the
// table's column order.
func (h *hygiene) attributes(t *dataset.Table, notes []analysis.AttributeNote) []analysis.AttributeNote {
	if len(h.excluded) == 0 {
		return notes
	}
	pos := map[string]int{}
	for i, c := range t.Columns {
		pos[c.Name] = i
	}
	out := append(slices.Clone(notes), h.excluded...)
	slices.SortStableFunc(out, func(a, b analysis.AttributeNote) int { return pos[a.Column] - pos[b.Column] })
	return out
}
