package crm

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// Status is the outcome of a deal.
type Status int

const (
	// Open deals are neither won nor lost yet (any stage not recognised as won or lost);
	// for subscriptions, Open means active (no end date).
	Open Status = iota
	// Won deals are closed and won.
	Won
	// Lost deals are closed and lost; for subscriptions, Lost means ended.
	Lost
)

// String returns "open", "won" or "lost".
func (s Status) String() string {
	switch s {
	case Won:
		return "won"
	case Lost:
		return "lost"
	}
	return "open"
}

// Source describes the deals file a Deal came from.
type Source struct {
	Path          string // as given to the loader
	SHA256        string
	AccountColumn string // header of the account column
	Kind          Kind
	// HasEnd: subscriptions with an end date column, so that churn can be derived.
	HasEnd bool
}

// Deal is one row of a deals or subscriptions export.
//
// For Opportunities, Amount is the deal amount, Created and Closed the created (or
// engaged) and close dates. For Subscriptions, Amount is the monthly recurring revenue
// (ARR / 12 when only ARR is given), Created the start and Closed the end date, and
// Status is Open while the subscription is active and Lost once it has ended.
// Dates are days since 1970-01-01; unknown numbers are NaN.
type Deal struct {
	Account string // as written (trimmed); "" when the row names no account
	Status  Status
	Amount  float64
	Created float64
	Closed  float64
	Line    int     // line in the deals file
	Source  *Source // shared by every deal of one file; nil for deals built by hand
}

// StageCount is one stage spelling seen in a deals file.
type StageCount struct {
	Stage  string // most common spelling; "(blank)" for rows without a stage
	Status Status
	Count  int
}

// Summary counts what Deals read.
type Summary struct {
	Source Source
	Rows   int // rows in the deals file

	// Opportunities, and subscriptions (Open = active, Lost = ended).
	Won, Lost, Open int
	// UnknownStage counts rows without a stage (and without won/closed flags); they are
	// counted as Open (not in Open above) and so left out of every outcome.
	UnknownStage int
	// Stages lists every stage seen with the status it was read as (a stage may appear
	// twice when IsWon/IsClosed flags overrode it), most common first.
	Stages []StageCount
	// FlagsOverride counts rows whose IsWon/IsClosed flags disagree with the stage text;
	// the flags were used.
	FlagsOverride int
	// NoAccount counts rows without an account (NoAccountOpen of them open).
	NoAccount, NoAccountOpen int
	// WonNoAmount counts won deals (or subscriptions) without a readable amount.
	WonNoAmount int
	// BadValues names columns with cells that could not be read, with the count and the
	// first line.
	BadValues []string
	// Cycles counts won deals with a usable cycle (created and closed dates, closed on or
	// after created); ZeroCycles of them closed the day they were created.
	// NegativeCycles counts won deals closed before they were created (left out of
	// sales_cycle_days), the first at line NegativeLine.
	Cycles, ZeroCycles, NegativeCycles, NegativeLine int
	// AsOf is the latest date in a subscriptions file (days since 1970-01-01): active
	// subscriptions are counted as running until then. NaN for opportunities.
	AsOf float64
}

