package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"syscall"
	"testing"
	"time"

	"github.com/go-gota/gota/dataframe"

	"github.com/icp-dev/icp/analysis"
	"github.com/icp-dev/icp/dataset"
	"github.com/icp-dev/icp/internal/synth"
)

// sizes are the row counts benchmarked, by sub-benchmark name.
var sizes = []struct {
	name string
	rows int
}{
	{"rows=1e3", 1_000},
	{"rows=1e4", 10_000},
	{"rows=1e5", 100_000},
	{"rows=1e6", 1_000_000},
}

// Generated files, by row count, in tmpDir; built lazily by benchFile and removed by
// TestMain. Benchmarks run one at a time, so no locking is needed.
var (
	tmpDir string
	files  = map[int]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// benchFile returns the path of the generated export with the given number of rows,
// writing it on first use, and sets the benchmark's byte count to its size.
func benchFile(b *testing.B, rows int) string {
	b.Helper()
	path := generated(b, rows, fmt.Sprintf("customers-%d.csv", rows), synth.Config{Rows: rows, Seed: 1, Messy: true, NoiseAttrs: 19})
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	return path
}

// generated returns the path of the generated file registered under key in files,
// writing it (as name, in tmpDir) on first use.
func generated(b *testing.B, key int, name string, cfg synth.Config) string {
	b.Helper()
	if path, ok := files[key]; ok {
		return path
	}
	if tmpDir == "" {
		dir, err := os.MkdirTemp("", "icp-bench")
		if err != nil {
			b.Fatal(err)
		}
		tmpDir = dir
	}
	path := filepath.Join(tmpDir, name)
	if err := writeFile(path, cfg); err != nil {
		b.Fatal(err)
	}
	files[key] = path
	return path
}

func writeFile(path string, cfg synth.Config) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := synth.Write(w, cfg); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// forSizes runs bench as one sub-benchmark per size, skipping 1e6 rows under -short
// and sizes that skip says to skip.
func forSizes(b *testing.B, skip func(rows int) string, bench func(b *testing.B, path string, rows int)) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			if sz.rows >= 1_000_000 && testing.Short() {
				b.Skip("1e6 rows skipped under -short")
			}
			if skip != nil {
				if why := skip(sz.rows); why != "" {
					b.Skip(why)
				}
			}
			path := benchFile(b, sz.rows)
			runtime.GC() // start from the same heap, not the previous size's garbage
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.ResetTimer()
			bench(b, path, sz.rows)
			b.StopTimer()
			if n := b.N; n > 0 {
				b.ReportMetric(float64(sz.rows)*float64(n)/b.Elapsed().Seconds(), "rows/s")
				b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/float64(n), "cpu-ms/op")
			}
		})
	}
}

// BenchmarkDerive measures what `icp derive` computes with its default options: load,
// role detection and the analysis, validation included. load-ms/op and
// analysis-ms/op split the time; peak-heap-MB is the largest live heap sampled (see
// watchHeap).
func BenchmarkDerive(b *testing.B) { benchDerive(b, 0) }

// BenchmarkDeriveNoValidate is BenchmarkDerive without the validation (cross-validation,
// stability resamples, other cut-offs), as `icp derive --validate=false`.
func BenchmarkDeriveNoValidate(b *testing.B) { benchDerive(b, -1) }

func benchDerive(b *testing.B, resamples int) {
	forSizes(b, nil, func(b *testing.B, path string, rows int) {
		var load, an time.Duration
		iters := 0
		peak := watchHeap()
		for b.Loop() {
			t0 := time.Now()
			t, err := dataset.Load(path, dataset.Options{})
			if err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			roles, _, err := analysis.DetectRoles(t, analysis.Roles{}, false)
			if err != nil {
				b.Fatal(err)
			}
			res, err := analysis.Derive(context.Background(), t, analysis.Options{Roles: roles, Seed: 1, Resamples: resamples})
			if err != nil {
				b.Fatal(err)
			}
			if res.Rows != rows {
				b.Fatalf("analysed %d rows, want %d", res.Rows, rows)
			}
			load += t1.Sub(t0)
			an += time.Since(t1)
			iters++
		}
		b.ReportMetric(float64(load.Milliseconds())/float64(iters), "load-ms/op")
		b.ReportMetric(float64(an.Milliseconds())/float64(iters), "analysis-ms/op")
		b.ReportMetric(float64(peak()>>20), "peak-heap-MB")
	})
}

