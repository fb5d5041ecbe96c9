package workflow

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/icp-dev/icp/internal/atomicfile"
	"github.com/icp-dev/icp/internal/outset"
	"github.com/icp-dev/icp/profile"
	"github.com/icp-dev/icp/scoring"
	"github.com/icp-dev/icp/source"
)

// ScoreOptions are the inputs of Score.
type ScoreOptions struct {
	Env
	Profile string    // the profile (icp.yaml or the directory holding it)
	Records string    // the input to score (a CSV or Parquet file, table:T or query:SQL on Env.DSN); "-" reads CSV from Stdin
	Stdin   io.Reader // read when Records is "-"
	Output  string    // file for the scored rows; "" writes them to Stdout
	Stdout  io.Writer // written when Output is ""
	Force   bool      // replace an existing Output
	// AbsentAsBlank scores columns the profile uses but Records lacks as blank in every
	// row instead of failing (see scoring.StreamOptions).
	AbsentAsBlank bool
}

// ScoreResult is what Score did.
type ScoreResult struct {
	Profile *profile.Profile
	Stats   scoring.StreamStats
	// OftenBlank lists the criteria (indexes into Profile.Criteria) without a usable
	// value in more than BlankWarnShare of the rows.
	OftenBlank []int
}

// BlankWarnShare is the share of rows without a value for a criterion above which
// Score lists the criterion in OftenBlank.
const BlankWarnShare = 0.2

// Score streams the records, appending icp_score, icp_tier and icp_reasons to each row
// (scoring.ScoreCSV), in constant memory. An Output file is checked before any work,
// appears whole or not at all (not at all when ctx is done before the end), and an
// existing one is replaced only with Force.
func Score(ctx context.Context, opt ScoreOptions) (*ScoreResult, error) {
	p, err := opt.readProfile(opt.Profile)
	if err != nil {
		return nil, err
	}
	if opt.Output != "" {
		if err := outset.CheckFile(opt.Output, opt.Force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return nil, errScoredExists(opt.Output)
			}
			return nil, fmt.Errorf("-o %w", err)
		}
	}
	var in io.Reader
	name := opt.Records
	if source.KindOf(name) != source.CSV {
		// A typed source is turned into CSV on the fly for the CSV scorer: one row at a
		// time through a pipe, never whole in memory.
		rr, disp, closeFn, err := source.Rows(ctx, name, opt.DSN, opt.open)
		if err != nil {
			return nil, err
		}
		pr, pw := io.Pipe()
		done := make(chan struct{})
		go func() {
			defer close(done)
			pw.CloseWithError(source.WriteCSV(ctx, rr, pw))
		}()
		defer func() { // stop the writer before closing the source it reads
			pr.Close()
			<-done
			closeFn()
		}()
		in, name = pr, disp
	} else if name == "-" {
		in, name = opt.Stdin, "stdin"
	} else {
		f, err := opt.open(name)
		if err != nil {
			return nil, err // *PathError names the file
		}
		defer f.Close()
		in = f
	}
	in = ctxReader{ctx, in}

	out := opt.Stdout
	var of *atomicfile.File
	if opt.Output != "" {
		if of, err = atomicfile.Create(opt.Output, 0o644); err != nil {
			return nil, err
		}
		defer of.Abort()
		out = of
	}
	stats, err := scoring.ScoreCSV(in, out, p.Profile, scoring.StreamOptions{Name: name, Progress: opt.rows(name), AbsentAsBlank: opt.AbsentAsBlank})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // an interrupted run leaves no file behind
	}
	if of != nil {
		if err := of.Commit(opt.Force); err != nil {
			if errors.Is(err, atomicfile.ErrExists) {
				return nil, errScoredExists(opt.Output)
			}
			return nil, err
		}
	}
	res := &ScoreResult{Profile: p.Profile, Stats: stats}
	for i := range p.Criteria {
		if i >= len(stats.Missing) || stats.Rows == 0 {
			break
		}
		if float64(stats.Missing[i])/float64(stats.Rows) > BlankWarnShare {
			res.OftenBlank = append(res.OftenBlank, i)
		}
	}
	return res, nil
}

func errScoredExists(path string) error {
	return fmt.Errorf("%s already exists; pass --force to replace it", path)
}
