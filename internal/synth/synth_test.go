package synth

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/icp-dev/icp/internal/testenv"
)

// table is a parsed export.
type table struct {
	col  map[string]int
	rows [][]string
}

func generate(t testing.TB, cfg Config) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func parse(t testing.TB, data []byte) table {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	recs, err := r.ReadAll() // also checks that every row has the header's width
	if err != nil {
		t.Fatalf("output does not parse as CSV: %v", err)
	}
	tb := table{col: map[string]int{}, rows: recs[1:]}
	for i, c := range recs[0] {
		tb.col[c] = i
	}
	return tb
}

func load(t testing.TB, cfg Config) table { return parse(t, generate(t, cfg)) }

// fold normalises a cell the way an analysis would; ok is false for a missing cell.
func fold(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch s {
	case "", "n/a", "-", "null":
		return "", false
	}
	return s, true
}

var numberCleaner = strings.NewReplacer("$", "", ",", "")

// number parses plain, "$1,200,000", "$1.2M" and "1.2M" forms.
func number(s string) (float64, bool) {
	s, ok := fold(s)
	if !ok {
		return math.NaN(), false
	}
	s = numberCleaner.Replace(s)
	mult := 1.0
	if strings.HasSuffix(s, "m") {
		mult, s = 1e6, strings.TrimSuffix(s, "m")
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return math.NaN(), false
	}
	return v * mult, true
}

// matches reports whether row satisfies e; known is false when the cell is missing.
func (tb table) matches(row []string, e Effect) (match, known bool) {
	cell := row[tb.col[e.Attribute]]
	switch e.Op {
	case "range":
		v, ok := number(cell)
		return ok && v >= e.Min && v < e.Max, ok
	case "has":
		s, ok := fold(cell)
		if !ok {
			return false, false
		}
		for _, item := range strings.Split(s, ";") {
			if slices.Contains(e.Values, strings.TrimSpace(item)) {
				return true, true
			}
		}
		return false, true
	default:
		s, ok := fold(cell)
		return ok && slices.Contains(e.Values, s), ok
	}
}

