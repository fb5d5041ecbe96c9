package indep

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Shape is the shape of the truth planted in the data.
type Shape int

// The shapes of truth.
const (
	// Additive: three independent traits (an industry set, an employees band, a tech
	// item) each raise the latent fit score on their own.
	Additive Shape = iota
	// Interaction: only customers with all three of an industry set, an employees band
	// and a tech item get the raise; each part alone is weak.
	Interaction
	// Proxy: the truth is an employees band; annual_revenue only correlates with
	// employees and has no effect of its own.
	Proxy
	// Null: no attribute affects any outcome.
	Null
	// Small is Interaction on 1,000 rows (unless Config.Rows says otherwise).
	Small
	// Or: customers in an industry set OR with a tech item get the raise.
	Or
	// Smooth: no step anywhere: the raise is a bump in log head count, largest at 400
	// employees and half as large at about 200 and 800 (the planted band).
	Smooth
	// Niche: two rare industries (about 3% of customers together) get a raise; the
	// niche is below the engine's default minimum share of 5%.
	Niche
	// Poor: no positive trait; B2C customers (20%) are worse on every outcome (a drop
	// in the latent fit score), and Seed-stage customers churn more, as elsewhere.
	Poor
)

// Shapes lists every shape, in declaration order.
var Shapes = []Shape{Additive, Interaction, Proxy, Null, Small, Or, Smooth, Niche, Poor}

// String names the shape.
func (s Shape) String() string {
	switch s {
	case Additive:
		return "additive"
	case Interaction:
		return "interaction"
	case Proxy:
		return "proxy"
	case Null:
		return "null"
	case Small:
		return "small"
	case Or:
		return "or"
	case Smooth:
		return "smooth"
	case Niche:
		return "niche"
	case Poor:
		return "poor"
	}
	return "shape(" + strconv.Itoa(int(s)) + ")"
}

// Config says what to generate.
type Config struct {
	Rows  int    // data rows; 0 means 20,000 (1,000 for Small)
	Seed  uint64 // every random draw follows from it
	Shape Shape
}

// Part is one planted condition, in the engine's vocabulary: Op is "in" (categorical
// value in Values), "range" (number in [Min, Max)) or "has" (list holds an item of
// Values).
type Part struct {
	Attribute string
	Op        string
	Values    []string
	Min, Max  float64
}

// Truth is what a shape plants. It does not depend on the seed.
type Truth struct {
	// Parts are the planted positive conditions; Combine says how they act:
	// "and" (only all together), "or" (any one), "sum" (each on its own), "" (none).
	Parts   []Part
	Combine string
	// Negative is a planted negative trait (it raises churn), nil when none.
	Negative *Part
	// Proxies are attributes that only correlate with a planted attribute.
	Proxies []string
	// Noise are attributes with no effect and no designed link to one.
	Noise []string
}

// Data is a generated customer file with its truth, row by row.
type Data struct {
	Header []string
	Rows   [][]string
	// Planted marks, per row, a customer in the planted segment (true values, before
	// blanks are punched): every part for "and" and "sum", any part for "or". Always
	// false for the null shape.
	Planted []bool
	// Negative marks, per row, a customer with the planted negative trait.
	Negative []bool
	Truth    Truth
}

// Attribute columns, in file order after account_id.
var attributes = []string{"industry", "employees", "annual_revenue", "region", "tech_stack",
	"funding_stage", "business_model", "city", "crm_owner", "signup_channel", "website_visits"}

// Outcome columns, last in the file.
var outcomes = []string{"ltv", "churned", "sales_cycle_days", "nps"}

// Attributes returns the attribute columns (not the id, not the outcomes).
func Attributes() []string { return slices.Clone(attributes) }

var industries = []string{"Software", "Retail", "Manufacturing", "Financial Services",
	"Healthcare", "Education", "Logistics", "Media", "Real Estate", "Construction",
	"Hospitality", "Energy", "Telecom", "Insurance", "Agriculture", "Automotive",
	"Legal", "Nonprofit", "Government", "Pharma", "Aerospace", "Gaming", "Travel",
	"Biotech", "Mining"}

var techItems = []string{"AWS", "GCP", "Azure", "Snowflake", "dbt", "Salesforce", "HubSpot",
	"Segment", "Stripe", "Zendesk", "Intercom", "Slack", "Jira", "Kubernetes", "Datadog"}

// techLoad is each item's intercept, its loading on the "data" factor and on the
// "sales" factor, and its loading on log head count.
var techLoad = [][4]float64{
	{0.2, 0.8, 0, 0.15}, {-1.6, 0.9, 0, 0.05}, {-1.0, 0.2, 0.3, 0.2}, {-1.0, 1.3, 0, 0.25},
	{-1.8, 1.4, 0, 0.1}, {-1.2, 0, 1.1, 0.3}, {-0.8, 0, 1.0, -0.1}, {-1.9, 0.7, 0.5, 0},
	{-1.0, 0.4, 0, 0}, {-1.3, 0, 0.8, 0.1}, {-1.5, 0, 0.6, -0.05}, {0.6, 0.2, 0.2, 0.05},
	{-0.2, 0.6, 0, 0.1}, {-2.0, 1.2, 0, 0.2}, {-1.7, 1.1, 0, 0.15},
}

