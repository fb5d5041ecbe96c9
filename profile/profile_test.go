package profile

import (
	"bytes"
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
		Criteria: []Criterion{
			{Condition: Condition{Attribute: "industry", Op: OpIn, Values: []string{"saas", "fintech"}}, Weight: 40},
			{Condition: Condition{Attribute: "employees", Op: OpRange, Min: f(200), Max: f(2000)}, Weight: 35},
			{Condition: Condition{Attribute: "tech_stack", Op: OpHas, Values: []string{"snowflake"}}, Weight: 25},
		},
		Disqualifiers: []Criterion{{Condition: Condition{Attribute: "business_model", Op: OpIn, Values: []string{"b2c"}}}},
		Scoring:       Scoring{Tiers: DefaultTiers()},
	}
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
		{"older schema", "schema: 1", "schema: 0", "no schema version"},
		{"newer schema", "schema: 1", "schema: 9", "newer than this icp"},
		{"bad status", "status: draft", "status: final", `status "final"`},
		{"bad op", "op: has", "op: contains", `op "contains"`},
		{"inverted range", "max: 2000", "max: 100", "min 200 not below max 100"},
		{"negative weight", "weight: 25", "weight: -5", "must be zero or positive"},
		{"tier order", "min: 30", "min: 80", "must be below the previous tier"},
		{"last tier not zero", "min: 0\n", "min: 10\n", "must have min 0"},
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

func TestScoreAndTier(t *testing.T) {
	p := sample()
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
	want := "matched: industry in {saas, fintech}; missed: tech_stack has snowflake; blank: employees 200–2000; disqualified by: business_model in {b2c}"
	if got := m.Reasons(r); got != want {
		t.Errorf("reasons = %q, want %q", got, want)
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
		for _, c := range append(append([]Criterion{}, p.Criteria...), p.Disqualifiers...) {
			header = append(header, c.Attribute)
		}
		if m, err := p.Compile(header); err == nil {
			m.Score(make([]string, len(header)))
		}
	})
}
