#!/bin/sh
# The command line: exit codes, standard input and output, formats from
# file extensions, batches into a directory, bad input (clear one-line error
# naming the file, non-zero exit, no output file), decoding warnings.
# usage: sh cli.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "cli: FAIL: $*" >&2; failures=$((failures + 1)); }
sample=$source_dir/samples/fr-market-hall.txt

# expect CODE CMD...: runs CMD, keeps stdout in $tmp/out and stderr in $tmp/err.
expect() {
  want=$1; shift
  "$@" > "$tmp/out" 2> "$tmp/err"
  got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, wanted $want: $*; stderr: $(head -3 "$tmp/err")"
}

# Help and version.
expect 0 "$bin" --help
grep -q "convert" "$tmp/out" || fail "--help does not list convert"
expect 0 "$bin" --version
grep -q "^scrapedoc [0-9]" "$tmp/out" || fail "--version prints $(cat "$tmp/out")"
expect 2 "$bin"
expect 2 "$bin" convert
expect 2 "$bin" convert --to pdf "$sample"
expect 2 "$bin" convert --bogus "$sample"

# A file to standard output, JSON by default.
expect 0 "$bin" convert "$sample"
grep -q '"format": "scrapedoc"' "$tmp/out" || fail "default output is not our JSON"
# Standard input to standard output.
expect 0 sh -c "\"$bin\" convert --to md - < \"$sample\""
head -1 "$tmp/out" | grep -q "^# " || fail "Markdown from stdin does not open with the title"
expect 0 sh -c "\"$bin\" convert --to json -o - - < \"$sample\""
grep -q '"name": "-"' "$tmp/out" || fail "stdin is not named - in meta.source"

# The format follows the output file's extension.
expect 0 "$bin" convert -o "$tmp/a.tei.xml" "$sample"
head -2 "$tmp/a.tei.xml" | grep -q "<TEI" || fail "a .tei.xml output is not TEI"
expect 0 "$bin" convert -o "$tmp/a.md" "$sample"
expect 0 "$bin" convert -o "$tmp/a.json" "$sample"
expect 2 "$bin" convert -o "$tmp/a.unknown" "$sample"
[ -e "$tmp/a.unknown" ] && fail "an output was written for an unknown extension"
expect 0 "$bin" convert --front-matter -o "$tmp/fm.md" "$sample"
head -1 "$tmp/fm.md" | grep -q "^---$" || fail "--front-matter does not open with ---"
# md and markdown name the same format on both sides (issue 16).
for name in md markdown; do
  expect 0 "$bin" convert --from "$name" --to "$name" -o "$tmp/back-$name.md" "$tmp/fm.md"
  expect 0 "$bin" convert --from "$name" --to json -o "$tmp/back-$name.json" "$tmp/fm.md"
  grep -q '"format": "markdown"' "$tmp/back-$name.json" || fail "--from $name did not read Markdown"
done
cmp -s "$tmp/back-md.md" "$tmp/back-markdown.md" || fail "--from md and --from markdown differ"

# Several inputs need a directory; outputs named after the inputs.
expect 2 "$bin" convert "$sample" "$source_dir/samples/ar-desalination.txt"
expect 0 "$bin" convert --to tei -o "$tmp/dir" "$sample" "$source_dir/samples/ar-desalination.txt"
[ -f "$tmp/dir/fr-market-hall.tei.xml" ] && [ -f "$tmp/dir/ar-desalination.tei.xml" ] || fail "batch outputs missing"
mkdir -p "$tmp/x" "$tmp/y"
cp "$sample" "$tmp/x/page.txt"; cp "$sample" "$tmp/y/page.txt"
expect 2 "$bin" convert -o "$tmp/clash" "$tmp/x/page.txt" "$tmp/y/page.txt"
grep -q "would both be written" "$tmp/err" || fail "two inputs with one output name are not reported"

