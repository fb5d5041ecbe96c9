package analysis

import (
	"fmt"
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
	"id":         {"customerid", "accountid", "companyid", "recordid", "hsobjectid", "id", "customer", "account"},
	OutcomeLTV:   {"ltv", "lifetimevalue", "customerlifetimevalue", "clv", "totalrevenue"},
	OutcomeCycle: {"salescycledays", "salescycle", "salescyclelength", "cyclelength", "cycledays", "daystoclose"},
	OutcomeChurn: {"churned", "churn", "ischurned", "churnflag", "haschurned"},
	OutcomeNPS:   {"nps", "npsscore", "netpromoterscore"},
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
				if near := profile.Closest(*field, headers); near != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", near)
				}
				errs = append(errs, msg)
				return
			}
			*field = c.Name
			return
		}
		for _, key := range roleNames[role] {
			for _, c := range t.Columns {
				if dataset.HeaderKey(c.Name) == key && !r.uses(c.Name) {
					*field = c.Name
					return
				}
			}
		}
	}
	resolve("id", &r.ID, "id")
	resolve(OutcomeLTV, &r.LTV, "ltv")
	resolve(OutcomeCycle, &r.Cycle, "cycle")
	resolve(OutcomeChurn, &r.Churn, "churn")
	resolve(OutcomeNPS, &r.NPS, "nps")
	if len(errs) > 0 {
		return r, nil, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	if r.LTV == "" && r.Cycle == "" && r.Churn == "" && r.NPS == "" && !bestGiven {
		return r, nil, fmt.Errorf("no outcome column found among %d headers; name one with --ltv, --cycle, --churn or --nps (recognised headers include ltv, lifetime_value, total_revenue, sales_cycle_days, churned, nps)", len(headers))
	}
	for _, o := range outcomeOrder {
		name := r.Outcome(o)
		if name == "" {
			continue
		}
		c := t.Column(name)
		switch o {
		case OutcomeChurn:
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
	case r.Tenure.Column == "none" || r.LTV == "":
		r.Tenure.Column = ""
	case r.Tenure.Column != "":
		c := t.Column(r.Tenure.Column)
		if c == nil {
			msg := fmt.Sprintf("--tenure %q: no such column", r.Tenure.Column)
			if near := profile.Closest(r.Tenure.Column, headers); near != "" {
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
			notes = append(notes, fmt.Sprintf("%s: %q", kv[0], kv[1]))
		}
	}
	return r, notes, nil
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
var leakKeys = []string{"churn", "ltv", "lifetimevalue", "nps", "cancel", "renewal", "closedate", "wonlost", "dealstage",
	"winrate", "dealswon", "dealsclosed", "tenure", "seats", "usage", "logins", "activeusers", "csat", "health"}

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
	return ""
}
