package workflow

import (
	"context"

	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// DiffOptions are the inputs of Diff.
type DiffOptions struct {
	Env
	Old, New string // the profiles (icp.yaml or the directory holding it)
}

// Diff reads two profiles and returns their criterion-level diff (profile.Diff) with
// its verdict.
func Diff(ctx context.Context, opt DiffOptions) (*report.ProfileDiff, error) {
	old, err := opt.readProfile(opt.Old)
	if err != nil {
		return nil, err
	}
	nw, err := opt.readProfile(opt.New)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d := &report.ProfileDiff{Old: old.Name, New: nw.Name, Changes: profile.Diff(old.Profile, nw.Profile)}
	d.Material = profile.Material(d.Changes)
	if o, n := old.Profile.Best.Rule, nw.Profile.Best.Rule; o != n {
		d.BestRule = &report.RuleChange{Old: o, New: n}
		d.Material = true
	}
	d.Verdict = report.VerdictNoChange
	if d.Material {
		d.Verdict = report.VerdictChange
	}
	return d, nil
}
