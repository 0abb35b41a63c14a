#!/bin/sh
# The page-type classifier on the pages it was fitted on (../shared's
# wcxb-dev and dev corpora, other people's data, not in the repository):
# meta.page_type of `scrapedoc convert` against gold.json's page_type. The
# fitted-on-all accuracy is 0.97 (docs/learned.md); below the floor here,
# the model and the code that computes its features are out of step, or the
# compiled-in model is not the one `make train` wrote. The figure that
# predicts other sites is the folds' (make train TRAIN_FLAGS="--folds 5").
# usage: sh page_type_corpus.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2
shared=$source_dir/../shared
wcxb=$shared/corpus/wcxb-dev
dev=$shared/corpus/dev
floor=0.93
if [ ! -d "$wcxb" ] || [ ! -d "$dev" ]; then
  echo "page_type_corpus: $shared/corpus (wcxb-dev, dev) not found: test skipped (it runs where ../shared is, as on CI)"
  exit 77
fi
if [ ! -f "$source_dir/converters/data/models/html-page-type.json" ]; then
  echo "page_type_corpus: no compiled-in model html-page-type (make train writes it): test skipped"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-page-type.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/in" "$tmp/out"
for d in "$wcxb"/*/ "$dev"/*/; do
  name=$(basename "$(dirname "$d")")-$(basename "$d")
  if [ -f "$d/page.html.gz" ]; then gzip -dc "$d/page.html.gz" > "$tmp/in/$name.html"
  elif [ -f "$d/page.html" ]; then cp "$d/page.html" "$tmp/in/$name.html"
  fi
done
"$bin" convert -q --jobs 2 --from html --to json -o "$tmp/out" "$tmp"/in/*.html || echo "page_type_corpus: some pages did not convert (exit $?): they count as wrong"
/usr/bin/python3 - "$wcxb" "$dev" "$tmp/out" "$floor" <<'PY'
import json, os, sys
wcxb, dev, out, floor = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
right = total = 0
for corpus, root in (('wcxb-dev', wcxb), ('dev', dev)):
    for pid in sorted(os.listdir(root)):
        gold_path = os.path.join(root, pid, 'gold.json')
        if not os.path.isfile(gold_path):
            continue
        with open(gold_path, encoding='utf-8') as f:
            gold = json.load(f).get('page_type') or 'article'
        try:
            with open(os.path.join(out, f'{corpus}-{pid}.json'), encoding='utf-8') as f:
                got = json.load(f)['meta'].get('page_type')
        except (OSError, ValueError):
            got = None
        total += 1
        right += got == gold
accuracy = right / max(1, total)
print(f'page_type_corpus: fitted-on-all page-type accuracy {accuracy:.4f} ({right}/{total}), floor {floor}')
sys.exit(0 if total > 1000 and accuracy >= floor else 1)
PY
