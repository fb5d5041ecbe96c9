package dataset

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// cp1252 maps the Windows-1252 bytes 0x80-0x9F to Unicode. Bytes 0xA0-0xFF are the
// same code points (Latin-1); the five undefined bytes map to the C1 control of the
// same value, as WHATWG does.
var cp1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// decodeCP1252Byte returns the rune of a Windows-1252 byte.
func decodeCP1252Byte(b byte) rune {
	if b >= 0x80 && b < 0xA0 {
		return cp1252[b-0x80]
	}
	return rune(b)
}

// decoder passes valid UTF-8 through and decodes every byte that is not part of a valid
// UTF-8 sequence as Windows-1252. A file is either UTF-8 (nothing to do) or a legacy
// export whose high bytes almost never form valid UTF-8 by chance, so this per-byte
// fallback reads both, and mixed files, without a separate detection pass.
type decoder struct {
	r     io.Reader
	raw   []byte // read buffer for small reads
	conv  []byte // transcoded output
	out   []byte // pending output (in raw or conv)
	carry []byte // incomplete UTF-8 sequence held back from the previous chunk
	err   error
	first bool // nothing read yet

	bad       int // bytes decoded as Windows-1252
	newlines  int // newlines before the first bad byte (counted until one is found)
	firstLine int // 1-based line of the first bad byte
}

// newDecoder returns a decoder reading from r.
func newDecoder(r io.Reader) *decoder {
	return &decoder{r: r, raw: make([]byte, 64), carry: make([]byte, 0, 4), first: true}
}

// errUTF16 is reported for files starting with a UTF-16 byte order mark.
var errUTF16 = errorString(`the file is UTF-16 encoded; save it as "CSV UTF-8" and try again`)

type errorString string

func (e errorString) Error() string { return string(e) }

// Read implements io.Reader. Valid UTF-8 is read straight into p.
func (d *decoder) Read(p []byte) (int, error) {
	for {
		if len(d.out) > 0 {
			n := copy(p, d.out)
			d.out = d.out[n:]
			return n, nil
		}
		if d.err != nil {
			return 0, d.err
		}
		if len(p) == 0 {
			return 0, nil
		}
		direct := len(p) >= 64 // room for the carried bytes and then some
		buf := p
		if !direct {
			buf = d.raw
		}
		chunk := d.readChunk(buf)
		if len(chunk) == 0 {
			if d.err != nil {
				continue
			}
			return 0, nil
		}
		if utf8.Valid(chunk) {
			if d.bad == 0 {
				d.newlines += bytes.Count(chunk, []byte{'\n'})
			}
			if direct {
				return len(chunk), nil
			}
			d.out = chunk
			continue
		}
		d.out = d.transcode(chunk)
	}
}

// readChunk reads into buf after the bytes carried from the previous chunk and returns
// the bytes up to any incomplete UTF-8 sequence at the end, which it carries over.
func (d *decoder) readChunk(buf []byte) []byte {
	n := copy(buf, d.carry)
	d.carry = d.carry[:0]
	m, err := d.r.Read(buf[n:])
	if m < 0 || m > len(buf)-n {
		m, err = 0, io.ErrShortBuffer // misbehaving reader
	}
	chunk := buf[:n+m]
	if err != nil {
		d.err = err
	}
	if d.first && len(chunk) > 0 {
		d.first = false
		if len(chunk) >= 2 && ((chunk[0] == 0xFF && chunk[1] == 0xFE) || (chunk[0] == 0xFE && chunk[1] == 0xFF)) {
			d.err = errUTF16
			return nil
		}
	}
	if d.err == nil {
		cut := incompleteTail(chunk)
		d.carry = append(d.carry, chunk[cut:]...)
		chunk = chunk[:cut]
	}
	return chunk
}

// transcode returns chunk with every byte that is not part of valid UTF-8 decoded as
// Windows-1252, in d.conv.
func (d *decoder) transcode(chunk []byte) []byte {
	conv := d.conv[:0]
	for i := 0; i < len(chunk); {
		c := chunk[i]
		if c < utf8.RuneSelf {
			if c == '\n' && d.bad == 0 {
				d.newlines++
			}
			conv = append(conv, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(chunk[i:])
		if r == utf8.RuneError && size <= 1 {
			if d.bad == 0 {
				d.firstLine = d.newlines + 1
			}
			d.bad++
			conv = utf8.AppendRune(conv, decodeCP1252Byte(c))
			i++
			continue
		}
		conv = append(conv, chunk[i:i+size]...)
		i += size
	}
	d.conv = conv
	return conv
}

// incompleteTail returns the index where an incomplete UTF-8 sequence at the end of b
// starts, or len(b).
func incompleteTail(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-3; i-- {
		c := b[i]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if c >= 0xC0 { // leading byte
			need := 2
			if c >= 0xF0 {
				need = 4
			} else if c >= 0xE0 {
				need = 3
			}
			if i+need > len(b) {
				return i
			}
			return len(b)
		}
	}
	return len(b)
}
