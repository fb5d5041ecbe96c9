package dataset

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Benchmarks load a generated file of benchRows rows × 30 columns. Set
// DATASET_BENCH_FILE to use (or create) a file elsewhere, and DATASET_BENCH_ROWS to
// change the number of rows generated, e.g. for a one-off 1e6-row measurement:
//
//	DATASET_BENCH_FILE=/tmp/big.csv DATASET_BENCH_ROWS=1000000 go test ./dataset -run XXX -bench . -benchtime 1x

const benchRows = 100_000

// benchOnce shares the generated file between the benchmarks of one run.
var benchOnce struct {
	sync.Once
	dir  string
	path string
	err  error
}

// benchFile returns the benchmark file, generating it once.
func benchFile(b *testing.B) string {
	b.Helper()
	benchOnce.Do(func() {
		rows := benchRows
		if s := os.Getenv("DATASET_BENCH_ROWS"); s != "" {
			rows, benchOnce.err = strconv.Atoi(s)
		}
		path := os.Getenv("DATASET_BENCH_FILE")
		if path == "" {
			benchOnce.dir, benchOnce.err = os.MkdirTemp("", "dataset-bench")
			path = filepath.Join(benchOnce.dir, "customers.csv")
		} else if _, err := os.Stat(path); err == nil {
			benchOnce.path = path // reuse an existing file
			return
		}
		benchOnce.path = path
		if benchOnce.err == nil {
			benchOnce.err = writeBenchCSV(path, rows)
		}
	})
	if benchOnce.err != nil {
		b.Fatal(benchOnce.err)
	}
	return benchOnce.path
}

