package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/icp-dev/icp/internal/atomicfile"
	"github.com/icp-dev/icp/internal/outset"
	"github.com/icp-dev/icp/profile/sqlgen"
)

// SQLOptions are the inputs of SQL.
type SQLOptions struct {
	Env
	Profile string         // the profile (icp.yaml or the directory holding it)
	Dialect sqlgen.Dialect // the engine to write for
	Table   string         // the table or view to score (may be qualified: schema.table)
	From    string         // instead of Table, a source written verbatim (dbt's {{ ref('x') }})
	View    string         // when set, CREATE OR REPLACE VIEW View AS the query
	Output  string         // file for the SQL; "" writes it to Stdout
	Stdout  io.Writer      // written when Output is ""
	Force   bool           // replace an existing Output
}

// SQL writes the profile as a query (sqlgen.Generate) that returns every column of
// Table plus icp_score, icp_tier and icp_reasons, as `icp score` computes them. An
// Output file appears whole or not at all and replaces an existing one only with Force.
func SQL(ctx context.Context, opt SQLOptions) error {
	p, err := opt.readProfile(opt.Profile)
	if err != nil {
		return err
	}
	if opt.Output != "" {
		if err := outset.CheckFile(opt.Output, opt.Force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s already exists; pass --force to replace it", opt.Output)
			}
			return fmt.Errorf("-o %w", err)
		}
	}
	header := fmt.Sprintf("icp sql --dialect %s: profile %q (%s, sha256 %.12s).\n"+
		"Returns every column of the table plus icp_score, icp_tier and icp_reasons,\n"+
		"computed as `icp score` computes them. Columns named icp__* are the query's own.",
		opt.Dialect, oneLine(p.Name), filepath.Base(p.path), p.sha256)
	q, err := sqlgen.Generate(p.Profile, sqlgen.Options{Dialect: opt.Dialect, Table: opt.Table, From: opt.From, View: opt.View, Header: header})
	if err != nil {
		return fmt.Errorf("%s: %w", p.path, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if opt.Output == "" {
		_, err := io.WriteString(opt.Stdout, q)
		return err
	}
	if err := atomicfile.WriteFile(opt.Output, []byte(q), 0o644, opt.Force); err != nil {
		if errors.Is(err, atomicfile.ErrExists) {
			return fmt.Errorf("%s already exists; pass --force to replace it", opt.Output)
		}
		return err
	}
	return nil
}

// oneLine keeps a name on one comment line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
