package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunStdout(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"--rows", "5", "--seed", "3", "--noise", "2"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "customer_id,") {
		t.Fatalf("unexpected output:\n%s", out.String())
	}
}

func TestRunFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.csv")
	var stdout, errb bytes.Buffer
	args := []string{"--rows", "50", "--messy", "--null", "--shift", "1", "-o", path}
	if code := run(args, &stdout, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if stdout.Len() != 0 {
		t.Error("wrote to stdout despite -o")
	}
	first, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if code := run(args, &stdout, &errb); code != 0 {
		t.Fatal(errb.String())
	}
	second, _ := os.ReadFile(path)
	if !bytes.Equal(first, second) {
		t.Error("same flags gave different files")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestRunBadUsage(t *testing.T) {
	for _, args := range [][]string{{"--rows", "-1"}, {"--shift", "3"}, {"--bogus"}, {"extra"},
		{"--shape", "quadratic"}, {"--shape", "proxy", "--shift", "1"}} {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"--help"}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "--rows") ||
		!strings.Contains(errb.String(), "--shape") || !strings.Contains(errb.String(), "--high-card-noise") {
		t.Errorf("--help: exit %d, %q", code, errb.String())
	}
	if code := run([]string{"-o", filepath.Join(t.TempDir(), "no", "such", "dir.csv")}, &out, &errb); code != 1 {
		t.Errorf("unwritable -o: exit %d, want 1", code)
	}
}

func TestRunShape(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		header string
	}{
		{[]string{"--noise", "0"}, ",signup_date,ltv,"},
		{[]string{"--noise", "0", "--shape", "additive"}, ",signup_date,ltv,"},
		{[]string{"--noise", "0", "--shape", "interaction", "--high-card-noise"}, ",signup_date,country,account_owner,ltv,"},
		{[]string{"--noise", "0", "--shape", "proxy"}, ",signup_date,sales_segment,ltv,"},
	} {
		var out, errb bytes.Buffer
		if code := run(append([]string{"--rows", "20"}, tc.args...), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d: %s", tc.args, code, errb.String())
		}
		header, _, _ := strings.Cut(out.String(), "\n")
		if !strings.Contains(header, tc.header) {
			t.Errorf("%v: header %q lacks %q", tc.args, header, tc.header)
		}
		if n := strings.Count(out.String(), "\n"); n != 21 {
			t.Errorf("%v: %d lines", tc.args, n)
		}
	}
}
