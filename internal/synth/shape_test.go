package synth

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/icp-dev/icp/internal/testenv"
)

// latentBest marks the top 20% of the rows Write(cfg) produces by their latent fit
// score z (noise included), the quantity the outcomes follow.
func latentBest(t testing.TB, cfg Config) []bool {
	t.Helper()
	g := newGen(cfg)
	z := make([]float64, cfg.Rows)
	var b []byte
	for i := range z {
		b = g.row(b[:0], i+1)
		z[i] = g.fit.z
	}
	order := make([]int, len(z))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return z[order[a]] > z[order[b]] })
	top := make([]bool, len(z))
	for _, i := range order[:len(z)/5] {
		top[i] = true
	}
	return top
}

// rate is the share of best rows among the rows where keep is true.
func rate(top []bool, keep func(i int) bool) (float64, int) {
	var n, hit int
	for i, b := range top {
		if keep(i) {
			n++
			if b {
				hit++
			}
		}
	}
	return float64(hit) / float64(n), n
}

// interactionLifts measures, on one export, the best-customer rate (composite of
// the outcomes, and top 20% of the latent score) among rows matching each segment
// part, the whole segment, each negative trait, and the segment with each negative
// trait, over the overall rate (0.2).
type shapeLifts struct {
	parts              []float64 // per Segment part, composite best
	partsLatent        []float64
	joint, jointLatent float64
	neg                []float64 // per negative trait, whole file
	segNeg             []float64 // per negative trait, within the segment
	segRows            int
}

func measureInteraction(t testing.TB, cfg Config) shapeLifts {
	t.Helper()
	tb := load(t, cfg)
	in, err := InSegment(cfg)
	if err != nil {
		t.Fatal(err)
	}
	truth := Truth(cfg)
	top, ltop := tb.best(), latentBest(t, cfg)
	base, _ := rate(top, func(int) bool { return true })
	var l shapeLifts
	for _, e := range truth.Segment {
		match := func(i int) bool { m, _ := tb.matches(tb.rows[i], e); return m }
		r, _ := rate(top, match)
		rl, _ := rate(ltop, match)
		l.parts = append(l.parts, r/base)
		l.partsLatent = append(l.partsLatent, rl/base)
	}
	r, n := rate(top, func(i int) bool { return in[i] })
	rl, _ := rate(ltop, func(i int) bool { return in[i] })
	l.joint, l.jointLatent, l.segRows = r/base, rl/base, n
	for _, e := range truth.NegativeTraits {
		match := func(i int) bool { m, _ := tb.matches(tb.rows[i], e); return m }
		r, _ := rate(top, match)
		l.neg = append(l.neg, r/base)
		r, _ = rate(top, func(i int) bool { return in[i] && match(i) })
		l.segNeg = append(l.segNeg, r/base)
	}
	return l
}

func (l shapeLifts) String() string {
	f := func(xs []float64) string {
		s := make([]string, len(xs))
		for i, x := range xs {
			s[i] = fmt.Sprintf("%.2f", x)
		}
		return strings.Join(s, "/")
	}
	return fmt.Sprintf("segment rows %d; parts %s (latent %s); joint %.2f (latent %.2f); negatives %s; segment with negative %s",
		l.segRows, f(l.parts), f(l.partsLatent), l.joint, l.jointLatent, f(l.neg), f(l.segNeg))
}

// checkInteraction checks the interaction plant's known facts at 20,000 rows:
// each segment part alone lifts the best-customer rate less than 1.3×, the whole
// segment more than 3×; each negative trait lowers it (below 0.8×) and the segment
// with a negative trait still more than doubles it; at least 300 rows in segment.
func checkInteraction(t *testing.T, seeds []uint64, messy bool) {
	for _, seed := range seeds {
		cfg := Config{Rows: 20000, Seed: seed, Shape: ShapeInteraction, Messy: messy, NoiseAttrs: 2, HighCardNoise: true}
		l := measureInteraction(t, cfg)
		t.Logf("seed %d messy=%v: %v", seed, messy, l)
		for k, p := range l.parts {
			if p >= 1.3 || l.partsLatent[k] >= 1.3 {
				t.Errorf("seed %d: segment part %d alone lifts %.2f (latent %.2f), want < 1.3", seed, k, p, l.partsLatent[k])
			}
		}
		if l.joint <= 3 || l.jointLatent <= 3 {
			t.Errorf("seed %d: segment lifts %.2f (latent %.2f), want > 3", seed, l.joint, l.jointLatent)
		}
		if l.segRows < 300 {
			t.Errorf("seed %d: %d rows in segment, want >= 300", seed, l.segRows)
		}
		for k := range l.neg {
			if l.neg[k] >= 0.8 {
				t.Errorf("seed %d: negative trait %d lift %.2f, want < 0.8", seed, k, l.neg[k])
			}
			if l.segNeg[k] <= 2 {
				t.Errorf("seed %d: segment with negative trait %d lift %.2f, want > 2", seed, k, l.segNeg[k])
			}
		}
	}
}

