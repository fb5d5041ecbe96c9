package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/icp-dev/icp/profile"
)

// ProfileDiff is the criterion-level diff of two profiles (`icp diff`; also its JSON
// form).
type ProfileDiff struct {
	Old      string `json:"old"` // the old profile's name
	New      string `json:"new"`
	Verdict  string `json:"verdict"` // VerdictNoChange or VerdictChange
	Material bool   `json:"material"`
	// BestRule holds the two profiles' best-customer rules when they differ (the
	// criteria then answer different questions: a material change); nil when alike.
	BestRule *RuleChange      `json:"best_rule,omitempty"`
	Changes  []profile.Change `json:"changes"`
}

// RuleChange is a best-customer rule before and after.
type RuleChange struct {
	Old string `json:"old"`
	New string `json:"new"`
}

// DiffJSON writes the diff as one indented JSON object.
func DiffJSON(w io.Writer, d *ProfileDiff) error {
	out := *d
	if out.Changes == nil {
		out.Changes = []profile.Change{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// DiffText writes the verdict and one line per change, material ones marked with "*".
func DiffText(w io.Writer, d *ProfileDiff) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s → %s: %s\n", d.Old, d.New, d.Verdict)
	if r := d.BestRule; r != nil {
		fmt.Fprintf(&b, " * best customers defined differently, so the criteria answer another question: %s → %s\n", r.Old, r.New)
	}
	for _, c := range d.Changes {
		mark := " "
		if c.Material() {
			mark = "*"
		}
		fmt.Fprintf(&b, " %s %s\n", mark, c.Text)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
