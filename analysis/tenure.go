package analysis

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/icp-dev/icp/dataset"

	"github.com/icp-dev/icp/profile"
)

// Tenure says how customer age enters the LTV outcome, so that young customers, whose
// lifetime value has not had time to accrue, are not mistaken for poor ones.
type Tenure struct {
	// Column holds the tenure in months (numeric) or the date the customer started
	// (date); "" when there is none.
	Column string
	// MinMonths: customers younger than this have their LTV treated as not yet
	// comparable (missing for LTV only; their other outcomes still count). 0 disables.
	MinMonths float64
	// PerMonth divides LTV by the months of tenure (value per month active).
	PerMonth bool
	// NotCreateDate keeps a CRM record's "Create Date" from being detected as the
	// customers' start: beside a deals export (accounts joined with their deals) it says
	// when the record was made, not when the account became a customer.
	NotCreateDate bool
}

// createDateKeys are the header keys of a CRM record's creation date (see
// Tenure.NotCreateDate).
var createDateKeys = []string{"createdate", "createddate", "createdat"}

// tenureNames are header keys recognised as tenure (months) or start-date columns.
var tenureNames = []string{"tenure", "tenuremonths", "monthsactive", "customermonths", "signupdate", "startdate",
	"customersince", "firstpurchasedate", "contractstartdate", "onboardingdate", "createdate", "createddate", "createdat"}

// detectTenure finds a tenure or start-date column, or "".
func detectTenure(t *dataset.Table, r Roles) string {
	for _, key := range tenureNames {
		if r.Tenure.NotCreateDate && slices.Contains(createDateKeys, key) {
			continue
		}
		for _, c := range t.Columns {
			if dataset.HeaderKey(c.Name) == key && !r.uses(c.Name) && (c.Kind == dataset.Numeric || c.Kind == dataset.Date) {
				return c.Name
			}
		}
	}
	return ""
}

// SkippedCreateDate returns the header of a table's CRM record creation date when
// Tenure.NotCreateDate kept it from being taken as the tenure ("" otherwise), so that
// the output can say why customer age was not used.
func SkippedCreateDate(t *dataset.Table, r Roles) string {
	if !r.Tenure.NotCreateDate || r.Tenure.Column != "" || r.LTV == "" {
		return ""
	}
	for _, c := range t.Columns {
		if slices.Contains(createDateKeys, dataset.HeaderKey(c.Name)) && c.Kind == dataset.Date {
			return c.Name
		}
	}
	return ""
}

// TenureMonths returns each row's tenure in months (NaN when unknown) and a note on how
// it was measured, for the tenure column r names. For a start-date column, tenure runs
// up to the export's "as of" date, 30.44 days a month: the latest date in that column or,
// when the churn outcome is a churn date, among the churn dates (customers who signed
// up in 2023 and churned in 2025 were exported in 2025 or later).
func TenureMonths(t *dataset.Table, r Roles) ([]float64, string, error) {
	column := r.Tenure.Column
	c := t.Column(column)
	if c == nil {
		return nil, "", fmt.Errorf("tenure column %q: no such column", column)
	}
	switch c.Kind {
	case dataset.Numeric:
		return c.Num, fmt.Sprintf("tenure in months from %q", c.Name), nil
	case dataset.Date:
		latest := func(c *dataset.Column) float64 {
			m := math.Inf(-1)
			for _, d := range c.Num {
				if d > m {
					m = d
				}
			}
			return m
		}
		asOf := latest(c)
		if math.IsInf(asOf, -1) {
			return nil, "", fmt.Errorf("tenure column %q has no dates", column)
		}
		how := fmt.Sprintf("tenure from %q up to its latest date, %s", c.Name, dayString(asOf))
		if ch := t.Column(r.Churn); ch != nil && ch.Kind == dataset.Date && latest(ch) > asOf {
			asOf = latest(ch)
			how = fmt.Sprintf("tenure from %q up to the latest date in it or in %q, %s", c.Name, ch.Name, dayString(asOf))
		}
		m := make([]float64, len(c.Num))
		for i, d := range c.Num {
			m[i] = (asOf - d) / 30.4375
		}
		return m, how, nil
	}
	return nil, "", fmt.Errorf("tenure column %q holds %s values; it needs months or start dates", column, c.Kind)
}

func dayString(days float64) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format("2006-01-02")
}

// effectiveMinMonths is the minimum tenure the LTV rule applies: min, or 0 when more
// than three in four customers with a known LTV and tenure are younger (an export
// spanning a few months), since leaving their LTV out would leave too few to compare.
// It also returns how many are younger than min, of how many.
func effectiveMinMonths(min float64, months, ltv []float64) (eff float64, young, known int) {
	for i, v := range ltv {
		if m := months[i]; !math.IsNaN(v) && !math.IsNaN(m) {
			known++
			young += b2i(m < min)
		}
	}
	if min > 0 && 4*young > 3*known {
		return 0, young, known
	}
	return min, young, known
}

// adjustLTV applies the tenure rule to oriented LTV values (larger is better).
func adjustLTV(t *dataset.Table, r Roles, ltv []float64) ([]float64, string, error) {
	rule := r.Tenure
	months, how, err := TenureMonths(t, r)
	if err != nil {
		return nil, "", err
	}
	minMonths, youngAll, known := effectiveMinMonths(rule.MinMonths, months, ltv)
	mostYoung := minMonths != rule.MinMonths
	out := make([]float64, len(ltv))
	young := 0
	for i, v := range ltv {
		m := months[i]
		switch {
		case math.IsNaN(v):
			out[i] = v
		case math.IsNaN(m):
			out[i] = v
			if rule.PerMonth {
				out[i] = math.NaN()
			}
		case minMonths > 0 && m < minMonths:
			out[i] = math.NaN()
			young++
		case rule.PerMonth:
			out[i] = v / math.Max(m, 1)
		default:
			out[i] = v
		}
	}
	note := how
	if rule.PerMonth {
		note = "LTV taken per month of tenure (" + how + ")"
	}
	switch {
	case mostYoung:
		note += fmt.Sprintf("; %s of %s customers with a known tenure are younger than %g months, more than three in four, so their LTV is compared as it is (leaving it out would leave too few; --ltv-per-month compares LTV per month of tenure instead)",
			profile.FormatCount(youngAll), profile.FormatCount(known), rule.MinMonths)
	case rule.MinMonths > 0:
		note += fmt.Sprintf("; %s %s younger than %g months had %s LTV left out as not yet comparable (%s other outcomes still count)", profile.FormatCount(young), profile.Plural(young, "customer", "customers"), rule.MinMonths, profile.Plural(young, "its", "their"), profile.Plural(young, "its", "their"))
	}
	return out, note, nil
}
