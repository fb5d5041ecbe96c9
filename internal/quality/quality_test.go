package quality

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
)

func TestAUC(t *testing.T) {
	t.Parallel()
	cases := []struct {
		scores []float64
		labels []bool
		want   float64
	}{
		// Pairs (pos, neg): (0.35, 0.1) win, (0.35, 0.4) lose, (0.8, ·) win twice: 3/4.
		{[]float64{0.1, 0.4, 0.35, 0.8}, []bool{false, false, true, true}, 0.75},
		{[]float64{1, 2, 3, 4}, []bool{false, false, true, true}, 1},
		{[]float64{1, 2, 3, 4}, []bool{true, true, false, false}, 0},
		// All tied: every pair counts half.
		{[]float64{5, 5, 5}, []bool{true, false, false}, 0.5},
		// One tie across classes: pos {2, 3}, neg {1, 2}: 1 + 1 + 1 + 0.5 = 3.5 of 4.
		{[]float64{2, 3, 1, 2}, []bool{true, true, false, false}, 0.875},
	}
	for _, c := range cases {
		if got := AUC(c.scores, c.labels); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("AUC(%v, %v) = %v, want %v", c.scores, c.labels, got, c.want)
		}
	}
	if !math.IsNaN(AUC([]float64{1, 2}, []bool{true, true})) || !math.IsNaN(AUC(nil, nil)) {
		t.Error("AUC without both classes should be NaN")
	}
	// Against the definition on random data with many ties.
	r := rand.New(rand.NewPCG(1, 2))
	s, l := make([]float64, 300), make([]bool, 300)
	for i := range s {
		s[i] = float64(r.IntN(20))
		l[i] = r.Float64() < 0.3
	}
	var num, den float64
	for i := range s {
		for j := range s {
			if l[i] && !l[j] {
				den++
				switch {
				case s[i] > s[j]:
					num++
				case s[i] == s[j]:
					num += 0.5
				}
			}
		}
	}
	if got := AUC(s, l); math.Abs(got-num/den) > 1e-12 {
		t.Errorf("AUC = %v, pairwise %v", got, num/den)
	}
}

