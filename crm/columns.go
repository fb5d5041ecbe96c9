package crm

import (
	"fmt"
	"slices"
	"strings"

	"github.com/icp-dev/icp/dataset"
)

// Kind is the kind of a deals export.
type Kind int

const (
	// Opportunities are deals with a stage (won, lost or open), an amount and dates.
	Opportunities Kind = iota
	// Subscriptions are recurring contracts with a start, an end (blank while active) and
	// a monthly or annual recurring amount.
	Subscriptions
)

// String returns "opportunities" or "subscriptions".
func (k Kind) String() string {
	if k == Subscriptions {
		return "subscriptions"
	}
	return "opportunities"
}

// DealColumns names the columns of a deals/opportunities (or subscriptions) export,
// headers as written in the file; "" means absent.
type DealColumns struct {
	Account  string // account the deal belongs to (id or name)
	Stage    string // deal stage text ("Closed Won", "closedlost", "Engaging", ...)
	Won      string // IsWon-style boolean
	Closed   string // IsClosed-style boolean
	Amount   string // deal amount
	Created  string // date the deal was created or engaged
	ClosedAt string // date the deal was closed
	Start    string // subscription start date
	End      string // subscription end date (blank while active)
	MRR      string // monthly recurring revenue
	ARR      string // annual recurring revenue (MRR = ARR / 12 when MRR is absent)
}

// Stages are stage values no preset knows that mean won or lost ("Closed Won -
// Signed", "Gewonnen"), matched ignoring case, spaces and punctuation; they win over
// the presets (see StageStatus).
type Stages struct {
	Won, Lost []string
}

// Header keys (dataset.HeaderKey) recognised for each deal column, most specific first.
// They cover HubSpot labels and internal names, Salesforce API names and report
// labels, Pipedrive's and Zoho's export labels ("Deal - Organization", "Closing Date"),
// Maven's CRM sample and RavenStack's subscriptions.
var dealNames = []struct {
	field string
	keys  []string
}{
	{"account", []string{"accountid", "associatedcompanyid", "associatedcompanyidprimary", "associatedcompanyids", "associatedcompanyidsprimary", "companyid", "customerid", "account", "accountname", "associatedcompany", "associatedcompanyprimary", "companyname", "company", "customer",
		"organization", "organizationname", "dealorganization", "orgname"}}, // the last: Pipedrive
	{"stage", []string{"dealstage", "stagename", "stage", "opportunitystage", "dealstatus"}},
	{"won", []string{"iswon", "won"}},
	{"closed", []string{"isclosed", "closed"}},
	// An amount converted to one currency comes first: a raw amount may mix currencies.
	{"amount", []string{"amountincompanycurrency", "amountinhomecurrency", "amountconverted", "convertedamount", "amount", "closevalue", "dealamount", "dealvalue", "value"}},
	{"created", []string{"createdate", "createddate", "createdon", "engagedate", "dealcreatedate", "opendate",
		"createdtime", "dealcreated", "dealdealcreated", "addtime", "dealaddtime"}}, // Zoho, Pipedrive
	{"closedat", []string{"closedate", "closeddate", "dealclosedate", "wondate",
		"closingdate", "closetime", "dealclosetime", "wontime", "dealwontime"}}, // Zoho, Pipedrive
	{"start", []string{"startdate", "subscriptionstartdate", "subscriptionstart", "start", "startedat", "startutc"}},
	{"end", []string{"enddate", "subscriptionenddate", "subscriptionend", "end", "endedat", "canceledat", "cancelledat", "canceldate", "churndate", "endedatutc", "canceledatutc"}},
	{"mrr", []string{"mrramount", "mrr", "monthlyrecurringrevenue", "monthlyamount"}},
	{"arr", []string{"arramount", "arr", "annualrecurringrevenue"}},
}

func (d *DealColumns) field(name string) *string {
	switch name {
	case "account":
		return &d.Account
	case "stage":
		return &d.Stage
	case "won":
		return &d.Won
	case "closed":
		return &d.Closed
	case "amount":
		return &d.Amount
	case "created":
		return &d.Created
	case "closedat":
		return &d.ClosedAt
	case "start":
		return &d.Start
	case "end":
		return &d.End
	case "mrr":
		return &d.MRR
	case "arr":
		return &d.ARR
	}
	panic("crm: unknown deal field " + name)
}

