#!/bin/sh
# hostile_inputs.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN [--huge]
#
# The hostile-input battery (docs/hardening.md): inputs generated now by
# tests/tools/make-hostile-inputs (empty, binary, NUL bytes, every class of
# invalid UTF-8, UTF-16/32 with and without BOM, windows-1256, Shift_JIS,
# bidi overrides, combining floods, markup look-alikes, deep nesting ...;
# with --huge, hostile_huge.sh's big ones), and hostile WARCs (checked at
# the end: every good page kept, the damage named with its byte offset). For every input and every output
# format, `scrapedoc convert` must either
#   - exit 0 and write the output, or
#   - exit 1 with exactly one line on standard error, "scrapedoc: FILE: ..."
#     naming the input, and write no output file;
# never die of a signal, never hang (a time limit per run), and give the same
# verdict in every format. Then:
#   - every JSON output is valid against schema/scrapedoc.schema.json and
#     every TEI output against schema/scrapedoc-tei.rng (xmllint, json_schema_check);
#   - the pipeline fuzz target, replayed on every input, re-checks each
#     writer's output in-process: well-formed TEI with XML 1.0 characters
#     only, JSON, and Markdown that cmark reads back block for block with no
#     page text turned into links, HTML or code;
#   - an input in another encoding gives the same document as its UTF-8
#     original (blocks, title, byline).
# Prints the time of each batch (and, with --huge, of each input, converted
# alone). Exit 0 all good, 1 some case failed.
set -u
# Absolute paths: each conversion runs from inside the input folder, so the
# file names in messages are the bare names.
abs() { case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac; }
bin=$(abs "$1")
src=$(abs "$2")
testbin=$(abs "$3")
checker=$(abs "$4")
huge=${5:-}
pipeline=$testbin/fuzz/fuzz_pipeline

for tool in python3 xmllint; do
  command -v $tool > /dev/null 2>&1 || { echo "hostile_inputs: $tool not found (scripts/install-deps installs it)"; exit 1; }
done
[ -x "$pipeline" ] || { echo "hostile_inputs: $pipeline not built"; exit 1; }

if [ "$huge" = --huge ]; then
  work=$testbin/hostile-huge
  limit=600   # seconds per input: a 100 MB input under the sanitizers
else
  work=$testbin/hostile
  limit=60
fi
rm -rf "$work"
mkdir -p "$work/in" "$work/out/json" "$work/out/tei" "$work/out/md" "$work/err"
# The huge inputs take disk space; they go when the test ends, pass or fail.
trap 'rm -rf "$work/in" "$work/out"' EXIT INT TERM

# A case the battery knows to fail because of a reported bug in a file this
# battery does not own (docs/hardening.md lists them with the report). It is
# still run, with a short time limit, and what goes wrong is printed as
# KNOWN; should it pass every check, the test fails so the entry is removed.
# None is listed now; an entry is a case pattern that echoes the bug, e.g.
#   some-input.json) echo "JSON reader: what goes wrong" ;;
known_bug() {
  case $1 in
    *) return 1 ;;
  esac
}

start=$(date +%s)
python3 "$src/tests/tools/make-hostile-inputs" "$src" "$work/in" $huge || { echo "hostile_inputs: cannot generate inputs"; exit 1; }
echo "hostile_inputs: $(wc -l < "$work/in/MANIFEST") inputs generated in $(( $(date +%s) - start )) s"

failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}
# A problem with the current case: a failure, or for a known bug a note.
problem() {
  problems=$((problems + 1))
  if [ -n "$bug" ]; then echo "  KNOWN $*"; else fail "$*"; fi
}

# now_ms: wall clock in milliseconds (date +%s%N is GNU, as on Debian).
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

tab=$(printf '\t')
ext_of() { case $1 in json) echo json ;; tei) echo tei.xml ;; md) echo md ;; esac; }

