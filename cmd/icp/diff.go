package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// runDiff prints the criterion-level diff of two profiles (profile.Diff).
func runDiff(_ context.Context, args []string, e env) error {
	var format string
	fs := newFlagSet("icp diff OLD/icp.yaml NEW/icp.yaml [--format text|json]")
	fs.StringVar(&format, "format", "text", "output on stdout: text or json")
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	switch {
	case fs.NArg() != 2:
		return usagef("need two profiles (old, then new), got %d", fs.NArg())
	case format != "text" && format != "json":
		return usagef("--format %q: use text or json", format)
	}
	old, err := loadProfile(fs.Arg(0))
	if err != nil {
		return err
	}
	nw, err := loadProfile(fs.Arg(1))
	if err != nil {
		return err
	}
	changes := profile.Diff(old, nw)
	material := profile.Material(changes)
	verdict := report.VerdictNoChange
	if material {
		verdict = report.VerdictChange
	}
	if format == "json" {
		if changes == nil {
			changes = []profile.Change{}
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(struct {
			Old      string           `json:"old"`
			New      string           `json:"new"`
			Verdict  string           `json:"verdict"`
			Material bool             `json:"material"`
			Changes  []profile.Change `json:"changes"`
		}{old.Name, nw.Name, verdict, material, changes})
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s: %s\n", old.Name, nw.Name, verdict)
	for _, c := range changes {
		mark := " "
		if c.Material() {
			mark = "*"
		}
		fmt.Fprintf(&b, " %s %s\n", mark, c.Text)
	}
	_, err = io.WriteString(e.stdout, b.String())
	return err
}
