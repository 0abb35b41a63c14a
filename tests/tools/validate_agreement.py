#!/usr/bin/env python3
"""validate_agreement.py SCRAPEDOC_BIN SOURCE_DIR WORK_DIR JSON_SCHEMA_CHECK_BIN

`scrapedoc validate` must agree with independent validators:
  - TEI: xmllint --relaxng against schema/scrapedoc-tei.rng and, when
    ../shared/schema-ref/tei_all.rng exists, against tei_all.rng (one xmllint
    call per schema for all files: loading tei_all costs ~10 s);
  - JSON: the valijson checker (tests/tools/json_schema_check.cpp) and, when
    npm can install it, ajv-cli in 2020-12 mode.
Files: every sample converted to JSON and TEI, and to Markdown and from there
on to JSON and TEI (any-to-any conversion); the dev corpus pages when
../shared/corpus/dev exists; the broken files in tests/cases/validate/, each
of which must be rejected by every validator, with our report naming the
faulty line listed in tests/cases/validate/expected.txt.

Exit 0 when all agree, 1 otherwise.
"""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

failures = []


def fail(message):
    failures.append(message)
    print("validate_agreement: FAIL: " + message, file=sys.stderr)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def convert(tool, inputs, out_dir, *extra):
    """One batch conversion of `inputs` into `out_dir` (one process: fast)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    r = run([tool, "convert", "-q", "-j", "2", *extra, "-o", str(out_dir)] + [str(i) for i in inputs])
    if r.returncode != 0:
        fail(f"convert {' '.join(extra)} into {out_dir.name}: {r.stderr.strip()[:500]}")
    return sorted(out_dir.iterdir())


def make_outputs(tool, source, work):
    """Writes every sample (and dev-corpus page) as JSON and TEI, directly and
    through Markdown with front matter, TEI and JSON (any-to-any), into
    folders under work/good."""
    pages = work / "pages"  # unique names for the batch conversions
    pages.mkdir(parents=True)
    for src in sorted((source / "samples").glob("*.txt")):
        (pages / src.name).symlink_to(src)
    corpus = source / ".." / "shared" / "corpus" / "dev"
    if corpus.is_dir():
        for page in sorted(corpus.glob("*/page.txt")) + sorted(corpus.glob("*/page.html")):
            (pages / f"{page.parent.name}-{page.suffix[1:]}{page.suffix}").symlink_to(page.resolve())
    else:
        print("validate_agreement: ../shared/corpus/dev not found; samples only")
    inputs = sorted(pages.iterdir())
    good = work / "good"
    jsons = convert(tool, inputs, good / "json", "--to", "json")
    teis = convert(tool, inputs, good / "tei", "--to", "tei")
    # Markdown from the JSON: reading our JSON is much cheaper than reading a page again.
    mds = convert(tool, jsons, work / "md", "--to", "md", "--front-matter")
    convert(tool, mds, good / "from-md", "--from", "markdown", "--to", "json")
    convert(tool, mds, good / "from-md", "--from", "markdown", "--to", "tei")
    # --from auto must recognise our own TEI and JSON.
    convert(tool, teis, good / "from-tei", "--to", "json")
    convert(tool, jsons, good / "from-json", "--to", "tei")
    made = sum(1 for f in good.rglob("*") if f.is_file())
    if made != 6 * len(inputs):
        fail(f"{len(inputs)} pages gave {made} converted files, expected {6 * len(inputs)}")
    return good


def ours(tool, files, tei_all):
    """scrapedoc validate --format json: file -> list of checks."""
    args = [tool, "validate", "--format", "json"]
    if tei_all:
        args += ["--tei-all", str(tei_all)]
    r = run(args + [str(f) for f in files])
    if r.returncode not in (0, 1):
        fail(f"scrapedoc validate exited {r.returncode}: {r.stderr.strip()}")
        return {}
    report = json.loads(r.stdout)
    if report["valid"] != (r.returncode == 0):
        fail("the report's 'valid' does not match the exit status")
    return {f["file"]: f for f in report["files"]}


def xmllint(files, schema):
    """file -> valid, from one xmllint call."""
    if not files:
        return {}, ""
    r = run(["xmllint", "--noout", "--relaxng", str(schema)] + [str(f) for f in files])
    return {str(f): f"{f} validates" in r.stderr.splitlines() for f in files}, r.stderr


def valijson(checker, schema, files):
    r = run([checker, str(schema)] + [str(f) for f in files])
    out = r.stdout + r.stderr
    verdicts, pointers = {}, {}
    for f in files:
        lines = [l for l in out.splitlines() if l.startswith(f"{f}: ")]
        verdicts[str(f)] = not lines
        pointers[str(f)] = {l[len(str(f)) + 2:].split(": ")[0] for l in lines}
    return verdicts, pointers


def install_ajv(work):
    """ajv-cli from npm, cached in the build tree; None when it cannot be had."""
    cache = work.parent / "ajv-cli"
    ajv = cache / "node_modules" / ".bin" / "ajv"
    if ajv.exists():
        return ajv
    if not shutil.which("npm"):
        print("validate_agreement: npm not found; the ajv-cli agreement is skipped (see docs/schemas.md)")
        return None
    try:
        r = run(["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--loglevel=error", "ajv-cli@5"],
                timeout=300)
    except subprocess.TimeoutExpired:
        r = None
    if r is None or r.returncode != 0 or not ajv.exists():
        print("validate_agreement: npm could not install ajv-cli (no network?); the ajv-cli agreement is skipped")
        return None
    return ajv


def ajv_verdicts(ajv, schema, files):
    """file -> valid. Batches the files; a file ajv cannot parse is invalid."""
    verdicts = {}
    if not files:
        return verdicts
    args = [str(ajv), "validate", "--spec=draft2020", "-s", str(schema)]
    for f in files:
        args += ["-d", str(f)]
    r = run(args)
    lines = (r.stdout + r.stderr).splitlines()
    for f in files:
        if f"{f} valid" in lines:
            verdicts[str(f)] = True
        elif f"{f} invalid" in lines:
            verdicts[str(f)] = False
    for f in files:  # not reported: ajv stopped at a file it could not parse; ask one by one
        if str(f) not in verdicts:
            one = run([str(ajv), "validate", "--spec=draft2020", "-s", str(schema), "-d", str(f)])
            verdicts[str(f)] = one.returncode == 0 and f"{f} valid" in one.stdout.splitlines()
    return verdicts


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    tool, source, work, checker = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3]), sys.argv[4]
    if not shutil.which("xmllint"):
        print("validate_agreement: xmllint not found (Debian package libxml2-utils)", file=sys.stderr)
        return 1
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    subset = source / "schema" / "scrapedoc-tei.rng"
    json_schema = source / "schema" / "scrapedoc.schema.json"
    tei_all = source / ".." / "shared" / "schema-ref" / "tei_all.rng"
    if os.environ.get("SCRAPEDOC_SKIP_TEI_ALL"):
        print("validate_agreement: tei_all.rng not checked in this run (SCRAPEDOC_SKIP_TEI_ALL: the sanitizer build;"
              " the release build's run checks it)")
        tei_all = None
    elif not tei_all.exists():
        print(f"validate_agreement: {tei_all} not found; the full TEI schema is skipped")
        tei_all = None

    good = make_outputs(tool, source, work)
    bad = work / "bad"
    shutil.copytree(source / "tests" / "cases" / "validate", bad)
    expected_lines = {}
    for line in (bad / "expected.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, number = line.split()
            expected_lines[name] = int(number)
    (bad / "expected.txt").unlink()
    if set(expected_lines) != {p.name for p in bad.iterdir()}:
        fail("tests/cases/validate/expected.txt does not list exactly the files beside it")

    good_files = sorted(f for f in good.rglob("*") if f.is_file())
    bad_files = sorted(bad.iterdir())
    files = good_files + bad_files
    tei = [f for f in files if f.name.endswith(".xml")]
    js = [f for f in files if f.name.endswith(".json")]
    print(f"validate_agreement: {len(good_files)} converted outputs, {len(bad_files)} broken files")

    report = ours(tool, files, tei_all)
    lint, lint_log = xmllint(tei, subset)
    lint_all = xmllint(tei, tei_all)[0] if tei_all else {}
    vali, vali_pointers = valijson(checker, json_schema, js)
    ajv = install_ajv(work)
    ajv_says = ajv_verdicts(ajv, json_schema, js) if ajv else {}

    for f in files:
        name, key = f.name, str(f)
        entry = report.get(key)
        if entry is None:
            fail(f"{name}: missing from scrapedoc's report")
            continue
        checks = entry["checks"]
        should_be_valid = f in good_files
        if entry["valid"] != should_be_valid:
            fail(f"{name}: scrapedoc validate says {'valid' if entry['valid'] else 'invalid'}: "
                 + "; ".join(e["message"] for c in checks for e in c["errors"])[:400])
        if name.endswith(".xml"):
            if checks[0]["valid"] != lint[key]:
                fail(f"{name}: scrapedoc-tei.rng: scrapedoc says {checks[0]['valid']}, xmllint says {lint[key]}")
            if tei_all and checks[1]["valid"] != lint_all[key]:
                fail(f"{name}: tei_all.rng: scrapedoc says {checks[1]['valid']}, xmllint says {lint_all[key]}")
        else:
            if checks[0]["valid"] != vali[key]:
                fail(f"{name}: scrapedoc says {checks[0]['valid']}, the valijson checker says {vali[key]}")
            if ajv and checks[0]["valid"] != ajv_says[key]:
                fail(f"{name}: scrapedoc says {checks[0]['valid']}, ajv-cli says {ajv_says[key]}")
            ours_pointers = {e.get("pointer", "") or "(root)" for e in checks[0]["errors"]}
            if not vali_pointers[key] <= ours_pointers | {"not JSON"}:
                fail(f"{name}: the valijson checker's pointers {sorted(vali_pointers[key])} are not all in ours "
                     f"{sorted(ours_pointers)}")
        if not should_be_valid:
            line = expected_lines.get(name)
            lines = {e["line"] for e in checks[0]["errors"]}
            if line not in lines:
                fail(f"{name}: expected an error at line {line}, scrapedoc reports lines {sorted(lines)}")
            if name.endswith(".xml") and not re.search(rf"{re.escape(key)}:{line}:", lint_log):
                fail(f"{name}: xmllint does not report line {line} either")

    # The text form: `file:line: message` lines and a non-zero exit.
    r = run([tool, "validate", "-q"] + [str(f) for f in bad_files])
    if r.returncode != 1:
        fail(f"scrapedoc validate exited {r.returncode} on broken files, expected 1")
    for f in bad_files:
        if f"{f}:{expected_lines[f.name]}: " not in r.stdout:
            fail(f"{f.name}: no '{f.name}:{expected_lines[f.name]}: message' line in the text report")
    r = run([tool, "validate", "-q"] + [str(f) for f in good_files])
    if r.returncode != 0 or r.stdout:
        fail(f"scrapedoc validate on valid files: exit {r.returncode}, output {r.stdout[:300]!r}")

    validators = "xmllint" + (" (subset and tei_all)" if tei_all else " (subset)") + ", valijson" + \
        (", ajv-cli" if ajv else "")
    if failures:
        print(f"validate_agreement: {len(failures)} disagreement(s)", file=sys.stderr)
        return 1
    print(f"validate_agreement: scrapedoc validate agrees with {validators} on {len(files)} files "
          f"({len(tei)} TEI, {len(js)} JSON); every broken file rejected at its line")
    return 0


if __name__ == "__main__":
    sys.exit(main())