// Notes describes the summary in sentences, for the terminal.
func (s Summary) Notes() []string {
	var out []string
	if s.Source.Kind == Subscriptions {
		out = append(out, fmt.Sprintf("%s: %s subscriptions: %s active, %s ended; active ones counted as running until %s, the latest date in the file",
			s.Source.Path, profile.FormatCount(s.Rows), profile.FormatCount(s.Open), profile.FormatCount(s.Lost), dateString(s.AsOf)))
	} else {
		line := fmt.Sprintf("%s: %s deals: %s won, %s lost, %s open (left out of the outcomes)",
			s.Source.Path, profile.FormatCount(s.Rows), profile.FormatCount(s.Won), profile.FormatCount(s.Lost), profile.FormatCount(s.Open))
		if s.UnknownStage > 0 {
			line += fmt.Sprintf(", %s without a stage (left out)", profile.FormatCount(s.UnknownStage))
		}
		out = append(out, line)
		for _, st := range []Status{Won, Lost, Open} {
			var ex []string
			for _, sc := range s.Stages {
				if sc.Status == st && sc.Stage != blankStage {
					if len(ex) == 4 {
						ex = append(ex, "…")
						break
					}
					ex = append(ex, fmt.Sprintf("%q %s", sc.Stage, profile.FormatCount(sc.Count)))
				}
			}
			if len(ex) > 0 {
				out = append(out, fmt.Sprintf("stages read as %s: %s", st, strings.Join(ex, ", ")))
			}
		}
		if s.FlagsOverride > 0 {
			out = append(out, fmt.Sprintf("%s deals have IsWon/IsClosed flags that disagree with the stage; the flags were used", profile.FormatCount(s.FlagsOverride)))
		}
	}
	if s.NoAccount > 0 {
		out = append(out, fmt.Sprintf("%s rows name no account (%s of them open) and were left out", profile.FormatCount(s.NoAccount), profile.FormatCount(s.NoAccountOpen)))
	}
	if s.WonNoAmount > 0 {
		what := "won deals have"
		if s.Source.Kind == Subscriptions {
			what = "subscriptions have"
		}
		out = append(out, fmt.Sprintf("%s %s no readable amount and add nothing to ltv", profile.FormatCount(s.WonNoAmount), what))
	}
	out = append(out, s.BadValues...)
	if s.ZeroCycles > 0 {
		out = append(out, fmt.Sprintf("%s won deals closed on the day they were created (cycle 0 days; check the dates)", profile.FormatCount(s.ZeroCycles)))
	}
	if s.NegativeCycles > 0 {
		out = append(out, fmt.Sprintf("%s won deals closed before they were created (first at line %d of %s) and were left out of sales_cycle_days", profile.FormatCount(s.NegativeCycles), s.NegativeLine, s.Source.Path))
	}
	return out
}

const blankStage = "(blank)"

// stageKeys maps stage texts (dataset.HeaderKey) read as won or lost.
var stageKeys = map[string]Status{
	"won": Won, "win": Won, "closedwon": Won, "wonclosed": Won, "dealwon": Won,
	"lost": Lost, "loss": Lost, "closedlost": Lost, "lostclosed": Lost, "deallost": Lost,
}

// StageStatus reads a stage text: won, closed won, closedwon, win → Won; lost,
// closed lost, closedlost, loss → Lost (ignoring case, spaces and punctuation);
// anything else, blank included, → Open.
func StageStatus(stage string) Status {
	return stageKeys[dataset.HeaderKey(stage)]
}

// stageStatus reads a stage text with the stages given by the user first, then the
// presets (StageStatus).
func stageStatus(stage string, custom map[string]Status) Status {
	if st, ok := custom[dataset.HeaderKey(stage)]; ok {
		return st
	}
	return StageStatus(stage)
}

// stageList lists the stages seen, most common first, with their counts: "Closed Won -
// Signed" 5, "Gewonnen" 3, … 4 more.
func stageList(stages []StageCount) string {
	const most = 10
	var parts []string
	for i, sc := range stages {
		if i == most {
			parts = append(parts, fmt.Sprintf("… %d more", len(stages)-most))
			break
		}
		parts = append(parts, fmt.Sprintf("%q %s", sc.Stage, profile.FormatCount(sc.Count)))
	}
	return strings.Join(parts, ", ")
}

// column is one deal column resolved for reading: typed values from the table, or the
// cells as written that the loader kept.
type column struct {
	c   *dataset.Column
	raw []string
}

