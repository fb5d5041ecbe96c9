package synth

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Config selects what Write generates. The zero value (plus Rows) is a clean export
// with the quarter-1 planted effects and no noise attributes.
type Config struct {
	// Rows is the number of customer rows (not counting the header).
	Rows int
	// Seed seeds the PCG random source; the same Config gives byte-identical output.
	Seed uint64
	// Null plants no effect at all: outcomes are independent of every attribute.
	Null bool
	// Messy writes the data like a real CRM export: varied spellings and number
	// formats, missing values written as "", "N/A", "-" or "null", rare typos.
	Messy bool
	// NoiseAttrs adds that many attributes without effect, alternating categorical
	// and numeric: noise_cat_1, noise_num_2, noise_cat_3, ...
	NoiseAttrs int
	// Shift selects the planting: 0 is quarter 1, 1 is the "next quarter" variant
	// (employee band [500, 5000), healthcare joins the industry criterion, the
	// bootstrapped disqualifier disappears). Only ShapeAdditive has a shift 1.
	Shift int
	// Shape selects how the attributes drive the latent fit score: ShapeAdditive
	// (the zero value), ShapeInteraction or ShapeProxy. See the package doc.
	Shape Shape
	// HighCardNoise adds two categorical attributes without effect, after
	// signup_date (and sales_segment): country (40 values, ten per region, drawn
	// within the row's region) and account_owner (14 values, drawn independently).
	HighCardNoise bool
}

// Shape is the form of the planted effects: how the latent fit score that drives
// the outcomes depends on the attributes.
type Shape int

const (
	// ShapeAdditive sums three criteria and two disqualifiers (the quarter-1 /
	// next-quarter planting; see the package doc).
	ShapeAdditive Shape = iota
	// ShapeInteraction plants one three-way segment (industry in {retail,
	// manufacturing, logistics} AND 300 ≤ employees < 2500 AND tech_stack has
	// HubSpot) whose parts have no effect on their own, plus two negative traits
	// (business_model b2c, funding_stage bootstrapped).
	ShapeInteraction
	// ShapeProxy plants one driver (300 ≤ employees < 2500) and the two negative
	// traits, and adds a column sales_segment that follows employees closely but
	// has no effect of its own given the driver (a confounded proxy, like
	// annual_revenue).
	ShapeProxy
)

// String returns the shape's name as ParseShape reads it: "additive",
// "interaction" or "proxy".
func (s Shape) String() string {
	switch s {
	case ShapeAdditive:
		return "additive"
	case ShapeInteraction:
		return "interaction"
	case ShapeProxy:
		return "proxy"
	}
	return "Shape(" + strconv.Itoa(int(s)) + ")"
}

// ParseShape returns the Shape named name ("additive", "interaction" or "proxy").
func ParseShape(name string) (Shape, error) {
	for _, s := range []Shape{ShapeAdditive, ShapeInteraction, ShapeProxy} {
		if name == s.String() {
			return s, nil
		}
	}
	return 0, fmt.Errorf("synth: unknown shape %q (want additive, interaction or proxy)", name)
}

// Effect is one planted attribute condition.
type Effect struct {
	// Attribute is the column name, e.g. "industry".
	Attribute string
	// Op is "in" (categorical value in Values), "range" (Min <= x < Max) or "has"
	// (multi-valued column contains one of Values).
	Op string
	// Values are the matching values, folded to lower case (ops "in" and "has").
	Values []string
	// Min (inclusive) and Max (exclusive) bound op "range"; ±Inf when open. Both
	// are 0 for the other ops.
	Min, Max float64
}

// Planted is the truth behind a generated export.
type Planted struct {
	// Criteria are conditions that raise the latent fit score (over-represented
	// among the best customers).
	Criteria []Effect
	// Disqualifiers are conditions that lower it (under-represented among the best
	// customers and churn-heavy).
	Disqualifiers []Effect
	// Noise lists attribute columns with no effect at all, not even through a
	// correlated column. annual_revenue is never in it: it has no effect of its own
	// but follows employees (see Proxies).
	Noise []string

	// Segment lists the conditions whose conjunction (AND) is the planted sweet
	// spot: under ShapeInteraction the interaction's three parts (none of which has
	// an effect on its own), under ShapeProxy the driver alone; nil under
	// ShapeAdditive and Null. InSegment marks the rows that satisfy it.
	Segment []Effect
	// NegativeTraits are the conditions that lower the latent fit score wherever
	// they occur, in the segment too. They are the same conditions as
	// Disqualifiers, listed again under the name used with Segment.
	NegativeTraits []Effect
	// Proxies are attribute columns without effect of their own that are strongly
	// correlated with a planted condition (annual_revenue follows employees in every
	// shape; sales_segment under ShapeProxy). ProxyOf maps each to the planted
	// condition it stands in for.
	Proxies []string
	ProxyOf map[string]Effect
}

