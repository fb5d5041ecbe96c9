package analysis

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
)

// Outcome names, as used in weights (--weights ltv=2,churn=1) and in Roles.
const (
	OutcomeLTV   = "ltv"
	OutcomeCycle = "cycle"
	OutcomeChurn = "churn"
	OutcomeNPS   = "nps"
)

// Outcomes lists the outcome names in their canonical order.
var outcomeOrder = []string{OutcomeLTV, OutcomeCycle, OutcomeChurn, OutcomeNPS}

// OutcomeNames returns the outcome names in canonical order.
func OutcomeNames() []string { return slices.Clone(outcomeOrder) }

// Roles names the columns (headers as written) that play a part other than attribute.
// An empty string means "not present". Override fields set by the user win over
// detection.
type Roles struct {
	ID    string
	LTV   string
	Cycle string
	Churn string
	NPS   string
	// Tenure adjusts LTV for customer age; DetectRoles fills Tenure.Column when a
	// tenure or start-date column exists and Tenure.Column is not "none".
	Tenure Tenure
}

// Outcome returns the column named for an outcome.
func (r Roles) Outcome(name string) string {
	switch name {
	case OutcomeLTV:
		return r.LTV
	case OutcomeCycle:
		return r.Cycle
	case OutcomeChurn:
		return r.Churn
	case OutcomeNPS:
		return r.NPS
	}
	return ""
}

// Map returns the roles as role → header, leaving out absent ones.
func (r Roles) Map() map[string]string {
	m := map[string]string{}
	for _, kv := range [][2]string{{"id", r.ID}, {OutcomeLTV, r.LTV}, {OutcomeCycle, r.Cycle}, {OutcomeChurn, r.Churn}, {OutcomeNPS, r.NPS}, {"tenure", r.Tenure.Column}} {
		if kv[1] != "" {
			m[kv[0]] = kv[1]
		}
	}
	return m
}

// Header keys (dataset.HeaderKey) recognised for each role, most specific first.
var roleNames = map[string][]string{
	"id": {"customerid", "accountid", "companyid", "recordid", "hsobjectid", "id", "customer", "account"},
	OutcomeLTV: {"ltv", "lifetimevalue", "customerlifetimevalue", "clv", "totalrevenue", "lifetimerevenue", "revenuetodate",
		"totalspend", "lifetimespend"},
	OutcomeCycle: {"salescycledays", "salescycle", "salescyclelength", "cyclelength", "cycledays", "daystoclose", "timetoclose"},
	OutcomeChurn: {"churned", "churn", "ischurned", "churnflag", "haschurned", "cancelled", "canceled", "cancellation",
		"retained", "isretained", "renewed", "hasrenewed"}, // the last ones the other way round: see OrientChurn
	OutcomeNPS: {"nps", "npsscore", "netpromoterscore"},
}

// roleAffixes are the words a role name may carry in a header key (before and after
// it) when no header is exactly one of roleNames: "Customer LTV (USD)", "Churn Date",
// "Latest NPS score", "Deal sales cycle (days)". Each list is short and specific to its
// role, so that "NPS date", "Churn risk" or "LTV prediction" are not taken.
var roleAffixes = map[string][2][]string{
	"id":         {{"crm", "hubspot", "salesforce", "sfdc"}, {"number", "no", "key"}},
	OutcomeLTV:   {{"customer", "account", "total", "actual"}, {"usd", "eur", "gbp", "amount", "todate"}},
	OutcomeCycle: {{"deal", "avg", "average", "total"}, {"days", "indays", "length", "lengthdays", "lengthindays"}},
	OutcomeChurn: {{"is", "has", "customer", "account"}, {"date", "at", "on", "flag", "status", "yn"}},
	OutcomeNPS:   {{"latest", "last", "current", "customer", "account"}, {"score", "rating", "response", "value"}},
}

// affixed reports whether key is a name of role with its affixes (see roleAffixes):
// prefix + name + suffix, one of them at least non-empty.
func affixed(role, key string) bool {
	aff := roleAffixes[role]
	for _, name := range roleNames[role] {
		i := strings.Index(key, name)
		if i < 0 {
			continue
		}
		pre, suf := key[:i], key[i+len(name):]
		if (pre == "" || slices.Contains(aff[0], pre)) && (suf == "" || slices.Contains(aff[1], suf)) && pre+suf != "" {
			return true
		}
	}
	return false
}

