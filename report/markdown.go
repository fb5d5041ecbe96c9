package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
)

// ICP writes the draft Ideal Customer Profile for leadership sign-off (ICP.md): header
// and fingerprint, executive summary, who counts as best, criteria and disqualifiers
// with their evidence in plain words, scoring and tiers, data quality and limits,
// operational changes, next review and an approvals table.
func ICP(w io.Writer, res *analysis.Result, p *profile.Profile) error {
	ew := &errWriter{w: w}
	pr := ew.printf
	N, B := res.Customers, res.Best.B

	pr("# Ideal Customer Profile — %s\n\n", p.Name)
	pr("**Status: %s** · created %s · %s\n\n", strings.ToUpper(p.Status), p.Created, p.Tool)
	pr("| Source | Rows | Analysed | SHA-256 |\n|---|---:|---:|---|\n")
	pr("| %s | %s | %s | `%s` |\n\n", mdEscape(p.Source.File), count(p.Source.Rows), count(p.Source.Analysed), p.Source.SHA256)

	pr("## 1. Executive summary\n\n")
	if res.NoSignal {
		pr("The data does **not** hold a reliable ICP signal. Of %s conditions tested on %s customers, none was over-represented among the %s best customers strongly and consistently enough to survive the multiple-testing correction with a material lift. Do not re-target sales on this data; collect more customers or better attributes and derive again.\n\n",
			count(len(res.Conditions)), count(N), count(B))
	} else {
		cov, capt := coverage(res)
		pr("Our best customers — the top %s of %s customers by %s — share %d distinguishing trait%s. Customers in fit tier A make up %s of the base and %s of best customers. ",
			pct(p.Parameters.Top), count(N), outcomeList(res), len(res.Criteria), plural(len(res.Criteria)), pct(cov), pct(capt))
		if len(res.Disqualifiers) > 0 {
			pr("%d trait%s mark%s poor fit and should be deprioritised. ", len(res.Disqualifiers), plural(len(res.Disqualifiers)), singularS(len(res.Disqualifiers)))
		}
		pr("Every number below is an association in our own history, not proof of cause.\n\n")
		for _, s := range res.Criteria {
			pr("- **%s** — %s of best customers vs %s overall (%s lift, n = %s)\n", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), count(s.N))
		}
		for _, s := range res.Disqualifiers {
			pr("- Disqualifier: **%s** — %s of best customers vs %s overall (%s)\n", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift))
		}
		pr("\n")
	}

	pr("## 2. Who counts as a best customer\n\n")
	pr("Rule: %s. Cohort: **%s of %s customers** (%s); the weakest best customer scored %.3f.\n\n", mdEscape(res.BestRule()), count(B), count(N), pct(float64(B)/float64(N)), res.Best.Threshold)
	pr("| Outcome | Column | Weight | Known | Best customers | Everyone else |\n|---|---|---:|---:|---:|---:|\n")
	for _, o := range res.Outcomes {
		bm, rm := fmt.Sprintf("%.1f", o.BestMean), fmt.Sprintf("%.1f", o.RestMean)
		if o.Name == analysis.OutcomeChurn {
			bm, rm = pct(o.BestMean)+" churned", pct(o.RestMean)+" churned"
		} else if o.Name == analysis.OutcomeLTV {
			bm, rm = profile.FormatNumber(o.BestMean), profile.FormatNumber(o.RestMean)
		}
		pr("| %s | %s | %g | %s | %s | %s |\n", o.Name, mdEscape(o.Column), o.Weight, count(o.Known), bm, rm)
	}
	pr("\n")
	for _, n := range res.Notes {
		pr("Note: %s.\n\n", n)
	}

	pr("## 3. Criteria\n\n")
	if len(res.Criteria) == 0 {
		pr("None. No condition passed every test (q < %.2f after Benjamini–Hochberg over %s one-sided tests, lift ≥ %.2f, at least %s customers).\n\n", p.Parameters.Alpha, count(res.Tests), p.Parameters.MinLift, count(res.MinSupport))
	} else {
		pr("| # | Criterion | Best customers | All customers | Lift (95%% CI) | n | q | Points |\n|---:|---|---:|---:|---:|---:|---:|---:|\n")
		for i, s := range res.Criteria {
			pr("| %d | %s | %s | %s | %s (%s) | %s | %s | %d |\n", i+1, mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), interval(s.LiftLow, s.LiftHigh), count(s.N), analysis.FormatP(s.QUp), res.Points[i])
		}
		pr("\n")
		for i, s := range res.Criteria {
			pr("%d. **%s.** %s.", i+1, mdEscape(s.Display), evidenceSentence(s, B, N))
			if ck := res.Checks[s]; ck != nil {
				pr(" %s", checkSentence(res, ck))
			}
			if r := res.Unsnapped[s]; r != nil {
				pr(" %s", snapSentence(s, r))
			}
			if alts := res.Alternatives[s]; len(alts) > 0 {
				var names []string
				for _, a := range alts {
					names = append(names, mdEscape(a.Display))
				}
				pr(" Covers largely the same customers as %s, which was therefore not listed separately.", strings.Join(names, "; "))
			}
			pr("\n")
		}
		pr("\n")
	}
	if len(res.Dropped) > 0 {
		pr("Considered and left out:\n\n")
		for _, d := range res.Dropped {
			pr("- %s\n", mdEscape(d))
		}
		pr("\n")
	}

	pr("## 4. Disqualifiers\n\n")
	if len(res.Disqualifiers) == 0 {
		pr("None passed the tests (q < %.2f, still under-represented once the criteria are known).\n\n", p.Parameters.Alpha)
	} else {
		pr("| Disqualifier | Best customers | All customers | Lift (95%% CI) | n | q | Churn rate |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, s := range res.Disqualifiers {
			churn := "–"
			if s.ChurnKnown > 0 {
				churn = fmt.Sprintf("%s (%s of overall)", pct(s.ChurnRate), times(s.ChurnLift))
			}
			pr("| %s | %s | %s | %s (%s) | %s | %s | %s |\n", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), interval(s.LiftLow, s.LiftHigh), count(s.N), analysis.FormatP(s.QLow), churn)
		}
		pr("\n")
		for _, s := range res.Disqualifiers {
			pr("- **%s**: %s of best customers vs %s of all (%s of %s); a customer here is %s as likely to be a best customer.", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), count(s.N), count(N), times(s.Lift))
			if s.ChurnKnown > 0 {
				pr(" Churn: %s vs %s overall (n = %s).", pct(s.ChurnRate), pct(s.ChurnRate/s.ChurnLift), count(s.ChurnKnown))
			}
			pr("\n")
		}
		pr("\n")
	}

	pr("## 5. Scoring and tiers\n\n")
	pr("Fit score = 100 × (points of the criteria a record matches) / (points of all criteria); a record that matches any disqualifier is tier *disqualified* whatever its score. Points follow each criterion's log lift. Cut points (editable in icp.yaml):")
	for _, t := range p.Scoring.Tiers {
		pr(" %s ≥ %g;", t.Name, t.Min)
	}
	pr("\n\n")
	if len(res.Criteria) > 0 {
		pr("Best-customer rate per tier on the customers the criteria were chosen from (in-sample, so optimistic; the held-out rates are under Validation above):\n\n")
		pr("| Tier | Customers | Best | Best rate (95%% CI) | Churn rate |\n|---|---:|---:|---:|---:|\n")
		for _, r := range res.Tiers {
			churn := "–"
			if r.ChurnN > 0 {
				churn = pct(r.ChurnRate)
			}
			pr("| %s | %s | %s | %s (%s–%s) | %s |\n", r.Tier, count(r.N), count(r.Best), pct(r.Rate), pct(r.RateLow), pct(r.RateHigh), churn)
		}
		pr("\n")
	}

	if v := res.Validation; v != nil && len(res.Criteria) > 0 {
		pr("### Validation on customers not used to choose the criteria\n\n")
		pr("%s. In each fold the criteria, disqualifiers and points were chosen afresh on the other folds and applied to the held-out customers.\n\n", validationScope(v))
		if len(v.Tiers) > 0 {
			pr("| Tier | Held-out customers | Best | Best rate (95%% CI) |\n|---|---:|---:|---:|\n")
			for _, r := range v.Tiers {
				pr("| %s | %s | %s | %s |\n", r.Tier, count(r.N), count(r.Best), rateCI(r.Rate, r.RateLow, r.RateHigh))
			}
			pr("\n")
		}
		pr("| Condition | Held-out lift (95%% CI) | Chosen in folds | Chosen in resamples | Chosen at top 10%% / 20%% / 30%% |\n|---|---:|---:|---:|---:|\n")
		for _, s := range append(append([]*analysis.Stat{}, res.Criteria...), res.Disqualifiers...) {
			if ck := res.Checks[s]; ck != nil {
				pr("| %s | %s | %d of %d | %s | %s |\n", mdEscape(s.Display), heldOut(ck), ck.FoldsChosen, v.Folds, pct(ck.Stability), holdsShort(ck))
			}
		}
		pr("\n")
	}

	pr("## 6. What changed since last quarter\n\n")
	if p.Supersedes != "" {
		pr("Supersedes %s.\n\n", mdEscape(p.Supersedes))
	} else {
		pr("First profile: no earlier profile to compare with.\n\n")
	}

	pr("## 7. Data quality and limits\n\n")
	pr("- Rows: %s in the file, %s analysed, %s left out (no outcome value).\n", count(res.Rows), count(N), count(res.Skipped))
	for _, a := range res.Attributes {
		if !a.Used {
			pr("- Column %s not used: %s.\n", mdEscape(a.Column), a.Reason)
		} else if a.Reason != "" {
			pr("- Column %s: %s.\n", mdEscape(a.Column), a.Reason)
		}
	}
	pr("- Statistics: each condition compares the best-customer rate among matching customers with the overall rate (lift), with a Wilson 95%% interval and a one-sided Fisher exact test; Benjamini–Hochberg q-values cover all %s one-sided tests the search ran, including every range and value set it tried. Conditions matching fewer than %s customers (%s) were not tested.\n", count(res.Tests), count(res.MinSupport), count(res.Untested))
	pr("- Criteria are chosen one at a time and kept only when they still add evidence given those already chosen (Cochran–Mantel–Haenszel test stratified on the chosen criteria).\n")
	pr("- Association, not causation: these traits describe who our best customers have been, not why.\n")
	for _, wmsg := range res.Warnings {
		pr("- **Warning:** %s.\n", mdEscape(wmsg))
	}
	pr("\n")

	pr("## 8. Operational changes\n\n")
	if len(res.Criteria) > 0 {
		var attrs []string
		seen := map[string]bool{}
		for _, s := range append(append([]*analysis.Stat{}, res.Criteria...), res.Disqualifiers...) {
			if !seen[s.Condition.Attribute] {
				seen[s.Condition.Attribute] = true
				attrs = append(attrs, mdEscape(s.Condition.Attribute))
			}
		}
		pr("- Make sure every account and lead record carries: %s (scoring treats a blank as not matching).\n", strings.Join(attrs, ", "))
		pr("- Score accounts with `icp score --profile icp.yaml ACCOUNTS.csv` and route tier A to senior sellers; review disqualified accounts before spending on them.\n")
		pr("- Track win rate and retention by tier every quarter; the profile holds only if they fall from A to D.\n\n")
	} else {
		pr("None until a reliable signal is found.\n\n")
	}

	pr("## 9. Next review\n\n")
	next := "(date)"
	if t, err := time.Parse("2006-01-02", p.Created); err == nil {
		next = t.AddDate(0, 3, 0).Format("2006-01-02")
	}
	pr("Next review: %s · Owner: ____________\n\n", next)

	pr("## 10. Approvals\n\n")
	pr("| Role | Name | Decision | Date | Comments |\n|---|---|---|---|---|\n")
	for _, role := range []string{"CRO", "VP Marketing", "RevOps lead", "Head of Customer Success"} {
		pr("| %s | | | | |\n", role)
	}
	return ew.err
}

