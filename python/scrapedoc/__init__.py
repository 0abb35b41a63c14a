"""scrapedoc: scraped web pages (HTML or the text a scraper copied off the
rendered page) read into one document model and written as JSON, TEI-XML,
Markdown or JSON Lines. docs/python.md has the API with examples.

    >>> import scrapedoc
    >>> doc = scrapedoc.read(open("page.html", "rb").read(), name="page.html")
    >>> doc.meta.title, [b.type for b in doc.blocks][:3]
    >>> scrapedoc.write(doc, "tei")
    >>> scrapedoc.convert(b"<html>...</html>", to="md")
    >>> for doc in scrapedoc.read_warc("crawl.warc.gz"): ...

The work is done by the C++ library with the GIL released: threads convert
pages in parallel.
"""
from .errors import Error
from .model import (Block, Document, Dropped, Figure, List, Meta, Paragraph, Quote, Section, Source, Table,
                    Warning)
from . import _scrapedoc

__version__ = _scrapedoc.version()
DEFAULT_MAX_INPUT = _scrapedoc.default_max_input


def read(data, format="auto", name="-", *, max_input=DEFAULT_MAX_INPUT):
    """Reads one page into a Document.

    ``data`` is bytes (any encoding: decoded as the command line decodes a
    file) or str. ``format`` is "auto" (sniffed) or a reader name (see
    ``reader_names()``); ``name`` is reported in errors and kept in
    ``doc.meta.source.name``. Raises scrapedoc.Error for input that cannot be
    read."""
    return _scrapedoc.read(data, format, name, max_input)


def read_file(path, format="auto", *, max_input=DEFAULT_MAX_INPUT):
    """Reads a file into a Document; its name is the path as given."""
    return _scrapedoc.read_file(path, format, max_input)


def write(doc, format="json", *, front_matter=False):
    """Writes a Document as str in a format: "json", "tei", "md", "jsonl"
    (see ``writer_names()``). ``front_matter``: Markdown opens with YAML
    front matter holding the meta fields. Raises scrapedoc.Error for an
    unknown format, TypeError for a document whose fields have the wrong
    types."""
    return _scrapedoc.write(doc, format, front_matter)


def convert(data, to="json", format="auto", *, name="-", max_input=DEFAULT_MAX_INPUT, front_matter=False):
    """``write(read(data, format, name), to)`` without building the Python
    Document in between: the whole conversion runs without the GIL."""
    return _scrapedoc.convert(data, to, format, name, max_input, front_matter)


def convert_file(path, to="json", format="auto", *, max_input=DEFAULT_MAX_INPUT, front_matter=False):
    """``convert`` of a file, read by the library (its name is the path as
    given): what ``scrapedoc convert FILE`` writes."""
    return _scrapedoc.convert_file(path, to, format, max_input, front_matter)


def read_warc(source, *, name=None, max_input=DEFAULT_MAX_INPUT):
    """The pages of a web archive (WARC 1.0/1.1, plain or gzip), one Document
    at a time, read one record at a time: memory stays that of one record
    however large the archive.

    ``source`` is a path, bytes, or a binary file object (anything with
    ``readinto`` or ``read``: an open file, ``sys.stdin.buffer``, an
    fsspec file). Each HTML ``response`` record becomes a Document with
    ``meta.source.url``, ``.retrieved`` and ``.record_id``; other records
    are counted in ``.summary``. A damaged record (a truncated gzip member,
    a wrong Content-Length) does not stop the reading: its
    ``scrapedoc.Error``, naming the byte offset, is added to ``.problems``
    and the next record is read, as on the command line::

        pages = scrapedoc.read_warc("crawl.warc.gz")
        for doc in pages:
            print(doc.meta.source.url, doc.meta.title)
        pages.summary    # {'records': 40, 'converted': 15, 'failed': 0, 'skipped': {...}}
        pages.problems   # [] or [scrapedoc.Error(...), ...]

    ``name`` (default: the path, else "-") names the archive in errors.
    Raises scrapedoc.Error when a path cannot be opened."""
    return _scrapedoc.read_warc(source, name, max_input)


def reader_names():
    """The input formats ``read`` accepts besides "auto"."""
    return _scrapedoc.reader_names()


def writer_names():
    """The output formats ``write`` accepts."""
    return _scrapedoc.writer_names()


__all__ = ["Error", "Document", "Meta", "Source", "Block", "Paragraph", "Figure", "Quote", "List", "Table",
           "Section", "Dropped", "Warning", "read", "read_file", "read_warc", "write", "convert", "convert_file", "reader_names",
           "writer_names", "__version__"]
