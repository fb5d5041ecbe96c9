package source

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/icp-dev/icp/dataset"
)

func TestMask(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"postgres://icp:s3cret@db.example.com:5432/crm", "postgres://icp:xxxxx@db.example.com:5432/crm"},
		{"postgres://icp@db/crm?sslmode=require", "postgres://icp@db/crm?sslmode=require"},
		{"postgresql://u@h/d?password=s3cret&sslmode=disable", "postgresql://u@h/d?password=xxxxx&sslmode=disable"},
		{"host=db user=icp password=s3cret dbname=crm", "host=db user=icp password=xxxxx dbname=crm"},
		{"host=db password='s3 cret' dbname=crm", "host=db password=xxxxx dbname=crm"},
		{"postgres://icp:p%40ss@db/crm", "postgres://icp:xxxxx@db/crm"},
	} {
		got := Mask(c.in)
		if got != c.want {
			t.Errorf("Mask(%q) = %q, want %q", c.in, got, c.want)
		}
		if strings.Contains(got, "s3cret") || strings.Contains(got, "p%40ss") {
			t.Errorf("Mask(%q) shows the password", c.in)
		}
	}
	err := Scrub(errors.New("connect postgres://icp:s3cret@db/crm failed: s3cret"), "postgres://icp:s3cret@db/crm")
	if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("Scrub left the password: %v", err)
	}
}

func TestKindAndDisplay(t *testing.T) {
	t.Parallel()
	if KindOf("a.csv") != CSV || KindOf("A.PARQUET") != Parquet || KindOf("table:x") != Database || KindOf("query:select 1") != Database {
		t.Error("KindOf")
	}
	d := Display("table:sales.customers", "postgres://u:pw@h/db")
	if d != "table sales.customers at postgres://u:xxxxx@h/db" {
		t.Errorf("Display = %q", d)
	}
	if d := Display("query:SELECT *\n  FROM t", ""); d != `query "SELECT * FROM t"` {
		t.Errorf("Display = %q", d)
	}
}

// memRows is a RowReader over rows held in memory.
type memRows struct {
	fields []dataset.Field
	rows   [][]dataset.Value
	i      int
}

func (m *memRows) Fields() []dataset.Field { return m.fields }
func (m *memRows) Next(row []dataset.Value) error {
	if m.i >= len(m.rows) {
		return io.EOF
	}
	copy(row, m.rows[m.i])
	m.i++
	return nil
}

// TestReadRowsKinds checks that types come from the source and the cardinality rules
// of the CSV loader apply: a text column with a value per row becomes Text, one with a
// single value Empty, a list Multi; a numeric text is not re-parsed as a number.
func TestReadRowsKinds(t *testing.T) {
	t.Parallel()
	m := &memRows{fields: []dataset.Field{{Name: "id", Type: dataset.FieldText}, {Name: "plan", Type: dataset.FieldText},
		{Name: "code", Type: dataset.FieldText}, {Name: "n", Type: dataset.FieldNumber}, {Name: "ok", Type: dataset.FieldBool},
		{Name: "day", Type: dataset.FieldDate}, {Name: "tags", Type: dataset.FieldList}, {Name: "same", Type: dataset.FieldText}}}
	for i := 0; i < 300; i++ {
		m.rows = append(m.rows, []dataset.Value{{Text: "C-" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + dataset.FormatNumber(float64(i))},
			{Text: []string{"Basic", "Pro", " pro "}[i%3]}, {Text: dataset.FormatNumber(float64(i % 5))}, {Num: float64(i), Null: i == 7},
			{Num: float64(i % 2)}, {Num: 19000 + float64(i)}, {List: []string{"Slack", "AWS"}[:1+i%2]}, {Text: "same"}})
	}
	tab, err := dataset.ReadRows(m, "mem", dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]dataset.Kind{"id": dataset.Text, "plan": dataset.Categorical, "code": dataset.Categorical, "n": dataset.Numeric,
		"ok": dataset.Boolean, "day": dataset.Date, "tags": dataset.Multi, "same": dataset.Empty}
	for _, c := range tab.Columns {
		if c.Kind != want[c.Name] {
			t.Errorf("column %s: %s, want %s (notes %v)", c.Name, c.Kind, want[c.Name], c.Notes)
		}
	}
	if c := tab.Column("plan"); len(c.Levels) != 2 || c.Counts[1] != 200 {
		t.Errorf("plan levels %v counts %v", c.Levels, c.Counts)
	}
	if c := tab.Column("id"); c.Raw == nil || c.Raw[0] == "" {
		t.Error("text columns keep their values")
	}
	if c := tab.Column("n"); c.MissingCount != 1 || c.Num[7] == c.Num[7] {
		t.Error("null number is missing")
	}
	// The digest depends on the values only, not on the name or the rows' order.
	m.i = 0
	tab2, _ := dataset.ReadRows(m, "other name", dataset.Options{})
	if tab2.SHA256 != tab.SHA256 || tab.Rows != 300 {
		t.Errorf("digest %s vs %s, rows %d", tab.SHA256, tab2.SHA256, tab.Rows)
	}
	m.i = 0
	m.rows[0], m.rows[299] = m.rows[299], m.rows[0]
	if tab3, _ := dataset.ReadRows(m, "mem", dataset.Options{}); tab3.SHA256 != tab.SHA256 {
		t.Error("the digest depends on the order of the rows")
	}
	m.i = 0
	m.rows[5][3].Num++
	if tab4, _ := dataset.ReadRows(m, "mem", dataset.Options{}); tab4.SHA256 == tab.SHA256 {
		t.Error("a changed value leaves the digest unchanged")
	}
	for d := -350000; d < 2900000; d += 997 { // years 1011 to 9909
		if back, ok := dataset.ParseDate(dataset.FormatDate(float64(d))); !ok || back != float64(d) {
			t.Fatalf("FormatDate(%d) = %s reads back as %v", d, dataset.FormatDate(float64(d)), back)
		}
	}
	if dataset.FormatDate(19000) != "2022-01-08" || dataset.FormatDate(-1) != "1969-12-31" {
		t.Errorf("FormatDate: %s %s", dataset.FormatDate(19000), dataset.FormatDate(-1))
	}
}

func TestParseArray(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{}`:                           ``,
		`{Slack,AWS}`:                  `Slack|AWS`,
		`{"Google Cloud",NULL,"a\"b"}`: `Google Cloud|a"b`,
		`{{1,2},{3,4}}`:                `1|2|3|4`,
		`[0:1]={x,y}`:                  `x|y`,
		`{"NULL",null}`:                `NULL`,
	} {
		got, err := parseArray(in)
		if err != nil || strings.Join(got, "|") != want {
			t.Errorf("parseArray(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parseArray("Slack"); err == nil {
		t.Error("not an array: no error")
	}
}

func TestIsDatabaseDisplay(t *testing.T) {
	for _, dsn := range []string{"postgres://icp:pw@db/crm", "host=/tmp/pg user=icp dbname=crm", "duckdb:/data/crm.duckdb"} {
		for _, name := range []string{TableName("sales.customers"), QueryName("SELECT * FROM customers")} {
			if d := Display(name, dsn); !IsDatabaseDisplay(d) {
				t.Errorf("%q is a database source", d)
			}
		}
	}
	for _, file := range []string{"customers.csv", "q3/customers.parquet", "table.csv", "query results.csv"} {
		if IsDatabaseDisplay(Display(file, "")) {
			t.Errorf("%q is a file", file)
		}
	}
}
