package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/icp-dev/icp/workflow"
)

// These tests run icp as a process: the test binary itself, started with asIcp set
// (TestMain then calls childMain instead of the tests).

// asIcp, when set in the environment, makes the test binary run as icp.
const asIcp = "ICP_TEST_AS_ICP"

// waitFor, when set, names the progress event at which the child announces itself on
// file descriptor 3 and then holds until its run is cancelled: a stage's first words
// ("cross-validating"), or "rows" for the first row count. A test sends its signal on
// the announcement, so the signal lands at a known point without any sleep.
const waitFor = "ICP_TEST_WAIT_FOR"

// childMain is main for the test binary started as icp.
func childMain() int {
	e := newEnv()
	if want := os.Getenv(waitFor); want != "" {
		ready := os.NewFile(3, "ready")
		var once sync.Once
		e.observe = func(ctx context.Context, ev workflow.Event) {
			if !strings.HasPrefix(ev.Stage, want) && (want != "rows" || ev.Stage != "") {
				return
			}
			once.Do(func() {
				fmt.Fprintln(ready, want)
				ready.Close()
				<-ctx.Done()
			})
		}
	}
	return mainRun(os.Args[1:], e)
}

// icpProcess is a run of icp as a process.
type icpProcess struct {
	cmd            *exec.Cmd
	stdout, stderr bytes.Buffer
	ready          *bufio.Reader // the announcements of waitFor
}

// startIcp starts icp with args; with wait set, the child holds at that event (see
// waitFor) and ready delivers its announcement.
func startIcp(t *testing.T, wait string, args ...string) *icpProcess {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("no signals to send on Windows")
	}
	p := &icpProcess{cmd: exec.Command(os.Args[0], args...)}
	p.cmd.Env = append(os.Environ(), asIcp+"=1", waitFor+"="+wait, fmt.Sprintf("SOURCE_DATE_EPOCH=%d", fixedNow().Unix()))
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	p.cmd.ExtraFiles = []*os.File{w}
	p.ready = bufio.NewReader(r)
	t.Cleanup(func() { r.Close() })
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return p
}

// wait waits for the process to end and returns its exit status.
func (p *icpProcess) wait() int {
	p.cmd.Wait()
	return p.cmd.ProcessState.ExitCode()
}

// interrupt waits until the child announces the event it holds at, sends sig and
// returns the exit status.
func (p *icpProcess) interrupt(t *testing.T, sig os.Signal) int {
	t.Helper()
	if _, err := p.ready.ReadString('\n'); err != nil {
		code := p.wait()
		t.Fatalf("icp ended (exit %d) before the event it should hold at: %s", code, p.stderr.String())
	}
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	return p.wait()
}

// tree lists every entry under root (relative, sorted) with the content of files and
// the target of links, to compare a directory before and after a run.
func tree(t *testing.T, root string) string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			out = append(out, rel+" -> "+target)
		case d.IsDir():
			out = append(out, rel+"/")
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out = append(out, rel+"\n"+string(b))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// SIGINT or SIGTERM while derive validates: exit 130 or 143, one line on stderr, and
// --out exactly as it was, whether it did not exist or held an earlier set (--force).
func TestDeriveInterrupted(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		for _, existing := range []bool{false, true} {
			t.Run(fmt.Sprintf("%v/existing=%v", c.sig, existing), func(t *testing.T) {
				t.Parallel()
				root := t.TempDir()
				out := filepath.Join(root, "out")
				args := []string{"derive", sample, "--out", out}
				if existing {
					if code, _, stderr := runIcp(t, "derive", sample, "--out", out, "--validate=false", "--name", "earlier"); code != exitOK {
						t.Fatal(stderr)
					}
					args = append(args, "--force")
				}
				before := tree(t, root)
				p := startIcp(t, "cross-validating", args...)
				if code := p.interrupt(t, c.sig); code != c.code {
					t.Errorf("exit %d, want %d; stderr %q", code, c.code, p.stderr.String())
				}
				if got := p.stderr.String(); got != "icp: interrupted\n" {
					t.Errorf("stderr %q, want the one line %q", got, "icp: interrupted\n")
				}
				if after := tree(t, root); after != before {
					t.Errorf("--out changed:\n%s\nwas\n%s", head([]byte(after), 600), head([]byte(before), 600))
				}
			})
		}
	}
}

