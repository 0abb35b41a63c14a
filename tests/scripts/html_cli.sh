#!/bin/sh
# The HTML reader through the command line: `--from auto` (the default) tells
# an HTML page from plain text by content, whatever the file is called, and
# `--explain` says which subtree was taken as the article and why, and lists
# every dropped block with its reason and source line.
# usage: sh html_cli.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
set -u
bin=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/scrapedoc-html-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
failures=0
fail() { echo "html_cli: FAIL: $*" >&2; failures=$((failures + 1)); }

cat > "$tmp/page.html" << 'EOF'
<!DOCTYPE html>
<html lang="en">
<head>
<title>Ferry timetable changes for winter | Harbour News</title>
<meta property="og:site_name" content="Harbour News">
</head>
<body>
<nav class="main-menu"><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="layout">
<article class="story">
<h1>Ferry timetable changes for winter</h1>
<div class="byline">By Mara Holt</div>
<p>The harbour ferry will run every forty minutes from November, the port authority said on Monday, after a summer in which boats left every twenty minutes.</p>
<p>Commuters from the island asked for an earlier first crossing, and the authority agreed to add a boat at six in the morning on weekdays.</p>
<div class="share-bar"><a href="/share/fb">Share on Facebook</a> <a href="/share/x">Share on X</a></div>
<p>The winter timetable will be posted at both piers and on the authority's website a week before it starts.</p>
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Market hall reopens</a></li><li><a href="/b">New bike lanes</a></li></ul></aside>
</div>
<footer class="site-footer"><p>Harbour News, all rights reserved.</p></footer>
</body>
</html>
EOF

# --from auto (the default): HTML by content, also under a .txt name.
cp "$tmp/page.html" "$tmp/page-saved-as.txt"
for f in page.html page-saved-as.txt; do
  "$bin" convert -q --from auto -o "$tmp/$f.json" "$tmp/$f" || fail "$f: exit $?"
  grep -q '"format": *"html"' "$tmp/$f.json" || fail "$f: not read as HTML"
  grep -q 'every forty minutes' "$tmp/$f.json" || fail "$f: article text missing"
done
"$bin" convert -q -o "$tmp/default.json" "$tmp/page.html" || fail "default --from: exit $?"
grep -q '"format": *"html"' "$tmp/default.json" || fail "default --from is not auto-detecting HTML"

# Plain text, also under an .html name: the text reader.
cat > "$tmp/article.txt" << 'EOF'
Ferry timetable changes for winter

By Mara Holt

The harbour ferry will run every forty minutes from November, the port authority said on Monday, after a summer in which boats left every twenty minutes.

Commuters from the island asked for an earlier first crossing, and the authority agreed to add a boat at six in the morning on weekdays.
EOF
cp "$tmp/article.txt" "$tmp/article-named.html"
for f in article.txt article-named.html; do
  "$bin" convert -q --from auto -o "$tmp/$f.json" "$tmp/$f" || fail "$f: exit $?"
  grep -q '"format": *"text"' "$tmp/$f.json" || fail "$f: not read as text"
done

# --explain: the chosen subtree and why, then every dropped block.
"$bin" convert --explain -o "$tmp/explained.json" "$tmp/page.html" 2> "$tmp/explain.txt" || fail "--explain: exit $?"
grep -q '^.*page.html:[0-9]*: main-content (article\.story: score [0-9]* = prose [0-9]* - furniture [0-9]*' "$tmp/explain.txt" ||
  fail "--explain does not name the chosen subtree with its score: $(grep main-content "$tmp/explain.txt")"
grep -q 'main-content (.*link density [0-9.]*' "$tmp/explain.txt" || fail "--explain gives no link density"
grep -q 'main-content (.*; around it div\.layout' "$tmp/explain.txt" || fail "--explain does not say why the container lost"
grep -q ':[1-9][0-9]*: dropped:share-widget.*Share on Facebook' "$tmp/explain.txt" || fail "the share bar is not listed as dropped"
grep -q ':[1-9][0-9]*: dropped:navigation.*Home' "$tmp/explain.txt" || fail "the menu is not listed as dropped"
grep -q ':[1-9][0-9]*: dropped:sidebar.*Market hall reopens' "$tmp/explain.txt" || fail "the sidebar is not listed as dropped"
grep -q ':[1-9][0-9]*: dropped:footer.*all rights reserved' "$tmp/explain.txt" || fail "the footer is not listed as dropped"
grep -q ': paragraph.*every forty minutes' "$tmp/explain.txt" || fail "kept paragraphs are not listed"
cmp -s "$tmp/explained.json" "$tmp/page.html.json" || fail "--explain changed the output"

[ "$failures" -eq 0 ] || { sed 's/^/  /' "$tmp/explain.txt" >&2; exit 1; }
echo "html_cli: all passed"
