package profile

import (
	"bytes"
	"fmt"
	"math"
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
		{"huge weight", "weight: 25", "weight: 1e308", "weight 1e308 is above the largest allowed"},
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

// lineOf is the 1-based line of doc on which text starts.
func lineOf(t *testing.T, doc, text string) int {
	t.Helper()
	i := strings.Index(doc, text)
	if i < 0 {
		t.Fatalf("%q not in the document", text)
	}
	return strings.Count(doc[:i], "\n") + 1
}

// Hand-edited numbers that would break scoring are refused with the exact message,
// naming the line of the value and showing it as written.
func TestParseRejectsNumbersWithLine(t *testing.T) {
	good, _ := sample().Marshal()
	cases := []struct {
		name     string
		from, to string // replace the first from with to
		at       string // text on the line the message names
		want     string // the message after "line N: "
	}{
		{"weight 1e308", "weight: 25", "weight: 1e308", "weight: 1e308",
			"criteria[2] (tech_stack): weight 1e308 is above the largest allowed, 10,000 (weights are relative: only their ratios matter)"},
		{"weight 10001", "weight: 40", "weight: 10001", "weight: 10001",
			"criteria[0] (industry): weight 10001 is above the largest allowed, 10,000 (weights are relative: only their ratios matter)"},
		{"weight NaN", "weight: 35", "weight: .nan", "weight: .nan",
			"criteria[1] (employees): weight .nan must be a finite number from 0 to 10,000"},
		{"weight Inf", "weight: 35", "weight: .inf", "weight: .inf",
			"criteria[1] (employees): weight .inf must be a finite number from 0 to 10,000"},
		{"negative weight", "weight: 25", "weight: -5", "weight: -5",
			"criteria[2] (tech_stack): weight -5 must be zero or positive"},
		{"disqualifier weight", "weight: 0", "weight: 1e300", "weight: 1e300",
			"disqualifiers[0] (business_model): weight 1e300 is above the largest allowed, 10,000 (weights are relative: only their ratios matter)"},
		{"infinite bound", "max: 2000", "max: .inf", "- attribute: employees",
			"criteria[1]: employees range bound must be a finite number (leave it out for an open range)"},
		{"tier NaN", "min: 30", "min: .nan", "min: .nan",
			"scoring.tiers[1] (B): min .nan must be within 0–100"},
		{"tier above 100", "min: 60", "min: 1e9", "min: 1e9",
			"scoring.tiers[0] (A): min 1e9 must be within 0–100"},
		{"tiers out of order", "min: 30", "min: 80", "min: 80",
			"scoring.tiers[1] (B): min 80 must be below the previous tier's 60 (list tiers best first)"},
		{"top", "top: 0.2", "top: 5", "top: 5",
			"parameters.top 5 must be a share between 0 and 1, e.g. 0.2"},
		{"outcome weight", "ltv: 1\n", "ltv: -1\n", "ltv: -1",
			"parameters.weights.ltv -1 must be a finite number from 0 to 10,000"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := strings.Replace(string(good), c.from, c.to, 1)
			if doc == string(good) {
				t.Fatalf("%q not found", c.from)
			}
			want := fmt.Sprintf("invalid profile:\n  line %d: %s", lineOf(t, doc, c.at), c.want)
			_, err := Parse(strings.NewReader(doc))
			if err == nil || err.Error() != want {
				t.Errorf("got  %v\nwant %s", err, want)
			}
		})
	}
}

// Every problem is listed, each with its line, in document order.
func TestParseListsEveryProblem(t *testing.T) {
	good, _ := sample().Marshal()
	doc := strings.Replace(string(good), "weight: 40", "weight: 1e308", 1)
	doc = strings.Replace(doc, "min: 10\n", "min: 40\n", 1)
	want := fmt.Sprintf("invalid profile:\n"+
		"  line %d: criteria[0] (industry): weight 1e308 is above the largest allowed, 10,000 (weights are relative: only their ratios matter)\n"+
		"  line %d: scoring.tiers[2] (C): min 40 must be below the previous tier's 30 (list tiers best first)",
		lineOf(t, doc, "weight: 1e308"), lineOf(t, doc, "min: 40"))
	if _, err := Parse(strings.NewReader(doc)); err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// Built in code, a profile is validated without lines.
	p := sample()
	p.Criteria[0].Weight = math.Inf(1)
	if err := p.Validate(); err == nil || err.Error() != "invalid profile:\n  criteria[0] (industry): weight +Inf must be a finite number from 0 to 10,000" {
		t.Errorf("Validate: %v", err)
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
