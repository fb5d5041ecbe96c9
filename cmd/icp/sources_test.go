package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/icp-dev/icp/dataset"
)

// typedSample is testdata/sample.csv as a typed source would hold it: the kinds the
// CSV loader gives, the values it read (categorical values in their usual spelling,
// list items as written, text as written).
type typedSample struct {
	fields []dataset.Field
	rows   [][]dataset.Value
}

func loadTypedSample(t testing.TB, path string) typedSample {
	t.Helper()
	tab, err := dataset.Load(path, dataset.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	var s typedSample
	for _, c := range tab.Columns {
		ft := dataset.FieldText
		switch c.Kind {
		case dataset.Numeric:
			ft = dataset.FieldNumber
		case dataset.Boolean:
			ft = dataset.FieldBool
		case dataset.Date:
			ft = dataset.FieldDate
		case dataset.Multi:
			ft = dataset.FieldList
		}
		s.fields = append(s.fields, dataset.Field{Name: c.Name, Type: ft})
	}
	for i := 0; i < tab.Rows; i++ {
		row := make([]dataset.Value, len(tab.Columns))
		for j, c := range tab.Columns {
			v := &row[j]
			switch c.Kind {
			case dataset.Numeric, dataset.Boolean, dataset.Date:
				v.Num, v.Null = c.Num[i], math.IsNaN(c.Num[i])
			case dataset.Categorical:
				if c.Codes[i] < 0 {
					v.Null = true
				} else {
					v.Text = c.Display[c.Codes[i]]
				}
			case dataset.Multi:
				for _, code := range c.ItemCodes[c.ItemOffsets[i]:c.ItemOffsets[i+1]] {
					v.List = append(v.List, c.Display[code])
				}
				v.Null = len(v.List) == 0
			case dataset.Text:
				v.Text, v.Null = c.Raw[i], c.Raw[i] == ""
			default: // Empty: no value kept
				v.Null = true
			}
		}
		s.rows = append(s.rows, row)
	}
	return s
}

// writeParquet writes the rows as a Parquet file with optional typed columns in the
// CSV's order: DOUBLE, BOOLEAN, DATE, STRING and LIST of STRING.
func (s typedSample) writeParquet(t testing.TB, path string) {
	t.Helper()
	var sf []reflect.StructField
	for i, f := range s.fields {
		typ, tag := reflect.TypeFor[*string](), "optional"
		switch f.Type {
		case dataset.FieldNumber:
			typ = reflect.TypeFor[*float64]()
		case dataset.FieldBool:
			typ = reflect.TypeFor[*bool]()
		case dataset.FieldDate:
			typ, tag = reflect.TypeFor[*int32](), "optional,date"
		case dataset.FieldList:
			typ, tag = reflect.TypeFor[[]string](), "list"
		}
		sf = append(sf, reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: typ,
			Tag: reflect.StructTag(fmt.Sprintf(`parquet:"%s,%s"`, f.Name, tag))})
	}
	st := reflect.StructOf(sf)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := parquet.NewWriter(f, parquet.SchemaOf(reflect.New(st).Interface()))
	for _, row := range s.rows {
		rv := reflect.New(st).Elem()
		for j, fd := range s.fields {
			v := row[j]
			if v.Null {
				continue
			}
			var x any
			switch fd.Type {
			case dataset.FieldNumber:
				x = &v.Num
			case dataset.FieldBool:
				b := v.Num != 0
				x = &b
			case dataset.FieldDate:
				d := int32(v.Num)
				x = &d
			case dataset.FieldList:
				x = v.List
			default:
				s := v.Text
				x = &s
			}
			rv.Field(j).Set(reflect.ValueOf(x))
		}
		if err := w.Write(rv.Addr().Interface()); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// withoutSource drops the source block of an icp.yaml (file, sha256, rows, ...).
func withoutSource(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	in := false
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(line, "source:"):
			in = true
			continue
		case in && (strings.HasPrefix(line, " ") || line == ""):
			continue
		}
		in = false
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// scoreColumns returns "id: score|tier|reasons|" per row of a scored CSV, sorted.
func scoreColumns(t testing.TB, scored string) []string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(scored)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("scored output: %v (%d rows)", err, len(recs))
	}
	var idx []int
	for i, h := range recs[0] {
		if strings.HasPrefix(h, "icp_") {
			idx = append(idx, i)
		}
	}
	if len(idx) != 3 || recs[0][0] != "customer_id" {
		t.Fatalf("scored header %v", recs[0])
	}
	var out []string
	for _, r := range recs[1:] {
		var b strings.Builder
		b.WriteString(r[0] + ": ")
		for _, i := range idx {
			b.WriteString(r[i] + "|")
		}
		out = append(out, b.String())
	}
	sort.Strings(out) // by customer id: a query may return the rows in another order
	return out
}