// SIGINT or SIGTERM while score streams: no -o file, nothing left beside it.
func TestScoreInterrupted(t *testing.T) {
	t.Parallel()
	prof := filepath.Join(sampleDerivation(t).dir, "icp.yaml")
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			p := startIcp(t, "rows", "score", "--profile", prof, sample, "-o", filepath.Join(root, "scored.csv"))
			if code := p.interrupt(t, c.sig); code != c.code || p.stderr.String() != "icp: interrupted\n" {
				t.Errorf("exit %d, stderr %q; want %d and one line", code, p.stderr.String(), c.code)
			}
			if got := tree(t, root); got != "./" {
				t.Errorf("left behind:\n%s", head([]byte(got), 500))
			}
		})
	}
}

// Two derives with different inputs race into one --out, many times: every time one
// wins, the other exits 1 saying why, and the directory holds one whole set (each file
// equal to the winner's when it runs alone) and nothing else.
func TestConcurrentDerives(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	inputs := []struct{ name, file string }{{"A", sample}, {"B", "../../testdata/sample-q2.csv"}}
	args := func(i int, out string) []string {
		return []string{"derive", inputs[i].file, "--out", out, "--name", inputs[i].name, "--validate=false", "--quiet"}
	}
	refs := make([]string, len(inputs))
	for i := range inputs {
		ref := filepath.Join(root, "ref", inputs[i].name)
		p := startIcp(t, "", args(i, ref)...)
		if code := p.wait(); code != exitOK {
			t.Fatalf("reference run %s: exit %d: %s", inputs[i].name, code, p.stderr.String())
		}
		refs[i] = tree(t, ref)
	}
	if refs[0] == refs[1] {
		t.Fatal("the two inputs give the same outputs: the test could not tell them apart")
	}
	for round := range 8 {
		out := filepath.Join(root, fmt.Sprint(round), "out")
		if round%2 == 1 { // an existing, empty --out
			if err := os.MkdirAll(out, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		ps := []*icpProcess{startIcp(t, "", args(0, out)...), startIcp(t, "", args(1, out)...)}
		codes := []int{ps[0].wait(), ps[1].wait()}
		won := -1
		for i, code := range codes {
			msg := ps[i].stderr.String()
			switch {
			case code == exitOK && won < 0:
				won = i
			case code == exitError && (strings.Contains(msg, "icp.yaml already exists; pass --force") ||
				strings.Contains(msg, "icp.yaml appeared while this run was working (another icp run?); nothing was written")):
			default:
				t.Fatalf("round %d, run %s: exit %d, stderr %q", round, inputs[i].name, code, msg)
			}
		}
		if won < 0 {
			t.Fatalf("round %d: no run won: %v", round, codes)
		}
		if got := tree(t, out); got != refs[won] {
			t.Fatalf("round %d: --out is not %s's set:\n%s", round, inputs[won].name, head([]byte(got), 2000))
		}
		if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
			t.Errorf("round %d: left beside --out: %v", round, entries)
		}
	}
}

// A bad --out (or -o) is refused before any input is read: each case names an input
// that does not exist, so the message shows which check came first. Nothing changes.
func TestBadOutRefusedFirst(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	afile := filepath.Join(root, "afile")
	os.WriteFile(afile, []byte("x"), 0o644)
	dangling := filepath.Join(root, "dangling")
	if err := os.Symlink(filepath.Join(root, "nowhere"), dangling); err != nil {
		t.Skip("no symbolic links:", err)
	}
	linked := filepath.Join(root, "linked")
	os.Mkdir(linked, 0o755)
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(linked, "icp.yaml"))
	dirInside := filepath.Join(root, "dir-inside")
	os.MkdirAll(filepath.Join(dirInside, "ICP.md"), 0o755)
	scored := filepath.Join(root, "scored.csv")
	os.WriteFile(scored, []byte("x"), 0o644)
	prof := filepath.Join(sampleDerivation(t).dir, "icp.yaml")
	missing := filepath.Join(root, "missing.csv")

	cases := []struct {
		args []string
		want string
	}{
		{[]string{"derive", missing, "--out", ""}, "icp derive: --out is empty: name the directory for the outputs, e.g. --out icp-out\n"},
		{[]string{"derive", missing, "--out", afile}, "icp derive: --out " + afile + " is a file, not a directory\n"},
		{[]string{"derive", missing, "--out", filepath.Join(afile, "sub")}, "icp derive: --out " + filepath.Join(afile, "sub") + " cannot be created: " + afile + " is a file, not a directory\n"},
		{[]string{"derive", missing, "--out", dangling}, "icp derive: --out " + dangling + " is a broken symbolic link (to " + filepath.Join(root, "nowhere") + ")\n"},
		{[]string{"derive", missing, "--out", linked}, "icp derive: " + filepath.Join(linked, "icp.yaml") + " already exists (a symbolic link to " + filepath.Join(root, "nowhere") + "); pass --force to replace it or --out to write elsewhere\n"},
		{[]string{"derive", missing, "--out", dirInside, "--force"}, "icp derive: --out " + filepath.Join(dirInside, "ICP.md") + " is a directory; move it away or write elsewhere\n"},
		{[]string{"compare", "--profile", prof, missing, "--out", afile}, "icp compare: --out " + afile + " is a file, not a directory\n"},
		{[]string{"report", "--profile", prof, "--deals", missing, "--out", afile}, "icp report: --out " + afile + " is a file, not a directory\n"},
		{[]string{"score", "--profile", prof, missing, "-o", root}, "icp score: -o " + root + " is a directory, not a file\n"},
		{[]string{"score", "--profile", prof, missing, "-o", filepath.Join(root, "no", "s.csv")}, "icp score: -o directory " + filepath.Join(root, "no") + " does not exist\n"},
		{[]string{"score", "--profile", prof, missing, "-o", scored}, "icp score: " + scored + " already exists; pass --force to replace it\n"},
	}
	before := tree(t, root)
	for _, c := range cases {
		code, _, stderr := runIcp(t, c.args...)
		if code != exitError || stderr != c.want {
			t.Errorf("icp %q:\nexit %d, stderr %q\nwant exit 1, %q", c.args, code, stderr, c.want)
		}
	}
	if after := tree(t, root); after != before {
		t.Errorf("refused runs changed the directory:\n%s", after)
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(t.TempDir(), "ro")
		os.Mkdir(ro, 0o555)
		defer os.Chmod(ro, 0o755)
		code, _, stderr := runIcp(t, "derive", missing, "--out", filepath.Join(ro, "out"))
		if want := "cannot be created: " + ro + " is not writable (permission denied)"; code != exitError || !strings.Contains(stderr, want) {
			t.Errorf("read-only parent: exit %d, %q; want %q", code, stderr, want)
		}
	}
}

