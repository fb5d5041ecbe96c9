package report

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/analysis/stats"
	"github.com/icp-dev/icp/profile"
)

// newTable returns a tablewriter table in the house style: light Unicode borders,
// headers as written (tablewriter upper-cases them by default), no wrapping (the
// columns are chosen so that a table fits in about 100 columns).
func newTable(w io.Writer, header ...string) *tablewriter.Table {
	t := tablewriter.NewTable(w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{Symbols: tw.NewSymbols(tw.StyleLight)})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderAutoWrap(tw.WrapNone),
	)
	t.Header(toAny(header)...)
	return t
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// Summary writes the terminal summary of a derivation: what was read, who counts as
// best, the sweet spot, the criteria with their points, the negative traits, the
// disqualifiers and their rule, the tiers with their best-customer rates, the strongest
// lifts, the warnings. files lists the outputs written (may be empty).
func Summary(w io.Writer, res *analysis.Result, p *profile.Profile, detected []string, files []string) error {
	ew := &errWriter{w: w}
	ew.printf("Columns: %s\n", strings.Join(detected, ", "))
	for _, n := range res.Notes {
		ew.printf("Note: %s\n", n)
	}
	ew.printf("Customers analysed: %s of %s rows; best customers: %s (%s%s) — %s\n",
		count(res.Customers), count(res.Rows), count(res.Best.B), pct(float64(res.Best.B)/float64(res.Customers)), tiedCut(res), BestRuleWords(p, res.BestRule()))
	if len(res.Criteria) > 0 {
		word, why := profileConfidence(res)
		ew.printf("Confidence: %s — %s\n", word, why)
	}
	ew.printf("\n")

	if len(res.Criteria) == 0 {
		if k := len(res.NegativeTraits) + len(res.Disqualifiers); k > 0 {
			ew.printf("No criteria: the data holds no reliable ICP signal (%s conditions tested, none passed as a mark of a best customer; %d poor-fit %s did, below).\n\n", count(res.NumConditions()), k, profile.Plural(k, "trait", "traits"))
		} else {
			ew.printf("No criteria: the data holds no reliable ICP signal (%s conditions tested, none passed).\n\n", count(res.NumConditions()))
		}
	} else {
		segmentText(ew, res, p)
		ew.printf("Criteria (%d)\n", len(res.Criteria))
		t := newTable(ew, "#", "Criterion", "Best", "All", "Lift (95% CI)", "n", "Confidence", "Pts")
		spot := false
		for i, s := range res.Criteria {
			num := fmt.Sprint(i + 1)
			if res.InSegment(s) {
				num += "*"
				spot = true
			}
			t.Append([]string{num, statWords(p, s), pct(s.BestShare), pct(s.AllShare),
				times(s.Lift) + " (" + interval(s.LiftLow, s.LiftHigh) + ")", count(s.N), statConfidence(res, s, true), fmt.Sprintf("%d", critPoints(res, i))})
		}
		if err := t.Render(); err != nil {
			return err
		}
		if spot {
			ew.printf("* part of the sweet spot\n")
		}
		ew.printf("\n")
	}
	if len(res.NegativeTraits) > 0 {
		ew.printf("Negative traits (%d): subtract points and keep a customer out of the sweet spot\n", len(res.NegativeTraits))
		t := newTable(ew, "Negative trait", "Best", "All", "Lift (95% CI)", "n", "Confidence", "Churn (95% CI), lift", "Pts")
		for i, s := range res.NegativeTraits {
			t.Append([]string{statWords(p, s), pct(s.BestShare), pct(s.AllShare),
				times(s.Lift) + " (" + interval(s.LiftLow, s.LiftHigh) + ")", count(s.N), statConfidence(res, s, false), churnCell(s), fmt.Sprintf("%d", negPoints(res, i))})
		}
		if err := t.Render(); err != nil {
			return err
		}
		ew.printf("\n")
	}
	if len(res.Disqualifiers) > 0 {
		ew.printf("Disqualifiers (%d): hard vetoes\n", len(res.Disqualifiers))
		t := newTable(ew, "Disqualifier", "Best", "All", "Lift (95% CI)", "n", "Confidence", "Churn (95% CI), lift")
		for _, s := range res.Disqualifiers {
			t.Append([]string{statWords(p, s), pct(s.BestShare), pct(s.AllShare),
				times(s.Lift) + " (" + interval(s.LiftLow, s.LiftHigh) + ")", count(s.N), statConfidence(res, s, false), churnCell(s)})
		}
		if err := t.Render(); err != nil {
			return err
		}
		ew.printf("A condition is a disqualifier when %s.\n\n", res.DisqualifierRule())
	}
	if err := validationText(ew, res, p); err != nil {
		return err
	}
	if strongest := res.StrongestPerAttribute(); len(strongest) == 0 {
		ew.printf("No attribute condition could be tested: a condition needs at least %s customers, and constant, identifier and post-sale columns are left out (the notes and warnings say which).\n", count(res.MinSupport))
	} else {
		ew.printf("Strongest condition per attribute (%s conditions tested; signal clear: not chance even allowing for the search, which the 95%% intervals shown do not allow for; statistics in lift.csv)\n", count(res.NumConditions()))
		t := newTable(ew, "Strongest condition", "Best", "All", "Lift (95% CI)", "n", "Signal", "Role")
		for _, s := range strongest {
			at := res.AttributeTest(s.Condition.Attribute)
			q := at.QOver
			if s.Lift < 1 {
				q = at.QUnder
			}
			t.Append([]string{clip(statWords(p, s), 40), pct(s.BestShare), pct(s.AllShare), times(s.Lift) + " (" + interval(s.LiftLow, s.LiftHigh) + ")", count(s.N), signalWord(q, res.Options.Alpha), roleWords(res, s)})
		}
		if err := t.Render(); err != nil {
			return err
		}
	}
	for _, wmsg := range res.Warnings {
		ew.printf("\nwarning: %s", wmsg)
	}
	if len(res.Warnings) > 0 {
		ew.printf("\n")
	}
	if len(files) > 0 {
		ew.printf("\nWrote %s\n", strings.Join(files, ", "))
	}
	return ew.err
}

