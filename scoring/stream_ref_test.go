package scoring

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/icp-dev/icp/dataset"

	"github.com/icp-dev/icp/profile"
)

// scoreCSVReference is ScoreCSV as it was before its own CSV reading and writing
// (encoding/csv's Reader and Writer): the faster ScoreCSV must write the same bytes,
// report the same errors and count the same rows.
func scoreCSVReference(r io.Reader, w io.Writer, p *profile.Profile, opt StreamOptions) (StreamStats, error) {
	name := opt.Name
	if name == "" {
		name = "input"
	}
	stats := StreamStats{Missing: make([]int, len(p.Criteria))}

	br := bufio.NewReaderSize(r, 64<<10)
	peek, err := br.Peek(64 << 10)
	atEOF := false
	switch {
	case err == nil, errors.Is(err, bufio.ErrBufferFull):
	case err == io.EOF:
		atEOF = true
	default:
		return stats, fmt.Errorf("%s: reading: %w", name, err)
	}
	switch {
	case bytes.HasPrefix(peek, []byte("\xFF\xFE")), bytes.HasPrefix(peek, []byte("\xFE\xFF")):
		return stats, fmt.Errorf(`%s: the file is UTF-16 encoded; save it as "CSV UTF-8" and try again`, name)
	case bytes.HasPrefix(peek, []byte("PK\x03\x04")):
		return stats, fmt.Errorf("%s: this is not a CSV file (it looks like an Excel workbook or a zip archive); export it as CSV", name)
	}
	if err := dataset.NotText(name, peek); err != nil {
		return stats, err
	}
	bom := 0
	if bytes.HasPrefix(peek, []byte("\xEF\xBB\xBF")) {
		bom = 3
	}
	delim := dataset.SniffDelimiter(peek[bom:], atEOF)
	crlf := false
	if i := bytes.IndexByte(peek, '\n'); i > 0 && peek[i-1] == '\r' {
		crlf = true
	}
	if bom > 0 {
		br.Discard(bom)
	}

	cr := csv.NewReader(br)
	cr.Comma = delim
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1

	rec, err := cr.Read()
	if err == io.EOF {
		return stats, fmt.Errorf("%s: the file is empty; expected a header row", name)
	}
	if err != nil {
		return stats, dataset.CSVError(name, err)
	}
	headerLine, _ := cr.FieldPos(0)
	header := append([]string(nil), rec...)
	ncol := len(header)
	keys := make([]string, ncol)
	for i, h := range header {
		keys[i] = strings.TrimSpace(h)
	}

	// Output layout: the input columns, then whichever icp_* columns the input lacks.
	out := append([]string(nil), header...)
	slot := func(col string) int {
		for i, k := range keys {
			if strings.EqualFold(k, col) {
				return i
			}
		}
		out = append(out, col)
		return len(out) - 1
	}
	iScore, iTier, iReasons := slot(ColScore), slot(ColTier), slot(ColReasons)

	m, err := Compile(p, keys)
	if err != nil {
		return stats, fmt.Errorf("%s:%d: %w", name, headerLine, err)
	}
	sc := newStreamScorer(m)
	sc.comma, sc.crlf = byte(delim), crlf

	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw) // uses bw itself: it is already big enough
	cw.Comma = delim
	cw.UseCRLF = crlf
	for i := range out {
		out[i] = SafeCell(out[i])
	}
	if err := cw.Write(out); err != nil {
		return stats, fmt.Errorf("write output: %w", err)
	}

	nextProgress := progressRows
	for {
		rec, err = cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			sc.finish(&stats)
			cw.Flush()
			return stats, dataset.CSVError(name, err)
		}
		if len(rec) != ncol {
			if len(rec) == 1 && ncol > 1 && strings.TrimSpace(rec[0]) == "" {
				continue // a line of blanks
			}
			line, _ := cr.FieldPos(0)
			sc.finish(&stats)
			cw.Flush()
			return stats, fmt.Errorf("%s:%d: row has %d %s, the header has %d; check for an unquoted delimiter or a missing quote",
				name, line, len(rec), profile.Plural(len(rec), "field", "fields"), ncol)
		}
		for i, c := range rec {
			out[i] = SafeCell(c)
		}
		e := sc.score(rec)
		out[iScore], out[iTier], out[iReasons] = e.score, e.tier, e.reasons
		if err := cw.Write(out); err != nil {
			sc.finish(&stats)
			return stats, fmt.Errorf("write output: %w", err)
		}
		if sc.rows >= nextProgress && opt.Progress != nil {
			opt.Progress(sc.rows)
			nextProgress += progressRows
		}
	}
	sc.finish(&stats)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return stats, fmt.Errorf("write output: %w", err)
	}
	if opt.Progress != nil {
		opt.Progress(stats.Rows)
	}
	return stats, nil
}

