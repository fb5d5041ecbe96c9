package scoring

import (
	"strings"
	"testing"

	"github.com/icp-dev/icp/profile"
)

func f(x float64) *float64 { return &x }

func sample() *profile.Profile {
	return &profile.Profile{
		Schema: profile.SchemaVersion, Name: "2026-Q4 draft", Status: profile.StatusDraft, Created: "2026-11-29", Tool: "icp test",
		Source:     profile.Source{File: "customers.csv", SHA256: "abc", Rows: 10, Analysed: 10},
		Parameters: profile.Parameters{Top: 0.2, Seed: 1, Alpha: 0.05, MinLift: 1.3, MinSupport: 20, Weights: map[string]float64{"ltv": 1, "churn": 2}, Columns: map[string]string{"ltv": "ltv"}},
		Best:       profile.Best{Rule: "top 20%", Count: 2, Share: 0.2},
		Labels:     map[string]string{"employees": "Employees"},
		Segment: &profile.Segment{Rule: "industry in {saas, fintech} AND employees 200–2000", N: 3, Best: 2, BestRate: 0.6667, BestRateLow: 0.2, BestRateHigh: 0.94,
			Lift: 3.3, LiftLow: 1, LiftHigh: 4.7, BestShare: 1, Parts: []profile.SegmentPart{{Condition: "industry in {saas, fintech}", WithoutN: 5, WithoutBest: 2, WithoutRate: 0.4, RateRatio: 1.67}}},
		Criteria: []profile.Criterion{
			{Condition: profile.Condition{Attribute: "industry", Op: profile.OpIn, Values: []string{"saas", "fintech"}}, Points: 40, Segment: true},
			{Condition: profile.Condition{Attribute: "employees", Op: profile.OpRange, Min: f(200), Max: f(2000)}, Points: 35, Segment: true},
			{Condition: profile.Condition{Attribute: "tech_stack", Op: profile.OpHas, Values: []string{"snowflake"}}, Points: 25},
		},
		NegativeTraits:   []profile.Criterion{{Condition: profile.Condition{Attribute: "funding_stage", Op: profile.OpIn, Values: []string{"seed"}}, Points: -10}},
		DisqualifierRule: "best rate below 5% even among customers matching the criteria",
		Disqualifiers:    []profile.Criterion{{Condition: profile.Condition{Attribute: "business_model", Op: profile.OpIn, Values: []string{"b2c"}}}},
		Scoring: profile.Scoring{Tiers: []profile.Tier{{Name: "A", Segment: true, Min: 0, ExpectedBestRate: 0.62}, {Name: "B", Min: 60, ExpectedBestRate: 0.3},
			{Name: "C", Min: 30, ExpectedBestRate: 0.15}, {Name: "D", Min: 0, ExpectedBestRate: 0.05}}},
	}
}

// sampleV1 is sample in the version-1 layout: weights, no segment, no negative traits.
func sampleV1() *profile.Profile {
	p := sample()
	p.Schema, p.Labels, p.Segment, p.NegativeTraits, p.DisqualifierRule = 1, nil, nil, nil, ""
	for i, w := range []float64{40, 35, 25} {
		p.Criteria[i].Points, p.Criteria[i].Segment, p.Criteria[i].Weight = 0, false, w
	}
	p.Scoring = profile.Scoring{Tiers: profile.DefaultTiers()}
	return p
}

func TestMatchRaw(t *testing.T) {
	p := sample()
	ind, emp, tech, disq := p.Criteria[0].Condition, p.Criteria[1].Condition, p.Criteria[2].Condition, p.Disqualifiers[0].Condition
	boolCond := profile.Condition{Attribute: "partner", Op: profile.OpIn, Values: []string{"true"}}
	cases := []struct {
		c              profile.Condition
		cell           string
		match, present bool
	}{
		{ind, "SaaS", true, true},
		{ind, "  saas ", true, true},
		{ind, "FinTech", true, true},
		{ind, "retail", false, true},
		{ind, "", false, false},
		{ind, "N/A", false, false},
		{emp, "200", true, true},
		{emp, "1,999", true, true},
		{emp, "2000", false, true}, // max is exclusive
		{emp, "199.9", false, true},
		{emp, "lots", false, false},
		{tech, "Salesforce; Snowflake", true, true},
		{tech, "Salesforce|AWS", false, true},
		{tech, "", false, false},
		{disq, "B2C", true, true},
		{boolCond, "Yes", true, true},
		{boolCond, "no", false, true},
	}
	for _, c := range cases {
		m, pr := MatchRaw(c.c, c.cell)
		if m != c.match || pr != c.present {
			t.Errorf("%s on %q = (%v, %v), want (%v, %v)", c.c, c.cell, m, pr, c.match, c.present)
		}
	}
}