func TestInteractionPlant(t *testing.T) {
	t.Parallel()
	checkInteraction(t, []uint64{1, 2, 3}, false)
}

// TestInteractionPlantRates is TestInteractionPlant over seeds 1–20, tidy and
// messy. Run with ICP_RATES=1.
func TestInteractionPlantRates(t *testing.T) {
	testenv.NeedRates(t)
	t.Parallel()
	var seeds []uint64
	for s := uint64(1); s <= 20; s++ {
		seeds = append(seeds, s)
	}
	checkInteraction(t, seeds, false)
	checkInteraction(t, seeds, true)
}

func TestShapeDeterministicAndHeader(t *testing.T) {
	t.Parallel()
	for _, sh := range []Shape{ShapeInteraction, ShapeProxy} {
		cfg := Config{Rows: 2000, Seed: 4, Shape: sh, Messy: true, NoiseAttrs: 1, HighCardNoise: true}
		a, b := generate(t, cfg), generate(t, cfg)
		if !bytes.Equal(a, b) {
			t.Fatalf("%v: same Config gave different output", sh)
		}
		extra := "country,account_owner"
		if sh == ShapeProxy {
			extra = "sales_segment," + extra
		}
		want := "customer_id,company_name,industry,employees,annual_revenue,region,funding_stage," +
			"business_model,tech_stack,lead_source,signup_date," + extra + ",noise_cat_1,ltv,sales_cycle_days,churned,nps"
		if got := string(a[:bytes.IndexByte(a, '\n')]); got != want {
			t.Errorf("%v header\n got %q\nwant %q", sh, got, want)
		}
		if got := strings.Join(Columns(cfg), ","); got != want {
			t.Errorf("%v: Columns = %q", sh, got)
		}
		if n := len(parse(t, a).rows); n != cfg.Rows {
			t.Errorf("%v: %d rows", sh, n)
		}
	}
	// The additive shape with HighCardNoise keeps the other columns' values.
	plain := load(t, Config{Rows: 300, Seed: 8})
	hc := load(t, Config{Rows: 300, Seed: 8, HighCardNoise: true})
	if plain.rows[0][plain.col["industry"]] != hc.rows[0][hc.col["industry"]] {
		t.Error("HighCardNoise changed the first row's industry")
	}
}

func TestParseShape(t *testing.T) {
	t.Parallel()
	for _, sh := range []Shape{ShapeAdditive, ShapeInteraction, ShapeProxy} {
		if got, err := ParseShape(sh.String()); err != nil || got != sh {
			t.Errorf("ParseShape(%q) = %v, %v", sh.String(), got, err)
		}
	}
	if _, err := ParseShape("quadratic"); err == nil {
		t.Error("ParseShape accepted an unknown name")
	}
	for _, cfg := range []Config{{Rows: 1, Shape: 3}, {Rows: 1, Shape: ShapeProxy, Shift: 1}} {
		if err := Write(io.Discard, cfg); err == nil {
			t.Errorf("Write(%+v) = nil error", cfg)
		}
		if _, err := InSegment(cfg); err == nil {
			t.Errorf("InSegment(%+v) = nil error", cfg)
		}
	}
}