# One conversion of one input, as a user would run it: the verdict lands in
# $work/err/NAME.FORMAT (standard error) and $work/rc/NAME.FORMAT (status).
convert_one() { # NAME FORMAT OPTIONS LIMIT
  out=$work/out/$2/${1%.*}.$(ext_of "$2")
  # shellcheck disable=SC2086
  (cd "$work/in" && timeout -s KILL "$4" "$bin" convert -q $3 --to "$2" "$1" -o "$out") 2> "$work/err/$1.$2"
  echo $? > "$work/rc/$1.$2"
}

# Batches first: every input of one option set in one process per format (a
# process start under the sanitizers costs more than most conversions). Each
# input's verdict is read back from the batch: an output file, or its one
# error line. Should a batch die (a signal, the time limit), every input of
# it is converted again alone, so the culprit is named and the rest checked.
mkdir -p "$work/rc"
cut -f4 "$work/in/MANIFEST" | sort -u > "$work/option-sets"
while read -r options; do
  awk -F'\t' -v o="$options" '$4 == o { print $1 }' "$work/in/MANIFEST" > "$work/names"
  set --
  while read -r name; do
    known_bug "$name" > /dev/null || set -- "$@" "$name"
  done < "$work/names"
  [ $# -gt 0 ] || continue
  opts=$options
  [ "$opts" = - ] && opts=
  for to in json tei md; do
    t0=$(now_ms)
    if [ "$huge" = --huge ]; then
      # Few inputs, each worth timing on its own.
      for name in "$@"; do
        t0=$(now_ms)
        convert_one "$name" "$to" "$opts" "$limit"
        echo "hostile_inputs: $name -> $to: exit $(cat "$work/rc/$name.$to"), $(( $(now_ms) - t0 )) ms"
      done
      continue
    fi
    # shellcheck disable=SC2086
    (cd "$work/in" && timeout -s KILL $((limit * 5)) "$bin" convert -q --jobs 1 $opts --to "$to" -o "$work/out/$to" "$@") \
      2> "$work/batch.err"
    rc=$?
    echo "hostile_inputs: batch of $# inputs -> $to${opts:+ ($opts)}: exit $rc, $(( $(now_ms) - t0 )) ms"
    if [ $rc -gt 128 ]; then
      echo "hostile_inputs: the batch died (signal $((rc - 128))); converting each input alone"
      for name in "$@"; do convert_one "$name" "$to" "$opts" "$limit"; done
      continue
    fi
    [ $rc -le 1 ] || fail "batch -> $to: exit status $rc: $(head -1 "$work/batch.err")"
    failed_any=0
    for name in "$@"; do
      awk -v p="scrapedoc: $name:" 'index($0, p) == 1' "$work/batch.err" > "$work/err/$name.$to"
      if [ -f "$work/out/$to/${name%.*}.$(ext_of "$to")" ]; then
        echo 0 > "$work/rc/$name.$to"
      elif [ -s "$work/err/$name.$to" ]; then
        echo 1 > "$work/rc/$name.$to"
        failed_any=1
      else
        echo "no output and no error line" > "$work/rc/$name.$to"
      fi
    done
    [ $rc -eq $failed_any ] || fail "batch -> $to: exit status $rc, but $( [ $failed_any = 1 ] && echo some || echo no ) input failed"
    # Nothing on standard error but one line per refused input.
    awk '!/^scrapedoc: /' "$work/batch.err" | head -3 | while read -r line; do fail "batch -> $to: stray output: $line"; done
  done
done < "$work/option-sets"

while IFS=$tab read -r name expect reference options; do
  [ "$options" = - ] && options=
  verdict=
  summary=
  problems=0
  bug=$(known_bug "$name") || bug=
  t0=$(now_ms)
  for to in json tei md; do
    # Known bugs are run here, alone, with a short time limit.
    [ -n "$bug" ] && convert_one "$name" "$to" "$options" 10
    out=$work/out/$to/${name%.*}.$(ext_of "$to")
    err=$work/err/$name.$to
    rc=$(cat "$work/rc/$name.$to")
    case $rc in
      *[!0-9]*) problem "$name -> $to: $rc"; continue ;;
    esac
    if [ "$rc" -gt 128 ]; then
      problem "$name -> $to: killed by signal $((rc - 128))$( [ "$rc" -eq 137 ] && echo " (the time limit?)")"
      rm -f "$out"
      [ -n "$bug" ] && break   # the other formats would fail the same way
      continue
    fi
    case $rc in
      0)
        [ -f "$out" ] || problem "$name -> $to: exit 0 but no output file"
        # Valid UTF-8 (the schemas check JSON and TEI below).
        [ "$to" = md ] && ! iconv -f UTF-8 -t UTF-8 "$out" > /dev/null 2>&1 && problem "$name -> md: output is not valid UTF-8"
        summary=converted ;;
      1)
        [ -e "$out" ] && problem "$name -> $to: failed (exit 1) but wrote $out"
        lines=$(wc -l < "$err")
        first=$(head -1 "$err")
        [ "$lines" -eq 1 ] || problem "$name -> $to: error is $lines lines, not one: $(head -3 "$err" | tr '\n' '|')"
        case $first in
          "scrapedoc: $name:"*) ;;
          *) problem "$name -> $to: error does not start with \"scrapedoc: $name:\": $first" ;;
        esac
        summary="refused: ${first#scrapedoc: }" ;;
      *)
        problem "$name -> $to: exit status $rc: $(head -1 "$err")" ;;
    esac
    [ -z "$verdict" ] && verdict=$rc
    [ "$verdict" = "$rc" ] || problem "$name: exit $rc for $to but $verdict for json"
  done
  case $expect in
    error) [ "$verdict" = 1 ] || problem "$name: must be refused, but: ${summary:-exit $verdict}" ;;
    convert) [ "$verdict" = 0 ] || problem "$name: must convert, but: ${summary:-exit $verdict}" ;;
  esac
  if [ -n "$bug" ]; then
    # In-process checks too, alone (the rest run together below).
    if ! timeout -s KILL 10 "$pipeline" "$work/in/$name" > "$work/err/$name.pipeline" 2>&1; then
      problem "$name: in-process output checks: $(grep -v '^  /' "$work/err/$name.pipeline" | head -1)"
    fi
    [ "$problems" -eq 0 ] && fail "$name passes every check but is listed as a known bug ($bug); remove it from known_bug in $0"
    summary="known bug: $bug"
    rm -f "$work"/out/*/"${name%.*}".*
    printf '  %-32s %7d ms  %s\n' "$name" $(( $(now_ms) - t0 )) "$summary"
  else
    printf '  %-32s %s\n' "$name" "$summary"
  fi
done < "$work/in/MANIFEST"

# Schema validity of everything written. xmllint needs --huge for a text
# node past 10 MB, which only the huge cases have.
if [ -n "$(ls "$work/out/json")" ]; then
  "$checker" "$src/schema/scrapedoc.schema.json" "$work"/out/json/*.json || fail "JSON output not valid against the schema"
fi
if [ -n "$(ls "$work/out/tei")" ]; then
  xmllint --noout --huge --relaxng "$src/schema/scrapedoc-tei.rng" "$work"/out/tei/*.tei.xml > "$work/xmllint.log" 2>&1 \
    || { grep -v ' validates$' "$work/xmllint.log" | head -20; fail "TEI output not valid against scrapedoc-tei.rng"; }
fi

# No entity of a TEI or HTML input reached the file system (XXE).
if grep -rl 'root:x:0:0' "$work/out" > "$work/xxe" 2>/dev/null; then
  fail "an output holds /etc/passwd: $(head -3 "$work/xxe" | tr '\n' ' ')"
fi

# Same page, other encoding: the same document.
python3 - "$work" <<'EOF' || fail "documents differ between encodings"
import json, os, sys
work = sys.argv[1]
bad = 0
for line in open(os.path.join(work, "in", "MANIFEST"), encoding="utf-8"):
    name, expect, reference, options = line.rstrip("\n").split("\t")
    if reference == "-":
        continue
    def load(n):
        with open(os.path.join(work, "out", "json", n.rsplit(".", 1)[0] + ".json"), encoding="utf-8") as f:
            d = json.load(f)
        return {"title": d["meta"].get("title"), "byline": d.get("byline"), "blocks": d["blocks"],
                "language": d["meta"].get("language"), "direction": d["meta"].get("direction")}
    try:
        a, b = load(name), load(reference)
    except (OSError, ValueError) as e:
        print(f"FAIL {name}: cannot compare with {reference}: {e}")
        bad += 1
        continue
    if a != b:
        diff = [k for k in a if a[k] != b[k]]
        print(f"FAIL {name}: document differs from {reference} in {', '.join(diff)}")
        bad += 1
sys.exit(1 if bad else 0)
EOF

# In-process output checks on every input (not the ones refused for size,
# which read() would take with its default limit, nor the known bugs).
set --
while IFS=$tab read -r name expect reference options; do
  case $options in *--max-input*) continue ;; esac
  known_bug "$name" > /dev/null && continue
  set -- "$@" "$work/in/$name"
done < "$work/in/MANIFEST"
t0=$(now_ms)
if ! "$pipeline" "$@" > "$work/pipeline.log" 2>&1; then
  tail -5 "$work/pipeline.log"
  fail "in-process output checks (fuzz_pipeline) failed on the last input named above"
fi
echo "hostile_inputs: in-process output checks on $# inputs: $(( $(now_ms) - t0 )) ms"

# Hostile WARCs (made by damaging samples/crawl.warc.gz; see write_warcs in
# tests/tools/make-hostile-inputs): each converted to JSON Lines from the
# file and through a pipe (no going back in the input there) must exit 1,
# never die or hang, name the file and the byte offset of the damage on
# every error line, and keep every good page: as many lines as the
# manifest says, each valid against the schema.
if [ -f "$work/in/warc/MANIFEST" ]; then
  t0=$(now_ms)
  n=0
  while IFS=$tab read -r name pages error options; do
    [ "$options" = - ] && options=
    n=$((n + 1))
    for how in file pipe; do
      out=$work/out/warc-$name.$how.jsonl
      err=$work/err/warc-$name.$how
      if [ $how = file ]; then
        # shellcheck disable=SC2086
        (cd "$work/in/warc" && timeout -s KILL "$limit" "$bin" convert -q $options --from warc "$name" --to jsonl -o "$out") 2> "$err"
        rc=$?
        label=$name
      else
        # shellcheck disable=SC2086
        (cd "$work/in/warc" && cat "$name" | timeout -s KILL "$limit" "$bin" convert -q $options --from warc - --to jsonl -o "$out") 2> "$err"
        rc=$?
        label=-
      fi
      [ "$rc" -eq 1 ] || { fail "WARC $name ($how): exit $rc, expected 1: $(head -1 "$err")"; continue; }
      got=$(cat "$out" 2>/dev/null | wc -l)
      [ "$got" -eq "$pages" ] || fail "WARC $name ($how): $got page(s) written, expected $pages (a good record lost)"
      grep -qF "$error" "$err" || fail "WARC $name ($how): no error says \"$error\": $(head -1 "$err")"
      awk -v p="scrapedoc: $label: " 'index($0, p) != 1' "$err" | head -2 | while read -r line; do
        fail "WARC $name ($how): an error line does not name the file: $line"
      done
      if [ "$pages" -gt 0 ]; then
        "$bin" validate -q "$out" > "$work/err/warc-$name.validate" 2>&1 ||
          fail "WARC $name ($how): output not valid: $(head -1 "$work/err/warc-$name.validate")"
      fi
    done
    printf '  %-32s %s\n' "$name" "$pages page(s) kept: $(head -1 "$work/err/warc-$name.file" | cut -c1-110)"
  done < "$work/in/warc/MANIFEST"
  echo "hostile_inputs: $n hostile WARCs, from a file and a pipe: $(( $(now_ms) - t0 )) ms"
fi

echo "hostile_inputs: $failures failure(s), $(( $(date +%s) - start )) s in all"
[ "$failures" -eq 0 ]
