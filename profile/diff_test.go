package profile

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"testing"
)

func ptr(x float64) *float64 { return &x }

func in(attr string, vals ...string) Criterion {
	return Criterion{Condition: Condition{Attribute: attr, Op: OpIn, Values: vals}, Points: 10}
}

func has(attr string, vals ...string) Criterion {
	return Criterion{Condition: Condition{Attribute: attr, Op: OpHas, Values: vals}, Points: 10}
}

func rng(attr string, lo, hi *float64) Criterion {
	return Criterion{Condition: Condition{Attribute: attr, Op: OpRange, Min: lo, Max: hi}, Points: 10}
}

func prof(crit, disq []Criterion) *Profile {
	return &Profile{Schema: SchemaVersion, Status: StatusDraft, Criteria: crit, Disqualifiers: disq,
		Scoring: Scoring{Tiers: DefaultTiers()}}
}

func TestDiff(t *testing.T) {
	q1 := prof(
		[]Criterion{in("industry", "fintech", "saas"), rng("employees", ptr(200), ptr(2000)), has("tech_stack", "snowflake")},
		[]Criterion{in("business_model", "b2c"), in("funding_stage", "bootstrapped")})
	type want struct{ kind, section, text string }
	cases := []struct {
		name     string
		old, new *Profile
		want     []want
		material bool
	}{
		{
			name: "next quarter",
			old:  q1,
			new: prof(
				// order and spelling of values do not matter; weights are not compared
				[]Criterion{in("industry", "healthcare", "FinTech", "saas"), rng("employees", ptr(500), ptr(5000)), has("tech_stack", "snowflake")},
				[]Criterion{in("business_model", "b2c")}),
			want: []want{
				{ChangeValuesAdded, SectionCriteria, "criterion values added: industry + healthcare ({fintech, saas} → {fintech, healthcare, saas})"},
				{ChangeRangeMoved, SectionCriteria, "criterion range moved: employees 200–2000 → 500–5000"},
				{ChangeKept, SectionCriteria, "criterion kept: tech_stack has snowflake"},
				{ChangeKept, SectionDisqualifiers, "disqualifier kept: business_model in {b2c}"},
				{ChangeDropped, SectionDisqualifiers, "disqualifier dropped: funding_stage in {bootstrapped}"},
			},
			material: true,
		},
		{
			name: "unchanged, reordered",
			old:  q1,
			new: prof(
				[]Criterion{rng("employees", ptr(200), ptr(2000)), in("Industry", "saas", "fintech"), has("tech_stack", "snowflake")},
				[]Criterion{in("funding_stage", "bootstrapped"), in("business_model", "b2c")}),
			want: []want{
				{ChangeKept, SectionCriteria, "criterion kept: Industry in {saas, fintech}"},
				{ChangeKept, SectionCriteria, "criterion kept: employees 200–2000"},
				{ChangeKept, SectionCriteria, "criterion kept: tech_stack has snowflake"},
				{ChangeKept, SectionDisqualifiers, "disqualifier kept: business_model in {b2c}"},
				{ChangeKept, SectionDisqualifiers, "disqualifier kept: funding_stage in {bootstrapped}"},
			},
		},
		{
			name: "values added and removed, new criterion, op change",
			old:  prof([]Criterion{in("industry", "fintech", "saas"), has("tech_stack", "snowflake")}, nil),
			new: prof([]Criterion{in("industry", "saas", "healthcare", "retail"), in("tech_stack", "snowflake"), in("region", "emea")},
				[]Criterion{in("business_model", "b2c")}),
			want: []want{
				{ChangeValuesAdded, SectionCriteria, "criterion values added: industry + healthcare, retail ({fintech, saas} → {healthcare, retail, saas})"},
				{ChangeValuesRemoved, SectionCriteria, "criterion values removed: industry − fintech ({fintech, saas} → {healthcare, retail, saas})"},
				{ChangeDropped, SectionCriteria, "criterion dropped: tech_stack has snowflake"},
				{ChangeNew, SectionCriteria, "criterion new: tech_stack in {snowflake}"},
				{ChangeNew, SectionCriteria, "criterion new: region in {emea}"},
				{ChangeNew, SectionDisqualifiers, "disqualifier new: business_model in {b2c}"},
			},
			material: true,
		},
		{
			name: "range adjusted within tolerance",
			old:  prof([]Criterion{rng("founded", ptr(2010), ptr(2020)), rng("revenue", ptr(1e6), nil), rng("age", nil, ptr(50))}, nil),
			new:  prof([]Criterion{rng("founded", ptr(2011), ptr(2020)), rng("revenue", ptr(1.05e6), nil), rng("age", nil, ptr(50))}, nil),
			want: []want{
				{ChangeRangeAdjusted, SectionCriteria, "criterion kept (range adjusted): founded 2010–2020 → 2011–2020"},
				{ChangeRangeAdjusted, SectionCriteria, "criterion kept (range adjusted): revenue ≥ 1M → ≥ 1.05M"},
				{ChangeKept, SectionCriteria, "criterion kept: age < 50"},
			},
		},
		{
			name: "one 1–2–5 step or a side opened is material",
			old:  prof([]Criterion{rng("employees", ptr(200), ptr(2000)), rng("revenue", ptr(1e6), ptr(2e7)), rng("age", nil, ptr(50))}, nil),
			new:  prof([]Criterion{rng("employees", ptr(200), ptr(5000)), rng("revenue", ptr(1e6), nil), rng("age", nil, ptr(100))}, nil),
			want: []want{
				{ChangeRangeMoved, SectionCriteria, "criterion range moved: employees 200–2000 → 200–5000"},
				{ChangeRangeMoved, SectionCriteria, "criterion range moved: revenue 1M–20M → ≥ 1M"},
				{ChangeRangeMoved, SectionCriteria, "criterion range moved: age < 50 → < 100"},
			},
			material: true,
		},
		{
			name: "two ranges on one attribute pair identical first",
			old:  prof([]Criterion{rng("employees", ptr(10), ptr(50)), rng("employees", ptr(500), ptr(5000))}, nil),
			new:  prof([]Criterion{rng("employees", ptr(500), ptr(5000)), rng("employees", ptr(20), ptr(50))}, nil),
			want: []want{
				{ChangeRangeMoved, SectionCriteria, "criterion range moved: employees 10–50 → 20–50"},
				{ChangeKept, SectionCriteria, "criterion kept: employees 500–5000"},
			},
			material: true,
		},
		{
			name: "empty profiles",
			old:  prof(nil, nil),
			new:  prof(nil, nil),
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Diff(c.old, c.new)
			var g []want
			for _, ch := range got {
				g = append(g, want{ch.Kind, ch.Section, ch.Text})
				if (ch.Old == nil) != (ch.Kind == ChangeNew) || (ch.New == nil) != (ch.Kind == ChangeDropped) {
					t.Errorf("%s: Old/New set wrongly: old %v new %v", ch.Text, ch.Old, ch.New)
				}
			}
			if !slices.Equal(g, c.want) {
				t.Errorf("Diff:\n got %q\nwant %q", g, c.want)
			}
			if m := Material(got); m != c.material {
				t.Errorf("Material = %v, want %v", m, c.material)
			}
			// Deterministic: the same inputs give the same list.
			if again := Diff(c.old, c.new); !slices.EqualFunc(again, got, func(a, b Change) bool { return a.Text == b.Text }) {
				t.Error("Diff is not deterministic")
			}
		})
	}
}

