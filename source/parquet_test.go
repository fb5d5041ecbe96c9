package source

import (
	"context"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"

	"github.com/icp-dev/icp/dataset"
)

type typedRow struct {
	ID     string    `parquet:"id"`
	Plan   *string   `parquet:"plan,optional"`
	N      int64     `parquet:"n"`
	F      float32   `parquet:"f"`
	Amount int64     `parquet:"amount,decimal(2:18)"`
	Seen   time.Time `parquet:"seen,timestamp(millisecond)"`
	Day    int32     `parquet:"day,date"`
	Tags   []string  `parquet:"tags,list"`
	OK     *bool     `parquet:"ok,optional"`
}

func open(name string) (io.ReadCloser, error) { return os.Open(name) }

// TestParquetTypes reads the usual Parquet types: strings, optional values, integers,
// floats, decimals, timestamps, dates, lists and booleans.
func TestParquetTypes(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "typed.parquet")
	var rows []typedRow
	plans := []string{"Basic", "Pro"}
	for i := 0; i < 400; i++ {
		r := typedRow{ID: "A-" + dataset.FormatNumber(float64(i)), N: int64(i), F: 0.5, Amount: int64(i) * 125,
			Seen: time.Date(2024, 1, 31, 23, 30, 0, 0, time.UTC).Add(time.Duration(i) * 24 * time.Hour), Day: int32(19000 + i%3),
			Tags: []string{"Slack", "AWS"}[:i%3%2+1]}
		if i%4 != 0 {
			r.Plan = &plans[i%2]
			b := i%2 == 0
			r.OK = &b
		}
		if i%3 == 2 {
			r.Tags = nil
		}
		rows = append(rows, r)
	}
	if err := parquet.WriteFile(path, rows); err != nil {
		t.Fatal(err)
	}
	tab, err := Load(context.Background(), path, "", open, dataset.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]dataset.Kind{"id": dataset.Text, "plan": dataset.Categorical, "n": dataset.Numeric, "f": dataset.Empty,
		"amount": dataset.Numeric, "seen": dataset.Date, "day": dataset.Date, "tags": dataset.Multi, "ok": dataset.Boolean}
	for _, c := range tab.Columns {
		if c.Kind != want[c.Name] {
			t.Errorf("%s: %s, want %s %v", c.Name, c.Kind, want[c.Name], c.Notes)
		}
	}
	if tab.Rows != 400 || tab.Format != "parquet" || len(tab.SHA256) != 64 {
		t.Errorf("rows %d format %q sha %q", tab.Rows, tab.Format, tab.SHA256)
	}
	if c := tab.Column("amount"); c.Num[3] != 3.75 {
		t.Errorf("decimal(2) 375 read as %v", c.Num[3])
	}
	if c := tab.Column("seen"); dataset.FormatDate(c.Num[0]) != "2024-01-31" {
		t.Errorf("timestamp read as day %s", dataset.FormatDate(c.Num[0]))
	}
	if c := tab.Column("plan"); c.MissingCount != 100 {
		t.Errorf("plan missing %d", c.MissingCount)
	}
	if c := tab.Column("ok"); c.MissingCount != 100 || c.Num[2] != 1 || c.Num[1] != 0 || !math.IsNaN(c.Num[0]) {
		t.Errorf("ok: missing %d, %v", c.MissingCount, c.Num[:3])
	}
	if c := tab.Column("tags"); len(c.Levels) != 2 || !c.MultiMissing[2] {
		t.Errorf("tags: %v %v", c.Levels, c.MultiMissing[:3])
	}
	// The digest is the file's, as for a CSV file.
	b, _ := os.ReadFile(path)
	os.WriteFile(path+".2.parquet", b, 0o644)
	tab2, err := Load(context.Background(), path+".2.parquet", "", open, dataset.Options{})
	if err != nil || tab2.SHA256 != tab.SHA256 {
		t.Errorf("same bytes, other digest: %v", err)
	}
	// As CSV for the scorer.
	rr, _, closeFn, err := Rows(context.Background(), path, "", open)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	var sb strings.Builder
	if err := WriteCSV(context.Background(), rr, &sb); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(sb.String(), "\n")
	if lines[0] != "id,plan,n,f,amount,seen,day,tags,ok" || lines[4] != "A-3,Pro,3,0.5,3.75,2024-02-03,2022-01-08,Slack,false" {
		t.Errorf("CSV:\n%s", strings.Join(lines[:5], "\n"))
	}
}
