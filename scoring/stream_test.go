package scoring

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"

	"github.com/icp-dev/icp/profile"
)

var update = flag.Bool("update", false, "rewrite golden files")

func streamProfile() *profile.Profile {
	lo, hi := 200.0, 2000.0
	return &profile.Profile{
		Schema: profile.SchemaVersion, Name: "stream test", Status: profile.StatusDraft,
		Criteria: []profile.Criterion{
			{Condition: profile.Condition{Attribute: "industry", Op: profile.OpIn, Values: []string{"saas", "fintech"}}, Points: 40},
			{Condition: profile.Condition{Attribute: "employees", Op: profile.OpRange, Min: &lo, Max: &hi}, Points: 35},
			{Condition: profile.Condition{Attribute: "tech_stack", Op: profile.OpHas, Values: []string{"snowflake"}}, Points: 25},
		},
		Disqualifiers: []profile.Criterion{{Condition: profile.Condition{Attribute: "business_model", Op: profile.OpIn, Values: []string{"b2c"}}}},
		Scoring:       profile.Scoring{Tiers: []profile.Tier{{Name: "A", Min: 75}, {Name: "B", Min: 50}, {Name: "C", Min: 25}, {Name: "D", Min: 0}}},
	}
}

// streamProfileV2 is streamProfile with a sweet spot (industry and employees), a
// sweet-spot tier and a negative trait.
func streamProfileV2() *profile.Profile {
	p := streamProfile()
	p.Criteria[0].Segment, p.Criteria[1].Segment = true, true
	p.NegativeTraits = []profile.Criterion{{Condition: profile.Condition{Attribute: "tech_stack", Op: profile.OpHas, Values: []string{"aws"}}, Points: -30}}
	p.Scoring.Tiers = append([]profile.Tier{{Name: "S", Segment: true}}, p.Scoring.Tiers...)
	return p
}

// reasons is the icp_reasons cell, as written with delimiter d, of a match pattern given
// as one character per criterion of streamProfile ('+' matched, '-' missed, '?' blank)
// and whether the disqualifier hit. It goes through Reasons so that the tests follow its
// wording.
func reasons(d rune, pattern string, disq bool) string {
	p := streamProfile()
	n := len(p.Criteria)
	matched, missing := make([]bool, n), make([]bool, n)
	for i := range n {
		matched[i], missing[i] = pattern[i] == '+', pattern[i] == '?'
	}
	return csvField(d, SafeCell(Reasons(p, Result{Matched: matched, Missing: missing, Disqualified: []bool{disq}})))
}

// csvField is s as encoding/csv writes it with delimiter d (quoted when needed).
func csvField(d rune, s string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = d
	w.Write([]string{s, ""})
	w.Flush()
	return strings.TrimSuffix(b.String(), string(d)+"\n")
}

func scoreString(t *testing.T, in string) (string, StreamStats, error) {
	t.Helper()
	var out bytes.Buffer
	st, err := ScoreCSV(strings.NewReader(in), &out, streamProfile(), StreamOptions{Name: "in.csv"})
	return out.String(), st, err
}

