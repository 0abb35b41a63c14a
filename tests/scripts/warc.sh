#!/bin/sh
# WARC input and JSON Lines output, on WARCs that a real crawler wrote:
# Debian's wget --warc-file against tests/tools/warc-server (Python's
# http.server on 127.0.0.1) serving samples/html/ (as it is, gzip- and
# deflate-encoded, in chunks, recoded to a charset only the Content-Type
# names) with text and JSON files and a missing page beside them
# (tests/tools/crawl-samples). Every page of the WARC must convert to the
# document its page file converts to, apart from meta.source
# (tests/tools/warc-compare), read from a .warc.gz, a plain .warc and
# standard input; samples/crawl.warc.gz, written the same way, too.
#
# usage: sh warc.sh SCRAPEDOC_BIN SOURCE_DIR
set -u
bin=$1
source_dir=$2
py=/usr/bin/python3
tools=$source_dir/tests/tools
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-warc.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
  echo "warc: FAIL: $*" >&2
  exit 1
}

# expect CODE CMD...: runs CMD (its standard error to $tmp/err) and checks its exit code.
expect() {
  want=$1
  shift
  "$@" 2> "$tmp/err"
  got=$?
  [ "$got" -eq "$want" ] || { cat "$tmp/err" >&2; fail "exit $got, expected $want: $*"; }
}

# 1. The WARC kept in samples/: no crawler needed to read it.
expect 0 "$bin" convert "$source_dir/samples/crawl.warc.gz" -o "$tmp/sample.jsonl"
"$py" "$tools/warc-compare" "$bin" "$source_dir" "$tmp/sample.jsonl" || fail "samples/crawl.warc.gz"
grep -q "15 page(s) converted" "$tmp/err" || { cat "$tmp/err" >&2; fail "no summary of samples/crawl.warc.gz"; }

# 2. Fresh crawls, gzip per record and plain.
command -v wget > /dev/null 2>&1 || fail "wget not found (Debian package wget; scripts/install-deps installs it)"
"$py" "$tools/crawl-samples" "$source_dir" "$tmp/crawl" || fail "wget could not crawl the samples"
"$py" "$tools/crawl-samples" "$source_dir" "$tmp/plain" --no-warc-compression || fail "wget could not crawl the samples"
[ -s "$tmp/crawl.warc.gz" ] && [ -s "$tmp/plain.warc" ] || fail "wget wrote no WARC"

expect 0 "$bin" convert --from warc "$tmp/crawl.warc.gz" --to jsonl -o "$tmp/gz.jsonl"
# The summary counts what was skipped, by kind.
for kind in "15 page(s) converted" "request" "warcinfo" "4 response not HTML" "1 response status 404"; do
  grep -q "$kind" "$tmp/err" || { cat "$tmp/err" >&2; fail "the summary does not say \"$kind\""; }
done
expect 0 "$bin" convert "$tmp/plain.warc" -o "$tmp/plain.jsonl"       # --from auto, format from -o
expect 0 "$bin" convert --to jsonl - < "$tmp/crawl.warc.gz" > "$tmp/stdin.jsonl"
cat "$tmp/plain.warc" | "$bin" convert -q --from warc --to jsonl - > "$tmp/pipe.jsonl" 2> "$tmp/err" ||
  fail "a plain WARC from a pipe"
for out in gz plain stdin pipe; do
  "$py" "$tools/warc-compare" "$bin" "$source_dir" "$tmp/$out.jsonl" || fail "$out.jsonl"
done
expect 0 "$bin" validate "$tmp/gz.jsonl" "$tmp/plain.jsonl" "$tmp/stdin.jsonl"

# 3. Into a directory: one JSON Lines file per WARC, or one file per page.
mkdir "$tmp/lines"
expect 0 "$bin" convert -q --to jsonl -o "$tmp/lines" "$tmp/crawl.warc.gz" "$tmp/plain.warc"
[ "$(wc -l < "$tmp/lines/crawl.jsonl")" -eq 15 ] && [ "$(wc -l < "$tmp/lines/plain.jsonl")" -eq 15 ] ||
  fail "-o DIR --to jsonl: $(ls "$tmp/lines")"
mkdir "$tmp/pages"
expect 0 "$bin" convert -q --to tei -o "$tmp/pages" "$tmp/crawl.warc.gz"
[ "$(ls "$tmp/pages" | wc -l)" -eq 15 ] && [ -f "$tmp/pages/crawl-000001.tei.xml" ] && [ -f "$tmp/pages/crawl-000015.tei.xml" ] ||
  fail "-o DIR --to tei: $(ls "$tmp/pages")"
expect 0 "$bin" validate "$tmp/pages"/*.tei.xml
grep -q '<idno type="URI">http://127.0.0.1:' "$tmp/pages/crawl-000001.tei.xml" || fail "no URL in the TEI header"
# Many pages cannot go to one JSON file: a usage error, and no file.
expect 2 "$bin" convert "$tmp/crawl.warc.gz" -o "$tmp/one.json"
grep -q "with --to jsonl" "$tmp/err" || fail "no hint to use --to jsonl"
[ ! -e "$tmp/one.json" ] || fail "a file was written after a usage error"

# 4. JSON Lines of a batch of pages (not a WARC): one line per page, in the
#    order given, each the --to json document.
set -- "$source_dir"/samples/*.txt "$source_dir"/samples/html/*.html
expect 0 "$bin" convert --to jsonl -o "$tmp/batch.jsonl" "$@"
expect 0 "$bin" convert -q --to jsonl "$@" > "$tmp/batch-stdout.jsonl"
cmp -s "$tmp/batch.jsonl" "$tmp/batch-stdout.jsonl" || fail "JSON Lines to a file and to standard output differ"
expect 0 "$bin" validate "$tmp/batch.jsonl"
"$py" - "$bin" "$tmp/batch.jsonl" "$@" <<'PY' || fail "a JSON Lines line differs from the page's JSON"
import json, subprocess, sys
binary, jsonl, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(jsonl, encoding='utf-8') as f:
    lines = f.read().split('\n')
assert lines[-1] == '', 'no line feed at the end'
assert len(lines) - 1 == len(pages), '%d lines for %d pages' % (len(lines) - 1, len(pages))
for line, page in zip(lines, pages):
    assert line == json.dumps(json.loads(line), ensure_ascii=False, separators=(',', ':')) or '\n' not in line
    doc = json.loads(line)
    assert doc['format'] == 'scrapedoc' and doc['version'] == 1, page
    want = json.loads(subprocess.run([binary, 'convert', '-q', '--to', 'json', page], stdout=subprocess.PIPE, check=True).stdout)
    assert doc == want, page
PY
# A page that fails is reported, the others are written, and the exit code says so.
printf '' > "$tmp/empty.txt"
expect 1 "$bin" convert --to jsonl -o "$tmp/partial.jsonl" "$source_dir/samples/fr-market-hall.txt" "$tmp/empty.txt"
[ "$(wc -l < "$tmp/partial.jsonl")" -eq 1 ] || fail "the good page of a failed batch is missing"
grep -q "empty.txt: input is empty" "$tmp/err" || fail "the failed page is not named"

echo "warc: ok"
