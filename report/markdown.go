package report

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/profile"
)

// ICP writes the draft Ideal Customer Profile for leadership sign-off (ICP.md): header
// and fingerprint, executive summary (sweet spot, tier shares, what a rep does per tier,
// the strongest caveat, a confidence word), who counts as best, criteria and
// disqualifiers with their evidence in plain words and a confidence word each, scoring
// and tiers, data quality and limits, operational changes, next review, approvals, and
// an appendix "How these numbers were computed" holding the statistics' vocabulary.
func ICP(w io.Writer, res *analysis.Result, p *profile.Profile) error {
	ew := &errWriter{w: w}
	pr := ew.printf
	N, B := res.Customers, res.Best.B
	words := func(s *analysis.Stat) string { return mdEscape(statWords(p, s)) }
	conf, why := profileConfidence(res)

	pr("# Ideal Customer Profile — %s\n\n", mdEscape(p.Name))
	pr("**Status: %s** · created %s · %s · **Confidence: %s**\n\n", strings.ToUpper(p.Status), p.Created, p.Tool, conf)
	pr("| Source | Rows | Analysed | SHA-256 |\n|---|---:|---:|---|\n")
	pr("| %s | %s | %s | `%s` |\n\n", mdEscape(p.Source.File), count(p.Source.Rows), count(p.Source.Analysed), p.Source.SHA256)
	if sm := p.Source.Sample; sm != nil {
		pr("The rows are %s (`--sample`): every count, rate, interval and q-value below is the sample's; as estimates for all %s rows they carry the sampling error their intervals show.\n\n", mdEscape(sm.String()), count(sm.Of))
	}

	pr("## 1. Executive summary\n\n")
	caveats := summaryCaveats(res, p)
	if res.NoSignal {
		pr("The data does **not** hold a reliable ICP signal. Of %s conditions tested on %s customers, none set the %s apart strongly and consistently enough to rely on. Do not re-target sales on this data; collect more customers or better attributes and derive again.\n\n",
			count(res.NumConditions()), count(N), profile.Plural(B, "one best customer", count(B)+" best customers"))
		pr("**How confident to be: %s** — %s.\n\n", conf, why)
	} else {
		pr("Our best customers are the top %s of %s customers by %s. ", pct(p.Parameters.Top), count(N), outcomeList(res, p))
		if sg := res.Segment; sg != nil {
			pr("**The sweet spot: %s.** %s of customers there are best customers (%s the average) and it holds %s of all best customers. ",
				mdEscape(segmentWords(p, sg)), pct(sg.Rate), times(sg.Lift), pct(sg.BestShare))
		} else if len(res.Criteria) > 0 {
			pr("No single combination stands out; the fit score adds up the traits below. ")
		}
		pr("Every number here is an association in our own history, not proof of cause.\n\n")
		pr("**How confident to be: %s** — %s.\n\n", conf, why)
		if len(res.Criteria) == 0 {
			if k := len(res.NegativeTraits) + len(res.Disqualifiers); k > 0 {
				pr("**No criteria:** no trait passed the tests as a mark of a best customer, so the profile describes no ideal customer. The %d poor-fit %s below passed %s own tests: on %s own %s say whom to deprioritise, no more. Do not route accounts to sales with this profile.\n\n",
					k, profile.Plural(k, "trait", "traits"), profile.Plural(k, "its", "their"), profile.Plural(k, "its", "their"), profile.Plural(k, "it may", "they may"))
			} else {
				pr("**No criteria:** no trait passed the tests, so every account gets the same fit score and the tiers carry no information. Do not route or prioritise accounts with this profile.\n\n")
			}
		}
		for i, s := range res.Criteria {
			spot := ""
			if res.InSegment(s) {
				spot = ", sweet spot"
			}
			pr("- **%s** — %s of best customers vs %s overall (%s as likely, n = %s; %+d points%s; confidence %s)\n", words(s), pct(s.BestShare), pct(s.AllShare), times(s.Lift), count(s.N), critPoints(res, i), spot, statConfidence(res, s, true))
		}
		for i, s := range res.NegativeTraits {
			pr("- Negative trait: **%s** — %s of best customers vs %s overall (%s as likely, n = %s; %d points; confidence %s)\n", words(s), pct(s.BestShare), pct(s.AllShare), times(s.Lift), count(s.N), negPoints(res, i), statConfidence(res, s, false))
		}
		for _, s := range res.Disqualifiers {
			pr("- Disqualifier: **%s** — %s of best customers vs %s overall (%s as likely, n = %s; confidence %s)\n", words(s), pct(s.BestShare), pct(s.AllShare), times(s.Lift), count(s.N), statConfidence(res, s, false))
		}
		pr("\n")
		if len(res.Tiers) > 0 && len(res.Criteria) > 0 {
			pr("| Tier | Share of customers | What a rep does |\n|---|---:|---|\n")
			last := len(res.Tiers) - 1
			if res.Tiers[last].Tier == profile.Disqualified {
				last--
			}
			for i, t := range res.Tiers {
				act := repAction(i, last, t.Segment)
				if t.Tier == profile.Disqualified {
					act = "do not pursue without a manager's review"
				}
				pr("| %s | %s (%s) | %s |\n", t.Tier, pct(share(t.N, N)), count(t.N), act)
			}
			pr("\n")
		}
	}
	for _, c := range caveats {
		pr("**Caveat:** %s\n\n", c)
	}

	pr("## 2. Who counts as a best customer\n\n")
	pr("Rule: %s. Cohort: **%s of %s customers** (%s%s).\n\n", mdEscape(BestRuleWords(p, res.BestRule())), count(B), count(N), pct(share(B, N)), tiedCut(res))
	pr("| Outcome | Weight | Known | Best customers | Everyone else |\n|---|---:|---:|---:|---:|\n")
	for _, o := range res.Outcomes {
		bm, rm := fmt.Sprintf("%.1f", o.BestMean), fmt.Sprintf("%.1f", o.RestMean)
		if o.Name == analysis.OutcomeChurn {
			bm, rm = pct(o.BestMean)+" churned", pct(o.RestMean)+" churned"
		} else if o.Name == analysis.OutcomeLTV {
			bm, rm = profile.FormatAmount(o.BestMean), profile.FormatAmount(o.RestMean)
		}
		pr("| %s | %g | %s | %s | %s |\n", mdEscape(p.Label(o.Column)), o.Weight, count(o.Known), bm, rm)
	}
	pr("\n")
	for _, n := range res.Notes {
		pr("Note: %s.\n\n", mdEscape(n))
	}

	pr("## 3. The sweet spot\n\n")
	switch sg := res.Segment; {
	case res.NoSignal:
		pr("None: there is no reliable signal.\n\n")
	case sg == nil:
		pr("None found: no combination of traits concentrates best customers beyond what the criteria say one by one, so the tiers follow the fit score alone.\n\n")
	default:
		pr("**%s**\n\n", mdEscape(segmentWords(p, sg)))
		pr("%s.", segmentSummary(sg))
		if c := segmentChecks(sg, resamplesOf(res)); c != "" {
			pr(" Checked on customers not used to find it: %s.", c)
		}
		pr(" Customers here who match no negative trait form tier %s.\n\n", sweetTierName(res))
		if len(sg.Adds) > 0 {
			pr("| Part | Without it: customers | Without it: best rate | The part multiplies the rate by |\n|---|---:|---:|---:|\n")
			for _, a := range sg.Adds {
				pr("| %s | %s | %s | %s |\n", words(a.Part), count(a.WithoutN), pct(a.WithoutRate), times(a.RateRatio))
			}
			pr("\n")
		}
	}

	pr("## 4. Criteria\n\n")
	if len(res.Criteria) == 0 {
		pr("None. No trait was over-represented among best customers strongly and reliably enough, after allowing for the many comparisons the search made, with a lift of at least %.2f× and at least %s customers (the appendix lists the closest candidates).\n\n", appliedMinAdd(res, p), count(res.MinSupport))
	} else {
		spots := slices.ContainsFunc(res.Criteria, res.InSegment)
		pr("| # | Criterion | Best customers | All customers | Lift (95%% CI) | n | Points | Confidence |")
		if spots {
			pr(" Sweet spot |\n|---:|---|---:|---:|---:|---:|---:|---|---|\n")
		} else {
			pr("\n|---:|---|---:|---:|---:|---:|---:|---|\n")
		}
		for i, s := range res.Criteria {
			pr("| %d | %s | %s | %s | %s (%s) | %s | %d | %s |", i+1, words(s), pct(s.BestShare), pct(s.AllShare), times(s.Lift), interval(s.LiftLow, s.LiftHigh), count(s.N), critPoints(res, i), statConfidence(res, s, true))
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
			pr("%d. **%s.** %s.", i+1, words(s), evidenceSentence(s, B, N))
			if ck := res.Checks[s]; ck != nil {
				pr(" %s", checkSentence(res, s, ck))
			}
			if r := res.Unsnapped[s]; r != nil {
				pr(" %s", snapSentence(p, s, r))
			}
			if alts := res.Alternatives[s]; len(alts) > 0 {
				var names []string
				for _, a := range alts {
					names = append(names, words(a))
				}
				pr(" Covers largely the same customers as %s, which was therefore not listed separately.", strings.Join(names, "; "))
			}
			pr(" Confidence: %s.\n", statConfidence(res, s, true))
		}
		pr("\n")
	}

	pr("## 5. Negative traits\n\n")
	if len(res.NegativeTraits) == 0 {
		pr("None: no trait lowers the best-customer rate enough, given the criteria, to cost points.\n\n")
	} else {
		pr("A record that matches a negative trait loses its points and cannot be in the sweet-spot tier.\n\n")
		lowerTable(pr, res, p, res.NegativeTraits, true)
	}

	pr("## 6. Disqualifiers\n\n")
	if len(res.Disqualifiers) == 0 {
		pr("None: no trait keeps the best-customer rate low enough, even among customers matching the criteria, to rule an account out.\n\n")
	} else {
		pr("A record that matches a disqualifier is tier *disqualified* whatever its score: the best-customer rate stays low among these customers even when they match the criteria.\n\n")
		lowerTable(pr, res, p, res.Disqualifiers, false)
	}

	pr("## 7. Scoring and tiers\n\n")
	tiers := p.Scoring.Tiers
	pr("Fit score: %s points to start, plus the points of the criteria a record matches, minus the points of the negative traits it matches, kept within 0–100; a record that matches any disqualifier is tier *disqualified* whatever its score. Tiers, in order (editable in icp.yaml):", count(p.Scoring.Base))
	for _, t := range tiers {
		pr(" %s: %s;", t.Name, tierRule(tiers, t.Name))
	}
	pr(" disqualified: %s.\n\n", tierRule(tiers, profile.Disqualified))
	if note := mergedNote(tiers); note != "" && len(res.Criteria) > 0 {
		pr("%s\n\n", note)
	}
	if len(res.Criteria) == 0 {
		pr("With no criteria every record scores the same, so every account lands in one tier: the tiers carry no information.\n\n")
	} else {
		held := res.Validation != nil && len(res.Validation.Tiers) == len(res.Tiers)
		pr("Best-customer rate per tier: in-sample on the customers the criteria were chosen from (optimistic), and held-out on customers used neither to choose the criteria nor to cut the tiers (the fairer estimate of what to expect; it is the expected rate written to icp.yaml).\n\n")
		pr("| Tier | Rule | Customers | Share | Best | Best rate in-sample (95%% CI) | Best rate held-out (95%% CI) | Churn rate (95%% CI) |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
		for i, r := range res.Tiers {
			churn := churnRate(r)
			if r.ChurnN > 0 && r.ChurnN != r.N {
				churn += ", n = " + count(r.ChurnN) // churn known for only some
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
			pr("| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.Tier, tierRule(tiers, r.Tier), count(r.N), pct(share(r.N, N)), count(r.Best), in, out, churn)
		}
		pr("\nThe appendix shows how each criterion held up on customers not used to choose it.\n\n")
		if note := disqualifiedNote(res.Tiers); note != "" {
			pr("**Note:** %s\n\n", note)
		}
	}

	pr("## 8. What changed since last quarter\n\n")
	if p.Supersedes != "" {
		pr("Supersedes %s; COMPARE.md lists the changes.\n\n", mdEscape(p.Supersedes))
	} else {
		pr("First profile: no earlier profile to compare with.\n\n")
	}

	pr("## 9. Data quality and limits\n\n")
	pr("- Rows: %s in the file, %s analysed, %s left out (no outcome value).\n", count(res.Rows), count(N), count(res.Skipped))
	for _, a := range res.Attributes {
		if !a.Used {
			pr("- Column %s not used: %s.\n", mdEscape(a.Column), a.Reason)
		} else if a.Reason != "" {
			pr("- %s: %s.\n", mdEscape(p.Label(a.Column)), a.Reason)
		}
	}
	pr("- Traits matching fewer than %s customers were not tested on their own: too few to tell.", count(res.MinSupport))
	if small := belowSupport(res, p); len(small) > 0 {
		pr(" Inside the strongest conditions the sweet-spot search looks at narrower ones, down to %s customers, with its own correction for the search: %s came from it.", count(analysis.MinSegment(N)), joinWords(small))
	}
	pr("\n")
	pr("- Association, not causation: these traits describe who our best customers have been, not why. Acting on them is a bet that the pattern continues; the quarterly review checks it.\n")
	technical := 0
	for _, wmsg := range res.Warnings {
		if hasJargon(wmsg) {
			technical++
			continue
		}
		pr("- **Warning:** %s.\n", mdEscape(wmsg))
	}
	if technical > 0 {
		pr("- %d further warning%s, in technical terms, in the appendix.\n", technical, plural(technical))
	}
	pr("\n")

	pr("## 10. Operational changes\n\n")
	if len(res.Criteria) > 0 {
		var attrs []string
		seen := map[string]bool{}
		for _, s := range chosen(res) {
			if !seen[s.Condition.Attribute] {
				seen[s.Condition.Attribute] = true
				attrs = append(attrs, mdEscape(p.Label(s.Condition.Attribute)))
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
	pr("\n")

	appendix(pr, res, p)
	return ew.err
}

// AppendixHeading opens the technical appendix of ICP.md; nothing before it uses the
// statistics' vocabulary.
// appliedMinAdd is the rate ratio conditions had to reach: the profile's min_lift, or
// less when best customers were most customers (analysis.Result.AppliedMinAdd).
func appliedMinAdd(res *analysis.Result, p *profile.Profile) float64 {
	if res.AppliedMinAdd > 0 {
		return res.AppliedMinAdd
	}
	return p.Parameters.MinLift
}

// majorityWords says, when the ratio applied was lowered, why and from what.
func majorityWords(res *analysis.Result, p *profile.Profile) string {
	if res.AppliedMinAdd <= 0 || res.AppliedMinAdd >= p.Parameters.MinLift {
		return ""
	}
	return fmt.Sprintf(" (The ratio asked for is %.2f×; as best customers are most customers, it was applied to the others' rate, which is a best-customer ratio of %.3f× here.)", p.Parameters.MinLift, res.AppliedMinAdd)
}

// belowSupport names, in words, the criteria and sweet-spot parts matching fewer
// customers than conditions tested on their own need: the segment search narrowed them.
func belowSupport(res *analysis.Result, p *profile.Profile) []string {
	var out []string
	seen := map[*analysis.Stat]bool{}
	var parts []*analysis.Stat
	if res.Segment != nil {
		parts = res.Segment.Parts
	}
	for _, s := range slices.Concat(parts, res.Criteria) {
		if !seen[s] && s.N < res.MinSupport {
			seen[s] = true
			out = append(out, fmt.Sprintf("%s (%s customers)", mdEscape(statWords(p, s)), count(s.N)))
		}
	}
	return out
}

// joinWords joins items as "a", "a and b", "a, b and c".
func joinWords(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

const AppendixHeading = "## Appendix: How these numbers were computed"

// appendix writes the technical appendix of ICP.md: the tests, the correction, the
// q-values per condition, the validation details, the confidence rule, the labels.
func appendix(pr func(string, ...any), res *analysis.Result, p *profile.Profile) {
	pr("%s\n\n", AppendixHeading)
	pr("For the analyst who checks. ")
	pr("Best customers: %s; the weakest best customer scored %.3f on the composite.\n\n", mdEscape(res.BestRule()), res.Best.Threshold)
	pr("- Each condition compares the best-customer rate among matching customers with the overall rate (lift), with a Wilson 95%% interval and one-sided Fisher exact tests (%s in all). Each p-value is then corrected for the search that found the condition: the best-customer flag was permuted 400 times per attribute and the same search (values, value sets, ranges) rerun, and a condition's adjusted p is the chance that the search's smallest p falls that low by chance (never above Bonferroni over every set and range the search could have chosen). The q-values are Benjamini–Yekutieli across attributes and directions. Conditions matching fewer than %s customers (%s) were not tested on their own; the sweet-spot search looks inside the strongest at narrower ones, down to %s customers.\n", count(res.Tests), count(res.MinSupport), count(res.Untested), count(analysis.MinSegment(res.Customers)))
	pr("- The sweet spot is grown from the strongest conditions by adding, inside it, the condition on another attribute that raises its quality most, while that condition multiplies the best-customer rate inside by at least %.2f× and is significant there after the same search correction. Criteria and negative traits are then chosen one at a time, criterion or negative trait alike, while each still adds given those already chosen (Cochran–Mantel–Haenszel test stratified on the chosen conditions, corrected for the candidates searched; a rate ratio of at least %.2f×, or at most 1/%.2f for a negative trait), with q < %.2f. Points come from one penalised logistic regression on all of them.%s\n", appliedMinAdd(res, p), appliedMinAdd(res, p), appliedMinAdd(res, p), p.Parameters.Alpha, majorityWords(res, p))
	pr("- %s\n\n", ConfidenceRule)
	if cs := chosen(res); len(cs) > 0 {
		pr("| Condition | Rule in icp.yaml | p | q |\n|---|---|---:|---:|\n")
		for _, s := range cs {
			pv, q := s.PUp, s.QUp
			if s.Role == analysis.RoleDisqualifier || s.Role == analysis.RoleNegative {
				pv, q = s.PLow, s.QLow
			}
			pr("| %s | `%s` | %s | %s |\n", mdEscape(statWords(p, s)), strings.ReplaceAll(s.Condition.String(), "`", "'"), analysis.FormatP(pv), analysis.FormatP(q))
		}
		pr("\n")
	}
	if v := res.Validation; v != nil && len(chosen(res)) > 0 {
		pr("Validation: %s. In each fold the criteria, negative traits, disqualifiers, points and tiers were chosen afresh on the other folds and applied to the held-out customers.\n\n", validationScope(v))
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
				pr("| %s | %s | %d of %d | %s | %s |\n", mdEscape(statWords(p, s)), heldOut(ck), ck.FoldsChosen, v.Folds, pct(ck.Stability), holdsShort(ck))
			}
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
	if len(res.Warnings) > 0 {
		pr("Warnings (as in section 9 and icp.yaml):\n\n")
		for _, wmsg := range res.Warnings {
			pr("- %s.\n", mdEscape(wmsg))
		}
		pr("\n")
	}
	if len(p.Labels) > 0 {
		keys := slices.Sorted(maps.Keys(p.Labels))
		pr("Column labels (editable under `labels:` in icp.yaml): ")
		var parts []string
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s = `%s`", mdEscape(p.Labels[k]), k))
		}
		pr("%s.\n", strings.Join(parts, "; "))
	}
}

// summaryCaveats are the warnings that belong in the executive summary: a criterion
// measured in the same terms as an outcome that defines best customers, many customers
// disqualified, no criteria, a small best-customer cohort, criteria that did not hold up;
// else the general caveat.
func summaryCaveats(res *analysis.Result, p *profile.Profile) []string {
	var out []string
	out = append(out, outcomeEchoes(res, p)...)
	if note := disqualifiedNote(res.Tiers); note != "" {
		out = append(out, note)
	}
	if res.Best.B < 100 && res.Best.B > 0 {
		out = append(out, fmt.Sprintf("only %s best %s: every share and lift here is uncertain; read the intervals, not the point values.", count(res.Best.B), profile.Plural(res.Best.B, "customer", "customers")))
	}
	for _, s := range res.Criteria {
		if statConfidence(res, s, true) == ConfidenceLow {
			out = append(out, fmt.Sprintf("%s did not hold up well on customers not used to choose it; treat it as a hypothesis.", mdEscape(statWords(p, s))))
		}
	}
	if len(out) == 0 && !res.NoSignal && len(res.Criteria) > 0 {
		out = append(out, "these traits describe who our best customers have been, not why; the quarterly review checks that the tiers keep separating them.")
	}
	return out
}

func share(n, of int) float64 {
	if of == 0 {
		return math.NaN()
	}
	return float64(n) / float64(of)
}

// lowerTable writes the table and the sentences of negative traits (with points) or
// disqualifiers: conditions under-represented among best customers.
func lowerTable(pr func(string, ...any), res *analysis.Result, p *profile.Profile, list []*analysis.Stat, points bool) {
	N := res.Customers
	head, rule := "| Disqualifier | Best customers | All customers | Lift (95%% CI) | n | Confidence | Churn rate (95%% CI), lift |", "|---|---:|---:|---:|---:|---|---:|"
	if points {
		head, rule = "| Negative trait | Best customers | All customers | Lift (95%% CI) | n | Confidence | Churn rate (95%% CI), lift | Points |", "|---|---:|---:|---:|---:|---|---:|---:|"
	}
	pr(head + "\n" + rule + "\n")
	for i, s := range list {
		churn := "–"
		if s.ChurnKnown > 0 {
			churn = churnCell(s) + " of overall"
		}
		pr("| %s | %s | %s | %s (%s) | %s | %s | %s |", mdEscape(statWords(p, s)), pct(s.BestShare), pct(s.AllShare), times(s.Lift), interval(s.LiftLow, s.LiftHigh), count(s.N), statConfidence(res, s, false), churn)
		if points {
			pr(" %d |", negPoints(res, i))
		}
		pr("\n")
	}
	pr("\n")
	for _, s := range list {
		pr("- **%s**: %s of best customers vs %s of all (%s of %s); a customer here is %s as likely to be a best customer.", mdEscape(statWords(p, s)), pct(s.BestShare), pct(s.AllShare), count(s.N), count(N), times(s.Lift))
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
func snapSentence(p *profile.Profile, s *analysis.Stat, r *analysis.RawRange) string {
	if 4*r.N < 3*s.N || 3*r.N > 4*s.N {
		// Not a rounding of this range: a range of quite another size.
		size := "narrower"
		if r.N > s.N {
			size = "wider"
		}
		return fmt.Sprintf("For comparison, the best range on unrounded bounds was %s (lift %s, n = %s): a %s range, not a rounding of this one.",
			mdEscape(profile.RangeWords(r.Condition.Min, r.Condition.Max)), times(r.Lift), count(r.N), size)
	}
	return fmt.Sprintf("Its bounds are rounded to numbers a person would write; the best range on unrounded bounds was %s (lift %s, n = %s), so rounding changed the lift by %+.2f×.",
		mdEscape(profile.RangeWords(r.Condition.Min, r.Condition.Max)), times(r.Lift), count(r.N), s.Lift-r.Lift)
}

// checkSentence says in words how a criterion held up on other customers.
func checkSentence(res *analysis.Result, s *analysis.Stat, ck *analysis.Check) string {
	v := res.Validation
	var parts []string
	if ck.HoldoutN > 0 && times(ck.HoldoutLift) == times(s.Lift) && ck.HoldoutN == s.N {
		parts = append(parts, fmt.Sprintf("It was chosen identically in every cross-validation fold, so on customers not used to choose it its lift is the same %s (n = %s)", times(ck.HoldoutLift), count(ck.HoldoutN)))
	} else if ck.HoldoutN > 0 {
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

func outcomeList(res *analysis.Result, p *profile.Profile) string {
	var names []string
	for _, o := range res.Outcomes {
		if o.Name == analysis.OutcomeChurn {
			names = append(names, "retention") // "by Churned" reads backwards
			continue
		}
		names = append(names, mdEscape(p.Label(o.Column)))
	}
	return joinWords(names)
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

// echoWordsSkip are words too common in column names to say that two columns measure
// the same thing.
var echoWordsSkip = map[string]bool{"total": true, "monthly": true, "annual": true, "yearly": true, "average": true,
	"mean": true, "median": true, "count": true, "number": true, "days": true, "date": true, "rate": true, "score": true,
	"with": true, "from": true, "last": true, "first": true, "customer": true, "customers": true, "account": true}

// outcomeEchoes are caveats for criteria measured in the same terms as an outcome that
// defines best customers (telco: "Monthly charges" against LTV from "Total charges"):
// their lift may come partly from how best customers are defined rather than from fit.
func outcomeEchoes(res *analysis.Result, p *profile.Profile) []string {
	words := func(label string) map[string]bool {
		m := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(label), func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) >= 4 && !echoWordsSkip[w] {
				m[w] = true
			}
		}
		return m
	}
	var out []string
	for _, s := range res.Criteria {
		cw := words(p.Label(s.Condition.Attribute))
		for _, o := range res.Outcomes {
			if o.Column == s.Condition.Attribute {
				continue
			}
			shared := false
			for w := range words(p.Label(o.Column)) {
				shared = shared || cw[w]
			}
			if shared {
				out = append(out, fmt.Sprintf("%s is measured in the same terms as %s, one of the outcomes that define best customers: part of its lift may come from how best customers are defined rather than from fit, so read it as describing who already scores high on %s, not as proof of fit.",
					mdEscape(statWords(p, s)), mdEscape(p.Label(o.Column)), mdEscape(p.Label(o.Column))))
				break
			}
		}
	}
	return out
}