// pctRanks returns average-tie percentile ranks in (0, 1] of xs (higher is
// better); NaN stays NaN.
func pctRanks(xs []float64) []float64 {
	idx := make([]int, 0, len(xs))
	for i, x := range xs {
		if !math.IsNaN(x) {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	out := make([]float64, len(xs))
	for i := range out {
		out[i] = math.NaN()
	}
	n := float64(len(idx))
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && xs[idx[j]] == xs[idx[i]] {
			j++
		}
		r := (float64(i+j+1) / 2) / n
		for k := i; k < j; k++ {
			out[idx[k]] = r
		}
		i = j
	}
	return out
}

// best marks the top 20% of rows by the mean percentile rank of ltv, -cycle,
// not churned and nps (missing components left out of the mean).
func (tb table) best() []bool {
	n := len(tb.rows)
	ltv, cyc, keep, nps := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, row := range tb.rows {
		ltv[i], _ = number(row[tb.col["ltv"]])
		c, _ := number(row[tb.col["sales_cycle_days"]])
		cyc[i] = -c
		if s, _ := fold(row[tb.col["churned"]]); s == "yes" {
			keep[i] = 0
		} else {
			keep[i] = 1
		}
		nps[i], _ = number(row[tb.col["nps"]])
	}
	parts := [][]float64{pctRanks(ltv), pctRanks(cyc), pctRanks(keep), pctRanks(nps)}
	score := make([]float64, n)
	for i := range score {
		s, k := 0.0, 0
		for _, p := range parts {
			if !math.IsNaN(p[i]) {
				s += p[i]
				k++
			}
		}
		score[i] = s / float64(k)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	top := make([]bool, n)
	for _, i := range order[:n/5] {
		top[i] = true
	}
	return top
}

// ratio is the share of e among the best rows over its share among all rows
// (rows where the attribute is missing left out).
func (tb table) ratio(e Effect, top []bool) float64 {
	var all, allHit, best, bestHit float64
	for i, row := range tb.rows {
		m, known := tb.matches(row, e)
		if !known {
			continue
		}
		all++
		if m {
			allHit++
		}
		if top[i] {
			best++
			if m {
				bestHit++
			}
		}
	}
	return (bestHit / best) / (allHit / all)
}

func effectName(e Effect) string {
	if e.Op == "range" {
		return fmt.Sprintf("%s[%g,%g)", e.Attribute, e.Min, e.Max)
	}
	return e.Attribute + " " + e.Op + " " + strings.Join(e.Values, "|")
}

func TestDeterministic(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 3000, Seed: 42, Messy: true, NoiseAttrs: 5}
	a, b := generate(t, cfg), generate(t, cfg)
	if !bytes.Equal(a, b) {
		t.Fatal("same Config gave different output")
	}
	cfg.Seed = 43
	if bytes.Equal(a, generate(t, cfg)) {
		t.Fatal("different seeds gave identical output")
	}
}

func TestHeader(t *testing.T) {
	t.Parallel()
	want := "customer_id,company_name,industry,employees,annual_revenue,region,funding_stage," +
		"business_model,tech_stack,lead_source,signup_date,noise_cat_1,noise_num_2,noise_cat_3," +
		"ltv,sales_cycle_days,churned,nps\n"
	out := generate(t, Config{Rows: 0, NoiseAttrs: 3})
	if string(out) != want {
		t.Fatalf("header\n got %q\nwant %q", out, want)
	}
	if got := strings.Join(Columns(Config{NoiseAttrs: 3}), ",") + "\n"; got != want {
		t.Fatalf("Columns = %q", got)
	}
}

func TestRowCount(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 7, 1234} {
		for _, messy := range []bool{false, true} {
			tb := load(t, Config{Rows: n, Seed: 3, Messy: messy, NoiseAttrs: 2})
			if len(tb.rows) != n {
				t.Errorf("rows=%d messy=%v: got %d rows", n, messy, len(tb.rows))
			}
			if n > 0 && tb.rows[0][0] != "CUST-000001" {
				t.Errorf("first id %q", tb.rows[0][0])
			}
		}
	}
}

func TestWriteRejectsBadConfig(t *testing.T) {
	t.Parallel()
	for _, cfg := range []Config{{Rows: -1}, {Rows: 1, NoiseAttrs: -1}, {Rows: 1, Shift: 2}} {
		if err := Write(io.Discard, cfg); err == nil {
			t.Errorf("Write(%+v) = nil error", cfg)
		}
	}
}

func TestTruth(t *testing.T) {
	t.Parallel()
	p := Truth(Config{NoiseAttrs: 2})
	if len(p.Criteria) != 3 || len(p.Disqualifiers) != 2 {
		t.Fatalf("shift 0: %+v", p)
	}
	if e := p.Criteria[1]; e.Attribute != "employees" || e.Min != 200 || e.Max != 2000 {
		t.Errorf("employees effect %+v", e)
	}
	if !slices.Contains(p.Noise, "noise_num_2") || !slices.Contains(p.Noise, "region") {
		t.Errorf("noise %v", p.Noise)
	}
	p = Truth(Config{Shift: 1})
	if len(p.Disqualifiers) != 1 || len(p.Criteria[0].Values) != 3 || p.Criteria[1].Min != 500 || p.Criteria[1].Max != 5000 {
		t.Errorf("shift 1: %+v", p)
	}
	p = Truth(Config{Null: true, NoiseAttrs: 1})
	if len(p.Criteria)+len(p.Disqualifiers) != 0 || !slices.Contains(p.Noise, "industry") {
		t.Errorf("null: %+v", p)
	}
}

