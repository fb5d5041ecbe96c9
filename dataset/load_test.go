package dataset

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func load(t *testing.T, name string, opt Options) *Table {
	t.Helper()
	tb, err := Load(filepath.Join("testdata", name), opt)
	if err != nil {
		t.Fatalf("Load(%s): %v", name, err)
	}
	checkConsistent(t, tb)
	return tb
}

func loadErr(t *testing.T, name string) string {
	t.Helper()
	_, err := Load(filepath.Join("testdata", name), Options{})
	if err == nil {
		t.Fatalf("Load(%s): no error", name)
	}
	return err.Error()
}

// checkConsistent verifies the invariants of a loaded table.
func checkConsistent(t testing.TB, tb *Table) {
	t.Helper()
	if len(tb.Line) != tb.Rows {
		t.Fatalf("%d lines for %d rows", len(tb.Line), tb.Rows)
	}
	for i, c := range tb.Columns {
		if c.Index != i {
			t.Fatalf("column %q index %d at %d", c.Name, c.Index, i)
		}
		if c.MissingCount < 0 || c.MissingCount > tb.Rows {
			t.Fatalf("column %q: missing %d of %d", c.Name, c.MissingCount, tb.Rows)
		}
		switch c.Kind {
		case Numeric, Boolean, Date:
			if len(c.Num) != tb.Rows {
				t.Fatalf("column %q (%s): %d values for %d rows", c.Name, c.Kind, len(c.Num), tb.Rows)
			}
			nan := 0
			for _, x := range c.Num {
				if math.IsNaN(x) {
					nan++
				} else if c.Kind == Boolean && x != 0 && x != 1 {
					t.Fatalf("column %q: boolean value %v", c.Name, x)
				}
			}
			if nan != c.MissingCount {
				t.Fatalf("column %q: %d NaN, MissingCount %d", c.Name, nan, c.MissingCount)
			}
		case Categorical:
			if len(c.Codes) != tb.Rows || len(c.Levels) != len(c.Display) || len(c.Levels) != len(c.Counts) {
				t.Fatalf("column %q: %d codes, %d levels, %d display, %d counts", c.Name, len(c.Codes), len(c.Levels), len(c.Display), len(c.Counts))
			}
			counts := make([]int, len(c.Levels))
			miss := 0
			for _, code := range c.Codes {
				if code == Missing {
					miss++
				} else {
					counts[code]++
				}
			}
			if miss != c.MissingCount || !slices.Equal(counts, c.Counts) {
				t.Fatalf("column %q: counts %v vs %v, missing %d vs %d", c.Name, counts, c.Counts, miss, c.MissingCount)
			}
			for i, l := range c.Levels {
				if FoldCategory(c.Display[i]) != l {
					t.Fatalf("column %q: display %q for level %q", c.Name, c.Display[i], l)
				}
			}
		case Multi:
			if len(c.ItemOffsets) != tb.Rows+1 || len(c.MultiMissing) != tb.Rows || int(c.ItemOffsets[tb.Rows]) != len(c.ItemCodes) {
				t.Fatalf("column %q: bad multi shape", c.Name)
			}
			counts := make([]int, len(c.Levels))
			miss := 0
			for i := 0; i < tb.Rows; i++ {
				items := c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]]
				if (len(items) == 0) != c.MultiMissing[i] {
					t.Fatalf("column %q row %d: MultiMissing wrong", c.Name, i)
				}
				if len(items) == 0 {
					miss++
				}
				for _, it := range items {
					counts[it]++
				}
			}
			if miss != c.MissingCount || !slices.Equal(counts, c.Counts) {
				t.Fatalf("column %q: counts %v vs %v, missing %d vs %d", c.Name, counts, c.Counts, miss, c.MissingCount)
			}
		case Text, Empty:
			if c.Num != nil || c.Codes != nil || c.ItemCodes != nil {
				t.Fatalf("column %q (%s) keeps values", c.Name, c.Kind)
			}
		default:
			t.Fatalf("column %q: kind %d", c.Name, c.Kind)
		}
	}
}

func kinds(tb *Table) string {
	var s []string
	for _, c := range tb.Columns {
		s = append(s, c.Kind.String())
	}
	return strings.Join(s, ",")
}

