// Package profile is the Ideal Customer Profile as a document: a versioned,
// human-editable YAML file (icp.yaml) holding the criteria, the disqualifiers, the
// fit-score weights and tier cut points, and the evidence and parameters they came from.
// It also owns the rules that match one record against the profile and give it a fit
// score, so that every command scores records the same way.
//
// The package depends only on dataset (for parsing cell values); analysis produces
// profiles, report renders them, cmd/icp reads and writes them.
package profile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SchemaVersion is the version of the icp.yaml layout written by this build. Load
// accepts this version and explains how to migrate any other.
const SchemaVersion = 1

// Status values of a profile.
const (
	StatusDraft    = "draft"
	StatusApproved = "approved"
)

// Operators of a Condition.
const (
	OpIn    = "in"    // categorical value in a set
	OpRange = "range" // number in [Min, Max)
	OpHas   = "has"   // multi-valued list contains any of the items
)

// Profile is the ICP document. Field order is the order written to icp.yaml.
type Profile struct {
	Schema        int         `yaml:"schema" json:"schema"`
	Name          string      `yaml:"name" json:"name"`
	Status        string      `yaml:"status" json:"status"`
	Created       string      `yaml:"created" json:"created"`
	Tool          string      `yaml:"tool" json:"tool"`
	Supersedes    string      `yaml:"supersedes,omitempty" json:"supersedes,omitempty"`
	Source        Source      `yaml:"source" json:"source"`
	Parameters    Parameters  `yaml:"parameters" json:"parameters"`
	Best          Best        `yaml:"best_customers" json:"best_customers"`
	Criteria      []Criterion `yaml:"criteria" json:"criteria"`
	Disqualifiers []Criterion `yaml:"disqualifiers" json:"disqualifiers"`
	Scoring       Scoring     `yaml:"scoring" json:"scoring"`
	Validation    *Validation `yaml:"validation,omitempty" json:"validation,omitempty"`
	Warnings      []string    `yaml:"warnings,omitempty" json:"warnings,omitempty"`
}

// Source fingerprints the data a profile was derived from.
type Source struct {
	File     string `yaml:"file" json:"file"`
	SHA256   string `yaml:"sha256" json:"sha256"`
	Rows     int    `yaml:"rows" json:"rows"`         // data rows in the file
	Analysed int    `yaml:"analysed" json:"analysed"` // rows with at least one outcome
	Skipped  int    `yaml:"skipped" json:"skipped"`   // rows left out, see warnings
}

// Parameters are the settings a profile was derived with; compare reuses them.
type Parameters struct {
	Top        float64            `yaml:"top" json:"top"`
	Seed       uint64             `yaml:"seed" json:"seed"`
	Alpha      float64            `yaml:"alpha" json:"alpha"`
	MinLift    float64            `yaml:"min_lift" json:"min_lift"`
	MinSupport int                `yaml:"min_support" json:"min_support"`
	Weights    map[string]float64 `yaml:"weights" json:"weights"`
	Columns    map[string]string  `yaml:"columns" json:"columns"` // role -> header
}

// Best records who counted as a best customer.
type Best struct {
	Rule      string  `yaml:"rule" json:"rule"`
	Count     int     `yaml:"count" json:"count"`
	Share     float64 `yaml:"share" json:"share"`
	Threshold float64 `yaml:"threshold" json:"threshold"` // composite score of the last best customer
}

// Condition is one testable statement about a record: attribute in {values},
// attribute in [min, max), or list has item.
type Condition struct {
	Attribute string   `yaml:"attribute" json:"attribute"`
	Op        string   `yaml:"op" json:"op"`
	Values    []string `yaml:"values,omitempty,flow" json:"values,omitempty"`
	Min       *float64 `yaml:"min,omitempty" json:"min"`
	Max       *float64 `yaml:"max,omitempty" json:"max"`
}