func TestShapeTruth(t *testing.T) {
	t.Parallel()
	p := Truth(Config{Shape: ShapeInteraction, HighCardNoise: true, NoiseAttrs: 1})
	if len(p.Segment) != 3 || len(p.Criteria) != 0 || len(p.NegativeTraits) != 2 || len(p.Disqualifiers) != 2 {
		t.Fatalf("interaction: %+v", p)
	}
	if e := p.Segment[0]; e.Attribute != "industry" || strings.Join(e.Values, ",") != "retail,manufacturing,logistics" {
		t.Errorf("industry part %+v", e)
	}
	if e := p.Segment[1]; e.Attribute != "employees" || e.Op != "range" || e.Min != 300 || e.Max != 2500 {
		t.Errorf("employees part %+v", e)
	}
	if e := p.Segment[2]; e.Attribute != "tech_stack" || e.Op != "has" || !slices.Equal(e.Values, []string{"hubspot"}) {
		t.Errorf("tech_stack part %+v", e)
	}
	for _, c := range []string{"country", "account_owner", "noise_cat_1", "region"} {
		if !slices.Contains(p.Noise, c) {
			t.Errorf("interaction: %s not in Noise %v", c, p.Noise)
		}
	}
	if slices.Contains(p.Noise, "industry") || !slices.Equal(p.Proxies, []string{"annual_revenue"}) {
		t.Errorf("interaction: noise %v, proxies %v", p.Noise, p.Proxies)
	}

	p = Truth(Config{Shape: ShapeProxy})
	if len(p.Criteria) != 1 || len(p.Segment) != 1 || p.Criteria[0].Attribute != "employees" ||
		!slices.Equal(p.Proxies, []string{"annual_revenue", "sales_segment"}) ||
		p.ProxyOf["sales_segment"].Attribute != "employees" || !slices.Contains(p.Noise, "industry") ||
		slices.Contains(p.Noise, "sales_segment") {
		t.Errorf("proxy: %+v", p)
	}

	p = Truth(Config{})
	if len(p.Segment) != 0 || len(p.NegativeTraits) != 2 || p.ProxyOf["annual_revenue"].Min != 200 {
		t.Errorf("additive: %+v", p)
	}
	for _, sh := range []Shape{ShapeAdditive, ShapeInteraction, ShapeProxy} {
		p = Truth(Config{Shape: sh, Null: true, HighCardNoise: true})
		if len(p.Criteria)+len(p.Segment)+len(p.NegativeTraits)+len(p.Proxies) != 0 ||
			!slices.Contains(p.Noise, "employees") || !slices.Contains(p.Noise, "country") ||
			(sh == ShapeProxy) != slices.Contains(p.Noise, "sales_segment") {
			t.Errorf("%v null: %+v", sh, p)
		}
	}
}

// TestInSegment checks InSegment against the Segment conditions evaluated on a tidy
// export, and that Null and the additive shape have no segment.
func TestInSegment(t *testing.T) {
	t.Parallel()
	for _, sh := range []Shape{ShapeInteraction, ShapeProxy} {
		cfg := Config{Rows: 5000, Seed: 6, Shape: sh, HighCardNoise: true}
		tb := load(t, cfg)
		in, err := InSegment(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if len(in) != cfg.Rows {
			t.Fatalf("%v: %d flags for %d rows", sh, len(in), cfg.Rows)
		}
		n := 0
		for i, row := range tb.rows {
			all := true
			for _, e := range Truth(cfg).Segment {
				if m, _ := tb.matches(row, e); !m {
					all = false
				}
			}
			if all != in[i] {
				t.Fatalf("%v row %d: InSegment %v, conditions %v", sh, i+1, in[i], all)
			}
			if in[i] {
				n++
			}
		}
		t.Logf("%v: %d of %d rows in segment", sh, n, cfg.Rows)
		// Null keeps the attributes: same rows in segment by the definition.
		cfg.Null = true
		nt := load(t, cfg)
		for i := range nt.rows {
			if !slices.Equal(nt.rows[i][:nt.col["ltv"]], tb.rows[i][:tb.col["ltv"]]) {
				t.Fatalf("%v: Null changed the attributes of row %d", sh, i+1)
			}
		}
		if in, _ := InSegment(cfg); slices.Contains(in, true) {
			t.Errorf("%v: InSegment true under Null", sh)
		}
	}
	if in, _ := InSegment(Config{Rows: 100, Seed: 1}); len(in) != 100 || slices.Contains(in, true) {
		t.Error("additive shape: InSegment should be 100 × false")
	}
}

// TestProxyPlant checks the proxy shape at 20,000 rows: the driver lifts the
// best-customer rate; sales_segment = mid-market follows the driver closely (and
// so lifts the rate too) but, given the driver, makes no difference.
func TestProxyPlant(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 20000, Seed: 3, Shape: ShapeProxy}
	tb := load(t, cfg)
	top := tb.best()
	truth := Truth(cfg)
	driver := truth.Criteria[0]
	mid := Effect{Attribute: "sales_segment", Op: "in", Values: []string{"mid-market"}}
	isDriver := func(i int) bool { m, _ := tb.matches(tb.rows[i], driver); return m }
	isMid := func(i int) bool { m, _ := tb.matches(tb.rows[i], mid); return m }
	base, _ := rate(top, func(int) bool { return true })
	rd, _ := rate(top, isDriver)
	rm, _ := rate(top, isMid)
	agree, nd := rate(func() []bool {
		b := make([]bool, len(tb.rows))
		for i := range b {
			b[i] = isMid(i)
		}
		return b
	}(), isDriver)
	t.Logf("driver lift %.2f (%d rows), mid-market lift %.2f, P(mid-market | driver) %.2f", rd/base, nd, rm/base, agree)
	if rd/base < 1.8 || rm/base < 1.5 || agree < 0.8 {
		t.Errorf("driver lift %.2f, proxy lift %.2f, agreement %.2f", rd/base, rm/base, agree)
	}
	for _, d := range []bool{true, false} {
		with, n1 := rate(top, func(i int) bool { return isDriver(i) == d && isMid(i) })
		without, n0 := rate(top, func(i int) bool { return isDriver(i) == d && !isMid(i) })
		t.Logf("driver=%v: best rate %.3f with mid-market (%d rows), %.3f without (%d rows)", d, with, n1, without, n0)
		if r := with / without; r < 0.8 || r > 1.25 {
			t.Errorf("driver=%v: mid-market changes the best rate ×%.2f", d, r)
		}
	}
}