var regions = []string{"North America", "EMEA", "APAC", "LATAM"}
var regionW = []float64{0.45, 0.30, 0.15, 0.10}

var stages = []string{"Bootstrapped", "Seed", "Series A", "Series B", "Series C+", "Public"}
var models = []string{"B2B", "B2C", "B2B2C", "Marketplace"}
var modelW = []float64{0.55, 0.2, 0.15, 0.1}
var owners = []string{"Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan"}
var channels = []string{"organic", "paid search", "referral", "event", "partner", "outbound"}

var cityHead = []string{"North", "South", "East", "West", "Lake", "River", "Stone", "Oak",
	"Pine", "Maple", "Cedar", "Fair", "Green", "Red", "Silver", "Gold", "New", "Old"}
var cityTail = []string{"field", "ton", "ville", "burg", "port", "haven", "ford", "wood",
	"dale", "mouth", "bridge", "view", "crest", "mont", "wick", "stead", "moor", "by"}

// TruthOf returns the truth a shape plants.
func TruthOf(s Shape) Truth {
	noise := []string{"city", "crm_owner", "signup_channel", "website_visits", "region", "business_model"}
	neg := &Part{Attribute: "funding_stage", Op: "in", Values: []string{"Seed"}}
	ind := Part{Attribute: "industry", Op: "in", Values: []string{"Retail", "Manufacturing", "Logistics"}}
	emp := Part{Attribute: "employees", Op: "range", Min: 150, Max: 2500}
	tech := Part{Attribute: "tech_stack", Op: "has", Values: []string{"Snowflake"}}
	switch s {
	case Additive:
		return Truth{Parts: []Part{
			{Attribute: "industry", Op: "in", Values: []string{"Financial Services", "Healthcare"}},
			{Attribute: "employees", Op: "range", Min: 100, Max: 1000},
			{Attribute: "tech_stack", Op: "has", Values: []string{"Stripe"}},
		}, Combine: "sum", Negative: neg, Noise: noise, Proxies: []string{"annual_revenue"}}
	case Interaction, Small:
		return Truth{Parts: []Part{ind, emp, tech}, Combine: "and", Negative: neg, Noise: noise, Proxies: []string{"annual_revenue"}}
	case Proxy:
		return Truth{Parts: []Part{emp}, Combine: "and", Noise: noise, Proxies: []string{"annual_revenue", "funding_stage"}}
	case Or:
		return Truth{Parts: []Part{ind, tech}, Combine: "or", Negative: neg, Noise: noise, Proxies: []string{"annual_revenue"}}
	case Smooth:
		return Truth{Parts: []Part{{Attribute: "employees", Op: "range", Min: 200, Max: 800}}, Combine: "bump", Negative: neg,
			Noise: noise, Proxies: []string{"annual_revenue", "funding_stage"}}
	case Niche:
		return Truth{Parts: []Part{{Attribute: "industry", Op: "in", Values: []string{"Pharma", "Biotech"}}}, Combine: "and",
			Negative: neg, Noise: noise}
	case Poor:
		return Truth{Parts: []Part{{Attribute: "business_model", Op: "in", Values: []string{"B2C"}}}, Combine: "drop",
			Negative: neg, Noise: slices.DeleteFunc(noise, func(s string) bool { return s == "business_model" })}
	}
	return Truth{Noise: append(noise, "industry", "employees", "annual_revenue", "tech_stack", "funding_stage")}
}

// customer holds one row's true values.
type customer struct {
	industry, region, stage, model, city, owner, channel string
	employees, revenue, visits                           float64
	tech                                                 []string
}

// has reports whether c meets p (on true values).
func (c *customer) has(p Part) bool {
	switch p.Attribute {
	case "industry":
		return slices.Contains(p.Values, c.industry)
	case "funding_stage":
		return slices.Contains(p.Values, c.stage)
	case "business_model":
		return slices.Contains(p.Values, c.model)
	case "employees":
		return c.employees >= p.Min && c.employees < p.Max
	case "tech_stack":
		for _, v := range p.Values {
			if slices.Contains(c.tech, v) {
				return true
			}
		}
	}
	return false
}