func TestScoreCSV(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{
			name: "appends columns, tiers and reasons",
			in: "id,industry,employees,tech_stack,business_model\n" +
				"1,SaaS,500,Snowflake; dbt,B2B\n" +
				"2,saas,50,aws,b2b\n" +
				"3,retail,1999,snowflake,b2b\n" +
				"4,retail,10,,b2b\n",
			want: "id,industry,employees,tech_stack,business_model,icp_score,icp_tier,icp_reasons\n" +
				"1,SaaS,500,Snowflake; dbt,B2B,100,A," + reasons(',', "+++", false) + "\n" +
				"2,saas,50,aws,b2b,40,C," + reasons(',', "+--", false) + "\n" +
				"3,retail,1999,snowflake,b2b,60,B," + reasons(',', "-++", false) + "\n" +
				"4,retail,10,,b2b,0,D," + reasons(',', "--?", false) + "\n",
		},
		{
			name: "disqualified and missing values",
			in: "industry,employees,tech_stack,business_model\n" +
				"FinTech,800,Snowflake,B2C\n" +
				"N/A,,-,null\n",
			want: "industry,employees,tech_stack,business_model,icp_score,icp_tier,icp_reasons\n" +
				"FinTech,800,Snowflake,B2C,100,disqualified," + reasons(',', "+++", true) + "\n" +
				"N/A,,'-,null,0,D," + reasons(',', "???", false) + "\n",
		},
		{
			name: "BOM is dropped, headers matched loosely",
			in:   "\xEF\xBB\xBFIndustry,Employees,Tech Stack,Business Model\nsaas,300,snowflake,b2b\n",
			want: "Industry,Employees,Tech Stack,Business Model,icp_score,icp_tier,icp_reasons\n" +
				"saas,300,snowflake,b2b,100,A," + reasons(',', "+++", false) + "\n",
		},
		{
			name: "semicolon input keeps semicolons",
			in:   "industry;employees;tech_stack;business_model\nsaas;\"1.200,5\";\"snowflake; dbt\";b2b\n",
			want: "industry;employees;tech_stack;business_model;icp_score;icp_tier;icp_reasons\n" +
				"saas;1.200,5;\"snowflake; dbt\";b2b;100;A;" + reasons(';', "+++", false) + "\n",
		},
		{
			name: "tab input, CRLF kept",
			in:   "industry\temployees\ttech_stack\tbusiness_model\r\nretail\t5\tx\tb2b\r\n",
			want: "industry\temployees\ttech_stack\tbusiness_model\ticp_score\ticp_tier\ticp_reasons\r\n" +
				"retail\t5\tx\tb2b\t0\tD\t" + reasons('\t', "---", false) + "\r\n",
		},
		{
			name: "formulas neutralised, numbers kept",
			in: "name,industry,employees,tech_stack,business_model\n" +
				"\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@cmd,-12.5,+snowflake,b2b\n",
			want: "name,industry,employees,tech_stack,business_model,icp_score,icp_tier,icp_reasons\n" +
				"\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@cmd,-12.5,'+snowflake,b2b,0,D," + reasons(',', "---", false) + "\n",
		},
		{
			name: "blank lines skipped, header only",
			in:   "industry,employees,tech_stack,business_model\n\n   \n",
			want: "industry,employees,tech_stack,business_model,icp_score,icp_tier,icp_reasons\n",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := scoreString(t, c.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("output:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

func TestScoreCSVStats(t *testing.T) {
	in := "industry,employees,tech_stack,business_model\n" +
		"saas,500,snowflake,b2b\n" +
		"saas,,snowflake,b2c\n" +
		",,,b2b\n" +
		"retail,x,aws,b2b\n"
	_, st, err := scoreString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 4 {
		t.Errorf("rows = %d, want 4", st.Rows)
	}
	want := map[string]int{"A": 1, "B": 0, "C": 0, "D": 2, profile.Disqualified: 1}
	if fmt.Sprint(st.PerTier) != fmt.Sprint(want) {
		t.Errorf("per tier = %v, want %v", st.PerTier, want)
	}
	if fmt.Sprint(st.Missing) != "[1 3 1]" {
		t.Errorf("missing = %v, want [1 3 1]", st.Missing)
	}
}

func TestScoreCSVErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"ragged row", "industry,employees,tech_stack,business_model\nsaas,1,x,b2b\nsaas,1,200,x,b2b\n",
			"in.csv:3: row has 5 fields, the header has 4"},
		{"short row", "industry,employees,tech_stack,business_model\n\nsaas,1\n",
			"in.csv:3: row has 2 fields, the header has 4"},
		{"missing column", "industy,employees,tech_stack,business_model\nsaas,1,x,b2b\n",
			`in.csv:1: column "industry" used by the profile is not in the file (closest header: "industy")`},
		{"bad quote", "industry,employees,tech_stack,business_model\nsaas,\"1,x,b2b\n",
			"in.csv:2:15: extraneous or missing \" in quoted-field"},
		{"bare quote", "industry,employees,tech_stack,business_model\nsa\"as,1,x,b2b\n",
			"in.csv:2:3: bare \" in non-quoted-field"},
		{"empty", "", "in.csv: the file is empty"},
		{"utf16", "\xFF\xFEi\x00n\x00", "UTF-16"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := scoreString(t, c.in)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want it to contain %q", err, c.want)
			}
		})
	}
}