// detectRole returns the header taken for role: the first (in the order of the role's
// names) whose key is one of its names, else the first with a name and its affixes;
// headers for which used is true are passed over. "" when none is.
func detectRole(role string, headers []string, used func(string) bool) string {
	for _, key := range roleNames[role] {
		for _, h := range headers {
			if dataset.HeaderKey(h) == key && !used(h) {
				return h
			}
		}
	}
	// No header is a role name as such: one with a role name and its affixes.
	for _, h := range headers {
		if affixed(role, dataset.HeaderKey(h)) && !used(h) {
			return h
		}
	}
	return ""
}

// IDColumn returns the header that DetectRoles takes as the customer id when no --id
// is given ("" when none is): what a database sample is keyed on before the rows are
// read (see source.Sample).
func IDColumn(headers []string) string {
	return detectRole("id", headers, func(string) bool { return false })
}

// DetectRoles fills the roles not set in override from the table's headers and checks
// that every named column exists and has a usable kind. At least one outcome is required
// unless bestGiven (the best customers come from a column, see BestFromColumn). The notes
// say what was taken as what.
func DetectRoles(t *dataset.Table, override Roles, bestGiven bool) (Roles, []string, error) {
	r := override
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.Name
	}
	var errs []string
	resolve := func(role string, field *string, flag string) {
		if *field != "" {
			c := t.Column(*field)
			if c == nil {
				msg := fmt.Sprintf("--%s %q: no such column", flag, *field)
				if near := dataset.Closest(*field, headers); near != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", near)
				}
				errs = append(errs, msg)
				return
			}
			*field = c.Name
			return
		}
		*field = detectRole(role, headers, r.uses)
	}
	resolve("id", &r.ID, "id")
	resolve(OutcomeLTV, &r.LTV, "ltv")
	if r.LTV == "" {
		// No lifetime value: a customer's recurring revenue or contract value (ARR, MRR,
		// ACV) is the value measure instead. It is a run rate, not an amount that grows
		// with the customer's age, so no tenure column is looked for (see below).
		r.LTV = runRateColumn(t, r.uses)
	}
	resolve(OutcomeCycle, &r.Cycle, "cycle")
	resolve(OutcomeChurn, &r.Churn, "churn")
	if r.Churn == "" {
		r.Churn = churnStatusColumn(t, r.uses)
	}
	resolve(OutcomeNPS, &r.NPS, "nps")
	if len(errs) > 0 {
		return r, nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	if r.LTV == "" && r.Cycle == "" && r.Churn == "" && r.NPS == "" && !bestGiven {
		return r, nil, fmt.Errorf("no outcome column found among %d headers; name one with --ltv, --cycle, --churn or --nps (recognised headers include ltv, lifetime_value, total_revenue, arr, mrr, sales_cycle_days, churned, nps)", len(headers))
	}
	for _, o := range outcomeOrder {
		name := r.Outcome(o)
		if name == "" {
			continue
		}
		c := t.Column(name)
		if c.Kind == dataset.Empty {
			errs = append(errs, emptyOutcome(t, o, c))
			continue
		}
		switch o {
		case OutcomeChurn:
			if c.Kind == dataset.Categorical {
				if msg := readChurn(t, c); msg != "" {
					errs = append(errs, msg)
				}
				continue
			}
			if c.Kind != dataset.Boolean && c.Kind != dataset.Date && !isZeroOne(c) {
				errs = append(errs, fmt.Sprintf("churn column %q holds %s values; it needs yes/no, true/false, 1/0 or a churn date", name, c.Kind))
			}
		default:
			if c.Kind != dataset.Numeric && !(c.Kind == dataset.Boolean && o == OutcomeNPS) {
				msg := fmt.Sprintf("%s column %q holds %s values; it needs numbers", o, name, c.Kind)
				if ex := exampleValue(c); ex != "" {
					msg += fmt.Sprintf(" (e.g. %q)", ex)
				}
				errs = append(errs, msg+"; point the flag at a numeric column, e.g. --"+flagOf(o)+" COLUMN")
			}
		}
	}
	if len(errs) > 0 {
		return r, nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	switch {
	case r.Tenure.Column == "none" || r.LTV == "" || r.Tenure.Column == "" && runRateName(r.LTV) != "":
		r.Tenure.Column = ""
	case r.Tenure.Column != "":
		c := t.Column(r.Tenure.Column)
		if c == nil {
			msg := fmt.Sprintf("--tenure %q: no such column", r.Tenure.Column)
			if near := dataset.Closest(r.Tenure.Column, headers); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			return r, nil, fmt.Errorf("%s", msg)
		}
		r.Tenure.Column = c.Name
	default:
		r.Tenure.Column = detectTenure(t, r)
	}
	var notes []string
	for _, kv := range [][2]string{{"id", r.ID}, {"LTV", r.LTV}, {"sales cycle", r.Cycle}, {"churn", r.Churn}, {"NPS", r.NPS}, {"tenure", r.Tenure.Column}} {
		if kv[1] != "" {
			note := fmt.Sprintf("%s: %q", kv[0], kv[1])
			if kv[0] == "churn" && retained(kv[1]) {
				note += " (read the other way round: no means churned)"
			}
			notes = append(notes, note)
		}
	}
	return r, notes, nil
}

// runRateKeys are header words (dataset.HeaderKey of a word) of a customer's recurring
// revenue or contract value: a value measure known once the customer has bought, at
// its current rate rather than accumulated.
var runRateKeys = []string{"arr", "mrr", "acv", "tcv", "annualrecurringrevenue", "monthlyrecurringrevenue",
	"recurringrevenue", "annualcontractvalue", "totalcontractvalue", "contractvalue"}

// runRateName returns the run-rate word in a header ("ARR (USD)" → "arr", "Annual
// Contract Value" → "annualcontractvalue"), or "". Short keys must be a word of the
// header, so that "carrier" or "arrival_date" do not count.
func runRateName(header string) string {
	key := dataset.HeaderKey(header)
	words := strings.FieldsFunc(strings.ToLower(header), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	for _, k := range runRateKeys {
		if len(k) > 3 && strings.Contains(key, k) || slices.Contains(words, k) {
			return k
		}
	}
	return ""
}

// runRateColumn returns the first numeric column named as a recurring revenue or
// contract value (see runRateName), or "".
func runRateColumn(t *dataset.Table, used func(string) bool) string {
	for _, c := range t.Columns {
		if c.Kind == dataset.Numeric && !used(c.Name) && runRateName(c.Name) != "" {
			return c.Name
		}
	}
	return ""
}

// retainedKeys are header keys of a column that says the customer stayed ("Retained",
// "Renewed"): churn read the other way round.
var retainedKeys = []string{"retained", "isretained", "renewed", "hasrenewed"}

// retained reports whether a churn column's header says the customer stayed.
func retained(header string) bool { return slices.Contains(retainedKeys, dataset.HeaderKey(header)) }

// OrientChurn turns the churn column of r round, in place in t, when its header says
// the customer stayed ("Retained", "Renewed": yes means not churned), so that every
// later step reads 1 as churned. Call it once per loaded table, after DetectRoles and
// before ranking (derive does; compare for last quarter's table too); a description of
// the file as written (inspect) does not. A date in such a column (when the customer
// renewed) cannot be read as churn: an error.
func OrientChurn(t *dataset.Table, r Roles) error {
	c := t.Column(r.Churn)
	if c == nil || !retained(c.Name) {
		return nil
	}
	if c.Kind == dataset.Date {
		return fmt.Errorf("churn column %q holds dates (when customers renewed?); icp reads churn as yes/no or as a churn date: name the churn column with --churn COLUMN", c.Name)
	}
	num := make([]float64, len(c.Num))
	for i, x := range c.Num {
		num[i] = 1 - x // NaN stays NaN
	}
	b := &dataset.Column{Name: c.Name, Index: c.Index, Kind: c.Kind, Num: num, MissingCount: c.MissingCount, Notes: c.Notes}
	for i, x := range t.Columns {
		if x == c {
			t.Columns[i] = b
		}
	}
	return nil
}

// statusKeys are header keys of an account's status, which says churn when its values
// do ("Active"/"Churned").
var statusKeys = []string{"status", "accountstatus", "customerstatus", "subscriptionstatus", "contractstatus", "clientstatus"}

// churnStatusColumn returns a status column whose values say whether the customer has
// churned, or "": one read as yes/no from churned/active (the loader reads those words
// so), or a categorical one with a "churned" value among values mostly read as yes/no.
func churnStatusColumn(t *dataset.Table, used func(string) bool) string {
	for _, c := range t.Columns {
		if used(c.Name) || !slices.Contains(statusKeys, dataset.HeaderKey(c.Name)) {
			continue
		}
		switch c.Kind {
		case dataset.Boolean:
			return c.Name
		case dataset.Categorical:
			if slices.ContainsFunc(c.Levels, func(l string) bool { return profile.FoldValue(l) == "churned" }) {
				return c.Name
			}
		}
	}
	return ""
}

// acceptedChurn lists the churn values DetectRoles reads, for messages.
const acceptedChurn = "yes/no, true/false, y/n, 1/0, churned/active (also ja/nein, oui/non, sí/no, sim/não), or a churn date"

// emptyOutcome says why an outcome column the loader found empty cannot be used, and
// what to do.
func emptyOutcome(t *dataset.Table, o string, c *dataset.Column) string {
	switch {
	case c.MissingCount >= t.Rows:
		return fmt.Sprintf("%s column %q has no value in any row; name the column that holds the %s with --%s COLUMN", o, c.Name, o, flagOf(o))
	case t.Rows == 1:
		return fmt.Sprintf("the file has only 1 data row, so %s column %q cannot rank customers; export all your customers (a profile needs at least a few dozen)", o, c.Name)
	}
	same := "the same value in every row"
	for _, n := range c.Notes {
		if strings.HasPrefix(n, "the same value") {
			same, _ = strings.CutSuffix(n, ": no information")
		}
	}
	return fmt.Sprintf("%s column %q holds %s, so it cannot tell customers apart; fix the column, or name another with --%s COLUMN", o, c.Name, same, flagOf(o))
}

// readChurn turns a categorical churn column whose values are mostly yes/no-like
// (at least 80% of the known values) into a Boolean column in t, in place of c, the
// other values counting as missing; its notes then say how many, the first line and
// value, what was seen and what is accepted. A column with fewer readable values is
// not changed, and the message (an error) says the same; "" when it was read.
func readChurn(t *dataset.Table, c *dataset.Column) string {
	readable, known := 0, 0
	val := make([]float64, len(c.Levels))
	ok := make([]bool, len(c.Levels))
	for l, lv := range c.Levels {
		b, yes := dataset.ParseBool(lv)
		ok[l] = yes
		if b {
			val[l] = 1
		}
		known += c.Counts[l]
		if yes {
			readable += c.Counts[l]
		}
	}
	bad, firstRow := 0, -1
	num := make([]float64, len(c.Codes))
	for i, code := range c.Codes {
		switch {
		case code < 0:
			num[i] = math.NaN()
		case ok[code]:
			num[i] = val[code]
		default:
			num[i] = math.NaN()
			bad++
			if firstRow < 0 {
				firstRow = i
			}
		}
	}
	line := firstRow + 2
	if firstRow >= 0 && firstRow < len(t.Line) {
		line = t.Line[firstRow]
	}
	first := ""
	if firstRow >= 0 {
		first = c.Display[c.Codes[firstRow]]
	}
	seen := seenValues(c, 6)
	if readable*5 < known*4 {
		return fmt.Sprintf("churn column %q holds values that are not yes/no: %d of %d (first at line %d: %q); values seen: %s; accepted: %s; fix the values, or name another column with --churn COLUMN",
			c.Name, known-readable, known, line, first, seen, acceptedChurn)
	}
	b := &dataset.Column{Name: c.Name, Index: c.Index, Kind: dataset.Boolean, Num: num, MissingCount: c.MissingCount + bad, Notes: slices.Clone(c.Notes)}
	if bad > 0 {
		b.Notes = append(b.Notes, fmt.Sprintf("%d %s could not be read as yes/no and count as missing (first at line %d: %q); values seen: %s; accepted: %s; the rows are kept; fix the values in the file",
			bad, profile.Plural(bad, "value", "values"), line, first, seen, acceptedChurn))
	}
	for i, x := range t.Columns {
		if x == c {
			t.Columns[i] = b
		}
	}
	return ""
}

// seenValues lists up to most values of a categorical column with their counts, most
// common first: "No" 50, "Yes" 30, "maybe" 20.
func seenValues(c *dataset.Column, most int) string {
	order := make([]int, len(c.Levels))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return c.Counts[b] - c.Counts[a] })
	var parts []string
	for k, l := range order {
		if k == most {
			parts = append(parts, fmt.Sprintf("… %d more", len(order)-most))
			break
		}
		parts = append(parts, fmt.Sprintf("%q %d", c.Display[l], c.Counts[l]))
	}
	return strings.Join(parts, ", ")
}

