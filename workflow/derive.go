package workflow

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"sort"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/report"
)

// DeriveOptions are the inputs and parameters of Derive. Zero values of the analysis
// parameters take analysis.Options' defaults.
type DeriveOptions struct {
	Env
	Input                        // the customers, or accounts and deals
	Roles     analysis.Roles     // columns named by the user; the others are detected
	Best      string             // "COL" or "COL=VALUE": best customers from a column
	Allow     []string           // columns admitted despite the leakage guard
	Top       float64            // share of customers counted as best
	Weights   map[string]float64 // outcome weights in the best-customer score
	Seed      uint64             // seed for every random step
	Resamples int                // validation, as analysis.Options.Resamples; -1 (off) adds the ValidationOff warning
	Depth     int                // most conditions in the sweet spot (0: analysis default, 3)
	Name      string             // profile name; "" names it after the quarter of the data's latest date (else of Env.Now): "2026-Q4 draft"
	Tool      string             // the tool and version written into the profile ("icp 0.1.0")
	Out       string             // output directory
	Force     bool               // replace an existing profile in Out
}

// DeriveResult is what Derive found and wrote.
type DeriveResult struct {
	Analysis *analysis.Result
	Profile  *profile.Profile
	// Detected says which column plays which role, in words.
	Detected []string
	// WinRate is the win rate by tier of the deals, when they are opportunities.
	WinRate *report.WinRateReport
	// Output holds the files written: lift.csv, ICP.md, report.html, REPORT.md (with
	// WinRate) and icp.yaml.
	Output Output
	// Files are the paths written, sorted.
	Files []string
}

// Derive ranks the customers, derives a profile (criteria, disqualifiers, tiers,
// validation), computes the win rate by tier when the deals are opportunities, and
// writes the outputs into opt.Out as one set. It refuses, before any work, an Out it
// could not write into, or that already holds a profile unless opt.Force.
func Derive(ctx context.Context, opt DeriveOptions) (*DeriveResult, error) {
	out := Output{Dir: opt.Out, Force: opt.Force}
	if err := out.check([]string{"lift.csv", "ICP.md", "report.html", "REPORT.md"}, []string{"icp.yaml"}); err != nil {
		return nil, err
	}
	// The id column keeps its values (the analysis draws its random choices from the
	// ids, and the checks name duplicate ids), and so do the name columns (total rows);
	// the other text columns are not analysed, and their values are not kept.
	in, err := opt.loadCustomers(ctx, opt.Input, false, opt.Roles.ID)
	if err != nil {
		return nil, err
	}
	res, p, detected, err := opt.derive(ctx, in, opt.File, analysis.Options{Roles: opt.Roles, Best: opt.Best, Allow: opt.Allow,
		Top: opt.Top, Weights: opt.Weights, Seed: opt.Seed, Resamples: opt.Resamples, Depth: opt.Depth}, opt.Name, opt.Tool)
	if err != nil {
		return nil, err
	}
	if opt.Best != "" {
		detected = append(detected, fmt.Sprintf("best customers: %s", opt.Best))
	}
	res.Notes = append(res.Notes, in.notes...)

	var wr *report.WinRateReport
	if in.deals != nil && in.deals.kind == crm.Opportunities {
		if wr, err = winRate(in.deals, in.accounts, opt.Join, opt.Duplicates, p); err != nil {
			return nil, fmt.Errorf("win rate by tier: %w", err)
		}
	}
	if err := deriveOutput(&out, res, p, wr); err != nil {
		return nil, err
	}
	if err := out.write(ctx); err != nil {
		return nil, err
	}
	files := out.Paths()
	sort.Strings(files)
	return &DeriveResult{Analysis: res, Profile: p, Detected: detected, WinRate: wr, Output: out, Files: files}, nil
}

