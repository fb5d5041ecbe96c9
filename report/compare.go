package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/drift"
	"github.com/icp-dev/icp/analysis/winrate"
	"github.com/icp-dev/icp/profile"
)

// Comparison is everything `icp compare` found: last quarter's profile applied to new
// data, its conditions re-tested, a fresh profile derived with the same parameters and
// the diff between the two, how the customers and the best-customer definition moved,
// and the accounts whose tier rose. cmd/icp fills it; Summarise words the verdict.
type Comparison struct {
	Old      CompareOld   `json:"old_profile"`
	New      CompareInput `json:"new_data"`
	Verdict  string       `json:"verdict"`  // "no material change" or "material change"
	Material bool         `json:"material"` // the diff has a material change
	Summary  []string     `json:"summary"`  // the verdict in sentences
	// Changes is the diff of the old profile against the fresh one.
	Changes []profile.Change `json:"changes"`
	// Rechecks re-test the old criteria, then the old negative traits, then the old
	// disqualifiers, on the new data.
	Rechecks []drift.Recheck `json:"rechecks"`
	// OldTiers is the old profile's tiers on the new data, against its validation tiers.
	OldTiers drift.Definition `json:"old_tiers_on_new_data"`
	// TierBasis says what the "then" side of OldTiers is: TierBasisOldData (the old
	// profile applied to last quarter's data, the same basis as now) or
	// TierBasisHeldOut (the held-out rates the old profile recorded; spread not compared).
	TierBasis string `json:"old_tiers_basis,omitempty"`
	// WinRate is the win rate of the new deals by old tier (nil without --deals).
	WinRate *winrate.Summary `json:"win_rate_by_old_tier,omitempty"`
	// Drift compares the attributes with last quarter's data (empty without it).
	Drift   []drift.AttributeShift `json:"attribute_drift"`
	OldData string                 `json:"old_data,omitempty"` // the file Drift compared against
	Rising  Rising                 `json:"rising"`
	Draft   CompareDraft           `json:"new_profile"`
	// NewProfile is the fresh profile (written as icp.yaml).
	NewProfile *profile.Profile `json:"-"`
	// OldProfile is the profile compared with (its labels and spellings word the
	// conditions it alone has); nil reads as NewProfile's words.
	OldProfile *profile.Profile `json:"-"`
	Warnings   []string         `json:"warnings"`
	Notes      []string         `json:"notes"`
	Outputs    []string         `json:"outputs"`
}

// CompareOld describes the profile compared against.
type CompareOld struct {
	Path    string         `json:"path"`
	SHA256  string         `json:"sha256"` // of the icp.yaml file
	Name    string         `json:"name"`
	Status  string         `json:"status"`
	Created string         `json:"created"`
	Source  profile.Source `json:"source"`
	Best    profile.Best   `json:"best_customers"`
}

// CompareInput describes the new data.
type CompareInput struct {
	File      string  `json:"file"`
	SHA256    string  `json:"sha256"`
	Rows      int     `json:"rows"`
	Customers int     `json:"customers"` // analysed rows
	Best      int     `json:"best"`
	BestShare float64 `json:"best_share"`
	BestRule  string  `json:"best_rule"`
}

// CompareDraft describes the fresh profile.
type CompareDraft struct {
	Name           string   `json:"name"`
	Status         string   `json:"status"`
	Supersedes     string   `json:"supersedes"`
	Criteria       []string `json:"criteria"`
	NegativeTraits []string `json:"negative_traits"`
	Disqualifiers  []string `json:"disqualifiers"`
	Segment        string   `json:"segment,omitempty"` // the sweet spot's rule ("" when none)
	NoSignal       bool     `json:"no_signal"`
}

// Rising summarises the accounts ranked higher under the new profile than the old.
type Rising struct {
	Count       int          `json:"count"`
	File        string       `json:"file"`
	Transitions []Transition `json:"transitions"`
	Examples    []RisingRow  `json:"examples"` // the first few rows of rising.csv
}

