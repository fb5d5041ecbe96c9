// Package winrate summarises deals (opportunities) by the fit tier of their account
// under a profile: per tier the deals won, lost and open, the win rate with its Wilson
// interval, the average won amount, the median sales cycle and the share of the
// pipeline, a Cochran–Armitage test that win rates fall from the best tier down, and
// the headline in words.
//
// It never prints and never opens files: the caller scores the accounts and hands
// over one Deal per opportunity.
package winrate

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"

	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/internal/jsonnum"
	"github.com/icp-dev/icp/profile"
)

// Status is where a deal ended up.
type Status int

// Deal statuses.
const (
	Open Status = iota
	Won
	Lost
)

// Deal is one deal (opportunity) as the win-rate report needs it: the fit tier of
// its account under a profile, and its outcome. Tier "" means the account could not be
// scored (not in the accounts file).
type Deal struct {
	Tier      string
	Status    Status
	Amount    float64 // NaN when unknown
	CycleDays float64 // days from creation to close; NaN when unknown or open
}

// Row is one tier's deal outcomes.
type Row struct {
	Tier          string  `json:"tier"`
	Deals         int     `json:"deals"` // all deals, open included
	Won           int     `json:"won"`
	Lost          int     `json:"lost"`
	Open          int     `json:"open"` // excluded from the win rate
	WinRate       float64 `json:"win_rate"`
	WinLow        float64 `json:"win_rate_low"`  // Wilson 95%
	WinHigh       float64 `json:"win_rate_high"` // Wilson 95%
	AvgWon        float64 `json:"avg_won_amount"`
	MedianCycle   float64 `json:"median_cycle_days"`
	PipelineShare float64 `json:"pipeline_share"` // share of all deals' amount (open included)
	WinShare      float64 `json:"win_share"`      // share of all won deals (of the scored accounts); NaN when none was won
	TooFew        bool    `json:"too_few"`        // fewer than MinClosedDeals closed deals
}

// MinClosedDeals is the number of closed deals below which a tier's win rate is
// flagged as too uncertain to read.
const MinClosedDeals = 20

// Summary is the win rate by fit tier.
type Summary struct {
	Rows     []Row   `json:"tiers"`
	Total    Row     `json:"total"`
	Unscored int     `json:"unscored"` // deals whose account could not be scored
	TrendZ   float64 `json:"trend_z"`  // Cochran–Armitage across the ordered tiers
	TrendP   float64 `json:"trend_p"`
	Headline string  `json:"headline"`
	// Capture says how many of the deals and of the wins the best tiers hold, from tier
	// A down to the first tier that brings them to at least CaptureShare of the deals
	// ("" when no deal was won or the deals fall in one tier).
	Capture  string   `json:"capture,omitempty"`
	Warnings []string `json:"warnings"`
}

// CaptureShare is the share of the deals from which Summary.Capture counts the best
// tiers: RevOps teams judge a fit score by how many wins its best-rated 15–35% of
// records hold (a target often quoted: 60% or more).
const CaptureShare = 0.15