func TestDiffValues(t *testing.T) {
	old := prof([]Criterion{in("industry", "fintech", "saas")}, nil)
	nw := prof([]Criterion{in("industry", "saas", "healthcare")}, nil)
	got := Diff(old, nw)
	if len(got) != 2 || !slices.Equal(got[0].Values, []string{"healthcare"}) || !slices.Equal(got[1].Values, []string{"fintech"}) {
		t.Fatalf("Values: %+v", got)
	}
	// The diff does not alias the profiles.
	got[0].New.Values[0] = "x"
	if nw.Criteria[0].Values[0] != "saas" {
		t.Error("changing a Change changed the profile")
	}
}

func TestChangeJSON(t *testing.T) {
	old := prof([]Criterion{rng("employees", ptr(200), ptr(2000))}, []Criterion{in("funding_stage", "bootstrapped")})
	old.Criteria[0].Evidence = &Evidence{N: 10}
	nw := prof([]Criterion{rng("employees", ptr(500), nil)}, nil)
	b, err := json.Marshal(Diff(old, nw))
	if err != nil {
		t.Fatal(err)
	}
	want := `[{"kind":"range moved","section":"criteria","attribute":"employees","material":true,` +
		`"old":{"attribute":"employees","op":"range","min":200,"max":2000,"display":"employees 200–2000","weight":10,"points":10},` +
		`"new":{"attribute":"employees","op":"range","min":500,"max":null,"display":"employees ≥ 500","weight":10,"points":10},` +
		`"text":"criterion range moved: employees 200–2000 → ≥ 500"},` +
		`{"kind":"dropped","section":"disqualifiers","attribute":"funding_stage","material":true,` +
		`"old":{"attribute":"funding_stage","op":"in","values":["bootstrapped"],"min":null,"max":null,"display":"funding_stage in {bootstrapped}"},` +
		`"new":null,"text":"disqualifier dropped: funding_stage in {bootstrapped}"}]`
	if string(b) != want {
		t.Errorf("JSON:\n got %s\nwant %s", b, want)
	}
}

