#!/bin/sh
# The library as another project uses it: `cmake --install` into a scratch
# prefix, then docs/examples configured on its own with find_package(scrapedoc)
# against that prefix, built, and run.
# usage: sh install.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
source_dir=$2 test_dir=$3
build_dir=$(dirname "$test_dir")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-install.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cmake --install "$build_dir" --prefix "$tmp/prefix" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; exit 1; }
[ -x "$tmp/prefix/bin/scrapedoc" ] || { echo "install: FAIL: no bin/scrapedoc" >&2; exit 1; }
[ -f "$tmp/prefix/include/scrapedoc/scrapedoc.hpp" ] || { echo "install: FAIL: no public header" >&2; exit 1; }
[ -f "$tmp/prefix/share/scrapedoc/schema/scrapedoc.schema.json" ] || { echo "install: FAIL: no schemas" >&2; exit 1; }
cmake -S "$source_dir/docs/examples" -B "$tmp/example" -DCMAKE_PREFIX_PATH="$tmp/prefix" > "$tmp/configure.log" 2>&1 ||
  { cat "$tmp/configure.log" >&2; exit 1; }
cmake --build "$tmp/example" > "$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
"$tmp/example/convert_page" "$source_dir/samples/he-bike-share.txt" "$tmp/out.tei.xml" || exit 1
grep -q 'xml:lang="he"' "$tmp/out.tei.xml" || { echo "install: FAIL: the example's TEI has no Hebrew language" >&2; exit 1; }
echo "install: the installed library builds and runs docs/examples"