// ByTier summarises deals per tier, in the order of tiers (best first; the
// disqualified tier, if listed last, is included in the trend test as the lowest). Open
// deals count towards deals and pipeline share but not the win rate. The trend test is
// Cochran–Armitage over tiers with at least one closed deal, scored from best (k−1) to
// worst (0), so a positive z means win rates fall from the best tier down.
func ByTier(deals []Deal, tiers []string) Summary {
	rows := make([]Row, len(tiers))
	wonAmt := make([][]float64, len(tiers))
	cycles := make([][]float64, len(tiers))
	amount := make([]float64, len(tiers))
	var totalAmt float64
	var wr Summary
	var allCycles, allWon []float64
	for _, d := range deals {
		ti := slices.Index(tiers, d.Tier)
		if ti < 0 {
			wr.Unscored++
			continue
		}
		r := &rows[ti]
		r.Deals++
		if !math.IsNaN(d.Amount) {
			amount[ti] += d.Amount
			totalAmt += d.Amount
		}
		switch d.Status {
		case Won:
			r.Won++
			if !math.IsNaN(d.Amount) {
				wonAmt[ti] = append(wonAmt[ti], d.Amount)
				allWon = append(allWon, d.Amount)
			}
			if !math.IsNaN(d.CycleDays) {
				cycles[ti] = append(cycles[ti], d.CycleDays)
				allCycles = append(allCycles, d.CycleDays)
			}
		case Lost:
			r.Lost++
		default:
			r.Open++
		}
	}
	for i := range rows {
		r := &rows[i]
		r.Tier = tiers[i]
		fill(r, wonAmt[i], cycles[i])
		if totalAmt > 0 {
			r.PipelineShare = amount[i] / totalAmt
		}
		wr.Total.Deals += r.Deals
		wr.Total.Won += r.Won
		wr.Total.Lost += r.Lost
		wr.Total.Open += r.Open
	}
	wr.Total.Tier = "all"
	fill(&wr.Total, allWon, allCycles)
	if totalAmt > 0 {
		wr.Total.PipelineShare = 1
	}
	for i := range rows {
		rows[i].WinShare = math.NaN()
		if wr.Total.Won > 0 {
			rows[i].WinShare = float64(rows[i].Won) / float64(wr.Total.Won)
		}
	}
	wr.Total.WinShare = math.NaN()
	if wr.Total.Won > 0 {
		wr.Total.WinShare = 1
	}
	wr.Rows = rows
	wr.Capture = capture(rows, wr.Total)

	var xs, ns []int
	var scores []float64
	for i, r := range rows {
		if c := r.Won + r.Lost; c > 0 {
			xs = append(xs, r.Won)
			ns = append(ns, c)
			scores = append(scores, float64(len(rows)-1-i))
		}
	}
	wr.TrendZ, wr.TrendP = math.NaN(), math.NaN()
	if len(xs) >= 2 {
		wr.TrendZ, wr.TrendP = stats.CochranArmitage(xs, ns, scores)
	}
	for _, r := range rows {
		if r.TooFew && r.Deals > 0 {
			wr.Warnings = append(wr.Warnings, fmt.Sprintf("tier %s has only %d closed deals: its win rate is too uncertain to read (interval %s–%s)", r.Tier, r.Won+r.Lost, pctText(r.WinLow), pctText(r.WinHigh)))
		}
	}
	if wr.Unscored > 0 {
		wr.Warnings = append(wr.Warnings, fmt.Sprintf("%s deals name no account, or one that could not be scored, and are in no tier", profile.FormatCount(wr.Unscored)))
	}
	wr.Headline = headline(rows, wr.TrendZ, wr.TrendP)
	return wr
}

func fill(r *Row, won, cycles []float64) {
	closed := r.Won + r.Lost
	r.WinRate, r.AvgWon, r.MedianCycle = math.NaN(), math.NaN(), math.NaN()
	if closed > 0 {
		r.WinRate = float64(r.Won) / float64(closed)
	}
	r.WinLow, r.WinHigh = stats.Wilson(r.Won, closed, stats.Z95)
	r.TooFew = closed < MinClosedDeals
	if len(won) > 0 {
		var s float64
		for _, v := range won {
			s += v
		}
		r.AvgWon = s / float64(len(won))
	}
	if len(cycles) > 0 {
		r.MedianCycle = stats.Median(cycles)
	}
}

