package crm

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// accountKeyNames are header keys tried as the accounts' key, most specific first.
var accountKeyNames = []string{"accountid", "account", "id", "companyid", "recordid", "hsobjectid", "customerid",
	"accountname", "companyname", "name", "company", "customer", "customername",
	"organizationid", "organizationname", "organization", "orgid", "orgname"} // the last: Pipedrive

// accountIndex is the result of matching a deals file's accounts to an accounts table.
type accountIndex struct {
	t                 *dataset.Table
	dealFile, dealCol string
	keyCol            *dataset.Column
	keys              []string
	sf                bool
	row               map[string]int // join key -> accounts row
	keep              []bool
	dupes, noKey      int
	resolved          int    // accounts on rows that differ, one row kept (dup policy)
	dup               string // "first" or "last": which row to keep; "" refuses them
	src               *Source
	rawErr            error
}

// indexAccounts chooses the accounts' key column and indexes the accounts by it; see
// Join for the rules and errors.
func indexAccounts(accounts *dataset.Table, accountKey string, deals []Deal, kind Kind, dup string) (*accountIndex, error) {
	t := accounts
	dealFile, dealCol := "the deals", "account"
	var src *Source
	for i := range deals {
		if deals[i].Source != nil {
			src = deals[i].Source
			dealFile, dealCol = src.Path, src.AccountColumn
			break
		}
	}

	if src != nil && src.Kind != kind {
		return nil, fmt.Errorf("%s holds %s, not %s", dealFile, src.Kind, kind)
	}

	// Candidate key columns.
	var cands []*dataset.Column
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.Name
	}
	if accountKey != "" {
		c := t.Column(accountKey)
		if c == nil {
			msg := fmt.Sprintf("%s: account key %q: no such column", name(t), accountKey)
			if near := dataset.Closest(accountKey, headers); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return nil, fmt.Errorf("%s", msg)
		}
		cands = []*dataset.Column{c}
	} else {
		keys := append([]string{dataset.HeaderKey(dealCol)}, accountKeyNames...)
		for _, k := range keys {
			for _, c := range t.Columns {
				if dataset.HeaderKey(c.Name) == k && !containsCol(cands, c) {
					cands = append(cands, c)
				}
			}
		}
		if len(cands) == 0 {
			return nil, fmt.Errorf("%s: no account key column among the headers %s; name the column that holds the deals' %q values with --join COLUMN", name(t), dataset.HeaderList(headers), dealCol)
		}
	}
	idx := make([]int, len(cands))
	for i, c := range cands {
		idx[i] = c.Index
	}
	raw, rawErr := readRaw(t, idx)
	keyVals := make([][]string, len(cands))
	for i, c := range cands {
		var r []string
		if rawErr == nil {
			r = raw[i]
		}
		v, _, err := cells(t, c, r)
		if err != nil && len(cands) == 1 {
			return nil, fmt.Errorf("%w (%v)", err, rawErr)
		}
		keyVals[i] = v // nil when unreadable
	}

	// Choose the candidate matching the most deals.
	best, bestMatched, bestSF := -1, -1, false
	for i, vals := range keyVals {
		if vals == nil {
			continue
		}
		sf := looksSF(vals) && looksSFDeals(deals)
		set := map[string]bool{}
		for _, v := range vals {
			if !dataset.IsMissing(v) {
				set[joinKey(v, sf)] = true
			}
		}
		m := 0
		for _, d := range deals {
			if d.Account == "" {
				continue
			}
			if _, _, ok := knownKey(d.Account, sf, func(k string) bool { return set[k] }); ok {
				m++
			}
		}
		if m > bestMatched {
			best, bestMatched, bestSF = i, m, sf
		}
	}
	if best < 0 {
		return nil, rawErr
	}
	keyCol, keys, sf := cands[best], keyVals[best], bestSF
	withAccount := 0
	var dealSample string
	for _, d := range deals {
		if d.Account != "" {
			withAccount++
			if dealSample == "" {
				dealSample = d.Account
			}
		}
	}
	if withAccount > 0 && bestMatched == 0 {
		acctSample := ""
		for _, v := range keys {
			if !dataset.IsMissing(v) {
				acctSample = v
				break
			}
		}
		return nil, fmt.Errorf("no deal matches an account: %s column %q (e.g. %q) vs %s column %q (e.g. %q); name the accounts column that holds the deals' account values with --join COLUMN",
			name(t), keyCol.Name, acctSample, dealFile, dealCol, dealSample)
	}

	// Index the accounts; check duplicates.
	row := map[string]int{}
	keep := make([]bool, t.Rows)
	var conflicts []string
	conflictCount, dupes, noKey, resolved := 0, 0, 0, 0
	for i, v := range keys {
		keep[i] = true
		if dataset.IsMissing(v) {
			noKey++
			continue
		}
		k := joinKey(v, sf)
		j, seen := row[k]
		if !seen {
			row[k] = i
			continue
		}
		if col, a, b := FirstDifference(t, j, i, keyCol); col != "" {
			switch dup {
			case "first":
				keep[i] = false
				resolved++
				continue
			case "last":
				keep[j] = false
				row[k] = i
				resolved++
				continue
			}
			conflictCount++
			if len(conflicts) < 3 {
				conflicts = append(conflicts, fmt.Sprintf("account %q is on lines %d and %d with different values in column %q (%s vs %s)",
					v, lineOf(t, j), lineOf(t, i), col, a, b))
			}
			continue
		}
		keep[i] = false
		dupes++
	}
	if conflictCount > 0 {
		msg := strings.Join(conflicts, "; ")
		if conflictCount > len(conflicts) {
			msg += fmt.Sprintf("; and %d more", conflictCount-len(conflicts))
		}
		return nil, fmt.Errorf("%s: %s; merge or remove the duplicate accounts, or keep one row of each with --duplicates first|last", name(t), msg)
	}

	return &accountIndex{t: t, dealFile: dealFile, dealCol: dealCol, keyCol: keyCol, keys: keys, sf: sf, row: row, keep: keep, dupes: dupes, noKey: noKey, resolved: resolved, dup: dup, src: src, rawErr: rawErr}, nil
}

