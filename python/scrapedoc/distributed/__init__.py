"""scrapedoc on a Dask cluster: input files mapped over the workers, JSON
Lines out (docs/scale.md).

    python3 -m scrapedoc.distributed (--scheduler ADDRESS | --local N) --to jsonl -o OUTDIR INPUT...

or from Python::

    from scrapedoc.distributed import convert
    result = convert(["pages/a.html", "pages/b.txt"], "out/", client=client)
    result.exit_code, result.outputs

Each web archive (an input named .warc or .warc.gz, or every input with
``format="warc"``) is one task that writes OUTDIR/STEM.jsonl; the loose
pages, in the order given, are cut into partitions of ``partition_size``,
each one task that writes OUTDIR/pages-NNNNN.jsonl. Either file is what
``scrapedoc convert --to jsonl`` writes for the same input(s), document for
document. An output is written as the command line writes one, an unnamed
file given its name when complete. A task lost with its worker is run again
by Dask on another one, and what it writes replaces nothing but a complete
copy of the same file: no document is lost or written twice, and no
partial output is ever seen under an output's name.

Inputs are file names, or URLs that fsspec reads (s3://, gs://, http://,
...: whatever fsspec implementation the workers have). The output folder
must be one that every worker and the client see at the same path (shared
storage), since each worker writes its own outputs there.
"""
import os
import sys
import uuid
from dataclasses import dataclass, field
from typing import List, Optional, Tuple

from .. import Error, _scrapedoc

DEFAULT_PARTITION_SIZE = 1000
FORMATS = ("jsonl",)


@dataclass(frozen=True)
class Task:
    """One output file and the inputs whose documents go into it: a
    partition of loose pages, or one web archive (WARC)."""
    inputs: Tuple[str, ...]
    output: str
    warc: bool = False


@dataclass
class TaskResult:
    """What a task did: documents converted, inputs that failed (their
    messages, as the command line words them), warnings, and the output
    when one was written."""
    task: Task
    pages: int = 0
    converted: int = 0
    failures: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    notes: List[str] = field(default_factory=list)   # a WARC's summary line
    output_error: Optional[str] = None
    written: bool = False
    lost: bool = False   # the task failed as a whole (not run to its end)


@dataclass
class Result:
    """A whole run: the outputs written and the command line's figures."""
    outputs: List[str]
    pages: int
    converted: int
    failed: int
    messages: List[str]
    exit_code: int

    def summary(self):
        line = "scrapedoc: %d of %d converted" % (self.converted, self.pages)
        if self.failed:
            line += ", %d failed" % self.failed
        return line


# Exit codes: those of the command line (docs/user-guide.md).
EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_OUTPUT_FAILED = 0, 1, 2, 3


WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc_name(name):
    """Whether an input is taken for a web archive under --from auto: by its
    name (the client reads no input to plan the run)."""
    return name.lower().endswith(WARC_SUFFIXES)


def warc_stem(name):
    """"crawl.warc.gz" -> "crawl": what a WARC's output is named after, as
    `scrapedoc convert -o DIR` names it."""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    for ext in (".gz", ".warc", ".arc"):
        if len(base) > len(ext) and base.endswith(ext):
            base = base[:-len(ext)]
    return base


