"""The document model as Python dataclasses: what ``scrapedoc.read`` returns
and ``scrapedoc.write`` takes.

The fields and their order are those of the C++ model
(converters/model/document.hpp) and of the JSON shape
(schema/scrapedoc.schema.json). python/bindings.cpp converts between the
two with one table per type; a field added to the model is one line there
and one here (tests/python/test_module.py checks that they agree).
"""
import json
from dataclasses import dataclass, field
from typing import ClassVar, List as _List, Optional, Union


@dataclass
class Source:
    """Where the document came from."""
    name: str = "-"                  # input file name, "-" when it has none
    format: str = ""                 # the reader: text | html | markdown | json | tei
    sha256: str = ""                 # hex SHA-256 of the raw input bytes
    # Known for a page read from a web archive (WARC): the URL it was fetched
    # from, when (ISO 8601) and the archive record it came from.
    url: Optional[str] = None
    retrieved: Optional[str] = None
    record_id: Optional[str] = None


@dataclass
class Meta:
    title: Optional[str] = None
    subtitle: Optional[str] = None
    authors: _List[str] = field(default_factory=list)
    publisher: Optional[str] = None
    date: Optional[str] = None       # ISO 8601
    language: Optional[str] = None   # BCP 47
    direction: str = "ltr"           # "ltr" or "rtl"
    # article, forum, product, collection, listing, documentation, service
    # or other; None when the reader cannot tell
    page_type: Optional[str] = None
    source: Source = field(default_factory=Source)


@dataclass
class Paragraph:
    type: ClassVar[str] = "paragraph"
    text: str = ""


@dataclass
class Figure:
    type: ClassVar[str] = "figure"
    caption: Optional[str] = None
    credit: Optional[str] = None
    src: Optional[str] = None
    alt: Optional[str] = None


@dataclass
class Quote:
    type: ClassVar[str] = "quote"
    text: str = ""


@dataclass
class List:
    type: ClassVar[str] = "list"
    ordered: bool = False
    items: _List[str] = field(default_factory=list)


@dataclass
class Table:
    """Rows of cells; with ``header`` the first row holds column headings."""
    type: ClassVar[str] = "table"
    header: bool = False
    rows: _List[_List[str]] = field(default_factory=list)


@dataclass
class Section:
    """A heading (level 2..6) and the blocks under it. A post (a forum
    post, a reply, a review) names its writer and date."""
    type: ClassVar[str] = "section"
    heading: str = ""
    level: int = 2
    blocks: _List["Block"] = field(default_factory=list)
    author: Optional[str] = None
    date: Optional[str] = None       # ISO 8601 when known, else as the page gives it


Block = Union[Paragraph, Figure, Quote, List, Table, Section]
BLOCK_TYPES = (Paragraph, Figure, Quote, List, Table, Section)


@dataclass
class Dropped:
    """An input line left out of the document, and why."""
    text: str = ""
    reason: str = ""
    line: int = 0                    # 1-based input line, 0 when the reader has none


@dataclass
class Warning:
    """Something the reader repaired or guessed (not written by the writers)."""
    message: str = ""
    offset: int = 0                  # byte offset in the raw input


@dataclass
class Document:
    meta: Meta = field(default_factory=Meta)
    byline: Optional[str] = None
    blocks: _List[Block] = field(default_factory=list)
    dropped: _List[Dropped] = field(default_factory=list)
    warnings: _List[Warning] = field(default_factory=list)

    def to_dict(self):
        """The document as the JSON writer writes it, as Python values:
        ``json.loads(scrapedoc.write(doc, "json"))``."""
        from . import _scrapedoc
        return json.loads(_scrapedoc.write(self, "json"))

    def write(self, format="json", front_matter=False):
        """The document in a format ("json", "tei", "md", ...), as str."""
        from . import _scrapedoc
        return _scrapedoc.write(self, format, front_matter)

    def iter_blocks(self):
        """Every block, those inside sections too, in document order."""
        stack = [iter(self.blocks)]
        while stack:
            block = next(stack[-1], None)
            if block is None:
                stack.pop()
                continue
            yield block
            if isinstance(block, Section):
                stack.append(iter(block.blocks))