// snapSentence says what rounding a range's bounds to numbers a person would write
// cost, compared with the best range on unrounded quantiles.
func snapSentence(s *analysis.Stat, r *analysis.RawRange) string {
	return fmt.Sprintf("Its bounds are rounded to numbers a person would write; the best range on unrounded quantiles was %s (lift %s, n = %s), so rounding changed the lift by %+.2f×.",
		mdEscape(profile.RangeString(r.Condition.Min, r.Condition.Max)), times(r.Lift), count(r.N), s.Lift-r.Lift)
}

// checkSentence says in words how a criterion held up on other customers.
func checkSentence(res *analysis.Result, ck *analysis.Check) string {
	v := res.Validation
	var parts []string
	if ck.HoldoutN > 0 {
		parts = append(parts, fmt.Sprintf("On customers not used to choose it, its lift was %s (95%% CI %s, n = %s)", times(ck.HoldoutLift), interval(ck.HoldoutLow, ck.HoldoutHigh), count(ck.HoldoutN)))
	} else if v.Folds > 0 {
		parts = append(parts, "No cross-validation fold chose it again")
	}
	if v.Resamples > 0 {
		parts = append(parts, fmt.Sprintf("it was chosen in %s of %d random halves of the data", pct(ck.Stability), v.Resamples))
	}
	if h := res.HoldsText(ck); h != "" {
		parts = append(parts, "with the best customers defined as the top "+h)
	}
	return strings.Join(parts, "; ") + "."
}

// coverage returns the share of customers in the top tier and the share of best
// customers they hold.
func coverage(res *analysis.Result) (cov, capt float64) {
	if len(res.Tiers) == 0 || res.Customers == 0 || res.Best.B == 0 {
		return 0, 0
	}
	a := res.Tiers[0]
	return float64(a.N) / float64(res.Customers), float64(a.Best) / float64(res.Best.B)
}

func outcomeList(res *analysis.Result) string {
	var names []string
	for _, o := range res.Outcomes {
		names = append(names, mdEscape(o.Column))
	}
	return strings.Join(names, ", ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func singularS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