# Bad input: one line naming the file, exit 1, no output file.
: > "$tmp/empty.txt"
expect 1 "$bin" convert -o "$tmp/empty.json" "$tmp/empty.txt"
grep -q "empty.txt: input is empty" "$tmp/err" || fail "empty input error: $(cat "$tmp/err")"
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "the error is not one line"
[ -e "$tmp/empty.json" ] && fail "an output file was written for an empty input"
printf ' \n\t\n  \n' > "$tmp/blank.txt"
expect 1 "$bin" convert -o "$tmp/blank.json" "$tmp/blank.txt"
[ -e "$tmp/blank.json" ] && fail "an output file was written for a blank input"
expect 1 "$bin" convert -o "$tmp/none.json" "$tmp/does-not-exist.txt"
grep -q "does-not-exist.txt: cannot open" "$tmp/err" || fail "missing file error: $(cat "$tmp/err")"
expect 1 "$bin" convert --max-input 1K -o "$tmp/big.json" "$sample"
grep -q "over the limit" "$tmp/err" || fail "--max-input error: $(cat "$tmp/err")"
[ -e "$tmp/big.json" ] && fail "an output file was written for a too large input"
expect 2 "$bin" convert --max-input lots "$sample"
# A batch with a bad file converts the others and says so.
expect 1 "$bin" convert -o "$tmp/mixed" "$sample" "$tmp/empty.txt"
[ -f "$tmp/mixed/fr-market-hall.json" ] || fail "a bad file stopped the batch"
[ -e "$tmp/mixed/empty.json" ] && fail "the bad file of a batch has an output"
# Writing where one cannot: exit 3 and no partial file.
expect 3 "$bin" convert -o "$tmp/no-such-dir/out.json" "$sample"

# Not UTF-8: repaired with a warning that names the file and the byte offset.
printf 'Une halle rénovée\n\nUn paragraphe où un octet \377 est cassé, mais le reste est bien écrit en UTF-8, avec des accents: é, è, à.\n' > "$tmp/bad-utf8.txt"
expect 0 "$bin" convert -o "$tmp/bad-utf8.json" "$tmp/bad-utf8.txt"
grep -q "bad-utf8.txt: warning: .*byte 48" "$tmp/err" || fail "no warning with the offset: $(cat "$tmp/err")"
grep -q "$(printf '\357\277\275')" "$tmp/bad-utf8.json" || fail "the broken byte is not U+FFFD"
# windows-1256 Arabic is detected and decoded.
if command -v iconv > /dev/null 2>&1; then
  iconv -f UTF-8 -t WINDOWS-1256 "$source_dir/samples/ar-slow-reading.txt" > "$tmp/cp1256.txt"
  expect 0 "$bin" convert -o "$tmp/cp1256.json" "$tmp/cp1256.txt"
  grep -q '"title": "في مديح القراءة البطيئة"' "$tmp/cp1256.json" || fail "windows-1256 input not decoded"
  # UTF-16 with a BOM.
  printf '\377\376' > "$tmp/utf16.txt"
  iconv -f UTF-8 -t UTF-16LE "$sample" >> "$tmp/utf16.txt"
  expect 0 "$bin" convert -o "$tmp/utf16.json" "$tmp/utf16.txt"
  cmp -s "$tmp/utf16.json" "$tmp/a.json" || grep -q "coopérative" "$tmp/utf16.json" || fail "UTF-16 input not decoded"
fi

# --explain: every non-blank line with its class and why.
expect 0 "$bin" convert --explain -o "$tmp/explained.json" "$source_dir/samples/ar-desalination.txt"
lines=$(grep -c . "$source_dir/samples/ar-desalination.txt")
explained=$(grep -c "ar-desalination.txt:[0-9]*: " "$tmp/err")
[ "$lines" -eq "$explained" ] || fail "--explain printed $explained lines for $lines input lines"
grep -q ":15: dropped:markup-residue" "$tmp/err" || fail "--explain does not show post-title as markup-residue"

# Output is replaced atomically: no temporary files are left behind.
ls -A "$tmp" | grep -q '\.tmp-' && fail "temporary files left behind"

[ "$failures" -eq 0 ] || { echo "cli: $failures failure(s)" >&2; exit 1; }
echo "cli: all checks passed"