func TestRangeIoU(t *testing.T) {
	cases := []struct {
		a, b Condition
		want float64
	}{
		{rng("x", ptr(200), ptr(2000)).Condition, rng("x", ptr(500), ptr(5000)).Condition, math.Log(4) / math.Log(25)},
		{rng("x", ptr(200), ptr(2000)).Condition, rng("x", ptr(200), ptr(2000)).Condition, 1},
		{rng("x", ptr(1), ptr(10)).Condition, rng("x", ptr(10), ptr(100)).Condition, 0},
		{rng("x", ptr(-10), ptr(10)).Condition, rng("x", ptr(0), ptr(10)).Condition, 0.5}, // linear
		{rng("x", ptr(0), ptr(10)).Condition, rng("x", ptr(5), ptr(15)).Condition, 1.0 / 3},
	}
	for _, c := range cases {
		if got := RangeIoU(c.a, c.b); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("RangeIoU(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if got := RangeIoU(rng("x", ptr(1), nil).Condition, rng("x", ptr(1), ptr(2)).Condition); !math.IsNaN(got) {
		t.Errorf("open range: %v, want NaN", got)
	}
}

// A profile without a schema version, or from another version, fails to load with a
// message that says what to do.
func TestParseSchemaVersionMessages(t *testing.T) {
	body := "name: x\nstatus: draft\ncreated: \"2026-01-01\"\ntool: icp\nsource: {file: a.csv, sha256: x, rows: 1, analysed: 1, skipped: 0}\n" +
		"parameters: {top: 0.2, seed: 1, alpha: 0.05, min_lift: 1.3, min_support: 20}\n" +
		"best_customers: {rule: r, count: 1, share: 0.2, threshold: 0.5}\ncriteria: []\ndisqualifiers: []\n" +
		"scoring: {tiers: [{name: A, min: 60}, {name: D, min: 0}]}\n"
	for _, v := range []string{"schema: 1\n", "schema: 2\n"} {
		if _, err := Parse(strings.NewReader(v + body)); err != nil {
			t.Fatalf("valid profile (%s): %v", strings.TrimSpace(v), err)
		}
	}
	cases := []struct {
		name, head string
		want       []string
	}{
		{"missing", "", []string{"no schema version", "schema: 2"}},
		{"zero", "schema: 0\n", []string{"no schema version", "schema: 2"}},
		{"older", "schema: -1\n", []string{"schema -1", "re-derive"}},
		{"newer", "schema: 3\n", []string{"newer than this icp understands", "upgrade icp"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(c.head + body))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// Negative traits are diffed as their own section; a criterion that joins or leaves
// the sweet spot is a material change of its own.
func TestDiffNegativeTraitsAndSegment(t *testing.T) {
	old := &Profile{Criteria: []Criterion{in("industry", "saas"), in("region", "emea")},
		NegativeTraits: []Criterion{in("funding", "seed")}}
	nw := &Profile{Criteria: []Criterion{in("industry", "saas"), in("region", "emea")},
		NegativeTraits: []Criterion{in("funding", "seed", "series a"), in("model", "b2c")}}
	nw.Criteria[0].Segment = true
	var got []string
	for _, c := range Diff(old, nw) {
		got = append(got, c.Kind+" "+c.Section+": "+c.Text)
	}
	want := []string{
		"kept criteria: criterion kept: industry in {saas}",
		"joined the sweet spot criteria: criterion joined the sweet spot: industry in {saas}",
		"kept criteria: criterion kept: region in {emea}",
		"values added negative_traits: negative trait values added: funding + series a ({seed} → {seed, series a})",
		"new negative_traits: negative trait new: model in {b2c}",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !Material(Diff(old, nw)[:2]) {
		t.Error("joining the sweet spot is not material")
	}
}