func levels(c *Column) map[string]int {
	m := map[string]int{}
	for i, l := range c.Levels {
		m[l] = c.Counts[i]
	}
	return m
}

func TestLoadBOMCRLF(t *testing.T) {
	tb := load(t, "bom_crlf.csv", Options{})
	if tb.Columns[0].Name != "Company" {
		t.Errorf("first header %q: BOM not stripped", tb.Columns[0].Name)
	}
	if got := kinds(tb); got != "categorical,categorical,numeric,boolean,date" {
		t.Errorf("kinds %s", got)
	}
	if tb.Rows != 4 || !slices.Equal(tb.Line, []int{2, 3, 4, 5}) {
		t.Errorf("rows %d lines %v", tb.Rows, tb.Line)
	}
	ind := tb.Column("industry")
	if !slices.Equal(ind.Levels, []string{"saas", "retail"}) || !slices.Equal(ind.Display, []string{"SaaS", "Retail"}) || !slices.Equal(ind.Counts, []int{2, 2}) {
		t.Errorf("industry %q %q %v", ind.Levels, ind.Display, ind.Counts)
	}
	rev := tb.Column("annual_revenue").Num
	if rev[0] != 1200000 || rev[1] != 1200000 || !math.IsNaN(rev[2]) || rev[3] != -1200 {
		t.Errorf("revenue %v", rev)
	}
	if ch := tb.Column("Churned").Num; !slices.Equal(ch, []float64{1, 0, 0, 1}) {
		t.Errorf("churned %v", ch)
	}
	d := tb.Column("Signup Date")
	if d.Num[0] != 19753 || d.MissingCount != 1 {
		t.Errorf("dates %v", d.Num)
	}
	raw, _ := os.ReadFile("testdata/bom_crlf.csv")
	sum := sha256.Sum256(raw)
	if tb.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("sha256 %s", tb.SHA256)
	}
	if tb.Delimiter != ',' || tb.Encoding != "utf-8" || len(tb.Problems) != 0 {
		t.Errorf("delimiter %q encoding %q problems %q", tb.Delimiter, tb.Encoding, tb.Problems)
	}
}

func TestLoadSemicolonMultiNA(t *testing.T) {
	tb := load(t, "semicolon.csv", Options{})
	if tb.Delimiter != ';' {
		t.Fatalf("delimiter %q", tb.Delimiter)
	}
	if got := kinds(tb); got != "categorical,categorical,numeric,multi" {
		t.Errorf("kinds %s", got)
	}
	reg := tb.Column("Region")
	if got := levels(reg); got["na"] != 2 || got["eu"] != 1 || reg.MissingCount != 0 {
		t.Errorf("NA must stay a region: %v missing %d", got, reg.MissingCount)
	}
	if got := tb.Column("Revenue").Num; got[0] != 1200.5 || got[1] != 3000 || got[2] != 750.25 || !math.IsNaN(got[3]) {
		t.Errorf("revenue %v", got)
	}
	tools := tb.Column("Tools")
	if !slices.Equal(tools.Levels, []string{"salesforce", "slack", "hubspot", "zoom"}) || !slices.Equal(tools.Counts, []int{1, 2, 1, 1}) {
		t.Errorf("tools %q %v", tools.Levels, tools.Counts)
	}
	if !slices.Equal(tools.MultiMissing, []bool{false, false, false, true}) || tools.MissingCount != 1 {
		t.Errorf("tools missing %v", tools.MultiMissing)
	}
	if got := tools.ItemCodes[tools.ItemOffsets[2]:tools.ItemOffsets[3]]; !slices.Equal(got, []int32{1, 3}) {
		t.Errorf("row 3 items %v", got)
	}
}

func TestLoadTabPipe(t *testing.T) {
	tb := load(t, "tab.tsv", Options{})
	if tb.Delimiter != '\t' || kinds(tb) != "categorical,numeric,categorical" {
		t.Errorf("tab: %q %s", tb.Delimiter, kinds(tb))
	}
	if plan := tb.Column("Plan"); !slices.Equal(plan.Levels, []string{"pro", "enterprise"}) {
		t.Errorf("plan %q", plan.Levels)
	}
	tb = load(t, "pipe.csv", Options{})
	if tb.Delimiter != '|' || kinds(tb) != "categorical,categorical,numeric" {
		t.Errorf("pipe: %q %s", tb.Delimiter, kinds(tb))
	}
}

