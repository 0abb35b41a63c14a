#!/bin/sh
# Golden test: every sample page in samples/ converts to exactly the JSON,
# TEI and Markdown under samples/expected/ (judged against samples/README.md),
# and every output validates (TEI: schema/scrapedoc-tei.rng, and tei_all.rng
# when ../shared is there; JSON: schema/scrapedoc.schema.json).
# usage: sh golden.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2 checker=$4
cd "$source_dir" || exit 1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-golden.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
count=0
for f in samples/*.txt; do
  name=$(basename "$f" .txt)
  for fmt in json tei md; do
    case $fmt in tei) ext=tei.xml ;; *) ext=$fmt ;; esac
    expected=samples/expected/$name.$ext
    if ! "$bin" convert -q --to "$fmt" -o "$tmp/$name.$ext" "$f"; then
      echo "golden: FAIL: $f could not be converted to $fmt" >&2
      status=1
      continue
    fi
    count=$((count + 1))
    if [ ! -f "$expected" ]; then
      echo "golden: FAIL: $expected is missing (scripts/update-expected writes it)" >&2
      status=1
    elif ! cmp -s "$expected" "$tmp/$name.$ext"; then
      echo "golden: FAIL: $f as $fmt differs from $expected:" >&2
      diff -u "$expected" "$tmp/$name.$ext" | head -40 >&2
      status=1
    fi
  done
done
[ "$count" -gt 0 ] || { echo "golden: FAIL: no samples found" >&2; exit 1; }
echo "golden: $count outputs compared"
sh tests/tools/validate-outputs "$source_dir" "$checker" "$tmp" || status=1
exit $status