func pctText(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

// headline says in words how the best readable tier compares with the worst readable
// one, e.g. "Tier A deals win 2.4× as often as tier D: 58% vs 24% (a clear trend
// across the tiers, not chance)".
func headline(rows []Row, z, p float64) string {
	// Compare the best and the worst readable scored tiers (A … D); the disqualified
	// tier, when readable, is mentioned after them.
	first, last, disq := -1, -1, -1
	for i, r := range rows {
		if r.Won+r.Lost < MinClosedDeals {
			continue
		}
		if r.Tier == "disqualified" {
			disq = i
			continue
		}
		if first < 0 {
			first = i
		}
		last = i
	}
	if first < 0 || first == last {
		switch {
		case first >= 0 && disq >= 0:
			last = disq
		case first >= 0 && readable(rows) == 1 && deals(rows) == rows[first].Deals:
			// Every deal sits in one tier: nothing to compare, and not for want of deals.
			return fmt.Sprintf("Every deal falls in tier %s: the profile does not separate accounts, so win rate by fit cannot be compared (a profile without criteria puts every account in one tier).", rows[first].Tier)
		default:
			return "Too few closed deals per tier to compare win rates."
		}
	}
	a, b := rows[first], rows[last]
	bName := "tier " + b.Tier
	if b.Tier == "disqualified" {
		bName = "disqualified accounts"
		disq = -1
	}
	tail := ""
	if disq >= 0 {
		tail = fmt.Sprintf("; disqualified accounts win %s", pctText(rows[disq].WinRate))
	}
	// The trend in words; its z and p are in REPORT.md's notes and the JSON.
	trend := "a clear trend across the tiers, not chance"
	if !(p < 0.05) || !(z > 0) {
		trend = "no clear trend across the tiers"
	}
	if !(p < 0.05) || !(z > 0) {
		return fmt.Sprintf("Win rates do not fall reliably from tier %s to %s: %s vs %s%s (%s); on these deals the profile does not separate winners.", a.Tier, bName, pctText(a.WinRate), pctText(b.WinRate), tail, trend)
	}
	if b.WinRate == 0 {
		return fmt.Sprintf("Tier %s deals win %s of the time, deals of %s never%s (%s).", a.Tier, pctText(a.WinRate), bName, tail, trend)
	}
	return fmt.Sprintf("Tier %s deals win %.1f× as often as %s: %s vs %s%s (%s).", a.Tier, a.WinRate/b.WinRate, bName, pctText(a.WinRate), pctText(b.WinRate), tail, trend)
}

// capture says how many of the deals and of the wins the best tiers hold, from the
// first tier down to the first that brings them to CaptureShare of the deals; "" when
// no deal was won, every deal is in one tier (nothing to compare), or the tiers above
// the disqualified one hold every deal or fewer than CaptureShare of them.
func capture(rows []Row, total Row) string {
	if total.Won == 0 {
		return ""
	}
	for _, r := range rows {
		if r.Deals == total.Deals {
			return "" // every deal in one tier
		}
	}
	d, w, last := 0, 0, -1
	for i, r := range rows {
		if r.Tier == "disqualified" {
			break
		}
		d, w, last = d+r.Deals, w+r.Won, i
		if float64(d) >= CaptureShare*float64(total.Deals) {
			break
		}
	}
	if last < 0 || d == total.Deals || float64(d) < CaptureShare*float64(total.Deals) {
		return "" // the tiers above the disqualified hold every deal, or too few
	}
	tiers := "Tier " + rows[0].Tier + " holds"
	if last > 0 {
		tiers = "Tiers " + rows[0].Tier + "–" + rows[last].Tier + " hold"
	}
	return fmt.Sprintf("%s %s of %s deals (%s) and %s of %s wins (%s).", tiers,
		profile.FormatCount(d), profile.FormatCount(total.Deals), pctText(float64(d)/float64(total.Deals)),
		profile.FormatCount(w), profile.FormatCount(total.Won), pctText(float64(w)/float64(total.Won)))
}

// MarshalJSON writes the row with null for rates, amounts and cycles that have no data.
func (r Row) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Tier          string   `json:"tier"`
		Deals         int      `json:"deals"`
		Won           int      `json:"won"`
		Lost          int      `json:"lost"`
		Open          int      `json:"open"`
		WinRate       *float64 `json:"win_rate"`
		WinLow        *float64 `json:"win_rate_low"`
		WinHigh       *float64 `json:"win_rate_high"`
		AvgWon        *float64 `json:"avg_won_amount"`
		MedianCycle   *float64 `json:"median_cycle_days"`
		PipelineShare float64  `json:"pipeline_share"`
		WinShare      *float64 `json:"win_share"`
		TooFew        bool     `json:"too_few"`
	}{r.Tier, r.Deals, r.Won, r.Lost, r.Open, jsonnum.Nullable(r.WinRate), jsonnum.Nullable(r.WinLow), jsonnum.Nullable(r.WinHigh),
		jsonnum.Nullable(r.AvgWon), jsonnum.Nullable(r.MedianCycle), r.PipelineShare, jsonnum.Nullable(r.WinShare), r.TooFew})
}

// MarshalJSON writes the report with a null trend when it could not be tested.
func (w Summary) MarshalJSON() ([]byte, error) {
	type plain Summary
	return json.Marshal(struct {
		plain
		TrendZ *float64 `json:"trend_z"`
		TrendP *float64 `json:"trend_p"`
	}{plain(w), jsonnum.Nullable(w.TrendZ), jsonnum.Nullable(w.TrendP)})
}

// readable counts the rows with enough closed deals to read a win rate.
func readable(rows []Row) int {
	k := 0
	for _, r := range rows {
		if r.Won+r.Lost >= MinClosedDeals {
			k++
		}
	}
	return k
}

// deals counts the deals of all rows.
func deals(rows []Row) int {
	n := 0
	for _, r := range rows {
		n += r.Deals
	}
	return n
}
