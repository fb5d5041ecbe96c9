package crm

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

// load writes csv to a file named name in a temporary directory and loads it, so that
// its cells are kept as written (see loadKeeping).
func load(t testing.TB, name, csv string) *dataset.Table {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return loadKeeping(t, path)
}

// loadKeeping loads path keeping every column's cells as written (as workflow keeps
// those of DealCells and AccountCells), so that overrides naming any header work.
func loadKeeping(t testing.TB, path string) *dataset.Table {
	t.Helper()
	tb, err := dataset.Load(path, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, c := range tb.Columns {
		all = append(all, c.Name)
	}
	if tb, err = dataset.Load(path, dataset.Options{KeepCellsOf: all}); err != nil {
		t.Fatal(err)
	}
	return tb
}

func same(a, b float64) bool {
	return a == b || a != a && b != b || math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b))
}

var nan = math.NaN()

func TestDetectDealColumns(t *testing.T) {
	cases := []struct {
		name     string
		csv      string
		override DealColumns
		want     DealColumns
		kind     Kind
		err      string
	}{
		{
			name: "hubspot labels",
			csv:  "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Associated Company ID\n1,A,closedwon,100,2024-02-01,2024-01-01,11\n2,B,closedlost,50,2024-03-01,2024-01-15,12\n",
			want: DealColumns{Account: "Associated Company ID", Stage: "Deal Stage", Amount: "Amount", Created: "Create Date", ClosedAt: "Close Date"},
		},
		{
			name: "hubspot internal names",
			csv:  "hs_object_id,dealname,dealstage,amount,closedate,createdate,associatedcompanyid\n1,A,closedwon,100,2024-02-01,2024-01-01,11\n2,B,closedlost,50,2024-03-01,2024-01-15,12\n",
			want: DealColumns{Account: "associatedcompanyid", Stage: "dealstage", Amount: "amount", Created: "createdate", ClosedAt: "closedate"},
		},
		{
			name: "salesforce api names",
			csv:  "Id,AccountId,Name,StageName,IsWon,IsClosed,Amount,CloseDate,CreatedDate\n0065g00000AbCdE,0015g00000XyZab,A,Closed Won,true,true,100,2024-02-01,2024-01-01T09:00:00.000Z\n0065g00000AbCdF,0015g00000XyZac,B,Prospecting,false,false,50,2024-03-01,2024-01-15T09:00:00.000Z\n",
			want: DealColumns{Account: "AccountId", Stage: "StageName", Won: "IsWon", Closed: "IsClosed", Amount: "Amount", Created: "CreatedDate", ClosedAt: "CloseDate"},
		},
		{
			name: "salesforce report labels",
			csv:  "Opportunity Name,Account Name,Stage,Won,Closed,Amount,Close Date,Created Date\nA,Acme,Closed Won,1,1,100,2024-02-01,2024-01-01\nB,Beta,Closed Lost,0,1,50,2024-03-01,2024-01-15\n",
			want: DealColumns{Account: "Account Name", Stage: "Stage", Won: "Won", Closed: "Closed", Amount: "Amount", Created: "Created Date", ClosedAt: "Close Date"},
		},
		{
			name: "maven",
			csv:  "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\nZ063OYW0,Darcel Schlecht,GTXPro,Isdom,Lost,2016-10-25,2017-03-11,0\n",
			want: DealColumns{Account: "account", Stage: "deal_stage", Amount: "close_value", Created: "engage_date", ClosedAt: "close_date"},
		},
		{
			name: "pipedrive export",
			csv:  "Deal - Title,Deal - Organization,Deal - Value,Deal - Currency,Deal - Status,Deal - Deal created,Deal - Won time\nA,Acme,100,USD,won,2024-01-01 09:00:00,2024-02-01 10:00:00\nB,Beta,50,USD,lost,2024-01-15 09:00:00,\n",
			want: DealColumns{Account: "Deal - Organization", Stage: "Deal - Status", Amount: "Deal - Value", Created: "Deal - Deal created", ClosedAt: "Deal - Won time"},
		},
		{
			name: "zoho export",
			csv:  "Deal Name,Account Name,Stage,Amount,Closing Date,Created Time\nA,Acme,Closed Won,100,2024-02-01,2024-01-01 09:00:00\nB,Beta,Closed Lost,50,2024-03-01,2024-01-15 09:00:00\n",
			want: DealColumns{Account: "Account Name", Stage: "Stage", Amount: "Amount", Created: "Created Time", ClosedAt: "Closing Date"},
		},
		{
			name: "ravenstack subscriptions",
			csv:  "subscription_id,account_id,start_date,end_date,plan_tier,seats,mrr_amount,arr_amount,is_trial,churn_flag\nS-1,A-1,2023-12-23,2024-04-12,Pro,14,2786,33432,False,True\nS-2,A-2,2024-06-11,,Pro,17,833,9996,False,False\n",
			want: DealColumns{Account: "account_id", Start: "start_date", End: "end_date", MRR: "mrr_amount", ARR: "arr_amount"},
			kind: Subscriptions,
		},
		{
			name:     "override",
			csv:      "Company,Client,Stage,Value\nA,X,won,1\nB,Y,lost,2\n",
			override: DealColumns{Account: "client", Amount: "Value"},
			want:     DealColumns{Account: "Client", Stage: "Stage", Amount: "Value"},
		},
		{
			name:     "override missing",
			csv:      "Company,Stage\nA,won\nB,lost\n",
			override: DealColumns{Account: "Compnay"},
			err:      `account column "Compnay": no such column (did you mean "Company"?)`,
		},
		{
			name: "not deals",
			csv:  "customer_id,industry,ltv\n1,saas,10\n2,fintech,20\n",
			err:  `neither a deals export (a stage column such as "Deal Stage", "StageName" or "deal_stage", or an IsWon flag) nor a subscriptions export ("start_date" with "mrr_amount" or "arr_amount") among the headers "customer_id", "industry", "ltv"`,
		},
		{
			name: "no account",
			csv:  "deal,stage\nA,won\nB,lost\n",
			err:  `no account column among the headers "deal", "stage"`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := load(t, "deals.csv", c.csv)
			got, kind, notes, err := DetectDealColumns(tb, c.override)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("error %v, want it to contain %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want || kind != c.kind {
				t.Errorf("got %+v %v, want %+v %v", got, kind, c.want, c.kind)
			}
			if len(notes) == 0 || !strings.Contains(notes[0], "account "+`"`+c.want.Account+`"`) {
				t.Errorf("notes %q do not say what the account column is", notes)
			}
		})
	}
}

