package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/icp-dev/icp/report"
)

// inspect runs `icp inspect` in-process (the command is called directly, so that the
// test does not depend on its registration in commands()).
func inspect(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := runInspect(context.Background(), args, env{stdin: bytes.NewReader(nil), stdout: &stdout, stderr: &stderr, now: fixedNow})
	return stdout.String(), stderr.String(), err
}

func TestInspectGolden(t *testing.T) {
	t.Parallel()
	out, _, err := inspect(t, sample)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "inspect/sample.txt", []byte(out))

	js, _, err := inspect(t, sample, "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "inspect/sample.json", []byte(js))
	var got struct {
		Files []report.InspectFile `json:"files"`
	}
	if err := json.Unmarshal([]byte(js), &got); err != nil {
		t.Fatalf("not one JSON object: %v", err)
	}
	if len(got.Files) != 1 || got.Files[0].Rows != 2000 || len(got.Files[0].Columns) != 19 {
		t.Fatalf("JSON summary %+v", got.Files)
	}
	roles := map[string]string{}
	for _, c := range got.Files[0].Columns {
		roles[c.Name] = c.Role + " " + c.Outcome
	}
	want := map[string]string{
		"customer_id": "id ", "company_name": "excluded ", "industry": "attribute ", "signup_date": "excluded ",
		"ltv": "outcome ltv", "sales_cycle_days": "outcome cycle", "churned": "outcome churn", "nps": "outcome nps",
	}
	for k, v := range want {
		if roles[k] != v {
			t.Errorf("role of %s = %q, want %q", k, roles[k], v)
		}
	}
}

func TestInspectProblems(t *testing.T) {
	t.Parallel()
	// Several files; a file without outcomes says so as a table-level problem.
	out, _, err := inspect(t, "../../dataset/testdata/bad_numbers.csv", "../../dataset/testdata/ragged.csv")
	if err == nil || !strings.Contains(err.Error(), "ragged.csv") {
		t.Fatalf("error %v, want one naming ragged.csv", err)
	}
	_ = out
	out, _, err = inspect(t, "../../dataset/testdata/bad_numbers.csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Problems", "no outcome column found", "could not be read as a number"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}

func TestInspectUsage(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "need at least one file"},
		{[]string{"--format", "xml", sample}, `--format "xml"`},
	} {
		_, _, err := inspect(t, c.args...)
		var ue usageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("inspect %v: error %v, want a usage error containing %q", c.args, err, c.want)
		}
	}
}
