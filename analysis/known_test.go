package analysis

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// fisherUpperExact is P(X ≥ b) for X ~ Hypergeometric(N, B, n), summed in exact
// rational arithmetic: an implementation independent of stats.HypergeomUpper. The
// terms T(x) = C(B, x)·C(N−B, n−x) follow from T(b) by the integer recurrence
// T(x+1) = T(x)·(B−x)(n−x) / ((x+1)(N−B−n+x+1)), whose division is exact (T(x+1) is
// an integer), so each costs one multiplication and one division by a small number.
func fisherUpperExact(b, n, B, N int) float64 {
	b = max(b, 0, n+B-N)
	hi := min(n, B)
	if b > hi {
		return 0
	}
	term := new(big.Int).Binomial(int64(B), int64(b))
	term.Mul(term, new(big.Int).Binomial(int64(N-B), int64(n-b)))
	num := new(big.Int).Set(term)
	for x := b; x < hi; x++ {
		term.Mul(term, big.NewInt(int64((B-x)*(n-x))))
		term.Quo(term, big.NewInt(int64((x+1)*(N-B-n+x+1))))
		num.Add(num, term)
	}
	r := new(big.Rat).SetFrac(num, new(big.Int).Binomial(int64(N), int64(n)))
	f, _ := r.Float64()
	return f
}

// wilsonByFormula is the Wilson score interval written out from its definition.
func wilsonByFormula(x, n int) (float64, float64) {
	z := 1.959963984540054
	p := float64(x) / float64(n)
	nn := float64(n)
	c := (p + z*z/(2*nn)) / (1 + z*z/nn)
	h := z / (1 + z*z/nn) * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
	return c - h, c + h
}

// TestKnownContingencyTables expands published 2×2 tables into rows, derives with
// --best COL=VALUE, and checks the condition's counts and statistics against values
// computed independently here.
func TestKnownContingencyTables(t *testing.T) {
	t.Parallel()
	tables := []struct {
		name   string
		source string
		a, b   int // group A: outcome yes, no
		c, d   int // group B: outcome yes, no
	}{
		// Belief in an afterlife by gender (General Social Survey, as tabulated in
		// Agresti, Categorical Data Analysis, ch. 2): females 435 yes / 147 no or
		// undecided, males 375 / 134.
		{"afterlife", "GSS via Agresti ch. 2", 435, 147, 375, 134},
		// Physicians' Health Study (Steering Committee, NEJM 1989): myocardial
		// infarction in 189 of 11,034 on placebo vs 104 of 11,037 on aspirin.
		{"aspirin", "Physicians' Health Study 1989", 189, 11034 - 189, 104, 11037 - 104},
		// A lopsided synthetic table where the condition is strongly enriched.
		{"lopsided", "constructed", 60, 40, 20, 180},
	}
	for _, tc := range tables {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var sb strings.Builder
			sb.WriteString("id,group,outcome\n")
			id := 0
			emit := func(group, outcome string, k int) {
				for range k {
					id++
					fmt.Fprintf(&sb, "%d,%s,%s\n", id, group, outcome)
				}
			}
			emit("A", "yes", tc.a)
			emit("A", "no", tc.b)
			emit("B", "yes", tc.c)
			emit("B", "no", tc.d)
			tab, err := dataset.Read(strings.NewReader(sb.String()), tc.name+".csv", dataset.Options{})
			if err != nil {
				t.Fatal(err)
			}
			res, err := Derive(context.Background(), tab, Options{Roles: Roles{ID: "id"}, Best: "outcome=yes", Resamples: -1})
			if err != nil {
				t.Fatal(err)
			}
			N, B := tc.a+tc.b+tc.c+tc.d, tc.a+tc.c
			n, b := tc.a+tc.b, tc.a
			if res.Customers != N || res.Best.B != B {
				t.Fatalf("N=%d B=%d, want %d %d", res.Customers, res.Best.B, N, B)
			}
			var s *Stat
			for c := range res.Conditions() {
				if c.Display == "group = A" {
					s = c
				}
			}
			if s == nil {
				t.Fatal("condition group = A not tested")
			}
			if s.N != n || s.B != b {
				t.Errorf("counts n=%d b=%d, want %d %d", s.N, s.B, n, b)
			}
			wantLift := (float64(b) / float64(n)) / (float64(B) / float64(N))
			lo, hi := wilsonByFormula(b, n)
			base := float64(B) / float64(N)
			wantP := fisherUpperExact(b, n, B, N)
			check := func(what string, got, want, tol float64) {
				if math.Abs(got-want) > tol*math.Max(1, math.Abs(want)) && !(want != 0 && math.Abs(got/want-1) < tol) {
					t.Errorf("%s = %.12g, want %.12g (%s)", what, got, want, tc.source)
				}
			}
			check("lift", s.Lift, wantLift, 1e-12)
			check("lift_low", s.LiftLow, lo/base, 1e-9)
			check("lift_high", s.LiftHigh, hi/base, 1e-9)
			check("best share", s.BestShare, float64(b)/float64(B), 1e-12)
			check("all share", s.AllShare, float64(n)/float64(N), 1e-12)
			check("fisher p", s.PUp, wantP, 1e-9)
		})
	}
}
