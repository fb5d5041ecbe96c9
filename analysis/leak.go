package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// nearOutcomeRho is the rank correlation above which a numeric attribute counts as
// nearly identical to an outcome (leakage): "total_spend" next to an LTV column.
const nearOutcomeRho = 0.9

// nearOutcomes finds the numeric attributes nearly identical to one of the outcomes,
// judged by |Spearman ρ| ≥ 0.9 on a keyed sample of about 20,000 analysed rows at most
// (see rowKeys: the same customers in any order give the same sample) where both are
// known, and returns the reason per column. It runs once per
// derivation, not per resample.
func nearOutcomes(t *dataset.Table, r Roles, g *BestGroup, keys []uint64) map[string]string {
	out := map[string]string{}
	step := uint64(max(1, g.N/20000))
	var sample []int
	for i, a := range g.Analysed {
		if a && (step == 1 || draw(keys[i], 0, 0x1ea4)%step == 0) {
			sample = append(sample, i)
		}
	}
	var refs []ref
	for _, o := range outcomeOrder {
		name := r.Outcome(o)
		if oc := t.Column(name); name != "" && oc != nil && oc.Num != nil {
			refs = append(refs, ref{name, oc.Num})
		}
	}
	cr := newCorrelator(sample, refs)
	for _, c := range t.Columns {
		if c.Kind != dataset.Numeric || r.uses(c.Name) {
			continue
		}
		for k, rf := range refs {
			if rho, n := cr.rho(c.Num, k); n >= 10 && math.Abs(rho) >= nearOutcomeRho {
				out[c.Name] = fmt.Sprintf("nearly identical to the outcome %q (Spearman ρ = %.2f on %d customers), so it would restate the outcome (leakage); admit it with --allow if it is known before the sale", rf.what, rho, n)
				break
			}
		}
	}
	return out
}

// ref is a column that attributes are compared with: its name or description, and its
// values per row.
type ref struct {
	what string
	v    []float64
}

// correlator computes Spearman's ρ between columns and fixed references on one sample
// of rows, each pair on the sample rows where both are known. Each reference is
// sorted once and each column once; the mid-ranks of a pair's rows are then read off
// the two sorted orders in linear time — the same ρ as stats.Spearman on those pairs
// (the same ranks, summed in the same order), without sorting per pair.
type correlator struct {
	sample []int
	refs   []sorted
	// The column sorted last (see rho).
	lastX []float64
	x     sorted
	// Scratch, one per sample position.
	member []bool
	rx, ry []float64
	// The pairs' ranks, in sample order.
	px, py []float64
}

// sorted is a column on the sample: its value per sample position and the positions
// where it is known, ordered by value.
type sorted struct {
	v     []float64
	order []int32
}

func sortOn(v []float64, sample []int) sorted {
	var s sorted
	s.sortInto(v, sample)
	return s
}

// sortInto fills s with v on the sample, reusing its storage.
func (s *sorted) sortInto(v []float64, sample []int) {
	s.v, s.order = slices.Grow(s.v[:0], len(sample)), s.order[:0]
	for p, i := range sample {
		s.v = append(s.v, v[i])
		if !math.IsNaN(v[i]) {
			s.order = append(s.order, int32(p))
		}
	}
	// By value alone: tied values share one rank, so their order does not matter.
	slices.SortFunc(s.order, func(a, b int32) int { return cmp.Compare(s.v[a], s.v[b]) })
}

// ranks writes into out, at each member position, its mid-rank percentile among the
// members (stats.PercentileRanks over the members' values); m is their number.
func (s sorted) ranks(member []bool, m int, out []float64) {
	seen := 0
	for k := 0; k < len(s.order); {
		if !member[s.order[k]] {
			k++
			continue
		}
		// The run of members tied with this value.
		v, start, ties := s.v[s.order[k]], seen, 0
		e := k
		for ; e < len(s.order) && s.v[s.order[e]] == v; e++ {
			if member[s.order[e]] {
				ties++
			}
		}
		r := (float64(start) + 0.5*float64(ties)) / float64(m)
		for ; k < e; k++ {
			if member[s.order[k]] {
				out[s.order[k]] = r
			}
		}
		seen += ties
	}
}

func newCorrelator(sample []int, refs []ref) *correlator {
	c := &correlator{sample: sample, refs: make([]sorted, len(refs)),
		member: make([]bool, len(sample)), rx: make([]float64, len(sample)), ry: make([]float64, len(sample))}
	for k, rf := range refs {
		c.refs[k] = sortOn(rf.v, sample)
	}
	return c
}