// ReferenceDate is the "today" of every export: signup dates lie within the three
// years before it. It is fixed so that output does not depend on the clock.
var ReferenceDate = time.Date(2025, time.December, 31, 0, 0, 0, 0, time.UTC)

// Attribute and outcome column names.
var (
	baseColumns = []string{
		"customer_id", "company_name", "industry", "employees", "annual_revenue",
		"region", "funding_stage", "business_model", "tech_stack", "lead_source",
		"signup_date",
	}
	outcomeColumns = []string{"ltv", "sales_cycle_days", "churned", "nps"}
)

// Columns returns the header Write produces for cfg: the base attributes, then
// sales_segment (ShapeProxy), country and account_owner (HighCardNoise), the noise
// attributes and the outcomes.
func Columns(cfg Config) []string {
	cols := append([]string(nil), baseColumns...)
	cols = append(cols, extraColumns(cfg)...)
	cols = append(cols, noiseNames(cfg.NoiseAttrs)...)
	return append(cols, outcomeColumns...)
}

// extraColumns are the shape's and HighCardNoise's attribute columns.
func extraColumns(cfg Config) []string {
	var cols []string
	if cfg.Shape == ShapeProxy {
		cols = append(cols, "sales_segment")
	}
	if cfg.HighCardNoise {
		cols = append(cols, highCardColumns...)
	}
	return cols
}

var highCardColumns = []string{"country", "account_owner"}

func noiseNames(n int) []string {
	names := make([]string, 0, max(n, 0))
	for i := 1; i <= n; i++ {
		if i%2 == 1 {
			names = append(names, "noise_cat_"+strconv.Itoa(i))
		} else {
			names = append(names, "noise_num_"+strconv.Itoa(i))
		}
	}
	return names
}

// Planted effect definitions.
type planting struct {
	industries     [len(industries)]bool // criterion: industry in set
	empMin, empMax int                   // criterion: empMin <= employees < empMax
	bootstrapped   bool                  // disqualifier present
}

func plantingFor(cfg Config) planting {
	var p planting
	p.industries[indSaaS] = true
	p.industries[indFintech] = true
	p.empMin, p.empMax = 200, 2000
	p.bootstrapped = true
	if cfg.Shift == 1 {
		p.industries[indHealthcare] = true
		p.empMin, p.empMax = 500, 5000
		p.bootstrapped = false
	}
	return p
}

// Coefficients of the latent fit score z.
const (
	coefIndustry  = 1.1
	coefEmployees = 1.1
	coefSnowflake = 1.0
	coefB2C       = -1.2
	coefBootstrap = -1.0
	// Under Null, z is Gaussian with about the mean and spread it has otherwise,
	// so that outcome distributions look alike.
	nullMean = 0.3
	nullSD   = 1.35
)

// The interaction and proxy shapes (see the package doc). Their latent score has an
// intercept chosen so that its mean is about that of the additive shape's (0.4),
// which keeps the outcome distributions alike across shapes; it does not change
// any ranking.
const (
	segEmpMin, segEmpMax = 300, 2500 // interaction part and proxy driver: employees band

	coefSegment    = 2.5  // ShapeInteraction: all three parts together
	coefDriver     = 1.5  // ShapeProxy: the employees band
	coefNegB2C     = -1.2 // both shapes: business_model b2c
	coefNegBoot    = -1.0 // both shapes: funding_stage bootstrapped
	interIntercept = 0.72
	proxyIntercept = 0.39

	// sales_segment (ShapeProxy) is the row's head-count band (SMB below 300,
	// Mid-Market [300, 2500), Enterprise from 2500) with probability
	// proxyAgreement, otherwise one of the two other bands, equally likely.
	proxyAgreement = 0.85

	// Under Null, the interaction and proxy shapes' z is N(nullMean, shapeNullSD²)
	// (about their spread otherwise).
	interNullSD = 1.2
	proxyNullSD = 1.35
)

// interIndustry reports whether industry i is in the interaction's industry part.
func interIndustry(i int) bool {
	return i == indRetail || i == indManufacturing || i == indLogistics
}

