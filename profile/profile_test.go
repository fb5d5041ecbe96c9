package profile

import (
	"bytes"
	"slices"
	"strings"
	"testing"
)

func f(x float64) *float64 { return &x }

func sample() *Profile {
	return &Profile{
		Schema: SchemaVersion, Name: "2026-Q4 draft", Status: StatusDraft, Created: "2026-11-29", Tool: "icp test",
		Source:     Source{File: "customers.csv", SHA256: "abc", Rows: 10, Analysed: 10},
		Parameters: Parameters{Top: 0.2, Seed: 1, Alpha: 0.05, MinLift: 1.3, MinSupport: 20, Weights: map[string]float64{"ltv": 1, "churn": 2}, Columns: map[string]string{"ltv": "ltv"}},
		Best:       Best{Rule: "top 20%", Count: 2, Share: 0.2},
		Labels:     map[string]string{"employees": "Employees"},
		Segment: &Segment{Rule: "industry in {saas, fintech} AND employees 200–2000", N: 3, Best: 2, BestRate: 0.6667, BestRateLow: 0.2, BestRateHigh: 0.94,
			Lift: 3.3, LiftLow: 1, LiftHigh: 4.7, BestShare: 1, Parts: []SegmentPart{{Condition: "industry in {saas, fintech}", WithoutN: 5, WithoutBest: 2, WithoutRate: 0.4, RateRatio: 1.67}}},
		Criteria: []Criterion{
			{Condition: Condition{Attribute: "industry", Op: OpIn, Values: []string{"saas", "fintech"}}, Points: 40, Segment: true},
			{Condition: Condition{Attribute: "employees", Op: OpRange, Min: f(200), Max: f(2000)}, Points: 35, Segment: true},
			{Condition: Condition{Attribute: "tech_stack", Op: OpHas, Values: []string{"snowflake"}}, Points: 25},
		},
		NegativeTraits:   []Criterion{{Condition: Condition{Attribute: "funding_stage", Op: OpIn, Values: []string{"seed"}}, Points: -10}},
		DisqualifierRule: "best rate below 5% even among customers matching the criteria",
		Disqualifiers:    []Criterion{{Condition: Condition{Attribute: "business_model", Op: OpIn, Values: []string{"b2c"}}}},
		Scoring: Scoring{Tiers: []Tier{{Name: "A", Segment: true, Min: 0, ExpectedBestRate: 0.62}, {Name: "B", Min: 60, ExpectedBestRate: 0.3},
			{Name: "C", Min: 30, ExpectedBestRate: 0.15}, {Name: "D", Min: 0, ExpectedBestRate: 0.05}}},
	}
}

// sampleV1 is sample in the version-1 layout: weights, no segment, no negative traits.
func sampleV1() *Profile {
	p := sample()
	p.Schema, p.Labels, p.Segment, p.NegativeTraits, p.DisqualifierRule = 1, nil, nil, nil, ""
	for i, w := range []float64{40, 35, 25} {
		p.Criteria[i].Points, p.Criteria[i].Segment, p.Criteria[i].Weight = 0, false, w
	}
	p.Scoring = Scoring{Tiers: DefaultTiers()}
	return p
}

func TestMarshalParseRoundTrip(t *testing.T) {
	p := sample()
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse own output: %v\n%s", err, data)
	}
	again, err := q.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, again) {
		t.Errorf("round trip changed the document:\n%s\n---\n%s", data, again)
	}
	if !strings.Contains(string(data), "values: [saas, fintech]") {
		t.Errorf("values not written in flow style:\n%s", data)
	}
}

