package synth

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

func generateDeals(t testing.TB, cfg Config, perAccount int, seed uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDeals(&buf, cfg, perAccount, seed); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// The committed fixtures are exactly what the generator writes (see testdata/README.md);
// in particular, recording the latent fit for WriteDeals left Write's bytes unchanged.
func TestCommittedFixtures(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 2000, Seed: 7, Messy: true, NoiseAttrs: 4}
	for _, f := range []struct {
		path string
		got  []byte
	}{
		{"../../testdata/sample.csv", generate(t, cfg)},
		{"../../testdata/deals.csv", generateDeals(t, cfg, 3, 7)},
	} {
		want, err := os.ReadFile(f.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(f.got, want) {
			t.Errorf("%s differs from the generator's output; regenerate it with go generate ./cmd/icpgen", f.path)
		}
	}
}

func TestWriteDealsDeterministic(t *testing.T) {
	t.Parallel()
	cfg := Config{Rows: 500, Seed: 42, Messy: true, NoiseAttrs: 2}
	a, b := generateDeals(t, cfg, 3, 9), generateDeals(t, cfg, 3, 9)
	if !bytes.Equal(a, b) {
		t.Fatal("same arguments gave different deals")
	}
	if bytes.Equal(a, generateDeals(t, cfg, 3, 10)) {
		t.Error("different deal seeds gave identical deals")
	}
	cfg.Seed = 43
	if bytes.Equal(a, generateDeals(t, cfg, 3, 9)) {
		t.Error("different customer seeds gave identical deals")
	}
}

func TestWriteDealsShape(t *testing.T) {
	t.Parallel()
	const per = 3
	cfg := Config{Rows: 1500, Seed: 11, Messy: true, NoiseAttrs: 2}
	customers := load(t, cfg)
	deals := parse(t, generateDeals(t, cfg, per, 5))
	if got := strings.Join(DealColumns, ","); got != "opportunity_id,customer_id,deal_stage,amount,create_date,close_date" {
		t.Fatalf("DealColumns = %q", got)
	}
	ids := map[string]bool{}
	for _, r := range customers.rows {
		ids[r[0]] = true
	}
	perCustomer := map[string]int{}
	stages := map[string]int{}
	for i, r := range deals.rows {
		if want := "OPP-" + pad6(i+1); r[deals.col["opportunity_id"]] != want {
			t.Fatalf("row %d: opportunity_id %q, want %q", i+1, r[0], want)
		}
		cust := r[deals.col["customer_id"]]
		if !ids[cust] {
			t.Fatalf("row %d: customer %q is not in the customers export", i+1, cust)
		}
		perCustomer[cust]++
		stage := r[deals.col["deal_stage"]]
		stages[stage]++
		amount, err := strconv.Atoi(r[deals.col["amount"]])
		if err != nil || amount < 1000 || amount%100 != 0 {
			t.Fatalf("row %d: amount %q", i+1, r[deals.col["amount"]])
		}
		created, err := time.Parse(time.DateOnly, r[deals.col["create_date"]])
		if err != nil || created.After(ReferenceDate) || created.Before(ReferenceDate.AddDate(-3, 0, 0)) {
			t.Fatalf("row %d: create_date %q", i+1, r[deals.col["create_date"]])
		}
		closeCell := r[deals.col["close_date"]]
		switch stage {
		case StageWon, StageLost:
			closed, err := time.Parse(time.DateOnly, closeCell)
			if err != nil || closed.After(ReferenceDate) {
				t.Fatalf("row %d: close_date %q", i+1, closeCell)
			}
			if d := closed.Sub(created).Hours() / 24; d < 10 || d > 200 {
				t.Fatalf("row %d: cycle %v days, want 10–200", i+1, d)
			}
		case StageNegotiation, StageProposal:
			if closeCell != "" {
				t.Fatalf("row %d: open deal with close_date %q", i+1, closeCell)
			}
			if ReferenceDate.Sub(created).Hours()/24 > 200 {
				t.Fatalf("row %d: open deal created %s, more than 200 days ago", i+1, created.Format(time.DateOnly))
			}
		default:
			t.Fatalf("row %d: stage %q", i+1, stage)
		}
	}
	if len(perCustomer) != len(ids) {
		t.Errorf("%d of %d customers have deals, want all", len(perCustomer), len(ids))
	}
	for c, n := range perCustomer {
		if n < 1 || n > 2*per-1 {
			t.Errorf("%s has %d deals, want 1–%d", c, n, 2*per-1)
		}
	}
	n := float64(len(deals.rows))
	if mean := n / float64(len(ids)); mean < per-0.15 || mean > per+0.15 {
		t.Errorf("%.2f deals per customer, want about %d", mean, per)
	}
	if open := float64(stages[StageNegotiation]+stages[StageProposal]) / n; open < 0.10 || open > 0.15 {
		t.Errorf("open share %.3f, want 10–15%%", open)
	}
	if stages[StageNegotiation] == 0 || stages[StageProposal] == 0 {
		t.Errorf("stages %v: want both open stages", stages)
	}
	if got := parse(t, generateDeals(t, Config{Rows: 4, Seed: 1}, 1, 1)); len(got.rows) != 4 {
		t.Errorf("perAccount 1: %d deals for 4 customers, want 4", len(got.rows))
	}
	if got := generateDeals(t, Config{}, 3, 1); string(got) != strings.Join(DealColumns, ",")+"\n" {
		t.Errorf("no customers: %q, want the header only", got)
	}
}

func pad6(n int) string {
	s := strconv.Itoa(n)
	if len(s) < 6 {
		s = strings.Repeat("0", 6-len(s)) + s
	}
	return s
}

// closedByFit counts won and closed deals by the planted criteria (0–3) each deal's
// customer matches, reading the customers' attributes from the export; indexes 4–7
// hold customers with a planted disqualifier (and 0–3 criteria). Customers with a
// missing cell are skipped.
func closedByFit(t *testing.T, cfg Config, seed uint64) (won, closed [8]int) {
	t.Helper()
	customers := load(t, cfg)
	truth := Truth(Config{Rows: cfg.Rows, Seed: cfg.Seed, NoiseAttrs: cfg.NoiseAttrs, Shift: cfg.Shift}) // the planting even under Null
	group := map[string]int{}
rows:
	for _, r := range customers.rows {
		g := 0
		for _, e := range truth.Criteria {
			m, known := customers.matches(r, e)
			if !known {
				continue rows
			}
			if m {
				g++
			}
		}
		for _, e := range truth.Disqualifiers {
			m, known := customers.matches(r, e)
			if !known {
				continue rows
			}
			if m && g < 4 {
				g += 4
			}
		}
		group[r[0]] = g
	}
	deals := parse(t, generateDeals(t, cfg, 3, seed))
	for _, r := range deals.rows {
		g, ok := group[r[1]]
		if !ok {
			continue
		}
		switch r[2] {
		case StageWon:
			won[g]++
			closed[g]++
		case StageLost:
			closed[g]++
		}
	}
	return won, closed
}

func TestWriteDealsWinRateFollowsFit(t *testing.T) {
	t.Parallel()
	won, closed := closedByFit(t, Config{Rows: 4000, Seed: 21, NoiseAttrs: 2}, 3)
	var rate [8]float64
	for g := range rate {
		rate[g] = float64(won[g]) / float64(closed[g])
	}
	t.Logf("win rate by criteria matched 0..3: %.3f; with a disqualifier: %.3f", rate[:4], rate[4:])
	for g := 1; g < 4; g++ {
		if rate[g] < rate[g-1]+0.08 {
			t.Errorf("win rate with %d criteria %.2f, with %d %.2f: want a clear rise", g, rate[g], g-1, rate[g-1])
		}
	}
	for g := range 3 {
		if closed[g+4] < 100 {
			t.Fatalf("disqualified with %d criteria: only %d closed deals", g, closed[g+4])
		}
		if rate[g+4] > rate[g]-0.08 {
			t.Errorf("%d criteria: win rate with a disqualifier %.2f, without %.2f: want clearly lower", g, rate[g+4], rate[g])
		}
	}
}

func TestWriteDealsNullHasNoSignal(t *testing.T) {
	t.Parallel()
	won, closed := closedByFit(t, Config{Rows: 4000, Seed: 21, NoiseAttrs: 2, Null: true}, 3)
	var all, allClosed int
	for g := range won {
		all += won[g]
		allClosed += closed[g]
	}
	overall := float64(all) / float64(allClosed)
	checked := 0
	for g := range won {
		if closed[g] < 200 {
			continue // too few to read
		}
		checked++
		if r := float64(won[g]) / float64(closed[g]); r < overall-0.06 || r > overall+0.06 {
			t.Errorf("Null: group %d win rate %.3f, overall %.3f", g, r, overall)
		}
	}
	if checked < 5 {
		t.Errorf("only %d groups with 200+ closed deals", checked)
	}
}

func TestWriteDealsRejectsBadArguments(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		cfg Config
		per int
	}{{Config{Rows: 5}, 0}, {Config{Rows: -1}, 3}, {Config{Rows: 1, Shift: 2}, 3}} {
		if err := WriteDeals(io.Discard, c.cfg, c.per, 1); err == nil {
			t.Errorf("WriteDeals(%+v, %d) = nil error", c.cfg, c.per)
		}
	}
}

func BenchmarkWriteDeals(b *testing.B) {
	cfg := Config{Rows: 2000, Seed: 7, Messy: true, NoiseAttrs: 4}
	for b.Loop() {
		if err := WriteDeals(io.Discard, cfg, 3, 7); err != nil {
			b.Fatal(err)
		}
	}
}