// assertSameProfileAndScores derives from csvPath and from other (argument lists for
// derive and score naming the input) and checks that icp.yaml, apart from its source
// block, and the scores are the same. It returns the other profile's path.
func assertSameProfileAndScores(t *testing.T, csvPath string, other []string) string {
	t.Helper()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "csv"), filepath.Join(dir, "other")
	if csvPath == sample {
		a = sampleDerivation(t).dir // the same derive, run once for all tests
	} else if code, _, stderr := runIcp(t, "derive", csvPath, "--out", a, "-q"); code != 0 {
		t.Fatalf("derive csv: %d %s", code, stderr)
	}
	args := append([]string{"derive", "--out", b, "-q"}, other...)
	if code, _, stderr := runIcp(t, args...); code != 0 {
		t.Fatalf("derive %v: %d %s", other, code, stderr)
	}
	ya, yb := withoutSource(t, filepath.Join(a, "icp.yaml")), withoutSource(t, filepath.Join(b, "icp.yaml"))
	if ya != yb {
		t.Errorf("icp.yaml differs between %s and %v:\n--- csv\n%s\n--- other\n%s", csvPath, other, ya, yb)
	}
	code, sa, stderr := runIcp(t, "score", "--profile", a, csvPath, "-q")
	if code != 0 {
		t.Fatalf("score csv: %d %s", code, stderr)
	}
	args = append([]string{"score", "--profile", a, "-q"}, other...)
	code, sb, stderr := runIcp(t, args...)
	if code != 0 {
		t.Fatalf("score %v: %d %s", other, code, stderr)
	}
	ca, cb := scoreColumns(t, sa), scoreColumns(t, sb)
	if len(ca) != len(cb) {
		t.Fatalf("scored %d rows from csv, %d from %v", len(ca), len(cb), other)
	}
	diff := 0
	for i := range ca {
		if ca[i] != cb[i] {
			if diff < 3 {
				t.Errorf("row %d: csv %q, other %q", i, ca[i], cb[i])
			}
			diff++
		}
	}
	if diff > 0 {
		t.Errorf("%d of %d scored rows differ", diff, len(ca))
	}
	return filepath.Join(b, "icp.yaml")
}

func TestParquetMatchesCSV(t *testing.T) {
	t.Parallel()
	pq := filepath.Join(t.TempDir(), "sample.parquet")
	loadTypedSample(t, sample).writeParquet(t, pq)
	y := assertSameProfileAndScores(t, sample, []string{pq})
	// The profile sits in a folder next to sample.parquet, as compare expects.
	moved := filepath.Join(filepath.Dir(pq), "icp-out")
	if err := os.Rename(filepath.Dir(y), moved); err != nil {
		t.Fatal(err)
	}
	y = filepath.Join(moved, "icp.yaml")
	b, _ := os.ReadFile(y)
	if !bytes.Contains(b, []byte("sample.parquet")) {
		t.Errorf("the profile does not name the Parquet file:\n%s", b)
	}
	// compare finds the Parquet file the profile was derived from by its SHA-256 (one
	// folder up) and computes attribute drift against it.
	code, out, stderr := runIcp(t, "compare", "--profile", filepath.Dir(y), pq, "--out", filepath.Join(filepath.Dir(pq), "cmp"), "--format", "json", "-q", "--validate=false")
	if code != 0 || !strings.Contains(out, `"old_data": "sample.parquet"`) {
		t.Errorf("compare with Parquet: %d %s\n%.600s", code, stderr, out)
	}
	// inspect reads it too.
	if code, out, stderr := runIcp(t, "inspect", pq); code != 0 || !strings.Contains(out, "tech_stack") {
		t.Errorf("inspect: %d %s %s", code, out, stderr)
	}
}

