package source

import (
	"crypto/md5"
	"encoding/hex"
	"strings"
	"testing"
)

func TestSampleBelow(t *testing.T) {
	for _, c := range []struct {
		want, of int
		below    string
	}{
		{100, 100, ""},        // no more rows than asked for: all of them
		{200, 100, ""},        // fewer
		{0, 100, ""},          // no sample asked for
		{50, 100, "80000000"}, // half of the 32-bit range
		{1, 4, "40000000"},
		{1, 3, "55555556"},                  // rounded up, never below the share asked for
		{2_000_000, 85_000_000, "06060607"}, // 2/85 of 2³²
	} {
		if got := sampleBelow(c.want, c.of); got != c.below {
			t.Errorf("sampleBelow(%d, %d) = %q, want %q", c.want, c.of, got, c.below)
		}
	}
}

// TestSampleShare: the threshold keeps the share asked for of uniformly spread md5
// prefixes (the known answer is the md5 of 100,000 ids computed here).
func TestSampleShare(t *testing.T) {
	const n, want = 100_000, 10_000
	below := sampleBelow(want, n)
	kept := 0
	for i := range n {
		sum := md5.Sum([]byte("C" + strings.Repeat("0", i%3) + string(rune('a'+i%26)) + hex.EncodeToString([]byte{byte(i), byte(i >> 8), byte(i >> 16)})))
		if hex.EncodeToString(sum[:])[:8] < below {
			kept++
		}
	}
	// Binomial(100,000, 0.1): sd ≈ 95; 5 sd either side.
	if kept < want-475 || kept > want+475 {
		t.Errorf("kept %d of %d, want about %d", kept, n, want)
	}
	s := &Sampled{Of: n, Key: "customer_id", Below: below}
	if r := s.Rule(); r != "the rows whose md5(customer_id) starts below 1999999a, about 10% of 100,000" {
		t.Errorf("rule %q", r)
	}
	if r := (&Sampled{Of: 40, Key: "id"}).Rule(); !strings.Contains(r, "every row") {
		t.Errorf("rule without a threshold %q", r)
	}
}

func TestSampleSQL(t *testing.T) {
	got := sampleSQL("SELECT * FROM crm.customers WHERE region = 'EMEA';  ", `Account "Id"`, "1999999a", true)
	want := `SELECT * FROM (SELECT * FROM crm.customers WHERE region = 'EMEA') AS icp_src WHERE substr(md5(CAST(icp_src."Account ""Id""" AS text)), 1, 8) COLLATE "C" < '1999999a'`
	if got != want {
		t.Errorf("PostgreSQL:\n%s\nwant\n%s", got, want)
	}
	if got := sampleSQL("SELECT * FROM t", "id", "0000ffff", false); strings.Contains(got, "COLLATE") {
		t.Errorf("DuckDB compares bytes without a collation: %s", got)
	}
	if got := countSQL("SELECT 1;"); got != "SELECT count(*) FROM (SELECT 1) AS icp_src" {
		t.Errorf("count %q", got)
	}
	if !strings.HasPrefix(describeSQL("SELECT 1"), sqlPrefix) {
		t.Error("describeSQL must start with sqlPrefix (error positions are shifted by it)")
	}
}
