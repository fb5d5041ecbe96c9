#!/bin/sh
# check-html.sh REPORT_HTML [SCREENSHOT.png]
#
# Loads a report page (report.html of `icp report` or `icp derive`) in headless
# Chromium and checks it the way a reader's browser sees it:
#
#  1. Console: the page is loaded with --enable-logging=stderr --v=0, which makes
#     Chromium log every console message as a line with "CONSOLE" in it. The report
#     pages have no scripts, so any such message is an error: an SVG attribute the
#     browser cannot parse ("Error: <line> attribute y1: Expected length, "NaN""),
#     an uncaught exception, or a blocked resource. To catch resources, the check
#     loads a copy of the page with a Content-Security-Policy of default-src 'none'
#     (inline <style> and data: images allowed) injected at the top of <head>:
#     anything fetched from a file or the network is blocked and logged, so the
#     page must be self-contained. The message levels are not in the log (console
#     .log and console.error both appear as INFO:CONSOLE), hence "any message fails".
#  2. DOM (--dump-dom): the rendered page ends in </html>, has an <h1> and an <svg>,
#     and no NaN or Inf in any attribute.
#  3. Screenshot (--screenshot, --window-size=1200,2200) to SCREENSHOT.png
#     (default: REPORT_HTML with .png for .html).
#  4. Print layout: --print-to-pdf (no header/footer) to SCREENSHOT's name with .pdf,
#     and, when pdftoppm (poppler-utils) is installed, its first page as
#     SCREENSHOT-print-1.png (and every page as -print-N.png with ALL_PAGES=1).
#
# Exit status: 0 all checks passed, 1 a check failed, 2 bad usage or no browser.
# Environment: CHROMIUM names the browser (default: chromium, chromium-browser,
# google-chrome, whichever is found first); KEEP=1 keeps the temporary folder.
set -eu

usage() {
	echo "usage: $0 REPORT_HTML [SCREENSHOT.png]" >&2
	exit 2
}
[ $# -ge 1 ] && [ $# -le 2 ] || usage
html=$1
[ -f "$html" ] || { echo "check-html: $html: no such file" >&2; exit 2; }
shot=${2:-${html%.html}.png}
base=${shot%.png}
pdf=$base.pdf

browser=${CHROMIUM:-}
if [ -z "$browser" ]; then
	for b in chromium chromium-browser google-chrome; do
		if command -v "$b" >/dev/null 2>&1; then
			browser=$b
			break
		fi
	done
fi
[ -n "$browser" ] || { echo "check-html: no Chromium found (apt-get install -y chromium, or set CHROMIUM)" >&2; exit 2; }

abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
html=$(abs "$html")
mkdir -p "$(dirname "$shot")"
shot=$(abs "$shot")
pdf=$(abs "$pdf")
base=${shot%.png}

tmp=$(mktemp -d)
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "check-html: kept $tmp" >&2 || rm -rf "$tmp"; }
trap cleanup EXIT

# chrome FLAG... runs the browser once with a fresh profile; stderr goes to $tmp/log.
chrome() {
	profile=$(mktemp -d "$tmp/profile.XXXXXX")
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--hide-scrollbars --user-data-dir="$profile" "$@" 2>>"$tmp/log"
}

fail=0
problem() {
	echo "check-html: FAIL: $*" >&2
	fail=1
}

# 1 and 2: console and DOM, on a copy with a strict CSP.
csp="<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
if grep -qi '<head[^>]*>' "$html"; then
	sed "0,/<[Hh][Ee][Aa][Dd][^>]*>/s//&$csp/" "$html" >"$tmp/page.html"
else
	{ printf '%s\n' "$csp"; cat "$html"; } >"$tmp/page.html"
fi
: >"$tmp/log"
if ! chrome --enable-logging=stderr --v=0 --dump-dom "file://$tmp/page.html" >"$tmp/dom.html"; then
	problem "chromium failed to load the page (see below)"
	tail -n 20 "$tmp/log" >&2
fi
if grep -q 'CONSOLE' "$tmp/log"; then
	problem "console messages (the page has no scripts, so each is an error):"
	grep 'CONSOLE' "$tmp/log" | sed 's/^\[[^]]*\] */  /' >&2
fi
grep -q '</html>' "$tmp/dom.html" || problem "the rendered DOM is incomplete ($(wc -c <"$tmp/dom.html") bytes)"
grep -q '<h1' "$tmp/dom.html" || problem "no <h1> in the rendered page"
grep -q '<svg' "$tmp/dom.html" || problem "no <svg> chart in the rendered page"
if grep -Eo '[A-Za-z0-9:-]+="[^"]*(NaN|Inf)[^"]*"' "$tmp/dom.html" >"$tmp/nan"; then
	problem "NaN or Inf in attributes: $(head -n 3 "$tmp/nan" | tr '\n' ' ')"
fi

# 3: screenshot, as a reader sees the page.
rm -f "$shot"
chrome --screenshot="$shot" --window-size=1200,2200 "file://$html" >/dev/null || true
[ -s "$shot" ] && echo "check-html: screenshot $shot" || problem "no screenshot written to $shot"

# 4: print layout.
rm -f "$pdf"
chrome --no-pdf-header-footer --print-to-pdf="$pdf" "file://$html" >/dev/null || true
if [ -s "$pdf" ]; then
	pages=""
	command -v pdfinfo >/dev/null 2>&1 && pages=$(pdfinfo "$pdf" | sed -n 's/^Pages: *//p')
	echo "check-html: PDF $pdf${pages:+ ($pages pages)}"
	if command -v pdftoppm >/dev/null 2>&1; then
		rm -f "$base"-print-*.png
		if [ "${ALL_PAGES:-0}" = 1 ]; then
			pdftoppm -png -r 80 "$pdf" "$base-print"
		else
			pdftoppm -png -r 80 -f 1 -l 1 "$pdf" "$base-print"
		fi
		# pdftoppm pads page numbers to the page count's width (-print-01.png); drop it.
		for f in "$base"-print-*.png; do
			[ -e "$f" ] || continue
			n=${f##*-print-}
			n=${n%.png}
			n=$(echo "$n" | sed 's/^0*//')
			[ "$f" = "$base-print-$n.png" ] || mv "$f" "$base-print-$n.png"
		done
		echo "check-html: print preview $base-print-1.png"
	else
		echo "check-html: pdftoppm not found (apt-get install -y poppler-utils): no print preview PNG"
	fi
else
	problem "no PDF written to $pdf"
fi

if [ $fail -ne 0 ]; then
	exit 1
fi
echo "check-html: OK: $html (no console messages, self-contained, charts rendered)"
