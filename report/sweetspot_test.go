package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
)

// sweetResult is a derivation as the sweet-spot engine reports it: a segment of two
// criteria, a third criterion, a negative trait, a disqualifier, tiers cut from the
// evidence (a sweet-spot tier, then two score tiers: one merged away) and a quarter of
// the customers disqualified.
func sweetResult(validated bool) *analysis.Result {
	lo, hi := 200.0, 2000.0
	stat := func(attr, op, display string, vals []string, n, b int, role string) *analysis.Stat {
		c := profile.Condition{Attribute: attr, Op: op, Values: vals}
		if op == profile.OpRange {
			c.Min, c.Max = &lo, &hi
		}
		rate := float64(b) / float64(n)
		return &analysis.Stat{Condition: c, Display: display, Kind: analysis.KindSet, N: n, B: b, BestShare: float64(b) / 200, AllShare: float64(n) / 1000,
			Rate: rate, Lift: rate / 0.2, LiftLow: rate / 0.2 * 0.8, LiftHigh: rate / 0.2 * 1.2, PUp: 1e-6, QUp: 1e-5, PLow: 1e-6, QLow: 1e-5,
			ChurnKnown: n, Churned: n / 4, ChurnRate: 0.25, ChurnLift: 1.25, Role: role}
	}
	ind := stat("industry", profile.OpIn, "industry in {Logistics, Manufacturing}", []string{"logistics", "manufacturing"}, 300, 120, analysis.RoleCriterion)
	emp := stat("employees", profile.OpRange, "employees 200–2000", nil, 400, 130, analysis.RoleCriterion)
	sap := stat("erp", profile.OpHas, "erp has SAP", []string{"sap"}, 250, 80, analysis.RoleCriterion)
	seed := stat("funding", profile.OpIn, "funding = Seed", []string{"seed"}, 200, 20, analysis.RoleNegative)
	b2c := stat("model", profile.OpIn, "model = B2C", []string{"b2c"}, 260, 8, analysis.RoleDisqualifier)
	ind.InSegment, emp.InSegment = true, true
	nan := math.NaN()
	seg := &analysis.Segment{Parts: []*analysis.Stat{ind, emp}, Display: "industry in {Logistics, Manufacturing} AND employees 200–2000",
		N: 150, B: 90, Rate: 0.6, RateLow: 0.52, RateHigh: 0.68, Lift: 3, LiftLow: 2.6, LiftHigh: 3.4, BestShare: 0.45,
		Adds:        []analysis.PartAdd{{Part: ind, WithoutN: 400, WithoutB: 130, WithoutRate: 0.325, RateRatio: 1.85}, {Part: emp, WithoutN: 300, WithoutB: 120, WithoutRate: 0.4, RateRatio: 1.5}},
		HoldoutLift: nan, HoldoutLow: nan, HoldoutHigh: nan, Stability: nan}
	res := &analysis.Result{Rows: 1000, Customers: 1000, Best: &analysis.BestGroup{N: 1000, B: 200, Rule: "strategic is yes"},
		Segment:  seg,
		Criteria: []*analysis.Stat{ind, emp, sap}, Points: []int{40, 35, 25},
		NegativeTraits: []*analysis.Stat{seed}, NegativePoints: []int{-30},
		Disqualifiers: []*analysis.Stat{b2c},
		Tiers: []analysis.TierRow{
			{Tier: "A", Segment: true, MinScore: 0, N: 140, Best: 85, Rate: 0.607, RateLow: 0.52, RateHigh: 0.68},
			{Tier: "B", MinScore: 40, N: 300, Best: 70, Rate: 0.233, RateLow: 0.19, RateHigh: 0.28},
			{Tier: "C", MinScore: 0, N: 300, Best: 37, Rate: 0.123, RateLow: 0.09, RateHigh: 0.16},
			{Tier: profile.Disqualified, N: 260, Best: 8, Rate: 0.03, RateLow: 0.015, RateHigh: 0.06},
		},
		Options: analysis.Options{Top: 0.2, Alpha: 0.05, MinAdd: 1.2},
	}
	for _, s := range []*analysis.Stat{ind, emp, sap, seed, b2c} {
		res.AddCondition(s)
	}
	if validated {
		seg.HoldoutN, seg.HoldoutLift, seg.HoldoutLow, seg.HoldoutHigh, seg.Stability = 140, 2.8, 2.3, 3.3, 0.92
		res.Validation = &analysis.Validation{Folds: 5, Rows: 1000, Tiers: []analysis.TierRow{
			{Tier: "A", Segment: true, N: 135, Best: 78, Rate: 0.578}, {Tier: "B", N: 310, Best: 68, Rate: 0.219},
			{Tier: "C", N: 295, Best: 45, Rate: 0.153}, {Tier: profile.Disqualified, N: 260, Best: 9, Rate: 0.035}}}
	}
	return res
}

