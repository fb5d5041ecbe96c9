package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/profile"
)

// scoreOptions are the flags of `icp score`.
type scoreOptions struct {
	profile string
	out     string
	force   bool
	quiet   bool
}

func (o *scoreOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&o.profile, "profile", "", "the profile to score against: an icp.yaml, or the directory holding it (required)")
	fs.StringVarP(&o.out, "output", "o", "", "write the scored rows to this file instead of stdout")
	fs.BoolVar(&o.force, "force", false, "overwrite an existing --output file")
	fs.BoolVarP(&o.quiet, "quiet", "q", false, "no progress or summary on stderr")
}

// missingWarnShare is the share of rows without a value for a criterion above which the
// summary warns.
const missingWarnShare = 0.2

func runScore(ctx context.Context, args []string, e env) error {
	var o scoreOptions
	fs := newFlagSet("icp score --profile DIR/icp.yaml RECORDS.csv [-o scored.csv] [--force] [--quiet]")
	o.addFlags(fs)
	if err := parseFlags(fs, args, e); err != nil {
		return err
	}
	if o.profile == "" {
		return usagef("--profile is required, e.g. --profile icp-out/icp.yaml")
	}
	if fs.NArg() != 1 {
		return usagef("need exactly one records file (or - for stdin), got %d", fs.NArg())
	}
	path := fs.Arg(0)
	if o.force && o.out == "" {
		return usagef("--force only applies with --output")
	}

	p, err := loadProfile(o.profile)
	if err != nil {
		return err
	}

	var in io.Reader
	name := path
	if path == "-" {
		in, name = e.stdin, "stdin"
	} else {
		f, err := os.Open(path)
		if err != nil {
			return err // *PathError names the file
		}
		defer f.Close()
		in = f
	}
	in = ctxReader{ctx, in}

	var out io.Writer = e.stdout
	var of *outFile
	if o.out != "" {
		if !o.force {
			if _, err := os.Lstat(o.out); err == nil {
				return fmt.Errorf("%s already exists; pass --force to replace it", o.out)
			}
		}
		of, err = createOutFile(o.out)
		if err != nil {
			return err
		}
		defer of.Abort()
		out = of
	}

	prog := newProgress(e, o.quiet)
	defer prog.Done()
	stats, err := profile.ScoreCSV(in, out, p, profile.StreamOptions{
		Name:     name,
		Progress: func(n int) { prog.Rows(name, n) },
	})
	prog.Done()
	if err != nil {
		return err
	}
	if of != nil {
		if err := of.Commit(o.force); err != nil {
			return err
		}
	}
	if !o.quiet {
		printScoreSummary(e.stderr, p, stats)
	}
	return nil
}

// printScoreSummary writes the tier counts and the criteria that were often blank.
func printScoreSummary(w io.Writer, p *profile.Profile, st profile.StreamStats) {
	var b strings.Builder
	fmt.Fprintf(&b, "scored %s %s", profile.FormatCount(st.Rows), pluralWord(st.Rows, "row", "rows"))
	if st.Rows > 0 {
		b.WriteString(":")
		for i, t := range p.Scoring.TierNames() {
			if i > 0 {
				b.WriteString(",")
			}
			n := st.PerTier[t]
			fmt.Fprintf(&b, " %s %s (%.1f%%)", t, profile.FormatCount(n), 100*float64(n)/float64(st.Rows))
		}
	}
	fmt.Fprintln(w, b.String())
	for i, c := range p.Criteria {
		if i >= len(st.Missing) || st.Rows == 0 {
			break
		}
		share := float64(st.Missing[i]) / float64(st.Rows)
		if share > missingWarnShare {
			fmt.Fprintf(w, "warning: %s has no usable value in %.1f%% of rows (%s); scoring treats a blank as not matching %q\n",
				c.Attribute, 100*share, profile.FormatCount(st.Missing[i]), c.String())
		}
	}
}

func pluralWord(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ctxReader stops reading once ctx is done (Ctrl-C during a long run).
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// outFile streams to a temporary file next to the target and moves it into place on
// Commit, so that a reader never sees a half-written file; Abort (deferred) removes the
// temporary file unless it was committed. This is atomicfile.WriteFile for a stream.
type outFile struct {
	*os.File
	path string
	done bool
}

func createOutFile(path string) (*outFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &outFile{File: tmp, path: path}, nil
}

// Commit syncs and closes the temporary file and renames it to the target; with
// overwrite false an existing target is left untouched (the check and the move are one
// atomic step, a hard link).
func (f *outFile) Commit(overwrite bool) error {
	name := f.Name()
	fail := func(err error) error {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		return fail(err)
	}
	if overwrite {
		if err := os.Rename(name, f.path); err != nil {
			return fail(err)
		}
		f.done = true
		return nil
	}
	if err := os.Link(name, f.path); err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists; pass --force to replace it", f.path)
		}
		return fail(err)
	}
	os.Remove(name)
	f.done = true
	return nil
}

// Abort removes the temporary file unless Commit succeeded.
func (f *outFile) Abort() {
	if f.done {
		return
	}
	f.Close()
	os.Remove(f.Name())
}
