package report

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/internal/jsonnum"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
)

func num(x float64, prec int) string {
	if math.IsNaN(x) {
		return ""
	}
	if math.IsInf(x, 1) {
		return "inf"
	}
	return strconv.FormatFloat(x, 'g', prec, 64)
}

// LiftCSV writes every condition tested, in the result's order (strongest evidence
// first), one row each. The role column says "criterion", "segment" (a criterion that
// is part of the sweet spot), "negative trait", "disqualifier", "alternative" or
// nothing.
func LiftCSV(w io.Writer, res *analysis.Result) error {
	cw := csv.NewWriter(w)
	header := []string{"attribute", "condition", "kind", "op", "values", "min", "max",
		"n", "best", "all_share", "best_share", "best_rate", "lift", "lift_low", "lift_high",
		"p_over", "q_over", "p_under", "q_under", "churn_known", "churn_rate", "churn_lift", "q_churn", "role"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for s := range res.Conditions() {
		c := s.Condition
		var lo, hi, vals string
		if c.Min != nil {
			lo = num(*c.Min, -1)
		}
		if c.Max != nil {
			hi = num(*c.Max, -1)
		}
		for i, v := range c.Values {
			if i > 0 {
				vals += "; "
			}
			vals += v
		}
		rec := []string{c.Attribute, s.Display, s.Kind, c.Op, vals, lo, hi,
			strconv.Itoa(s.N), strconv.Itoa(s.B), num(s.AllShare, 6), num(s.BestShare, 6), num(s.Rate, 6),
			num(s.Lift, 6), num(s.LiftLow, 6), num(s.LiftHigh, 6),
			num(s.PUp, 4), num(s.QUp, 4), num(s.PLow, 4), num(s.QLow, 4)}
		if s.ChurnKnown > 0 {
			rec = append(rec, strconv.Itoa(s.ChurnKnown), num(s.ChurnRate, 6), num(s.ChurnLift, 6), num(s.QChurn, 4))
		} else {
			rec = append(rec, "", "", "", "")
		}
		rec = append(rec, roleLabel(res, s))
		for i := range rec {
			rec[i] = scoring.SafeCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSONCondition is a condition in the JSON output (DESIGN.md §5).
type JSONCondition struct {
	Attribute    string   `json:"attribute"`
	Op           string   `json:"op"`
	Values       []string `json:"values,omitempty"`
	Min          *float64 `json:"min"`
	Max          *float64 `json:"max"`
	Display      string   `json:"display"`
	Lift         float64  `json:"lift"`
	LiftLow      float64  `json:"lift_low"`
	LiftHigh     float64  `json:"lift_high"`
	BestShare    float64  `json:"best_share"`
	AllShare     float64  `json:"all_share"`
	N            int      `json:"n"`
	Best         int      `json:"best"`
	PValue       float64  `json:"p_value"`
	QValue       float64  `json:"q_value"`
	Weight       *float64 `json:"weight,omitempty"`  // criteria: the points, as schema 1 called them
	Points       *int     `json:"points,omitempty"`  // criteria: points; negative traits: negative points
	Segment      bool     `json:"segment,omitempty"` // a criterion that is part of the sweet spot
	ChurnRate    *float64 `json:"churn_rate,omitempty"`
	ChurnLift    *float64 `json:"churn_lift,omitempty"`
	Alternatives []string `json:"alternatives,omitempty"`
	HoldoutLift  *float64 `json:"holdout_lift,omitempty"`
	Stability    *float64 `json:"stability,omitempty"`
	HoldsAtTops  string   `json:"holds_at_tops,omitempty"`
}

// DeriveJSON is the object `icp derive --format json` prints (DESIGN.md §5).
type DeriveJSON struct {
	Input string `json:"input"`
	// Sample says which rows of a database table were read with --sample (absent when
	// all were).
	Sample    *profile.SourceSample `json:"sample,omitempty"`
	SHA256    string                `json:"sha256"`
	Rows      int                   `json:"rows"`
	Customers int                   `json:"customers"`
	Skipped   int                   `json:"skipped"`
	Columns   map[string]string     `json:"columns"`
	Best      JSONBest              `json:"best"`
	// Segment is the sweet spot (null when the data shows none).
	Segment        *JSONSegment    `json:"segment"`
	Criteria       []JSONCondition `json:"criteria"`
	NegativeTraits []JSONCondition `json:"negative_traits"`
	Disqualifiers  []JSONCondition `json:"disqualifiers"`
	// DisqualifierRule says what made the disqualifiers hard vetoes ("" without any).
	DisqualifierRule string             `json:"disqualifier_rule,omitempty"`
	Tiers            []analysis.TierRow `json:"tiers"`
	// ProfileTiers are the tiers as written to icp.yaml: rule (sweet spot, cut point)
	// and expected best-customer rate.
	ProfileTiers []profile.Tier `json:"profile_tiers"`
	// TierNotes say when tiers were merged or many customers are disqualified.
	TierNotes  []string             `json:"tier_notes"`
	Tests      int                  `json:"tests"`
	Validation *analysis.Validation `json:"validation,omitempty"`
	NoSignal   bool                 `json:"no_signal"`
	Warnings   []string             `json:"warnings"`
	Outputs    []string             `json:"outputs"`
}

// JSONSegment is the sweet spot in the JSON output: its conditions (as JSONCondition,
// each part's own evidence), the evidence of the conjunction, and what each part adds.
// Values not measured (held-out lift without validation, stability without
// resamples) are null.
type JSONSegment struct {
	Conditions   []JSONCondition `json:"conditions"`
	Display      string          `json:"display"`
	N            int             `json:"n"`
	Best         int             `json:"best"`
	BestRate     float64         `json:"best_rate"`
	BestRateLow  float64         `json:"best_rate_low"`
	BestRateHigh float64         `json:"best_rate_high"`
	Lift         float64         `json:"lift"`
	LiftLow      float64         `json:"lift_low"`
	LiftHigh     float64         `json:"lift_high"`
	BestShare    float64         `json:"best_share"`
	HoldoutN     int             `json:"holdout_n"`
	HoldoutLift  *float64        `json:"holdout_lift"`
	HoldoutLow   *float64        `json:"holdout_lift_low"`
	HoldoutHigh  *float64        `json:"holdout_lift_high"`
	Stability    *float64        `json:"stability"`
	Parts        []JSONPartAdd   `json:"parts"`
}

// JSONPartAdd is what one part of the segment adds: the segment without it holds
// without_n customers (without_best best, rate without_rate); rate_ratio is the
// segment's best rate over that rate.
type JSONPartAdd struct {
	Display     string   `json:"display"`
	WithoutN    int      `json:"without_n"`
	WithoutBest int      `json:"without_best"`
	WithoutRate *float64 `json:"without_rate"`
	RateRatio   *float64 `json:"rate_ratio"`
}

// JSONBest describes the best-customer group.
type JSONBest struct {
	Count     int     `json:"count"`
	Share     float64 `json:"share"`
	Rule      string  `json:"rule"`
	Threshold float64 `json:"threshold"`
}

func jsonCond(res *analysis.Result, s *analysis.Stat, under bool) JSONCondition {
	j := JSONCondition{Attribute: s.Condition.Attribute, Op: s.Condition.Op, Values: s.Condition.Values,
		Min: s.Condition.Min, Max: s.Condition.Max, Display: s.Display,
		Lift: s.Lift, LiftLow: s.LiftLow, LiftHigh: s.LiftHigh, BestShare: s.BestShare, AllShare: s.AllShare,
		N: s.N, Best: s.B, PValue: s.PUp, QValue: s.QUp}
	if under {
		j.PValue, j.QValue = s.PLow, s.QLow
	}
	if s.ChurnKnown > 0 {
		j.ChurnRate = jsonnum.Nullable(s.ChurnRate)
		j.ChurnLift = jsonnum.Nullable(s.ChurnLift)
	}
	if ck := res.Checks[s]; ck != nil {
		if ck.HoldoutN > 0 {
			h := ck.HoldoutLift
			j.HoldoutLift = &h
		}
		st := ck.Stability
		j.Stability = &st
		j.HoldsAtTops = res.HoldsText(ck)
	}
	return j
}

// jsonSegment is the sweet spot of res for the JSON output (nil without one).
func jsonSegment(res *analysis.Result) *JSONSegment {
	s := res.Segment
	if s == nil {
		return nil
	}
	j := &JSONSegment{Conditions: []JSONCondition{}, Display: s.Display, N: s.N, Best: s.B,
		BestRate: s.Rate, BestRateLow: s.RateLow, BestRateHigh: s.RateHigh, Lift: s.Lift, LiftLow: s.LiftLow, LiftHigh: s.LiftHigh,
		BestShare: s.BestShare, HoldoutN: s.HoldoutN, HoldoutLift: jsonnum.Nullable(s.HoldoutLift), HoldoutLow: jsonnum.Nullable(s.HoldoutLow),
		HoldoutHigh: jsonnum.Nullable(s.HoldoutHigh), Stability: jsonnum.Nullable(s.Stability), Parts: []JSONPartAdd{}}
	for _, c := range s.Parts {
		jc := jsonCond(res, c, false)
		jc.Segment = true
		j.Conditions = append(j.Conditions, jc)
	}
	for _, a := range s.Adds {
		j.Parts = append(j.Parts, JSONPartAdd{Display: partName(a), WithoutN: a.WithoutN, WithoutBest: a.WithoutB,
			WithoutRate: jsonnum.Nullable(a.WithoutRate), RateRatio: jsonnum.Nullable(a.RateRatio)})
	}
	return j
}

// Derive writes the JSON object of a derivation (one object, indented, newline-terminated).
func Derive(w io.Writer, res *analysis.Result, p *profile.Profile, outputs []string) error {
	out := DeriveJSON{
		Input: p.Source.File, Sample: p.Source.Sample, SHA256: p.Source.SHA256, Rows: res.Rows, Customers: res.Customers, Skipped: res.Skipped,
		Columns:  p.Parameters.Columns,
		Best:     JSONBest{Count: res.Best.B, Share: float64(res.Best.B) / float64(res.Customers), Rule: res.BestRule(), Threshold: res.Best.Threshold},
		Segment:  jsonSegment(res),
		Criteria: []JSONCondition{}, NegativeTraits: []JSONCondition{}, Disqualifiers: []JSONCondition{},
		Tiers: res.Tiers, ProfileTiers: p.Scoring.Tiers, Tests: res.Tests, Validation: res.Validation, NoSignal: res.NoSignal, Warnings: res.Warnings, Outputs: outputs,
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	out.TierNotes = []string{}
	for _, n := range []string{mergedNote(p.Scoring.Tiers), disqualifiedNote(res.Tiers)} {
		if n != "" && len(res.Criteria) > 0 {
			out.TierNotes = append(out.TierNotes, n)
		}
	}
	if out.Outputs == nil {
		out.Outputs = []string{}
	}
	for i, s := range res.Criteria {
		j := jsonCond(res, s, false)
		pts := critPoints(res, i)
		wt := float64(pts)
		j.Weight, j.Points, j.Segment = &wt, &pts, res.InSegment(s)
		for _, a := range res.Alternatives[s] {
			j.Alternatives = append(j.Alternatives, a.Display)
		}
		out.Criteria = append(out.Criteria, j)
	}
	for i, s := range res.NegativeTraits {
		j := jsonCond(res, s, true)
		pts := negPoints(res, i)
		j.Points = &pts
		out.NegativeTraits = append(out.NegativeTraits, j)
	}
	for _, s := range res.Disqualifiers {
		out.Disqualifiers = append(out.Disqualifiers, jsonCond(res, s, true))
	}
	if len(res.Disqualifiers) > 0 {
		out.DisqualifierRule = res.DisqualifierRule()
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