func TestBaseRates(t *testing.T) {
	t.Parallel()
	tb := load(t, Config{Rows: 20000, Seed: 11})
	share := func(e Effect) float64 {
		var hit float64
		for _, row := range tb.rows {
			if m, _ := tb.matches(row, e); m {
				hit++
			}
		}
		return hit / float64(len(tb.rows))
	}
	inf := math.Inf(1)
	checks := []struct {
		e      Effect
		lo, hi float64
	}{
		{Effect{Attribute: "industry", Op: "in", Values: []string{"saas", "fintech"}}, 0.22, 0.28},
		{Effect{Attribute: "employees", Op: "range", Min: 200, Max: 2000}, 0.25, 0.31},
		{Effect{Attribute: "employees", Op: "range", Min: 0, Max: 150}, 0.46, 0.54}, // median ~150
		{Effect{Attribute: "employees", Op: "range", Min: 50001, Max: inf}, 0, 0},
		{Effect{Attribute: "tech_stack", Op: "has", Values: []string{"snowflake"}}, 0.18, 0.22},
		{Effect{Attribute: "business_model", Op: "in", Values: []string{"b2c"}}, 0.18, 0.22},
		{Effect{Attribute: "funding_stage", Op: "in", Values: []string{"bootstrapped"}}, 0.13, 0.17},
		{Effect{Attribute: "nps", Op: "range", Min: -inf, Max: inf}, 0.83, 0.87}, // ~15% missing
		{Effect{Attribute: "churned", Op: "in", Values: []string{"yes"}}, 0.15, 0.35},
		{Effect{Attribute: "sales_cycle_days", Op: "range", Min: 5, Max: 401}, 1, 1},
	}
	for _, c := range checks {
		if s := share(c.e); s < c.lo || s > c.hi {
			t.Errorf("%s: share %.3f outside [%.2f, %.2f]", effectName(c.e), s, c.lo, c.hi)
		}
	}
	// annual_revenue follows employees: log-log correlation well above 0.8.
	var xs, ys []float64
	for _, row := range tb.rows {
		e, _ := number(row[tb.col["employees"]])
		r, _ := number(row[tb.col["annual_revenue"]])
		xs, ys = append(xs, math.Log(e)), append(ys, math.Log(r))
	}
	if c := corr(xs, ys); c < 0.9 {
		t.Errorf("corr(log employees, log revenue) = %.3f", c)
	}
}

