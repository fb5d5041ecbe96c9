package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// Point limits of a criterion (0 to MaxPoints) and of a negative trait (-MaxPoints to
// 0). The fit score is clamped to 0–100 whatever the points; the limit only catches
// typos.
const MaxPoints = 1000

// Marshal writes the profile as YAML with a header comment. Output is deterministic:
// fields in struct order, map keys sorted. Fields a version does not have are left
// out: a version-1 profile is written without points or expected rates, and
// disqualifiers are written without points in either version.
func (p *Profile) Marshal() ([]byte, error) {
	var doc yaml.Node
	if err := doc.Encode(p); err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	prune(&doc, p.Schema)
	var buf bytes.Buffer
	buf.WriteString("# Ideal Customer Profile written by icp. Human-editable: criteria, negative traits,\n")
	buf.WriteString("# disqualifiers, points and tier cut points may be changed or removed; `icp score` uses\n")
	buf.WriteString("# the file as it stands. Evidence blocks record what the data showed when the profile\n")
	buf.WriteString("# was derived.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode profile: %w", err)
	}
	return buf.Bytes(), nil
}

// prune drops from an encoded profile the zero-valued keys that its schema version
// does not have (version 1: points, negative_traits, expected_best_rate) and the points
// of disqualifiers.
func prune(root *yaml.Node, schema int) {
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	drop := func(m *yaml.Node, key string, ifEmpty bool) {
		if m == nil || m.Kind != yaml.MappingNode {
			return
		}
		for i := 0; i+1 < len(m.Content); i += 2 {
			v := m.Content[i+1]
			zero := v.Kind == yaml.ScalarNode && (v.Value == "0" || v.Value == "") || v.Kind == yaml.SequenceNode && len(v.Content) == 0
			if m.Content[i].Value == key && (zero || !ifEmpty) {
				m.Content = slices.Delete(m.Content, i, i+2)
				return
			}
		}
	}
	each := func(seq *yaml.Node, key string) {
		if seq == nil {
			return
		}
		for _, item := range seq.Content {
			drop(item, key, true)
		}
	}
	each(child(root, "disqualifiers"), "points")
	if schema == 1 {
		each(child(root, "criteria"), "points")
		each(child(child(root, "scoring"), "tiers"), "expected_best_rate")
		drop(root, "negative_traits", true)
	}
}

// child returns the value of key in a mapping node, or nil.
func child(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
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

// Parse decodes and validates a profile of any version from OldestSchema to
// SchemaVersion. Unknown keys are errors (a typo in a hand-edited file must not be
// ignored silently); validation errors name the line of the offending entry.
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
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if strings.Contains(msg, "into float64") || strings.Contains(msg, "into int") {
			msg += "\n(write numbers plainly, without thousands separators, units or quotes: 2100, 0.2, 1e6)"
		}
		return nil, fmt.Errorf("not a valid icp profile: %s", msg)
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		doc = yaml.Node{}
	}
	p.foldValues()
	if err := p.validate(&doc); err != nil {
		return nil, err
	}
	return &p, nil
}

// foldValues puts the values of every condition in their normal form (FoldValue), as
// icp writes them and as records are matched: a person editing the file may write
// "FinTech" or "SaaS " for fintech and saas.
func (p *Profile) foldValues() {
	for _, list := range [][]Criterion{p.Criteria, p.NegativeTraits, p.Disqualifiers} {
		for i := range list {
			for k, v := range list[i].Values {
				list[i].Values[k] = FoldValue(v)
			}
		}
	}
}

// Validate checks a profile as a person may have edited it: schema version, condition
// shapes, points, tiers, labels. It collects every problem before failing.
func (p *Profile) Validate() error {
	return p.validate(nil)
}

// problems collects validation errors, each prefixed with the line of the entry it is
// about when the parsed document is at hand.
type problems struct {
	doc  *yaml.Node
	errs []string
}

// add records a problem about the entry at path (keys and sequence indexes from the
// top of the document; the deepest entry present gives the line).
func (ps *problems) add(path []any, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	if line := lineOf(ps.doc, path); line > 0 {
		msg = fmt.Sprintf("line %d: %s", line, msg)
	}
	ps.errs = append(ps.errs, msg)
}

// wholePoints reports a points entry written as a fraction (the decoder would truncate
// it silently).
func (ps *problems) wholePoints(section string, i int, attr string) {
	n := nodeAt(ps.doc, []any{section, i, "points"})
	if n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!int" {
		ps.add([]any{section, i, "points"}, "%s[%d] (%s): points %s must be a whole number", section, i, attr, n.Value)
	}
}

// nodeAt returns the node at path, or nil when the document has none there.
func nodeAt(doc *yaml.Node, path []any) *yaml.Node {
	if doc == nil || len(doc.Content) == 0 {
		return nil
	}
	n := doc
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	for _, step := range path {
		switch s := step.(type) {
		case string:
			n = child(n, s)
		case int:
			if n.Kind != yaml.SequenceNode || s < 0 || s >= len(n.Content) {
				return nil
			}
			n = n.Content[s]
		}
		if n == nil {
			return nil
		}
	}
	return n
}

