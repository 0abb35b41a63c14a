"""scrapedoc.distributed on a Dask LocalCluster of 2 worker processes on
127.0.0.1 (docs/scale.md): the outputs are the single-process command
line's, document for document; a worker killed in the middle of a task
loses and duplicates no document, and no output is seen before it is
complete; the module's command line ends as `scrapedoc convert` does.
"""
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import scrapedoc
from scrapedoc import distributed as sd

SOURCE = os.environ.get("SCRAPEDOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("SCRAPEDOC_BIN")
SANITIZED = os.environ.get("SCRAPEDOC_SANITIZE") == "1"


def sample_texts():
    names = sorted(n for n in os.listdir(os.path.join(SOURCE, "samples")) if n.endswith(".txt"))
    texts = []
    for n in names:
        with open(os.path.join(SOURCE, "samples", n), encoding="utf-8") as f:
            texts.append(f.read())
    return texts


def make_pages(folder, count, repeat=1):
    """`count` different pages from the samples (each a sample's body
    `repeat` times, made unique by a number), named in order."""
    os.makedirs(folder, exist_ok=True)
    texts = sample_texts()
    names = []
    for i in range(count):
        head, _, body = texts[i % len(texts)].partition("\n\n")
        page = head + " (%d)\n\n" % i + "\n\n".join([body] * repeat)
        name = os.path.join(folder, "page-%04d.txt" % i)
        with open(name, "w", encoding="utf-8") as f:
            f.write(page)
        names.append(name)
    return names


def cli_jsonl(inputs, *options):
    """What the single-process command line writes for these inputs with
    --to jsonl into one file, and the lines of its standard error (the
    batch's summary left out)."""
    if not BIN:
        raise unittest.SkipTest("SCRAPEDOC_BIN not set")
    fd, out = tempfile.mkstemp(suffix=".jsonl")
    os.close(fd)
    try:
        p = subprocess.run([BIN, "convert", "--to", "jsonl", "-o", out] + list(options) + list(inputs),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        errors = [line for line in p.stderr.decode().split("\n")
                  if line and not (len(inputs) > 1 and re.match(r"scrapedoc: \d+ of \d+ converted", line))]
        return read(out), errors
    finally:
        os.unlink(out)


WARC = os.path.join(SOURCE, "samples", "crawl.warc.gz")


def damaged_warc(folder):
    """samples/crawl.warc.gz spoilt in the middle and cut short (as
    test_module's)."""
    with open(WARC, "rb") as f:
        data = bytearray(f.read())
    at = len(data) * 4 // 10
    data[at:at + 64] = bytes(64)
    path = os.path.join(folder, "damaged.warc.gz")
    with open(path, "wb") as f:
        f.write(bytes(data[:len(data) * 9 // 10]))
    return path


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def release_fifo(path, keep_open=False):
    """Opens a FIFO for writing if a reader waits on it (else None): closed
    at once, the reader sees the end of the file."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)  # ENXIO while no reader has it open
    except OSError:
        return None
    if keep_open:
        return fd
    os.close(fd)
    return None


def executing_keys(dask_worker):
    """Run on each worker (Client.run): the keys of the tasks it is running."""
    return [ts.key for ts in dask_worker.state.executing]


@unittest.skipIf(SANITIZED, "not under the sanitizers: the Dask tests check scheduling, retries and files, "
                            "and the module's code they run is checked there by test_module")
class OnLocalCluster(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        from distributed import Client, LocalCluster
        cls.cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   dashboard_address="127.0.0.1:0", silence_logs=logging.CRITICAL)
        cls.client = Client(cls.cluster)
        cls.tmp = tempfile.mkdtemp(prefix="scrapedoc-dask.")

    @classmethod
    def tearDownClass(cls):
        cls.client.close()
        cls.cluster.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def folder(self, name):
        path = os.path.join(self.tmp, name)
        shutil.rmtree(path, ignore_errors=True)
        return path

    def test_outputs_are_the_command_lines(self):
        work = self.folder("same")
        pages = make_pages(os.path.join(work, "in"), 45)
        bad = [os.path.join(work, "in", n) for n in ("bad-empty.txt", "bad-nul.txt", "bad-dir.txt")]
        open(bad[0], "wb").close()
        with open(bad[1], "wb") as f:
            f.write(b"\0" * 100)
        os.mkdir(bad[2])
        inputs = pages[:20] + bad + pages[20:]
        out = os.path.join(work, "out")
        lines = []
        result = sd.convert(inputs, out, client=self.client, partition_size=8, report=lines.append)
        self.assertEqual(result.exit_code, 1)
        self.assertEqual((result.pages, result.converted, result.failed), (48, 45, 3))
        self.assertEqual(lines[-1], "scrapedoc: 45 of 48 converted, 3 failed")
        expected_all, cli_errors = cli_jsonl(inputs)
        self.assertEqual(sorted(lines[:-1]), sorted(cli_errors))
        names = ["pages-%05d.jsonl" % k for k in range(6)]
        self.assertEqual(sorted(os.listdir(out)), names)
        self.assertEqual(result.outputs, [os.path.join(out, n) for n in names])
        for k, name in enumerate(names):
            expected, _ = cli_jsonl(inputs[8 * k:8 * k + 8])
            self.assertEqual(read(os.path.join(out, name)), expected, name)
        self.assertEqual("".join(read(p) for p in result.outputs), expected_all)

    def test_a_worker_killed_mid_task(self):
        # One page is a FIFO: the task that reaches it has converted the
        # pages before it and waits there, mid-task, until a writer comes.
        # Its worker is killed while it waits; Dask gives the task to the
        # other worker, which waits at the same page; then the page is
        # written into the FIFO and the run goes to its end. No timing:
        # the kill always lands in the middle of that task.
        work = self.folder("killed")
        pages = make_pages(os.path.join(work, "in"), 40)
        held = pages[13]  # the sixth page of the second partition of eight
        out = os.path.join(work, "out")
        tasks = sd.plan(pages, out, 8)
        held_task = next(i for i, t in enumerate(tasks) if held in t.inputs)
        expected = {t.output: cli_jsonl(list(t.inputs))[0] for t in tasks}  # the FIFO still a file here
        with open(held, "rb") as f:
            held_bytes = f.read()
        os.unlink(held)
        os.mkfifo(held)
        self.addCleanup(release_fifo, held)
        outcome = {}
        run = threading.Thread(target=lambda: outcome.update(
            result=sd.convert(pages, out, client=self.client, partition_size=8, report=lambda line: None)))
        run.start()
        seen_complete = set()

        def check_outputs():
            # Every output that has its name is already whole.
            for name in os.listdir(out) if os.path.isdir(out) else []:
                path = os.path.join(out, name)
                if path not in seen_complete:
                    self.assertEqual(read(path), expected[path], "%s seen before it was complete" % name)
                    seen_complete.add(path)

        def worker_running_held_task(exclude=()):
            live = [w for w in self.client.scheduler_info()["workers"] if w not in exclude]
            running = self.client.run(executing_keys, workers=live, on_error="ignore")
            for worker, keys in running.items():
                if any(k.startswith("scrapedoc-") and int(k.rsplit("-", 1)[1]) == held_task for k in keys):
                    return worker
            return None

        deadline = time.monotonic() + 120
        victim = None
        while victim is None and time.monotonic() < deadline:
            check_outputs()
            victim = worker_running_held_task()
            time.sleep(0.02)
        self.assertIsNotNone(victim, "the task holding the FIFO never ran")
        pid = self.client.run(os.getpid, workers=[victim])[victim]
        time.sleep(0.2)  # let it sit at the FIFO a little
        self.assertFalse(os.path.exists(tasks[held_task].output))
        os.kill(pid, signal.SIGKILL)
        # The task again, on another worker (or this one, restarted), waiting
        # at the FIFO; the page is then written in.
        while worker_running_held_task(exclude=[victim]) is None and time.monotonic() < deadline:
            check_outputs()
            time.sleep(0.02)
        self.assertFalse(os.path.exists(tasks[held_task].output), "the killed attempt left its output")
        fd = None
        while fd is None and time.monotonic() < deadline:
            fd = release_fifo(held, keep_open=True)  # None until the reader has it open
            time.sleep(0.01)
        self.assertIsNotNone(fd, "nobody read the FIFO again")
        os.set_blocking(fd, True)
        os.write(fd, held_bytes)
        os.close(fd)
        while run.is_alive() and time.monotonic() < deadline:
            check_outputs()
            time.sleep(0.02)
        run.join(60)
        self.assertFalse(run.is_alive(), "the run did not end")
        check_outputs()
        result = outcome["result"]
        self.assertEqual(result.exit_code, 0)
        self.assertEqual((result.pages, result.converted, result.failed), (40, 40, 0))
        self.assertEqual(sorted(os.listdir(out)), sorted(os.path.basename(p) for p in expected))
        for path, text in expected.items():
            self.assertEqual(read(path), text, path)
        self.assertNotIn(pid, set(self.client.run(os.getpid).values()))

    def test_urls_through_fsspec_and_the_client_in_use(self):
        work = self.folder("urls")
        pages = make_pages(os.path.join(work, "in"), 6)
        urls = (["file://" + p for p in pages] + ["file://" + os.path.join(work, "in", "missing.txt")] +
                ["file://" + WARC])
        out = os.path.join(work, "out")
        lines = []
        result = sd.convert(urls, out, partition_size=4, report=lines.append)  # client=None: this class's
        self.assertEqual(result.exit_code, 1)
        self.assertEqual(len([line for line in lines if re.match(
            r"^scrapedoc: file://.*/missing\.txt: cannot open: ", line)]), 1)
        self.assertIn("scrapedoc: file://%s: 44 record(s): 15 page(s) converted" % WARC, "\n".join(lines))
        self.assertEqual(sorted(os.listdir(out)), ["crawl.jsonl", "pages-00000.jsonl", "pages-00001.jsonl"])
        # The documents of the command line, their source named by the URL.
        for outputs, inputs in ((["pages-00000.jsonl", "pages-00001.jsonl"], pages), (["crawl.jsonl"], [WARC])):
            got = [json.loads(line) for name in outputs for line in read(os.path.join(out, name)).splitlines()]
            expected = [json.loads(line) for line in cli_jsonl(inputs)[0].splitlines()]
            self.assertEqual(len(got), len(expected))
            for doc, want in zip(got, expected):
                self.assertTrue(doc["meta"]["source"]["name"].startswith("file://"), doc["meta"]["source"])
                doc["meta"]["source"]["name"] = want["meta"]["source"]["name"]
                self.assertEqual(doc, want)

    def test_command_line_on_a_scheduler(self):
        work = self.folder("cli")
        pages = make_pages(os.path.join(work, "in"), 10)
        empty = os.path.join(work, "in", "empty.txt")
        open(empty, "wb").close()
        out = os.path.join(work, "out")
        p = run_module("--scheduler", self.cluster.scheduler_address, "--to", "jsonl", "-o", out,
                       "--partition-size", "4", *pages, empty)
        err = p.stderr.decode().strip().split("\n")
        self.assertEqual(p.returncode, 1, err)
        self.assertEqual(err, ["scrapedoc: %s: input is empty" % empty, "scrapedoc: 10 of 11 converted, 1 failed"])
        self.assertEqual(p.stdout, b"")
        self.assertEqual(sorted(os.listdir(out)), ["pages-00000.jsonl", "pages-00001.jsonl", "pages-00002.jsonl"])
        expected, _ = cli_jsonl(pages)
        self.assertEqual("".join(read(os.path.join(out, n)) for n in sorted(os.listdir(out))), expected)
        # Dask's configuration from the environment: give up connecting after 2 s, not 30.
        p = run_module("--scheduler", "tcp://127.0.0.1:1", "-o", out, *pages,
                       env=dict(os.environ, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s"))
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("cannot reach the scheduler tcp://127.0.0.1:1", p.stderr.decode())

    def test_web_archives_and_pages(self):
        work = self.folder("warcs")
        pages = make_pages(os.path.join(work, "in"), 9)
        warc = os.path.join(work, "in", "crawl.warc.gz")
        shutil.copy(WARC, warc)
        damaged = damaged_warc(os.path.join(work, "in"))
        missing = os.path.join(work, "in", "missing.warc.gz")
        inputs = pages[:5] + [warc] + pages[5:] + [damaged, missing]
        out = os.path.join(work, "out")
        lines = []
        result = sd.convert(inputs, out, client=self.client, partition_size=4, report=lines.append)
        # The command line over the same inputs into one JSON Lines file:
        # the same messages (in another order: the tasks end when they end),
        # the same summary, the same exit code.
        p = subprocess.run([BIN, "convert", "--to", "jsonl", "-o", os.path.join(work, "all.jsonl")] + inputs,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        cli_lines = p.stderr.decode().strip().split("\n")
        self.assertEqual(result.exit_code, p.returncode)
        self.assertEqual(result.exit_code, 1)
        self.assertEqual(lines[-1], cli_lines[-1])
        self.assertEqual(sorted(lines), sorted(cli_lines))
        # One file per WARC, one per partition of the loose pages, each the
        # command line's for the same input(s).
        names = ["crawl.jsonl", "damaged.jsonl", "missing.jsonl", "pages-00000.jsonl", "pages-00001.jsonl",
                 "pages-00002.jsonl"]
        self.assertEqual(sorted(os.listdir(out)), names)
        loose = pages
        for name, group in (("crawl.jsonl", [warc]), ("damaged.jsonl", [damaged]), ("missing.jsonl", [missing]),
                            ("pages-00000.jsonl", loose[0:4]), ("pages-00001.jsonl", loose[4:8]),
                            ("pages-00002.jsonl", loose[8:])):
            self.assertEqual(read(os.path.join(out, name)), cli_jsonl(group)[0], name)
        self.assertEqual(read(os.path.join(out, "missing.jsonl")), "")
        # Every page of the crawl is its page file read directly, apart from meta.source.
        check = subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "tools", "warc-compare"), BIN, SOURCE,
                                os.path.join(out, "crawl.jsonl")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(check.returncode, 0, check.stdout.decode())

    def test_one_input_given_alone(self):
        work = self.folder("alone")
        page = make_pages(os.path.join(work, "in"), 1)[0]
        result = sd.convert(page, os.path.join(work, "out"), client=self.client, report=lambda line: None)
        self.assertEqual((result.exit_code, result.pages, result.converted), (0, 1, 1))

    def test_only_jsonl(self):
        with self.assertRaisesRegex(scrapedoc.Error, 'unknown output format "tei"'):
            sd.convert([], os.path.join(self.tmp, "none"), to="tei", client=self.client)


def run_module(*args, env=None):
    return subprocess.run([sys.executable, "-m", "scrapedoc.distributed"] + list(args), env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)


@unittest.skipIf(SANITIZED, "not under the sanitizers (see OnLocalCluster)")
class CommandLine(unittest.TestCase):
    def test_local_cluster(self):
        # --local starts (and stops) a cluster of its own: one worker, to
        # keep the test short; --scheduler is tested on OnLocalCluster's.
        tmp = tempfile.mkdtemp(prefix="scrapedoc-dask-cli.")
        self.addCleanup(shutil.rmtree, tmp, True)
        pages = make_pages(os.path.join(tmp, "in"), 3)
        out = os.path.join(tmp, "out")
        p = run_module("--local", "1", "-o", out, *pages)
        self.assertEqual((p.returncode, p.stdout), (0, b""), p.stderr)
        self.assertEqual(p.stderr.decode().strip().split("\n")[-1], "scrapedoc: 3 of 3 converted")
        self.assertEqual(read(os.path.join(out, "pages-00000.jsonl")), cli_jsonl(pages)[0])

    def test_bad_arguments(self):
        for args in (["-o", "out", "page.txt"],                          # no cluster
                     ["--local", "1", "--to", "tei", "-o", "out", "page.txt"],
                     ["--local", "0", "-o", "out", "page.txt"],
                     ["--local", "1", "page.txt"]):                       # no -o
            with self.subTest(args=args):
                self.assertEqual(run_module(*args).returncode, 2)


if __name__ == "__main__":
    unittest.main()