// findAccount returns the row of a deal's account (see knownKey); several reports that
// the deal named more than one.
func findAccount(row map[string]int, account string, sf bool) (r int, several, ok bool) {
	k, several, ok := knownKey(account, sf, func(k string) bool { _, ok := row[k]; return ok })
	return row[k], several, ok
}

// knownKey returns the join key of a deal's account that known accepts. HubSpot lists
// a deal's associated companies separated by ";": such a deal counts once, for the
// first of them known (several is then true).
func knownKey(account string, sf bool, known func(key string) bool) (key string, several, ok bool) {
	if k := joinKey(account, sf); known(k) {
		return k, false, true
	}
	if !strings.ContainsRune(account, ';') {
		return "", false, false
	}
	for part := range strings.SplitSeq(account, ";") {
		if k := joinKey(strings.TrimSpace(part), sf); known(k) {
			return k, true, true
		}
	}
	return "", false, false
}

// AccountRows returns, per deal, the row of its account in the accounts table, or -1
// when the deal names no account or one that is not in the table. The key column is
// chosen and compared as Join does, and dup is JoinKeeping's policy for an account on
// rows that differ; the second result is the key column's header.
func AccountRows(accounts *dataset.Table, accountKey string, deals []Deal, kind Kind, dup string) ([]int, string, error) {
	ix, err := indexAccounts(accounts, accountKey, deals, kind, dup)
	if err != nil {
		return nil, "", err
	}
	rows := make([]int, len(deals))
	for i, d := range deals {
		rows[i] = -1
		if d.Account == "" {
			continue
		}
		if r, _, ok := findAccount(ix.row, d.Account, ix.sf); ok {
			rows[i] = r
		}
	}
	return rows, ix.keyCol.Name, nil
}

// Join adds outcomes derived from deals (see Rollup) to an accounts table, one row per
// account. The result has the accounts' Path, SHA256, lines and problems, the account
// columns (shared, not copied) followed by the derived columns (Numeric; churned
// Boolean) that the deals support: for Opportunities ltv, sales_cycle_days,
// win_rate, deals_won and deals_closed; for Subscriptions ltv and
// churned. A derived column whose name an account column already has is not added.
//
// Rows match on accountKey, or on the accounts column (among account id, account, id,
// company name, ...) that matches the most deals. Keys match ignoring case and spacing;
// when every key on both sides looks like a Salesforce id (15 or 18 letters and digits),
// on the first 15 characters, case-sensitively. Accounts without deals keep missing
// outcomes; deals whose account is not in the accounts file are counted in the notes.
//
// Errors: no key column; a join that matches no deal (the message names both key
// columns with a sample value from each side); the same key on two rows whose values
// differ (both lines named). Rows repeating another row exactly are dropped, with a note.
func Join(accounts *dataset.Table, accountKey string, deals []Deal, kind Kind) (*dataset.Table, []string, error) {
	return JoinKeeping(accounts, accountKey, deals, kind, "")
}

