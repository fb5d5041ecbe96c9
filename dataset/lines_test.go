package dataset

import (
	"strings"
	"testing"
)

// TestCROnlyLineEnds: a file whose lines end in carriage returns only (old Mac) reads
// as lines, with a problem saying so; a CRLF file is unchanged.
func TestCROnlyLineEnds(t *testing.T) {
	t.Parallel()
	tb, err := Read(strings.NewReader("id,ltv,industry\r1,100,SaaS\r2,200,\"Health\rcare\"\r3,300,SaaS\r"), "mac.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkConsistent(t, tb)
	if tb.Rows != 3 || len(tb.Columns) != 3 || tb.Columns[1].Num[2] != 300 {
		t.Fatalf("rows %d columns %d", tb.Rows, len(tb.Columns))
	}
	if want := []int{2, 3, 5}; tb.Line[0] != want[0] || tb.Line[1] != want[1] || tb.Line[2] != want[2] {
		t.Errorf("lines %v, want %v", tb.Line, want)
	}
	want := "the line ends are carriage returns only (as old Mac files have); they were read as line ends"
	if len(tb.Problems) != 1 || tb.Problems[0] != want {
		t.Errorf("problems %q", tb.Problems)
	}
	tb, err = Read(strings.NewReader("id,ltv\r\n1,100\r\n2,200\r\n"), "crlf.csv", Options{})
	if err != nil || tb.Rows != 2 || len(tb.Problems) != 0 {
		t.Fatalf("crlf: %v, %d rows, problems %q", err, tb.Rows, tb.Problems)
	}
}

// TestLimits: a line, a quoted record, a cell or a header beyond the limits is an error
// naming the file, the line and what to do.
func TestLimits(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 300)
	multi := `"` + strings.Repeat("abc\n", 100) + `"`
	cases := []struct {
		name, data string
		opt        Options
		want       string
	}{
		{"line.csv", "id,ltv\n1,100\n2," + long + "\n", Options{MaxLineBytes: 256},
			"line.csv:3: line 3 is longer than 256 bytes, the most a line may hold; the file may lack line ends, a cell may hold a document rather than a value, or a quote may never be closed; check that it is a CSV export with one record per line"},
		{"header.csv", "a," + long + "\n1,2\n", Options{MaxLineBytes: 256},
			"header.csv:1: line 1 is longer than 256 bytes, the most a line may hold"},
		{"quoted.csv", "id,notes\n1,ok\n2," + multi + "\n", Options{MaxLineBytes: 256},
			"quoted.csv:3: the record starting on line 3 is longer than 256 bytes, the most a record may hold (a quoted field runs on over many lines)"},
		{"cell.csv", "id,notes\n1,ok\n2," + long + "\n", Options{MaxFieldBytes: 100},
			`cell.csv:3: column "notes" holds a value of 300 bytes, more than the 100 bytes a cell may hold; a quote may be missing its closing quote, or the column holds a file or document rather than a value: remove it from the export`},
		{"wide.csv", "a,b,c,d\n1,2,3,4\n", Options{MaxColumns: 3},
			"wide.csv:1: the header has 4 columns, more than the 3 icp reads; export only the columns you need (or check the delimiter)"},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.data), c.name, c.opt)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: error %v\nwant prefix %s", c.name, err, c.want)
		}
	}
	// Quotes doubled inside a quoted field do not end it; a record under the limit
	// passes.
	tb, err := Read(strings.NewReader("id,notes\n1,\"say \"\"hi\"\"\nthere\"\n2,ok\n"), "ok.csv", Options{MaxLineBytes: 64})
	if err != nil || tb.Rows != 2 {
		t.Fatalf("ok.csv: %v", err)
	}
}

// TestKeepTextOf keeps the values of the listed text columns only.
func TestKeepTextOf(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("Customer ID,name,ltv\n")
	for i := range 300 {
		b.WriteString("C" + itoa(i) + ",N" + itoa(i) + "," + itoa(i) + "\n")
	}
	tb, err := Read(strings.NewReader(b.String()), "k.csv", Options{KeepTextOf: []string{"customer_id"}})
	if err != nil {
		t.Fatal(err)
	}
	id, name := tb.Column("Customer ID"), tb.Column("name")
	if id.Kind != Text || len(id.Raw) != 300 || id.Raw[7] != "C7" || name.Kind != Text || name.Raw != nil {
		t.Errorf("id %s %d raw, name %s %d raw", id.Kind, len(id.Raw), name.Kind, len(name.Raw))
	}
}

func itoa(i int) string { return fmtInt(i) }

func fmtInt(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return fmtInt(i/10) + string(rune('0'+i%10))
}
