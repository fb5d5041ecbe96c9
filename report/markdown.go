package report

import (
	"fmt"
	"io"
	"slices"
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
		top := "A"
		if len(res.Tiers) > 0 {
			top = res.Tiers[0].Tier
		}
		pr("Our best customers — the top %s of %s customers by %s — share %d distinguishing trait%s. ",
			pct(p.Parameters.Top), count(N), outcomeList(res), len(res.Criteria), plural(len(res.Criteria)))
		if sg := res.Segment; sg != nil {
			pr("They concentrate in a sweet spot, **%s**: %s of customers there are best customers (%s the average), and it holds %s of all best customers. ",
				mdEscape(sg.Display), pct(sg.Rate), times(sg.Lift), pct(sg.BestShare))
		}
		pr("Customers in fit tier %s make up %s of the base and %s of best customers. ", top, pct(cov), pct(capt))
		if k := len(res.NegativeTraits); k > 0 {
			pr("%d trait%s lower%s the fit score. ", k, plural(k), singularS(k))
		}
		if len(res.Disqualifiers) > 0 {
			pr("%d trait%s mark%s poor fit and should be deprioritised. ", len(res.Disqualifiers), plural(len(res.Disqualifiers)), singularS(len(res.Disqualifiers)))
		}
		pr("Every number below is an association in our own history, not proof of cause.\n\n")
		for i, s := range res.Criteria {
			spot := ""
			if res.InSegment(s) {
				spot = ", sweet spot"
			}
			pr("- **%s** — %s of best customers vs %s overall (%s lift, n = %s; %d points%s)\n", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), count(s.N), critPoints(res, i), spot)
		}
		for i, s := range res.NegativeTraits {
			pr("- Negative trait: **%s** — %s of best customers vs %s overall (%s; %d points)\n", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), negPoints(res, i))
		}
		for _, s := range res.Disqualifiers {
			pr("- Disqualifier: **%s** — %s of best customers vs %s overall (%s)\n", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift))
		}
		pr("\n")
		if note := disqualifiedNote(res.Tiers); note != "" {
			pr("**Note:** %s\n\n", note)
		}
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

	pr("## 3. The sweet spot\n\n")
	switch sg := res.Segment; {
	case res.NoSignal:
		pr("None: there is no reliable signal.\n\n")
	case sg == nil:
		pr("None found: no combination of conditions concentrates best customers beyond what the criteria say one by one, so the tiers follow the fit score alone.\n\n")
	default:
		pr("**%s**\n\n", mdEscape(sg.Display))
		pr("%s.", segmentSummary(sg))
		if c := segmentChecks(sg); c != "" {
			pr(" Validation: %s.", c)
		}
		pr(" Customers here who match no negative trait form tier %s.\n\n", sweetTierName(res))
		if len(sg.Adds) > 0 {
			pr("| Part | Without it: customers | Without it: best rate | The part multiplies the rate by |\n|---|---:|---:|---:|\n")
			for _, a := range sg.Adds {
				pr("| %s | %s | %s | %s |\n", mdEscape(partName(a)), count(a.WithoutN), pct(a.WithoutRate), times(a.RateRatio))
			}
			pr("\n")
		}
	}

	pr("## 4. Criteria\n\n")
	if len(res.Criteria) == 0 {
		pr("None. No condition passed every test (q < %.2f after Benjamini–Hochberg over %s one-sided tests, lift ≥ %.2f, at least %s customers).\n\n", p.Parameters.Alpha, count(res.Tests), p.Parameters.MinLift, count(res.MinSupport))
	} else {
		spots := slices.ContainsFunc(res.Criteria, res.InSegment)
		if spots {
			pr("| # | Criterion | Best customers | All customers | Lift (95%% CI) | n | q | Points | Sweet spot |\n|---:|---|---:|---:|---:|---:|---:|---:|---|\n")
		} else {
			pr("| # | Criterion | Best customers | All customers | Lift (95%% CI) | n | q | Points |\n|---:|---|---:|---:|---:|---:|---:|---:|\n")
		}
		for i, s := range res.Criteria {
			pr("| %d | %s | %s | %s | %s (%s) | %s | %s | %d |", i+1, mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), interval(s.LiftLow, s.LiftHigh), count(s.N), analysis.FormatP(s.QUp), critPoints(res, i))
			if spots {
				spot := ""
				if res.InSegment(s) {
					spot = "yes"
				}
				pr(" %s |", spot)
			}
			pr("\n")
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

	pr("## 5. Negative traits\n\n")
	if len(res.NegativeTraits) == 0 {
		pr("None: no condition lowers the best-customer rate enough, given the criteria, to cost points.\n\n")
	} else {
		pr("A record that matches a negative trait loses its points and cannot be in the sweet-spot tier.\n\n")
		lowerTable(pr, res, res.NegativeTraits, true)
	}

	pr("## 6. Disqualifiers\n\n")
	if len(res.Disqualifiers) == 0 {
		pr("None passed the tests (q < %.2f, still under-represented once the criteria are known).\n\n", p.Parameters.Alpha)
	} else {
		pr("A record that matches a disqualifier is tier *disqualified* whatever its score. A condition is a disqualifier when %s.\n\n", mdEscape(res.DisqualifierRule()))
		lowerTable(pr, res, res.Disqualifiers, false)
	}

	pr("## 7. Scoring and tiers\n\n")
	tiers := p.Scoring.Tiers
	pr("Fit score: the points of the criteria a record matches, minus the points of the negative traits it matches, kept within 0–100; a record that matches any disqualifier is tier *disqualified* whatever its score. Tiers, in order (editable in icp.yaml):")
	for _, t := range tiers {
		pr(" %s: %s;", t.Name, tierRule(tiers, t.Name))
	}
	pr(" disqualified: %s.\n\n", tierRule(tiers, profile.Disqualified))
	if note := mergedNote(tiers); note != "" && len(res.Criteria) > 0 {
		pr("%s\n\n", note)
	}
	if len(res.Criteria) > 0 {
		held := res.Validation != nil && len(res.Validation.Tiers) == len(res.Tiers)
		pr("Best-customer rate per tier: in-sample on the customers the criteria were chosen from (optimistic), and held-out on customers used neither to choose the criteria nor to cut the tiers (cross-validation). The expected rate written to icp.yaml is the held-out one where measured.\n\n")
		pr("| Tier | Rule | Customers | Best | Best rate in-sample (95%% CI) | Best rate held-out (95%% CI) | Churn rate |\n|---|---|---:|---:|---:|---:|---:|\n")
		for i, r := range res.Tiers {
			churn := "–"
			if r.ChurnN > 0 {
				churn = pct(r.ChurnRate)
			}
			in := "–"
			if r.N > 0 {
				in = rateCI(r.Rate, r.RateLow, r.RateHigh)
			}
			out := "–"
			if held && res.Validation.Tiers[i].N > 0 {
				h := res.Validation.Tiers[i]
				out = rateCI(h.Rate, h.RateLow, h.RateHigh) + ", n = " + count(h.N)
			}
			pr("| %s | %s | %s | %s | %s | %s | %s |\n", r.Tier, tierRule(tiers, r.Tier), count(r.N), count(r.Best), in, out, churn)
		}
		pr("\n")
		if note := disqualifiedNote(res.Tiers); note != "" {
			pr("**Note:** %s\n\n", note)
		}
	}

	if v := res.Validation; v != nil && len(res.Criteria) > 0 {
		pr("### Validation on customers not used to choose the criteria\n\n")
		pr("%s. In each fold the criteria, negative traits, disqualifiers, points and tiers were chosen afresh on the other folds and applied to the held-out customers.\n\n", validationScope(v))
		if len(v.Tiers) > 0 && len(v.Tiers) != len(res.Tiers) {
			pr("| Tier | Held-out customers | Best | Best rate (95%% CI) |\n|---|---:|---:|---:|\n")
			for _, r := range v.Tiers {
				pr("| %s | %s | %s | %s |\n", r.Tier, count(r.N), count(r.Best), rateCI(r.Rate, r.RateLow, r.RateHigh))
			}
			pr("\n")
		}
		pr("| Condition | Held-out lift (95%% CI) | Chosen in folds | Chosen in resamples | Chosen at top 10%% / 20%% / 30%% |\n|---|---:|---:|---:|---:|\n")
		for _, s := range chosen(res) {
			if ck := res.Checks[s]; ck != nil {
				pr("| %s | %s | %d of %d | %s | %s |\n", mdEscape(s.Display), heldOut(ck), ck.FoldsChosen, v.Folds, pct(ck.Stability), holdsShort(ck))
			}
		}
		pr("\n")
	}

	pr("## 8. What changed since last quarter\n\n")
	if p.Supersedes != "" {
		pr("Supersedes %s.\n\n", mdEscape(p.Supersedes))
	} else {
		pr("First profile: no earlier profile to compare with.\n\n")
	}

	pr("## 9. Data quality and limits\n\n")
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

	pr("## 10. Operational changes\n\n")
	if len(res.Criteria) > 0 {
		var attrs []string
		seen := map[string]bool{}
		for _, s := range chosen(res) {
			if !seen[s.Condition.Attribute] {
				seen[s.Condition.Attribute] = true
				attrs = append(attrs, mdEscape(s.Condition.Attribute))
			}
		}
		pr("- Make sure every account and lead record carries: %s (scoring treats a blank as not matching).\n", strings.Join(attrs, ", "))
		pr("- Score accounts with `icp score --profile icp.yaml ACCOUNTS.csv` and route tier %s to senior sellers; review disqualified accounts before spending on them.\n", topTier(res))
		pr("- Track win rate and retention by tier every quarter; the profile holds only if they fall from %s to %s.\n\n", topTier(res), bottomTier(res))
	} else {
		pr("None until a reliable signal is found.\n\n")
	}

	pr("## 11. Next review\n\n")
	next := "(date)"
	if t, err := time.Parse("2006-01-02", p.Created); err == nil {
		next = t.AddDate(0, 3, 0).Format("2006-01-02")
	}
	pr("Next review: %s · Owner: ____________\n\n", next)

	pr("## 12. Approvals\n\n")
	pr("| Role | Name | Decision | Date | Comments |\n|---|---|---|---|---|\n")
	for _, role := range []string{"CRO", "VP Marketing", "RevOps lead", "Head of Customer Success"} {
		pr("| %s | | | | |\n", role)
	}
	return ew.err
}