// rho returns Spearman's ρ of x and reference k over the sample rows where both are
// known, and the number of those rows.
func (c *correlator) rho(x []float64, k int) (float64, int) {
	if len(c.lastX) == 0 || len(x) == 0 || &x[0] != &c.lastX[0] {
		c.lastX = x
		c.x.sortInto(x, c.sample)
	}
	rf := c.refs[k]
	n := 0
	for p := range c.sample {
		c.member[p] = !math.IsNaN(c.x.v[p]) && !math.IsNaN(rf.v[p])
		n += b2i(c.member[p])
	}
	if n < 2 {
		return math.NaN(), n
	}
	c.x.ranks(c.member, n, c.rx)
	rf.ranks(c.member, n, c.ry)
	c.px, c.py = c.px[:0], c.py[:0]
	for p, in := range c.member {
		if in {
			c.px, c.py = append(c.px, c.rx[p]), append(c.py, c.ry[p])
		}
	}
	return stats.RankCorrelation(c.px, c.py), n
}

// Exclusion is a column to leave out of the attributes before the analysis, and why.
type Exclusion struct {
	Column string // header as written
	Reason string // why, in words, ending with how to admit it
	Short  string // why, in a few words, for a list
	// Rule is "name" (an amount accumulated after the sale, by its header),
	// "identifier" (values look like hashes, UUIDs, URLs or e-mail addresses) or
	// "correlation" (nearly identical to an outcome as used, or to the tenure).
	Rule string
}

// accumulatedKeys are header fragments (dataset.HeaderKey) of amounts that accumulate
// after the sale: a customer's total charges, lifetime spend, revenue to date, amounts
// billed or paid.
var accumulatedKeys = []string{"total", "lifetime", "todate", "billed", "paid", "cumulative", "accumulated", "spent", "spend"}

// firmographicKeys are header fragments that make a "total" a fact about the company,
// known before the sale ("total employees", "total funding").
var firmographicKeys = []string{"employee", "staff", "headcount", "funding", "raised", "population", "assets", "locations", "offices", "addressable"}

// accumulatedName returns the fragment of the header that marks a numeric column as an
// amount accumulated after the sale, or "".
func accumulatedName(c *dataset.Column) string {
	if c.Kind != dataset.Numeric {
		return ""
	}
	key := dataset.HeaderKey(c.Name)
	for _, f := range firmographicKeys {
		if strings.Contains(key, f) {
			return ""
		}
	}
	for _, k := range accumulatedKeys {
		if strings.Contains(key, k) {
			return k
		}
	}
	return ""
}

// lifecycleValues returns a value of a categorical column saying the account is a
// customer and one saying it is not yet ("Customer - Direct" and "Prospect", HubSpot's
// "customer" and "lead"), when it has both; "" otherwise. Such a column is the CRM's
// status of the account, set by the sale itself.
func lifecycleValues(c *dataset.Column) (customer, notYet string) {
	if c.Kind != dataset.Categorical {
		return "", ""
	}
	for i, v := range c.Levels {
		switch f := profile.FoldValue(v); {
		case customer == "" && strings.HasPrefix(f, "customer"):
			customer = c.Display[i]
		case notYet == "" && (strings.HasPrefix(f, "prospect") || f == "lead" || strings.HasSuffix(f, "qualified lead") ||
			f == "marketingqualifiedlead" || f == "salesqualifiedlead" || f == "subscriber"):
			notYet = c.Display[i]
		}
	}
	if customer == "" || notYet == "" {
		return "", ""
	}
	return customer, notYet
}

// identifierLike reports what the values of a categorical or list column look like
// when at least 90% of its distinct values are hashes (32, 40 or 64 hex digits),
// UUIDs, URLs or e-mail addresses ("" otherwise), with an example value.
func identifierLike(c *dataset.Column) (what, example string) {
	if c.Kind != dataset.Categorical && c.Kind != dataset.Multi || len(c.Levels) < 2 {
		return "", ""
	}
	counts := map[string]int{}
	first := map[string]string{}
	for i, v := range c.Levels {
		k := valueShape(v)
		if k == "" {
			continue
		}
		counts[k]++
		if _, ok := first[k]; !ok {
			first[k] = c.Display[i]
		}
	}
	best, n := "", 0
	for _, k := range []string{"hashes", "UUIDs", "URLs", "e-mail addresses"} {
		if counts[k] > n {
			best, n = k, counts[k]
		}
	}
	total := 0
	for _, m := range counts {
		total += m
	}
	if total*10 < len(c.Levels)*9 {
		return "", ""
	}
	return best, first[best]
}

