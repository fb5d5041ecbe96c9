package synth

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// level is one value of a categorical attribute.
type level struct {
	key      string   // folded lower-case value, as in Effect.Values
	display  string   // usual spelling in an export
	w        float64  // base rate
	variants []string // messy spellings (industry only)
	typo     string   // rare messy misspelling (industry only)
}

const (
	indSaaS = iota
	indFintech
	indHealthcare
	indRetail
	indManufacturing
	indEducation
	indMedia
	indLogistics
)

var industries = [...]level{
	{key: "saas", display: "SaaS", w: 0.14, variants: []string{"SaaS", "saas ", "SAAS", "Saas"}, typo: "sass"},
	{key: "fintech", display: "FinTech", w: 0.11, variants: []string{"FinTech", "Fintech", "fintech", "FINTECH "}, typo: "fintec"},
	{key: "healthcare", display: "Healthcare", w: 0.11, variants: []string{"Healthcare", "healthcare", "HealthCare", "Healthcare "}, typo: "helthcare"},
	{key: "retail", display: "Retail", w: 0.10, variants: []string{"Retail", "retail", "RETAIL", "Retail "}, typo: "retial"},
	{key: "manufacturing", display: "Manufacturing", w: 0.10, variants: []string{"Manufacturing", "manufacturing", "MANUFACTURING", "Manufacturing "}, typo: "manufacturng"},
	{key: "education", display: "Education", w: 0.08, variants: []string{"Education", "education", "EDUCATION", "Education "}, typo: "educaton"},
	{key: "media", display: "Media", w: 0.07, variants: []string{"Media", "media", "MEDIA", "Media "}, typo: "meida"},
	{key: "logistics", display: "Logistics", w: 0.08, variants: []string{"Logistics", "logistics", "LOGISTICS", "Logistics "}, typo: "logisitcs"},
	{key: "e-commerce", display: "E-commerce", w: 0.11, variants: []string{"E-commerce", "e-commerce", "E-Commerce", "E-COMMERCE"}, typo: "e-comerce"},
	{key: "consulting", display: "Consulting", w: 0.10, variants: []string{"Consulting", "consulting", "CONSULTING", "Consulting "}, typo: "consultng"},
}

var regions = [...]level{
	{key: "na", display: "NA", w: 0.42},
	{key: "emea", display: "EMEA", w: 0.30},
	{key: "apac", display: "APAC", w: 0.17},
	{key: "latam", display: "LATAM", w: 0.11},
}

const fundBootstrapped = 0

var fundings = [...]level{
	{key: "bootstrapped", display: "Bootstrapped", w: 0.15},
	{key: "seed", display: "Seed", w: 0.18},
	{key: "series a", display: "Series A", w: 0.20},
	{key: "series b", display: "Series B", w: 0.17},
	{key: "series c+", display: "Series C+", w: 0.12},
	{key: "public", display: "Public", w: 0.18},
}

const modelB2C = 1

var models = [...]level{
	{key: "b2b", display: "B2B", w: 0.55},
	{key: "b2c", display: "B2C", w: 0.20},
	{key: "b2b2c", display: "B2B2C", w: 0.12},
	{key: "marketplace", display: "Marketplace", w: 0.13},
}

var leads = [...]level{
	{key: "inbound", display: "Inbound", w: 0.35},
	{key: "outbound", display: "Outbound", w: 0.25},
	{key: "partner", display: "Partner", w: 0.12},
	{key: "event", display: "Event", w: 0.10},
	{key: "referral", display: "Referral", w: 0.18},
}

const (
	toolHubSpot   = 1
	toolSnowflake = 6
)

// tools are the tech_stack items with their independent adoption rates (before
// the cap of four items per customer).
var tools = [...]struct {
	key, display string
	p            float64
}{
	{"salesforce", "Salesforce", 0.30},
	{"hubspot", "HubSpot", 0.28},
	{"slack", "Slack", 0.40},
	{"aws", "AWS", 0.35},
	{"gcp", "GCP", 0.13},
	{"azure", "Azure", 0.14},
	{"snowflake", "Snowflake", 0.21},
	{"zendesk", "Zendesk", 0.14},
	{"shopify", "Shopify", 0.09},
	{"stripe", "Stripe", 0.18},
}

func cumulative[T any](xs []T, w func(T) float64) []float64 {
	c := make([]float64, len(xs))
	s := 0.0
	for i, x := range xs {
		s += w(x)
		c[i] = s
	}
	for i := range c {
		c[i] /= s
	}
	return c
}

func levelWeight(l level) float64 { return l.w }

// salesSegments are the values of the proxy shape's sales_segment column, in
// head-count order (see segmentBand).
var salesSegments = [...]level{
	{key: "smb", display: "SMB"},
	{key: "mid-market", display: "Mid-Market"},
	{key: "enterprise", display: "Enterprise"},
}

