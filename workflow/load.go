package workflow

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"path/filepath"
	"slices"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/crm"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/source"
)

// Input names the customers a derivation analyses: a customers file, or an accounts
// file whose outcomes are derived from a deals (or subscriptions) export.
type Input struct {
	File        string          // the customers file, or the accounts file when Deals is set
	Deals       string          // deals or subscriptions export ("" for none)
	Join        string          // accounts column holding the deals' account ("" detects it)
	DealColumns crm.DealColumns // deals headers no preset knows
	Stages      crm.Stages      // deal stage values no preset knows (--won-stage, --lost-stage)
	// Exclude names columns to leave out of the analysis (--exclude), headers as
	// written or matching ignoring case and punctuation.
	Exclude []string
	// Sample, when above 0, reads a keyed sample of about this many customers instead
	// of every row of a database table or query (--sample; see source.Sample): keyed on
	// the id column (the id given to loadCustomers, else analysis.IDColumn). Not with
	// Deals, nor for a file.
	Sample int
	// Duplicates says which row to keep when one id is on several rows that differ:
	// "" makes it an error naming the id and both lines; "first" or "last" keeps that
	// row of each id, with a warning. Rows that agree in every value are counted once
	// whatever it says.
	Duplicates string
}

// customers is an Input as loaded: each file read once, the tables kept for every later
// step that needs them.
type customers struct {
	accounts *dataset.Table  // the customers or accounts file as loaded
	table    *dataset.Table  // accounts with the outcomes joined from the deals (accounts without deals)
	deals    *deals          // nil without deals
	notes    []string        // how the deals were read and joined
	in       Input           // what was asked for
	sampled  *source.Sampled // what a sample (Input.Sample) took; nil when the whole input was read
}

// deals is a deals or subscriptions export as loaded: its table, the columns and kind
// detected in it, and (after read) the deals.
type deals struct {
	path   string
	table  *dataset.Table
	cols   crm.DealColumns
	kind   crm.Kind
	notes  []string // how the columns were read, then what was left out
	list   []crm.Deal
	stages crm.Stages // stage values no preset knows
}

// loadCustomers loads in.File and, with in.Deals, the deals, and joins the outcomes
// derived from them onto the accounts. The id column (id, or the detected one) and the
// name columns (keyHeaders) keep their values even when they are text; with keepText
// every text column does (dataset.Options.KeepText).
func (e Env) loadCustomers(ctx context.Context, in Input, keepText bool, id string) (*customers, error) {
	if in.Duplicates != "" && in.Duplicates != "first" && in.Duplicates != "last" {
		return nil, fmt.Errorf("--duplicates %q: use first or last", in.Duplicates)
	}
	opt := dataset.Options{KeepText: keepText, KeepTextOf: keyHeaders}
	if id != "" {
		opt.KeepTextOf = append(slices.Clip(opt.KeepTextOf), dataset.HeaderKey(id))
	}
	if in.Deals != "" {
		opt.KeepCellsOf = crm.AccountCells(in.Join, in.DealColumns) // the join reads its key as written
	}
	var t *dataset.Table
	var sampled *source.Sampled
	var err error
	if in.Sample > 0 {
		t, sampled, err = e.loadSample(ctx, in, id, opt)
	} else {
		t, err = e.load(ctx, in.File, opt)
	}
	if err != nil {
		return nil, err
	}
	c := &customers{accounts: t, table: t, in: in, sampled: sampled}
	if in.Deals == "" {
		return c, nil
	}
	if c.deals, err = e.loadDeals(ctx, in.Deals, in.DealColumns); err != nil {
		return nil, err
	}
	c.deals.stages = in.Stages
	if err := c.deals.read(); err != nil {
		return nil, err
	}
	joined, notes, err := crm.JoinKeeping(t, in.Join, c.deals.list, c.deals.kind, in.Duplicates)
	if err != nil {
		return nil, err
	}
	c.table = joined
	c.notes = append(slices.Clone(c.deals.notes), notes...)
	return c, nil
}