func read(t testing.TB, name string, data []byte) *dataset.Table {
	t.Helper()
	tb, err := dataset.Read(bytes.NewReader(data), name, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// simulated writes n rows of a known logistic model:
//
//	logit = −1 + 1.0·[plan = b] − 1.0·[plan = c] + 0.8·[tools has x]
//	      + 0.5·log1p(size) − 0.6·[flag]
//
// (size missing in 5% of rows, then it adds 0.5·log1p(50) ≈ 1.97, its median's share)
// and returns the CSV and the labels; rows are shuffled by seed, plan levels listed
// in a seed-dependent order of first appearance.
func simulated(n int, seed uint64) ([]byte, []bool) {
	r := rand.New(rand.NewPCG(seed, 99))
	var b strings.Builder
	b.WriteString("id,plan,tools,size,flag\n")
	labels := make([]bool, n)
	for i := range n {
		plan := []string{"a", "a", "b", "b", "c"}[r.IntN(5)]
		if i == 0 && seed%2 == 0 {
			plan = "c" // another first level
		}
		var items []string
		for _, it := range []string{"x", "y", "z"} {
			if r.Float64() < map[string]float64{"x": 0.3, "y": 0.4, "z": 0.5}[it] {
				items = append(items, it)
			}
		}
		size := math.Round(math.Exp(math.Log(50) + 1.5*r.NormFloat64()))
		flag := r.IntN(3) == 0
		logit := -1.0 + 0.5*math.Log1p(size)
		switch plan {
		case "b":
			logit += 1
		case "c":
			logit -= 1
		}
		for _, it := range items {
			if it == "x" {
				logit += 0.8
			}
		}
		if flag {
			logit -= 0.6
		}
		sizeCell := strconv.FormatFloat(size, 'f', -1, 64)
		if r.Float64() < 0.05 {
			sizeCell = ""
		}
		labels[i] = r.Float64() < 1/(1+math.Exp(-logit))
		fmt.Fprintf(&b, "ID%d,%s,%s,%s,%v\n", i, plan, strings.Join(items, "; "), sizeCell, map[bool]string{true: "yes", false: "no"}[flag])
	}
	return []byte(b.String()), labels
}

func weight(t *testing.T, m *Model, col, level string) float64 {
	t.Helper()
	for _, f := range m.Features {
		if f.Column == col && f.Level == level && !f.Missing {
			return f.Weight
		}
	}
	t.Fatalf("no feature %s=%q", col, level)
	return 0
}

func TestFitRecoversCoefficients(t *testing.T) {
	t.Parallel()
	data, labels := simulated(20000, 1)
	tb := read(t, "sim.csv", data)
	m, err := Fit(tb, labels, []string{"id", "plan", "tools", "size", "flag"})
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want float64
	}{
		{"plan b − a", weight(t, m, "plan", "b") - weight(t, m, "plan", "a"), 1},
		{"plan c − a", weight(t, m, "plan", "c") - weight(t, m, "plan", "a"), -1},
		{"tools x", weight(t, m, "tools", "x"), 0.8},
		{"tools y", weight(t, m, "tools", "y"), 0},
		{"tools z", weight(t, m, "tools", "z"), 0},
		{"size", weight(t, m, "size", ""), 0.5},
		{"flag", weight(t, m, "flag", ""), -0.6},
	}
	for _, c := range checks {
		if math.Abs(c.got-c.want) > 0.12 {
			t.Errorf("%s: weight %.3f, want %.2f ± 0.12", c.name, c.got, c.want)
		}
	}
	if !reflect.DeepEqual(m.Skipped, []string{"id"}) || !reflect.DeepEqual(m.Columns, []string{"plan", "tools", "size", "flag"}) {
		t.Errorf("columns %v, skipped %v", m.Columns, m.Skipped)
	}
	t.Logf("%d Newton steps; features %+v", m.Iterations, m.Features)

	// Deterministic.
	again, err := Fit(tb, labels, []string{"id", "plan", "tools", "size", "flag"})
	if err != nil || !reflect.DeepEqual(m.Features, again.Features) || m.Intercept != again.Intercept {
		t.Error("the same fit gave different models")
	}

	// A fresh file with another level order scores by level value; its AUC is
	// clearly above chance, close to the true model's.
	fresh, freshLabels := simulated(20000, 2)
	ft := read(t, "fresh.csv", fresh)
	if ft.Column("plan").Levels[0] == tb.Column("plan").Levels[0] {
		t.Fatal("test setup: level orders should differ")
	}
	scores, err := m.Score(ft)
	if err != nil {
		t.Fatal(err)
	}
	want := reference(t, m, fresh)
	for i := range scores {
		if math.Abs(scores[i]-want[i]) > 1e-9 {
			t.Fatalf("row %d: score %v, reference %v", i+1, scores[i], want[i])
		}
	}
	if a := AUC(scores, freshLabels); a < 0.7 {
		t.Errorf("fresh AUC %.3f", a)
	}
}

// reference scores a CSV from Model.Features alone, as documented on Feature.
func reference(t *testing.T, m *Model, data []byte) []float64 {
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	header := strings.Split(lines[0], ",")
	out := make([]float64, len(lines)-1)
	for i, line := range lines[1:] {
		cells := strings.Split(line, ",")
		s := m.Intercept
		for _, f := range m.Features {
			cell := cells[indexOf(header, f.Column)]
			switch {
			case f.Missing:
				if cell == "" {
					s += f.Weight
				}
			case f.Column == "size":
				if x, err := strconv.ParseFloat(cell, 64); err == nil {
					s += f.Weight * math.Log1p(x)
				}
			case f.Column == "flag":
				if cell == "yes" {
					s += f.Weight
				}
			default:
				for _, item := range strings.Split(cell, ";") {
					if strings.TrimSpace(item) == f.Level {
						s += f.Weight
					}
				}
			}
		}
		out[i] = s
	}
	return out
}

func indexOf(xs []string, s string) int {
	for i, x := range xs {
		if x == s {
			return i
		}
	}
	return -1
}

func TestScoreUnseenAndMismatch(t *testing.T) {
	t.Parallel()
	data, labels := simulated(3000, 3)
	m, err := Fit(read(t, "a.csv", data), labels, []string{"plan", "size"})
	if err != nil {
		t.Fatal(err)
	}
	// Level "d" is unseen: contributes 0.
	other := read(t, "b.csv", []byte("plan,size\nd,0\nd,5\na,0\nb,7\n"))
	s, err := m.Score(other)
	if err != nil {
		t.Fatal(err)
	}
	if s[0] != m.Intercept || s[2] != m.Intercept+weight(t, m, "plan", "a") {
		t.Errorf("scores %v, intercept %v", s, m.Intercept)
	}
	if _, err := m.Score(read(t, "c.csv", []byte("plan,size\na,x\nb,y\nc,z\n"))); err == nil {
		t.Error("categorical size accepted")
	}
	if _, err := m.Score(read(t, "d.csv", []byte("plan\na\nb\n"))); err == nil {
		t.Error("missing column accepted")
	}
	if _, err := Fit(read(t, "a.csv", data), labels[1:], []string{"plan"}); err == nil {
		t.Error("short labels accepted")
	}
	if _, err := Fit(read(t, "a.csv", data), make([]bool, len(labels)), []string{"plan"}); err == nil {
		t.Error("one-class labels accepted")
	}
}

// best marks the top 20% of t's rows by the mean percentile rank of ltv, −cycle,
// not churned and nps (missing components left out), like icp's default.
func best(t *dataset.Table) []bool {
	n := t.Rows
	comps := []struct {
		col  string
		sign float64
	}{{"ltv", 1}, {"sales_cycle_days", -1}, {"churned", -1}, {"nps", 1}}
	score, cnt := make([]float64, n), make([]float64, n)
	for _, c := range comps {
		num := t.Column(c.col).Num
		idx := []int{}
		for i, v := range num {
			if !math.IsNaN(v) {
				idx = append(idx, i)
			}
		}
		sort.SliceStable(idx, func(a, b int) bool { return c.sign*num[idx[a]] < c.sign*num[idx[b]] })
		for i := 0; i < len(idx); {
			j := i
			for j < len(idx) && num[idx[j]] == num[idx[i]] {
				j++
			}
			for k := i; k < j; k++ {
				score[idx[k]] += float64(i+j+1) / 2 / float64(len(idx))
				cnt[idx[k]]++
			}
			i = j
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
		score[i] /= cnt[i]
	}
	sort.SliceStable(order, func(a, b int) bool { return score[order[a]] > score[order[b]] })
	top := make([]bool, n)
	for _, i := range order[:n/5] {
		top[i] = true
	}
	return top
}

func export(t *testing.T, cfg synth.Config) *dataset.Table {
	var buf bytes.Buffer
	if err := synth.Write(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	tb, err := dataset.Read(&buf, fmt.Sprintf("seed%d.csv", cfg.Seed),
		dataset.Options{Force: map[string]dataset.Kind{"churned": dataset.Boolean}})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// TestBaselineOnSynth fits the baseline on one synthetic export and scores a fresh
// one (another seed): clearly better than chance where effects are planted, about
// chance under Null.
func TestBaselineOnSynth(t *testing.T) {
	t.Parallel()
	outcomes := map[string]bool{"customer_id": true, "company_name": true, "ltv": true, "sales_cycle_days": true, "churned": true, "nps": true}
	for _, c := range []struct {
		shape  synth.Shape
		null   bool
		lo, hi float64
	}{
		{synth.ShapeAdditive, false, 0.7, 1},
		{synth.ShapeInteraction, false, 0.6, 1},
		{synth.ShapeProxy, false, 0.65, 1},
		{synth.ShapeInteraction, true, 0.45, 0.55},
	} {
		cfg := synth.Config{Rows: 5000, Seed: 1, Shape: c.shape, Null: c.null, Messy: true, NoiseAttrs: 4, HighCardNoise: true}
		var cols []string
		for _, name := range synth.Columns(cfg) {
			if !outcomes[name] {
				cols = append(cols, name)
			}
		}
		train := export(t, cfg)
		m, err := Fit(train, best(train), cols)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Seed = 2
		fresh := export(t, cfg)
		s, err := m.Score(fresh)
		if err != nil {
			t.Fatal(err)
		}
		a := AUC(s, best(fresh))
		t.Logf("%v null=%v: %d features, %d Newton steps, fresh AUC %.3f", c.shape, c.null, len(m.Features), m.Iterations, a)
		if a < c.lo || a > c.hi {
			t.Errorf("%v null=%v: fresh AUC %.3f outside [%.2f, %.2f]", c.shape, c.null, a, c.lo, c.hi)
		}
	}
}

// TestFitOptimal checks the fit against its objective directly: at the returned
// weights, the gradient of Σ log-loss + ½·Σ (Weight·SD)² over the standardised
// features (computed densely here) vanishes.
func TestFitOptimal(t *testing.T) {
	t.Parallel()
	data, labels := simulated(3000, 4)
	tb := read(t, "sim.csv", data)
	m, err := Fit(tb, labels, []string{"plan", "tools", "size", "flag"})
	if err != nil {
		t.Fatal(err)
	}
	x, err := m.design(tb)
	if err != nil {
		t.Fatal(err)
	}
	p := len(m.Features)
	dense := make([][]float64, tb.Rows)
	mean := make([]float64, p)
	for i := range dense {
		dense[i] = make([]float64, p)
		for e := x.off[i]; e < x.off[i+1]; e++ {
			dense[i][x.idx[e]] = x.val[e]
			mean[x.idx[e]] += x.val[e] / float64(tb.Rows)
		}
	}
	scores, _ := m.Score(tb)
	grad := make([]float64, p+1)
	for i, row := range dense {
		res := 1/(1+math.Exp(-scores[i])) - map[bool]float64{true: 1}[labels[i]]
		grad[p] += res
		for j, v := range row {
			grad[j] += res * (v - mean[j]) / m.Features[j].SD
		}
	}
	for j, f := range m.Features {
		grad[j] += f.Weight * f.SD
	}
	for j, g := range grad {
		if math.Abs(g) > 1e-6 {
			t.Errorf("gradient %d = %g", j, g)
		}
	}
}
