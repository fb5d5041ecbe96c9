// Package profile is the Ideal Customer Profile as a document: a versioned,
// human-editable YAML file (icp.yaml) holding the sweet-spot segment, the criteria and
// negative traits with their points, the disqualifiers, the tiers, and the evidence and
// parameters they came from.
// It also defines the normal forms in which the document's names and values match data
// (AttributeKey, FoldValue), which the loader uses.
//
// The package is the document alone and imports no other package of the project:
// package scoring matches records against a profile and gives the fit score; analysis
// produces profiles, report renders them, workflow reads and writes them.
package profile

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// SchemaVersion is the version of the icp.yaml layout written by this build. Load
// accepts it and every version from OldestSchema, and explains how to migrate any
// other.
//
// Version 2 adds the sweet-spot segment, signed integer points (criteria: points,
// negative traits: negative points), negative traits, sweet-spot tiers with expected
// best-customer rates and per-column display labels. Version 1 files give criteria a
// weight instead of points; their weights act as points scaled to sum to 100 (see
// Profile.Points), so they score as they always did.
const SchemaVersion = 2

// OldestSchema is the oldest icp.yaml version Load reads.
const OldestSchema = 1

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
	Schema     int        `yaml:"schema" json:"schema"`
	Name       string     `yaml:"name" json:"name"`
	Status     string     `yaml:"status" json:"status"`
	Created    string     `yaml:"created" json:"created"`
	Tool       string     `yaml:"tool" json:"tool"`
	Supersedes string     `yaml:"supersedes,omitempty" json:"supersedes,omitempty"`
	Source     Source     `yaml:"source" json:"source"`
	Parameters Parameters `yaml:"parameters" json:"parameters"`
	// Labels are per-column display labels (column header → label), for documents
	// written for people; scoring ignores them. Version 2.
	Labels map[string]string `yaml:"labels,omitempty" json:"labels,omitempty"`
	// Spellings give, per column, the display spelling of each value the conditions
	// name (lower-case value → its most common spelling in the data), so every output
	// writes "FinTech", not "fintech"; scoring ignores them. Version 2, optional.
	Spellings map[string]map[string]string `yaml:"spellings,omitempty" json:"spellings,omitempty"`
	Best      Best                         `yaml:"best_customers" json:"best_customers"`
	// Segment is the evidence of the sweet spot (version 2; nil when the data showed
	// none). Which criteria make it up is said by Criterion.Segment.
	Segment  *Segment    `yaml:"segment,omitempty" json:"segment,omitempty"`
	Criteria []Criterion `yaml:"criteria" json:"criteria"`
	// NegativeTraits lower the fit score by their (negative) points and keep a record
	// out of the sweet-spot tier (version 2).
	NegativeTraits []Criterion `yaml:"negative_traits" json:"negative_traits"`
	// DisqualifierRule says in words what made a condition a disqualifier (a hard veto)
	// rather than a negative trait (version 2; informative, not used by scoring).
	DisqualifierRule string      `yaml:"disqualifier_rule,omitempty" json:"disqualifier_rule,omitempty"`
	Disqualifiers    []Criterion `yaml:"disqualifiers" json:"disqualifiers"`
	Scoring          Scoring     `yaml:"scoring" json:"scoring"`
	Validation       *Validation `yaml:"validation,omitempty" json:"validation,omitempty"`
	Warnings         []string    `yaml:"warnings,omitempty" json:"warnings,omitempty"`
}

// Source fingerprints the data a profile was derived from.
type Source struct {
	File     string `yaml:"file" json:"file"`
	SHA256   string `yaml:"sha256" json:"sha256"`
	Rows     int    `yaml:"rows" json:"rows"`         // data rows in the file
	Analysed int    `yaml:"analysed" json:"analysed"` // rows with at least one outcome
	Skipped  int    `yaml:"skipped" json:"skipped"`   // rows left out, see warnings
	// Sample is set when the rows were a keyed sample of a database table (icp
	// derive --sample): Rows is then the sample's size.
	Sample *SourceSample `yaml:"sample,omitempty" json:"sample,omitempty"`
}

// SourceSample records which rows of a database table a profile was derived from: the Of
// rows' customers whose md5(Key), in hexadecimal, starts below Below (about
// Below/2³² of them). The database draws it (see icp derive --sample); the same table
// gives the same sample whatever the order of its rows.
type SourceSample struct {
	Of    int    `yaml:"of" json:"of"`
	Key   string `yaml:"key" json:"key"`
	Below string `yaml:"below" json:"below"`
}

// String says in words which rows the sample holds.
func (s *SourceSample) String() string {
	return fmt.Sprintf("a keyed sample of %s rows: those whose md5(%s) starts below %s", FormatCount(s.Of), s.Key, s.Below)
}