// fields returns the named fields in a fixed order, for notes and checks.
func (d *DealColumns) fields() []struct {
	label string
	p     *string
} {
	return []struct {
		label string
		p     *string
	}{
		{"account", &d.Account}, {"stage", &d.Stage}, {"won flag", &d.Won}, {"closed flag", &d.Closed},
		{"amount", &d.Amount}, {"created", &d.Created}, {"closed date", &d.ClosedAt},
		{"start", &d.Start}, {"end", &d.End}, {"MRR", &d.MRR}, {"ARR", &d.ARR},
	}
}

func (d *DealColumns) uses(name string) bool {
	for _, f := range d.fields() {
		if *f.p == name {
			return true
		}
	}
	return false
}

// DetectDealColumns fills the columns not set in override from the table's headers
// (matched ignoring case, spaces and punctuation) and decides the kind of export:
// Opportunities when a stage or won flag is present, Subscriptions when start dates and
// MRR or ARR are present and no stage is. Columns named in override must exist. The
// notes say what was taken as what.
func DetectDealColumns(t *dataset.Table, override DealColumns) (DealColumns, Kind, []string, error) {
	d := override
	headers := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		headers[i] = c.Name
	}
	var errs []string
	for _, f := range d.fields() {
		if *f.p == "" {
			continue
		}
		c := t.Column(*f.p)
		if c == nil {
			msg := fmt.Sprintf("%s column %q: no such column", f.label, *f.p)
			if near := dataset.Closest(*f.p, headers); near != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", near)
			}
			errs = append(errs, msg)
			continue
		}
		*f.p = c.Name
	}
	if len(errs) > 0 {
		return d, 0, nil, fmt.Errorf("%s: %s", name(t), strings.Join(errs, "; "))
	}
	for _, dn := range dealNames {
		p := d.field(dn.field)
		if *p != "" {
			continue
		}
	search:
		for _, key := range dn.keys {
			for _, c := range t.Columns {
				if dataset.HeaderKey(c.Name) == key && !d.uses(c.Name) {
					*p = c.Name
					break search
				}
			}
		}
	}
	// A "Won"/"Closed" column that holds stage text rather than yes/no is not a flag.
	for _, p := range []*string{&d.Won, &d.Closed} {
		if *p != "" && *p != override.Won && *p != override.Closed {
			if c := t.Column(*p); c.Kind != dataset.Boolean && c.Kind != dataset.Empty {
				*p = ""
			}
		}
	}

	kind := Opportunities
	switch {
	case d.Stage != "" || d.Won != "" || d.Closed != "":
		// Opportunities; subscription fields found by name are not used.
		if override.Start == "" && override.End == "" && override.MRR == "" && override.ARR == "" {
			d.Start, d.End, d.MRR, d.ARR = "", "", "", ""
		}
	case d.Start != "" && (d.MRR != "" || d.ARR != ""):
		kind = Subscriptions
		if override.Amount == "" {
			d.Amount = ""
		}
		if override.Created == "" {
			d.Created = ""
		}
		if override.ClosedAt == "" {
			d.ClosedAt = ""
		}
	default:
		return d, 0, nil, fmt.Errorf("%s: neither a deals export (a stage column such as %q, %q or %q, or an IsWon flag) nor a subscriptions export (%q with %q or %q) among the headers %s; name the columns with --deal-columns, e.g. account=COL,stage=COL,amount=COL,created=COL,closed_at=COL for deals or account=COL,start=COL,end=COL,mrr=COL for subscriptions",
			name(t), "Deal Stage", "StageName", "deal_stage", "start_date", "mrr_amount", "arr_amount", dataset.HeaderList(headers))
	}
	if d.Account == "" {
		return d, kind, nil, fmt.Errorf("%s: no account column among the headers %s; name it explicitly (recognised: AccountId, Associated Company ID, account, account_id, company)", name(t), dataset.HeaderList(headers))
	}
	var parts []string
	for _, f := range d.fields() {
		if *f.p != "" {
			parts = append(parts, fmt.Sprintf("%s %q", f.label, *f.p))
		}
	}
	notes := []string{fmt.Sprintf("%s (%s): %s", name(t), kind, strings.Join(parts, ", "))}
	if kind == Opportunities && d.Amount == "" {
		notes = append(notes, "no amount column: ltv cannot be derived from these deals")
	}
	if cur, codes := currencies(t); d.Amount != "" && len(codes) > 1 && !converted(d.Amount) {
		notes = append(notes, fmt.Sprintf("the deals are in %d currencies (%q: %s) and %q is not converted to one: ltv adds them as they stand; export the amount in one currency (HubSpot: \"Amount in company currency\"; Salesforce: \"Amount (converted)\") or name it with --deal-columns amount=COL",
			len(codes), cur, strings.Join(codes, ", "), d.Amount))
	}
	if kind == Opportunities && (d.Created == "" || d.ClosedAt == "") {
		notes = append(notes, "no created or close date column: sales_cycle_days cannot be derived from these deals")
	}
	if kind == Subscriptions && d.End == "" {
		notes = append(notes, "no end date column: churn cannot be derived from these subscriptions, and every subscription counts as active")
	}
	return d, kind, notes, nil
}