// JoinKeeping is Join with a policy for an account on several rows whose values
// differ: dup "first" or "last" keeps that row of each (and notes how many), "" refuses
// them as Join does.
func JoinKeeping(accounts *dataset.Table, accountKey string, deals []Deal, kind Kind, dup string) (*dataset.Table, []string, error) {
	ix, err := indexAccounts(accounts, accountKey, deals, kind, dup)
	if err != nil {
		return nil, nil, err
	}
	t, dealFile, dealCol, keyCol, sf, row, keep, dupes, noKey, src, rawErr := ix.t, ix.dealFile, ix.dealCol, ix.keyCol, ix.sf, ix.row, ix.keep, ix.dupes, ix.noKey, ix.src, ix.rawErr
	// Group deals by account row.
	groups := map[int][]Deal{}
	unmatched, unmatchedClosed := 0, 0
	unmatchedAccts := map[string]bool{}
	var unmatchedEx []string
	several := 0 // deals naming several accounts, attributed to the first one found
	for _, d := range deals {
		if d.Account == "" {
			continue
		}
		r, many, ok := findAccount(row, d.Account, sf)
		if many {
			several++
		}
		if !ok {
			unmatched++
			if d.Status != Open {
				unmatchedClosed++
			}
			k := joinKey(d.Account, sf)
			if !unmatchedAccts[k] {
				unmatchedAccts[k] = true
				if len(unmatchedEx) < 3 {
					unmatchedEx = append(unmatchedEx, strconv.Quote(d.Account))
				}
			}
			continue
		}
		groups[r] = append(groups[r], d)
	}
	asOf := latest(deals)
	outs := make([]*Outcome, t.Rows)
	for r, ds := range groups {
		o := rollupOne(ds, kind, asOf)
		outs[r] = &o
	}

	// Build the derived columns over the kept rows.
	var kept []int
	for i, k := range keep {
		if k {
			kept = append(kept, i)
		}
	}
	n := len(kept)
	type derived struct {
		name string
		kind dataset.Kind
		val  func(o *Outcome) float64
		note string
	}
	var ds []derived
	var notes, added []string
	anyAmount, anyCycle := false, false
	for _, d := range deals {
		anyAmount = anyAmount || d.Amount == d.Amount
		anyCycle = anyCycle || d.Status == Won && d.Closed-d.Created >= 0
	}
	if kind == Subscriptions {
		ds = append(ds, derived{ColLTV, dataset.Numeric, func(o *Outcome) float64 { return o.LTV },
			fmt.Sprintf("MRR × months active, summed over the account's subscriptions; active ones run to %s, the latest date in %s", dateString(asOf), dealFile)})
		if src == nil || src.HasEnd {
			churned, known := 0, 0
			for _, i := range kept {
				if o := outs[i]; o != nil && o.Churned == o.Churned {
					known++
					churned += int(o.Churned)
				}
			}
			own := ""
			for _, c := range t.Columns {
				switch dataset.HeaderKey(c.Name) {
				case "churned", "churn", "ischurned", "churnflag", "haschurned":
					if own == "" {
						own = c.Name
					}
				}
			}
			switch {
			case own != "":
				notes = append(notes, fmt.Sprintf("%s has its own churn column %q, which is kept as the churn outcome; by the subscriptions, %s of %s accounts have churned (every subscription ended)",
					name(t), own, profile.FormatCount(churned), profile.FormatCount(known)))
			case churned == 0:
				notes = append(notes, fmt.Sprintf("no account has had every subscription end, so %s was not derived", ColChurned))
			default:
				ds = append(ds, derived{ColChurned, dataset.Boolean, func(o *Outcome) float64 { return o.Churned },
					"every subscription of the account has ended"})
			}
		}
	} else {
		ds = append(ds,
			derived{ColLTV, dataset.Numeric, func(o *Outcome) float64 { return o.LTV }, "sum of the amounts of the account's won deals"},
			derived{ColCycle, dataset.Numeric, func(o *Outcome) float64 { return o.CycleDays }, "median days from created to closed of the account's won deals (closed on or after created)"},
			derived{ColWinRate, dataset.Numeric, func(o *Outcome) float64 { return o.WinRate }, "won / (won + lost) deals"},
			derived{ColDealsWon, dataset.Numeric, func(o *Outcome) float64 { return float64(o.Won) }, "won deals"},
			derived{ColDealsClosed, dataset.Numeric, func(o *Outcome) float64 { return float64(o.Won + o.Lost) }, "won and lost deals"},
		)
	}
	out := &dataset.Table{Path: t.Path, SHA256: t.SHA256, Rows: n, Problems: t.Problems, Delimiter: t.Delimiter, Encoding: t.Encoding}
	if n == t.Rows { // no row dropped
		out.Columns = append(out.Columns, t.Columns...)
		out.Line = t.Line
	} else {
		for _, c := range t.Columns {
			out.Columns = append(out.Columns, subset(c, kept))
		}
		for _, i := range kept {
			out.Line = append(out.Line, lineOf(t, i))
		}
	}
	for _, d := range ds {
		if c := t.Column(d.name); c != nil {
			notes = append(notes, fmt.Sprintf("%s already has a column %q; it was kept and the %s derived from the deals was not added", name(t), c.Name, d.name))
			continue
		}
		switch {
		case d.name == ColLTV && !anyAmount:
			notes = append(notes, fmt.Sprintf("%s: no deal has an amount; %s not derived", dealFile, d.name))
			continue
		case d.name == ColCycle && !anyCycle:
			notes = append(notes, fmt.Sprintf("%s: no won deal has both a created and a close date; %s not derived", dealFile, d.name))
			continue
		}
		col := &dataset.Column{Name: d.name, Index: len(out.Columns), Kind: d.kind, Num: make([]float64, n)}
		for j, i := range kept {
			v := math.NaN()
			if outs[i] != nil {
				v = d.val(outs[i])
			}
			col.Num[j] = v
			if v != v {
				col.MissingCount++
			}
		}
		out.Columns = append(out.Columns, col)
		added = append(added, fmt.Sprintf("%s = %s", d.name, d.note))
	}

	// Notes.
	withDeals := 0
	for _, i := range kept {
		if outs[i] != nil {
			withDeals++
		}
	}
	how := "ignoring case and spacing"
	if sf {
		how = "as Salesforce ids (first 15 characters, case-sensitive)"
	}
	notes = append([]string{fmt.Sprintf("joined %s (%s accounts, key %q) with %s (%s, account column %q), keys compared %s: %s accounts have %s, %s have none (their outcomes are missing)",
		name(t), profile.FormatCount(n), keyCol.Name, dealFile, kind, dealCol, how, profile.FormatCount(withDeals), kind, profile.FormatCount(n-withDeals))}, notes...)
	if len(added) > 0 {
		notes = append(notes, "derived columns: "+strings.Join(added, "; "))
	}
	if kind == Opportunities && len(added) > 0 {
		notes = append(notes, fmt.Sprintf("%s, %s and %s count the deals behind the outcomes; they are not attributes", ColWinRate, ColDealsWon, ColDealsClosed))
	}
	if several > 0 {
		notes = append(notes, fmt.Sprintf("%s %s name several accounts (separated by \";\"); each counts once, for the first of them in %s", profile.FormatCount(several), kind, name(t)))
	}
	if unmatched > 0 {
		closed := fmt.Sprintf("%s closed", profile.FormatCount(unmatchedClosed))
		if kind == Subscriptions {
			closed = fmt.Sprintf("%s active", profile.FormatCount(unmatched-unmatchedClosed))
		}
		notes = append(notes, fmt.Sprintf("%s %s (%s) name %s accounts that are not in %s, e.g. %s; they were left out",
			profile.FormatCount(unmatched), kind, closed, profile.FormatCount(len(unmatchedAccts)), name(t), strings.Join(unmatchedEx, ", ")))
	}
	if ix.resolved > 0 {
		notes = append(notes, fmt.Sprintf("%s rows of %s repeat an account with other values; the %s row of each was kept (--duplicates %s)", profile.FormatCount(ix.resolved), name(t), ix.dup, ix.dup))
	}
	if dupes > 0 {
		notes = append(notes, fmt.Sprintf("%s rows of %s repeat another account row exactly and were dropped", profile.FormatCount(dupes), name(t)))
	}
	if noKey > 0 {
		notes = append(notes, fmt.Sprintf("%s accounts have no %q value and match no deal", profile.FormatCount(noKey), keyCol.Name))
	}
	if rawErr != nil && !sf {
		notes = append(notes, fmt.Sprintf("account keys were compared as the loader kept them (%v)", rawErr))
	}
	for _, c := range t.Columns {
		switch dataset.HeaderKey(c.Name) {
		case "lifetimevalue", "customerlifetimevalue", "clv", "totalrevenue":
			if d := out.Column(ColLTV); d != nil && d.Index >= len(t.Columns) {
				notes = append(notes, fmt.Sprintf("%s also has %q; the derived %q is the LTV outcome unless %q is named instead", name(t), c.Name, ColLTV, c.Name))
			}
		}
	}
	return out, notes, nil
}

