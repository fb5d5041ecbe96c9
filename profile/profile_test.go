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
		{"number with a comma", "max: 2000", "max: 2,000", "write numbers plainly, without thousands separators"},
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
		// The parameters compare reuses (a hand edit must not be taken silently).
		{"top above 1", "top: 0.2", "top: 1.5", "parameters.top 1.5 must be a share between 0 and 1"},
		{"alpha above 1", "alpha: 0.05", "alpha: 7", "parameters.alpha 7 must be between 0 and 1"},
		{"negative min lift", "min_lift: 1.3", "min_lift: -1", "parameters.min_lift -1 must be a finite number"},
		{"negative min support", "min_support: 20", "min_support: -3", "parameters.min_support -3 must be zero or positive"},
		{"negative weight", "churn: 2", "churn: -2", "parameters.weights.churn -2 must be a finite number from 0 to 10,000"},
		{"huge weight", "churn: 2", "churn: 1e308", "parameters.weights.churn 1e308 must be a finite number from 0 to 10,000"},
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

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{{0, "0"}, {2000, "2000"}, {1991, "1991"}, {12000, "12,000"}, {1234567.8, "1.23M"}, {20e6, "20M"}, {2.5e9, "2.5B"}, {999999, "999,999"}, {1.5, "1.5"}, {-1200, "-1200"}, {0.125, "0.125"}, {999, "999"}, {999.99, "1000"}, {999.4, "999"}, {123.45, "123"}, {0.000012, "1.2e-05"}} {
		if got := FormatNumber(c.x); got != c.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", c.x, got, c.want)
		}
	}
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

// TestParseFoldsValues: values a person typed with capitals or stray spaces are read
// in their normal form, as records are matched ("FinTech" is fintech).
func TestParseFoldsValues(t *testing.T) {
	good, _ := sample().Marshal()
	doc := strings.Replace(string(good), "values: [saas, fintech]", "values: [SaaS, ' FinTech ']", 1)
	if doc == string(good) {
		t.Fatal("the sample has no values: [saas, fintech]")
	}
	p, err := Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Criteria {
		if c.Attribute == "industry" && !slices.Equal(c.Values, []string{"saas", "fintech"}) {
			t.Errorf("industry values %q, want [saas fintech]", c.Values)
		}
	}
}

// TestSortBands: values that all start with a number are listed by it, as bands are
// read; any other list keeps its order.
func TestSortBands(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"201-500", "51-200", "10,001+", "1,001-5,000"}, []string{"51-200", "201-500", "1,001-5,000", "10,001+"}},
		{[]string{"$10M+", "$1M-$10M"}, []string{"$1M-$10M", "$10M+"}},
		{[]string{"SaaS", "FinTech"}, []string{"SaaS", "FinTech"}},
		{[]string{"51-200", "Unknown"}, []string{"51-200", "Unknown"}},
	} {
		got := slices.Clone(c.in)
		sortBands(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("sortBands(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