func TestStageStatus(t *testing.T) {
	cases := map[string]Status{
		"Won": Won, "won": Won, "Closed Won": Won, "closedwon": Won, "Closed - Won": Won, "win": Won, "CLOSED_WON": Won,
		"Lost": Lost, "closed lost": Lost, "closedlost": Lost, "Closed/Lost": Lost, "loss": Lost,
		"Engaging": Open, "Prospecting": Open, "appointmentscheduled": Open, "Negotiation/Review": Open,
		"": Open, "12345678": Open, "won't buy": Open,
	}
	for in, want := range cases {
		if got := StageStatus(in); got != want {
			t.Errorf("StageStatus(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestDealsStagesAndFlags(t *testing.T) {
	// Salesforce-style: the IsWon/IsClosed flags win over the stage text.
	csv := "Id,AccountId,StageName,IsWon,IsClosed,Amount,CloseDate,CreatedDate\n" +
		"1,0015g00000AbCdE,Closed Won,true,true,\"$1,000\",2024-03-01,2024-01-01T10:00:00.000Z\n" + // won, 60 days
		"2,0015g00000AbCdE,Closed Lost,false,true,0,2024-03-01,2024-02-01\n" + // lost
		"3,0015g00000AbCdE,Negotiation/Review,false,false,5000,2024-12-31,2024-02-01\n" + // open
		"4,0015g00000AbCdF,Closed Won,false,true,300,2024-03-01,2024-02-01\n" + // flags: lost (override)
		"5,0015g00000AbCdF,Prospecting,false,true,300,2024-03-01,2024-02-01\n" + // flags: lost (override)
		"6,0015g00000AbCdF,,,,,,\n" + // no stage, no flags: unknown
		"7,,Closed Won,true,true,700,2024-03-01,2024-03-01\n" + // no account; cycle 0
		"8,0015g00000AbCdF,Closed Won,true,true,abc,2024-01-01,2024-03-01\n" // negative cycle, bad amount
	tb := load(t, "opps.csv", csv)
	cols, kind, _, err := DetectDealColumns(tb, DealColumns{})
	if err != nil || kind != Opportunities {
		t.Fatal(err, kind)
	}
	deals, s, err := Deals(tb, cols)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus := []Status{Won, Lost, Open, Lost, Lost, Open, Won, Won}
	wantAcct := []string{"0015g00000AbCdE", "0015g00000AbCdE", "0015g00000AbCdE", "0015g00000AbCdF", "0015g00000AbCdF", "0015g00000AbCdF", "", "0015g00000AbCdF"}
	wantAmount := []float64{1000, 0, 5000, 300, 300, nan, 700, nan}
	for i, d := range deals {
		if d.Status != wantStatus[i] || d.Account != wantAcct[i] || !same(d.Amount, wantAmount[i]) || d.Line != i+2 {
			t.Errorf("deal %d = %+v, want status %v account %q amount %v line %d", i, d, wantStatus[i], wantAcct[i], wantAmount[i], i+2)
		}
	}
	if d := deals[0]; d.Closed-d.Created != 60 {
		t.Errorf("deal 1 cycle %v, want 60 (datetime created read as its date)", d.Closed-d.Created)
	}
	if s.Won != 3 || s.Lost != 3 || s.Open != 1 || s.UnknownStage != 1 || s.FlagsOverride != 2 || s.NoAccount != 1 || s.NoAccountOpen != 0 {
		t.Errorf("summary counts %+v", s)
	}
	if s.WonNoAmount != 1 || s.Cycles != 2 || s.ZeroCycles != 1 || s.NegativeCycles != 1 || s.NegativeLine != 9 {
		t.Errorf("summary amounts/cycles %+v", s)
	}
	wantBad := `column "Amount": 1 value could not be read as a number and count as unknown (first at line 9: "abc")`
	if !reflect.DeepEqual(s.BadValues, []string{wantBad}) {
		t.Errorf("BadValues %q, want %q", s.BadValues, wantBad)
	}
	notes := strings.Join(s.Notes(), "\n")
	for _, want := range []string{
		"8 deals: 3 won, 3 lost, 1 open (left out of the outcomes), 1 without a stage (left out)",
		`stages read as won: "Closed Won" 3`,
		`stages read as lost: "Closed Lost" 1, "Closed Won" 1, "Prospecting" 1`,
		`stages read as open: "Negotiation/Review" 1`,
		"2 deals have IsWon/IsClosed flags that disagree with the stage; the flags were used",
		"1 rows name no account (0 of them open) and were left out",
		"1 won deals closed on the day they were created",
		"1 won deals closed before they were created (first at line 9 of ",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestDealsStageTextOnly(t *testing.T) {
	// HubSpot internal stage ids, maven stages, and a stage column the loader reads as
	// yes/no (only "Closed Won"/"Closed Lost") or drops (one value in every row).
	cases := []struct {
		name string
		csv  string
		want []Status
	}{
		{"hubspot", "Associated Company ID,Deal Stage,Amount\n1,closedwon,1\n1,closedlost,2\n2,appointmentscheduled,3\n2,contractsent,4\n3,Closed Won,5\n",
			[]Status{Won, Lost, Open, Open, Won}},
		{"maven", "account,deal_stage,close_value\nA,Won,1\nA,Lost,0\nB,Engaging,\nB,Prospecting,\n",
			[]Status{Won, Lost, Open, Open}},
		{"boolean-looking stage", "account,stage\nA,Closed Won\nB,Closed Lost\nC,closed won\n",
			[]Status{Won, Lost, Won}},
		{"constant stage", "account,stage\nA,Closed Won\nB,Closed Won\n",
			[]Status{Won, Won}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tb := load(t, "deals.csv", c.csv)
			cols, _, _, err := DetectDealColumns(tb, DealColumns{})
			if err != nil {
				t.Fatal(err)
			}
			deals, _, err := Deals(tb, cols)
			if err != nil {
				t.Fatal(err)
			}
			var got []Status
			for _, d := range deals {
				got = append(got, d.Status)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("statuses %v, want %v", got, c.want)
			}
		})
	}
}

func TestRollupOpportunities(t *testing.T) {
	d := func(acct string, st Status, amount, created, closed float64) Deal {
		return Deal{Account: acct, Status: st, Amount: amount, Created: created, Closed: closed}
	}
	deals := []Deal{
		// A: three wins (cycles 10, 30, 20; one without amount), a loss, an open deal.
		d("A", Won, 100, 0, 10), d("A", Won, 200, 0, 30), d("A", Won, nan, 5, 25), d("A", Lost, 0, 0, 3), d("A", Open, 1000, 0, nan),
		// B: a negative cycle (left out) and a zero one.
		d("B", Won, 50, 10, 5), d("B", Won, 10, 7, 7),
		// C: losses only: ltv 0, win rate 0.
		d("C", Lost, 0, 0, 1), d("C", Lost, nan, 0, 1),
		// D: open only: no outcome.
		d("D", Open, 500, 0, nan),
		// E: an even number of cycles: the median is the mean of the middle two.
		d("E", Won, 1, 0, 10), d("E", Won, 1, 0, 40),
		// F: wins without amounts: ltv unknown.
		d("F", Won, nan, 0, 1),
		// no account: left out.
		d("", Won, 1e6, 0, 1),
	}
	got := Rollup(deals, Opportunities)
	want := map[string]Outcome{
		// Hand calculation: ltv 100+200; median(10, 20, 30) = 20; 3 / (3+1).
		"A": {Won: 3, Lost: 1, Open: 1, LTV: 300, CycleDays: 20, WinRate: 0.75, Churned: nan},
		"B": {Won: 2, LTV: 60, CycleDays: 0, WinRate: 1, Churned: nan},
		"C": {Lost: 2, LTV: 0, CycleDays: nan, WinRate: 0, Churned: nan},
		"D": {Open: 1, LTV: nan, CycleDays: nan, WinRate: nan, Churned: nan},
		"E": {Won: 2, LTV: 2, CycleDays: 25, WinRate: 1, Churned: nan},
		"F": {Won: 1, LTV: nan, CycleDays: 1, WinRate: 1, Churned: nan},
	}
	if len(got) != len(want) {
		t.Fatalf("%d accounts, want %d", len(got), len(want))
	}
	for k, w := range want {
		g := got[k]
		if g == nil || g.Won != w.Won || g.Lost != w.Lost || g.Open != w.Open || !same(g.LTV, w.LTV) || !same(g.CycleDays, w.CycleDays) || !same(g.WinRate, w.WinRate) || !same(g.Churned, w.Churned) {
			t.Errorf("%s: got %+v, want %+v", k, g, w)
		}
	}
}

func TestSubscriptions(t *testing.T) {
	// Latest date in the file: 2024-05-01. MRR × months with months = days / (365.2425/12).
	csv := "subscription_id,account_id,start_date,end_date,mrr_amount,arr_amount\n" +
		"S1,A-1,2024-01-01,2024-03-01,100,1200\n" + // 60 days, ended
		"S2,A-1,2024-02-01,,50,600\n" + // active: 90 days to 2024-05-01
		"S3,A-2,2024-01-01,2024-05-01,,120\n" + // ARR only: 10 a month, 121 days, ended
		"S4,A-3,2024-04-01,,0,0\n" + // trial: 0
		"S5,A-9,2024-01-01,,10,120\n" // not in accounts
	tb := load(t, "subs.csv", csv)
	cols, kind, _, err := DetectDealColumns(tb, DealColumns{})
	if err != nil || kind != Subscriptions {
		t.Fatal(err, kind)
	}
	deals, s, err := Deals(tb, cols)
	if err != nil {
		t.Fatal(err)
	}
	if s.Open != 3 || s.Lost != 2 || dateString(s.AsOf) != "2024-05-01" {
		t.Errorf("summary %+v (as of %s)", s, dateString(s.AsOf))
	}
	if deals[2].Amount != 10 {
		t.Errorf("ARR-only subscription MRR %v, want 10", deals[2].Amount)
	}
	acc := load(t, "accounts.csv", "account_id,industry\nA-1,saas\nA-2,fintech\nA-3,saas\nA-4,retail\n")
	j, notes, err := Join(acc, "", deals, kind)
	if err != nil {
		t.Fatal(err)
	}
	m := monthDays
	wantLTV := []float64{100*60/m + 50*90/m, 10 * 121 / m, 0, nan}
	wantChurn := []float64{0, 1, 0, nan}
	ltv, churned := j.Column("ltv"), j.Column("churned")
	if ltv == nil || churned == nil || churned.Kind != dataset.Boolean || ltv.Kind != dataset.Numeric {
		t.Fatalf("columns %v", names(j))
	}
	for i := range wantLTV {
		if !same(ltv.Num[i], wantLTV[i]) || !same(churned.Num[i], wantChurn[i]) {
			t.Errorf("row %d: ltv %v churned %v, want %v %v", i, ltv.Num[i], churned.Num[i], wantLTV[i], wantChurn[i])
		}
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{
		"3 accounts have subscriptions, 1 have none (their outcomes are missing)",
		"1 subscriptions (1 active) name 1 accounts that are not in",
		"active ones run to 2024-05-01",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}

	// An accounts file with its own churn column keeps it; churned is not derived.
	acc2 := load(t, "accounts.csv", "account_id,industry,churn_flag\nA-1,saas,True\nA-2,fintech,False\nA-3,saas,False\n")
	j2, notes2, err := Join(acc2, "", deals, kind)
	if err != nil {
		t.Fatal(err)
	}
	if j2.Column("churned") != nil {
		t.Errorf("churned derived although the accounts have churn_flag: %v", names(j2))
	}
	if all := strings.Join(notes2, "\n"); !strings.Contains(all, `has its own churn column "churn_flag", which is kept as the churn outcome; by the subscriptions, 1 of 3 accounts have churned`) {
		t.Errorf("notes: %s", all)
	}

	// Without an end date column, churn is not invented.
	tb3 := load(t, "subs.csv", "account_id,start_date,mrr\nA-1,2024-01-01,10\nA-2,2024-02-01,20\n")
	cols3, kind3, dn, err := DetectDealColumns(tb3, DealColumns{})
	if err != nil || kind3 != Subscriptions || !strings.Contains(strings.Join(dn, "\n"), "no end date column") {
		t.Fatal(err, kind3, dn)
	}
	deals3, _, err := Deals(tb3, cols3)
	if err != nil {
		t.Fatal(err)
	}
	j3, _, err := Join(acc, "", deals3, kind3)
	if err != nil {
		t.Fatal(err)
	}
	if j3.Column("churned") != nil || j3.Column("ltv") == nil {
		t.Errorf("columns %v: want ltv and no churned", names(j3))
	}
}

func names(t *dataset.Table) []string {
	var out []string
	for _, c := range t.Columns {
		out = append(out, c.Name+":"+c.Kind.String())
	}
	return out
}

func opps(t *testing.T, csv string) ([]Deal, Kind) {
	t.Helper()
	tb := load(t, "deals.csv", csv)
	cols, kind, _, err := DetectDealColumns(tb, DealColumns{})
	if err != nil {
		t.Fatal(err)
	}
	deals, _, err := Deals(tb, cols)
	if err != nil {
		t.Fatal(err)
	}
	return deals, kind
}

func TestJoinSalesforceIDs(t *testing.T) {
	// Two 15-character ids that differ only in case are different accounts; deals use
	// the 18-character form (suffix), accounts the 15-character one.
	acc := load(t, "accounts.csv", "Id,Name,Industry\n0015g00000AbCdE,Acme,Tech\n0015g00000abcde,Beta,Retail\n0015g00000ZZZZZ,Gamma,Tech\n")
	deals, kind := opps(t, "AccountId,StageName,Amount,CreatedDate,CloseDate\n"+
		"0015g00000AbCdEAAB,Closed Won,100,2024-01-01,2024-01-11\n"+
		"0015g00000abcdeAAC,Closed Won,7,2024-01-01,2024-01-03\n"+
		"0015g00000abcdeAAC,Closed Lost,0,2024-01-01,2024-01-03\n"+
		"0015g00000QQQQQAAA,Closed Won,5,2024-01-01,2024-01-02\n")
	j, notes, err := Join(acc, "", deals, kind)
	if err != nil {
		t.Fatal(err)
	}
	got := names(j)
	want := []string{"Id:categorical", "Name:categorical", "Industry:categorical", "ltv:numeric", "sales_cycle_days:numeric", "win_rate:numeric", "deals_won:numeric", "deals_closed:numeric"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("columns %v, want %v", got, want)
	}
	check := func(col string, want ...float64) {
		c := j.Column(col)
		for i, w := range want {
			if !same(c.Num[i], w) {
				t.Errorf("%s row %d = %v, want %v", col, i, c.Num[i], w)
			}
		}
	}
	check("ltv", 100, 7, nan)
	check("sales_cycle_days", 10, 2, nan)
	check("win_rate", 1, 0.5, nan)
	check("deals_won", 1, 1, nan)
	check("deals_closed", 1, 2, nan)
	all := strings.Join(notes, "\n")
	for _, w := range []string{
		`key "Id"`, "keys compared as Salesforce ids (first 15 characters, case-sensitive)",
		"2 accounts have opportunities, 1 have none",
		`1 opportunities (1 closed) name 1 accounts that are not in`, `e.g. "0015g00000QQQQQAAA"`,
	} {
		if !strings.Contains(all, w) {
			t.Errorf("notes lack %q:\n%s", w, all)
		}
	}
	if j.Path != acc.Path || j.SHA256 != acc.SHA256 || j.Rows != 3 {
		t.Errorf("joined table path %q sha %q rows %d", j.Path, j.SHA256, j.Rows)
	}
}

func TestJoinNames(t *testing.T) {
	// HubSpot: companies by name; the key is the column that matches the most deals.
	acc := load(t, "companies.csv", "Record ID,Company name,Industry,ltv\n11,Acme Corp,SaaS,5\n12,Beta  Inc,Retail,6\n11,Acme Corp,SaaS,5\n")
	deals, kind := opps(t, "Deal Name,Associated Company,Deal Stage,Amount,Create Date,Close Date\n"+
		"d1,acme corp,closedwon,100,2024-01-01,2024-01-31\n"+
		"d2,BETA INC,closedlost,50,2024-01-01,2024-01-31\n"+
		"d3,Beta Inc,appointmentscheduled,80,2024-01-01,2024-02-29\n")
	j, notes, err := Join(acc, "", deals, kind)
	if err != nil {
		t.Fatal(err)
	}
	if j.Rows != 2 || j.Column("ltv").Index != 3 {
		t.Fatalf("rows %d, columns %v: want the identical duplicate dropped and the accounts' ltv kept", j.Rows, names(j))
	}
	if c := j.Column("Industry"); len(c.Codes) != 2 || c.Counts[c.Codes[0]] != 1 || c.Counts[c.Codes[1]] != 1 {
		t.Errorf("subset Industry %+v", c)
	}
	if w := j.Column("win_rate").Num; w[0] != 1 || w[1] != 0 {
		t.Errorf("win_rate %v", w)
	}
	all := strings.Join(notes, "\n")
	for _, w := range []string{
		`key "Company name"`, "keys compared ignoring case and spacing",
		`already has a column "ltv"; it was kept and the ltv derived from the deals was not added`,
		"1 rows of", "repeat another account row exactly and were dropped",
	} {
		if !strings.Contains(all, w) {
			t.Errorf("notes lack %q:\n%s", w, all)
		}
	}
}

// Pipedrive: organizations by "Organization - Name", deals by "Deal - Organization".
func TestJoinPipedrive(t *testing.T) {
	acc := load(t, "organizations.csv", "Organization - Name,Organization - Industry\nAcme,SaaS\nBeta,Retail\n")
	deals, kind := opps(t, "Deal - Title,Deal - Organization,Deal - Value,Deal - Status,Deal - Deal created,Deal - Won time\n"+
		"d1,Acme,100,won,2024-01-01 09:00:00,2024-01-31 10:00:00\n"+
		"d2,Beta,50,lost,2024-01-01 09:00:00,\n")
	j, notes, err := Join(acc, "", deals, kind)
	if err != nil {
		t.Fatal(err)
	}
	if w := j.Column("win_rate").Num; j.Rows != 2 || w[0] != 1 || w[1] != 0 {
		t.Errorf("rows %d, win_rate %v", j.Rows, w)
	}
	if all := strings.Join(notes, "\n"); !strings.Contains(all, `key "Organization - Name"`) {
		t.Errorf("notes:\n%s", all)
	}
}

func TestJoinErrors(t *testing.T) {
	deals, kind := opps(t, "account,deal_stage,close_value\nAcme Corp,Won,10\nBeta,Lost,0\n")
	cases := []struct {
		name, accounts, key, want string
	}{
		{"nothing matches", "account,sector\nGamma,retail\nDelta,medical\n", "",
			`no deal matches an account: ACC column "account" (e.g. "Gamma") vs DEALS column "account" (e.g. "Acme Corp"); name the accounts column that holds the deals' account values with --join COLUMN`},
		{"conflicting duplicates", "account,sector,employees\nAcme Corp,retail,10\nBeta,medical,5\nacme corp,retail,12\n", "",
			`ACC: account "acme corp" is on lines 2 and 4 with different values in column "employees" ("10" vs "12"); merge or remove the duplicate accounts, or keep one row of each with --duplicates first|last`},
		{"no key column", "sector,employees\nretail,1\nmedical,2\n", "",
			`ACC: no account key column among the headers "sector", "employees"; name the column that holds the deals' "account" values with --join COLUMN`},
		{"unknown key", "account,sector\nAcme Corp,retail\n", "acount",
			`ACC: account key "acount": no such column (did you mean "account"?)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			acc := load(t, "accounts.csv", c.accounts)
			_, _, err := Join(acc, c.key, deals, kind)
			want := strings.NewReplacer("ACC", acc.Path, "DEALS", deals[0].Source.Path).Replace(c.want)
			if err == nil || err.Error() != want {
				t.Errorf("error\n %v\nwant\n %s", err, want)
			}
		})
	}
}

func TestDealsFromStdin(t *testing.T) {
	// A table read from standard input keeps its cells as a file's do: accounts as
	// written, a constant (Empty) stage column read from the kept cells.
	in := "account,deal_stage,close_value\nAcme,Won,10\nBeta,Lost,0\nacme,Engaging,\n"
	cols := DealColumns{Account: "account", Stage: "deal_stage", Amount: "close_value"}
	tb, err := dataset.Read(strings.NewReader(in), "-", dataset.Options{KeepCellsOf: DealCells(cols)})
	if err != nil {
		t.Fatal(err)
	}
	deals, s, err := Deals(tb, cols)
	if err != nil {
		t.Fatal(err)
	}
	if s.Won != 1 || s.Lost != 1 || s.Open != 1 || deals[0].Account != "Acme" || deals[2].Account != "acme" {
		t.Errorf("deals %+v summary %+v", deals, s)
	}
	cols = DealColumns{Account: "account", Stage: "deal_stage"}
	tb, err = dataset.Read(strings.NewReader("account,deal_stage\nAcme,Won\nBeta,Won\n"), "-", dataset.Options{KeepCellsOf: DealCells(cols)})
	if err != nil {
		t.Fatal(err)
	}
	if _, s, err = Deals(tb, cols); err != nil || s.Won != 2 {
		t.Errorf("constant stage: summary %+v, error %v", s, err)
	}
	// Without the cells kept, categorical accounts fall back to the loader's values; a
	// constant (Empty) stage column cannot.
	tb, err = dataset.Read(strings.NewReader(in), "-", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	deals, _, err = Deals(tb, DealColumns{Account: "account", Stage: "deal_stage", Amount: "close_value"})
	if err != nil || deals[0].Account != "Acme" || deals[2].Account != "Acme" {
		t.Errorf("fallback: deals %+v, error %v", deals, err)
	}
	tb, err = dataset.Read(strings.NewReader("account,deal_stage\nAcme,Won\nBeta,Won\n"), "-", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = Deals(tb, cols)
	want := `-: column "deal_stage" holds empty values, which the loader did not keep, and the file cannot be read again: -: column "account": its cells as written were not kept when the file was loaded`
	if err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestParseDealColumns(t *testing.T) {
	d, err := ParseDealColumns("account=Company ID, stage=Pipeline Stage,amount=Deal Value,closed_at=Closed On")
	if err != nil {
		t.Fatal(err)
	}
	if d.Account != "Company ID" || d.Stage != "Pipeline Stage" || d.Amount != "Deal Value" || d.ClosedAt != "Closed On" {
		t.Errorf("got %+v", d)
	}
	for _, bad := range []string{"acct=X", "stage", "stage="} {
		if _, err := ParseDealColumns(bad); err == nil || !strings.Contains(err.Error(), "key=Header") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

// TestJoinSeveralAccounts: a deal naming several accounts separated by ";" (HubSpot's
// associated companies) counts once, for the first of them in the accounts; the notes
// say how many did; report's per-deal rows agree.
func TestJoinSeveralAccounts(t *testing.T) {
	acc := load(t, "accounts.csv", "Record ID,Industry\n101,Tech\n102,Retail\n")
	deals, kind := opps(t, "Associated Company IDs,Deal Stage,Amount,Create Date,Close Date\n"+
		"101,closedwon,100,2024-01-01,2024-01-11\n"+
		"999;102,closedwon,40,2024-01-01,2024-01-21\n"+ // 999 unknown: 102
		"102; 101,closedlost,0,2024-02-01,2024-02-05\n"+ // both known: the first, 102
		"998;997,closedwon,5,2024-01-01,2024-01-02\n") // neither: left out
	j, notes, err := Join(acc, "", deals, kind)
	if err != nil {
		t.Fatal(err)
	}
	ltv := j.Column(ColLTV).Num
	if !same(ltv[0], 100) || !same(ltv[1], 40) || !same(j.Column(ColWinRate).Num[1], 0.5) {
		t.Errorf("ltv %v, win rate of 102 %v", ltv, j.Column(ColWinRate).Num[1])
	}
	all := strings.Join(notes, "\n")
	for _, want := range []string{`2 opportunities name several accounts (separated by ";"); each counts once, for the first of them in `,
		`1 opportunities (1 closed) name 1 accounts that are not in `, `e.g. "998;997"`} {
		if !strings.Contains(all, want) {
			t.Errorf("notes lack %q:\n%s", want, all)
		}
	}
	rows, _, err := AccountRows(acc, "", deals, kind, "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rows, []int{0, 1, 1, -1}) {
		t.Errorf("AccountRows %v, want [0 1 1 -1]", rows)
	}
}

// TestStripeSubscriptions: a Stripe subscriptions export ("Customer ID", "Start (UTC)",
// "Ended At (UTC)", "Amount" per month) is read once its amount is named as the MRR;
// without it, the error names --deal-columns.
func TestStripeSubscriptions(t *testing.T) {
	csv := "id,Customer ID,Plan,Interval,Amount,Status,Start (UTC),Canceled At (UTC),Ended At (UTC)\n" +
		"sub_1,cus_1,pro,month,99.00,active,2024-01-01 10:00,,\n" +
		"sub_2,cus_2,pro,month,49.00,canceled,2024-01-01 10:00,2024-03-01 09:00,2024-03-01 09:00\n"
	tb := load(t, "subs.csv", csv)
	if _, _, _, err := DetectDealColumns(tb, DealColumns{}); err == nil || !strings.Contains(err.Error(), "name the columns with --deal-columns") {
		t.Errorf("without a mapping: %v", err)
	}
	cols, kind, _, err := DetectDealColumns(tb, DealColumns{MRR: "Amount"})
	if err != nil || kind != Subscriptions {
		t.Fatal(err, kind)
	}
	if cols.Account != "Customer ID" || cols.Start != "Start (UTC)" || cols.End != "Ended At (UTC)" {
		t.Errorf("columns %+v", cols)
	}
}

// TestDealCurrencies: an amount converted to one currency is preferred to the raw
// amount; with only a raw amount in several currencies, the notes say that LTV adds
// them as they stand and how to export one currency.
func TestDealCurrencies(t *testing.T) {
	raw := "Deal ID,Company ID,Deal Stage,Amount,Currency,Create Date,Close Date\n" +
		"1,A,closedwon,100,USD,2024-01-01,2024-01-10\n2,B,closedwon,90,EUR,2024-01-01,2024-01-20\n3,C,closedlost,50,GBP,2024-01-01,2024-01-05\n"
	cols, _, notes, err := DetectDealColumns(load(t, "deals.csv", raw), DealColumns{})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(notes, "\n")
	if cols.Amount != "Amount" || !strings.Contains(all, `the deals are in 3 currencies ("Currency": USD, EUR, GBP) and "Amount" is not converted to one`) {
		t.Errorf("amount %q, notes:\n%s", cols.Amount, all)
	}
	conv := "Deal ID,Company ID,Deal Stage,Amount,Amount in company currency,Currency,Create Date,Close Date\n" +
		"1,A,closedwon,100,100,USD,2024-01-01,2024-01-10\n2,B,closedwon,90,97,EUR,2024-01-01,2024-01-20\n"
	cols, _, notes, err = DetectDealColumns(load(t, "deals.csv", conv), DealColumns{})
	if err != nil {
		t.Fatal(err)
	}
	if cols.Amount != "Amount in company currency" || strings.Contains(strings.Join(notes, "\n"), "currencies") {
		t.Errorf("amount %q, notes %q", cols.Amount, notes)
	}
}
