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
// hand-edited file must not be ignored silently); validation messages name the line of
// the value at fault.
func Parse(r io.Reader) (*Profile, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read profile: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("empty profile")
		}
		return nil, fmt.Errorf("not a valid icp profile: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		doc = yaml.Node{} // decoded above, so this does not happen; lines are then unknown
	}
	if err := p.validate(locator{&doc}); err != nil {
		return nil, err
	}
	return &p, nil
}

// Validate checks a profile as a person may have edited it: schema version, condition
// shapes, weights (finite, 0 to MaxWeight), tiers (cut points within 0–100, best
// first, the last at 0), parameters. It collects every problem before failing.
func (p *Profile) Validate() error { return p.validate(locator{}) }

// validate is Validate with the document the profile was parsed from, for the lines.
func (p *Profile) validate(l locator) error {
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
	for _, list := range []struct {
		key   string
		items []Criterion
	}{{"criteria", p.Criteria}, {"disqualifiers", p.Disqualifiers}} {
		for i, c := range list.items {
			if err := c.Validate(); err != nil {
				add("%s%s[%d]: %v", l.at(list.key, i), list.key, i, err)
			}
			if msg := weightProblem(c.Weight, l.number(c.Weight, list.key, i, "weight")); msg != "" {
				add("%s%s[%d] (%s): %s", l.at(list.key, i, "weight"), list.key, i, c.Attribute, msg)
			}
		}
	}
	p.validateParameters(l, add)
	if len(p.Scoring.Tiers) == 0 {
		add("scoring.tiers is empty: list tiers from best to worst, e.g. {name: A, min: 75}")
	}
	seen := map[string]bool{}
	for i, t := range p.Scoring.Tiers {
		at := l.at("scoring", "tiers", i)
		if t.Name == "" {
			add("%sscoring.tiers[%d]: name is empty", at, i)
		}
		if t.Name == Disqualified {
			add("%sscoring.tiers[%d]: %q is reserved for records that hit a disqualifier", at, i, Disqualified)
		}
		if seen[t.Name] {
			add("%sscoring.tiers[%d]: tier %q listed twice", at, i, t.Name)
		}
		seen[t.Name] = true
		atMin, shown := l.at("scoring", "tiers", i, "min"), l.number(t.Min, "scoring", "tiers", i, "min")
		if !(t.Min >= 0 && t.Min <= 100) { // NaN too
			add("%sscoring.tiers[%d] (%s): min %s must be within 0–100", atMin, i, t.Name, shown)
			continue
		}
		if prev := p.Scoring.Tiers[max(i-1, 0)].Min; i > 0 && t.Min >= prev {
			add("%sscoring.tiers[%d] (%s): min %s must be below the previous tier's %s (list tiers best first)", atMin, i, t.Name, shown, l.number(prev, "scoring", "tiers", i-1, "min"))
		}
	}
	if n := len(p.Scoring.Tiers); n > 0 && p.Scoring.Tiers[n-1].Min != 0 {
		add("%sscoring.tiers: the last tier (%s) must have min 0 so every score has a tier", l.at("scoring", "tiers", n-1, "min"), p.Scoring.Tiers[n-1].Name)
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