func TestLoadQuotedNewline(t *testing.T) {
	tb := load(t, "quoted_newline.csv", Options{})
	if tb.Rows != 3 || !slices.Equal(tb.Line, []int{2, 4, 5}) {
		t.Errorf("rows %d lines %v", tb.Rows, tb.Line)
	}
	if n := tb.Column("Notes"); n.Display[0] != "first line\nsecond line" || n.Display[1] != `said "hi"` {
		t.Errorf("notes %q", n.Display)
	}
}

func TestLoadCP1252(t *testing.T) {
	tb := load(t, "cp1252.csv", Options{})
	if tb.Encoding != "windows-1252" || len(tb.Problems) != 1 || !strings.Contains(tb.Problems[0], "3 bytes were not valid UTF-8") || !strings.Contains(tb.Problems[0], "line 2") {
		t.Errorf("encoding %q problems %q", tb.Encoding, tb.Problems)
	}
	if c := tb.Column("Company"); c.Display[0] != "Café Noir" {
		t.Errorf("company %q", c.Display)
	}
	if c := tb.Column("City"); c.Levels[0] != "montréal" {
		t.Errorf("city %q", c.Levels)
	}
	if a := tb.Column("Amount").Num; a[0] != 100 || a[1] != 200 {
		t.Errorf("amount %v (0x80 is the euro sign)", a)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct{ file, want string }{
		{"dup_header.csv", `testdata/dup_header.csv:1: duplicate column "Revenue" (columns 2 and 4)`},
		{"ragged.csv", "testdata/ragged.csv:56: row has 9 fields, the header has 10; check for an unquoted delimiter or a missing quote"},
		{"header_only.csv", "testdata/header_only.csv: no data rows below the header"},
		{"bad_quote.csv", "testdata/bad_quote.csv:3:11: extraneous or missing \" in quoted-field; a quoted field must end with a quote followed by the delimiter or the end of the line, and a quote inside it must be doubled (\"\"); the quoted field starts on line 2"},
		{"bare_quote.csv", "testdata/bare_quote.csv:2:7: bare \" in non-quoted-field; a field that contains a quote"},
	} {
		if got := loadErr(t, tc.file); !strings.Contains(got, tc.want) {
			t.Errorf("%s: error %q\nwant it to contain %q", tc.file, got, tc.want)
		}
	}
	if _, err := Load("testdata/does-not-exist.csv", Options{}); err == nil || !strings.Contains(err.Error(), "does-not-exist.csv") {
		t.Errorf("missing file: %v", err)
	}
	for _, tc := range []struct{ in, want string }{
		{"", "x.csv: the file is empty"},
		{"\xff\xfea\x00,\x00", "UTF-16"},
		{"PK\x03\x04....", "Excel"},
		{"a,b\n1,\x00\n", "NUL"},
	} {
		_, err := Read(strings.NewReader(tc.in), "x.csv", Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Read(%q): %v, want %q", tc.in, err, tc.want)
		}
	}
	if _, err := Read(strings.NewReader("a,b\n1,2\n"), "x.csv", Options{Force: map[string]Kind{"c": Numeric}}); err == nil || !strings.Contains(err.Error(), `no column "c"`) {
		t.Errorf("forcing a missing column: %v", err)
	}
}

func TestLoadBadNumbersAndText(t *testing.T) {
	tb := load(t, "bad_numbers.csv", Options{})
	if got := kinds(tb); got != "text,numeric,categorical" {
		t.Errorf("kinds %s", got)
	}
	emp := tb.Column("Employees")
	want := `3 values could not be read as a number and count as missing (first at line 101: "unknown"); the rows are kept; fix the values in the file`
	if !slices.Equal(emp.Notes, []string{want}) {
		t.Errorf("notes %q", emp.Notes)
	}
	if emp.MissingCount != 4 || !math.IsNaN(emp.Num[410]) || emp.Num[411] != 422 {
		t.Errorf("missing %d, %v %v", emp.MissingCount, emp.Num[410], emp.Num[411])
	}
	if c := tb.Column("Company"); len(c.Notes) != 1 || !strings.Contains(c.Notes[0], "500 distinct values in 500 rows") {
		t.Errorf("company notes %q", c.Notes)
	}
	if reg := tb.Column("Region"); levels(reg)["na"] != 125 || reg.MissingCount != 0 {
		t.Errorf("region %v", levels(reg))
	}
	// MaxLevels: three regions are too many for 2.
	tb = load(t, "bad_numbers.csv", Options{MaxLevels: 2})
	if c := tb.Column("Region"); c.Kind != Text || !strings.Contains(c.Notes[0], "more than 2 distinct values") {
		t.Errorf("region with MaxLevels 2: %s %q", c.Kind, c.Notes)
	}
	// Forcing keeps the kind and turns numbers in a categorical column into levels.
	tb = load(t, "bad_numbers.csv", Options{Force: map[string]Kind{"Employees": Categorical, "company": Empty}})
	if c := tb.Column("Employees"); c.Kind != Categorical || len(c.Levels) != 498 {
		t.Errorf("forced: %s %d levels", c.Kind, len(c.Levels))
	}
	if c := tb.Column("Company"); c.Kind != Empty {
		t.Errorf("forced empty: %s", c.Kind)
	}
}

func TestLoadEmptyHeaderCell(t *testing.T) {
	tb := load(t, "empty_header_cell.csv", Options{})
	if tb.Columns[1].Name != "column_2" || len(tb.Problems) != 1 || !strings.Contains(tb.Problems[0], `named it "column_2"`) {
		t.Errorf("name %q problems %q", tb.Columns[1].Name, tb.Problems)
	}
}

func readString(t *testing.T, s string, opt Options) *Table {
	t.Helper()
	tb, err := Read(strings.NewReader(s), "mem.csv", opt)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	checkConsistent(t, tb)
	return tb
}

func TestInference(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("flag01,yn,mixedbool,num,date,multi,same,none,cat,id,sparse\n")
	for i := 0; i < 300; i++ {
		yn := []string{"Yes", "No"}[i%2]
		mixed := []string{"Yes", "No", "Y"}[i%3]
		fmt.Fprintf(&sb, "%d,%s,%s,%d,2024-01-%02d,%s,same,,%s,id%d,%s\n",
			i%2, yn, mixed, i*10, i%28+1, []string{"a;b", "c", "a|c", "b"}[i%4], []string{"x", "y", "z"}[i%3], i, map[bool]string{true: "", false: "v"}[i < 299])
	}
	tb := readString(t, sb.String(), Options{})
	if got := kinds(tb); got != "boolean,boolean,boolean,numeric,date,multi,empty,empty,categorical,text,categorical" {
		t.Errorf("kinds %s", got)
	}
	// More than two spellings make a Boolean column only when all are plain yes/no
	// spellings; words such as won/lost/active keep their distinctions.
	if got := kinds(readString(t, "plain,words\nyes,Won\nN,Lost\ntrue,Active\n1,Won\nno,Lost\n", Options{})); got != "boolean,categorical" {
		t.Errorf("plain and word spellings: kinds %s", got)
	}
	if n := tb.Column("same").Notes; len(n) != 1 || !strings.Contains(n[0], `the same value ("same") in every row`) {
		t.Errorf("same notes %q", n)
	}
	if n := tb.Column("sparse").Notes; len(n) != 0 || tb.Column("sparse").MissingCount != 299 {
		t.Errorf("sparse notes %q", n)
	}
	if n := tb.Column("none").Notes; len(n) != 1 || n[0] != "no value in any row: no information" {
		t.Errorf("none notes %q", n)
	}
	tb = readString(t, "1,2\n3,4\n", Options{})
	if len(tb.Problems) != 1 || !strings.Contains(tb.Problems[0], "may lack a header") {
		t.Errorf("numeric header: %q", tb.Problems)
	}
	tb = readString(t, "a,b\n0,x\n0,y\n", Options{})
	if n := tb.Columns[0].Notes; tb.Columns[0].Kind != Empty || len(n) != 1 || n[0] != "the same value (no) in every row: no information" {
		t.Errorf("constant boolean: %s %q", tb.Columns[0].Kind, n)
	}
	// A single value with blanks is information ("Yes" or not known).
	tb = readString(t, "a,b\nYes,1\n,2\nYes,3\n", Options{})
	if tb.Columns[0].Kind != Boolean {
		t.Errorf("yes/blank: %s", tb.Columns[0].Kind)
	}
}

func TestBooleanUpgradesToNumeric(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("n,x\n")
	for i := 0; i < sampleRows+10; i++ {
		v := i % 2
		if i == sampleRows+5 {
			v = 7
		}
		fmt.Fprintf(&sb, "%d,%d\n", v, i)
	}
	tb := readString(t, sb.String(), Options{})
	c := tb.Columns[0]
	if c.Kind != Numeric || c.Num[sampleRows+5] != 7 || c.MissingCount != 0 || len(c.Notes) != 1 {
		t.Errorf("kind %s value %v notes %q", c.Kind, c.Num[sampleRows+5], c.Notes)
	}
	// Forced booleans do not change.
	tb = readString(t, sb.String(), Options{Force: map[string]Kind{"n": Boolean}})
	if c := tb.Columns[0]; c.Kind != Boolean || c.MissingCount != 1 {
		t.Errorf("forced: %s %d", c.Kind, c.MissingCount)
	}
}

func TestDateOrder(t *testing.T) {
	tb := readString(t, "d\n03/04/2024\n31/01/2024\n05/06/2024\n", Options{})
	d := tb.Columns[0]
	if d.Kind != Date || d.Num[0] != float64(daysFromCivil(2024, 4, 3)) || len(d.Notes) != 1 {
		t.Errorf("day-first column: %v %q", d.Num, d.Notes)
	}
	tb = readString(t, "d\n03/04/2024\n01/31/2024\n13/01/2024\n", Options{})
	d = tb.Columns[0]
	if d.Kind != Date || d.Num[0] != float64(daysFromCivil(2024, 3, 4)) || d.Num[2] != float64(daysFromCivil(2024, 1, 13)) {
		t.Errorf("mixed column: %s %v %q", d.Kind, d.Num, d.Notes)
	}
}

func TestDecimalCommaColumn(t *testing.T) {
	tb := readString(t, "eu;us;plain\n1.200;1,200;1.200\n3,5;2.5;7\n", Options{})
	if got := tb.Columns[0].Num; got[0] != 1200 || got[1] != 3.5 || len(tb.Columns[0].Notes) != 1 {
		t.Errorf("decimal-comma column %v %q", got, tb.Columns[0].Notes)
	}
	if got := tb.Columns[1].Num; got[0] != 1200 || got[1] != 2.5 {
		t.Errorf("decimal-point column %v", got)
	}
	if got := tb.Columns[2].Num; got[0] != 1.2 || got[1] != 7 {
		t.Errorf("no evidence: %v", got)
	}
}

func TestProgressAndBlankLines(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("a,b\n")
	n := 3*progressEvery + 10
	for i := 0; i < n; i++ {
		fmt.Fprintf(&sb, "%d,%s\n", i, []string{"x", "y"}[i%2])
		if i == 10 {
			sb.WriteString(" \n")
		}
	}
	var calls []int
	tb := readString(t, sb.String(), Options{Progress: func(r int) { calls = append(calls, r) }})
	if tb.Rows != n || len(calls) != 4 || calls[3] != n {
		t.Errorf("rows %d progress %v", tb.Rows, calls)
	}
	if tb.Line[11] != 14 || len(tb.Problems) != 1 || !strings.Contains(tb.Problems[0], "1 blank line was skipped (first at line 13)") {
		t.Errorf("line %d problems %q", tb.Line[11], tb.Problems)
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"bom_crlf.csv", "semicolon.csv", "tab.tsv", "quoted_newline.csv", "cp1252.csv", "ragged.csv", "empty_header_cell.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("a\n1\n"))
	f.Add([]byte("a;b\n\"x;y\";2\n"))
	f.Add([]byte("x,y\n,\n,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := Read(bytes.NewReader(data), "f.csv", Options{MaxLevels: 5})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.csv") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		checkConsistent(t, tb)
		if tb.Rows == 0 {
			t.Fatal("no rows without an error")
		}
	})
}

// TestKeepText: with Options.KeepText a text column keeps every row's value as written
// (case kept, trimmed, "" for missing), whichever way it became text: more than
// MaxLevels values part-way through the file, more distinct values than half the rows
// at the end, or a list column; without it, no values are kept.
func TestKeepText(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("id,tags,plan\n")
	for i := 0; i < 400; i++ {
		id := fmt.Sprintf(" 0015g00000AbCd%03d ", i)
		if i == 7 {
			id = "N/A"
		}
		fmt.Fprintf(&b, "%s,a%d;b%d,%s\n", id, i, i, []string{"free", "pro"}[i%2])
	}
	for _, tc := range []struct {
		name      string
		maxLevels int
	}{{"half the rows", 0}, {"max levels", 50}} {
		tb, err := Read(strings.NewReader(b.String()), "ids.csv", Options{KeepText: true, MaxLevels: tc.maxLevels})
		if err != nil {
			t.Fatal(err)
		}
		id, tags, plan := tb.Column("id"), tb.Column("tags"), tb.Column("plan")
		if id.Kind != Text || tags.Kind != Text || plan.Kind != Categorical {
			t.Fatalf("%s: kinds %v %v %v", tc.name, id.Kind, tags.Kind, plan.Kind)
		}
		if len(id.Raw) != 400 || id.Raw[0] != "0015g00000AbCd000" || id.Raw[7] != "" || id.Raw[399] != "0015g00000AbCd399" {
			t.Errorf("%s: id.Raw has %d values: %q %q %q", tc.name, len(id.Raw), id.Raw[0], id.Raw[7], id.Raw[len(id.Raw)-1])
		}
		if len(tags.Raw) != 400 || tags.Raw[3] != "a3;b3" {
			t.Errorf("%s: tags.Raw has %d values", tc.name, len(tags.Raw))
		}
		if plan.Raw != nil {
			t.Errorf("%s: a categorical column keeps Raw", tc.name)
		}
	}
	tb, err := Read(strings.NewReader(b.String()), "ids.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Column("id").Raw != nil {
		t.Error("Raw kept without KeepText")
	}
}

// TestLoadCommaAndJSONLists: a column of comma-separated lists ("AWS, Slack"), of JSON
// lists or of Python lists is multi-valued; names and places that hold commas
// ("Acme, Inc.", "Austin, TX") and band labels stay categories.
func TestLoadCommaAndJSONLists(t *testing.T) {
	tools := []string{"AWS", "GCP", "Slack", "Zendesk", "HubSpot", "Snowflake"}
	cities := []string{"Austin", "Boston", "Denver", "Miami", "Dallas", "Seattle", "Portland", "Chicago", "Atlanta", "Phoenix", "Tampa", "Omaha"}
	states := []string{"TX", "MA", "CO", "FL", "TX", "WA", "OR", "IL", "GA", "AZ", "FL", "NE"}
	var b strings.Builder
	b.WriteString("id,comma,json,python,company,city,band\n")
	for i := range 200 {
		a, c := tools[i%6], tools[(i/6)%6]
		d := tools[(i/36+1)%6]
		quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
		fmt.Fprintf(&b, "%d,%s,%s,%s,%s,%s,%s\n", i,
			quote(a+", "+c+", "+d),
			quote(`["`+a+`", "`+c+`"]`),
			quote("['"+a+"', '"+d+"']"),
			quote(fmt.Sprintf("Company %d, Inc.", i%40)),
			quote(cities[i%12]+", "+states[i%12]),
			quote([]string{"Small, < 50", "Mid, 50-500", "Large, 500+"}[i%3]))
	}
	tb, err := Read(strings.NewReader(b.String()), "lists.csv", Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Kind{"comma": Multi, "json": Multi, "python": Multi, "company": Categorical, "city": Categorical, "band": Categorical}
	for name, k := range want {
		if c := tb.Column(name); c.Kind != k {
			t.Errorf("%s: %s, want %s", name, c.Kind, k)
		}
	}
	for _, name := range []string{"comma", "json", "python"} {
		c := tb.Column(name)
		if len(c.Levels) != 6 || !slices.Contains(c.Levels, "snowflake") {
			t.Errorf("%s: items %q, want the 6 tools", name, c.Levels)
		}
	}
	if got := tb.Column("comma").ItemCodes[tb.Column("comma").ItemOffsets[0]:tb.Column("comma").ItemOffsets[1]]; len(got) != 2 { // "AWS, AWS, GCP" holds 2 items
		t.Errorf("row 1 items %v", got)
	}
}