// Transition counts the rows that moved from one tier to another.
type Transition struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Count int    `json:"count"`
}

// RisingRow is one row of rising.csv.
type RisingRow struct {
	ID       string `json:"id"`
	OldTier  string `json:"old_tier"`
	OldScore int    `json:"old_score"`
	NewTier  string `json:"new_tier"`
	NewScore int    `json:"new_score"`
	Reasons  string `json:"reasons"`
}

// Bases of Comparison.OldTiers' "then" side.
const (
	TierBasisOldData = "old profile on last quarter's data"
	TierBasisHeldOut = "held-out rates recorded in the old profile"
)

// Verdicts of a comparison.
const (
	VerdictNoChange = "no material change"
	VerdictChange   = "material change"
)

// Summarise sets Material, Verdict and Summary from the rest of the comparison.
func Summarise(c *Comparison) {
	c.Material = profile.Material(c.Changes)
	kinds := map[string]int{}
	for _, ch := range c.Changes {
		kinds[ch.Kind]++
	}
	var s []string
	nc, nd := len(c.NewProfile.Criteria), len(c.NewProfile.Disqualifiers)
	if !c.Material {
		c.Verdict = VerdictNoChange
		neg := ""
		if k := len(c.NewProfile.NegativeTraits); k > 0 {
			neg = fmt.Sprintf(", %d negative trait%s", k, plural(k))
		}
		msg := fmt.Sprintf("No material change: the profile derived from the new data has the same %d criteria%s and %d disqualifiers as %s", nc, neg, nd, c.Old.Name)
		if k := kinds[profile.ChangeRangeAdjusted]; k > 0 {
			msg += fmt.Sprintf(" (%d range%s adjusted within the tolerance)", k, plural(k))
		}
		s = append(s, msg+".")
	} else {
		c.Verdict = VerdictChange
		var parts []string
		for _, k := range []struct{ kind, one, many string }{
			{profile.ChangeRangeMoved, "range moved", "ranges moved"},
			{profile.ChangeValuesAdded, "value set widened", "value sets widened"},
			{profile.ChangeValuesRemoved, "value set narrowed", "value sets narrowed"},
			{profile.ChangeDropped, "condition dropped", "conditions dropped"},
			{profile.ChangeNew, "new condition", "new conditions"},
			{profile.ChangeJoinedSegment, "criterion joined the sweet spot", "criteria joined the sweet spot"},
			{profile.ChangeLeftSegment, "criterion left the sweet spot", "criteria left the sweet spot"},
		} {
			if n := kinds[k.kind]; n == 1 {
				parts = append(parts, "1 "+k.one)
			} else if n > 1 {
				parts = append(parts, fmt.Sprintf("%d %s", n, k.many))
			}
		}
		kept := kinds[profile.ChangeKept] + kinds[profile.ChangeRangeAdjusted]
		s = append(s, fmt.Sprintf("Material change: %s; %d condition%s kept.", strings.Join(parts, ", "), kept, plural(kept)))
	}
	if len(c.Rechecks) > 0 {
		v := map[string]int{}
		for _, r := range c.Rechecks {
			v[r.Verdict]++
		}
		s = append(s, fmt.Sprintf("Last quarter's %d conditions on the new data: %d hold, %d weakened, %d no longer significant.",
			len(c.Rechecks), v[drift.VerdictHolds], v[drift.VerdictWeakened], v[drift.VerdictLost]))
	}
	if len(c.Drift) > 0 {
		var major, moderate []string
		for _, d := range c.Drift {
			switch d.Level {
			case "major":
				major = append(major, c.NewProfile.Label(d.Column))
			case "moderate":
				moderate = append(moderate, c.NewProfile.Label(d.Column))
			}
		}
		switch {
		case len(major) == 0 && len(moderate) == 0:
			s = append(s, fmt.Sprintf("The customer mix is stable: none of %d attributes shifted materially.", len(c.Drift)))
		default:
			msg := "The customer mix moved:"
			if len(major) > 0 {
				msg += fmt.Sprintf(" a lot in %s", strings.Join(major, ", "))
			}
			if len(moderate) > 0 {
				if len(major) > 0 {
					msg += ";"
				}
				msg += fmt.Sprintf(" moderately in %s", strings.Join(moderate, ", "))
			}
			s = append(s, msg+".")
		}
	}
	if c.TierBasis == TierBasisOldData && !math.IsNaN(c.OldTiers.MixPSI) {
		if c.OldTiers.MixPSI < drift.PSIModerate && c.OldTiers.BestPSI < drift.PSIModerate {
			s = append(s, "Customers and best customers spread over last quarter's tiers as they did on last quarter's data (no tier shift).")
		} else {
			s = append(s, fmt.Sprintf("Against last quarter's data, how customers spread over last quarter's tiers: %s; how best customers spread over them: %s.", shiftWords(c.OldTiers.MixPSI), shiftWords(c.OldTiers.BestPSI)))
		}
	}
	if c.Rising.Count > 0 {
		s = append(s, fmt.Sprintf("%s accounts rank in a higher tier under the new profile than under the old (%s).", count(c.Rising.Count), c.Rising.File))
	} else {
		s = append(s, "No account ranks in a higher tier under the new profile than under the old.")
	}
	c.Summary = s
}