// loadSample reads the keyed sample in.Sample asks for (see Input.Sample).
func (e Env) loadSample(ctx context.Context, in Input, id string, opt dataset.Options) (*dataset.Table, *source.Sampled, error) {
	if in.Deals != "" {
		return nil, nil, fmt.Errorf("--sample reads a sample of customers, not of accounts with deals: their outcomes come from every deal (sample the accounts in --query and the deals to match, or leave --sample out)")
	}
	key := func(headers []string) (string, error) {
		if id == "" {
			if id = analysis.IDColumn(headers); id == "" {
				return "", fmt.Errorf("--sample is keyed on the customer id and no column is named as one (id, customer_id, account_id, …); name it with --id")
			}
		}
		for _, h := range headers {
			if h == id || dataset.HeaderKey(h) == dataset.HeaderKey(id) {
				return h, nil
			}
		}
		msg := fmt.Sprintf("--id %q: no such column", id)
		if near := dataset.Closest(id, headers); near != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", near)
		}
		return "", fmt.Errorf("%s", msg)
	}
	// Counting a large table and scanning it for the sample take a while before the
	// first row arrives: say what is going on.
	e.stage(fmt.Sprintf("counting %s and drawing a sample of about %s rows", source.Display(in.File, e.DSN), profile.FormatCount(in.Sample)))
	opt.Progress = e.rows(source.Display(in.File, e.DSN))
	return source.LoadSample(ctx, in.File, e.DSN, e.open, opt, source.Sample{Rows: in.Sample, Key: key})
}

// loadDeals loads a deals or subscriptions export and detects its columns.
func (e Env) loadDeals(ctx context.Context, path string, override crm.DealColumns) (*deals, error) {
	dt, err := e.load(ctx, path, dataset.Options{KeepCellsOf: crm.DealCells(override)})
	if err != nil {
		return nil, err
	}
	cols, kind, notes, err := crm.DetectDealColumns(dt, override)
	if err != nil {
		return nil, err // crm errors name the file
	}
	return &deals{path: path, table: dt, cols: cols, kind: kind, notes: notes}, nil
}

// read reads the deals from the table; the notes gain what was left out.
func (d *deals) read() error {
	list, sum, err := crm.DealsWith(d.table, d.cols, d.stages)
	if err != nil {
		return err
	}
	d.list = list
	d.notes = append(d.notes, sum.Notes()...)
	return nil
}

// opportunities fails unless the deals are an opportunities export (won/lost stages).
func (d *deals) opportunities() error {
	if d.kind != crm.Opportunities {
		return fmt.Errorf("%s holds subscriptions, not deals with a won/lost stage; win rate needs an opportunities export", d.path)
	}
	return nil
}

// loadWarnings turns what the loader noticed into warnings for the reader.
func loadWarnings(t *dataset.Table) []string {
	w := append([]string{}, t.Problems...)
	for _, c := range t.Columns {
		if c.Kind == dataset.Text {
			continue // reported with the attributes that were not used
		}
		for _, n := range c.Notes {
			w = append(w, fmt.Sprintf("column %q: %s", c.Name, n))
		}
	}
	return w
}

// profileFile is a profile as read from its file.
type profileFile struct {
	*profile.Profile
	path   string // the file read: icp.yaml inside a directory given as the path
	sha256 string // of the file's bytes
}

// readProfile reads and validates a profile given as a file or as the directory holding
// icp.yaml.
func (e Env) readProfile(path string) (*profileFile, error) {
	f, err := e.open(path)
	if err == nil {
		if st, ok := f.(interface{ Stat() (fs.FileInfo, error) }); ok {
			if fi, serr := st.Stat(); serr == nil && fi.IsDir() {
				f.Close()
				path = filepath.Join(path, "icp.yaml")
				f, err = e.open(path)
			}
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: no such profile; run `icp derive` first or check --profile", path)
		}
		return nil, fmt.Errorf("load profile: %w", err)
	}
	data, err := io.ReadAll(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("load profile: %w", err)
	}
	p, err := profile.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	sum := sha256.Sum256(data)
	return &profileFile{Profile: p, path: path, sha256: hex.EncodeToString(sum[:])}, nil
}

// digest reads through r and hashes what it reads (SHA-256).
type digest struct {
	r io.Reader
	h hash.Hash
}

func newDigest(r io.Reader) *digest { return &digest{r: r, h: sha256.New()} }

func (d *digest) Read(p []byte) (int, error) {
	n, err := d.r.Read(p)
	d.h.Write(p[:n])
	return n, err
}

// sum is the hex SHA-256 of the bytes read so far.
func (d *digest) sum() string { return hex.EncodeToString(d.h.Sum(nil)) }
