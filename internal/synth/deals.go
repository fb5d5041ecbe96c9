package synth

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// DealColumns is the header WriteDeals writes.
var DealColumns = []string{"opportunity_id", "customer_id", "deal_stage", "amount", "create_date", "close_date"}

// Deal stages WriteDeals writes: closed won, closed lost, and two open stages.
const (
	StageWon         = "Closed Won"
	StageLost        = "Closed Lost"
	StageNegotiation = "Negotiation"
	StageProposal    = "Proposal"
)

// Parameters of the deals. A closed deal is won with probability
// logistic(dealWinBase + dealWinSlope·f), where f is the planted part of the
// customer's latent fit score z (the sum of the coefficients of the planted criteria
// it matches and disqualifiers it has; 0 under Null): about 20% for a customer that
// matches nothing, 40% / 60% / 78% with one / two / three criteria, 10% or less with
// a disqualifier. Under ShapeInteraction and ShapeProxy f is likewise the planted
// part of their z, intercept excluded (2.5 for a segment member without negative
// traits: about 65%).
const (
	dealWinBase  = -1.35
	dealWinSlope = 0.8
	// dealOpenShare is the share of deals still open (created within their cycle
	// before ReferenceDate, no close date).
	dealOpenShare = 0.125
	// Sales cycle: exp(ln 60 − 0.15·f + N(0, 0.55²)) days, clamped to [10, 200].
	dealCycleMedian = 60.0
	dealCycleMin    = 10
	dealCycleMax    = 200
	// Amount: $18,000 × (employees/150)^0.25 × exp(N(0, 0.6²)), to the $100, at
	// least $1,000.
	dealAmountBase = 18000.0
)

// fit is the latent fit of one generated customer.
type fit struct {
	planted       float64 // planted part of z: sum of matched coefficients (0 under Null)
	z             float64 // the whole latent score, noise included
	criteria      int     // planted criteria matched
	disqualifiers int     // planted disqualifiers present
	employees     int     // true head count (before any messy formatting or blanking)
	inSegment     bool    // in Truth's Segment (ShapeInteraction, ShapeProxy; false under Null)
}

// winProb is the probability that a closed deal of a customer with planted fit f is won.
func winProb(f float64) float64 { return 1 / (1 + math.Exp(-(dealWinBase + dealWinSlope*f))) }

// WriteDeals writes a deals (opportunities) export for the customers that Write(cfg)
// produces: header DealColumns, then for each customer CUST-000001, ... in order
// between 1 and 2·perAccount−1 deals (perAccount on average), numbered OPP-000001, ...
//
// About 12.5% of deals are open (stage "Negotiation" or "Proposal", created within
// their cycle before ReferenceDate, close_date blank); the others are "Closed Won" or
// "Closed Lost", created and closed within the three years up to ReferenceDate, with
// a cycle of 10–200 days (shorter for better-fitting customers). The win probability
// rises with the planted criteria the customer matches and falls with the planted
// disqualifiers (see winProb); under cfg.Null it is the same for every customer.
// Amounts are whole dollars, growing slowly with the customer's head count; dates
// are ISO. The file is clean (no messy formatting) whatever cfg.Messy says.
//
// The output is determined by (cfg, perAccount, seed); seed drives the deals only,
// cfg.Seed the customers.
func WriteDeals(w io.Writer, cfg Config, perAccount int, seed uint64) error {
	if err := cfg.check(); err != nil {
		return err
	}
	if perAccount < 1 {
		return fmt.Errorf("synth: deals per account must be >= 1, got %d", perAccount)
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	g := newGen(cfg)
	r := rand.New(rand.NewPCG(seed, seed^0x6a09e667f3bcc909))
	b := make([]byte, 0, 256)
	for i, c := range DealColumns {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, c...)
	}
	b = append(b, '\n')
	if _, err := bw.Write(b); err != nil {
		return err
	}
	var row []byte
	opp := 0
	last := len(dateTable) - 1
	for id := 1; id <= cfg.Rows; id++ {
		row = g.row(row[:0], id) // advances the customer generator; sets g.fit
		f := g.fit
		n := 1 + r.IntN(2*perAccount-1)
		for range n {
			opp++
			open := r.Float64() < dealOpenShare
			won := r.Float64() < winProb(f.planted)
			cycle := int(math.Round(math.Exp(math.Log(dealCycleMedian) - 0.15*f.planted + 0.55*r.NormFloat64())))
			cycle = min(max(cycle, dealCycleMin), dealCycleMax)
			amount := dealAmountBase * math.Pow(float64(f.employees)/150, 0.25) * math.Exp(0.6*r.NormFloat64())
			amount = max(math.Round(amount/100)*100, 1000)
			var stage string
			var created, closed int
			if open {
				stage = StageProposal
				if r.IntN(2) == 0 {
					stage = StageNegotiation
				}
				created, closed = last-r.IntN(cycle), -1
			} else {
				stage = StageLost
				if won {
					stage = StageWon
				}
				created = r.IntN(len(dateTable) - cycle)
				closed = created + cycle
			}

			b = append(b[:0], "OPP-"...)
			b = appendID(b, opp)
			b = append(b, ",CUST-"...)
			b = appendID(b, id)
			b = append(b, ',')
			b = append(b, stage...)
			b = append(b, ',')
			b = strconv.AppendInt(b, int64(amount), 10)
			b = append(b, ',')
			b = append(b, dateTable[created]...)
			b = append(b, ',')
			if closed >= 0 {
				b = append(b, dateTable[closed]...)
			}
			b = append(b, '\n')
			if _, err := bw.Write(b); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}

// appendID appends n zero-padded to at least six digits, as in CUST-000042.
func appendID(b []byte, n int) []byte {
	if d := digits(n); d < 6 {
		b = append(b, "000000"[:6-d]...)
	}
	return strconv.AppendInt(b, int64(n), 10)
}