// CompareJSON writes the comparison as one indented JSON object.
func CompareJSON(w io.Writer, c *Comparison) error {
	out := *c
	for _, p := range []*[]string{&out.Warnings, &out.Notes, &out.Outputs, &out.Summary} {
		if *p == nil {
			*p = []string{}
		}
	}
	if out.Changes == nil {
		out.Changes = []profile.Change{}
	}
	if out.Rechecks == nil {
		out.Rechecks = []drift.Recheck{}
	}
	if out.Drift == nil {
		out.Drift = []drift.AttributeShift{}
	}
	if out.Rising.Transitions == nil {
		out.Rising.Transitions = []Transition{}
	}
	if out.Rising.Examples == nil {
		out.Rising.Examples = []RisingRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// CompareText writes the terminal summary of a comparison.
func CompareText(w io.Writer, c *Comparison) error {
	ew := &errWriter{w: w}
	ew.printf("Compared %s (%s) with %s: %s customers, %s best (%s).\n\n", c.Old.Name, c.Old.Source.File, c.New.File,
		count(c.New.Customers), count(c.New.Best), pct(c.New.BestShare))
	ew.printf("Verdict: %s\n", c.Verdict)
	for _, s := range c.Summary {
		ew.printf("  %s\n", s)
	}
	ew.printf("\nChanges\n")
	for _, ch := range c.Changes {
		mark := " "
		if ch.Material() {
			mark = "*"
		}
		ew.printf(" %s %s\n", mark, c.changeWords(ch))
	}
	if len(c.Rechecks) > 0 {
		ew.printf("\nLast quarter's conditions on the new data (the tests behind each verdict are in COMPARE.md)\n")
		t := newTable(ew, "Condition", "Lift then", "Lift now (95% CI)", "n now", "Verdict")
		for _, r := range c.Rechecks {
			t.Append([]string{recheckName(r), times(r.ThenLift), times(r.NowLift) + " (" + interval(r.NowLow, r.NowHigh) + ")", count(r.NowN), r.Verdict})
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	for _, wmsg := range c.Warnings {
		ew.printf("warning: %s\n", wmsg)
	}
	if len(c.Outputs) > 0 {
		ew.printf("\nWrote %s\n", strings.Join(c.Outputs, ", "))
	}
	return ew.err
}

func recheckName(r drift.Recheck) string {
	name := r.Condition
	if r.Display != "" {
		name = r.Display
	}
	switch {
	case r.Disqualifier:
		return "disqualifier: " + name
	case r.NegativeTrait:
		return "negative trait: " + name
	}
	return name
}

// recheckFor finds the recheck of an old condition.
func (c *Comparison) recheckFor(section string, k *profile.Criterion) *drift.Recheck {
	if k == nil {
		return nil
	}
	for i, r := range c.Rechecks {
		if r.Disqualifier == (section == profile.SectionDisqualifiers) && r.NegativeTrait == (section == profile.SectionNegativeTraits) && r.Condition == k.String() {
			return &c.Rechecks[i]
		}
	}
	return nil
}

// evidenceWords says what a profile's evidence showed: "55.1% of best customers vs
// 31.5% of all (1.75×, n = 1,260)".
func evidenceWords(e *profile.Evidence) string {
	if e == nil {
		return "no evidence recorded"
	}
	return fmt.Sprintf("%s of best customers vs %s of all (%s, n = %s)", pct(e.BestShare), pct(e.AllShare), times(e.Lift), count(e.N))
}

// recheckWords says what a recheck found now.
func recheckWords(r *drift.Recheck) string {
	bs, as := math.NaN(), math.NaN()
	if r.NowBest > 0 {
		bs = float64(r.NowB) / float64(r.NowBest)
	}
	if r.NowAll > 0 {
		as = float64(r.NowN) / float64(r.NowAll)
	}
	return fmt.Sprintf("%s of best customers vs %s of all (%s, n = %s)", pct(bs), pct(as), times(r.NowLift), count(r.NowN))
}

// CompareMarkdown writes COMPARE.md: a change log for the quarterly review meeting.
func CompareMarkdown(w io.Writer, c *Comparison) error {
	ew := &errWriter{w: w}
	pr := ew.printf
	pr("# Quarterly ICP review — %s against %s\n\n", mdEscape(c.Old.Name), mdEscape(c.New.File))
	pr("| | Profile | Data | Customers | Best customers |\n|---|---|---|---:|---:|\n")
	pr("| Then | %s (%s, created %s; icp.yaml SHA-256 `%s`) | %s | %s | %s |\n", mdEscape(c.Old.Name), c.Old.Status, c.Old.Created, short(c.Old.SHA256),
		mdEscape(c.Old.Source.File), count(c.Old.Source.Analysed), count(c.Old.Best.Count))
	pr("| Now | %s (%s, derived now) | %s | %s | %s |\n\n", mdEscape(c.Draft.Name), c.Draft.Status, mdEscape(c.New.File), count(c.New.Customers), count(c.New.Best))
	pr("Best customers now are defined as they were then: %s.\n\n", mdEscape(BestRuleWords(c.NewProfile, c.New.BestRule)))

	pr("## Verdict: %s\n\n", c.Verdict)
	for _, s := range c.Summary {
		pr("- %s\n", mdEscape(s))
	}
	pr("\n")

	pr("## What changed in the profile\n\n")
	if len(c.Changes) == 0 {
		pr("Neither profile has criteria, negative traits or disqualifiers.\n\n")
	}
	for _, ch := range c.Changes {
		label := c.changeWords(ch)
		label = strings.ToUpper(label[:1]) + label[1:]
		pr("- **%s.**", mdEscape(label))
		if ch.Old != nil {
			pr(" Then: %s.", evidenceWords(ch.Old.Evidence))
		}
		if ch.New != nil {
			pr(" Now: %s.", evidenceWords(ch.New.Evidence))
		} else if r := c.recheckFor(ch.Section, ch.Old); r != nil {
			pr(" Now: %s; %s.", recheckWords(r), r.Verdict)
		}
		pr("\n")
	}
	pr("\nA change is material when it changes which accounts the profile favours or excludes; a range whose bounds moved within the tolerance (overlap ≥ %g) counts as kept.\n\n", profile.RangeIoUKept)

	pr("## Last quarter's conditions on the new data\n\n")
	if len(c.Rechecks) == 0 {
		pr("The old profile has no criteria, negative traits or disqualifiers.\n\n")
	} else {
		pr("| Condition | Then: lift (n) | Now: lift (95%% CI) | Now: n | Best rate then → now (p) | q now | Verdict |\n|---|---:|---:|---:|---:|---:|---|\n")
		for _, r := range c.Rechecks {
			then := "–"
			if r.ThenN > 0 {
				then = fmt.Sprintf("%s (%s)", times(r.ThenLift), count(r.ThenN))
			}
			rate := "–"
			if r.ThenN > 0 && r.NowN > 0 {
				rate = fmt.Sprintf("%s → %s (%s)", pct(float64(r.ThenB)/float64(r.ThenN)), pct(float64(r.NowB)/float64(r.NowN)), analysis.FormatP(r.RateP))
			}
			pr("| %s | %s | %s (%s) | %s | %s | %s | %s |\n", mdEscape(recheckName(r)), then, times(r.NowLift), interval(r.NowLow, r.NowHigh), count(r.NowN), rate, analysis.FormatP(r.Q), r.Verdict)
		}
		pr("\n*Holds*: still significant (one-sided Fisher exact test, Benjamini–Hochberg q < %g across these conditions) and the best-customer rate inside the condition not significantly worse (two-proportion test, p < %g). *Weakened*: significantly worse but still significant. *No longer significant*: no reliable effect now.\n\n", c.alpha(), c.alpha())
	}

	pr("## Last quarter's tiers on the new data\n\n")
	pr("| Tier | Then: best rate (customers) | Now: best rate (95%% CI) | Now: customers | p |\n|---|---:|---:|---:|---:|\n")
	for _, t := range c.OldTiers.Tiers {
		then := "–"
		if t.ThenN > 0 {
			then = fmt.Sprintf("%s (%s)", pct(t.ThenRate), count(t.ThenN))
		}
		pr("| %s | %s | %s | %s | %s |\n", t.Tier, then, rateCI(t.NowRate, t.NowLow, t.NowHigh), count(t.NowN), pval(t.P))
	}
	if c.TierBasis == TierBasisOldData {
		pr("\nThen: the old profile applied to last quarter's data (%s), the same basis as now. ", mdEscape(c.OldData))
	} else {
		pr("\nThen: the held-out best-customer rates recorded in the old profile's validation; last quarter's data was not at hand, so how customers spread over the tiers is not compared. ")
	}
	if !math.IsNaN(c.OldTiers.MixPSI) {
		pr("How customers spread over the old tiers: %s (PSI %.3f); how best customers spread over them: %s (PSI %.3f).",
			shiftWords(c.OldTiers.MixPSI), c.OldTiers.MixPSI, shiftWords(c.OldTiers.BestPSI), c.OldTiers.BestPSI)
	}
	pr("\n\n")
	if c.WinRate != nil {
		pr("### Win rate by old tier\n\n**%s**\n\n", mdEscape(c.WinRate.Headline))
		if c.WinRate.Capture != "" {
			pr("%s\n\n", mdEscape(captureWords(c.WinRate.Capture)))
		}
		pr("| %s |\n%s\n", joinCells(winHeader), winSep)
		for _, row := range winRows(*c.WinRate) {
			pr("| %s |\n", joinCells(row))
		}
		pr("\n")
	}

	pr("## How the customers moved\n\n")
	if len(c.Drift) == 0 {
		pr("Attribute drift needs last quarter's data: pass it with --old-data (or keep it next to the old profile, where compare finds it by its SHA-256).\n\n")
	} else {
		pr("Compared with %s. Population stability index (PSI) per attribute: below %g stable, %g–%g moderate, above %g major.\n\n", mdEscape(c.OldData), drift.PSIModerate, drift.PSIModerate, drift.PSIMajor, drift.PSIMajor)
		pr("| Attribute | PSI | Reading | Largest move |\n|---|---:|---|---|\n")
		for _, d := range c.Drift {
			if math.IsNaN(d.PSI) {
				pr("| %s | – | – | %s |\n", mdEscape(d.Column), mdEscape(d.Note))
				continue
			}
			move := ""
			if b, ok := d.Largest(); ok {
				move = fmt.Sprintf("%s: %s → %s", b.Label, pct(b.Old), pct(b.New))
			}
			pr("| %s | %.3f | %s | %s |\n", mdEscape(d.Column), d.PSI, d.Level, mdEscape(move))
		}
		pr("\n")
	}
	if len(c.OldTiers.Outcomes) > 0 {
		pr("Outcomes behind the best-customer definition (mean among best customers and the rest; churn: churn rate):\n\n")
		pr("| Outcome | Column | Best then → now | Rest then → now | PSI |\n|---|---|---:|---:|---:|\n")
		for _, o := range c.OldTiers.Outcomes {
			psi := "–"
			if !math.IsNaN(o.PSI) {
				psi = fmt.Sprintf("%.3f (%s)", o.PSI, o.Level)
			}
			pr("| %s | %s | %s → %s | %s → %s | %s |\n", o.Name, mdEscape(o.Column), outcomeValue(o.Name, o.ThenBest), outcomeValue(o.Name, o.NowBest),
				outcomeValue(o.Name, o.ThenRest), outcomeValue(o.Name, o.NowRest), psi)
		}
		pr("\n")
	}

	pr("## Accounts whose tier rose\n\n")
	if c.Rising.Count == 0 {
		pr("None: no account ranks higher under the new profile than under the old.\n\n")
	} else {
		pr("%s accounts rank in a higher tier under the new profile than under the old (A > B > C > D > disqualified); %s lists them all with the criteria that lifted them.\n\n", count(c.Rising.Count), c.Rising.File)
		pr("| Old tier | New tier | Accounts |\n|---|---|---:|\n")
		for _, t := range c.Rising.Transitions {
			pr("| %s | %s | %s |\n", t.From, t.To, count(t.Count))
		}
		pr("\n| Account | Old (score) | New (score) | Why |\n|---|---|---|---|\n")
		for _, r := range c.Rising.Examples {
			pr("| %s | %s (%d) | %s (%d) | %s |\n", mdEscape(r.ID), r.OldTier, r.OldScore, r.NewTier, r.NewScore, mdEscape(r.Reasons))
		}
		if c.Rising.Count > len(c.Rising.Examples) {
			pr("\nFirst %d of %s shown.\n", len(c.Rising.Examples), count(c.Rising.Count))
		}
		pr("\n")
	}

	pr("## The new draft profile\n\n")
	pr("**%s**, status %s, supersedes %s.\n\n", mdEscape(c.Draft.Name), c.Draft.Status, mdEscape(c.Draft.Supersedes))
	if c.Draft.NoSignal {
		pr("The new data holds no reliable ICP signal: keep the old profile until it does.\n\n")
	}
	if s := c.NewProfile.Segment; s != nil {
		pr("Sweet spot: **%s** — %s.\n\n", mdEscape(SegmentWords(c.NewProfile)), profileSegmentSummary(s))
	}
	pts := c.NewProfile.Points()
	for i, k := range c.NewProfile.Criteria {
		spot := ""
		if k.Segment {
			spot = ", sweet spot"
		}
		pr("%d. %s (%s points%s) — %s\n", i+1, mdEscape(c.NewProfile.Describe(k.Condition)), profile.FormatNumber(math.Round(pts[i]*10)/10), spot, evidenceWords(k.Evidence))
	}
	for _, k := range c.NewProfile.NegativeTraits {
		pr("- Negative trait: %s (%d points) — %s\n", mdEscape(c.NewProfile.Describe(k.Condition)), k.Points, evidenceWords(k.Evidence))
	}
	for _, k := range c.NewProfile.Disqualifiers {
		pr("- Disqualifier: %s — %s\n", mdEscape(c.NewProfile.Describe(k.Condition)), evidenceWords(k.Evidence))
	}
	pr("\nTiers:")
	for _, t := range c.NewProfile.Scoring.Tiers {
		pr(" %s: %s", t.Name, tierRule(c.NewProfile.Scoring.Tiers, t.Name))
		if t.ExpectedBestRate > 0 {
			pr(" (expected best rate %s)", pct(t.ExpectedBestRate))
		}
		pr(";")
	}
	pr(" disqualified: any disqualifier.\n")
	pr("\nReview it, then set `status: approved` to replace %s.\n\n", mdEscape(c.Old.Name))
	if len(c.Warnings) > 0 || len(c.Notes) > 0 {
		pr("## Notes\n\n")
		for _, wmsg := range c.Warnings {
			pr("- **Warning:** %s\n", mdEscape(wmsg))
		}
		for _, n := range c.Notes {
			pr("- %s\n", mdEscape(n))
		}
		pr("\n")
	}
	return ew.err
}

func (c *Comparison) alpha() float64 {
	if c.NewProfile != nil && c.NewProfile.Parameters.Alpha > 0 {
		return c.NewProfile.Parameters.Alpha
	}
	return 0.05
}

// shiftWords reads a PSI in plain words: "no shift", "a moderate shift", "a major shift".
func shiftWords(psi float64) string {
	switch l := drift.PSILevel(psi); {
	case math.IsNaN(psi):
		return "not measured"
	case psi < 1e-9:
		return "no shift"
	case l == "" || psi < drift.PSIModerate:
		return "stable"
	case psi < drift.PSIMajor:
		return "a moderate shift"
	}
	return "a major shift"
}

// PSILevelOf reads a PSI for people ("–" when it could not be computed).
func PSILevelOf(psi float64) string {
	if l := drift.PSILevel(psi); l != "" {
		return l
	}
	return "–"
}

func short(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	return sha
}

func pval(p float64) string {
	if math.IsNaN(p) {
		return "–"
	}
	return analysis.FormatP(p)
}

func outcomeValue(name string, x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case name == analysis.OutcomeChurn:
		return pct(x)
	case name == analysis.OutcomeLTV:
		return profile.FormatNumber(math.Round(x))
	}
	return fmt.Sprintf("%.1f", x)
}

// changeWords is a change between the profiles in RevOps words, with each profile's
// labels and spellings: "criterion values added: Industry: FinTech or SaaS → FinTech,
// Healthcare or SaaS", "negative trait dropped: Funding stage: Bootstrapped". The
// change's Text (rules as in icp.yaml) when a side is missing.
func (c *Comparison) changeWords(ch profile.Change) string {
	head, _, ok := strings.Cut(ch.Text, ": ")
	if !ok || c.NewProfile == nil {
		return ch.Text
	}
	if w := c.conditionWords(ch, head); w != "" {
		if strings.HasSuffix(ch.Text, " (sweet spot)") {
			w += " (sweet spot)"
		}
		return w
	}
	return ch.Text
}

func (c *Comparison) conditionWords(ch profile.Change, head string) string {
	oldP := c.OldProfile
	if oldP == nil {
		oldP = c.NewProfile
	}
	switch {
	case ch.Old != nil && ch.New != nil && (ch.Kind == profile.ChangeKept):
		return head + ": " + c.NewProfile.Describe(ch.New.Condition)
	case ch.Old != nil && ch.New != nil:
		a, b := oldP.Describe(ch.Old.Condition), c.NewProfile.Describe(ch.New.Condition)
		if l, _, ok := strings.Cut(a, ": "); ok && strings.HasPrefix(b, l+": ") {
			b = strings.TrimPrefix(b, l+": ")
		}
		return head + ": " + a + " → " + b
	case ch.New != nil:
		return head + ": " + c.NewProfile.Describe(ch.New.Condition)
	case ch.Old != nil:
		return head + ": " + oldP.Describe(ch.Old.Condition)
	}
	return ""
}