// Criterion is a condition with its weight in the fit score and the evidence behind it.
type Criterion struct {
	Condition    `yaml:",inline"`
	Weight       float64   `yaml:"weight" json:"weight"`
	Evidence     *Evidence `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Alternatives []string  `yaml:"alternatives,omitempty" json:"alternatives,omitempty"`
}

// Evidence is how a condition fared on the data it was derived from.
type Evidence struct {
	N         int     `yaml:"customers" json:"n"`           // rows matching
	Best      int     `yaml:"best" json:"best"`             // best customers matching
	BestShare float64 `yaml:"best_share" json:"best_share"` // Best / all best customers
	AllShare  float64 `yaml:"all_share" json:"all_share"`   // N / all customers
	Lift      float64 `yaml:"lift" json:"lift"`
	LiftLow   float64 `yaml:"lift_low" json:"lift_low"`   // from the Wilson interval of the best rate
	LiftHigh  float64 `yaml:"lift_high" json:"lift_high"` // idem
	P         float64 `yaml:"p_value" json:"p_value"`
	Q         float64 `yaml:"q_value" json:"q_value"`
	ChurnRate float64 `yaml:"churn_rate,omitempty" json:"churn_rate,omitempty"`
	ChurnLift float64 `yaml:"churn_lift,omitempty" json:"churn_lift,omitempty"`
	// Validation on customers not used to choose the condition (see ICP.md).
	HoldoutLift float64 `yaml:"holdout_lift,omitempty" json:"holdout_lift,omitempty"`
	HoldoutLow  float64 `yaml:"holdout_lift_low,omitempty" json:"holdout_lift_low,omitempty"`
	HoldoutHigh float64 `yaml:"holdout_lift_high,omitempty" json:"holdout_lift_high,omitempty"`
	Stability   float64 `yaml:"stability,omitempty" json:"stability,omitempty"`         // share of resamples choosing it
	HoldsAtTops string  `yaml:"holds_at_tops,omitempty" json:"holds_at_tops,omitempty"` // e.g. "10%: yes, 20%: yes, 30%: no"
}

// Validation summarises how a derived profile held up on customers it was not
// chosen from.
type Validation struct {
	Folds     int        `yaml:"folds" json:"folds"`
	Resamples int        `yaml:"resamples" json:"resamples"`
	Tiers     []TierRate `yaml:"holdout_tiers" json:"holdout_tiers"`
}

// TierRate is the best-customer rate of a tier on held-out customers.
type TierRate struct {
	Tier string  `yaml:"tier" json:"tier"`
	N    int     `yaml:"customers" json:"customers"`
	Best int     `yaml:"best" json:"best"`
	Rate float64 `yaml:"best_rate" json:"best_rate"`
}

// Scoring holds the fit-score tiers. A record's score is
// 100 × (weight of the criteria it matches) / (weight of all criteria); its tier is the
// first tier whose Min it reaches, in the order listed, unless a disqualifier matches,
// in which case its tier is Disqualified.
type Scoring struct {
	Tiers []Tier `yaml:"tiers" json:"tiers"`
}

// Tier is a named band of fit scores.
type Tier struct {
	Name string  `yaml:"name" json:"name"`
	Min  float64 `yaml:"min" json:"min"`
}

// Disqualified is the tier of a record that matches any disqualifier.
const Disqualified = "disqualified"

// DefaultTiers are the cut points written into a new profile: A ≥ 60, B ≥ 30, C ≥ 10,
// D otherwise. With three criteria of similar weight, A means at least two match, B
// one, D none; with five, A means three or more.
func DefaultTiers() []Tier {
	return []Tier{{"A", 60}, {"B", 30}, {"C", 10}, {"D", 0}}
}

// String renders the condition as a person would write it, e.g.
// `industry in {saas, fintech}`, `employees 200–2,000`, `tech_stack has snowflake`.
func (c Condition) String() string {
	switch c.Op {
	case OpIn:
		return c.Attribute + " in {" + strings.Join(c.Values, ", ") + "}"
	case OpHas:
		return c.Attribute + " has " + strings.Join(c.Values, " or ")
	case OpRange:
		return c.Attribute + " " + RangeString(c.Min, c.Max)
	}
	return c.Attribute + " " + c.Op + " ?"
}

// RangeString renders [min, max) in words: "200–2,000", "≥ 1,000", "< 50".
func RangeString(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return FormatNumber(*lo) + "–" + FormatNumber(*hi)
	case lo != nil:
		return "≥ " + FormatNumber(*lo)
	case hi != nil:
		return "< " + FormatNumber(*hi)
	}
	return "any value"
}

// FormatNumber writes a number for people: thousands separators from 10,000 (so that
// 2000 and a year like 1991 stay as written) to below a million,
// millions and billions with a suffix and up to three significant digits, small
// fractions with three significant digits: 2000 → "2,000", 1.5 → "1.5",
// 1234567.8 → "1.23M", 20e6 → "20M", 2.5e9 → "2.5B".
func FormatNumber(x float64) string {
	if math.IsInf(x, 1) {
		return "∞"
	}
	if math.IsInf(x, -1) {
		return "-∞"
	}
	if math.IsNaN(x) {
		return "NaN"
	}
	neg := x < 0
	if neg {
		x = -x
	}
	var s string
	switch {
	case x >= 1e9 && x < 1e15:
		s = strconv.FormatFloat(roundTo(x/1e9, 3), 'f', -1, 64) + "B"
	case x >= 1e6 && x < 1e9:
		s = strconv.FormatFloat(roundTo(x/1e6, 3), 'f', -1, 64) + "M"
	case x >= 10000:
		s = groupThousands(strconv.FormatFloat(math.Round(x), 'f', 0, 64))
	case x >= 1000 || x == math.Trunc(x):
		s = strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	default:
		s = strconv.FormatFloat(x, 'g', 3, 64)
	}
	if neg {
		return "-" + s
	}
	return s
}

func roundTo(x float64, sig int) float64 {
	f, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', sig, 64), 64)
	return f
}

func groupThousands(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	pre := len(digits) % 3
	if pre > 0 {
		b.WriteString(digits[:pre])
	}
	for i := pre; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// Validate checks a condition's shape.
func (c Condition) Validate() error {
	if strings.TrimSpace(c.Attribute) == "" {
		return fmt.Errorf("attribute is empty")
	}
	switch c.Op {
	case OpIn, OpHas:
		if len(c.Values) == 0 {
			return fmt.Errorf("%s %s needs at least one value in values: [...]", c.Attribute, c.Op)
		}
		if c.Min != nil || c.Max != nil {
			return fmt.Errorf("%s %s takes values, not min/max", c.Attribute, c.Op)
		}
	case OpRange:
		if c.Min == nil && c.Max == nil {
			return fmt.Errorf("%s range needs min, max or both", c.Attribute)
		}
		if len(c.Values) > 0 {
			return fmt.Errorf("%s range takes min/max, not values", c.Attribute)
		}
		if c.Min != nil && c.Max != nil && !(*c.Min < *c.Max) {
			return fmt.Errorf("%s range has min %s not below max %s", c.Attribute, FormatNumber(*c.Min), FormatNumber(*c.Max))
		}
		for _, v := range []*float64{c.Min, c.Max} {
			if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
				return fmt.Errorf("%s range bound must be a finite number (leave it out for an open range)", c.Attribute)
			}
		}
	default:
		return fmt.Errorf("%s has op %q; use in, range or has", c.Attribute, c.Op)
	}
	return nil
}

// FormatCount writes a count with thousands separators: 2000 → "2,000".
func FormatCount(n int) string {
	if n < 0 {
		return "-" + groupThousands(strconv.Itoa(-n))
	}
	return groupThousands(strconv.Itoa(n))
}