// countries are the values of the high-cardinality noise column country: ten per
// region (indexed like regions), drawn within the row's region with Zipf-like
// weights, so country carries no more information about outcomes than region
// (none).
var countries = [len(regions)][10]string{
	{"United States", "Canada", "Mexico", "Puerto Rico", "Bahamas", "Jamaica", "Costa Rica", "Panama", "Guatemala", "Honduras"},
	{"United Kingdom", "Germany", "France", "Netherlands", "Spain", "Italy", "Sweden", "Poland", "Israel", "South Africa"},
	{"Japan", "Australia", "India", "Singapore", "South Korea", "China", "Indonesia", "New Zealand", "Vietnam", "Philippines"},
	{"Brazil", "Argentina", "Chile", "Colombia", "Peru", "Uruguay", "Ecuador", "Paraguay", "Bolivia", "Venezuela"},
}

// accountOwners are the values of the noise column account_owner (equally likely,
// drawn independently of everything else).
var accountOwners = [...]string{
	"Alice Moreau", "Ben Carter", "Chloe Nguyen", "Daniel Okafor", "Elena Rossi",
	"Farid Haddad", "Grace Kim", "Hugo Berg", "Isla Murphy", "Jonas Weber",
	"Keiko Tanaka", "Liam O'Brien", "Maya Patel", "Nico Alvarez",
}

var (
	countryCum = cumulative([]float64{1, 0.62, 0.46, 0.38, 0.32, 0.28, 0.25, 0.22, 0.2, 0.19},
		func(x float64) float64 { return x })
	industryCum = cumulative(industries[:], levelWeight)
	regionCum   = cumulative(regions[:], levelWeight)
	fundingCum  = cumulative(fundings[:], levelWeight)
	modelCum    = cumulative(models[:], levelWeight)
	leadCum     = cumulative(leads[:], levelWeight)
)

// pick draws an index from a cumulative distribution.
func pick(r *rand.Rand, cum []float64) int {
	u := r.Float64()
	for i, c := range cum {
		if u < c {
			return i
		}
	}
	return len(cum) - 1
}

var (
	syllables = [...]string{
		"ab", "ac", "al", "am", "an", "ar", "ax", "ba", "be", "bri", "ca", "cor", "da",
		"del", "do", "el", "en", "fi", "flo", "ga", "gen", "hal", "io", "ka", "kin",
		"la", "lu", "ma", "mer", "mi", "no", "nov", "o", "pa", "per", "qua", "ra",
		"ri", "ro", "sa", "sol", "ta", "ter", "tri", "u", "va", "ven", "vi", "xa",
		"ze", "zen", "zo",
	}
	nameEnds = [...]string{"", "", "", "a", "o", "is", "ix", "on", "ly", "io", "ex", "um"}
	suffixes = [...]string{
		"", "", "", "", " Inc", ", Inc.", " Labs", " Systems", " LLC", " Group",
		" Technologies", " Solutions", " & Co", " Ltd", " GmbH", " AI", " Health",
		" Partners", " Software", " Analytics",
	}
)

// companyName appends a synthetic, high-cardinality company name.
func (g *gen) companyName(b []byte) []byte {
	r := g.rng
	start := len(b)
	n := 2 + r.IntN(2)
	for range n {
		b = append(b, syllables[r.IntN(len(syllables))]...)
	}
	b = append(b, nameEnds[r.IntN(len(nameEnds))]...)
	if c := b[start]; c >= 'a' && c <= 'z' {
		b[start] = c - 'a' + 'A'
	}
	if g.cfg.Messy && r.IntN(500) == 0 {
		b = append(b, ` "The Original"`...)
	}
	return append(b, suffixes[r.IntN(len(suffixes))]...)
}

// noiseCol is one noise attribute.
type noiseCol struct {
	numeric bool
	kind    int // numeric distribution
	levels  []string
	cum     []float64
}

var noisePools = [...][]string{
	{"red", "green", "blue", "yellow", "purple", "orange", "teal", "gray"},
	{"bronze", "silver", "gold", "platinum", "diamond"},
	{"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"},
	{"north", "south", "east", "west", "central", "remote"},
	{"tier 1", "tier 2", "tier 3", "tier 4"},
}

// makeNoiseCol returns the i-th (1-based) noise attribute: odd i categorical with
// Zipf-like level frequencies, even i numeric of one of three distributions.
func makeNoiseCol(i int) noiseCol {
	j := (i - 1) / 2
	if i%2 == 0 {
		return noiseCol{numeric: true, kind: j % 3}
	}
	pool := noisePools[j%len(noisePools)]
	w := make([]float64, len(pool))
	for k := range w {
		w[k] = 1 / math.Pow(float64(k+1), 0.7)
	}
	return noiseCol{levels: pool, cum: cumulative(w, func(x float64) float64 { return x })}
}

func (c *noiseCol) appendValue(b []byte, g *gen) []byte {
	r := g.rng
	if !c.numeric {
		k := pick(r, c.cum)
		if g.missing() {
			return g.appendMissing(b)
		}
		return append(b, c.levels[k]...)
	}
	var v float64
	switch c.kind {
	case 0: // score-like, normal
		v = math.Round((50+15*r.NormFloat64())*10) / 10
	case 1: // count-like, log-normal
		v = math.Round(math.Exp(3 + r.NormFloat64()))
	default: // percentage-like, uniform
		v = float64(r.IntN(101))
	}
	if g.missing() {
		return g.appendMissing(b)
	}
	if c.kind == 0 {
		return strconv.AppendFloat(b, v, 'f', 1, 64)
	}
	return strconv.AppendInt(b, int64(v), 10)
}