// TestHighCardNoise checks the two noise columns' cardinality, that country lies
// within the row's region, and that neither column has an effect.
func TestHighCardNoise(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 20000, Seed: 12, Shape: ShapeInteraction, HighCardNoise: true}
	tb := load(t, cfg)
	top := tb.best()
	levels := map[string]map[string]int{"country": {}, "account_owner": {}}
	for _, row := range tb.rows {
		for c := range levels {
			levels[c][row[tb.col[c]]]++
		}
		reg := slices.Index([]string{"NA", "EMEA", "APAC", "LATAM"}, row[tb.col["region"]])
		if !slices.Contains(countries[reg][:], row[tb.col["country"]]) {
			t.Fatalf("country %q outside region %q", row[tb.col["country"]], row[tb.col["region"]])
		}
	}
	if len(levels["country"]) != 40 || len(levels["account_owner"]) != 14 {
		t.Errorf("%d countries, %d account owners", len(levels["country"]), len(levels["account_owner"]))
	}
	for c, counts := range levels {
		for v, n := range counts {
			if n < 1000 {
				continue // too rare for a tight bound
			}
			e := Effect{Attribute: c, Op: "in", Values: []string{strings.ToLower(v)}}
			if r := tb.ratio(e, top); r < 0.8 || r > 1.25 {
				t.Errorf("%s: ratio %.2f outside [0.8, 1.25]", effectName(e), r)
			}
		}
	}
}

// TestShapesNull checks that under Null the planted segment, driver and negative
// traits of every shape have no effect.
func TestShapesNull(t *testing.T) {
	t.Parallel()
	for _, sh := range []Shape{ShapeInteraction, ShapeProxy} {
		cfg := Config{Rows: 20000, Seed: 5, Shape: sh}
		in, _ := InSegment(cfg)
		planted := Truth(cfg)
		cfg.Null = true
		tb := load(t, cfg)
		top := tb.best()
		seg, n := rate(top, func(i int) bool { return in[i] })
		base, _ := rate(top, func(int) bool { return true })
		lo, hi := 0.8, 1.25
		if n < 1000 {
			lo, hi = 0.6, 1.4 // the interaction's segment is small
		}
		if r := seg / base; r < lo || r > hi {
			t.Errorf("%v null: segment (%d rows) ratio %.2f", sh, n, r)
		}
		for _, e := range append(append([]Effect(nil), planted.Segment...), planted.NegativeTraits...) {
			if r := tb.ratio(e, top); r < 0.8 || r > 1.25 {
				t.Errorf("%v null: %s ratio %.2f outside [0.8, 1.25]", sh, effectName(e), r)
			}
		}
	}
}

// BenchmarkWriteShapes writes 100,000 messy rows of each shape with every optional
// column (about 0.3 s each: a million rows take seconds).
func BenchmarkWriteShapes(b *testing.B) {
	for _, sh := range []Shape{ShapeAdditive, ShapeInteraction, ShapeProxy} {
		b.Run(sh.String(), func(b *testing.B) {
			cfg := Config{Rows: 100000, Seed: 1, Shape: sh, Messy: true, NoiseAttrs: 4, HighCardNoise: true}
			for b.Loop() {
				if err := Write(io.Discard, cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