// exampleValue is a value of a categorical column, for messages.
func exampleValue(c *dataset.Column) string {
	if len(c.Display) > 0 {
		return c.Display[0]
	}
	return ""
}

func flagOf(outcome string) string {
	return outcome
}

func (r Roles) uses(name string) bool {
	return name == r.ID || name == r.LTV || name == r.Cycle || name == r.Churn || name == r.NPS
}

func isZeroOne(c *dataset.Column) bool {
	if c.Kind != dataset.Numeric {
		return false
	}
	for _, v := range c.Num {
		if v == v && v != 0 && v != 1 {
			return false
		}
	}
	return true
}

// leakKeys are header fragments of columns that are known only after the sale or are
// derived from an outcome; such columns are not used as attributes.
var leakKeys = []string{"churn", "ltv", "lifetimevalue", "nps", "cancel", "renewal", "renewed", "retained", "retention", "closedate", "wonlost", "dealstage",
	"winrate", "dealswon", "dealsclosed", "tenure", "seats", "usage", "logins", "activeusers", "csat", "health",
	// The deal history CRMs keep on a company record (HubSpot's "Recent Deal Amount",
	// "Number of Associated Deals", "Days to Close"; Salesforce roll-ups): known only
	// once deals have happened.
	"recentdeal", "lastdeal", "firstdeal", "associateddeals", "numberofdeals", "dealcount", "opportunitycount",
	"numberofopportunities", "wonopportunities", "daystoclose", "becameacustomer",
	// Fields a CRM fills in once an account is a customer.
	"lifecyclestage", "customerstatus", "accountstatus", "customerpriority", "upsellopportunity"}

// leakExact are header keys that mean "is a customer now" only as the whole header
// ("Active", "Is Active"), not as part of another ("active_users" is usage, above).
var leakExact = []string{"active", "isactive", "activecustomer", "iscustomer"}

// leakReason is the exclusion reason of a column caught by the leakage guard; --allow
// admits such a column.
const leakReason = "looks derived from an outcome or known only after the sale (leakage); admit it with --allow if it is known before the sale"

// AttributeExclusion says why a column would not be used as an attribute (an
// identifier or free text, empty or constant, a date, or caught by the leakage guard),
// or "" when it would be. Columns that play a role return "".
func AttributeExclusion(c *dataset.Column, r Roles) string {
	switch {
	case r.uses(c.Name):
		return "" // handled by caller
	case c.Kind == dataset.Text:
		return "identifier or free text (too many distinct values)"
	case c.Kind == dataset.Empty:
		return "no information (empty or a single value)"
	case c.Kind == dataset.Date:
		return "date (not used as a criterion)"
	}
	key := dataset.HeaderKey(c.Name)
	for _, k := range leakKeys {
		if strings.Contains(key, k) {
			return leakReason
		}
	}
	if slices.Contains(leakExact, key) {
		return leakReason
	}
	return ""
}