// A dangling symbolic link at out/icp.yaml: without --force the run is refused and
// nothing is written; with --force the link itself is replaced, never followed.
func TestDanglingProfileLink(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	out, victim := filepath.Join(root, "out"), filepath.Join(root, "victim.yaml")
	os.Mkdir(out, 0o755)
	if err := os.Symlink(victim, filepath.Join(out, "icp.yaml")); err != nil {
		t.Skip("no symbolic links:", err)
	}
	before := tree(t, root)
	code, _, stderr := runIcp(t, "derive", sample, "--out", out, "--validate=false")
	if code != exitError || !strings.Contains(stderr, "icp.yaml already exists (a symbolic link to "+victim+")") {
		t.Errorf("exit %d, %q", code, stderr)
	}
	if after := tree(t, root); after != before {
		t.Errorf("a refused run wrote:\n%s", head([]byte(after), 500))
	}
	if code, _, stderr := runIcp(t, "derive", sample, "--out", out, "--validate=false", "--force"); code != exitOK {
		t.Fatalf("--force: exit %d, %s", code, stderr)
	}
	if _, err := os.Lstat(victim); err == nil {
		t.Error("the link was followed: its target was written")
	}
	if fi, err := os.Lstat(filepath.Join(out, "icp.yaml")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("icp.yaml is not a regular file now: %v", err)
	}
}