// Every output shows the sweet spot, the points, the negative traits, the disqualifier
// rule, the tier rules and expected rates, and says that tiers were merged and that
// many customers are disqualified — with and without validation (NaN held-out values).
func TestSweetSpotRendering(t *testing.T) {
	for _, validated := range []bool{false, true} {
		res := sweetResult(validated)
		p := res.Profile(profile.Source{File: "c.csv", Rows: 1000, Analysed: 1000}, "t", "2026-12-01", "icp test")
		data, err := p.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		q, err := profile.Parse(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("derived profile does not load: %v\n%s", err, data)
		}
		if !q.Criteria[0].Segment || !q.Criteria[1].Segment || q.Criteria[2].Segment || q.NegativeTraits[0].Points != -30 ||
			!q.Scoring.Tiers[0].Segment || q.Scoring.Tiers[1].Min != 40 || q.Segment == nil || len(q.Segment.Parts) != 2 {
			t.Errorf("profile lost the sweet spot, points or tiers:\n%s", data)
		}
		if want := map[bool]float64{false: 0.607, true: 0.578}[validated]; q.Scoring.Tiers[0].ExpectedBestRate != want {
			t.Errorf("expected best rate of A = %v, want %v", q.Scoring.Tiers[0].ExpectedBestRate, want)
		}

		var term, md, js, html, lift bytes.Buffer
		if err := Summary(&term, res, nil, []string{"id"}, nil); err != nil {
			t.Fatal(err)
		}
		if err := ICP(&md, res, p); err != nil {
			t.Fatal(err)
		}
		if err := Derive(&js, res, p, nil); err != nil {
			t.Fatal(err)
		}
		if err := HTML(&html, Page{Title: "t", Profile: p, Tiers: res.Tiers}); err != nil {
			t.Fatal(err)
		}
		if err := LiftCSV(&lift, res); err != nil {
			t.Fatal(err)
		}
		common := []string{"Employees: 200 to 2,000", "Funding", "-30", "Only 3 fit tiers", "26.0% of customers (260 of 1,000) match a disqualifier", "sweet spot"}
		for name, out := range map[string]string{"terminal": term.String(), "ICP.md": md.String(), "JSON": js.String(), "HTML": html.String()} {
			for _, w := range common {
				switch {
				case name == "JSON" && w == "sweet spot":
					w = `"segment": true`
				case name == "JSON" && w == "Employees: 200 to 2,000":
					w = "employees 200–2000" // machine display, unchanged
				case name == "JSON" && w == "Funding":
					w = "funding"
				}
				if !strings.Contains(out, w) {
					t.Errorf("validated=%v: %s lacks %q:\n%s", validated, name, w, out)
				}
			}
			if strings.Contains(out, "NaN") {
				t.Errorf("validated=%v: %s shows NaN", validated, name)
			}
		}
		for _, w := range []string{"Sweet spot: Industry: logistics or manufacturing and Employees: 200 to 2,000", "150 customers, 90 best (45.0% of all best customers)",
			"it multiplies the rate by 1.85×", "1* ", "Negative traits (1)", "A condition is a disqualifier when", "sweet spot       "} {
			if !strings.Contains(term.String(), w) {
				t.Errorf("terminal lacks %q:\n%s", w, term.String())
			}
		}
		if validated != strings.Contains(term.String(), "held-out lift 2.80× (2.30–3.30), n = 140; found again in 92.0% of resamples") {
			t.Errorf("validated=%v: terminal held-out line wrong:\n%s", validated, term.String())
		}
		var obj struct {
			Segment *struct {
				Conditions  []JSONCondition `json:"conditions"`
				HoldoutLift *float64        `json:"holdout_lift"`
				Parts       []JSONPartAdd   `json:"parts"`
			} `json:"segment"`
			Criteria       []JSONCondition `json:"criteria"`
			NegativeTraits []JSONCondition `json:"negative_traits"`
			Disqualifiers  []JSONCondition `json:"disqualifiers"`
			TierNotes      []string        `json:"tier_notes"`
		}
		if err := json.Unmarshal(js.Bytes(), &obj); err != nil {
			t.Fatal(err)
		}
		if obj.Segment == nil || len(obj.Segment.Conditions) != 2 || len(obj.Segment.Parts) != 2 || (obj.Segment.HoldoutLift != nil) != validated ||
			len(obj.NegativeTraits) != 1 || *obj.NegativeTraits[0].Points != -30 || *obj.Criteria[0].Points != 40 || !obj.Criteria[0].Segment ||
			obj.NegativeTraits[0].Attribute != "funding" || len(obj.TierNotes) != 2 {
			t.Errorf("JSON:\n%s", js.String())
		}
		recs, err := csv.NewReader(&lift).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var roles []string
		for _, r := range recs[1:] {
			roles = append(roles, r[len(r)-1])
		}
		if got := strings.Join(roles, ","); got != "segment,segment,criterion,negative trait,disqualifier" {
			t.Errorf("lift.csv roles = %s", got)
		}

		// The profile scores records as the engine tiers them: the sweet spot first.
		m, err := scoring.Compile(q, []string{"industry", "employees", "erp", "funding", "model"})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			rec  []string
			tier string
		}{
			{[]string{"logistics", "500", "", "", "b2b"}, "A"},
			{[]string{"logistics", "500", "", "seed", "b2b"}, "B"},
			{[]string{"retail", "500", "sap", "", "b2b"}, "B"},
			{[]string{"retail", "50", "sap", "", "b2b"}, "C"},
			{[]string{"logistics", "500", "sap", "", "b2c"}, profile.Disqualified},
		} {
			if r := m.Score(c.rec); r.Tier != c.tier {
				t.Errorf("%v: tier %s, want %s (%s)", c.rec, r.Tier, c.tier, m.Reasons(r))
			}
		}
	}
}

// Without a segment or negative traits, nothing about them is invented.
func TestNoSweetSpotRendering(t *testing.T) {
	res := sweetResult(false)
	res.Segment, res.NegativeTraits, res.NegativePoints = nil, nil, nil
	res.Criteria[0].InSegment, res.Criteria[1].InSegment = false, false
	res.Tiers[0].Segment = false
	res.Tiers[0].MinScore = 70
	p := res.Profile(profile.Source{File: "c.csv"}, "t", "2026-12-01", "icp test")
	if _, err := profile.Parse(bytes.NewReader(must(p.Marshal()))); err != nil {
		t.Fatal(err)
	}
	var term, js bytes.Buffer
	if err := Summary(&term, res, nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := Derive(&js, res, p, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(term.String(), "Sweet spot: none found") || strings.Contains(term.String(), "Negative traits") {
		t.Errorf("terminal:\n%s", term.String())
	}
	if !strings.Contains(js.String(), `"segment": null`) || !strings.Contains(js.String(), `"negative_traits": []`) {
		t.Errorf("JSON:\n%s", js.String())
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
