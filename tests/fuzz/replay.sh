#!/bin/sh
# replay.sh FUZZ_READER FUZZ_PIPELINE SOURCE_DIR FUZZ_WARC
# Runs the fuzz targets (built with replay_main.cpp) over the seed inputs
# and the regression inputs: the reader target once per reader in the
# registry, the pipeline target with reader detection, the WARC target on
# samples/crawl.warc.gz, the same gunzipped (a plain WARC) and cut into its
# records, and the regressions. Any sanitizer report, failed output check
# or crash fails the test.
set -eu
reader_bin=$1
pipeline_bin=$2
src=$3
warc_bin=$4

inputs="$src/samples $src/tests/fuzz/seeds"
[ -d "$src/tests/fuzz/regressions" ] && inputs="$inputs $src/tests/fuzz/regressions"

readers=$(SCRAPEDOC_FUZZ_LIST=1 "$reader_bin")
[ -n "$readers" ] || { echo "replay.sh: the registry lists no reader" >&2; exit 1; }
for r in $readers; do
  printf 'reader %s: ' "$r"
  # shellcheck disable=SC2086
  SCRAPEDOC_FUZZ_READER=$r "$reader_bin" $inputs
done
printf 'pipeline (auto): '
# shellcheck disable=SC2086
"$pipeline_bin" $inputs
printf 'warc: '
work=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-replay.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
sh "$src/tests/fuzz/warc-seeds" "$src" "$work"
# shellcheck disable=SC2086
"$warc_bin" "$work" $inputs