func TestScoreCSVRescore(t *testing.T) {
	in := "industry,employees,tech_stack,business_model\nsaas,500,snowflake,b2b\nretail,5,,b2c\n"
	once, _, err := scoreString(t, in)
	if err != nil {
		t.Fatal(err)
	}
	twice, _, err := scoreString(t, once)
	if err != nil {
		t.Fatal(err)
	}
	if twice != once {
		t.Errorf("re-scoring changed the file:\n%s\nwant:\n%s", twice, once)
	}
	// Stale values in existing columns (in any position, any case) are replaced.
	stale := "ICP_Tier,industry,employees,tech_stack,business_model,icp_score\nZ,saas,500,snowflake,b2b,7\n"
	got, _, err := scoreString(t, stale)
	if err != nil {
		t.Fatal(err)
	}
	want := "ICP_Tier,industry,employees,tech_stack,business_model,icp_score,icp_reasons\n" +
		"A,saas,500,snowflake,b2b,100," + reasons(',', "+++", false) + "\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"Acme":                       "Acme",
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`,
		"+1 555 0100":                "'+1 555 0100",
		"-12.5":                      "-12.5",
		"+3e6":                       "+3e6",
		"-.5":                        "-.5",
		"-":                          "'-",
		"-Inf":                       "'-Inf",
		"-1e":                        "'-1e",
		"@SUM(A1)":                   "'@SUM(A1)",
		"\t=1":                       "'\t=1",
		"\r=1":                       "'\r=1",
		"a=1":                        "a=1",
	} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestScoreCSVMatchesMatcher checks the cached scorer against Matcher.Score on rows
// drawn from a small vocabulary, enough to fill, clear and switch off the caches.
func TestScoreCSVMatchesMatcher(t *testing.T) {
	for _, p := range []*profile.Profile{streamProfile(), streamProfileV2()} {
		if err := p.Validate(); err != nil {
			t.Fatal(err)
		}
		t.Run(p.Scoring.Tiers[0].Name, func(t *testing.T) { scoreCSVMatchesMatcher(t, p) })
	}
}

func scoreCSVMatchesMatcher(t *testing.T, p *profile.Profile) {
	header := []string{"industry", "employees", "tech_stack", "business_model"}
	m, err := Compile(p, header)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	inds := []string{"SaaS", "saas ", "fintech", "Retail", "", "N/A", "yes", "FINTECH"}
	techs := []string{"Snowflake; dbt", "aws|gcp", "", "-", "snowflake", "null; Snowflake"}
	bms := []string{"B2B", "b2c", "", "B2C "}
	var in bytes.Buffer
	cw := csv.NewWriter(&in)
	cw.Write(header)
	var want []Result
	for range 30000 {
		emp := strconv.Itoa(rng.IntN(20000))
		if rng.IntN(10) == 0 {
			emp = "n/a"
		}
		rec := []string{inds[rng.IntN(len(inds))], emp, techs[rng.IntN(len(techs))], bms[rng.IntN(len(bms))]}
		cw.Write(rec)
		want = append(want, m.Score(rec))
	}
	cw.Flush()
	var out bytes.Buffer
	st, err := ScoreCSV(&in, &out, p, StreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(want)+1 || st.Rows != len(want) {
		t.Fatalf("%d records, %d rows; want %d", len(recs)-1, st.Rows, len(want))
	}
	missing := make([]int, len(p.Criteria))
	for i, r := range want {
		got := recs[i+1][4:]
		exp := []string{strconv.Itoa(r.Score), r.Tier, SafeCell(m.Reasons(r))}
		if fmt.Sprint(got) != fmt.Sprint(exp) {
			t.Fatalf("row %d (%v): got %q, want %q", i+1, recs[i+1][:4], got, exp)
		}
		for j, miss := range r.Missing {
			if miss {
				missing[j]++
			}
		}
	}
	if fmt.Sprint(missing) != fmt.Sprint(st.Missing) {
		t.Errorf("missing = %v, want %v", st.Missing, missing)
	}
}

func TestScoreCSVGolden(t *testing.T) {
	dir := filepath.Join("..", "testdata", "score")
	p, err := profile.Load(filepath.Join(dir, "profile.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(filepath.Join(dir, "input.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	var out bytes.Buffer
	if _, err := ScoreCSV(in, &out, p, StreamOptions{Name: "input.csv"}); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(dir, "scored.golden.csv")
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./profile -run Golden -update to create it)", err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("output differs from %s (rerun with -update if the change is intended):\n%s", golden, out.Bytes())
	}
}

func FuzzScoreCSV(f *testing.F) {
	f.Add("industry,employees,tech_stack,business_model\nsaas,500,snowflake,b2b\n")
	f.Add("\xEF\xBB\xBFindustry;employees;tech_stack;business_model\r\n\"=1+1\";\"1.200,5\";\"a|b\";B2C\r\n")
	f.Add("industry\temployees\ttech_stack\tbusiness_model\ticp_score\n-,-1,@x,\t,9\n")
	f.Add("industry|employees|tech_stack|business_model\n\"a\nb\"|2|3|4\n")
	f.Add("industry,employees,tech_stack,business_model\nsaas,\"1,x\n")
	f.Fuzz(func(t *testing.T, in string) {
		for _, p := range []*profile.Profile{streamProfile(), streamProfileV2()} {
			fuzzScoreCSV(t, in, p)
		}
	})
}

func fuzzScoreCSV(t *testing.T, in string, p *profile.Profile) {
	{
		var out bytes.Buffer
		st, err := ScoreCSV(strings.NewReader(in), &out, p, StreamOptions{})
		if err != nil {
			return
		}
		// The output must read back as CSV: a header and one record per row scored.
		cr := csv.NewReader(&out)
		cr.Comma = dataset.SniffDelimiter([]byte(strings.TrimPrefix(in, "\xEF\xBB\xBF")), true) // the input's
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatalf("output does not read back: %v\n%q", err, out.String())
		}
		if len(recs) != st.Rows+1 {
			t.Fatalf("output has %d records for %d rows\n%q", len(recs), st.Rows, out.String())
		}
	}
}

// benchCSV is 100,000 rows × 12 columns of CRM-export-like data.
var benchCSV []byte

const benchRows = 100_000

func makeBenchCSV() []byte {
	rng := rand.New(rand.NewPCG(7, 7))
	inds := []string{"SaaS", "saas", "FinTech", "Fintech", "Healthcare", "Retail", "Logistics", "Manufacturing", "N/A", ""}
	regions := []string{"NA", "EMEA", "APAC", "LATAM"}
	stages := []string{"Seed", "Series A", "Series B", "Series C", "Bootstrapped", "Public"}
	models := []string{"B2B", "B2C", "Marketplace", "b2b"}
	techs := []string{"Salesforce", "Snowflake", "HubSpot", "AWS", "GCP", "Stripe", "Shopify", "Slack"}
	sources := []string{"Inbound", "Outbound", "Referral", "Partner", "Event"}
	var b bytes.Buffer
	b.WriteString("customer_id,company_name,industry,employees,annual_revenue,region,funding_stage,business_model,tech_stack,lead_source,signup_date,ltv\n")
	for i := range benchRows {
		n := 1 + rng.IntN(3)
		stack := make([]string, n)
		for j := range stack {
			stack[j] = techs[rng.IntN(len(techs))]
		}
		fmt.Fprintf(&b, "CUST-%07d,Company %d,%s,%d,%d,%s,%s,%s,%s,%s,2024-%02d-%02d,%.2f\n",
			i, rng.IntN(1_000_000), inds[rng.IntN(len(inds))], 1+rng.IntN(5000), rng.IntN(100_000_000),
			regions[rng.IntN(len(regions))], stages[rng.IntN(len(stages))], models[rng.IntN(len(models))],
			strings.Join(stack, "; "), sources[rng.IntN(len(sources))], 1+rng.IntN(12), 1+rng.IntN(28),
			rng.Float64()*50000)
	}
	return b.Bytes()
}

// benchInputs are the inputs of BenchmarkScoreCSV and BenchmarkScoreBareCSV: the
// generated 100,000 rows, and the file named by ICP_BENCH_CSV when set (for example
// `go run ./cmd/icpgen --rows 1000000 --seed 1 --messy --noise 19 -o /tmp/big.csv`),
// read into memory so that both benchmarks see the same bytes.
func benchInputs(b *testing.B) []struct {
	name string
	data []byte
} {
	b.Helper()
	if benchCSV == nil {
		benchCSV = makeBenchCSV()
	}
	in := []struct {
		name string
		data []byte
	}{{"synth100k", benchCSV}}
	if path := os.Getenv("ICP_BENCH_CSV"); path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		in = append(in, struct {
			name string
			data []byte
		}{"file", data})
	}
	return in
}

// benchRowCount is the number of data rows (records after the header) in data.
func benchRowCount(b *testing.B, data []byte) int {
	b.Helper()
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	n := -1
	for {
		if _, err := cr.Read(); err == io.EOF {
			return n
		} else if err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// BenchmarkScoreBareCSV is the floor for BenchmarkScoreCSV: one encoding/csv pass with
// ReuseRecord over the same bytes, touching nothing.
func BenchmarkScoreBareCSV(b *testing.B) {
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			rows := benchRowCount(b, in.data)
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				cr := csv.NewReader(bytes.NewReader(in.data))
				cr.ReuseRecord = true
				cr.FieldsPerRecord = -1
				for {
					if _, err := cr.Read(); err == io.EOF {
						break
					} else if err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.N)*float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// BenchmarkScoreCSV scores the inputs of benchInputs with streamProfile and a
// disqualifier, writing to io.Discard.
func BenchmarkScoreCSV(b *testing.B) {
	p := streamProfile()
	p.Disqualifiers = append(p.Disqualifiers, profile.Criterion{Condition: profile.Condition{Attribute: "funding_stage", Op: profile.OpIn, Values: []string{"bootstrapped"}}})
	for _, in := range benchInputs(b) {
		b.Run(in.name, func(b *testing.B) {
			rows := benchRowCount(b, in.data)
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				st, err := ScoreCSV(bytes.NewReader(in.data), io.Discard, p, StreamOptions{})
				if err != nil || st.Rows != rows {
					b.Fatal(st.Rows, err)
				}
			}
			b.ReportMetric(float64(b.N)*float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

// With AbsentAsBlank, a column the profile uses that the input lacks is blank in every
// row: the same scores as the input with that column present and empty.
func TestScoreCSVAbsentAsBlank(t *testing.T) {
	without := "industry,employees,business_model\nsaas,500,b2b\nretail,50,b2c\n"
	with := "industry,employees,business_model,tech_stack\nsaas,500,b2b,\nretail,50,b2c,\n"
	var a, b bytes.Buffer
	st, err := ScoreCSV(strings.NewReader(without), &a, streamProfile(), StreamOptions{Name: "in.csv", AbsentAsBlank: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Absent, []string{"tech_stack"}) {
		t.Errorf("absent %v, want [tech_stack]", st.Absent)
	}
	if _, err := ScoreCSV(strings.NewReader(with), &b, streamProfile(), StreamOptions{Name: "in.csv"}); err != nil {
		t.Fatal(err)
	}
	tail := func(s string) []string { // the icp_* cells of each row
		var out []string
		for _, line := range strings.Split(strings.TrimSpace(s), "\n")[1:] {
			f := strings.SplitN(line, ",", 4)
			out = append(out, f[3])
		}
		return out
	}
	ta, tb := tail(a.String()), tail(b.String())
	for i := range ta {
		if !strings.HasSuffix(tb[i], ta[i]) {
			t.Errorf("row %d: absent column scored %q, blank column %q", i+1, ta[i], tb[i])
		}
	}
	if _, err := ScoreCSV(strings.NewReader(without), io.Discard, streamProfile(), StreamOptions{Name: "in.csv"}); err == nil || !strings.Contains(err.Error(), "--absent-as-blank") {
		t.Errorf("without the option: %v", err)
	}
}
