package main

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/dataset"
)

// TestScoreAgreesWithDerive derives a profile, scores the same file with `icp score`
// and checks that every row gets the score and tier derive assigned it.
func TestScoreAgreesWithDerive(t *testing.T) {
	t.Parallel()
	scored := filepath.Join(t.TempDir(), "scored.csv")
	if code, _, stderr := runIcp(t, "score", "--profile", deriveSample(t), sample, "-o", scored, "--quiet"); code != exitOK {
		t.Fatal(stderr)
	}
	// Loaded and configured as derive does: ids kept (the analysis draws its random
	// choices from them) and the default minimum tenure.
	tab, err := dataset.Load(sample, dataset.Options{KeepText: true})
	if err != nil {
		t.Fatal(err)
	}
	roles, _, err := analysis.DetectRoles(tab, analysis.Roles{Tenure: analysis.Tenure{MinMonths: 6}}, false)
	if err != nil {
		t.Fatal(err)
	}
	// Validation (Resamples -1 skips it) measures the profile on held-out customers and
	// changes no score or tier: should it ever, the rows below disagree and the test fails.
	res, err := analysis.Derive(context.Background(), tab, analysis.Options{Roles: roles, Seed: 1, Resamples: -1})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(scored)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := recs[0]
	si, ti := len(header)-3, len(header)-2
	if header[si] != "icp_score" || header[ti] != "icp_tier" {
		t.Fatalf("header %v", header)
	}
	if len(recs)-1 != tab.Rows {
		t.Fatalf("scored %d rows, derive saw %d", len(recs)-1, tab.Rows)
	}
	mismatch := 0
	for i, rec := range recs[1:] {
		if res.RowTier(i) == "" {
			continue
		}
		score, _ := strconv.Atoi(rec[si])
		if score != res.RowScore(i) || rec[ti] != res.RowTier(i) {
			mismatch++
			if mismatch <= 5 {
				t.Errorf("row %d: score says %d/%s, derive says %d/%s (%s)", i+1, score, rec[ti], res.RowScore(i), res.RowTier(i), rec[len(rec)-1])
			}
		}
	}
	if mismatch > 0 {
		t.Errorf("%d of %d rows disagree", mismatch, tab.Rows)
	}
}