// currencyKeys are header keys of a deal's currency code.
var currencyKeys = []string{"currency", "currencycode", "currencyisocode", "dealcurrencycode", "opportunitycurrency", "amountcurrency"}

// currencies returns the header of a deals table's currency column and its distinct
// codes (at most 4 listed, in order of first appearance), or "" and nil.
func currencies(t *dataset.Table) (string, []string) {
	for _, c := range t.Columns {
		if !slices.Contains(currencyKeys, dataset.HeaderKey(c.Name)) || c.Kind != dataset.Categorical {
			continue
		}
		var codes []string
		for _, v := range c.Display {
			if len(codes) < 4 {
				codes = append(codes, v)
			}
		}
		if len(c.Levels) > 4 {
			codes = append(codes, fmt.Sprintf("and %d more", len(c.Levels)-4))
		}
		return c.Name, codes
	}
	return "", nil
}

// converted says an amount column's header names an amount converted to one currency.
func converted(header string) bool {
	k := dataset.HeaderKey(header)
	return strings.Contains(k, "companycurrency") || strings.Contains(k, "homecurrency") || strings.Contains(k, "converted")
}

// dealColumnKeys maps the names accepted by ParseDealColumns to DealColumns fields.
func dealColumnKeys(d *DealColumns) map[string]*string {
	return map[string]*string{
		"account": &d.Account, "stage": &d.Stage, "won": &d.Won, "closed": &d.Closed, "amount": &d.Amount,
		"created": &d.Created, "closed_at": &d.ClosedAt, "start": &d.Start, "end": &d.End, "mrr": &d.MRR, "arr": &d.ARR,
	}
}

// ParseDealColumns reads a column mapping for exports whose headers no preset knows:
// "account=Company ID,stage=Pipeline Stage,amount=Deal Value,created=Opened,closed_at=Closed On".
// Keys: account, stage, won, closed, amount, created, closed_at, start, end, mrr, arr.
func ParseDealColumns(spec string) (DealColumns, error) {
	var d DealColumns
	if strings.TrimSpace(spec) == "" {
		return d, nil
	}
	keys := dealColumnKeys(&d)
	for _, part := range strings.Split(spec, ",") {
		k, v, ok := strings.Cut(part, "=")
		k, v = strings.ToLower(strings.TrimSpace(k)), strings.TrimSpace(v)
		p := keys[k]
		if !ok || p == nil || v == "" {
			return d, fmt.Errorf("deal column mapping %q: write key=Header pairs with keys account, stage, won, closed, amount, created, closed_at, start, end, mrr, arr", strings.TrimSpace(part))
		}
		*p = v
	}
	return d, nil
}
