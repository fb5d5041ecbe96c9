// Package bench holds the end-to-end performance benchmarks of icp and nothing else:
// its code is all in test files, so it adds nothing to the icp binary.
//
// The benchmarks generate synthetic customer exports with internal/synth
// (Config{Rows: N, Seed: 1, Messy: true, NoiseAttrs: 19}: 11 base + 19 noise = 30
// attribute columns plus 4 outcome columns, 211 MB at 1,000,000 rows) into a
// temporary directory, once per size and test binary, and compare:
//
//   - BenchmarkDerive: what `icp derive` computes — dataset.Load, analysis.DetectRoles
//     and analysis.Derive with the default options, validation included (report
//     rendering excluded); BenchmarkDeriveNoValidate: the same without validation, as
//     `icp derive --validate=false`;
//   - BenchmarkBareCSV: the floor, one encoding/csv pass (ReuseRecord) over the same file;
//   - BenchmarkGotaReadCSV: github.com/go-gota/gota's dataframe.ReadCSV, for comparison
//     with a general-purpose data-frame loader.
//
// Sizes are sub-benchmarks named rows=1e3, rows=1e5 and rows=1e6; rows=1e6 is skipped
// under -short. Nothing here runs without -bench, so `go test ./...` (and CI) only
// compiles the package. Run, for example:
//
//	go test ./internal/bench -run '^$' -bench . -benchtime 1x -count 6 | tee bench.txt
//	benchstat bench.txt
//
// Gota is measured at 1e3 and 1e5 rows only: at 1e6 it needs several GB of memory.
// Set ICP_BENCH_GOTA_1E6=1 to add that size for a one-off measurement.
package bench
