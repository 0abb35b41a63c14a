#!/bin/sh
# batch_convert.sh SCRAPEDOC_BIN SOURCE_DIR TEST_BINARY_DIR JSON_SCHEMA_CHECK_BIN
#
# `scrapedoc convert` over many files into a folder (docs/hardening.md):
# every good file converted, every bad one reported once as
# "scrapedoc: FILE: reason" and skipped, a summary, exit status 1 when any
# failed; --jobs N gives the same outputs as --jobs 1; a progress bar only on
# a terminal; output modes follow the umask with several threads; a batch
# stopped by SIGTERM finishes the files in hand, leaves no temporary file and
# dies of the signal; one killed by SIGKILL leaves no truncated output.
set -u
bin=$1
src=$2
work=$3/batch-convert
rm -rf "$work"
mkdir -p "$work/in"
trap 'rm -rf "$work"' EXIT INT TERM

failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

# 600 pages from the samples, each made different, and 6 bad files.
python3 - "$src/samples" "$work/in" <<'EOF'
import os, sys
src, out = sys.argv[1], sys.argv[2]
pages = [open(os.path.join(src, n), encoding="utf-8").read() for n in sorted(os.listdir(src)) if n.endswith(".txt")]
for i in range(600):
    page = pages[i % len(pages)].replace("\n\n", f" ({i})\n\n", 1)
    with open(os.path.join(out, f"page-{i:04d}.txt"), "w", encoding="utf-8") as f:
        f.write(page)
open(os.path.join(out, "bad-empty.txt"), "wb").close()
open(os.path.join(out, "bad-nul.txt"), "wb").write(b"\0" * 100)
open(os.path.join(out, "bad-blank.txt"), "wb").write(b" \n\t\n")
open(os.path.join(out, "bad-big.txt"), "wb").write(b"x" * (2 << 20))
open(os.path.join(out, "bad-version.json"), "w").write('{"format":"scrapedoc","version":99}')
os.mkdir(os.path.join(out, "bad-dir.txt"))
EOF
cd "$work/in" || exit 1
good=600
bad=6

# --jobs 1 and --jobs 3: the same outputs, the same reports.
for jobs in 1 3; do
  out=$work/out-$jobs
  "$bin" convert --max-input=1M --jobs $jobs -o "$out" ./* > "$work/stdout-$jobs" 2> "$work/stderr-$jobs"
  rc=$?
  [ $rc -eq 1 ] || fail "--jobs $jobs: exit $rc, not 1 (some inputs failed)"
  n=$(find "$out" -name '*.json' | wc -l)
  [ "$n" -eq $good ] || fail "--jobs $jobs: $n outputs, not $good"
  for b in bad-empty bad-nul bad-blank bad-big bad-version bad-dir; do
    [ -e "$out/$b.json" ] && fail "--jobs $jobs: output written for $b"
    c=$(grep -c "^scrapedoc: ./$b\.[a-z]*:" "$work/stderr-$jobs")
    [ "$c" -eq 1 ] || fail "--jobs $jobs: $b reported $c times, not once"
  done
  tail -1 "$work/stderr-$jobs" | grep -qx "scrapedoc: $good of $((good + bad)) converted, $bad failed" \
    || fail "--jobs $jobs: last line is not the summary: $(tail -1 "$work/stderr-$jobs")"
  [ -s "$work/stdout-$jobs" ] && fail "--jobs $jobs: wrote to standard output"
  grep -q "$(printf '\r')" "$work/stderr-$jobs" && fail "--jobs $jobs: progress bar drawn although standard error is not a terminal"
done
if ! diff -r "$work/out-1" "$work/out-3" > /dev/null; then
  fail "--jobs 3 wrote different outputs from --jobs 1"
fi
sort "$work/stderr-1" | grep -v ' converted' > "$work/e1"
sort "$work/stderr-3" | grep -v ' converted' > "$work/e3"
cmp -s "$work/e1" "$work/e3" || fail "--jobs 3 reported different errors from --jobs 1"

# Output modes follow the umask, however many threads write.
(umask 027 && "$bin" convert -q --jobs 4 -o "$work/out-umask" page-0*.txt)
modes=$(find "$work/out-umask" -type f -printf '%m\n' | sort -u | tr '\n' ' ')
[ "$modes" = "640 " ] || fail "with umask 027 and --jobs 4, output modes are: $modes"

# On a terminal (script(1) gives one): a progress bar on standard error.
# script(1) needs a pseudo-terminal; a chroot or container may have none.
if command -v script > /dev/null 2>&1 && script -qec "test -t 2" /dev/null > /dev/null 2>&1; then
  script -qec "'$bin' convert --jobs 2 -o '$work/out-tty' page-00*.txt bad-empty.txt" /dev/null > "$work/tty" 2>&1
  grep -q '\[#*\.*\] [0-9]*/101' "$work/tty" || fail "no progress bar on a terminal"
  grep -q '101/101, 1 failed' "$work/tty" || fail "the progress bar does not reach 101/101, 1 failed"
  grep -q 'scrapedoc: bad-empty.txt: input is empty' "$work/tty" || fail "no error line on a terminal"
