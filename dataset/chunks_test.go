package dataset

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// sameSplit fails t unless reading data in parallel chunks (of several sizes) gives the
// same table, or the same error, as reading it sequentially.
func sameSplit(t *testing.T, data []byte, opt Options) {
	t.Helper()
	seq := opt
	seq.split = splitSequential
	want, wantErr := Read(bytes.NewReader(data), "f.csv", seq)
	sizes := []int{1, 7, 64, 1000, 1 << 16}
	if len(data) > 64<<10 {
		// Chunks of a few bytes and one-byte reads behave the same on any size of file
		// (every small file and the fuzz target cover them); on the real exports, whose
		// value is their content, the realistic sizes keep the test quick.
		sizes = []int{1000, 1 << 16}
	}
	for _, size := range sizes {
		par := opt
		par.split, par.chunkBytes = splitParallel, size
		for _, oneByte := range []bool{false, true} {
			if oneByte && len(data) > 64<<10 && size != 1000 {
				continue
			}
			var r = bytes.NewReader(data)
			var got *Table
			var err error
			if oneByte {
				got, err = read(iotest.OneByteReader(r), "f.csv", par, int64(len(data)))
			} else {
				got, err = Read(r, "f.csv", par)
			}
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("chunks of %d bytes (one-byte reads %v): error\n%v\nwant\n%v\ninput %q", size, oneByte, err, wantErr, truncate(data))
			}
			if d := tableDiff(got, want); d != "" {
				t.Fatalf("chunks of %d bytes (one-byte reads %v): %s\ninput %q", size, oneByte, d, truncate(data))
			}
		}
	}
}

// tableDiff says where two tables differ ("" if nowhere).
func tableDiff(got, want *Table) string {
	if got == nil || want == nil {
		if got != want {
			return fmt.Sprintf("table %v, want %v", got, want)
		}
		return ""
	}
	if len(got.Columns) != len(want.Columns) {
		return fmt.Sprintf("%d columns, want %d", len(got.Columns), len(want.Columns))
	}
	for i := range got.Columns {
		g, w := *got.Columns[i], *want.Columns[i]
		gn, wn := g.Num, w.Num
		g.Num, w.Num = nil, nil
		same := reflect.DeepEqual(g, w) && len(gn) == len(wn) && (gn == nil) == (wn == nil)
		for j := range gn {
			same = same && math.Float64bits(gn[j]) == math.Float64bits(wn[j]) // NaN too
		}
		if !same {
			g.Num, w.Num = gn, wn
			return fmt.Sprintf("column %d differs:\ngot  kind %v notes %q levels %.10q missing %d num %.10v codes %.10v\nwant kind %v notes %q levels %.10q missing %d num %.10v codes %.10v",
				i, g.Kind, g.Notes, g.Levels, g.MissingCount, g.Num, g.Codes, w.Kind, w.Notes, w.Levels, w.MissingCount, w.Num, w.Codes)
		}
	}
	if cap(got.Line) != cap(want.Line) {
		// The capacity comes from the input offsets of the first batches.
		return fmt.Sprintf("capacity %d, want %d", cap(got.Line), cap(want.Line))
	}
	g, w := *got, *want
	g.Columns, w.Columns = nil, nil
	if !reflect.DeepEqual(g, w) {
		return fmt.Sprintf("tables differ:\ngot  %.300v\nwant %.300v", g, w)
	}
	return ""
}

func truncate(b []byte) []byte {
	if len(b) > 400 {
		return b[:400]
	}
	return b
}

