package crm

import (
	"math"

	"github.com/icp-dev/icp/analysis/stats"
)

// Names of the columns Join adds. LTV, Cycle and Churned are the names
// analysis.DetectRoles recognises as outcomes. WinRate, DealsWon and DealsClosed are
// derived from the same deals as the outcomes, so they must never be used as
// attributes: analysis' leakage guard excludes them by name (header keys containing
// "winrate", "dealswon", "dealsclosed").
const (
	ColLTV         = "ltv"
	ColCycle       = "sales_cycle_days"
	ColChurned     = "churned"
	ColWinRate     = "win_rate"
	ColDealsWon    = "deals_won"
	ColDealsClosed = "deals_closed"
)

// DerivedColumns returns the names of every column Join may add, outcomes first.
func DerivedColumns() []string {
	return []string{ColLTV, ColCycle, ColChurned, ColWinRate, ColDealsWon, ColDealsClosed}
}

// monthDays is the mean length of a Gregorian month in days.
const monthDays = 365.2425 / 12

// Outcome is what the deals of one account say. Numbers are NaN when unknown.
type Outcome struct {
	Won, Lost, Open int // deals (subscriptions: Open = active, Lost = ended)

	// LTV: opportunities, the sum of won amounts (0 when every closed deal was lost; NaN
	// without closed deals or when no won deal has an amount); subscriptions, the sum
	// over subscriptions of MRR × months active, up to the end date or, while active, to
	// the latest date in the file (NaN when no subscription has a start and an amount).
	LTV float64
	// CycleDays is the median days from created to closed of won deals closed on or
	// after the day they were created (opportunities only).
	CycleDays float64
	// WinRate is Won / (Won + Lost) (opportunities only; NaN without closed deals).
	WinRate float64
	// Churned is 1 when every subscription of the account has ended, 0 when one is
	// active (subscriptions with an end date column only; NaN otherwise).
	Churned float64
}

// Rollup derives per-account outcomes from deals of the given kind, keyed by
// Deal.Account as written; deals without an account are left out. Open deals count in
// Open and in nothing else. For subscriptions, active ones run until the latest start
// or end date among the deals.
func Rollup(deals []Deal, kind Kind) map[string]*Outcome {
	groups := map[string][]Deal{}
	for _, d := range deals {
		if d.Account != "" {
			groups[d.Account] = append(groups[d.Account], d)
		}
	}
	asOf := latest(deals)
	out := make(map[string]*Outcome, len(groups))
	for k, ds := range groups {
		o := rollupOne(ds, kind, asOf)
		out[k] = &o
	}
	return out
}

// latest returns the latest Created or Closed date among deals (NaN when none).
func latest(deals []Deal) float64 {
	m := math.NaN()
	for _, d := range deals {
		for _, x := range []float64{d.Created, d.Closed} {
			if x == x && !(x <= m) {
				m = x
			}
		}
	}
	return m
}

func rollupOne(ds []Deal, kind Kind, asOf float64) Outcome {
	o := Outcome{LTV: math.NaN(), CycleDays: math.NaN(), WinRate: math.NaN(), Churned: math.NaN()}
	if kind == Subscriptions {
		hasEnd := true
		sum, known := 0.0, false
		for _, d := range ds {
			if d.Source != nil && !d.Source.HasEnd {
				hasEnd = false
			}
			if d.Status == Open {
				o.Open++
			} else {
				o.Lost++
			}
			end := d.Closed
			if end != end {
				end = asOf
			}
			if d.Amount == d.Amount && d.Created == d.Created && end == end && end >= d.Created {
				sum += d.Amount * (end - d.Created) / monthDays
				known = true
			}
		}
		if known {
			o.LTV = sum
		}
		if hasEnd {
			o.Churned = 0
			if o.Open == 0 {
				o.Churned = 1
			}
		}
		return o
	}
	sum, amounts := 0.0, 0
	var cycles []float64
	for _, d := range ds {
		switch d.Status {
		case Won:
			o.Won++
			if d.Amount == d.Amount {
				sum += d.Amount
				amounts++
			}
			if cy := d.Closed - d.Created; cy >= 0 { // false for NaN
				cycles = append(cycles, cy)
			}
		case Lost:
			o.Lost++
		default:
			o.Open++
		}
	}
	if closed := o.Won + o.Lost; closed > 0 {
		o.WinRate = float64(o.Won) / float64(closed)
		if o.Won == 0 || amounts > 0 {
			o.LTV = sum
		}
	}
	o.CycleDays = stats.Median(cycles)
	return o
}