else
  echo "script(1) not found or no pseudo-terminal here: progress bar not checked"
fi

# SIGTERM mid-batch: the files in hand are finished, no temporary file is
# left, the summary says what was not started, the process dies of SIGTERM.
# Each page is made slow to convert (a 1.5 MB page) so the batch is long.
# 400 names (hard links to one page) take minutes on any machine; the signal
# is sent as soon as the first output appears, so no guess at the machine's
# speed is needed.
mkdir "$work/slow"
awk '{ print $0 " " NR }' page-0001.txt page-0002.txt page-0003.txt page-0004.txt > "$work/slow/s1.txt"
for k in $(seq 1 6); do cat "$work/slow/s1.txt" "$work/slow/s1.txt" > "$work/slow/t" && mv "$work/slow/t" "$work/slow/s1.txt"; done
for i in $(seq 2 400); do ln "$work/slow/s1.txt" "$work/slow/s$i.txt"; done
# wait_for_output DIR PID: until a .json file appears in DIR (or PID ends, or 60 s).
wait_for_output() {
  n=0
  while [ $n -lt 1200 ] && kill -0 "$2" 2> /dev/null; do
    [ -n "$(find "$1" -name '*.json' 2> /dev/null | head -1)" ] && return 0
    sleep 0.05
    n=$((n + 1))
  done
  return 1
}
"$bin" convert --jobs 2 -o "$work/out-term" "$work"/slow/*.txt 2> "$work/stderr-term" &
pid=$!
wait_for_output "$work/out-term" $pid || fail "after SIGTERM: no output appeared in 60 s"
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || fail "after SIGTERM: exit $rc, not 143 (died of SIGTERM)"
leftovers=$(find "$work/out-term" -name '.*' -type f | wc -l)
[ "$leftovers" -eq 0 ] || fail "after SIGTERM: $leftovers temporary file(s) left"
grep -q 'not started (stopped by signal 15)' "$work/stderr-term" || fail "after SIGTERM: no summary: $(tail -1 "$work/stderr-term")"
done_n=$(find "$work/out-term" -name '*.json' | wc -l)
[ "$done_n" -lt 400 ] || fail "after SIGTERM: all 400 converted; the batch was too quick to test stopping"
python3 - "$work/out-term" <<'EOF' || fail "after SIGTERM: an output is not whole JSON"
import json, os, sys
for n in os.listdir(sys.argv[1]):
    json.load(open(os.path.join(sys.argv[1], n), encoding="utf-8"))
EOF

# SIGKILL mid-batch: outputs get their names only when whole, so each is
# whole; where the file system has unnamed files (O_TMPFILE) not even a
# temporary file is left.
"$bin" convert -q --jobs 2 -o "$work/out-kill" "$work"/slow/*.txt 2> /dev/null &
pid=$!
wait_for_output "$work/out-kill" $pid || fail "after SIGKILL: no output appeared in 60 s"
kill -KILL $pid
wait $pid 2> /dev/null
python3 - "$work/out-kill" <<'EOF' || fail "after SIGKILL: an output file is truncated"
import json, os, sys
for n in os.listdir(sys.argv[1]):
    if not n.startswith("."):
        json.load(open(os.path.join(sys.argv[1], n), encoding="utf-8"))
EOF
if python3 -c 'import os, sys; os.close(os.open(sys.argv[1], os.O_TMPFILE | os.O_WRONLY))' "$work/out-kill" 2> /dev/null \
   && [ -d /proc/self/fd ]; then
  leftovers=$(find "$work/out-kill" -name '.*' -type f | wc -l)
  [ "$leftovers" -eq 0 ] || fail "after SIGKILL: $leftovers temporary file(s) left, though the file system has O_TMPFILE"
fi

echo "batch_convert: $failures failure(s)"
[ "$failures" -eq 0 ]
