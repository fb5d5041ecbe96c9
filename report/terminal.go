package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/icp-dev/icp/analysis"
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
// best, the criteria, the disqualifiers, the tiers, the strongest lifts, the warnings.
// files lists the outputs written (may be empty).
func Summary(w io.Writer, res *analysis.Result, detected []string, files []string) error {
	ew := &errWriter{w: w}
	ew.printf("Columns: %s\n", strings.Join(detected, ", "))
	for _, n := range res.Notes {
		ew.printf("Note: %s\n", n)
	}
	ew.printf("Customers analysed: %s of %s rows; best customers: %s (%s) — %s\n\n",
		count(res.Customers), count(res.Rows), count(res.Best.B), pct(float64(res.Best.B)/float64(res.Customers)), res.BestRule())

	if len(res.Criteria) == 0 {
		ew.printf("No criteria: the data holds no reliable ICP signal (%s conditions tested, none passed).\n\n", count(len(res.Conditions)))
	} else {
		ew.printf("Criteria (%d)\n", len(res.Criteria))
		t := newTable(ew, "#", "Criterion", "Best", "All", "Lift (95% CI)", "n", "q", "Pts")
		for i, s := range res.Criteria {
			t.Append([]string{fmt.Sprint(i + 1), s.Display, pct(s.BestShare), pct(s.AllShare),
				times(s.Lift) + " (" + interval(s.LiftLow, s.LiftHigh) + ")", count(s.N), analysis.FormatP(s.QUp), fmt.Sprintf("%d", res.Points[i])})
		}
		if err := t.Render(); err != nil {
			return err
		}
		ew.printf("\n")
	}
	if len(res.Disqualifiers) > 0 {
		ew.printf("Disqualifiers (%d)\n", len(res.Disqualifiers))
		t := newTable(ew, "Disqualifier", "Best", "All", "Lift (95% CI)", "n", "q", "Churn")
		for _, s := range res.Disqualifiers {
			churn := "–"
			if s.ChurnKnown > 0 {
				churn = pct(s.ChurnRate) + " (" + times(s.ChurnLift) + ")"
			}
			t.Append([]string{s.Display, pct(s.BestShare), pct(s.AllShare),
				times(s.Lift) + " (" + interval(s.LiftLow, s.LiftHigh) + ")", count(s.N), analysis.FormatP(s.QLow), churn})
		}
		if err := t.Render(); err != nil {
			return err
		}
		ew.printf("\n")
	}
	if err := validationText(ew, res); err != nil {
		return err
	}
	ew.printf("Strongest condition per attribute (%s conditions tested; all in lift.csv)\n", count(len(res.Conditions)))
	t := newTable(ew, "Attribute", "Strongest condition", "Best", "Lift", "n", "Attr. q", "Role")
	for _, s := range res.StrongestPerAttribute() {
		at := res.AttributeTest(s.Condition.Attribute)
		q := at.QOver
		if s.Lift < 1 {
			q = at.QUnder
		}
		t.Append([]string{s.Condition.Attribute, clip(s.Display[len(s.Condition.Attribute)+1:], 28), pct(s.BestShare), times(s.Lift), count(s.N), analysis.FormatP(q), s.Role})
	}
	if err := t.Render(); err != nil {
		return err
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

// validationText prints the held-out checks of the criteria and the tiers.
func validationText(ew *errWriter, res *analysis.Result) error {
	if len(res.Criteria) == 0 {
		return nil
	}
	v := res.Validation
	if v != nil && (len(v.Tiers) > 0 || v.Resamples > 0) {
		ew.printf("Validation: %s\n", validationScope(v))
		t := newTable(ew, "Criterion", "Held-out lift (95% CI)", "Folds", "Resamples", "Top 10/20/30%")
		for _, s := range append(append([]*analysis.Stat{}, res.Criteria...), res.Disqualifiers...) {
			ck := res.Checks[s]
			if ck == nil {
				continue
			}
			t.Append([]string{s.Display, heldOut(ck), fmt.Sprintf("%d/%d", ck.FoldsChosen, v.Folds), pct(ck.Stability), holdsShort(ck)})
		}
		if err := t.Render(); err != nil {
			return err
		}
		ew.printf("\n")
	}
	ew.printf("Fit tiers (best-customer rate with 95%% CI)\n")
	header := []string{"Tier", "Customers", "Best rate in-sample"}
	held := v != nil && len(v.Tiers) == len(res.Tiers)
	if held {
		header = append(header, "Best rate held-out")
	}
	header = append(header, "Churn rate")
	t := newTable(ew, header...)
	for i, r := range res.Tiers {
		row := []string{r.Tier, count(r.N), rateCI(r.Rate, r.RateLow, r.RateHigh)}
		if r.N == 0 {
			row[2] = "–"
		}
		if held {
			h := v.Tiers[i]
			cell := "–"
			if h.N > 0 {
				cell = rateCI(h.Rate, h.RateLow, h.RateHigh) + " n=" + count(h.N)
			}
			row = append(row, cell)
		}
		churn := "–"
		if r.ChurnN > 0 {
			churn = pct(r.ChurnRate)
		}
		t.Append(append(row, churn))
	}
	if err := t.Render(); err != nil {
		return err
	}
	ew.printf("\n")
	return nil
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
