#!/bin/sh
# Writers against the schemas: writes the hand-built writer test documents
# (tests/unit/writer_fixtures.hpp) in every format through the unit test
# binary, then validates them with tests/tools/validate-outputs (TEI with
# xmllint against schema/scrapedoc-tei.rng and, when present, tei_all.rng;
# JSON with json_schema_check). Then checks that the validation can fail: a
# few deliberately broken files must each be rejected.
#
# usage: sh writers_validate.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
if [ $# -lt 4 ]; then
  echo "usage: writers_validate.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN" >&2
  exit 2
fi
source_dir=$2
unit=$3/scrapedoc_unit
checker=$4
validate="$source_dir/tests/tools/validate-outputs"

if ! command -v xmllint > /dev/null 2>&1; then
  echo "writers_validate: xmllint not found (Debian package libxml2-utils)" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-writer-outputs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

fail() {
  echo "writers_validate: FAIL: $*" >&2
  exit 1
}

# 1. Write the documents.
if ! SCRAPEDOC_WRITER_OUTPUTS="$tmp/good" "$unit" --test-case="writers: write sample outputs" --no-skip \
    > "$tmp/unit.log" 2>&1; then
  cat "$tmp/unit.log" >&2
  fail "scrapedoc_unit could not write the sample outputs"
fi
for ext in json tei.xml md; do
  n=$(find "$tmp/good" -name "*.$ext" | wc -l)
  [ "$n" -ge 5 ] || fail "expected at least 5 *.$ext files in the outputs, found $n"
done

# 2. They must all be valid.
sh "$validate" "$source_dir" "$checker" "$tmp/good" || fail "writer outputs do not validate"

# 3. Broken files must be rejected, each one named in the report.
mkdir "$tmp/bad"
# A paragraph after a nested div: the TEI content model forbids it (both schemas).
cat > "$tmp/bad/p-after-div.tei.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader>
    <fileDesc>
      <titleStmt><title type="main">t</title></titleStmt>
      <publicationStmt><publisher>p</publisher></publicationStmt>
      <sourceDesc><bibl><idno type="filename">x.txt</idno><idno type="sha256">5d41402abc4b2a76b9719d911017c592aa08a4b0e6d9f0e3c8a5b7c9d1e2f3a4</idno><note type="format">text</note></bibl></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <div type="story">
        <div type="section"><head rend="h2">s</head><p>in</p></div>
        <p>after the section</p>
      </div>
    </body>
  </text>
</TEI>
EOF
# Valid TEI, but not our subset: a section heading without its level.
sed 's|<head rend="h2">s</head>|<head>s</head>|; s|<p>after the section</p>||' \
  "$tmp/bad/p-after-div.tei.xml" > "$tmp/bad/section-head-without-level.tei.xml"
# JSON with a direction the shape does not have.
sed 's/"direction": "rtl"/"direction": "up"/' "$tmp/good/arabic-news.json" > "$tmp/bad/bad-direction.json"
grep -q '"direction": "up"' "$tmp/bad/bad-direction.json" || fail "could not make the broken JSON file"

if sh "$validate" "$source_dir" "$checker" "$tmp/bad" > "$tmp/bad.log" 2>&1; then
  cat "$tmp/bad.log" >&2
  fail "validate-outputs accepted broken files"
fi
for f in p-after-div.tei.xml section-head-without-level.tei.xml bad-direction.json; do
  grep -q "$f" "$tmp/bad.log" || { cat "$tmp/bad.log" >&2; fail "$f was not reported as invalid"; }
done
grep -q "bad-direction.json: /meta/direction:" "$tmp/bad.log" || { cat "$tmp/bad.log" >&2; fail "no JSON pointer for bad-direction.json"; }

echo "writers_validate: writer outputs valid; broken files rejected"
exit 0