// TestParquetDealsMatchCSV derives from accounts and deals given as Parquet files and
// checks the profile against the CSV files' (the join reads the kept id values, since a
// Parquet file is not read again as text), and the win-rate report.
func TestParquetDealsMatchCSV(t *testing.T) {
	t.Parallel()
	const dir = "../../testdata/crm/"
	tmp := t.TempDir()
	acc, deals := filepath.Join(tmp, "accounts.parquet"), filepath.Join(tmp, "pipeline.parquet")
	loadTypedSample(t, dir+"maven_accounts.csv").writeParquet(t, acc)
	loadTypedSample(t, dir+"maven_pipeline.csv").writeParquet(t, deals)
	a, b := filepath.Join(tmp, "csv"), filepath.Join(tmp, "pq")
	if code, _, stderr := runIcp(t, "derive", "--accounts", dir+"maven_accounts.csv", "--deals", dir+"maven_pipeline.csv", "--out", a, "-q"); code != 0 {
		t.Fatalf("derive csv: %d %s", code, stderr)
	}
	if code, _, stderr := runIcp(t, "derive", "--accounts", acc, "--deals", deals, "--out", b, "-q"); code != 0 {
		t.Fatalf("derive parquet: %d %s", code, stderr)
	}
	ya, yb := withoutSource(t, filepath.Join(a, "icp.yaml")), withoutSource(t, filepath.Join(b, "icp.yaml"))
	if ya != yb {
		t.Errorf("icp.yaml differs between the CSV and the Parquet accounts and deals:\n--- csv\n%s\n--- parquet\n%s", ya, yb)
	}
	_, ra, _ := runIcp(t, "report", "--profile", a, "--accounts", dir+"maven_accounts.csv", "--deals", dir+"maven_pipeline.csv", "--out", filepath.Join(tmp, "ra"), "--format", "json")
	_, rb, stderr := runIcp(t, "report", "--profile", a, "--accounts", acc, "--deals", deals, "--out", filepath.Join(tmp, "rb"), "--format", "json")
	clean := func(s string) string {
		var out []string
		for _, l := range strings.Split(s, "\n") {
			if !strings.Contains(l, ".csv") && !strings.Contains(l, ".parquet") && !strings.Contains(l, "sha256") {
				out = append(out, l)
			}
		}
		return strings.Join(out, "\n")
	}
	if ra == "" || clean(ra) != clean(rb) {
		t.Errorf("report differs between CSV and Parquet:\n%s\n---\n%s\n%s", ra, rb, stderr)
	}
}

func TestParquetErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.parquet")
	os.WriteFile(bad, []byte("customer_id,ltv\n1,2\n"), 0o644)
	code, _, stderr := runIcp(t, "inspect", bad)
	if code != exitError || !strings.Contains(stderr, "bad.parquet: not a readable Parquet file") {
		t.Errorf("inspect bad parquet: %d %s", code, stderr)
	}
	code, _, stderr = runIcp(t, "derive", "--table", "customers", "--out", filepath.Join(dir, "o"))
	if code != exitUsage || !strings.Contains(stderr, "--dsn") {
		t.Errorf("--table without --dsn: %d %s", code, stderr)
	}
	code, _, stderr = runIcp(t, "derive", "--dsn", "postgres://u:pw@localhost/db", "--table", "t", "--query", "select 1", "--out", filepath.Join(dir, "o"))
	if code != exitUsage || !strings.Contains(stderr, "not both") {
		t.Errorf("--table and --query: %d %s", code, stderr)
	}
}

var _ = context.Background