// Truth returns the effects planted in the export Write produces for cfg.
func Truth(cfg Config) Planted {
	noise := noiseNames(cfg.NoiseAttrs)
	if cfg.HighCardNoise {
		noise = append(append([]string(nil), highCardColumns...), noise...)
	}
	if cfg.Null {
		all := append([]string(nil), baseColumns[2:]...)
		if cfg.Shape == ShapeProxy {
			all = append(all, "sales_segment")
		}
		return Planted{Noise: append(all, noise...)}
	}
	switch cfg.Shape {
	case ShapeInteraction, ShapeProxy:
		return truthShaped(cfg, noise)
	}
	p := plantingFor(cfg)
	var inds []string
	for i, on := range p.industries {
		if on {
			inds = append(inds, industries[i].key)
		}
	}
	pl := Planted{
		Criteria: []Effect{
			{Attribute: "industry", Op: "in", Values: inds},
			{Attribute: "employees", Op: "range", Min: float64(p.empMin), Max: float64(p.empMax)},
			{Attribute: "tech_stack", Op: "has", Values: []string{"snowflake"}},
		},
		Disqualifiers: []Effect{
			{Attribute: "business_model", Op: "in", Values: []string{"b2c"}},
		},
		Noise: append([]string{"region", "lead_source", "signup_date"}, noise...),
	}
	if p.bootstrapped {
		pl.Disqualifiers = append(pl.Disqualifiers,
			Effect{Attribute: "funding_stage", Op: "in", Values: []string{"bootstrapped"}})
	}
	pl.NegativeTraits = append([]Effect(nil), pl.Disqualifiers...)
	pl.Proxies = []string{"annual_revenue"}
	pl.ProxyOf = map[string]Effect{"annual_revenue": pl.Criteria[1]}
	return pl
}

// truthShaped is Truth for ShapeInteraction and ShapeProxy without Null.
func truthShaped(cfg Config, noise []string) Planted {
	band := Effect{Attribute: "employees", Op: "range", Min: segEmpMin, Max: segEmpMax}
	negatives := func() []Effect {
		return []Effect{
			{Attribute: "business_model", Op: "in", Values: []string{"b2c"}},
			{Attribute: "funding_stage", Op: "in", Values: []string{"bootstrapped"}},
		}
	}
	pl := Planted{
		Disqualifiers:  negatives(),
		NegativeTraits: negatives(),
		Proxies:        []string{"annual_revenue"},
		ProxyOf:        map[string]Effect{"annual_revenue": band},
	}
	if cfg.Shape == ShapeInteraction {
		var inds []string
		for i := range industries {
			if interIndustry(i) {
				inds = append(inds, industries[i].key)
			}
		}
		pl.Segment = []Effect{
			{Attribute: "industry", Op: "in", Values: inds},
			band,
			{Attribute: "tech_stack", Op: "has", Values: []string{"hubspot"}},
		}
		pl.Noise = append([]string{"region", "lead_source", "signup_date"}, noise...)
		return pl
	}
	pl.Criteria = []Effect{band}
	pl.Segment = []Effect{band}
	pl.Proxies = append(pl.Proxies, "sales_segment")
	pl.ProxyOf["sales_segment"] = band
	pl.Noise = append([]string{"industry", "region", "tech_stack", "lead_source", "signup_date"}, noise...)
	return pl
}

// InSegment reports, for each row Write(cfg) produces (in file order), whether
// the row is in the planted segment: whether its true attribute values (before any
// messy blanking or respelling) satisfy every condition of Truth(cfg).Segment. It
// is all false when Segment is empty (ShapeAdditive, Null). Null changes only the
// outcome columns, so InSegment of the same Config without Null marks the rows a
// Null export would have had in the segment. It regenerates the export without
// writing it.
func InSegment(cfg Config) ([]bool, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	in := make([]bool, cfg.Rows)
	if len(Truth(cfg).Segment) == 0 {
		return in, nil
	}
	g := newGen(cfg)
	var b []byte
	for i := range in {
		b = g.row(b[:0], i+1)
		in[i] = g.fit.inSegment
	}
	return in, nil
}