// pick draws an index with probability proportional to w.
func pick(r *rand.Rand, w []float64) int {
	total := 0.0
	for _, x := range w {
		total += x
	}
	u := r.Float64() * total
	for i, x := range w {
		u -= x
		if u < 0 {
			return i
		}
	}
	return len(w) - 1
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// gamma draws a Gamma(k, 1) variable for k ≥ 1 (Marsaglia and Tsang).
func gamma(r *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// Generate draws a customer file. The same Config gives the same data.
func Generate(cfg Config) *Data {
	n := cfg.Rows
	if n == 0 {
		n = 20000
		if cfg.Shape == Small {
			n = 1000
		}
	}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x1dea1c0ffee))
	truth := TruthOf(cfg.Shape)
	d := &Data{Header: slices.Concat([]string{"account_id"}, attributes, outcomes),
		Planted: make([]bool, n), Negative: make([]bool, n), Truth: truth}

	indW := make([]float64, len(industries))
	for k := range indW {
		indW[k] = 1 / math.Pow(float64(k)+1.5, 0.9) // Zipf-like
	}
	cityW := make([]float64, len(cityHead)*len(cityTail))
	for k := range cityW {
		cityW[k] = 1 / math.Pow(float64(k)+3, 0.7)
	}
	// account ids: a seeded offset and stride keep them unique and unordered-looking
	base := 100000 + r.IntN(800000)
	for i := range n {
		var c customer
		c.industry = industries[pick(r, indW)]
		c.employees = math.Max(1, math.Round(math.Exp(math.Log(90)+1.5*r.NormFloat64())))
		le := math.Log(c.employees)
		c.revenue = math.Round(math.Exp(math.Log(160000)+0.95*le+0.45*r.NormFloat64())/1000) * 1000
		c.region = regions[pick(r, regionW)]
		fData, fSales := r.NormFloat64(), r.NormFloat64()
		for k, it := range techItems {
			l := techLoad[k]
			if r.Float64() < logistic(l[0]+l[1]*fData+l[2]*fSales+l[3]*(le-4.5)) {
				c.tech = append(c.tech, it)
			}
		}
		// funding stage follows head count: larger companies are later
		sw := make([]float64, len(stages))
		for k := range sw {
			sw[k] = math.Exp(-math.Pow(float64(k)-(le-2.5)*1.1, 2) / 4)
		}
		c.stage = stages[pick(r, sw)]
		c.model = models[pick(r, modelW)]
		ci := pick(r, cityW)
		c.city = cityHead[ci%len(cityHead)] + cityTail[ci/len(cityHead)]
		c.owner = owners[r.IntN(len(owners))]
		c.channel = channels[r.IntN(len(channels))]
		c.visits = math.Round(math.Exp(5 + r.NormFloat64()))

		// latent fit score
		z := 0.0
		in := make([]bool, len(truth.Parts))
		for k, p := range truth.Parts {
			in[k] = c.has(p)
		}
		switch truth.Combine {
		case "sum":
			for _, ok := range in {
				if ok {
					z += 0.75
				}
			}
			d.Planted[i] = !slices.Contains(in, false)
		case "and":
			d.Planted[i] = !slices.Contains(in, false)
			if d.Planted[i] {
				z += 1.6
				if len(truth.Parts) == 1 {
					z -= 0.6
				}
			}
		case "or":
			d.Planted[i] = slices.Contains(in, true)
			if d.Planted[i] {
				z += 1.1
			}
		case "drop":
			// Planted marks the poor fits here: the customers the profile should rule out.
			d.Planted[i] = in[0]
			if in[0] {
				z -= 1.2
			}
		case "bump":
			// half height at log(400) ± 0.69: about 200 and 800 employees
			d.Planted[i] = in[0]
			z += 1.3 * math.Exp(-math.Pow(le-math.Log(400), 2)/(2*0.59*0.59))
		}
		churnShift := 0.0
		if truth.Negative != nil && c.has(*truth.Negative) {
			d.Negative[i] = true
			churnShift = 1.6
		}
		z += r.NormFloat64()

		ltv := math.Round(math.Exp(9.2+0.55*z+0.7*r.NormFloat64())/10) * 10
		churn := r.Float64() < logistic(-1.2-0.9*z+churnShift)
		cycle := math.Max(1, math.Round(gamma(r, 2.5)*18*math.Exp(-0.3*z)))
		nps := math.Round(math.Max(0, math.Min(10, 7+1.1*z+1.8*r.NormFloat64())))

		blank := func(p float64, s string) string {
			if r.Float64() < p {
				return ""
			}
			return s
		}
		rec := []string{
			"ACC-" + strconv.Itoa(base+i*7),
			blank(0.06, c.industry),
			blank(0.07, strconv.FormatFloat(c.employees, 'f', -1, 64)),
			blank(0.09, strconv.FormatFloat(c.revenue, 'f', -1, 64)),
			c.region,
			blank(0.05, strings.Join(c.tech, "; ")),
			blank(0.08, c.stage),
			blank(0.05, c.model),
			blank(0.03, c.city),
			c.owner,
			c.channel,
			strconv.FormatFloat(c.visits, 'f', -1, 64),
			strconv.FormatFloat(ltv, 'f', -1, 64),
			map[bool]string{true: "yes", false: "no"}[churn],
			strconv.FormatFloat(cycle, 'f', -1, 64),
			strconv.FormatFloat(nps, 'f', -1, 64),
		}
		d.Rows = append(d.Rows, rec)
	}
	return d
}

// WriteCSV writes the data as CSV with a header row.
func (d *Data) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(d.Header); err != nil {
		return err
	}
	if err := cw.WriteAll(d.Rows); err != nil {
		return fmt.Errorf("indep: %w", err)
	}
	return nil
}