// lowerTable writes the table and the sentences of negative traits (with points) or
// disqualifiers: conditions under-represented among best customers.
func lowerTable(pr func(string, ...any), res *analysis.Result, list []*analysis.Stat, points bool) {
	N := res.Customers
	head, rule := "| Disqualifier | Best customers | All customers | Lift (95%% CI) | n | q | Churn rate |", "|---|---:|---:|---:|---:|---:|---:|"
	if points {
		head, rule = "| Negative trait | Best customers | All customers | Lift (95%% CI) | n | q | Churn rate | Points |", "|---|---:|---:|---:|---:|---:|---:|---:|"
	}
	pr(head + "\n" + rule + "\n")
	for i, s := range list {
		churn := "–"
		if s.ChurnKnown > 0 {
			churn = fmt.Sprintf("%s (%s of overall)", pct(s.ChurnRate), times(s.ChurnLift))
		}
		pr("| %s | %s | %s | %s (%s) | %s | %s | %s |", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), times(s.Lift), interval(s.LiftLow, s.LiftHigh), count(s.N), analysis.FormatP(s.QLow), churn)
		if points {
			pr(" %d |", negPoints(res, i))
		}
		pr("\n")
	}
	pr("\n")
	for _, s := range list {
		pr("- **%s**: %s of best customers vs %s of all (%s of %s); a customer here is %s as likely to be a best customer.", mdEscape(s.Display), pct(s.BestShare), pct(s.AllShare), count(s.N), count(N), times(s.Lift))
		if s.ChurnKnown > 0 {
			pr(" Churn: %s vs %s overall (n = %s).", pct(s.ChurnRate), pct(s.ChurnRate/s.ChurnLift), count(s.ChurnKnown))
		}
		pr("\n")
	}
	pr("\n")
}

// sweetTierName is the name of the sweet-spot tier ("A" when the tiers do not say).
func sweetTierName(res *analysis.Result) string {
	for _, r := range res.Tiers {
		if r.Segment {
			return r.Tier
		}
	}
	return topTier(res)
}

// topTier and bottomTier name the first and last tiers (the disqualified one aside).
func topTier(res *analysis.Result) string {
	if len(res.Tiers) > 1 {
		return res.Tiers[0].Tier
	}
	return "A"
}

func bottomTier(res *analysis.Result) string {
	if n := len(res.Tiers); n > 1 {
		return res.Tiers[n-2].Tier
	}
	return "D"
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
