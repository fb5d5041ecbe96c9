package workflow

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
)

// TestNamesKeptWithoutID checks when derive frees the name columns' text before the
// analysis: with an id column the random keys come from the ids, so the names go;
// without one the keys hash every kept value of a row, names included, so the names
// must stay — dropping them would change every keyed draw (validation, samples) of a
// file that has no id.
func TestNamesKeptWithoutID(t *testing.T) {
	var buf bytes.Buffer
	if err := synth.Write(&buf, synth.Config{Rows: 400, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	withID := buf.String()
	lines := strings.Split(strings.TrimSuffix(withID, "\n"), "\n")
	for i, l := range lines { // drop the first column, customer_id
		_, rest, _ := strings.Cut(l, ",")
		lines[i] = rest
	}
	withoutID := strings.Join(lines, "\n") + "\n"
	if !strings.HasPrefix(withoutID, "company_name,") {
		t.Fatalf("the generated export does not start with the id and name columns: %.60q", withID)
	}
	for _, c := range []struct {
		name, csv string
		namesKept bool
	}{
		{"with an id", withID, false},
		{"without an id", withoutID, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "customers.csv")
			if err := os.WriteFile(path, []byte(c.csv), 0o644); err != nil {
				t.Fatal(err)
			}
			var e Env
			in, err := e.loadCustomers(context.Background(), Input{File: path}, false, "")
			if err != nil {
				t.Fatal(err)
			}
			names := in.table.Column("company_name")
			if names == nil || names.Kind != dataset.Text || names.Raw == nil {
				t.Fatalf("company_name not loaded as kept text: %+v", names)
			}
			if _, _, _, err := e.derive(context.Background(), in, path, analysis.Options{Seed: 1, Resamples: 20}, "", "icp test"); err != nil {
				t.Fatal(err)
			}
			if kept := names.Raw != nil; kept != c.namesKept {
				t.Errorf("company_name's text kept after derive: %v, want %v", kept, c.namesKept)
			}
		})
	}
}
