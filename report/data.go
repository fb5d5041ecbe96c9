package report

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"strconv"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
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
// first), one row each.
func LiftCSV(w io.Writer, res *analysis.Result) error {
	cw := csv.NewWriter(w)
	header := []string{"attribute", "condition", "kind", "op", "values", "min", "max",
		"n", "best", "all_share", "best_share", "best_rate", "lift", "lift_low", "lift_high",
		"p_over", "q_over", "p_under", "q_under", "churn_known", "churn_rate", "churn_lift", "q_churn", "role"}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range res.Conditions {
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
		rec = append(rec, s.Role)
		for i := range rec {
			rec[i] = profile.SafeCell(rec[i])
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
	Weight       *float64 `json:"weight,omitempty"`
	ChurnRate    *float64 `json:"churn_rate,omitempty"`
	Alternatives []string `json:"alternatives,omitempty"`
	HoldoutLift  *float64 `json:"holdout_lift,omitempty"`
	Stability    *float64 `json:"stability,omitempty"`
	HoldsAtTops  string   `json:"holds_at_tops,omitempty"`
}

// DeriveJSON is the object `icp derive --format json` prints.
type DeriveJSON struct {
	Input         string               `json:"input"`
	SHA256        string               `json:"sha256"`
	Rows          int                  `json:"rows"`
	Customers     int                  `json:"customers"`
	Skipped       int                  `json:"skipped"`
	Columns       map[string]string    `json:"columns"`
	Best          JSONBest             `json:"best"`
	Criteria      []JSONCondition      `json:"criteria"`
	Disqualifiers []JSONCondition      `json:"disqualifiers"`
	Tiers         []analysis.TierRow   `json:"tiers"`
	Tests         int                  `json:"tests"`
	Validation    *analysis.Validation `json:"validation,omitempty"`
	NoSignal      bool                 `json:"no_signal"`
	Warnings      []string             `json:"warnings"`
	Outputs       []string             `json:"outputs"`
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
		c := s.ChurnRate
		j.ChurnRate = &c
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

// Derive writes the JSON object of a derivation (one object, indented, newline-terminated).
func Derive(w io.Writer, res *analysis.Result, p *profile.Profile, outputs []string) error {
	out := DeriveJSON{
		Input: p.Source.File, SHA256: p.Source.SHA256, Rows: res.Rows, Customers: res.Customers, Skipped: res.Skipped,
		Columns:  p.Parameters.Columns,
		Best:     JSONBest{Count: res.Best.B, Share: float64(res.Best.B) / float64(res.Customers), Rule: res.BestRule(), Threshold: res.Best.Threshold},
		Criteria: []JSONCondition{}, Disqualifiers: []JSONCondition{},
		Tiers: res.Tiers, Tests: res.Tests, Validation: res.Validation, NoSignal: res.NoSignal, Warnings: res.Warnings, Outputs: outputs,
	}
	if out.Warnings == nil {
		out.Warnings = []string{}
	}
	if out.Outputs == nil {
		out.Outputs = []string{}
	}
	for i, s := range res.Criteria {
		j := jsonCond(res, s, false)
		wt := float64(res.Points[i])
		j.Weight = &wt
		for _, a := range res.Alternatives[s] {
			j.Alternatives = append(j.Alternatives, a.Display)
		}
		out.Criteria = append(out.Criteria, j)
	}
	for _, s := range res.Disqualifiers {
		out.Disqualifiers = append(out.Disqualifiers, jsonCond(res, s, true))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