// Write writes a CSV export (header plus cfg.Rows rows) to w.
func Write(w io.Writer, cfg Config) error {
	if err := cfg.check(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	g := newGen(cfg)
	b := make([]byte, 0, 1024)
	for i, c := range Columns(cfg) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSV(b, c)
	}
	b = append(b, '\n')
	if _, err := bw.Write(b); err != nil {
		return err
	}
	for i := 1; i <= cfg.Rows; i++ {
		b = g.row(b[:0], i)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// check reports a Config that Write cannot generate.
func (cfg Config) check() error {
	if cfg.Rows < 0 {
		return fmt.Errorf("synth: rows must be >= 0, got %d", cfg.Rows)
	}
	if cfg.NoiseAttrs < 0 {
		return fmt.Errorf("synth: noise attributes must be >= 0, got %d", cfg.NoiseAttrs)
	}
	if cfg.Shift != 0 && cfg.Shift != 1 {
		return fmt.Errorf("synth: shift must be 0 or 1, got %d", cfg.Shift)
	}
	switch cfg.Shape {
	case ShapeAdditive:
	case ShapeInteraction, ShapeProxy:
		if cfg.Shift != 0 {
			return fmt.Errorf("synth: shift 1 exists for the additive shape only, not %v", cfg.Shape)
		}
	default:
		return fmt.Errorf("synth: unknown shape %d", int(cfg.Shape))
	}
	return nil
}

// appendCSV appends s as one CSV field, quoted when it contains a comma, a quote,
// a line break or leading/trailing spaces.
func appendCSV(b []byte, s string) []byte {
	need := len(s) > 0 && (s[0] == ' ' || s[len(s)-1] == ' ')
	if !need {
		for i := 0; i < len(s); i++ {
			if c := s[i]; c == ',' || c == '"' || c == '\n' || c == '\r' {
				need = true
				break
			}
		}
	}
	if !need {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// gen holds the random source and per-export tables.
type gen struct {
	cfg     Config
	rng     *rand.Rand
	plant   planting
	noise   []noiseCol
	scratch []byte
	// fit is the latent fit of the customer row last generated (read by WriteDeals).
	fit fit
}

func newGen(cfg Config) *gen {
	g := &gen{
		cfg:   cfg,
		rng:   rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		plant: plantingFor(cfg),
	}
	for i := 1; i <= cfg.NoiseAttrs; i++ {
		g.noise = append(g.noise, makeNoiseCol(i))
	}
	return g
}

func (g *gen) chance(p float64) bool { return g.rng.Float64() < p }

// missing reports whether a messy attribute cell is blank (about 4% of cells).
func (g *gen) missing() bool { return g.cfg.Messy && g.rng.Float64() < 0.04 }

var missingTokens = [...]string{"", "", "", "", "N/A", "N/A", "-", "null"}

func (g *gen) appendMissing(b []byte) []byte {
	return append(b, missingTokens[g.rng.IntN(len(missingTokens))]...)
}

func (g *gen) row(b []byte, id int) []byte {
	r := g.rng
	messy := g.cfg.Messy

	// customer_id, company_name
	b = append(b, "CUST-"...)
	if d := digits(id); d < 6 {
		b = append(b, "000000"[:6-d]...)
	}
	b = strconv.AppendInt(b, int64(id), 10)
	b = append(b, ',')
	g.scratch = g.companyName(g.scratch[:0])
	b = appendCSV(b, string(g.scratch))

	// industry
	ind := pick(r, industryCum[:])
	b = append(b, ',')
	switch {
	case g.missing():
		b = g.appendMissing(b)
	case messy && g.chance(0.002):
		b = appendCSV(b, industries[ind].typo)
	case messy && g.chance(0.25):
		v := industries[ind].variants
		b = appendCSV(b, v[r.IntN(len(v))])
	default:
		b = append(b, industries[ind].display...)
	}

	// employees: log-normal, median about 150, truncated to [1, 50000]
	var emp int
	for {
		e := 150 * math.Exp(2.6*r.NormFloat64())
		if e >= 0.5 && e < 50000.5 {
			emp = int(math.Round(e))
			break
		}
	}
	b = append(b, ',')
	switch {
	case g.missing():
		b = g.appendMissing(b)
	case messy && emp >= 1000 && g.chance(0.3):
		b = append(b, '"')
		b = appendThousands(b, int64(emp))
		b = append(b, '"')
	default:
		b = strconv.AppendInt(b, int64(emp), 10)
	}

	// annual_revenue: about employees × $150k, log-normal noise, 3 significant digits
	rev := roundSig(float64(emp)*150000*math.Exp(0.5*r.NormFloat64()), 3)
	b = append(b, ',')
	if g.missing() {
		b = g.appendMissing(b)
	} else {
		b = g.appendRevenue(b, rev)
	}

	// region, funding_stage, business_model
	reg := pick(r, regionCum[:])
	b = append(b, ',')
	if g.missing() {
		b = g.appendMissing(b)
	} else {
		b = append(b, regions[reg].display...)
	}
	fund := pick(r, fundingCum[:])
	b = append(b, ',')
	b = g.appendLevel(b, fundings[fund])
	bm := pick(r, modelCum[:])
	b = append(b, ',')
	b = g.appendLevel(b, models[bm])

	// tech_stack: independent tools, at most 4, in canonical order
	var mask uint16
	n := 0
	for t := range tools {
		if r.Float64() < tools[t].p {
			mask |= 1 << t
			n++
		}
	}
	for n > 4 {
		t := r.IntN(len(tools))
		if mask&(1<<t) != 0 {
			mask &^= 1 << t
			n--
		}
	}
	b = append(b, ',')
	if g.missing() {
		b = g.appendMissing(b)
	} else {
		lower := messy && g.chance(0.05)
		first := true
		for t := range tools {
			if mask&(1<<t) == 0 {
				continue
			}
			if !first {
				b = append(b, "; "...)
			}
			first = false
			if lower {
				b = append(b, tools[t].key...)
			} else {
				b = append(b, tools[t].display...)
			}
		}
	}

	// lead_source, signup_date
	ls := pick(r, leadCum[:])
	b = append(b, ',')
	b = g.appendLevel(b, leads[ls])
	day := r.IntN(len(dateTable))
	b = append(b, ',')
	if g.missing() {
		b = g.appendMissing(b)
	} else {
		b = append(b, dateTable[day]...)
	}

	// sales_segment (ShapeProxy): the head-count band, usually
	if g.cfg.Shape == ShapeProxy {
		band := segmentBand(emp)
		if u := r.Float64(); u >= proxyAgreement {
			band = (band + 1 + int((u-proxyAgreement)*2/(1-proxyAgreement))) % 3
		}
		b = append(b, ',')
		b = g.appendLevel(b, salesSegments[band])
	}

	// country (within the region), account_owner
	if g.cfg.HighCardNoise {
		c := pick(r, countryCum[:])
		b = append(b, ',')
		if g.missing() {
			b = g.appendMissing(b)
		} else {
			b = appendCSV(b, countries[reg][c])
		}
		o := r.IntN(len(accountOwners))
		b = append(b, ',')
		if g.missing() {
			b = g.appendMissing(b)
		} else {
			b = appendCSV(b, accountOwners[o])
		}
	}

	// noise attributes
	for i := range g.noise {
		b = append(b, ',')
		b = g.noise[i].appendValue(b, g)
	}

	// latent fit score
	var z float64
	g.fit = fit{}
	switch {
	case g.cfg.Null:
		sd := nullSD
		switch g.cfg.Shape {
		case ShapeInteraction:
			sd = interNullSD
		case ShapeProxy:
			sd = proxyNullSD
		}
		z = nullMean + sd*r.NormFloat64()
	case g.cfg.Shape != ShapeAdditive:
		band := emp >= segEmpMin && emp < segEmpMax
		intercept := proxyIntercept
		if g.cfg.Shape == ShapeInteraction {
			intercept = interIntercept
			if interIndustry(ind) && band && mask&(1<<toolHubSpot) != 0 {
				z += coefSegment
				g.fit.criteria++
				g.fit.inSegment = true
			}
		} else if band {
			z += coefDriver
			g.fit.criteria++
			g.fit.inSegment = true
		}
		if bm == modelB2C {
			z += coefNegB2C
			g.fit.disqualifiers++
		}
		if fund == fundBootstrapped {
			z += coefNegBoot
			g.fit.disqualifiers++
		}
		g.fit.planted = z
		z += intercept + r.NormFloat64()
	default:
		p := &g.plant
		if p.industries[ind] {
			z += coefIndustry
			g.fit.criteria++
		}
		if emp >= p.empMin && emp < p.empMax {
			z += coefEmployees
			g.fit.criteria++
		}
		if mask&(1<<toolSnowflake) != 0 {
			z += coefSnowflake
			g.fit.criteria++
		}
		if bm == modelB2C {
			z += coefB2C
			g.fit.disqualifiers++
		}
		if p.bootstrapped && fund == fundBootstrapped {
			z += coefBootstrap
			g.fit.disqualifiers++
		}
		g.fit.planted = z
		z += r.NormFloat64()
	}
	g.fit.z, g.fit.employees = z, emp

	// ltv
	ltv := math.Round(math.Exp(9.5+0.6*z+0.6*r.NormFloat64())*100) / 100
	b = append(b, ',')
	if messy && g.chance(0.1) {
		cents := int64(math.Round(ltv * 100))
		b = append(b, `"$`...)
		b = appendThousands(b, cents/100)
		b = append(b, '.', byte('0'+cents%100/10), byte('0'+cents%10), '"')
	} else {
		b = strconv.AppendFloat(b, ltv, 'f', 2, 64)
	}

	// sales_cycle_days: shorter for high z
	cycle := math.Round(math.Exp(math.Log(55) - 0.45*z + 0.35*r.NormFloat64()))
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(min(max(cycle, 5), 400)), 10)

	// churned: logistic(-1 - 0.9 z)
	churn := r.Float64() < 1/(1+math.Exp(1.0+0.9*z))
	b = append(b, ',')
	switch {
	case churn && messy && g.chance(0.1):
		b = append(b, "Yes"...)
	case churn:
		b = append(b, "yes"...)
	case messy && g.chance(0.1):
		b = append(b, "No"...)
	default:
		b = append(b, "no"...)
	}

	// nps: 0-10 survey score, increasing with z, about 15% unanswered
	nps := math.Round(7.2 + 1.1*(z-nullMean) + 1.5*r.NormFloat64())
	b = append(b, ',')
	if r.Float64() < 0.15 {
		if messy {
			b = g.appendMissing(b)
		}
	} else {
		b = strconv.AppendInt(b, int64(min(max(nps, 0), 10)), 10)
	}
	return append(b, '\n')
}

// segmentBand is the sales_segment band of a head count: 0 (SMB) below segEmpMin,
// 1 (Mid-Market) in [segEmpMin, segEmpMax), 2 (Enterprise) from segEmpMax.
func segmentBand(emp int) int {
	switch {
	case emp < segEmpMin:
		return 0
	case emp < segEmpMax:
		return 1
	}
	return 2
}

// appendLevel appends a categorical value: missing, a messy spelling, or its
// display spelling.
func (g *gen) appendLevel(b []byte, l level) []byte {
	switch {
	case g.missing():
		return g.appendMissing(b)
	case g.cfg.Messy && g.chance(0.1):
		if g.rng.IntN(2) == 0 {
			return append(b, l.key...)
		}
		return appendCSV(b, l.display+" ")
	}
	return append(b, l.display...)
}

// appendRevenue writes a revenue figure, in one of several formats when messy.
func (g *gen) appendRevenue(b []byte, v float64) []byte {
	iv := int64(v)
	if !g.cfg.Messy {
		return strconv.AppendInt(b, iv, 10)
	}
	k := g.rng.IntN(10)
	if v < 1e6 || v >= 1e9 {
		k %= 2 // only the plain formats
	}
	switch k {
	case 0, 1, 2, 3:
		return strconv.AppendInt(b, iv, 10)
	case 4, 5, 6:
		b = append(b, `"$`...)
		b = appendThousands(b, iv)
		return append(b, '"')
	case 7, 8:
		b = append(b, '$')
	}
	b = strconv.AppendFloat(b, v/1e6, 'f', -1, 64)
	return append(b, 'M')
}

func digits(n int) int {
	d := 1
	for n >= 10 {
		n /= 10
		d++
	}
	return d
}

// appendThousands appends n >= 0 with comma thousands separators.
func appendThousands(b []byte, n int64) []byte {
	s := strconv.AppendInt(nil, n, 10)
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

func roundSig(v float64, sig int) float64 {
	if v <= 0 {
		return 0
	}
	e := int(math.Floor(math.Log10(v))) - sig + 1
	if e <= 0 {
		p := math.Pow(10, float64(-e))
		return math.Round(v*p) / p
	}
	q := math.Pow(10, float64(e)) // exact for the magnitudes used here
	return math.Round(v/q) * q
}

// dateTable holds the ISO dates of the three years up to ReferenceDate.
var dateTable = func() []string {
	start := ReferenceDate.AddDate(-3, 0, 1)
	var t []string
	for d := start; !d.After(ReferenceDate); d = d.AddDate(0, 0, 1) {
		t = append(t, d.Format("2006-01-02"))
	}
	return t
}()
