#!/bin/sh
# replay.sh FUZZ_READER FUZZ_PIPELINE SOURCE_DIR
# Runs both fuzz targets (built with replay_main.cpp) over the seed inputs
# and the regression inputs: the reader target once per reader in the
# registry, the pipeline target with reader detection. Any sanitizer report,
# failed output check or crash fails the test.
set -eu
reader_bin=$1
pipeline_bin=$2
src=$3

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