// BenchmarkBareCSV is the floor: one encoding/csv pass with ReuseRecord over the same
// file, touching nothing.
func BenchmarkBareCSV(b *testing.B) {
	forSizes(b, nil, func(b *testing.B, path string, rows int) {
		for b.Loop() {
			if n := bareRead(b, path); n != rows+1 {
				b.Fatalf("read %d records, want %d", n, rows+1)
			}
		}
	})
}

// bareRead reads path once with encoding/csv (ReuseRecord) and returns the number of
// records.
func bareRead(b *testing.B, path string) int {
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	n := 0
	for {
		if _, err := r.Read(); err == io.EOF {
			return n
		} else if err != nil {
			b.Fatal(err)
		}
		n++
	}
}

// BenchmarkGotaReadCSV loads the same file with gota's dataframe.ReadCSV (type
// inference on, as by default). 1e6 rows need several GB and run only with
// ICP_BENCH_GOTA_1E6=1.
func BenchmarkGotaReadCSV(b *testing.B) {
	skip := func(rows int) string {
		if rows >= 1_000_000 && os.Getenv("ICP_BENCH_GOTA_1E6") == "" {
			return "gota at 1e6 rows needs several GB; set ICP_BENCH_GOTA_1E6=1 to run it"
		}
		return ""
	}
	forSizes(b, skip, func(b *testing.B, path string, rows int) {
		for b.Loop() {
			f, err := os.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			df := dataframe.ReadCSV(bufio.NewReaderSize(f, 1<<16))
			f.Close()
			if df.Err != nil {
				b.Fatal(df.Err)
			}
			if df.Nrow() != rows {
				b.Fatalf("gota read %d rows, want %d", df.Nrow(), rows)
			}
		}
	})
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWide measures the wide case beside its floor, in one run: 2,000 customers
// × 5,000 columns (the export plus 4,966 noise attributes, half numeric, 48 MB). "bare"
// is one encoding/csv pass over the file; "derive" what `icp derive` computes on it,
// validation included; "derive-novalidate" without. peak-heap-MB is the largest live
// heap sampled every 5 ms during the run (runtime/metrics), the figure behind the
// process's peak memory.
func BenchmarkWide(b *testing.B) {
	if testing.Short() {
		b.Skip("the 5,000-column file is skipped under -short")
	}
	const rows = 2000
	path := generated(b, -rows, "wide.csv", synth.Config{Rows: rows, Seed: 1, NoiseAttrs: 4966})
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("bare", func(b *testing.B) {
		b.SetBytes(st.Size())
		for b.Loop() {
			if n := bareRead(b, path); n != rows+1 {
				b.Fatalf("read %d records, want %d", n, rows+1)
			}
		}
	})
	for _, v := range []struct {
		name      string
		resamples int
	}{{"derive", 0}, {"derive-novalidate", -1}} {
		b.Run(v.name, func(b *testing.B) {
			b.SetBytes(st.Size())
			b.ReportAllocs()
			runtime.GC()
			peak := watchHeap()
			for b.Loop() {
				t, err := dataset.Load(path, dataset.Options{})
				if err != nil {
					b.Fatal(err)
				}
				roles, _, err := analysis.DetectRoles(t, analysis.Roles{}, false)
				if err != nil {
					b.Fatal(err)
				}
				res, err := analysis.Derive(context.Background(), t, analysis.Options{Roles: roles, Seed: 1, Resamples: v.resamples})
				if err != nil {
					b.Fatal(err)
				}
				if res.NumConditions() < 100_000 {
					b.Fatalf("%d conditions tested, want the wide file's hundreds of thousands", res.NumConditions())
				}
			}
			b.ReportMetric(float64(peak()>>20), "peak-heap-MB")
		})
	}
}

// watchHeap samples the live heap every 5 ms until the returned function is called,
// which returns the largest sample.
func watchHeap() func() uint64 {
	done, out := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var top uint64
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			top = max(top, s[0].Value.Uint64())
			select {
			case <-done:
				out <- top
				return
			case <-tick.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-out
	}
}
