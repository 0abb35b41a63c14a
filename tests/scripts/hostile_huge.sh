#!/bin/sh
# hostile_huge.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
#
# The big cases of the hostile-input battery, as hostile_inputs.sh checks
# them: a 100 MB single line, 1 000 000 short lines, 10 000 identical
# paragraphs, and a 200 MB file refused above --max-input=100M (from a file
# and from a pipe). A test of its own so CTest can run it beside the rest.
# SCRAPEDOC_BIG_MB=N scales them to N MB (tests/tools/make-hostile-inputs);
# the sanitizer build sets it to 10.
set -u
mb=${SCRAPEDOC_BIG_MB:-100}
export SCRAPEDOC_BIG_MB=$mb
echo "hostile_huge: sizes for SCRAPEDOC_BIG_MB=$mb"
sh "$2/tests/scripts/hostile_inputs.sh" "$1" "$2" "$3" "$4" --huge
status=$?

# The 2N MB input again through a pipe: read no further than the limit.
big=$(mktemp "${TMPDIR:-/tmp}/hostile-stdin.XXXXXX") || exit 1
trap 'rm -f "$big" "$big.json"' EXIT INT TERM
python3 -c "import sys; sys.stdout.write('A line of text.\n' * ($((2 * mb)) * 1024 * 1024 // 16))" > "$big"
t0=$(date +%s%N)
"$1" convert --max-input=${mb}M - -o "$big.json" < "$big" 2> "$big.err"
rc=$?
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
if [ $rc -ne 1 ] || [ -e "$big.json" ] || ! grep -q '^scrapedoc: -: input is .*over the limit' "$big.err"; then
  echo "FAIL $((2 * mb)) MB on standard input with --max-input=${mb}M: exit $rc, $(head -1 "$big.err")"
  status=1
else
  echo "  $((2 * mb)) MB on standard input refused in $ms ms: $(head -1 "$big.err")"
fi
rm -f "$big.err"
exit $status