// A version-1 profile scores as it always did: 100 × matched weight / total weight,
// tiers by score alone.
func TestScoreAndTierV1(t *testing.T) {
	p := sampleV1()
	header := []string{"Industry", "employees", "tech_stack", "business_model"}
	m, err := Compile(p, header)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		rec   []string
		score int
		tier  string
	}{
		{[]string{"saas", "500", "snowflake", "b2b"}, 100, "A"},
		{[]string{"saas", "500", "", "b2b"}, 75, "A"},
		{[]string{"retail", "500", "snowflake", "b2b"}, 60, "A"},
		{[]string{"saas", "50", "", "b2b"}, 40, "B"},
		{[]string{"retail", "50", "snowflake", "b2b"}, 25, "C"},
		{[]string{"retail", "50", "", "b2b"}, 0, "D"},
		{[]string{"saas", "500", "snowflake", "b2c"}, 100, profile.Disqualified},
	}
	for _, c := range cases {
		r := m.Score(c.rec)
		if r.Score != c.score || r.Tier != c.tier {
			t.Errorf("%v: score %d tier %s, want %d %s (%s)", c.rec, r.Score, r.Tier, c.score, c.tier, m.Reasons(r))
		}
	}
	r := m.Score([]string{"saas", "", "aws", "b2c"})
	want := "matched: Industry: saas or fintech; missed: Uses snowflake; blank: Employees: 200 to 2,000; disqualified by: Business model: b2c"
	if got := m.Reasons(r); got != want {
		t.Errorf("reasons = %q, want %q", got, want)
	}
	// Weights that do not sum to 100 are scaled; thirds round as they always did.
	p.Criteria[0].Weight, p.Criteria[1].Weight, p.Criteria[2].Weight = 1, 1, 1
	m, _ = Compile(p, header)
	for _, c := range []struct {
		rec   []string
		score int
	}{{[]string{"saas", "50", "", "b2b"}, 33}, {[]string{"saas", "500", "", "b2b"}, 67}, {[]string{"saas", "500", "snowflake", "b2b"}, 100}} {
		if r := m.Score(c.rec); r.Score != c.score {
			t.Errorf("%v: score %d, want %d", c.rec, r.Score, c.score)
		}
	}
}

// A version-2 profile: points add up, negative traits subtract and keep a record out
// of the sweet spot, the sweet-spot tier comes first whatever the score.
func TestScoreAndTier(t *testing.T) {
	p := sample()
	header := []string{"Industry", "employees", "tech_stack", "funding_stage", "business_model"}
	m, err := Compile(p, header)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		rec   []string
		score int
		tier  string
		spot  bool
	}{
		{[]string{"saas", "500", "snowflake", "series a", "b2b"}, 100, "A", true},
		{[]string{"saas", "500", "", "", "b2b"}, 75, "A", true},
		{[]string{"saas", "500", "", "Seed", "b2b"}, 65, "B", false},
		{[]string{"retail", "500", "snowflake", "", "b2b"}, 60, "B", false},
		{[]string{"saas", "50", "", "", "b2b"}, 40, "C", false},
		{[]string{"retail", "50", "snowflake", "", "b2b"}, 25, "D", false},
		{[]string{"retail", "50", "", "seed", "b2b"}, 0, "D", false},
		{[]string{"saas", "500", "snowflake", "", "b2c"}, 100, profile.Disqualified, true},
	}
	for _, c := range cases {
		r := m.Score(c.rec)
		if r.Score != c.score || r.Tier != c.tier || r.SweetSpot != c.spot {
			t.Errorf("%v: score %d tier %s spot %v, want %d %s %v (%s)", c.rec, r.Score, r.Tier, r.SweetSpot, c.score, c.tier, c.spot, m.Reasons(r))
		}
	}
	r := m.Score([]string{"saas", "", "aws", "seed", "b2c"})
	want := "matched: Industry: saas or fintech; missed: Uses snowflake; blank: Employees: 200 to 2,000; lowered by: Funding stage: seed; disqualified by: Business model: b2c"
	if got := m.Reasons(r); got != want {
		t.Errorf("reasons = %q, want %q", got, want)
	}
}

func TestScoreClamps(t *testing.T) {
	for _, c := range []struct {
		pts, neg []float64
		m, nm    []bool
		want     int
	}{
		{[]float64{60, 60}, nil, []bool{true, true}, nil, 100},
		{[]float64{10}, []float64{-30}, []bool{true}, []bool{true}, 0},
		{[]float64{33.5}, nil, []bool{true}, nil, 34},
		{[]float64{100.0 / 3, 100.0 / 3, 100.0 / 3}, nil, []bool{true, true, true}, nil, 100},
		{nil, nil, nil, nil, 0},
	} {
		if got := Score(0, c.pts, c.m, c.neg, c.nm); got != c.want {
			t.Errorf("Score(%v, %v, %v, %v) = %d, want %d", c.pts, c.m, c.neg, c.nm, got, c.want)
		}
	}
	s := profile.Scoring{Tiers: []profile.Tier{{Name: "A", Segment: true}, {Name: "B", Min: 50}, {Name: "C"}}}
	for _, c := range []struct {
		score      int
		spot, disq bool
		want       string
	}{{10, true, false, "A"}, {90, false, false, "B"}, {10, false, false, "C"}, {90, true, true, profile.Disqualified}} {
		if got := Tier(s, c.score, c.spot, c.disq); got != c.want {
			t.Errorf("profile.Tier(%d, %v, %v) = %s, want %s", c.score, c.spot, c.disq, got, c.want)
		}
	}
}

func TestCompileMissingColumn(t *testing.T) {
	_, err := Compile(sample(), []string{"industy", "employees", "tech_stack", "business_model"})
	if err == nil || !strings.Contains(err.Error(), `closest header: "industy"`) {
		t.Errorf("got %v", err)
	}
}