def plan(inputs, out_dir, partition_size=DEFAULT_PARTITION_SIZE, format="auto"):
    """The tasks of a run: one per web archive (OUTDIR/STEM.jsonl), and the
    loose pages cut into partitions in input order (OUTDIR/pages-NNNNN.jsonl).
    Two inputs whose outputs would have the same name are an Error."""
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    tasks, pages, taken = [], [], {}

    def add(task, what):
        if task.output in taken:
            raise Error("%s and %s would both be written to it; convert them into different directories"
                        % (taken[task.output], what), task.output)
        taken[task.output] = what
        tasks.append(task)
    for name in inputs:
        if format == "warc" or (format == "auto" and is_warc_name(name)):
            add(Task((name,), os.path.join(out_dir, warc_stem(name) + ".jsonl"), warc=True), name)
        else:
            pages.append(name)
    for start in range(0, len(pages), partition_size):
        name = "pages-%05d.jsonl" % (start // partition_size)
        add(Task(tuple(pages[start:start + partition_size]), os.path.join(out_dir, name)), pages[start])
    return tasks


def _is_url(name):
    return "://" in name


def _convert_input(name, to, format, max_input):
    """One page to its output text and warnings; a file the library reads
    itself (the command line's messages), a URL through fsspec."""
    if not _is_url(name):
        return _scrapedoc._convert_page(None, name, to, format, max_input)
    import fsspec
    try:
        with fsspec.open(name, "rb") as f:
            data = f.read(max_input + 1)
    except OSError as e:
        raise Error("cannot open: %s" % (e.strerror or e), name) from None
    if len(data) > max_input:
        raise Error("input is over the limit of %s (--max-input)" % _size_text(max_input), name)
    return _scrapedoc._convert_page(data, name, to, format, max_input)


def _size_text(n):
    mib = 1 << 20
    return "%d MiB" % (n // mib) if n >= mib and n % mib == 0 else "%d bytes" % n


def _convert_pages(task, out, to, format, max_input, result):
    for name in task.inputs:
        result.pages += 1
        try:
            text, warnings = _convert_input(name, to, format, max_input)
        except Error as e:
            result.failures.append("scrapedoc: %s" % e)
            continue
        out.write(text)
        result.converted += 1
        result.warnings += ["%s: warning: %s" % (name, w) for w in warnings]


def warc_summary_line(name, summary):
    """The command line's summary of one WARC."""
    line = "scrapedoc: %s: %d record(s): %d page(s) converted" % (name, summary["records"], summary["converted"])
    if summary["failed"]:
        line += ", %d failed" % summary["failed"]
    skipped = summary["skipped"]
    if skipped:
        line += ", %d skipped (%s)" % (sum(skipped.values()),
                                       ", ".join("%d %s" % (n, kind) for kind, n in skipped.items()))
    return line


def _convert_warc(task, out, to, max_input, result):
    """The pages of one WARC, read one record at a time (a file by the
    library, a URL through fsspec as a stream), as the command line reads
    them: damaged records reported, the others converted."""
    name = task.inputs[0]
    opened = None
    try:
        if _is_url(name):
            import fsspec
            try:
                opened = fsspec.open(name, "rb").open()
            except OSError as e:
                raise Error("cannot open: %s" % (e.strerror or e), name) from None
        pages = _scrapedoc._read_warc(opened if opened is not None else name, name, max_input, to)
    except Error as e:
        result.pages += 1
        result.failures.append("scrapedoc: %s" % e)
        return
    try:
        for text, warnings in pages:
            out.write(text)
            result.converted += 1
            result.warnings += warnings
    finally:
        if opened is not None:
            opened.close()
    result.failures += ["scrapedoc: %s" % e for e in pages.problems]
    summary = pages.summary
    result.pages += summary["converted"] + summary["failed"]
    result.notes.append(warc_summary_line(name, summary))


def run_task(task, to="jsonl", format="auto", max_input=_scrapedoc.default_max_input):
    """Runs on a worker: converts the task's inputs into its output, which
    appears under its name only when complete: the library's output file,
    an unnamed file given its name at the end, as `scrapedoc convert --to
    jsonl -o FILE` writes (and, like it, an empty file when no input gave
    a document)."""
    result = TaskResult(task)
    try:
        out = _scrapedoc._OutputFile(task.output)
        if task.warc:
            _convert_warc(task, out, to, max_input, result)
        else:
            _convert_pages(task, out, to, format, max_input, result)
        out.commit()
        result.written = True
    except Error as e:
        result.output_error = "scrapedoc: %s" % e
    return result


def _default_client():
    """The client in use (a `distributed.Client` made earlier in this
    process), or None."""
    from distributed import default_client
    try:
        return default_client()
    except ValueError:
        return None


def _remove_leftovers(tasks):
    """What attempts killed mid-write left: where the file system cannot
    make an unnamed file (O_TMPFILE; NFS, say), the library writes under a
    hidden name beside the output (.NAME.tmp-XXXXXX) and renames it."""
    for task in tasks:
        folder, base = os.path.split(task.output)
        prefix = "." + base + ".tmp-"
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and len(name) == len(prefix) + 6:
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass


def convert(inputs, out_dir, to="jsonl", client=None, *, format="auto", partition_size=DEFAULT_PARTITION_SIZE,
            max_input=_scrapedoc.default_max_input, quiet=False, report=None):
    """Converts `inputs` into JSON Lines files in `out_dir` on a Dask
    cluster and returns a Result (its ``exit_code`` is the command line's).

    `client` is a ``distributed.Client``; None takes the one in use, or
    starts a ``LocalCluster`` of one worker process per core for the run.
    `report` receives each message line (failures, warnings unless `quiet`,
    and the summary); None prints them to standard error."""
    if to not in FORMATS:
        raise Error('unknown output format "%s" (a distributed run writes %s)' % (to, ", ".join(FORMATS)))
    if report is None:
        def report(line):
            print(line, file=sys.stderr, flush=True)
    if isinstance(inputs, (str, bytes, os.PathLike)):
        inputs = [inputs]  # one input, not its characters
    inputs = [os.fsdecode(i) for i in inputs]
    tasks = plan(inputs, out_dir, partition_size, format)
    os.makedirs(out_dir, exist_ok=True)

    own_cluster = None
    if client is None:
        client = _default_client()
    if client is None:
        from distributed import Client, LocalCluster
        own_cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address="127.0.0.1:0")
        client = Client(own_cluster)
    run_id = uuid.uuid4().hex[:12]
    try:
        from distributed import as_completed
        keys = ["scrapedoc-%s-%d" % (run_id, i) for i in range(len(tasks))]
        futures = client.map(run_task, tasks, to=to, format=format, max_input=max_input, key=keys, pure=False)
        task_of = dict(zip(keys, tasks))
        results = {}
        messages = []

        def say(line):
            messages.append(line)
            report(line)
        for future in as_completed(futures, loop=client.loop):
            task = task_of[future.key]
            if future.status == "error":
                # The task itself failed (its worker died more often than
                # Dask allows, say): none of its pages were converted.
                e = future.exception()
                results[task] = TaskResult(task, pages=len(task.inputs), lost=True)
                say("scrapedoc: %s: not written: %s: %s" % (task.output, type(e).__name__, e))
                continue
            r = results[task] = future.result()
            for line in r.failures + ([] if quiet else r.warnings + r.notes):
                say(line)
            if r.output_error:
                say(r.output_error)
    finally:
        _remove_leftovers(tasks)
        if own_cluster is not None:
            client.close()
            own_cluster.close()

    done = [results[t] for t in tasks]
    pages = sum(r.pages for r in done)
    converted = sum(r.converted for r in done if not r.output_error)
    exit_code = EXIT_OK
    if any(r.failures or r.lost for r in done):
        exit_code = EXIT_INPUT_FAILED
    if any(r.output_error for r in done):
        exit_code = EXIT_OUTPUT_FAILED
    result = Result(outputs=[r.task.output for r in done if r.written], pages=pages, converted=converted,
                    failed=pages - converted, messages=messages, exit_code=exit_code)
    if not quiet and len(inputs) > 1:
        report(result.summary())
        messages.append(result.summary())
    return result