// segmentText prints the sweet spot in a few lines (one when there is none).
func segmentText(ew *errWriter, res *analysis.Result, p *profile.Profile) {
	s := res.Segment
	if s == nil {
		ew.printf("Sweet spot: none found; the tiers follow the fit score alone.\n\n")
		return
	}
	ew.printf("Sweet spot: %s\n", segmentWords(p, s))
	ew.printf("  %s\n", segmentSummary(s))
	if c := segmentChecks(s, resamplesOf(res)); c != "" {
		ew.printf("  %s\n", c)
	}
	for _, a := range s.Adds {
		ew.printf("  %s: %s\n", statWords(p, a.Part), partAdds(a))
	}
	ew.printf("\n")
}

// churnCell is a condition's churn rate with its Wilson 95% interval and its churn
// lift, "37.6% (32.9%–42.6%), 1.49×"; "–" when churn is unknown. The customers it
// rests on are the row's n (or ChurnKnown of them: see the ICP.md sentences).
func churnCell(s *analysis.Stat) string {
	if s.ChurnKnown == 0 {
		return "–"
	}
	lo, hi := stats.Wilson(s.Churned, s.ChurnKnown, stats.Z95)
	return rateCI(s.ChurnRate, lo, hi) + ", " + times(s.ChurnLift)
}