func corr(x, y []float64) float64 {
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		sxy += (x[i] - mx) * (y[i] - my)
		sxx += (x[i] - mx) * (x[i] - mx)
		syy += (y[i] - my) * (y[i] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestPlantedRatios checks that every planted effect stands out among the top 20%
// (see checkPlantedRatios) for one seed of each configuration;
// TestPlantedRatioRates checks five.
func TestPlantedRatios(t *testing.T) {
	t.Parallel()
	checkPlantedRatios(t, 1)
}

// TestPlantedRatioRates is TestPlantedRatios over seeds 1–5 of every configuration
// (40 exports), reporting per planted effect how many exports meet its bound and the
// weakest ratio seen. Run with ICP_RATES=1 and -v (go test skips it otherwise; CI
// runs it, see .ci/run).
func TestPlantedRatioRates(t *testing.T) {
	testenv.NeedRates(t)
	t.Parallel()
	checkPlantedRatios(t, 5)
}

// checkPlantedRatios checks, for seeds 1…seeds of every configuration (5,000 and 2,000
// rows, shift 0 and 1, tidy and messy), that every planted effect stands out among
// the top 20%: criteria at least critMin × their overall share, disqualifiers at most
// disqMax ×. It logs each export's ratios, then per effect and size how many exports
// met the bound and the weakest ratio.
func checkPlantedRatios(t *testing.T, seeds uint64) {
	cases := []struct {
		rows            int
		critMin, disqMx float64
	}{
		{5000, 1.6, 0.5},
		{2000, 1.45, 0.65},
	}
	for _, c := range cases {
		type tally struct {
			runs, met int
			weakest   float64
			disq      bool
		}
		tallies := map[string]*tally{}
		var order []string
		count := func(name string, disq, met bool, r float64) {
			tl := tallies[name]
			if tl == nil {
				tl = &tally{weakest: r, disq: disq}
				tallies[name] = tl
				order = append(order, name)
			}
			tl.runs++
			if met {
				tl.met++
			}
			if disq && r > tl.weakest || !disq && r < tl.weakest {
				tl.weakest = r
			}
		}
		for _, shift := range []int{0, 1} {
			for _, messy := range []bool{false, true} {
				for seed := uint64(1); seed <= seeds; seed++ {
					cfg := Config{Rows: c.rows, Seed: seed, Shift: shift, Messy: messy, NoiseAttrs: 4}
					tb := load(t, cfg)
					top := tb.best()
					truth := Truth(cfg)
					var line []string
					for _, e := range truth.Criteria {
						r := tb.ratio(e, top)
						line = append(line, fmt.Sprintf("%s=%.2f", effectName(e), r))
						count("criterion "+effectName(e), false, r >= c.critMin, r)
						if r < c.critMin {
							t.Errorf("%+v: criterion %s ratio %.2f < %.2f", cfg, effectName(e), r, c.critMin)
						}
					}
					for _, e := range truth.Disqualifiers {
						r := tb.ratio(e, top)
						line = append(line, fmt.Sprintf("%s=%.2f", effectName(e), r))
						count("disqualifier "+effectName(e), true, r <= c.disqMx, r)
						if r > c.disqMx {
							t.Errorf("%+v: disqualifier %s ratio %.2f > %.2f", cfg, effectName(e), r, c.disqMx)
						}
					}
					t.Logf("rows=%d shift=%d messy=%v seed=%d: %s", c.rows, shift, messy, seed, strings.Join(line, " "))
				}
			}
		}
		for _, name := range order {
			tl := tallies[name]
			bound := fmt.Sprintf("≥ %.2f", c.critMin)
			if tl.disq {
				bound = fmt.Sprintf("≤ %.2f", c.disqMx)
			}
			t.Logf("planted %s, %d rows: ratio %s in %d of %d exports (weakest %.2f)", name, c.rows, bound, tl.met, tl.runs, tl.weakest)
		}
	}
}

// TestNoEffect checks that, with 20,000 rows, the planted conditions have no
// effect under Null, and region, lead_source and noise attributes none ever.
func TestNoEffect(t *testing.T) {
	t.Parallel()
	planted := Truth(Config{})
	for _, null := range []bool{true, false} {
		cfg := Config{Rows: 20000, Seed: 5, Null: null, NoiseAttrs: 6}
		tb := load(t, cfg)
		top := tb.best()
		var effects []Effect
		if null {
			effects = append(effects, planted.Criteria...)
			effects = append(effects, planted.Disqualifiers...)
		}
		for _, l := range regions {
			effects = append(effects, Effect{Attribute: "region", Op: "in", Values: []string{l.key}})
		}
		for _, l := range leads {
			effects = append(effects, Effect{Attribute: "lead_source", Op: "in", Values: []string{l.key}})
		}
		for i := 1; i <= cfg.NoiseAttrs; i += 2 {
			c := makeNoiseCol(i)
			for k, v := range c.levels {
				if k > 0 && c.cum[k]-c.cum[k-1] < 0.1 {
					continue // too rare for a tight bound
				}
				effects = append(effects, Effect{Attribute: fmt.Sprintf("noise_cat_%d", i), Op: "in", Values: []string{v}})
			}
		}
		for _, e := range effects {
			if r := tb.ratio(e, top); r < 0.8 || r > 1.25 {
				t.Errorf("null=%v: %s ratio %.2f outside [0.8, 1.25]", null, effectName(e), r)
			}
		}
	}
}

// TestDisqualifiersRaiseChurn checks that churn is much more common under each
// planted disqualifier.
func TestDisqualifiersRaiseChurn(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 20000, Seed: 2}
	tb := load(t, cfg)
	churned := Effect{Attribute: "churned", Op: "in", Values: []string{"yes"}}
	var all, hit float64
	for _, row := range tb.rows {
		all++
		if m, _ := tb.matches(row, churned); m {
			hit++
		}
	}
	for _, e := range Truth(cfg).Disqualifiers {
		var n, c float64
		for _, row := range tb.rows {
			if m, _ := tb.matches(row, e); m {
				n++
				if m, _ := tb.matches(row, churned); m {
					c++
				}
			}
		}
		r := (c / n) / (hit / all)
		t.Logf("%s: churn %.3f vs %.3f overall (×%.2f)", effectName(e), c/n, hit/all, r)
		if r < 1.4 {
			t.Errorf("%s raises churn only ×%.2f", effectName(e), r)
		}
	}
}

func TestMessy(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 20000, Seed: 9, Messy: true, NoiseAttrs: 4}
	tb := load(t, cfg)
	attrs := append(append([]string(nil), baseColumns[2:]...), noiseNames(cfg.NoiseAttrs)...)
	for _, a := range attrs {
		miss := 0
		for _, row := range tb.rows {
			if _, ok := fold(row[tb.col[a]]); !ok && a != "tech_stack" {
				miss++
			} else if a == "tech_stack" && slices.Contains([]string{"N/A", "-", "null"}, row[tb.col[a]]) {
				miss++ // blank tech_stack may also mean "no tools"
			}
		}
		rate := float64(miss) / float64(len(tb.rows))
		lo, hi := 0.025, 0.055
		if a == "tech_stack" {
			lo, hi = 0.01, 0.03
		}
		if rate < lo || rate > hi {
			t.Errorf("%s: missing rate %.3f outside [%.3f, %.3f]", a, rate, lo, hi)
		}
	}
	count := func(col string, pred func(string) bool) int {
		n := 0
		for _, row := range tb.rows {
			if pred(row[tb.col[col]]) {
				n++
			}
		}
		return n
	}
	eq := func(s string) func(string) bool { return func(v string) bool { return v == s } }
	if count("region", eq("NA")) < 5000 {
		t.Error(`region "NA" (North America) should be common`)
	}
	for _, s := range []string{"N/A", "-", "null", ""} {
		if count("industry", eq(s)) == 0 {
			t.Errorf("no industry cell written as %q", s)
		}
	}
	for _, s := range []string{"SaaS", "saas ", "SAAS", "Saas"} {
		if count("industry", eq(s)) == 0 {
			t.Errorf("no industry spelled %q", s)
		}
	}
	if n := count("industry", eq("fintec")) + count("industry", eq("sass")); n == 0 || n > 40 {
		t.Errorf("%d typo'd industries", n)
	}
	prefix := func(p string) func(string) bool { return func(v string) bool { return strings.HasPrefix(v, p) } }
	suffix := func(p string) func(string) bool { return func(v string) bool { return strings.HasSuffix(v, p) } }
	if count("annual_revenue", prefix("$")) == 0 || count("annual_revenue", suffix("M")) == 0 ||
		count("annual_revenue", prefix("$1,")) == 0 {
		t.Error("annual_revenue lacks messy formats")
	}
	if count("employees", func(v string) bool { return strings.Contains(v, ",") }) == 0 {
		t.Error(`no employees written like "1,200"`)
	}
	if count("ltv", prefix("$")) == 0 {
		t.Error("no ltv written with $")
	}
	for _, row := range tb.rows {
		for _, c := range []string{"ltv", "sales_cycle_days"} {
			if _, ok := number(row[tb.col[c]]); !ok {
				t.Fatalf("%s %q does not parse", c, row[tb.col[c]])
			}
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	cfg := Config{Rows: 100000, Seed: 1, Messy: true, NoiseAttrs: 19}
	for b.Loop() {
		if err := Write(io.Discard, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