// TestParallelSameAsSequential: the parallel reader gives the same tables, and the same
// errors on the same lines, as the sequential one on inputs made to trip it: quoted
// line ends, a byte order mark, CRLF and CR-only line ends, Windows-1252 bytes, decimal
// commas, blank lines, ragged rows, bad quotes, lines and cells over the limits.
func TestParallelSameAsSequential(t *testing.T) {
	t.Parallel()
	var big strings.Builder
	big.WriteString("\xEF\xBB\xBFid;name;amount;when;tags;ok\r\n")
	for i := range 3000 {
		name := fmt.Sprintf("Caf\xe9 %d", i%40)
		switch i % 7 {
		case 1:
			name = fmt.Sprintf("\"multi\r\nline %d\"", i%30)
		case 2:
			name = fmt.Sprintf("\"say \"\"hi\"\" %d\"", i%20)
		case 3:
			name = "\"\""
		}
		fmt.Fprintf(&big, "%d;%s;\"%d,%02d\";%02d.%02d.2024;a|b%d;%s\r\n", i, name, i*3, i%100, 1+i%28, 1+i%12, i%5, []string{"yes", "no"}[i%2])
		if i%500 == 0 {
			big.WriteString("\r\n  \r\n")
		}
	}
	inputs := map[string]string{
		"big":             big.String(),
		"quoted newline":  "a,b\n\"x\ny\",1\n\"\n\",2\nz,\"3\n\n4\"\n",
		"ragged":          "a,b\n1,2\n3,4\n5\n6,7\n",
		"ragged quoted":   "a,b\n1,2\n\"3\n\",4,5\n6,7\n",
		"bare quote":      "a,b\n1,2\n3,x\"y\n",
		"bad quote":       "a,b\n1,2\n\"3\"x,4\n",
		"unclosed":        "a,b\n1,2\n\"3,4\n5,6\n",
		"unclosed last":   "a,b\n1,2\n3,\"4",
		"no final eol":    "a,b\r\n1,2\r\n3,4\r",
		"cr only":         "a,b\r1,2\r\"x\",4\r",
		"blank lines":     "a,b\n\n1,2\n   \n\n3,4\n\n",
		"lines of blanks": "a,b,c\n1,2,3\n  \n4,5,6\n",
		"header newline":  "\"a\nb\",c\n1,2\n3,4\n",
		"header only":     "a,b\n",
		"decimal commas":  "x;y\n\"1,5\";1.200\n\"2,25\";3.400\n\"1.000,5\";2\n",
		"cp1252":          "name,v\nCaf\xe9,1\nna\xefve,2\n\x80uro,3\n",
		"escapes":         "a,b\n\"\"\"\",\"x\"\"\"\n\"\",\"\"\"\"\"\"\n",
		"cr in field":     "a,b\n\"x\ry\",1\nq\rr,2\n",
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			sameSplit(t, []byte(in), Options{})
			sameSplit(t, []byte(in), Options{MaxLevels: 3, KeepText: true})
		})
	}
	t.Run("limits", func(t *testing.T) {
		long := "a,b\n1,2\n3," + strings.Repeat("x", 300) + "\n5,6\n"
		sameSplit(t, []byte(long), Options{MaxLineBytes: 100})
		sameSplit(t, []byte(long), Options{MaxFieldBytes: 100})
		sameSplit(t, []byte("a,b\n1,2\n\"3,"+strings.Repeat("x\n", 100)+"\",4\n"), Options{MaxLineBytes: 100})
	})
}

// TestParallelSameAsSequentialFiles compares the readers on every CSV file of the
// repository's test data.
func TestParallelSameAsSequentialFiles(t *testing.T) {
	t.Parallel()
	var paths []string
	for _, pattern := range []string{"testdata/*.csv", "testdata/*.tsv", "../testdata/*.csv", "../testdata/*/*.csv"} {
		m, _ := filepath.Glob(pattern)
		paths = append(paths, m...)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d test files found", len(paths))
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(data) > 4<<20 {
			continue
		}
		t.Run(p, func(t *testing.T) { sameSplit(t, data, Options{}) })
	}
}

func FuzzReadParallel(f *testing.F) {
	for _, name := range []string{"bom_crlf.csv", "semicolon.csv", "tab.tsv", "quoted_newline.csv", "cp1252.csv", "ragged.csv", "bad_quote.csv", "bare_quote.csv"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("a,b\n\"x\ny\",1\n\"\"\"\",2\n3,\"4"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameSplit(t, data, Options{MaxLevels: 5, MaxLineBytes: 64, MaxFieldBytes: 16})
	})
}

// TestChunkSizingBounded reads, in parallel chunks, a file whose first data record is
// far longer than the rest (15,000 cells, then 40,000 one-cell lines): the chunk's
// cells are sized from its first record only up to a cell per byte and line, so the
// read allocates about what the file holds, not first record × lines (gigabytes).
func TestChunkSizingBounded(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("a,b\n")
	b.WriteString(strings.Repeat("1,", 14_999) + "1\n")
	for range 40_000 {
		b.WriteString("1,2\n")
	}
	opt := Options{split: splitParallel, chunkBytes: 64 << 10}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err := Read(bytes.NewReader(b.Bytes()), "f.csv", opt)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("a record of 15,000 cells under a two-column header read without an error")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Fatalf("reading %d bytes allocated %d MB", b.Len(), got>>20)
	}
}