// rowNumber reports whether a numeric column numbers the rows: every row has a value,
// the values are whole numbers, each once, and they run without a gap (0 to rows−1, 1
// to rows, or any such run), on at least 20 rows.
func rowNumber(c *dataset.Column, rows int) bool {
	if c.Kind != dataset.Numeric || rows < 20 || c.MissingCount > 0 || len(c.Num) != rows {
		return false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range c.Num {
		if x != math.Trunc(x) {
			return false
		}
		lo, hi = min(lo, x), max(hi, x)
	}
	if hi-lo != float64(rows-1) {
		return false
	}
	seen := make([]bool, rows)
	for _, x := range c.Num {
		k := int(x - lo)
		if seen[k] {
			return false
		}
		seen[k] = true
	}
	return true
}

// valueShape names the identifier shape of a folded value, or "".
func valueShape(v string) string {
	switch {
	case isHex(v) && (len(v) == 32 || len(v) == 40 || len(v) == 64):
		return "hashes"
	case len(v) == 36 && v[8] == '-' && v[13] == '-' && v[18] == '-' && v[23] == '-' &&
		isHex(v[:8]+v[9:13]+v[14:18]+v[19:23]+v[24:]):
		return "UUIDs"
	case strings.HasPrefix(v, "http://") || strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "www."):
		return "URLs"
	case strings.Count(v, "@") == 1 && strings.Contains(v[strings.IndexByte(v, '@'):], ".") && !strings.ContainsAny(v, " ;,"):
		return "e-mail addresses"
	}
	return ""
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return len(s) > 0
}

