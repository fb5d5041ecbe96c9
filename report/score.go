package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
)

// NoCriteriaWarning is what score and report say of a profile without criteria.
const NoCriteriaWarning = "the profile has no criteria: every record gets the same fit score, so the tiers carry no information; do not route or prioritise accounts with it"

// ScoreSummary writes the rows scored per tier, then a warning for each criterion
// listed in oftenBlank (indexes into p.Criteria) that the rows often leave blank.
func ScoreSummary(w io.Writer, p *profile.Profile, st scoring.StreamStats, oftenBlank []int) error {
	ew := &errWriter{w: w}
	var b strings.Builder
	rows := "rows"
	if st.Rows == 1 {
		rows = "row"
	}
	fmt.Fprintf(&b, "scored %s %s", count(st.Rows), rows)
	if st.Rows > 0 {
		b.WriteString(":")
		for i, t := range p.Scoring.TierNames() {
			if i > 0 {
				b.WriteString(",")
			}
			n := st.PerTier[t]
			fmt.Fprintf(&b, " %s %s (%.1f%%)", t, count(n), 100*float64(n)/float64(st.Rows))
		}
	}
	ew.printf("%s\n", b.String())
	if ew.err != nil {
		return ew.err
	}
	return ScoreWarnings(w, p, st, oftenBlank)
}

// ScoreWarnings writes the warnings of a scoring run (a profile without criteria,
// criteria the rows often leave blank): what even a quiet run must say.
func ScoreWarnings(w io.Writer, p *profile.Profile, st scoring.StreamStats, oftenBlank []int) error {
	ew := &errWriter{w: w}
	if len(p.Criteria) == 0 {
		ew.printf("warning: %s\n", NoCriteriaWarning)
	}
	if len(st.Absent) > 0 {
		quoted := make([]string, len(st.Absent))
		for i, a := range st.Absent {
			quoted[i] = fmt.Sprintf("%q", a)
		}
		ew.printf("warning: %s not in the input, read as blank in every row (--absent-as-blank): no points from %s, and a negative trait or disqualifier on %s cannot apply\n",
			profile.Plural(len(quoted), "column "+quoted[0]+" is", "columns "+strings.Join(quoted, ", ")+" are"), profile.Plural(len(quoted), "it", "them"), profile.Plural(len(quoted), "it", "them"))
	}
	for _, i := range oftenBlank {
		c := p.Criteria[i]
		ew.printf("warning: %s has no usable value in %.1f%% of rows (%s); scoring treats a blank as not matching %q\n",
			p.Label(c.Attribute), 100*(float64(st.Missing[i])/float64(st.Rows)), count(st.Missing[i]), p.Describe(c.Condition))
	}
	return ew.err
}
