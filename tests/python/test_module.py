"""The Python module (import scrapedoc): docs/python.md.

Run by CTest (tests/CMakeLists.txt) with Debian's python3 and
PYTHONPATH=build/python; SCRAPEDOC_BIN is the command line built beside it,
SCRAPEDOC_SOURCE_DIR the checkout. The corpus checks run when ../shared is
there and say plainly that they are skipped when it is not.
"""
import dataclasses
import glob
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import sys
import threading
import unittest

import scrapedoc
import scrapedoc.distributed as sd
from scrapedoc import _scrapedoc, model

SOURCE = os.environ.get("SCRAPEDOC_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("SCRAPEDOC_BIN")
SHARED = os.path.join(SOURCE, "..", "shared")


def samples():
    return sorted(glob.glob(os.path.join(SOURCE, "samples", "*.txt")) +
                  glob.glob(os.path.join(SOURCE, "samples", "html", "*.html")) +
                  glob.glob(os.path.join(SOURCE, "tests", "fuzz", "regressions", "*", "*.html")) +
                  glob.glob(os.path.join(SOURCE, "tests", "fuzz", "seeds", "page.html")))


def corpus_pages():
    return sorted(glob.glob(os.path.join(SHARED, "corpus", "dev", "*", "page.txt")) +
                  glob.glob(os.path.join(SHARED, "corpus", "dev", "*", "page.html")))


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def compare_with_dict(test, value, expected, where):
    """Every field of the dataclass `value` against the JSON writer's dict:
    the attributes a user reads are the JSON's values."""
    if dataclasses.is_dataclass(value):
        if getattr(type(value), "type", None):
            test.assertEqual(value.type, expected["type"], where)
        for f in dataclasses.fields(value):
            if f.name == "warnings" and isinstance(value, model.Document):
                continue  # reported, not written
            sub = getattr(value, f.name)
            if f.name not in expected:
                # Written only when known (meta.source's WARC fields).
                test.assertIsNone(sub, where + "." + f.name + " is not written, so it must be None")
                continue
            compare_with_dict(test, sub, expected[f.name], where + "." + f.name)
    elif isinstance(value, list):
        test.assertIsInstance(expected, list, where)
        test.assertEqual(len(value), len(expected), where)
        for i, (a, b) in enumerate(zip(value, expected)):
            compare_with_dict(test, a, b, "%s[%d]" % (where, i))
    else:
        test.assertEqual(value, expected, where)
        test.assertIs(type(value), type(expected), where)


class ModelTables(unittest.TestCase):
    def test_bindings_and_dataclasses_have_the_same_fields(self):
        tables = _scrapedoc._model_fields()
        classes = {name: getattr(model, name) for name in tables}
        self.assertEqual(set(tables), {c.__name__ for c in vars(model).values()
                                       if dataclasses.is_dataclass(c) and isinstance(c, type)})
        for name, fields in tables.items():
            self.assertEqual([f.name for f in dataclasses.fields(classes[name])], fields,
                             "python/bindings.cpp's shape_of(%s) and model.py's %s differ" % (name, name))

    def test_block_types_are_the_json_names(self):
        doc = scrapedoc.Document(blocks=[cls() for cls in model.BLOCK_TYPES])
        self.assertEqual([b["type"] for b in doc.to_dict()["blocks"]], [cls.type for cls in model.BLOCK_TYPES])


class Conversions(unittest.TestCase):
    """Every sample: the Python document is the JSON writer's, from Python
    and from the command line; write() of it is convert() of the page."""

    def check_page(self, path):
        data = read_bytes(path)
        doc = scrapedoc.read(data, name=path)
        expected = json.loads(scrapedoc.convert(data, "json", name=path))
        self.assertEqual(doc.to_dict(), expected, path)
        compare_with_dict(self, doc, expected, path)
        for fmt in scrapedoc.writer_names():
            self.assertEqual(scrapedoc.write(doc, fmt), scrapedoc.convert(data, fmt, name=path), (path, fmt))
        return doc, expected

    def test_samples(self):
        pages = samples()
        self.assertGreaterEqual(len(pages), 12)
        for path in pages:
            with self.subTest(path=path):
                doc, expected = self.check_page(path)
                self.assertTrue(doc.blocks, path)

    def test_samples_match_the_command_line(self):
        if not BIN:
            self.skipTest("SCRAPEDOC_BIN not set: no command line to compare with")
        for path in samples():
            with self.subTest(path=path):
                cli = subprocess.run([BIN, "convert", "-q", "--to", "json", path], check=True,
                                     stdout=subprocess.PIPE).stdout.decode("utf-8")
                self.assertEqual(scrapedoc.read_file(path).to_dict(), json.loads(cli))
                self.assertEqual(scrapedoc.convert(read_bytes(path), "json", name=path), cli)

    def test_corpus(self):
        pages = corpus_pages()
        if not pages:
            print("test_corpus: skipped: ../shared/corpus/dev is not there", file=sys.stderr)
            self.skipTest("../shared/corpus/dev is not there")
        for path in pages:
            with self.subTest(path=path):
                self.check_page(path)

    def test_read_file_is_read_of_the_bytes(self):
        path = samples()[0]
        self.assertEqual(scrapedoc.read_file(path), scrapedoc.read(read_bytes(path), name=path))

    def test_read_file_of_a_pipe(self):
        # What is looked at first (is it a web archive?) must not be taken
        # from a pipe, which cannot be read twice: bash's <(...) is one.
        path = os.path.join(SOURCE, "samples", "en-harbor-ferry.txt")
        data = read_bytes(path)
        r, w = os.pipe()
        writer = threading.Thread(target=lambda: (os.write(w, data), os.close(w)))
        writer.start()
        try:
            doc = scrapedoc.read_file("/dev/fd/%d" % r)
        finally:
            writer.join()
            os.close(r)
        doc.meta.source.name = path
        self.assertEqual(doc, scrapedoc.read_file(path))

    def test_str_bytes_and_buffers(self):
        path = os.path.join(SOURCE, "samples", "ar-desalination.txt")
        data = read_bytes(path)
        doc = scrapedoc.read(data)
        self.assertEqual(scrapedoc.read(data.decode("utf-8")), doc)
        self.assertEqual(scrapedoc.read(bytearray(data)), doc)
        self.assertEqual(scrapedoc.read(memoryview(data)), doc)
        self.assertEqual(doc.meta.direction, "rtl")
        self.assertEqual(doc.meta.language, "ar")
        self.assertEqual(doc.meta.source.name, "-")
        self.assertEqual(doc.meta.source.format, "text")
        with self.assertRaises(TypeError):
            scrapedoc.read(12)

    def test_format_is_the_reader_asked_for(self):
        page = "<html><head><title>T</title></head><body><p>One paragraph of text here.</p></body></html>"
        self.assertEqual(scrapedoc.read(page).meta.source.format, "html")
        self.assertEqual(scrapedoc.read(page, format="text").meta.source.format, "text")
        md = scrapedoc.convert(page, to="md")
        self.assertEqual(scrapedoc.read(md, format="markdown").meta.source.format, "markdown")

    def test_json_round_trip_through_python(self):
        path = os.path.join(SOURCE, "samples", "en-harbor-ferry.txt")
        doc = scrapedoc.read_file(path)
        again = scrapedoc.read(scrapedoc.write(doc, "json"), format="json")
        # The JSON reader keeps what the JSON holds; its source is the JSON.
        again.meta.source = doc.meta.source
        self.assertEqual(again.to_dict(), doc.to_dict())


class BuildingDocuments(unittest.TestCase):
    def test_a_document_made_in_python(self):
        doc = scrapedoc.Document(
            meta=scrapedoc.Meta(title="Ferries", authors=["Dana Example"], language="en", page_type="article"),
            blocks=[scrapedoc.Paragraph("First."),
                    scrapedoc.Section("Schedules", 2, [scrapedoc.List(True, ["one", "two"]),
                                                       scrapedoc.Table(True, [["a", "b"], ["1", "2"]])]),
                    scrapedoc.Figure(caption="A ferry", credit="Archive")])
        d = doc.to_dict()
        self.assertEqual(d["format"], "scrapedoc")
        self.assertEqual(d["meta"]["title"], "Ferries")
        self.assertEqual(d["meta"]["page_type"], "article")
        self.assertEqual(d["blocks"][1]["blocks"][0], {"type": "list", "ordered": True, "items": ["one", "two"]})
        self.assertEqual([b.type for b in doc.iter_blocks()], ["paragraph", "section", "list", "table", "figure"])
        md = scrapedoc.write(doc, "md")
        self.assertIn("## Schedules", md)
        self.assertIn("title: \"Ferries\"", scrapedoc.write(doc, "md", front_matter=True))
        tei = doc.write("tei")
        self.assertIn('<head rend="h2">Schedules</head>', tei)

    def test_a_post_names_its_writer_and_date(self):
        post = scrapedoc.Section("Re: ferries", 3, [scrapedoc.Paragraph("Take the early one.")],
                                 author="Dana Example", date="2021-03-04")
        doc = scrapedoc.Document(blocks=[scrapedoc.Section("Plain", 2, [scrapedoc.Paragraph("x")]), post])
        d = doc.to_dict()
        self.assertNotIn("author", d["blocks"][0])
        self.assertEqual((d["blocks"][1]["author"], d["blocks"][1]["date"]), ("Dana Example", "2021-03-04"))
        back = scrapedoc.read(doc.write("json"), "json")
        self.assertEqual(back.blocks[1].author, "Dana Example")
        self.assertEqual(back.to_dict()["blocks"], d["blocks"])

    def test_edited_document(self):
        doc = scrapedoc.read_file(os.path.join(SOURCE, "samples", "fr-market-hall.txt"))
        doc.meta.title = "Un autre titre"
        doc.blocks.insert(0, scrapedoc.Quote("« Citation »"))
        back = scrapedoc.read(scrapedoc.write(doc, "json"), format="json")
        self.assertEqual(back.meta.title, "Un autre titre")
        self.assertEqual(back.blocks[0], scrapedoc.Quote("« Citation »"))

    def test_wrong_types_name_the_field(self):
        doc = scrapedoc.Document()
        doc.meta.authors = "Dana"
        with self.assertRaisesRegex(TypeError, r"meta\.authors: expected a list, not str"):
            scrapedoc.write(doc, "json")
        doc = scrapedoc.Document(blocks=[scrapedoc.Section("S", 2, [scrapedoc.List(items=["a", 3])])])
        with self.assertRaisesRegex(TypeError, r"blocks\[0\]\.blocks\[0\]\.items\[1\]: expected str, not int"):
            scrapedoc.write(doc, "json")
        with self.assertRaisesRegex(TypeError, r"blocks\[0\]: expected a block"):
            scrapedoc.write(scrapedoc.Document(blocks=["text"]), "json")
        with self.assertRaisesRegex(ValueError, r"meta\.direction: expected \"ltr\" or \"rtl\""):
            scrapedoc.write(scrapedoc.Document(meta=scrapedoc.Meta(direction="up")), "json")
        with self.assertRaisesRegex(ValueError, r'meta\.page_type: not a page type: "blog"'):
            scrapedoc.write(scrapedoc.Document(meta=scrapedoc.Meta(page_type="blog")), "json")
        with self.assertRaisesRegex(TypeError, "expected scrapedoc.Document"):
            scrapedoc.write({"meta": {}}, "json")


class Errors(unittest.TestCase):
    def test_empty_input(self):
        with self.assertRaises(scrapedoc.Error) as caught:
            scrapedoc.read(b"", name="empty.txt")
        e = caught.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual((e.file, e.line, e.message), ("empty.txt", None, "input is empty"))
        self.assertEqual(str(e), "empty.txt: input is empty")

    def test_the_line_of_an_error(self):
        bad = '{"format": "scrapedoc",\n "version": 1,\n "meta": [\n'
        with self.assertRaises(scrapedoc.Error) as caught:
            scrapedoc.read(bad, format="json", name="bad.json")
        e = caught.exception
        self.assertEqual(e.file, "bad.json")
        self.assertIsInstance(e.line, int)
        self.assertGreaterEqual(e.line, 3)
        self.assertTrue(str(e).startswith("bad.json:%d: " % e.line), str(e))
        self.assertEqual(pickle.loads(pickle.dumps(e)).line, e.line)

    def test_limits_and_formats(self):
        with self.assertRaisesRegex(scrapedoc.Error, "over the limit of 10 bytes"):
            scrapedoc.read(b"x" * 11, max_input=10)
        with self.assertRaisesRegex(scrapedoc.Error, 'unknown input format "nope"'):
            scrapedoc.read(b"text", format="nope")
        with self.assertRaisesRegex(scrapedoc.Error, 'unknown output format "nope"'):
            scrapedoc.convert(b"text", to="nope")
        with self.assertRaisesRegex(scrapedoc.Error, 'unknown output format "nope"'):
            scrapedoc.write(scrapedoc.Document(), "nope")
        with self.assertRaises(scrapedoc.Error) as caught:
            scrapedoc.read_file(os.path.join(SOURCE, "no-such-file.txt"))
        self.assertIn("cannot open", caught.exception.message)


WARC = os.path.join(SOURCE, "samples", "crawl.warc.gz")


def damaged_warc(folder):
    """samples/crawl.warc.gz with 64 bytes spoilt 40% of the way in (a
    corrupt gzip member) and cut off at 90% (a truncated one): damage in
    the middle and at the end, good records before and between."""
    data = bytearray(read_bytes(WARC))
    at = len(data) * 4 // 10
    data[at:at + 64] = bytes(64)
    path = os.path.join(folder, "damaged.warc.gz")
    with open(path, "wb") as f:
        f.write(bytes(data[:len(data) * 9 // 10]))
    return path


def cli_warc(path):
    """The command line's JSON Lines of a WARC and its standard error lines."""
    p = subprocess.run([BIN, "convert", "--to", "jsonl", path], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.stdout.decode("utf-8"), p.stderr.decode("utf-8").strip().split("\n"), p.returncode


class WebArchives(unittest.TestCase):
    """scrapedoc.read_warc on the WARC that wget wrote of the samples
    (samples/crawl.warc.gz) and on a damaged copy of it."""

    def setUp(self):
        if not BIN:
            self.skipTest("SCRAPEDOC_BIN not set: no command line to compare with")
        self.tmp = tempfile.mkdtemp(prefix="scrapedoc-pywarc.")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_every_page_is_its_page_file(self):
        pages = scrapedoc.read_warc(WARC)
        out = os.path.join(self.tmp, "python.jsonl")
        with open(out, "w", encoding="utf-8") as f:
            for doc in pages:
                self.assertIsInstance(doc, scrapedoc.Document)
                f.write(scrapedoc.write(doc, "jsonl"))
        # The same checker as the command line's test (tests/scripts/warc.sh):
        # each page equals its file in samples/html read directly, apart from
        # meta.source, which names the URL, the time and the record.
        check = subprocess.run([sys.executable, os.path.join(SOURCE, "tests", "tools", "warc-compare"), BIN, SOURCE,
                                out], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.assertEqual(check.returncode, 0, check.stdout.decode())
        self.assertEqual(pages.problems, [])
        cli, err, rc = cli_warc(WARC)
        self.assertEqual(rc, 0)
        self.assertEqual(read_bytes(out).decode("utf-8"), cli)
        self.assertEqual(err, [sd.warc_summary_line(WARC, pages.summary)])

    def test_documents_and_their_dicts(self):
        cli, _, _ = cli_warc(WARC)
        docs = list(scrapedoc.read_warc(WARC))
        self.assertEqual(len(docs), 15)
        for doc, line in zip(docs, cli.splitlines()):
            expected = json.loads(line)
            self.assertEqual(doc.to_dict(), expected)
            compare_with_dict(self, doc, expected, doc.meta.source.url)
            self.assertTrue(doc.meta.source.url.startswith("http://127.0.0.1:"), doc.meta.source.url)
            self.assertRegex(doc.meta.source.record_id, r"^urn:uuid:")
            self.assertEqual(doc.meta.source.name, WARC)

    def test_from_bytes_and_file_objects(self):
        expected = list(scrapedoc.read_warc(WARC))
        data = read_bytes(WARC)
        for source in (data, bytearray(data)):
            got = list(scrapedoc.read_warc(source, name=WARC))
            self.assertEqual(got, expected)
        with open(WARC, "rb") as f:
            self.assertEqual(list(scrapedoc.read_warc(f, name=WARC)), expected)

        class ReadOnly:
            """A stream with read() alone, which hands out a few bytes at a time."""
            def __init__(self):
                self.data, self.at = data, 0

            def read(self, n):
                chunk = self.data[self.at:self.at + min(n, 1000)]
                self.at += len(chunk)
                return chunk
        self.assertEqual(list(scrapedoc.read_warc(ReadOnly(), name=WARC)), expected)
        self.assertEqual(scrapedoc.read_warc(data).summary["converted"], 0)  # nothing read yet
        self.assertEqual(list(scrapedoc.read_warc(data))[0].meta.source.name, "-")

    def test_damage_is_reported_and_the_rest_read(self):
        damaged = damaged_warc(self.tmp)
        pages = scrapedoc.read_warc(damaged)
        docs = list(pages)
        cli, err, rc = cli_warc(damaged)
        self.assertEqual(rc, 1)
        self.assertEqual("".join(scrapedoc.write(d, "jsonl") for d in docs), cli)
        self.assertGreater(len(docs), 0)
        self.assertLess(len(docs), 15)
        self.assertGreaterEqual(len(pages.problems), 2)
        for problem in pages.problems:
            self.assertIsInstance(problem, scrapedoc.Error)
            self.assertEqual(problem.file, damaged)
            self.assertRegex(problem.message, r"byte \d+")
        self.assertEqual(err, ["scrapedoc: %s" % p for p in pages.problems] +
                         [sd.warc_summary_line(damaged, pages.summary)])
        # Records after the corrupt member were read: the last page read lies past it.
        self.assertGreater(len(docs), sum(1 for line in err if "record(s)" not in line))

    def test_errors(self):
        with self.assertRaisesRegex(scrapedoc.Error, "cannot open"):
            scrapedoc.read_warc(os.path.join(self.tmp, "missing.warc.gz"))
        with self.assertRaisesRegex(scrapedoc.Error, "a web archive .WARC. of many pages, not one page: "
                                                     "read it with scrapedoc.read_warc"):
            scrapedoc.read(read_bytes(WARC), name="crawl.warc.gz")
        with self.assertRaisesRegex(scrapedoc.Error, "a web archive"):
            scrapedoc.convert_file(WARC)

        class Failing:
            def __init__(self):
                self.f = open(WARC, "rb")
                self.calls = 0

            def readinto(self, buf):
                self.calls += 1
                if self.calls > 5:
                    raise OSError("the network went away")
                return self.f.readinto(memoryview(buf)[:1000])
        source = Failing()
        self.addCleanup(source.f.close)
        pages = scrapedoc.read_warc(source)
        with self.assertRaisesRegex(OSError, "the network went away"):
            list(pages)
        self.assertEqual(source.calls, 6)
        self.assertEqual(list(pages), [])  # and then the end


class Threads(unittest.TestCase):
    def test_the_gil_is_released_while_converting(self):
        # This thread counts while another converts a large page. With a
        # switch interval far longer than the test, a thread gives up the
        # GIL only when it blocks or when C++ releases it: the count moves
        # during the conversion only if convert() released the GIL. (How
        # much faster two threads are is a figure of `make bench`.)
        paragraphs = [line for path in samples() if path.endswith(".txt")
                      for line in read_bytes(path).decode("utf-8").split("\n") if len(line) > 100]
        page = "\n\n".join("%s (%d)" % (paragraphs[i % len(paragraphs)], i) for i in range(5000))
        count = [0]
        seen = {}
        done = threading.Event()

        def convert():
            seen["before"] = count[0]
            seen["result"] = scrapedoc.convert(page, "json")
            seen["after"] = count[0]
            done.set()

        interval = sys.getswitchinterval()
        sys.setswitchinterval(1000)
        try:
            worker = threading.Thread(target=convert)
            worker.start()
            while not done.wait(0.0005):
                count[0] += 1
            worker.join()
        finally:
            sys.setswitchinterval(interval)
        self.assertTrue(seen["result"].startswith("{"))
        self.assertGreater(seen["after"], seen["before"], "the converting thread held the GIL")

    def test_threads_give_the_same_documents(self):
        from concurrent.futures import ThreadPoolExecutor
        pages = [read_bytes(p) for p in samples()] * 4
        with ThreadPoolExecutor(4) as pool:
            parallel = list(pool.map(lambda d: scrapedoc.convert(d, "json"), pages))
        self.assertEqual(parallel, [scrapedoc.convert(d, "json") for d in pages])


if __name__ == "__main__":
    unittest.main()