// --resamples below 30 (other than 0) or above 1,000 is bad usage; 0 switches
// validation off, and the outputs say so.
func TestResamplesBounds(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"-5", "1", "29", "1001"} {
		code, _, stderr := runIcp(t, "derive", sample, "--resamples", n, "--out", t.TempDir())
		want := "icp derive: --resamples " + n + ": use 30 to 1,000 random halves (default 200), or 0 to switch validation off\n"
		if code != exitUsage || !strings.HasPrefix(stderr, want) {
			t.Errorf("--resamples %s: exit %d, %q", n, code, stderr)
		}
	}
	out := t.TempDir()
	code, js, stderr := runIcp(t, "derive", sample, "--resamples", "0", "--out", out, "--format", "json")
	if code != exitOK {
		t.Fatalf("--resamples 0: exit %d, %s", code, stderr)
	}
	for name, text := range map[string]string{"stdout": js, "ICP.md": string(readFile(t, filepath.Join(out, "ICP.md"))), "icp.yaml": string(readFile(t, filepath.Join(out, "icp.yaml")))} {
		if !strings.Contains(text, "validation was switched off (--resamples 0 or --validate=false)") {
			t.Errorf("%s does not say validation was off", name)
		}
	}
	if strings.Contains(js, `"validation"`) {
		t.Error("the JSON still carries a validation block")
	}
}

// A hand-edited point value of 1e308 (a weight of 1e308 used to make every matching
// row score -9223372036854775808) is refused by score, naming the line; so is a huge
// whole number.
func TestScoreRefusesHugeWeight(t *testing.T) {
	t.Parallel()
	good := string(readFile(t, filepath.Join(sampleDerivation(t).dir, "icp.yaml")))
	i := strings.Index(good, "    points: ")
	if i < 0 {
		t.Fatal("no points in the profile")
	}
	end := i + strings.Index(good[i:], "\n")
	line := strings.Count(good[:i], "\n") + 1
	for _, v := range []string{"1e308", "100000000"} {
		doc := good[:i] + "    points: " + v + good[end:]
		prof := filepath.Join(t.TempDir(), "icp.yaml")
		if err := os.WriteFile(prof, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		code, stdout, stderr := runIcp(t, "score", "--profile", prof, sample)
		if code != exitError || stdout != "" || !strings.Contains(stderr, fmt.Sprintf("line %d: ", line)) || !strings.Contains(stderr, v) {
			t.Errorf("points %s: exit %d, stdout %d bytes, stderr\n%s", v, code, len(stdout), stderr)
		}
	}
}

// --depth bounds the sweet spot's conditions: 1 gives a one-condition segment, 0 or 4
// is bad usage.
func TestDepthFlag(t *testing.T) {
	t.Parallel()
	for _, n := range []string{"0", "4"} {
		code, _, stderr := runIcp(t, "derive", sample, "--depth", n, "--out", t.TempDir())
		if code != exitUsage || !strings.Contains(stderr, "--depth "+n+": the sweet spot combines 1 to 3 conditions") {
			t.Errorf("--depth %s: exit %d, %q", n, code, stderr)
		}
	}
	code, js, stderr := runIcp(t, "derive", sample, "--depth", "1", "--validate=false", "--out", filepath.Join(t.TempDir(), "o"), "--format", "json")
	if code != exitOK {
		t.Fatalf("--depth 1: exit %d: %s", code, stderr)
	}
	var out struct {
		Segment *struct {
			Conditions []json.RawMessage `json:"conditions"`
		} `json:"segment"`
	}
	if err := json.Unmarshal([]byte(js), &out); err != nil {
		t.Fatal(err)
	}
	if out.Segment == nil || len(out.Segment.Conditions) != 1 {
		t.Errorf("--depth 1: segment %s", js[:min(len(js), 300)])
	}
}
