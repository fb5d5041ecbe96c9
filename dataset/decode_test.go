package dataset

import (
	"bytes"
	"io"
	"testing"
	"testing/iotest"
	"unicode/utf8"
)

// refDecode is the reference: valid UTF-8 kept, other bytes read as Windows-1252.
func refDecode(b []byte) (string, int) {
	var out []byte
	bad := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			out = utf8.AppendRune(out, decodeCP1252Byte(b[i]))
			bad++
			i++
			continue
		}
		out = append(out, b[i:i+size]...)
		i += size
	}
	return string(out), bad
}

func decodeAll(t testing.TB, r io.Reader) (string, *decoder) {
	d := newDecoder(r)
	got, err := io.ReadAll(d)
	if err != nil {
		t.Fatalf("ReadAll: %v", err)
	}
	return string(got), d
}

func TestDecoder(t *testing.T) {
	inputs := [][]byte{
		[]byte("plain ascii\nsecond line\n"),
		[]byte("Caf\xe9,Montr\xe9al\n\x80100,\x93quoted\x94\n"),
		[]byte("mixed é UTF-8 and \xe9 cp1252 \xc3 truncated"),
		[]byte("ends in a cut sequence \xe2\x82"),
		bytes.Repeat([]byte("ü€\xfc"), 5000),
	}
	for _, in := range inputs {
		want, wantBad := refDecode(in)
		for name, r := range map[string]io.Reader{
			"whole":    bytes.NewReader(in),
			"onebyte":  iotest.OneByteReader(bytes.NewReader(in)),
			"half":     iotest.HalfReader(bytes.NewReader(in)),
			"dataerr":  iotest.DataErrReader(bytes.NewReader(in)),
			"smallbuf": struct{ io.Reader }{bytes.NewReader(in)},
		} {
			got, d := decodeAll(t, r)
			if got != want || d.bad != wantBad {
				t.Errorf("%s %.30q: got %.40q (%d bad), want %.40q (%d bad)", name, in, got, d.bad, want, wantBad)
			}
		}
		// Small reads from the decoder.
		got, err := io.ReadAll(iotest.OneByteReader(newDecoder(iotest.HalfReader(bytes.NewReader(in)))))
		if err != nil || string(got) != want {
			t.Errorf("one-byte reads %.30q: got %.40q, %v", in, got, err)
		}
	}
	_, d := decodeAll(t, bytes.NewReader([]byte("a\nb\nc\xe9\n")))
	if d.firstLine != 3 {
		t.Errorf("first bad byte on line %d, want 3", d.firstLine)
	}
	if _, err := io.ReadAll(newDecoder(bytes.NewReader([]byte("\xff\xfea\x00")))); err != errUTF16 {
		t.Errorf("UTF-16: %v", err)
	}
}

func FuzzDecoder(f *testing.F) {
	f.Add([]byte("Caf\xe9 é \xe2\x82"), uint8(3))
	f.Fuzz(func(t *testing.T, in []byte, step uint8) {
		want, _ := refDecode(in)
		if len(in) >= 2 && (in[0] == 0xFF && in[1] == 0xFE || in[0] == 0xFE && in[1] == 0xFF) {
			return
		}
		r := io.Reader(bytes.NewReader(in))
		if step%2 == 1 {
			r = iotest.OneByteReader(r)
		}
		got, _ := decodeAll(t, r)
		if got != want {
			t.Fatalf("got %q, want %q", got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 out: %q", got)
		}
	})
}
