#!/bin/sh
# The HTML reader on real pages (../shared, other people's data, not in the
# repository): the ScrapingHub article-extraction benchmark scored by its own
# metric, the dev corpus from page.html scored by eval/score.py, and every TEI
# written from both validated against the full TEI schema (tei_all.rng).
# Thresholds are the figures measured in docs/html-reader.md, so a change
# that makes extraction worse fails here.
# usage: sh html_benchmark.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2
shared=$source_dir/../shared
bench=$shared/bench-data/article-extraction-benchmark
dev=$shared/corpus/dev
if [ ! -d "$bench/html" ] || [ ! -d "$dev" ] || [ ! -f "$shared/eval/bench_score.py" ]; then
  echo "html_benchmark: $shared (benchmark, dev corpus, eval) not found: test skipped (it runs where ../shared is, as on CI)"
  exit 77
fi
command -v python3 > /dev/null 2>&1 || { echo "html_benchmark: python3 not found: test skipped"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-html-bench.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "html_benchmark: FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir "$tmp/pages" "$tmp/bench" "$tmp/devpages" "$tmp/dev" "$tmp/tei"
for f in "$bench"/html/*.html.gz; do
  gzip -dc "$f" > "$tmp/pages/$(basename "$f" .gz)"
done
for d in "$dev"/*/; do
  [ -f "$d/page.html" ] && ln -s "$d/page.html" "$tmp/devpages/$(basename "$d").html"
done

# All pages of each set in one process, as a pipeline would run them.
"$bin" convert -q --from html --to json -o "$tmp/bench" "$tmp"/pages/*.html || fail "benchmark conversion exit $?"
"$bin" convert -q --from html --to json -o "$tmp/dev" "$tmp"/devpages/*.html || fail "dev conversion exit $?"
"$bin" convert -q --from html --to tei -o "$tmp/tei" "$tmp"/pages/*.html "$tmp"/devpages/*.html || fail "TEI conversion exit $?"

summary=$(python3 "$shared/eval/bench_score.py" "$bench/ground-truth.json" "$tmp/bench" | tail -1)
echo "html_benchmark: benchmark: $summary"
python3 - "$summary" <<'PY' || fail "benchmark body F1 below 0.965: $summary"
import re, sys
fields = dict(re.findall(r'(\w+)=([\d.]+)', sys.argv[1]))
sys.exit(0 if float(fields['F1']) >= 0.965 and int(fields['empty']) == 0 else 1)
PY

python3 "$shared/eval/score.py" "$dev" "$tmp/dev" --json > "$tmp/dev.json" || fail "score.py failed"
python3 - "$tmp/dev.json" <<'PY' || fail "dev corpus below its thresholds"
import json, sys
macro = json.load(open(sys.argv[1]))['macro']
# issue 3's targets, but for the title: two gold titles contradict the
# others' conventions (docs/html-reader.md), so 0.94 (32 of 34) is the guard there.
want = {'body_f1': 0.92, 'authors_f1': 0.85, 'captions_f1': 0.80, 'headings_f1': 0.80, 'title_exact': 0.94}
line = ' '.join('%s=%.3f' % (k, macro[k]) for k in want)
print('html_benchmark: dev corpus:', line)
low = [k for k, v in want.items() if macro[k] is None or macro[k] + 1e-9 < v]
if macro['missing']:
    low.append('missing=%d' % macro['missing'])
if low:
    print('html_benchmark: below the threshold:', ', '.join(low))
    sys.exit(1)
PY

if [ -n "${SCRAPEDOC_SKIP_TEI_ALL:-}" ]; then
  xmllint --noout --relaxng "$source_dir/schema/scrapedoc-tei.rng" "$tmp"/tei/*.xml > "$tmp/subset.out" 2>&1 \
    || fail "TEI against scrapedoc-tei.rng: $(grep -v ' validates$' "$tmp/subset.out" | head -5)"
  echo "html_benchmark: $(ls "$tmp/tei" | wc -l) TEI files checked against scrapedoc-tei.rng;" \
       "tei_all.rng not checked in this run (SCRAPEDOC_SKIP_TEI_ALL: the sanitizer build; the release build's run checks it)"
elif command -v xmllint > /dev/null 2>&1 && [ -f "$shared/schema-ref/tei_all.rng" ]; then
  count=$(ls "$tmp/tei" | wc -l)
  xmllint --noout --relaxng "$shared/schema-ref/tei_all.rng" "$tmp"/tei/*.xml > "$tmp/tei_all.out" 2>&1 \
    || fail "TEI against tei_all.rng: $(grep -v ' validates$' "$tmp/tei_all.out" | head -5)"
  xmllint --noout --relaxng "$source_dir/schema/scrapedoc-tei.rng" "$tmp"/tei/*.xml > "$tmp/subset.out" 2>&1 \
    || fail "TEI against scrapedoc-tei.rng: $(grep -v ' validates$' "$tmp/subset.out" | head -5)"
  echo "html_benchmark: $count TEI files checked against tei_all.rng and scrapedoc-tei.rng"
fi

[ "$failures" -eq 0 ] || exit 1
echo "html_benchmark: all passed"
