package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Marshal writes the profile as YAML with a header comment. Output is deterministic:
// fields in struct order, map keys sorted.
func (p *Profile) Marshal() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Ideal Customer Profile written by icp. Human-editable: criteria, disqualifiers,\n")
	buf.WriteString("# weights and tier cut points may be changed or removed; `icp score` uses the file as\n")
	buf.WriteString("# it stands. Evidence blocks record what the data showed when the profile was derived.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	return buf.Bytes(), nil
}

// Load reads and validates a profile file.
func Load(path string) (*Profile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	p, err := Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return p, nil
}

// Parse decodes and validates a profile. Unknown keys are errors (a typo in a
// hand-edited file must not be ignored silently).
func Parse(r io.Reader) (*Profile, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("empty profile")
		}
		return nil, fmt.Errorf("not a valid icp profile: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate checks a profile as a person may have edited it: schema version, condition
// shapes, weights, tiers. It collects every problem before failing.
func (p *Profile) Validate() error {
	switch {
	case p.Schema == 0:
		return fmt.Errorf("no schema version: add `schema: %d` at the top if the file was written by icp", SchemaVersion)
	case p.Schema > SchemaVersion:
		return fmt.Errorf("schema %d is newer than this icp understands (%d); upgrade icp", p.Schema, SchemaVersion)
	case p.Schema < SchemaVersion:
		return fmt.Errorf("schema %d is from an older icp and cannot be read; re-derive the profile with `icp derive` and copy any hand edits across", p.Schema)
	}
	var errs []string
	add := func(format string, a ...any) { errs = append(errs, fmt.Sprintf(format, a...)) }
	if p.Status != StatusDraft && p.Status != StatusApproved {
		add("status %q: use %q or %q", p.Status, StatusDraft, StatusApproved)
	}
	for i, c := range p.Criteria {
		if err := c.Validate(); err != nil {
			add("criteria[%d]: %v", i, err)
		}
		if c.Weight < 0 || c.Weight != c.Weight {
			add("criteria[%d] (%s): weight %v must be zero or positive", i, c.Attribute, c.Weight)
		}
	}
	for i, d := range p.Disqualifiers {
		if err := d.Validate(); err != nil {
			add("disqualifiers[%d]: %v", i, err)
		}
	}
	if len(p.Scoring.Tiers) == 0 {
		add("scoring.tiers is empty: list tiers from best to worst, e.g. {name: A, min: 75}")
	}
	seen := map[string]bool{}
	for i, t := range p.Scoring.Tiers {
		if t.Name == "" {
			add("scoring.tiers[%d]: name is empty", i)
		}
		if t.Name == Disqualified {
			add("scoring.tiers[%d]: %q is reserved for records that hit a disqualifier", i, Disqualified)
		}
		if seen[t.Name] {
			add("scoring.tiers[%d]: tier %q listed twice", i, t.Name)
		}
		seen[t.Name] = true
		if t.Min < 0 || t.Min > 100 {
			add("scoring.tiers[%d] (%s): min %v must be within 0–100", i, t.Name, t.Min)
		}
		if i > 0 && t.Min >= p.Scoring.Tiers[i-1].Min {
			add("scoring.tiers[%d] (%s): min %v must be below the previous tier's %v (list tiers best first)", i, t.Name, t.Min, p.Scoring.Tiers[i-1].Min)
		}
	}
	if n := len(p.Scoring.Tiers); n > 0 && p.Scoring.Tiers[n-1].Min != 0 {
		add("scoring.tiers: the last tier (%s) must have min 0 so every score has a tier", p.Scoring.Tiers[n-1].Name)
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid profile:\n  %s", strings.Join(errs, "\n  "))
	}
	return nil
}

// TierIndex returns the position of a tier name in TierNames, or -1.
func (s Scoring) TierIndex(name string) int {
	return slices.Index(s.TierNames(), name)
}