func containsCol(cs []*dataset.Column, c *dataset.Column) bool {
	for _, x := range cs {
		if x == c {
			return true
		}
	}
	return false
}

// isSFID reports whether s looks like a Salesforce record id: 15 or 18 ASCII letters
// and digits, with at least one digit.
func isSFID(s string) bool {
	if len(s) != 15 && len(s) != 18 {
		return false
	}
	digit := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		default:
			return false
		}
	}
	return digit
}

func looksSF(vals []string) bool {
	n := 0
	for _, v := range vals {
		if dataset.IsMissing(v) {
			continue
		}
		if !isSFID(v) {
			return false
		}
		n++
	}
	return n > 0
}

func looksSFDeals(deals []Deal) bool {
	n := 0
	for _, d := range deals {
		if d.Account == "" {
			continue
		}
		if !isSFID(d.Account) {
			return false
		}
		n++
	}
	return n > 0
}

// joinKey is the matching key of an account value: the first 15 characters of a
// Salesforce id, else the folded value (case and spacing ignored; "123.0" → "123").
func joinKey(v string, sf bool) string {
	v = strings.TrimSpace(v)
	if sf {
		return v[:min(15, len(v))]
	}
	if strings.HasSuffix(v, ".0") && allDigits(v[:len(v)-2]) {
		v = v[:len(v)-2]
	}
	return dataset.FoldCategory(v)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return len(s) > 0
}

