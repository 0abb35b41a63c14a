#!/bin/sh
# The plain-text reader on the dev corpus (../shared/corpus/dev: real pages
# written by others, not in the repository): ../shared/eval/score.py must
# report title exact >= 0.80, body F1 >= 0.90, paragraph F1 >= 0.75 and at
# most 0.2 duplicated paragraphs a page, on the whole-page dumps (page.txt)
# and on the article-region dumps (page-article.txt); every TEI written
# validates against tei_all.rng.
# usage: sh corpus_text.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2 checker=$4
corpus=$source_dir/../shared/corpus/dev
if [ ! -d "$corpus" ] || [ ! -f "$source_dir/../shared/eval/score.py" ]; then
  echo "corpus_text: $corpus not found: test skipped (it runs where ../shared is, as on CI)"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-corpus.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
status=0
for kind in page.txt page-article.txt; do
  out=$tmp/${kind%.txt}
  SCORE_FLAGS=--json sh "$source_dir/scripts/corpus-report" "$bin" "$kind" "$out" > "$out.scores.json" ||
    { echo "corpus_text: FAIL: conversion of $kind" >&2; status=1; continue; }
  python3 - "$kind" "$out.scores.json" <<'PY' || status=1
import json, sys
kind, path = sys.argv[1], sys.argv[2]
macro = json.load(open(path))['macro']
bounds = [('title_exact', '>=', 0.80), ('body_f1', '>=', 0.90), ('para_f1', '>=', 0.75), ('dup_paras', '<=', 0.2)]
bad = []
for key, op, bound in bounds:
    v = macro[key]
    ok = v is not None and (v >= bound if op == '>=' else v <= bound)
    print('corpus_text: %s %s = %.3f (%s %.2f) %s' % (kind, key, v if v is not None else -1, op, bound, 'ok' if ok else 'FAIL'))
    if not ok: bad.append(key)
sys.exit(1 if bad else 0)
PY
done
# Every TEI written from the whole-page dumps against tei_all (and our subset), one xmllint call each.
rm -f "$tmp"/page-article/*.json
sh "$source_dir/tests/tools/validate-outputs" "$source_dir" "$checker" "$tmp/page" "$tmp/page-article" || status=1
exit $status
