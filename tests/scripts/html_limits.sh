#!/bin/sh
# The HTML reader on hostile pages made at test time (nothing big is kept in
# the repository): a 50 MB page, 100 000 nested elements (closed and left
# open), NUL bytes, script and style bodies full of markup, mis-nested
# tables. Each converts, keeps its text, leaks no script text, and its TEI
# validates against our subset schema. SCRAPEDOC_BIG_MB=N (default 100)
# makes the big page N/2 MB; the sanitizer build sets it to 10.
# usage: sh html_limits.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2 checker=$4
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-html-limits.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "html_limits: FAIL: $*" >&2; failures=$((failures + 1)); }

# convert NAME: HTML (auto-detected) to JSON and TEI, exit status checked.
convert() {
  "$bin" convert -q --from auto -o "$tmp/$1.json" "$tmp/$1.html" 2> "$tmp/$1.err" || fail "$1: json exit $?: $(head -2 "$tmp/$1.err")"
  "$bin" convert -q --from auto -o "$tmp/$1.tei.xml" "$tmp/$1.html" 2> "$tmp/$1.err" || fail "$1: tei exit $?: $(head -2 "$tmp/$1.err")"
  grep -q '"format": *"html"' "$tmp/$1.json" || fail "$1: not read as HTML"
}
has() { grep -q -- "$2" "$tmp/$1.json" || fail "$1: output lacks '$2'"; }
lacks() { ! grep -q -- "$2" "$tmp/$1.json" || fail "$1: output has '$2'"; }

# A 50 MB page: one article of many paragraphs (numbered: identical ones
# would go as duplicates), with script bodies between.
big_mb=$(( ${SCRAPEDOC_BIG_MB:-100} / 2 ))
[ "$big_mb" -ge 1 ] || big_mb=1
awk -v mb="$big_mb" 'BEGIN {
  printf "<!DOCTYPE html><html><head><title>Big page</title></head><body><article><h1>Big page</h1>\n"
  p = "<p>The harbour master counted the boats again this morning (count %d), and the number was the same as yesterday, which pleased nobody.</p>\n"
  s = "<script>var leak = \"<p>SCRIPT-LEAK</p>\";</script>\n"
  for (n = 0; n < mb * 1024 * 1024 / (length(p) * 10 + length(s)); n++) {
    for (k = 0; k < 10; k++) printf p, n * 10 + k
    printf "%s", s
  }
  printf "</article></body></html>\n"
}' > "$tmp/big.html"
size=$(wc -c < "$tmp/big.html")
[ "$size" -ge $((big_mb * 1024 * 1024)) ] || fail "big page is only $size bytes"
convert big
has big '"title": *"Big page"'
has big "The harbour master counted the boats"
lacks big "SCRIPT-LEAK"
paragraphs=$(grep -o '"type": *"paragraph"' "$tmp/big.json" | wc -l)
written=$(grep -o '<p>The harbour' "$tmp/big.html" | wc -l)
[ "$paragraphs" -eq "$written" ] || fail "big page kept $paragraphs of its $written paragraphs"

# 100 000 nested <div>s, closed, with text before, inside and after.
awk 'BEGIN {
  printf "<html><body><p>before the nest</p>"
  for (i = 0; i < 100000; i++) printf "<div>"
  printf "deep inside the nest"
  for (i = 0; i < 100000; i++) printf "</div>"
  printf "<p>after the nest</p></body></html>\n"
}' > "$tmp/deep.html"
convert deep
has deep "before the nest"
has deep "deep inside the nest"
has deep "after the nest"

# 100 000 levels of inline and block elements never closed.
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 100000; i++) printf "<div><span><b>"; printf "open nest text\n" }' \
  > "$tmp/open.html"
convert open
has open "open nest text"

# NUL bytes, script and style bodies with markup, mis-nested tables.
printf '<!DOCTYPE html><html><head><style>p { content: "STYLE-LEAK" }</style></head><body>\n<p>first\000 paragraph of the page</p>\n<script>document.write("</p><p>SCRIPT-LEAK</p>");</script>\n<table><tr><td>cell one<div>in a div</td>stray text<tr><td>cell two</table>\n<p><b>bold <i>both</b> italic</i> plain</p></body></html>\n' > "$tmp/broken.html"
convert broken
has broken "first paragraph of the page"
has broken "cell one"
has broken "stray text"
has broken "bold both italic plain"
lacks broken "LEAK"
[ "$(tr -d '\000' < "$tmp/broken.json" | wc -c)" -eq "$(wc -c < "$tmp/broken.json")" ] || fail "broken: NUL byte in the output"

# Every TEI against our subset schema, every JSON against the JSON Schema.
if command -v xmllint > /dev/null 2>&1; then
  xmllint --noout --relaxng "$source_dir/schema/scrapedoc-tei.rng" "$tmp"/deep.tei.xml "$tmp"/open.tei.xml \
    "$tmp"/broken.tei.xml > "$tmp/xmllint.out" 2>&1 || fail "TEI does not validate: $(grep -v validates "$tmp/xmllint.out" | head -3)"
fi
"$checker" "$source_dir/schema/scrapedoc.schema.json" "$tmp"/deep.json "$tmp"/open.json "$tmp"/broken.json \
  || fail "JSON does not validate"

[ "$failures" -eq 0 ] || exit 1
echo "html_limits: all passed"