// validationText prints the held-out checks of the criteria, negative traits and
// disqualifiers, and the tiers.
func validationText(ew *errWriter, res *analysis.Result, p *profile.Profile) error {
	if len(res.Criteria) == 0 {
		return nil
	}
	v := res.Validation
	if v != nil && (len(v.Tiers) > 0 || v.Resamples > 0) {
		ew.printf("Validation: %s (chosen again in how many folds and random halves; whether still chosen with the top 10/20/30%% as best)\n", validationScope(v))
		var rows [][]string
		for _, s := range chosen(res) {
			if ck := res.Checks[s]; ck != nil {
				rows = append(rows, []string{statWords(p, s), heldOut(ck), fmt.Sprintf("%d of %d", ck.FoldsChosen, v.Folds), pct(ck.Stability), holdsShort(ck)})
			}
		}
		if len(rows) > 0 {
			t := newTable(ew, "Condition", "Held-out lift (95% CI)", "Chosen: folds", "Halves", "Top 10/20/30%")
			for _, r := range rows {
				t.Append(r)
			}
			if err := t.Render(); err != nil {
				return err
			}
		}
		ew.printf("\n")
	}
	tiers := res.ScoringTiers()
	ew.printf("Fit tiers (best-customer rate with 95%% CI; score = points of the criteria matched − those of the negative traits, 0–100)\n")
	header := []string{"Tier", "Rule", "Customers", "Best rate in-sample"}
	held := v != nil && len(v.Tiers) == len(res.Tiers)
	if held {
		header = append(header, "Best rate held-out")
	}
	header = append(header, "Churn rate (95% CI)")
	t := newTable(ew, header...)
	for i, r := range res.Tiers {
		row := []string{r.Tier, tierRule(tiers, r.Tier), count(r.N), rateCI(r.Rate, r.RateLow, r.RateHigh)}
		if r.N == 0 {
			row[3] = "–"
		}
		if held {
			h := v.Tiers[i]
			cell := "–"
			if h.N > 0 {
				cell = rateCI(h.Rate, h.RateLow, h.RateHigh) + " n=" + count(h.N)
			}
			row = append(row, cell)
		}
		churn := churnRate(r)
		if r.ChurnN > 0 && r.ChurnN != r.N {
			churn += " n=" + count(r.ChurnN) // churn known for only some
		}
		t.Append(append(row, churn))
	}
	if err := t.Render(); err != nil {
		return err
	}
	for _, note := range []string{mergedNote(tiers), disqualifiedNote(res.Tiers)} {
		if note != "" {
			ew.printf("Note: %s\n", note)
		}
	}
	ew.printf("\n")
	return nil
}

// chosen lists the criteria, negative traits and disqualifiers, in that order.
func chosen(res *analysis.Result) []*analysis.Stat {
	return slices.Concat(res.Criteria, res.NegativeTraits, res.Disqualifiers)
}

func validationScope(v *analysis.Validation) string {
	s := fmt.Sprintf("%d-fold cross-validation on %s customers", v.Folds, count(v.Rows))
	if v.Resamples > 0 {
		s += fmt.Sprintf("; %d resamples of %s customers", v.Resamples, count(v.ResampleRows))
	}
	return s
}

func heldOut(ck *analysis.Check) string {
	if ck.HoldoutN == 0 {
		return "never chosen"
	}
	return times(ck.HoldoutLift) + " (" + interval(ck.HoldoutLow, ck.HoldoutHigh) + ") n=" + count(ck.HoldoutN)
}

func holdsShort(ck *analysis.Check) string {
	if len(ck.HoldsAtTops) == 0 {
		return "–"
	}
	var parts []string
	for _, h := range ck.HoldsAtTops {
		if h {
			parts = append(parts, "yes")
		} else {
			parts = append(parts, "no")
		}
	}
	return strings.Join(parts, "/")
}

// clip shortens s to at most n runes, ending in "…" when cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, a ...any) {
	fmt.Fprintf(e, format, a...)
}

// signalWord says in a word whether an attribute's q-value clears alpha: "clear", or
// "chance" when the pattern could be chance.
func signalWord(q, alpha float64) string {
	if alpha == 0 {
		alpha = 0.05
	}
	if q < alpha {
		return "clear"
	}
	return "chance"
}

// roleWords is the part a condition plays in the profile, in plain words.
func roleWords(res *analysis.Result, s *analysis.Stat) string {
	switch r := roleLabel(res, s); r {
	case "segment":
		return "sweet spot"
	case analysis.RoleAlternative:
		return "overlaps criterion"
	default:
		return r
	}
}

// tiedCut says, when tied scores at the cut made the best group much larger or smaller
// than the share asked for (see BestGroup.TieWarning), that it is not that share.
func tiedCut(res *analysis.Result) string {
	if res.Best.TieWarning == "" {
		return ""
	}
	return fmt.Sprintf(", not the %s asked for: tied scores at the cut, see the warnings", pct(res.Options.Top))
}