// derive detects the column roles of the customers table (those in o.Roles win),
// derives the profile and names it. Load warnings come first among the warnings.
func (e Env) derive(ctx context.Context, in *customers, path string, o analysis.Options, name, tool string) (*analysis.Result, *profile.Profile, []string, error) {
	t := in.table
	o.Roles.Tenure.NotCreateDate = in.deals != nil
	roles, detected, err := analysis.DetectRoles(t, o.Roles, o.Best != "")
	if err == nil {
		err = analysis.OrientChurn(t, roles) // a Retained column: churn the other way round
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	o.Roles, o.Progress = roles, e.stage
	// Input hygiene: total and repeated rows, duplicate ids, implausible outcomes, and
	// the columns left out (--exclude, post-sale amounts, identifiers); see checkInput.
	h, err := checkInput(t, roles, in.in.Exclude, o.Allow, in.in.Duplicates, false, in.deals == nil)
	if err != nil {
		return nil, nil, nil, err
	}
	t, in.table = h.table, h.table
	if in.deals == nil && analysis.KeysFromID(t, roles) {
		dropCheckedText(t, roles.ID)
	}
	// The loader's buffers (chunks of the file, parse state) are garbage now: collect
	// them before the analysis, so the collector paces the analysis's heap from the
	// table's size rather than from the loader's peak (at 1M customers × 30 attributes,
	// a peak RSS of 0.54–0.59 GB rather than 0.55–0.63; docs/PERFORMANCE.md).
	runtime.GC()
	res, err := analysis.Derive(ctx, h.analysed, o)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	res.Warnings = append(append(loadWarnings(t), h.warnings...), res.Warnings...)
	res.Notes = append(res.Notes, h.notes...)
	if c := analysis.SkippedCreateDate(t, roles); c != "" {
		res.Notes = append(res.Notes, fmt.Sprintf("%q was not taken as when customers started: beside deals it says when the CRM record was made, not when the account became a customer; name a customer-start column with --tenure to compare LTV by customer age", c))
	}
	res.Attributes = h.attributes(t, res.Attributes)
	if o.Resamples == -1 {
		res.Warnings = append(res.Warnings, ValidationOff)
	}
	now := e.now()
	if name == "" {
		if in.deals != nil {
			name = dealsQuarter(in.deals.list, now) + " draft"
		} else {
			name = dataQuarter(t, res.Options.Roles.Tenure.Column, now) + " draft"
		}
	}
	src := profile.Source{File: sourceName(t), SHA256: t.SHA256, Rows: t.Rows, Analysed: res.Customers, Skipped: res.Skipped}
	if sm := in.sampled; sm != nil {
		if sm.Below != "" {
			src.Sample = &profile.SourceSample{Of: sm.Of, Key: sm.Key, Below: sm.Below}
		}
		res.Notes = append(res.Notes, fmt.Sprintf("--sample %s: read %s", profile.FormatCount(in.in.Sample), sm.Rule()))
	}
	p := res.Profile(src, name, now.Format("2006-01-02"), tool)
	addWords(p, res, t, nil)
	plainMessages(p, res)
	return res, p, detected, nil
}

// dropCheckedText frees the values of the text columns of a customers table other
// than the id column once the input checks have read them (the names, for total rows):
// when its random keys come from the id (analysis.KeysFromID) the analysis reads only
// the id's, and its peak memory would carry them (about 30 MB for the names of a
// million customers). Without an id the keys hash every kept value, names included, so
// they stay.
func dropCheckedText(t *dataset.Table, id string) {
	for _, c := range t.Columns {
		if c.Kind == dataset.Text && c.Name != id {
			c.Raw = nil
		}
	}
}

// ValidationOff is the warning a derivation without validation (Resamples -1) carries
// into every output.
const ValidationOff = "validation was switched off (--resamples 0 or --validate=false): the criteria were not checked on held-out customers or random halves, so every lift shown is in-sample and optimistic"

// deriveOutput renders the outputs of a derivation into out; the profile goes last and
// is replaced only with Force.
func deriveOutput(out *Output, res *analysis.Result, p *profile.Profile, wr *report.WinRateReport) error {
	var md, html, rep bytes.Buffer
	if err := report.ICP(&md, res, p); err != nil {
		return err
	}
	page := report.Page{Title: "Ideal Customer Profile — " + p.Name, Profile: p, Tiers: res.Tiers}
	if v := res.Validation; v != nil && len(v.Tiers) > 0 {
		page.Tiers = v.Tiers
		page.TiersHeldOut = true
	}
	if wr != nil {
		page.WinRate, page.Retention = &wr.WinRate, wr.Retention
		if err := report.WinRateMarkdown(&rep, wr); err != nil {
			return err
		}
	}
	if err := report.HTML(&html, page); err != nil {
		return err
	}
	yml, err := p.Marshal()
	if err != nil {
		return err
	}
	out.addRender("lift.csv", func(w io.Writer) error { return report.LiftCSV(w, res) }, true)
	out.add("ICP.md", md.Bytes(), true)
	out.add("report.html", html.Bytes(), true)
	if wr != nil {
		out.add("REPORT.md", rep.Bytes(), true)
	}
	out.add("icp.yaml", yml, false)
	return nil
}
