// Command icpgen writes a synthetic customer export (CSV) with planted effects, for
// trying and testing icp. See package internal/synth for the planted truth.
//
// Usage:
//
//	icpgen [--rows 2000] [--seed 1] [--null] [--messy] [--noise 4] [--shift 0]
//	       [--shape additive|interaction|proxy] [--high-card-noise] [-o FILE]
//	       [--deals FILE [--deals-per-account 3] [--deals-seed N]]
//
// Without -o the CSV goes to standard output; with -o it is written atomically
// (temporary file in the same folder, then rename). --deals also writes a deals
// (opportunities) export for the same customers to FILE, atomically (see
// synth.WriteDeals); --deals-seed defaults to --seed. --shape selects how the
// planted effects combine (synth.Shape: additive sums criteria, interaction plants a
// three-way segment, proxy a driver with a correlated proxy column); --shift 1
// exists for the additive shape only. --high-card-noise adds the noise columns
// country (40 values) and account_owner (14 values).
package main

//go:generate go run . --rows 2000 --seed 7 --messy --noise 4 -o ../../testdata/sample.csv --deals ../../testdata/deals.csv --deals-per-account 3

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/icp-dev/icp/internal/synth"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses args, generates the export and returns the exit status: 0 on success,
// 2 for bad usage, 1 when writing fails.
func run(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("icpgen", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg synth.Config
	var out, deals, shape string
	var perAccount int
	var dealsSeed uint64
	fs.IntVar(&cfg.Rows, "rows", 2000, "number of customer rows")
	fs.Uint64Var(&cfg.Seed, "seed", 1, "random seed (same flags, same bytes)")
	fs.BoolVar(&cfg.Null, "null", false, "plant no effect: outcomes independent of every attribute")
	fs.BoolVar(&cfg.Messy, "messy", false, "messy spellings, number formats and missing values, like a CRM export")
	fs.IntVar(&cfg.NoiseAttrs, "noise", 4, "number of extra noise attributes")
	fs.IntVar(&cfg.Shift, "shift", 0, `planting: 0 = quarter 1, 1 = "next quarter" variant`)
	fs.StringVar(&shape, "shape", "additive", "how planted effects combine: additive, interaction (a three-way segment) or proxy (a driver and a correlated proxy)")
	fs.BoolVar(&cfg.HighCardNoise, "high-card-noise", false, "add noise columns with many values: country (40) and account_owner (14)")
	fs.StringVarP(&out, "output", "o", "", "write to `FILE` instead of standard output")
	fs.StringVar(&deals, "deals", "", "also write a deals (opportunities) export for these customers to `FILE`")
	fs.IntVar(&perAccount, "deals-per-account", 3, "average number of deals per customer (with --deals)")
	fs.Uint64Var(&dealsSeed, "deals-seed", 0, "random seed of the deals (default: --seed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: icpgen [flags]\n\nWrites a synthetic customer export (CSV) with planted effects.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "icpgen: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	if cfg.Rows < 0 || cfg.NoiseAttrs < 0 || (cfg.Shift != 0 && cfg.Shift != 1) {
		fmt.Fprintln(stderr, "icpgen: --rows and --noise must be >= 0, --shift 0 or 1")
		return 2
	}
	sh, err := synth.ParseShape(shape)
	if err != nil {
		fmt.Fprintln(stderr, "icpgen: --shape must be additive, interaction or proxy")
		return 2
	}
	cfg.Shape = sh
	if cfg.Shape != synth.ShapeAdditive && cfg.Shift != 0 {
		fmt.Fprintln(stderr, "icpgen: --shift 1 exists for --shape additive only")
		return 2
	}
	if perAccount < 1 {
		fmt.Fprintln(stderr, "icpgen: --deals-per-account must be >= 1")
		return 2
	}
	if !fs.Changed("deals-seed") {
		dealsSeed = cfg.Seed
	}
	write := func(w io.Writer) error { return synth.Write(w, cfg) }
	if out == "" || out == "-" {
		err = write(stdout)
	} else {
		err = writeFile(out, write)
	}
	if err == nil && deals != "" {
		err = writeFile(deals, func(w io.Writer) error { return synth.WriteDeals(w, cfg, perAccount, dealsSeed) })
	}
	if err != nil {
		fmt.Fprintf(stderr, "icpgen: %v\n", err)
		return 1
	}
	return 0
}

// writeFile writes the export to a temporary file next to path and renames it into
// place, so that path never holds a partial export.
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
