#!/bin/sh
# The page the project started from (../shared/seed, other people's data,
# not in the repository) segments as issue 2 says: title, author, publisher,
# byline, one figure with its credit, five top-level paragraphs, three
# sections of two paragraphs, the duplicate, the share widget and the class
# name dropped with reasons, Arabic and right-to-left; its TEI validates.
# usage: sh seed.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1 source_dir=$2 checker=$4
seed=$source_dir/../shared/seed/000_001eaba513e5729d.txt
if [ ! -f "$seed" ]; then
  echo "seed: $seed not found: test skipped (it runs where ../shared is, as on CI)"
  exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-seed.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
"$bin" convert -q -o "$tmp/seed.json" "$seed" || exit 1
"$bin" convert -q -o "$tmp/seed.tei.xml" "$seed" || exit 1
"$bin" convert -q -o "$tmp/seed.md" "$seed" || exit 1
python3 - "$seed" "$tmp/seed.json" <<'PY' || exit 1
import json, sys
lines = open(sys.argv[1], encoding='utf-8').read().split('\n')
d = json.load(open(sys.argv[2], encoding='utf-8'))
m = d['meta']
problems = []
def check(what, got, want):
    if got != want:
        problems.append('%s: got %r, wanted %r' % (what, got, want))
check('title', m['title'], lines[2].strip())
check('authors', m['authors'], ['مازن إسلام'])
check('publisher', m['publisher'], 'القاهرة الإخبارية')
check('byline', d['byline'], lines[8].strip())
check('language', m['language'], 'ar')
check('direction', m['direction'], 'rtl')
top = [b for b in d['blocks'] if b['type'] != 'section']
figures = [b for b in top if b['type'] == 'figure']
check('figures', [(f['caption'], f['credit']) for f in figures], [('فلاديمير بوتين وشي جين بينج', 'أرشيفية')])
check('top-level paragraphs', len([b for b in top if b['type'] == 'paragraph']), 5)
sections = [b for b in d['blocks'] if b['type'] == 'section']
check('sections', [(s['heading'], len([x for x in s['blocks'] if x['type'] == 'paragraph'])) for s in sections],
      [('تحدي الهيمنة الغربية', 2), ('دور البنك المركزي الروسي', 2), ('آفاق المستقبل', 2)])
dropped = {x['line']: x['reason'] for x in d['dropped']}
check('share widget (line 5)', dropped.get(5), 'share-widget')
check('post-title (line 6)', dropped.get(6), 'markup-residue')
check('the malformed duplicate (line 15)', dropped.get(15), 'duplicate')
check('the well-formed copy (line 17) is kept', dropped.get(17), None)
# Every input line is in the document or in dropped: equal to a text of the
# document, or made of texts of it (a caption and its credit).
strings = []
def collect(v):
    if isinstance(v, str): strings.append(v)
    elif isinstance(v, dict): [collect(x) for k, x in v.items() if k not in ('source', 'dropped')]
    elif isinstance(v, list): [collect(x) for x in v]
collect({k: v for k, v in d.items() if k != 'dropped'})
for n, l in enumerate(lines, 1):
    l = ' '.join(l.split())
    if not l or n in dropped or l in strings:
        continue
    covered = sum(len(s) for s in strings if len(s) > 2 and s in l)
    if covered < len(l) // 2:
        problems.append('line %d is lost: %s' % (n, l[:60]))
for p in problems:
    print('seed: FAIL:', p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
sh "$source_dir/tests/tools/validate-outputs" "$source_dir" "$checker" "$tmp" || exit 1
echo "seed: segmented as issue 2 asks"
