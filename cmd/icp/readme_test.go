package main

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeShowsRealOutput checks that the summary quoted in README.md is the start of
// the real output pinned by the golden file, so the README cannot drift from the tool.
func TestReadmeShowsRealOutput(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	golden, err := os.ReadFile("../../testdata/golden/derive/summary.txt")
	if err != nil {
		t.Fatal(err)
	}
	s := string(readme)
	i := strings.Index(s, "## What you get")
	if i < 0 {
		t.Fatal(`README.md has no "## What you get" section`)
	}
	a := strings.Index(s[i:], "```\n")
	b := strings.Index(s[i+a+4:], "```")
	if a < 0 || b < 0 {
		t.Fatal("no code block in the README's walk-through")
	}
	block := s[i+a+4 : i+a+4+b]
	if !strings.HasPrefix(string(golden), block) {
		t.Errorf("the README's sample output is not the real output; update README.md from testdata/golden/derive/summary.txt:\n%s", block)
	}
	for _, cmd := range []string{"go run ./cmd/icp derive testdata/sample.csv", "go vet ./... && go test ./..."} {
		if !strings.Contains(s, cmd) {
			t.Errorf("README.md lost the quick-start command %q", cmd)
		}
	}
}