func lineOf(doc *yaml.Node, path []any) int {
	if doc == nil || len(doc.Content) == 0 {
		return 0
	}
	n := doc
	if n.Kind == yaml.DocumentNode {
		n = n.Content[0]
	}
	line := n.Line
	for _, step := range path {
		switch s := step.(type) {
		case string:
			if n.Kind != yaml.MappingNode {
				return line
			}
			found := false
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == s {
					line, n, found = n.Content[i].Line, n.Content[i+1], true
					break
				}
			}
			if !found {
				return line
			}
		case int:
			if n.Kind != yaml.SequenceNode || s < 0 || s >= len(n.Content) {
				return line
			}
			n = n.Content[s]
			line = n.Line
		}
	}
	return line
}

func (p *Profile) validate(doc *yaml.Node) error {
	switch {
	case p.Schema == 0:
		return fmt.Errorf("no schema version: add `schema: %d` at the top if the file was written by icp", SchemaVersion)
	case p.Schema > SchemaVersion:
		return fmt.Errorf("schema %d is newer than this icp understands (%d); upgrade icp", p.Schema, SchemaVersion)
	case p.Schema < OldestSchema:
		return fmt.Errorf("schema %d is from an older icp and cannot be read; re-derive the profile with `icp derive` and copy any hand edits across", p.Schema)
	}
	ps := &problems{doc: doc}
	add := ps.add
	v1 := p.Schema == 1
	v2only := func(path []any, what string) {
		add(path, "%s is a schema 2 field; this file says `schema: 1` (set `schema: 2` and give criteria points instead of weights)", what)
	}
	if p.Status != StatusDraft && p.Status != StatusApproved {
		add([]any{"status"}, "status %q: use %q or %q", p.Status, StatusDraft, StatusApproved)
	}
	for k, v := range p.Labels {
		switch {
		case strings.TrimSpace(k) == "":
			add([]any{"labels"}, "labels: a label has an empty column name")
		case strings.TrimSpace(v) == "":
			add([]any{"labels", k}, "labels (%s): the label is empty", k)
		case strings.ContainsFunc(k+v, unicode.IsControl):
			add([]any{"labels", k}, "labels (%s): the label holds a line break or control character", k)
		}
	}
	p.validateParameters(ps)
	segments := 0
	for i, c := range p.Criteria {
		at := []any{"criteria", i}
		if err := c.Validate(); err != nil {
			add(at, "criteria[%d]: %v", i, err)
		}
		if c.Segment {
			segments++
		}
		ps.wholePoints("criteria", i, c.Attribute)
		if v1 {
			if c.Weight < 0 || c.Weight != c.Weight || math.IsInf(c.Weight, 0) {
				add(append(at, "weight"), "criteria[%d] (%s): weight %v must be zero or positive", i, c.Attribute, c.Weight)
			}
			if c.Points != 0 {
				v2only(append(at, "points"), fmt.Sprintf("criteria[%d] (%s): points", i, c.Attribute))
			}
			if c.Segment {
				v2only(append(at, "segment"), fmt.Sprintf("criteria[%d] (%s): segment", i, c.Attribute))
			}
			continue
		}
		if c.Weight != 0 {
			add(append(at, "weight"), "criteria[%d] (%s): weight is the schema 1 field; schema 2 gives each criterion points (0 to %d)", i, c.Attribute, MaxPoints)
		}
		if c.Points < 0 || c.Points > MaxPoints {
			add(append(at, "points"), "criteria[%d] (%s): points %d must be within 0–%d (a trait that lowers the fit belongs in negative_traits)", i, c.Attribute, c.Points, MaxPoints)
		}
	}
	if v1 && len(p.NegativeTraits) > 0 {
		v2only([]any{"negative_traits"}, "negative_traits")
	}
	for i, c := range p.NegativeTraits {
		at := []any{"negative_traits", i}
		if err := c.Validate(); err != nil {
			add(at, "negative_traits[%d]: %v", i, err)
		}
		ps.wholePoints("negative_traits", i, c.Attribute)
		if c.Points < -MaxPoints || c.Points > 0 {
			add(append(at, "points"), "negative_traits[%d] (%s): points %d must be within -%d–0 (a negative trait subtracts points)", i, c.Attribute, c.Points, MaxPoints)
		}
		if c.Segment {
			add(append(at, "segment"), "negative_traits[%d] (%s): a negative trait cannot be part of the sweet spot", i, c.Attribute)
		}
		if c.Weight != 0 {
			add(append(at, "weight"), "negative_traits[%d] (%s): weight is the schema 1 field; use points", i, c.Attribute)
		}
	}
	if v1 && p.DisqualifierRule != "" {
		v2only([]any{"disqualifier_rule"}, "disqualifier_rule")
	}
	for i, d := range p.Disqualifiers {
		at := []any{"disqualifiers", i}
		if err := d.Validate(); err != nil {
			add(at, "disqualifiers[%d]: %v", i, err)
		}
		ps.wholePoints("disqualifiers", i, d.Attribute)
		if d.Points != 0 {
			add(append(at, "points"), "disqualifiers[%d] (%s): a disqualifier is a hard veto and takes no points; move it to negative_traits to subtract points instead", i, d.Attribute)
		}
		if d.Segment {
			add(append(at, "segment"), "disqualifiers[%d] (%s): a disqualifier cannot be part of the sweet spot", i, d.Attribute)
		}
	}
	if s := p.Segment; s != nil {
		if v1 {
			v2only([]any{"segment"}, "segment")
		}
		nums := []float64{s.BestRate, s.BestRateLow, s.BestRateHigh, s.Lift, s.LiftLow, s.LiftHigh, s.BestShare, s.HoldoutLift, s.HoldoutLow, s.HoldoutHigh, s.Stability}
		for _, pt := range s.Parts {
			nums = append(nums, pt.WithoutRate, pt.RateRatio)
		}
		if slices.ContainsFunc(nums, func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) || x < 0 }) {
			add([]any{"segment"}, "segment: every rate, lift and share must be a finite number, zero or more")
		}
		if s.N < 0 || s.Best < 0 || s.Best > s.N || s.HoldoutN < 0 {
			add([]any{"segment"}, "segment: customers %d and best %d must be counts with best ≤ customers", s.N, s.Best)
		}
	}
	tiers := p.Scoring.Tiers
	if b := p.Scoring.Base; b < 0 || b > 100 {
		add([]any{"scoring", "base"}, "scoring.base %d must be within 0–100 (the score of a record that matches no criterion and no negative trait)", b)
	}
	if v1 && p.Scoring.Base != 0 {
		v2only([]any{"scoring", "base"}, "scoring.base")
	}
	if len(tiers) == 0 {
		add([]any{"scoring", "tiers"}, "scoring.tiers is empty: list tiers from best to worst, e.g. {name: A, min: 75}")
	}
	seen := map[string]bool{}
	prev := -1 // index of the previous score tier
	for i, t := range tiers {
		at := []any{"scoring", "tiers", i}
		if t.Name == "" {
			add(at, "scoring.tiers[%d]: name is empty", i)
		}
		if t.Name == Disqualified {
			add(at, "scoring.tiers[%d]: %q is reserved for records that hit a disqualifier", i, Disqualified)
		}
		if seen[t.Name] {
			add(at, "scoring.tiers[%d]: tier %q listed twice", i, t.Name)
		}
		seen[t.Name] = true
		if !(t.Min >= 0 && t.Min <= 100) {
			add(append(at, "min"), "scoring.tiers[%d] (%s): min %v must be within 0–100", i, t.Name, t.Min)
		}
		if !(t.ExpectedBestRate >= 0 && t.ExpectedBestRate <= 1) {
			add(append(at, "expected_best_rate"), "scoring.tiers[%d] (%s): expected_best_rate %v must be a share within 0–1", i, t.Name, t.ExpectedBestRate)
		} else if v1 && t.ExpectedBestRate != 0 {
			v2only(append(at, "expected_best_rate"), fmt.Sprintf("scoring.tiers[%d] (%s): expected_best_rate", i, t.Name))
		}
		if t.Segment {
			switch {
			case v1:
				v2only(append(at, "segment"), fmt.Sprintf("scoring.tiers[%d] (%s): segment", i, t.Name))
			case i > 0:
				add(append(at, "segment"), "scoring.tiers[%d] (%s): the sweet-spot tier (segment: true) must be listed first", i, t.Name)
			case segments == 0:
				add(append(at, "segment"), "scoring.tiers[%d] (%s): a sweet-spot tier needs at least one criterion marked `segment: true`", i, t.Name)
			}
			continue
		}
		if prev >= 0 && t.Min > tiers[prev].Min {
			add(append(at, "min"), "scoring.tiers[%d] (%s): min %v must not be above the previous tier's %v (list tiers best first)", i, t.Name, t.Min, tiers[prev].Min)
		}
		prev = i
	}
	if n := len(tiers); n > 0 && (tiers[n-1].Min != 0 || tiers[n-1].Segment) {
		add([]any{"scoring", "tiers", n - 1}, "scoring.tiers: the last tier (%s) must have min 0 and be a score tier (not the sweet spot) so every record has a tier", tiers[n-1].Name)
	}
	if len(ps.errs) > 0 {
		return fmt.Errorf("invalid profile:\n  %s", strings.Join(ps.errs, "\n  "))
	}
	return nil
}

// TierIndex returns the position of a tier name in TierNames, or -1.
func (s Scoring) TierIndex(name string) int {
	return slices.Index(s.TierNames(), name)
}