func TestParseRejects(t *testing.T) {
	good, _ := sample().Marshal()
	cases := []struct {
		name, from, to, want string
	}{
		{"typo in key", "min_lift:", "minlift:", "field minlift not found"},
		{"older schema", "schema: 2", "schema: 0", "no schema version"},
		{"newer schema", "schema: 2", "schema: 9", "newer than this icp"},
		{"bad status", "status: draft", "status: final", `status "final"`},
		{"bad op", "op: has", "op: contains", `op "contains"`},
		{"inverted range", "max: 2000", "max: 100", "min 200 not below max 100"},
		{"negative points", "points: 25", "points: -5", "line 66: criteria[2] (tech_stack): points -5 must be within 0–1000"},
		{"too many points", "points: 25", "points: 1001", "points 1001 must be within"},
		{"fractional points", "points: 25", "points: 2.5", "points 2.5 must be a whole number"},
		{"weight in schema 2", "points: 25", "weight: 25", "weight is the schema 1 field"},
		{"positive negative trait", "points: -10", "points: 10", "line 71: negative_traits[0] (funding_stage): points 10 must be within -1000–0"},
		{"segment negative trait", "points: -10", "points: -10\n    segment: true", "cannot be part of the sweet spot"},
		{"disqualifier points", "values: [b2c]", "values: [b2c]\n    points: -5", "takes no points"},
		{"tier order", "min: 30", "min: 80", "line 87: scoring.tiers[2] (C): min 80 must not be above the previous tier's 60"},
		{"last tier not zero", "min: 0\n      expected_best_rate: 0.05", "min: 10\n      expected_best_rate: 0.05", "must have min 0"},
		{"segment tier not first", "name: B\n", "name: B\n      segment: true\n", "must be listed first"},
		{"expected rate", "expected_best_rate: 0.62", "expected_best_rate: 1.5", "expected_best_rate 1.5 must be a share within 0–1"},
		{"blank label", "employees: Employees", "employees: ' '", "labels (employees): the label is empty"},
		{"schema 1 with points", "schema: 2", "schema: 1", "is a schema 2 field"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(string(good), c.from, c.to, 1)
			if doc == string(good) {
				t.Fatalf("test case did not change the document (%q not found)", c.from)
			}
			_, err := Parse(strings.NewReader(doc))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got error %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestValidateSegmentTier(t *testing.T) {
	p := sample()
	for i := range p.Criteria {
		p.Criteria[i].Segment = false
	}
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "needs at least one criterion marked `segment: true`") {
		t.Errorf("got %v", err)
	}
	if err := sample().Validate(); err != nil {
		t.Errorf("sample: %v", err)
	}
	if err := sampleV1().Validate(); err != nil {
		t.Errorf("sample v1: %v", err)
	}
}

func TestMatchRaw(t *testing.T) {
	p := sample()
	ind, emp, tech, disq := p.Criteria[0].Condition, p.Criteria[1].Condition, p.Criteria[2].Condition, p.Disqualifiers[0].Condition
	boolCond := Condition{Attribute: "partner", Op: OpIn, Values: []string{"true"}}
	cases := []struct {
		c              Condition
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
		m, pr := c.c.MatchRaw(c.cell)
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
	m, err := p.Compile(header)
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
		{[]string{"saas", "500", "snowflake", "b2c"}, 100, Disqualified},
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
	m, _ = p.Compile(header)
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
	m, err := p.Compile(header)
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
		{[]string{"saas", "500", "snowflake", "", "b2c"}, 100, Disqualified, true},
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
	s := Scoring{Tiers: []Tier{{Name: "A", Segment: true}, {Name: "B", Min: 50}, {Name: "C"}}}
	for _, c := range []struct {
		score      int
		spot, disq bool
		want       string
	}{{10, true, false, "A"}, {90, false, false, "B"}, {10, false, false, "C"}, {90, true, true, Disqualified}} {
		if got := s.Tier(c.score, c.spot, c.disq); got != c.want {
			t.Errorf("Tier(%d, %v, %v) = %s, want %s", c.score, c.spot, c.disq, got, c.want)
		}
	}
}

func TestCompileMissingColumn(t *testing.T) {
	_, err := sample().Compile([]string{"industy", "employees", "tech_stack", "business_model"})
	if err == nil || !strings.Contains(err.Error(), `closest header: "industy"`) {
		t.Errorf("got %v", err)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{0, "0"}, {2000, "2000"}, {1991, "1991"}, {12000, "12,000"}, {1234567.8, "1.23M"}, {20e6, "20M"}, {2.5e9, "2.5B"}, {999999, "999,999"}, {1.5, "1.5"}, {-1200, "-1200"}, {0.125, "0.125"}, {999, "999"}} {
		if got := FormatNumber(c.x); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func FuzzParse(f *testing.F) {
	good, _ := sample().Marshal()
	f.Add(string(good))
	f.Add("schema: 1\nstatus: draft\n")
	f.Add("criteria: [{attribute: x, op: range, min: 5}]")
	v1, _ := sampleV1().Marshal()
	f.Add(string(v1))
	f.Add("schema: 2\nstatus: draft\ncriteria: [{attribute: x, op: in, values: [a], points: 60, segment: true}]\n" +
		"negative_traits: [{attribute: y, op: range, max: 5, points: -20}]\n" +
		"scoring: {tiers: [{name: A, segment: true, min: 0}, {name: B, min: 0}]}\n")
	f.Fuzz(func(t *testing.T, doc string) {
		p, err := Parse(strings.NewReader(doc))
		if err != nil {
			return
		}
		// A valid profile must survive a round trip and score any record without panicking.
		data, err := p.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(bytes.NewReader(data)); err != nil {
			t.Fatalf("re-parse: %v", err)
		}
		var header []string
		for _, c := range slices.Concat(p.Criteria, p.NegativeTraits, p.Disqualifiers) {
			header = append(header, c.Attribute)
		}
		if m, err := p.Compile(header); err == nil {
			r := m.Score(make([]string, len(header)))
			if r.Score < 0 || r.Score > 100 || p.Scoring.TierIndex(r.Tier) < 0 {
				t.Fatalf("score %d, tier %q out of range", r.Score, r.Tier)
			}
		}
	})
}

func TestWords(t *testing.T) {
	for col, want := range map[string]string{
		"sales_cycle_days": "Sales cycle (days)", "employees": "Employees", "tech_stack": "Tech stack",
		"ltv": "LTV", "annualRevenue": "Annual revenue", "Annual Revenue": "Annual Revenue", "nps": "NPS",
		"business_model": "Business model", "is_b2b": "Is B2B",
	} {
		if got := DefaultLabel(col); got != want {
			t.Errorf("DefaultLabel(%q) = %q, want %q", col, got, want)
		}
	}
	lo, hi := 200.0, 2000.0
	p := &Profile{Labels: map[string]string{"industry": "Vertical"}, Spellings: map[string]map[string]string{"industry": {"saas": "SaaS", "fintech": "FinTech"}, "tech_stack": {"snowflake": "Snowflake"}}}
	for _, c := range []struct {
		c    Condition
		want string
	}{
		{Condition{Attribute: "industry", Op: OpIn, Values: []string{"saas", "fintech"}}, "Vertical: SaaS or FinTech"},
		{Condition{Attribute: "employees", Op: OpRange, Min: &lo, Max: &hi}, "Employees: 200 to 2,000"},
		{Condition{Attribute: "employees", Op: OpRange, Min: &hi}, "Employees: 2,000 or more"},
		{Condition{Attribute: "tech_stack", Op: OpHas, Values: []string{"snowflake"}}, "Uses Snowflake"},
		{Condition{Attribute: "is_partner", Op: OpIn, Values: []string{"true"}}, "Is partner: Yes"},
	} {
		if got := p.Describe(c.c); got != c.want {
			t.Errorf("Describe(%v) = %q, want %q", c.c, got, c.want)
		}
	}
}