// Deals reads every row of a deals or subscriptions export with the columns cols (see
// DetectDealColumns; the kind follows from them: subscriptions when Start is set).
//
// Stages map as StageStatus says; when IsWon or IsClosed flags are present, they win
// over the stage text (IsClosed false → Open; IsClosed true → Won if IsWon or the stage
// says won, else Lost). Amounts and dates that cannot be read are NaN and counted in
// Summary.BadValues. Rows are never dropped; rows without an account have Account "".
func Deals(t *dataset.Table, cols DealColumns) ([]Deal, Summary, error) {
	return DealsWith(t, cols, Stages{})
}

// DealsWith is Deals with stage values no preset knows read as won or lost. For
// opportunities it is an error, naming the file and listing the stages seen, when no
// deal is won or lost, or when a stage given matches no deal.
func DealsWith(t *dataset.Table, cols DealColumns, given Stages) ([]Deal, Summary, error) {
	kind := Opportunities
	if cols.Start != "" {
		kind = Subscriptions
	}
	if cols.Account == "" {
		return nil, Summary{}, fmt.Errorf("%s: no account column named", name(t))
	}
	if kind == Opportunities && cols.Stage == "" && cols.Won == "" && cols.Closed == "" {
		return nil, Summary{}, fmt.Errorf("%s: no stage, won or closed column named", name(t))
	}
	// Resolve the columns and decide which are read from the cells as written.
	want := map[string]dataset.Kind{}
	set := func(h string, k dataset.Kind) {
		if h != "" {
			want[h] = k
		}
	}
	set(cols.Account, dataset.Text)
	set(cols.Stage, dataset.Categorical)
	set(cols.Won, dataset.Boolean)
	set(cols.Closed, dataset.Boolean)
	if kind == Opportunities {
		set(cols.Amount, dataset.Numeric)
		set(cols.Created, dataset.Date)
		set(cols.ClosedAt, dataset.Date)
	} else {
		set(cols.Start, dataset.Date)
		set(cols.End, dataset.Date)
		set(cols.MRR, dataset.Numeric)
		set(cols.ARR, dataset.Numeric)
	}
	resolved := map[string]*column{}
	var rawIdx []int
	var rawNames []string
	for h, k := range want {
		c := t.Column(h)
		if c == nil {
			return nil, Summary{}, fmt.Errorf("%s: there is no column %q", name(t), h)
		}
		resolved[h] = &column{c: c}
		// A stage column read as Boolean ("Closed Won"/"Closed Lost") is read as written
		// too, so that the notes show the stages as written.
		typed := c.Kind == k
		if k == dataset.Text || !typed {
			rawIdx = append(rawIdx, c.Index)
			rawNames = append(rawNames, h)
		}
	}
	sort.Ints(rawIdx) // deterministic order; names re-sorted below
	sort.Slice(rawNames, func(i, j int) bool { return resolved[rawNames[i]].c.Index < resolved[rawNames[j]].c.Index })
	if len(rawIdx) > 0 {
		raw, err := readRaw(t, rawIdx)
		if err != nil {
			// Fall back to what the loader kept, where it kept enough.
			for _, h := range rawNames {
				if h == cols.Stage && resolved[h].c.Kind == dataset.Boolean {
					continue // read from the loaded yes/no values below
				}
				if _, _, cerr := cells(t, resolved[h].c, nil); cerr != nil {
					return nil, Summary{}, fmt.Errorf("%w: %v", cerr, err)
				}
			}
		} else {
			for i, h := range rawNames {
				resolved[h].raw = raw[i]
			}
		}
	}

	src := &Source{Path: t.Path, SHA256: t.SHA256, AccountColumn: resolved[cols.Account].c.Name, Kind: kind, HasEnd: kind == Subscriptions && cols.End != ""}
	s := Summary{Source: *src, Rows: t.Rows, AsOf: math.NaN()}
	accounts, _, err := cells(t, resolved[cols.Account].c, resolved[cols.Account].raw)
	if err != nil {
		return nil, s, err
	}
	get := func(h string, parse func(string) (float64, bool), what string) []float64 {
		if h == "" {
			return nil
		}
		col := resolved[h]
		if col.raw == nil && col.c.Kind == want[h] {
			return col.c.Num
		}
		vals := col.raw
		if vals == nil { // the cells as written were not kept: use the loaded values
			vals = mustCells(t, col.c)
		}
		return parseCells(t, col.c, vals, parse, what, &s)
	}
	parseBool := func(v string) (float64, bool) {
		b, ok := dataset.ParseBool(v)
		if b {
			return 1, ok
		}
		return 0, ok
	}
	wonFlag := get(cols.Won, parseBool, "yes/no")
	closedFlag := get(cols.Closed, parseBool, "yes/no")
	var stages []string
	stageBool := false
	if cols.Stage != "" {
		col := resolved[cols.Stage]
		stageBool = col.c.Kind == dataset.Boolean
		if col.raw != nil {
			stages = col.raw
		} else if stageBool {
			stages = make([]string, t.Rows)
			for i, v := range col.c.Num {
				switch v {
				case 1:
					stages[i] = "won"
				case 0:
					stages[i] = "lost"
				}
			}
		} else {
			stages = mustCells(t, col.c)
		}
	}

	custom := map[string]Status{}
	for _, st := range []struct {
		list []string
		s    Status
	}{{given.Won, Won}, {given.Lost, Lost}} {
		for _, v := range st.list {
			k := dataset.HeaderKey(v)
			if prev, ok := custom[k]; ok && prev != st.s {
				return nil, Summary{}, fmt.Errorf("stage %q is given both as won (--won-stage) and as lost (--lost-stage)", v)
			}
			custom[k] = st.s
		}
	}
	deals := make([]Deal, t.Rows)
	stageCount := map[string]*StageCount{}
	if kind == Opportunities {
		amount := get(cols.Amount, dataset.ParseNumber, "a number")
		created := get(cols.Created, dataset.ParseDate, "a date")
		closed := get(cols.ClosedAt, dataset.ParseDate, "a date")
		for i := range deals {
			d := &deals[i]
			d.Line, d.Source = lineOf(t, i), src
			d.Amount, d.Created, d.Closed = at(amount, i), at(created, i), at(closed, i)
			stage := ""
			if stages != nil {
				stage = stages[i]
			}
			st, known := Open, false
			if !dataset.IsMissing(stage) {
				st, known = stageStatus(stage, custom), true
				if b, ok := dataset.ParseBool(stage); ok && stageBool {
					st = map[bool]Status{true: Won, false: Lost}[b]
				}
			}
			w, c := at(wonFlag, i), at(closedFlag, i)
			flagged := w == w || c == c
			if flagged {
				fs := st
				switch {
				case c == 0:
					fs = Open
				case c == 1 && w == w:
					fs = map[bool]Status{true: Won, false: Lost}[w == 1]
				case c == 1:
					if st != Won {
						fs = Lost
					}
				case w == 1:
					fs = Won
				case w == 0 && st == Won:
					fs = Lost
				}
				if known && fs != st {
					s.FlagsOverride++
				}
				st, known = fs, known || c == c || w == 1
			}
			d.Status = st
			label := stage
			if dataset.IsMissing(stage) {
				label = blankStage
			}
			key := dataset.FoldCategory(label) + "\x00" + st.String()
			sc := stageCount[key]
			if sc == nil {
				sc = &StageCount{Stage: label, Status: st}
				stageCount[key] = sc
			}
			sc.Count++
			switch {
			case !known:
				s.UnknownStage++
			case st == Won:
				s.Won++
			case st == Lost:
				s.Lost++
			default:
				s.Open++
			}
			if st == Won {
				if d.Amount != d.Amount {
					s.WonNoAmount++
				}
				if d.Created == d.Created && d.Closed == d.Closed {
					switch cy := d.Closed - d.Created; {
					case cy < 0:
						if s.NegativeCycles == 0 {
							s.NegativeLine = d.Line
						}
						s.NegativeCycles++
					case cy == 0:
						s.ZeroCycles++
						s.Cycles++
					default:
						s.Cycles++
					}
				}
			}
		}
	} else {
		start := get(cols.Start, dataset.ParseDate, "a date")
		end := get(cols.End, dataset.ParseDate, "a date")
		mrr := get(cols.MRR, dataset.ParseNumber, "a number")
		arr := get(cols.ARR, dataset.ParseNumber, "a number")
		for i := range deals {
			d := &deals[i]
			d.Line, d.Source = lineOf(t, i), src
			d.Created, d.Closed = at(start, i), at(end, i)
			d.Amount = at(mrr, i)
			if d.Amount != d.Amount {
				d.Amount = at(arr, i) / 12
			}
			if d.Closed == d.Closed {
				d.Status = Lost
				s.Lost++
			} else {
				d.Status = Open
				s.Open++
			}
			if d.Amount != d.Amount {
				s.WonNoAmount++
			}
			for _, x := range []float64{d.Created, d.Closed} {
				if x == x && !(x <= s.AsOf) {
					s.AsOf = x
				}
			}
		}
	}
	for i := range deals {
		a := accounts[i]
		if dataset.IsMissing(a) {
			s.NoAccount++
			if deals[i].Status == Open {
				s.NoAccountOpen++
			}
			continue
		}
		deals[i].Account = strings.TrimSpace(a)
	}
	for _, sc := range stageCount {
		s.Stages = append(s.Stages, *sc)
	}
	sort.Slice(s.Stages, func(i, j int) bool {
		a, b := s.Stages[i], s.Stages[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Stage < b.Stage
	})
	if kind == Opportunities {
		for _, v := range append(slices.Clone(given.Won), given.Lost...) {
			found := false
			for _, sc := range s.Stages {
				found = found || dataset.HeaderKey(sc.Stage) == dataset.HeaderKey(v)
			}
			if !found {
				return nil, s, fmt.Errorf("%s: stage %q (--won-stage/--lost-stage) matches no deal; stages seen: %s", name(t), v, stageList(s.Stages))
			}
		}
		if s.Won+s.Lost == 0 && t.Rows > 0 {
			return nil, s, fmt.Errorf("%s: no deal has a won or lost stage, so no outcome can be derived; stages seen: %s; name the won and lost stages with --won-stage STAGE and --lost-stage STAGE (repeatable)", name(t), stageList(s.Stages))
		}
	}
	return deals, s, nil
}

func at(v []float64, i int) float64 {
	if v == nil {
		return math.NaN()
	}
	return v[i]
}

func lineOf(t *dataset.Table, i int) int {
	if i < len(t.Line) {
		return t.Line[i]
	}
	return i + 2
}

// mustCells returns a categorical column's display values per row ("" when missing).
func mustCells(t *dataset.Table, c *dataset.Column) []string {
	v, _, _ := cells(t, c, nil)
	return v
}

// parseCells parses cells with parse; cells that are not missing and do not parse are
// NaN and reported once in s.BadValues.
func parseCells(t *dataset.Table, c *dataset.Column, vals []string, parse func(string) (float64, bool), what string, s *Summary) []float64 {
	out := make([]float64, len(vals))
	bad, first, firstVal := 0, 0, ""
	for i, v := range vals {
		x, ok := parse(v)
		if !ok {
			x = math.NaN()
			if !dataset.IsMissing(v) {
				if bad == 0 {
					first, firstVal = lineOf(t, i), v
				}
				bad++
			}
		}
		out[i] = x
	}
	if bad > 0 {
		s.BadValues = append(s.BadValues, fmt.Sprintf("column %q: %s %s could not be read as %s and count as unknown (first at line %d: %q)",
			c.Name, profile.FormatCount(bad), profile.Plural(bad, "value", "values"), what, first, firstVal))
	}
	return out
}

// dateString formats days since 1970-01-01 as YYYY-MM-DD ("unknown" for NaN); a
// fractional day counts as its whole part.
func dateString(days float64) string {
	if days != days {
		return "unknown"
	}
	return dataset.FormatDate(math.Trunc(days))
}