// Parameters are the settings a profile was derived with; compare reuses them.
type Parameters struct {
	Top   float64 `yaml:"top" json:"top"`
	Seed  uint64  `yaml:"seed" json:"seed"`
	Alpha float64 `yaml:"alpha" json:"alpha"`
	// MinLift is the smallest rate ratio a condition must add given the others (the
	// analysis's MinAdd; in version-1 profiles, the smallest marginal lift a criterion
	// needed). The key keeps its version-1 name.
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

// Criterion is a condition with its points in the fit score and the evidence behind
// it. The same type holds criteria (points ≥ 0), negative traits (points ≤ 0) and
// disqualifiers (no points: a hard veto).
type Criterion struct {
	Condition `yaml:",inline"`
	// Points are added to the fit score of a record that matches (negative for a
	// negative trait). Version 2; zero for disqualifiers, and left out of the file for
	// them.
	Points int `yaml:"points" json:"points"`
	// Segment marks a criterion that is part of the sweet spot (version 2).
	Segment bool `yaml:"segment,omitempty" json:"segment,omitempty"`
	// Weight is the version-1 fit-score weight of a criterion, read from version-1
	// files only (see Profile.Points).
	Weight       float64   `yaml:"weight,omitempty" json:"weight,omitempty"`
	Evidence     *Evidence `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	Alternatives []string  `yaml:"alternatives,omitempty" json:"alternatives,omitempty"`
}

// Segment is the evidence of the sweet spot: the customers who match every segment
// criterion, on the data the profile was derived from.
type Segment struct {
	Rule         string  `yaml:"rule" json:"rule"` // the conditions joined by "AND"
	N            int     `yaml:"customers" json:"n"`
	Best         int     `yaml:"best" json:"best"`
	BestRate     float64 `yaml:"best_rate" json:"best_rate"`
	BestRateLow  float64 `yaml:"best_rate_low" json:"best_rate_low"` // Wilson 95%
	BestRateHigh float64 `yaml:"best_rate_high" json:"best_rate_high"`
	Lift         float64 `yaml:"lift" json:"lift"`
	LiftLow      float64 `yaml:"lift_low" json:"lift_low"`
	LiftHigh     float64 `yaml:"lift_high" json:"lift_high"`
	BestShare    float64 `yaml:"best_share" json:"best_share"` // Best / all best customers
	// Held-out evidence (customers not used to find the segment); zero when not
	// validated.
	HoldoutN    int     `yaml:"holdout_customers,omitempty" json:"holdout_n,omitempty"`
	HoldoutLift float64 `yaml:"holdout_lift,omitempty" json:"holdout_lift,omitempty"`
	HoldoutLow  float64 `yaml:"holdout_lift_low,omitempty" json:"holdout_lift_low,omitempty"`
	HoldoutHigh float64 `yaml:"holdout_lift_high,omitempty" json:"holdout_lift_high,omitempty"`
	// Stability is the share of resamples that found the segment again (zero when
	// not run).
	Stability float64 `yaml:"stability,omitempty" json:"stability,omitempty"`
	// Parts says what each part adds.
	Parts []SegmentPart `yaml:"parts,omitempty" json:"parts,omitempty"`
}

// SegmentPart is what one condition of the segment adds: the segment without it holds
// WithoutN customers, WithoutBest of them best (rate WithoutRate); RateRatio is the
// segment's best rate over WithoutRate.
type SegmentPart struct {
	Condition   string  `yaml:"condition" json:"condition"`
	WithoutN    int     `yaml:"customers_without" json:"without_n"`
	WithoutBest int     `yaml:"best_without" json:"without_best"`
	WithoutRate float64 `yaml:"best_rate_without" json:"without_rate"`
	RateRatio   float64 `yaml:"rate_ratio" json:"rate_ratio"`
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

// Scoring holds the fit tiers. A record's fit score is the sum of the points of the
// criteria it matches plus the (negative) points of the negative traits it matches,
// rounded and clamped to 0–100 (see scoring.Score). Its tier is Disqualified when any
// disqualifier matches; otherwise the first tier, in the order listed, whose rule holds
// (see scoring.Tier).
type Scoring struct {
	// Base is the score of a record that matches no criterion and no negative trait:
	// a record's score is Base plus the points of the criteria it matches plus the
	// (negative) points of the negative traits it matches, clamped to 0–100. Version 2
	// (0 in version 1).
	Base  int    `yaml:"base,omitempty" json:"base,omitempty"`
	Tiers []Tier `yaml:"tiers" json:"tiers"`
}

// Tier is a named band of fit scores, or the sweet spot.
type Tier struct {
	Name string `yaml:"name" json:"name"`
	// Segment marks the sweet-spot tier: records that match every segment criterion and
	// no negative trait (and reach Min). It must be listed first. Version 2.
	Segment bool    `yaml:"segment,omitempty" json:"segment,omitempty"`
	Min     float64 `yaml:"min" json:"min"`
	// ExpectedBestRate is the best-customer rate expected of the tier: measured on
	// held-out customers when the profile was validated, else in-sample. Version 2.
	ExpectedBestRate float64 `yaml:"expected_best_rate" json:"expected_best_rate"`
}

// Disqualified is the tier of a record that matches any disqualifier.
const Disqualified = "disqualified"

// DefaultTiers are the cut points written into a new profile: A ≥ 60, B ≥ 30, C ≥ 10,
// D otherwise. With three criteria of similar weight, A means at least two match, B
// one, D none; with five, A means three or more.
func DefaultTiers() []Tier {
	return []Tier{{Name: "A", Min: 60}, {Name: "B", Min: 30}, {Name: "C", Min: 10}, {Name: "D", Min: 0}}
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
	case x >= 999.5 || x == math.Trunc(x): // (three figures of 999.5 and up are 1000, not 1e+03)
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

// Plural returns one when n is 1, else many: Plural(k, "trait", "traits").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// FormatCount writes a count with thousands separators: 2000 → "2,000".
func FormatCount(n int) string {
	if n < 0 {
		return "-" + groupThousands(strconv.Itoa(-n))
	}
	return groupThousands(strconv.Itoa(n))
}