// writeBenchCSV writes a customer export with numeric, categorical, multi-value,
// boolean, date and text columns, and some messy values.
func writeBenchCSV(path string, rows int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	industries := []string{"SaaS", "saas", "Retail", "Manufacturing", "Healthcare", "Finance", "Education", "Logistics", "Media", "Energy", "Telecom", "Real Estate", "Legal", "Government", "Non-profit", "Travel", "Food", "Automotive", "Construction", "Insurance"}
	regions := []string{"NA", "EU", "APAC", "LATAM", "MEA"}
	sizes := []string{"1-10", "11-50", "51-200", "201-500", "501-1000", "1000+"}
	plans := []string{"Free", "Starter", "Pro", "Business", "Enterprise"}
	sources := []string{"Inbound", "Outbound", "Referral", "Partner", "Event", "Paid Search", "Organic"}
	countries := make([]string, 60)
	for i := range countries {
		countries[i] = "Country " + strconv.Itoa(i)
	}
	tools := []string{"Salesforce", "Slack", "HubSpot", "Zoom", "Jira", "Notion", "Gong", "Zendesk"}
	yes := []string{"Yes", "No"}
	tf := []string{"true", "false"}
	missing := []string{"", "n/a", "-"}

	fmt.Fprintln(w, "Customer ID,Company,Industry,Region,Company Size,Plan,Lead Source,Country,Annual Revenue,Employees,Seats,MRR,Discount,NPS,Deal Cycle Days,Support Tickets,Tools,Integrations,Channels,Churned,Is Partner,Upsold,Signup Date,Close Date,Contact Email,Notes,Segment,Tier,Owner,Health Score")
	for i := 0; i < rows; i++ {
		var rec [30]string
		rec[0] = fmt.Sprintf("C%07d", i)
		rec[1] = fmt.Sprintf("Co%d %s", i, pick([]string{"Inc", "LLC", "GmbH", "Ltd"}))
		rec[2] = pick(industries)
		rec[3] = pick(regions)
		rec[4] = pick(sizes)
		rec[5] = pick(plans)
		rec[6] = pick(sources)
		rec[7] = pick(countries)
		rev := rng.IntN(5_000_000)
		switch rng.IntN(4) {
		case 0:
			rec[8] = strconv.Itoa(rev)
		case 1:
			rec[8] = "$" + group(rev)
		case 2:
			rec[8] = fmt.Sprintf("$%.1fM", float64(rev)/1e6)
		default:
			rec[8] = group(rev)
		}
		rec[9] = strconv.Itoa(rng.IntN(5000) + 1)
		rec[10] = strconv.Itoa(rng.IntN(300))
		rec[11] = strconv.FormatFloat(rng.Float64()*1000, 'f', 1, 64)
		rec[12] = strconv.Itoa(rng.IntN(40)) + "%"
		rec[13] = strconv.Itoa(rng.IntN(11))
		rec[14] = strconv.Itoa(rng.IntN(365))
		rec[15] = strconv.Itoa(rng.IntN(50))
		var items []string
		for _, t := range tools {
			if rng.IntN(4) == 0 {
				items = append(items, t)
			}
		}
		rec[16] = strings.Join(items, "; ")
		rec[17] = strings.Join(items[:len(items)/2], "|")
		rec[18] = pick([]string{"Email", "Phone", "Chat", "Email; Chat", "Phone; Email"})
		rec[19] = pick(yes)
		rec[20] = pick(tf)
		rec[21] = strconv.Itoa(rng.IntN(2))
		rec[22] = fmt.Sprintf("%04d-%02d-%02d", 2015+rng.IntN(10), 1+rng.IntN(12), 1+rng.IntN(28))
		rec[23] = fmt.Sprintf("%d/%d/%04d", 1+rng.IntN(12), 1+rng.IntN(28), 2015+rng.IntN(10))
		rec[24] = fmt.Sprintf("c%d@co%d.io", i, i%1000)
		rec[25] = pick([]string{"", "", "Renewal, at risk", "Champion left", "Wants \"SSO\"", "Expansion\nplanned"})
		rec[26] = pick([]string{"SMB", "Mid-Market", "Enterprise", "smb "})
		rec[27] = pick([]string{"Tier 1", "Tier 2", "Tier 3"})
		rec[28] = pick([]string{"Alice", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi"})
		rec[29] = strconv.FormatFloat(rng.Float64()*100, 'f', 1, 64)
		// Messy values.
		if rng.IntN(100) == 0 {
			rec[9] = pick(missing)
		}
		if rng.IntN(200) == 0 {
			rec[11] = "unknown"
		}
		if rng.IntN(50) == 0 {
			rec[2] = pick(missing)
		}
		for j, v := range rec {
			if j > 0 {
				w.WriteByte(',')
			}
			if strings.ContainsAny(v, ",\"\n") {
				w.WriteString(`"` + strings.ReplaceAll(v, `"`, `""`) + `"`)
			} else {
				w.WriteString(v)
			}
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// group writes n with comma thousands separators.
func group(n int) string {
	s := strconv.Itoa(n)
	var b []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchOnce.dir != "" {
		os.RemoveAll(benchOnce.dir)
	}
	os.Exit(code)
}

func BenchmarkLoad(b *testing.B) {
	path := benchFile(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	rows, iters := 0, 0
	cpu0 := cpuTime()
	for b.Loop() {
		t, err := Load(path, Options{})
		if err != nil {
			b.Fatal(err)
		}
		rows = t.Rows
		iters++
	}
	b.ReportMetric(float64(rows)*float64(iters)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/float64(iters), "cpu-ms/op")
}

// BenchmarkBareCSV is the floor: one encoding/csv pass with ReuseRecord over the same
// file, touching nothing.
func BenchmarkBareCSV(b *testing.B) {
	path := benchFile(b)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	rows, iters := 0, 0
	cpu0 := cpuTime()
	for b.Loop() {
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		r := csv.NewReader(f)
		r.ReuseRecord = true
		r.FieldsPerRecord = -1
		rows = 0
		for {
			_, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			rows++
		}
		f.Close()
		rows-- // header
		iters++
	}
	b.ReportMetric(float64(rows)*float64(iters)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/float64(iters), "cpu-ms/op")
}

// cpuTime returns the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkParseNumber(b *testing.B) {
	in := []string{"1200", "-3.25", "$1,200.50", "1.200,50", "€5k", "12%", "n/a"}
	for b.Loop() {
		for _, s := range in {
			ParseNumber(s)
		}
	}
}

func BenchmarkParseDate(b *testing.B) {
	in := []string{"2024-01-31", "1/31/2024", "31.01.2024", "2024-01-31T10:00:00Z"}
	for b.Loop() {
		for _, s := range in {
			ParseDate(s)
		}
	}
}

// BenchmarkConvert times the conversion of parsed records alone, on one goroutine.
func BenchmarkConvert(b *testing.B) {
	path := benchFile(b)
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	header, err := cr.Read()
	if err != nil {
		b.Fatal(err)
	}
	ncol := len(header)
	var batches []*batch
	bt := newBatch(ncol, 4000)
	for n := 0; n < 20000; n++ {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		bt.add(rec, n+2)
		if len(bt.lines) == 4000 {
			batches = append(batches, bt)
			bt = newBatch(ncol, 4000)
		}
	}
	rows := 0
	for _, bt := range batches {
		rows += len(bt.lines)
	}
	b.ResetTimer()
	for b.Loop() {
		cols := make([]*colState, ncol)
		for i := range cols {
			cols[i] = &colState{col: &Column{Name: header[i], Index: i}, maxLevels: defaultMaxLevels}
		}
		inferKinds(cols, batches, ncol, sampleRows, 1)
		for _, cs := range cols {
			cs.init(rows)
		}
		for _, bt := range batches {
			if err := convertColumns(cols, bt, ncol, 1); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows*ncol), "ns/cell")
}