// FirstDifference returns the first column (other than key) whose values differ
// between rows a and b of t, with both values quoted for a message ("(missing)" for a
// blank); "" when the rows agree in every column whose values the loader kept. Join
// and the duplicate check of the customers file use it.
func FirstDifference(t *dataset.Table, a, b int, key *dataset.Column) (col, va, vb string) {
	for _, c := range t.Columns {
		if c == key {
			continue
		}
		x, y := cellText(c, a), cellText(c, b)
		if x != y {
			return c.Name, x, y
		}
	}
	return "", "", ""
}

// cellText renders row i of a column for comparison and messages.
func cellText(c *dataset.Column, i int) string {
	switch c.Kind {
	case dataset.Numeric, dataset.Boolean, dataset.Date:
		v := c.Num[i]
		if v != v {
			return "(missing)"
		}
		if c.Kind == dataset.Date {
			return strconv.Quote(dateString(v))
		}
		return strconv.Quote(strconv.FormatFloat(v, 'f', -1, 64))
	case dataset.Categorical:
		if c.Codes[i] < 0 {
			return "(missing)"
		}
		return strconv.Quote(c.Display[c.Codes[i]])
	case dataset.Multi:
		if c.MultiMissing[i] {
			return "(missing)"
		}
		var items []string
		for _, code := range c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]] {
			items = append(items, c.Levels[code])
		}
		sort.Strings(items)
		return strconv.Quote(strings.Join(items, "; "))
	case dataset.Text:
		if c.Raw != nil {
			if c.Raw[i] == "" {
				return "(missing)"
			}
			return strconv.Quote(c.Raw[i])
		}
	}
	return ""
}

// subset returns a copy of c holding only the rows in keep (ascending), as
// dataset.Column.Select does but without per-row text (Raw, Cells): the missing
// count of Text and Empty columns stays as it was.
func subset(c *dataset.Column, keep []int) *dataset.Column {
	cc := *c
	cc.Raw, cc.Cells = nil, nil // not copied only to be dropped (Select keeps a Text column's MissingCount then)
	return cc.Select(keep)
}