// Exclusions finds the columns that must not be attributes although the loader kept
// them, in column order:
//   - numeric amounts accumulated after the sale, by their header ("TotalCharges",
//     "lifetime_spend", "revenue_to_date", "amount_billed", "total_paid"; not
//     "total_employees" or "total_funding"), and the customer's recurring revenue or
//     contract value ("ARR", "MRR (USD)", "Annual Contract Value");
//   - categorical columns whose values are hashes, UUIDs, URLs or e-mail addresses
//     (identifiers with few enough distinct values to pass for categories);
//   - numeric columns nearly identical (|Spearman ρ| ≥ 0.9, on every k-th row for a
//     sample of about 5,000 rows, counting rows where both are known, at least 10) to an outcome as the
//     ranking uses it — LTV per month of tenure with Tenure.PerMonth, and without the
//     customers younger than Tenure.MinMonths — or to the tenure column, or to a column
//     excluded by its name above.
//
// Columns playing a role and columns in allow (headers as written) are never
// excluded. It is cheap next to Derive: one rank correlation per numeric column and
// outcome.
func Exclusions(t *dataset.Table, r Roles, allow []string) []Exclusion {
	allowed := map[string]bool{}
	for _, a := range allow {
		if c := t.Column(a); c != nil {
			allowed[c.Name] = true
		}
	}
	skip := func(c *dataset.Column) bool {
		return r.uses(c.Name) || c.Name == r.Tenure.Column || allowed[c.Name]
	}
	var out []Exclusion
	byName := map[string]bool{}
	for _, c := range t.Columns {
		if skip(c) {
			continue
		}
		if k := accumulatedName(c); k != "" {
			byName[c.Name] = true
			out = append(out, Exclusion{Column: c.Name, Rule: "name", Short: "accumulated after the sale",
				Reason: fmt.Sprintf("an amount accumulated after the sale (its name says %q), so it grows with how long the customer has stayed and would restate the outcome (leakage); admit it with --allow if it is known before the sale", k)})
			continue
		}
		if k := runRateName(c.Name); k != "" && c.Kind == dataset.Numeric {
			byName[c.Name] = true
			out = append(out, Exclusion{Column: c.Name, Rule: "name", Short: "revenue from the customer",
				Reason: fmt.Sprintf("the customer's recurring revenue or contract value (its name says %q), known only once it has bought and a measure of its value rather than a trait (leakage); name it with --ltv to rank customers by it, or admit it with --allow if it is known before the sale", k)})
			continue
		}
		if rowNumber(c, t.Rows) {
			out = append(out, Exclusion{Column: c.Name, Rule: "identifier", Short: "a row number",
				Reason: "a row number: its values are the whole numbers from first to last row, each once (an index a spreadsheet or pandas wrote), so they say where a row sits in the file, not a trait; admit it with --allow if it means something"})
			continue
		}
		if what, ex := identifierLike(c); what != "" {
			out = append(out, Exclusion{Column: c.Name, Rule: "identifier", Short: "values are " + what,
				Reason: fmt.Sprintf("identifier: its values are %s (e.g. %s), not traits customers share; admit it with --allow if the values are categories", what, quoteShort(ex))})
			continue
		}
		if cust, other := lifecycleValues(c); cust != "" {
			out = append(out, Exclusion{Column: c.Name, Rule: "lifecycle", Short: "a lifecycle status",
				Reason: fmt.Sprintf("a lifecycle status: its values say whether the account is a customer yet (%s, %s), which is known only after the sale (leakage); admit it with --allow if it is known before", quoteShort(cust), quoteShort(other))})
		}
	}

	// References: the outcomes as used, the tenure, the columns excluded by name.
	var refs []ref
	var months []float64
	if r.Tenure.Column != "" {
		if m, _, err := TenureMonths(t, r); err == nil {
			months = m
		}
	}
	for _, o := range outcomeOrder {
		name := r.Outcome(o)
		c := t.Column(name)
		if name == "" || c == nil || c.Num == nil {
			continue
		}
		v, what := c.Num, fmt.Sprintf("the outcome %q", c.Name)
		if o == OutcomeLTV && months != nil && (r.Tenure.PerMonth || r.Tenure.MinMonths > 0) {
			minMonths, _, _ := effectiveMinMonths(r.Tenure.MinMonths, months, v) // as the ranking applies it
			adj := make([]float64, len(v))
			for i, x := range v {
				m := months[i]
				switch {
				case math.IsNaN(m) || minMonths > 0 && m < minMonths:
					adj[i] = math.NaN()
				case r.Tenure.PerMonth:
					adj[i] = x / math.Max(m, 1)
				default:
					adj[i] = x
				}
			}
			v = adj
			if r.Tenure.PerMonth {
				what = fmt.Sprintf("the outcome as ranked, %q per month of tenure", c.Name)
			}
		}
		refs = append(refs, ref{what, v})
	}
	if months != nil {
		refs = append(refs, ref{fmt.Sprintf("the tenure %q (known only after the sale)", r.Tenure.Column), months})
	}
	for _, e := range out {
		if e.Rule == "name" {
			refs = append(refs, ref{fmt.Sprintf("%q (excluded as accumulated after the sale)", e.Column), t.Column(e.Column).Num})
		}
	}
	if len(refs) == 0 {
		return out
	}
	// A keyed sample of about 5,000 rows (see rowKeys): the same customers in any order
	// give the same correlations.
	step := uint64(max(1, t.Rows/5000))
	var sample []int
	keys := rowKeys(t, r)
	for i := range t.Rows {
		if step == 1 || draw(keys[i], 0, 0x1eac)%step == 0 {
			sample = append(sample, i)
		}
	}
	cr := newCorrelator(sample, refs)
	for _, c := range t.Columns {
		if c.Kind != dataset.Numeric || skip(c) || byName[c.Name] {
			continue
		}
		for k, rf := range refs {
			if rho, n := cr.rho(c.Num, k); n >= 10 && math.Abs(rho) >= nearOutcomeRho {
				out = append(out, Exclusion{Column: c.Name, Rule: "correlation", Short: fmt.Sprintf("ρ = %.2f with %s", rho, rf.what),
					Reason: fmt.Sprintf("nearly identical to %s (Spearman ρ = %.2f on %d customers), so it would restate the outcome (leakage); admit it with --allow if it is known before the sale", rf.what, rho, n)})
				break
			}
		}
	}
	index := map[string]int{}
	for _, c := range t.Columns {
		index[c.Name] = c.Index
	}
	slices.SortStableFunc(out, func(a, b Exclusion) int { return index[a.Column] - index[b.Column] })
	return out
}

// quoteShort quotes a value for a message, shortened to about 40 characters.
func quoteShort(s string) string {
	if r := []rune(s); len(r) > 40 {
		s = string(r[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