// sameAsReference fails t unless ScoreCSV and scoreCSVReference agree on in, read whole
// and one byte at a time.
func sameAsReference(t *testing.T, in string, p *profile.Profile) {
	t.Helper()
	var want bytes.Buffer
	wantSt, wantErr := scoreCSVReference(strings.NewReader(in), &want, p, StreamOptions{})
	for _, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in))} {
		var got bytes.Buffer
		gotSt, gotErr := ScoreCSV(r, &got, p, StreamOptions{})
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("input %q:\nerror %v\nwant  %v", in, gotErr, wantErr)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("input %q:\noutput %q\nwant   %q", in, got.String(), want.String())
		}
		if !reflect.DeepEqual(gotSt, wantSt) {
			t.Fatalf("input %q:\nstats %+v\nwant  %+v", in, gotSt, wantSt)
		}
	}
}

var referenceInputs = []string{
	"industry,employees,tech_stack,business_model\nsaas,500,snowflake,b2b\n",
	"\xEF\xBB\xBFindustry;employees;tech_stack;business_model\r\n\"=1+1\";\"1.200,5\";\"a|b\";B2C\r\n",
	"industry\temployees\ttech_stack\tbusiness_model\ticp_score\n-,-1,@x,\t,9\n",
	"industry|employees|tech_stack|business_model\n\"a\nb\"|2|3|4\n",
	"industry,employees,tech_stack,business_model\nsaas,\"1,x\n",
	"industry,employees\n\"saas\",\"5\"\"00\"\n  ,\n\n\r\n,\nfintech,300\r",
	"industry,employees\n=cmd,+1\n-2.5,@sum\n\\.,\u00a0x\n x,\ty\na\rb,c\n",
	"industry,employees\nsaas,\"unclosed\nmore,lines\n",
	"industry,employees\nsa\"as,1\n",
	"industry,employees\n\"sa\"as,1\n",
	"industry,employees\nsaas,1,2\n",
	"industry,employees,icp_tier\nsaas,500,old\n\"x\",\"y\nz\",\"=q\"\n",
	"industry,employees\r\nsaas,\"a\r\nb\"\r\nx,\"\"\"\"\r\n",
	"\"indu\nstry\",employees\nsaas,5\n",
	"industry,employees\n\"a\"\"\n\"\"b\",2\nfintech,\"3\"\n",
	"industry,employees\nsaas,1\n\"x\"y,2\n",
	"industry,employees\n\"x\n\n\ny\",2\n",
	"industry,employees\nx," + strings.Repeat("ab", 70000) + "\nfintech,\"" + strings.Repeat("q\n", 40000) + "\"\n",
	"",
	"\n\n",
	"a\n",
	"a\n\"\n",
	"\"\r\r",
	"a,b\r\r\n\"x\r\r\n\",y\r\r",
}

func TestScoreCSVSameAsReference(t *testing.T) {
	for _, in := range referenceInputs {
		for _, p := range []*profile.Profile{streamProfile(), streamProfileV2()} {
			sameAsReference(t, in, p)
		}
	}
}

// TestScoreCSVSameAsReferenceBench compares on the benchmark's 100,000 rows.
func TestScoreCSVSameAsReferenceBench(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 rows")
	}
	if benchCSV == nil {
		benchCSV = makeBenchCSV()
	}
	sameAsReference(t, string(benchCSV[:len(benchCSV)/10]), streamProfileV2())
}

func FuzzScoreCSVSameAsReference(f *testing.F) {
	for _, in := range referenceInputs {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		for _, p := range []*profile.Profile{streamProfile(), streamProfileV2()} {
			sameAsReference(t, in, p)
		}
	})
}
