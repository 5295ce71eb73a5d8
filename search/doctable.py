"""A table of blocks with their folded text in one string, for exact matching at C speed.

All folded block texts of a segment are joined with "\\n" (a block's text never holds a
newline) into `text`; `starts[i]` is where block i begins. The displayed texts are joined
the same way into `display` (the fold keeps lengths, so the same offsets serve both). Finding a string anywhere in the
corpus is then `str.find`/`str.count` over one string — 2–10 ms for 10 MB — and an offset
maps back to its block by bisection. Per-block metadata (kind, source, section, reading
order) lives in parallel arrays, so filters and results need no per-block objects.

For the scan not to be paid on every query, the table has postings (`search.grams`): for
every character and every pair of adjacent characters, the blocks that hold it and how
often. A query of one or two characters is answered from them; a longer one is counted
only in the blocks that hold its two rarest pairs; a query with a character that occurs
nowhere has no match here at once.

One table is written beside each index segment (`<segment>.tws`, its postings in
`<segment>.twg`); the in-memory corpus makes one too, so searching works the same with or
without an index.
"""

from __future__ import annotations

import json
import mmap
import os
import re
import struct
import sys
from array import array
from bisect import bisect_right
from itertools import repeat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from tanwen.corpus.block_kinds import BlockKind
from tanwen.search.display_differences import PARTS, DisplayDifferences
from tanwen.search.doctable_parts import (LazySections, SectionInfo, StoredChars, largest,
                                         narrowest, sections_written, uint32s, unsigned)
from tanwen.search.grams import GramPostings
from tanwen.search.mapped_pages import release
from tanwen.search.numpy_lean import np

if TYPE_CHECKING:
    from tanwen.corpus.model import Article

KINDS = [kind.value for kind in BlockKind]
_KIND_INDEX = {kind: index for index, kind in enumerate(KINDS)}
TABLE_VERSION = 13         # names the index format with search.grams and the schema: bump on any change
MAGIC = b"TWS\x0d"             # the file's first bytes: a document table, version 13
# One per block, but for the two offset arrays (uint32, one more: the end); the others in
# the narrowest unsigned type their largest value fits
_ARRAYS = ("starts", "byte_starts", "source_of", "section_of", "block_no", "seq")
_ENDS = ("starts", "byte_starts")
NARROW_ENOUGH = 100        # postings shorter than 1/100 of the blocks are not intersected further


@dataclass
class DocTable:
    """The blocks of one segment: their texts joined, and per-block arrays (see above)."""

    _text: str | None = ""         # folded, for matching (None: not decoded yet, see `text`)
    _display: str | None = ""      # as displayed, for results
    starts: array = field(default_factory=lambda: array("I", [0]))
    # Where each block starts in the displayed text's UTF-8 (as read from disk; empty when
    # built in memory): a block is decoded alone without looking for its line.
    byte_starts: array = field(default_factory=lambda: array("I"))
    kinds: bytearray = field(default_factory=bytearray)
    source_of: array = field(default_factory=lambda: array("I"))
    section_of: array = field(default_factory=lambda: array("I"))
    block_no: array = field(default_factory=lambda: array("I"))
    seq: array = field(default_factory=lambda: array("I"))   # order within its article
    sources: list[str] = field(default_factory=list)
    sections: list[SectionInfo] | LazySections = field(default_factory=list)
    chars: frozenset[str] | StoredChars = frozenset()     # every character present
    grams: GramPostings | None = None       # stored apart from the rest: see `search.grams`
    deleted: frozenset[int] = frozenset()
    # Values derived on first use and kept, never stored: see `derived()`.
    _derived: dict = field(default_factory=dict, repr=False, compare=False)
    # As read, until decoded: the folded text's UTF-8, and where the displayed text differs
    # from it (`search.display_differences`). Searches count in
    # the UTF-8 in place and decode only the blocks they show (`count_in`, `doc_text`).
    _utf8: dict = field(default_factory=dict, repr=False, compare=False)
    _display_differences: DisplayDifferences | None = field(default=None, repr=False, compare=False)
    # The mapping the table was read from, if it was mapped (see `release_pages`).
    _mapping: mmap.mmap | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        if self._text is None:
            raw = self._utf8.get("text")
            if raw is not None:               # else another thread has just decoded it
                self._text = self._checked(str(raw, "utf-8", "surrogatepass"))
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value

    @property
    def display(self) -> str:
        if self._display is None:
            self._display = self._display_differences.applied(self.text, 0)
        return self._display

    @display.setter
    def display(self, value: str) -> None:
        self._display = value

    def _checked(self, decoded: str) -> str:
        if len(decoded) != self.starts[-1]:
            raise ValueError("document table: its text does not match its offsets")
        return decoded

    def _between_newlines(self, raw, first: int, last: int) -> tuple[int, int]:
        """The byte offsets of blocks first to last - 1, checked to lie between newlines as
        a table's lines must: one whose lines do not match its blocks is refused when a
        block is read (only the bytes read are looked at, not the whole text)."""
        start, end = self.byte_starts[first], self.byte_starts[last]
        if not (0 < end <= len(raw) and raw[end - 1] == 10
                and (first == 0 or (start > 0 and raw[start - 1] == 10))):
            raise ValueError("document table: its lines do not match its blocks")
        return start, end

    def _check_lines(self, raw, docs: list[int]) -> None:
        """`_between_newlines` for many blocks at once (a gather of their edges)."""
        offsets = np.frombuffer(self.byte_starts, dtype=np.uint32)
        at = np.asarray(docs, dtype=np.int64)
        edges = np.concatenate([offsets[at + 1], offsets[at[at > 0]]]).astype(np.int64) - 1
        text = np.frombuffer(raw, dtype=np.uint8)
        if len(edges) and ((edges < 0).any() or (edges >= len(text)).any()
                           or (text[np.minimum(edges, len(text) - 1)] != 10).any()):
            raise ValueError("document table: its lines do not match its blocks")

    # -- building --------------------------------------------------------------------------

    @classmethod
    def from_articles(cls, articles: Iterable[Article]) -> DocTable:
        table = cls()
        parts: list[str] = []
        shown: list[str] = []
        offset = 0
        starts = [0]
        for article in articles:
            source_index = len(table.sources)
            table.sources.append(article.source)
            seq = 0
            for section in article.walk():
                section_index = len(table.sections)
                headings = "\n".join(s.heading for s in _lineage(section) if s.heading)
                table.sections.append(SectionInfo(section.id, tuple(section.path), _fold(headings)))
                for number, block in enumerate(section.blocks, start=1):
                    parts.append(block.folded)
                    shown.append(block.text)
                    offset += len(block.folded) + 1
                    starts.append(offset)
                    table.kinds.append(_KIND_INDEX[block.kind.value])
                    table.source_of.append(source_index)
                    table.section_of.append(section_index)
                    table.block_no.append(number)
                    table.seq.append(seq)
                    seq += 1
        table.text = "\n".join(parts) + ("\n" if parts else "")
        table.display = "\n".join(shown) + ("\n" if shown else "")
        table.starts = array("I", starts)
        table.chars = frozenset(table.text) - {"\n"}
        table.grams = GramPostings.build(table.text, table.starts)
        return table

    # -- persistence -----------------------------------------------------------------------

    # Data only (no pickle: whoever can write the cache must not run code by it):
    #     MAGIC, header length (uint32 LE), a JSON header (version, byte order, sources,
    #     characters, the byte size of each part; UTF-8), then the parts: the folded text
    #     (UTF-8), kinds (a byte each), the arrays of _ARRAYS, the displayed text's
    #     differences from it (PARTS parts, see `search.display_differences`), and the
    #     sections: uint32 offsets into a run of JSON arrays [id, path, headings] (UTF-8).
    # The displayed text is the folded one but for a few characters (capitals, traditional
    # and full-width forms; the fold keeps lengths): only those are stored, not a second copy.
    # Opening reads the header and maps the rest: a section is decoded when it is shown, a
    # string is counted in the UTF-8 as it lies (`count_in`), a block is decoded when shown.

    def write(self, handle) -> None:
        folded = self.text.encode("utf-8", "surrogatepass")
        display_differences = DisplayDifferences.between(self.text, self.display).parts()
        line_ends = np.flatnonzero(np.frombuffer(folded, dtype=np.uint8) == 10) + 1
        self.byte_starts = array("I", [0, *line_ends.tolist()])
        arrays = [getattr(self, name) for name in _ARRAYS]
        codes = ["I" if name in _ENDS else narrowest(numbers) for name, numbers in zip(_ARRAYS, arrays)]
        arrays = [np.asarray(numbers, dtype=code).tobytes() for numbers, code in zip(arrays, codes)]
        section_at, section_runs = sections_written(self.sections)
        parts = [folded, bytes(self.kinds), *arrays, *display_differences, section_at,
                 section_runs]
        header = json.dumps({
            "version": TABLE_VERSION, "byteorder": sys.byteorder, "sources": self.sources,
            "chars": "".join(sorted(self.chars)), "sizes": [len(part) for part in parts],
            "arrays": "".join(codes),
        }, ensure_ascii=False).encode("utf-8", "surrogatepass")   # even unpaired surrogates
        handle.write(MAGIC + struct.pack("<I", len(header)) + header)
        for part in parts:
            handle.write(part)

    @classmethod
    def open(cls, path) -> DocTable:
        """The table written to `path`, mapped rather than read: the texts stay in the
        page cache, decoded block by block or in full as searches need them (the mapping
        lives as long as the table)."""
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size == 0:
                raise ValueError("not a document table of this version")
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        table = cls.read(memoryview(mapped))
        table._mapping = mapped
        return table

    @classmethod
    def read(cls, data: bytes | memoryview) -> DocTable:
        """A table from what `write` wrote; ValueError if it is not one."""
        if data[:4] != MAGIC or len(data) < 8:
            raise ValueError("not a document table of this version")
        (length,) = struct.unpack("<I", data[4:8])
        state = json.loads(str(data[8:8 + length], "utf-8", "surrogatepass"))
        sizes = state["sizes"]
        codes = state.get("arrays", "")
        if (len(sizes) != 4 + PARTS + len(_ARRAYS) or 8 + length + sum(sizes) != len(data)
                or len(codes) != len(_ARRAYS) or not set(codes) <= set("BHI")):
            raise ValueError("document table is cut short or too long")
        parts, at = [], 8 + length
        for size in sizes:
            parts.append(data[at:at + size])
            at += size
        folded, kinds, *raw, section_at, section_runs = parts
        arrays = [unsigned(part, state["byteorder"], code) for part, code in zip(raw, codes)]
        table = cls(
            _text=None, _display=None, _utf8={"text": folded},
            _display_differences=DisplayDifferences.read(raw[len(_ARRAYS):], state["byteorder"]),
            kinds=bytearray(kinds), sources=state["sources"],
            sections=LazySections(uint32s(section_at, state["byteorder"]), section_runs),
            chars=StoredChars(state["chars"]), **dict(zip(_ARRAYS, arrays)),
        )
        # The text is checked as it is read: its lines and each piece's length (see
        # `text_of`), the whole text's (`text`).
        if (any(len(getattr(table, name)) != len(table.kinds) + 1 for name in _ENDS)
                or table.byte_starts[-1] != len(folded)
                or table._display_differences.last_offset() >= table.starts[-1]
                or any(len(getattr(table, name)) != len(table.kinds)
                       for name in _ARRAYS if name not in _ENDS)
                or not table.sections.consistent(len(section_runs))
                or largest(table.kinds, np.uint8) >= len(KINDS)
                or largest(table.source_of) >= max(len(table.sources), 1)
                or largest(table.section_of) >= max(len(table.sections), 1)):
            raise ValueError("document table is inconsistent")
        return table

    # -- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.kinds)

    def doc_at(self, offset: int) -> int:
        """The block that holds character `offset` of `text`."""
        return bisect_right(self.starts, offset) - 1

    def doc_text(self, doc: int) -> str:
        """The folded text of a block (decoded alone while the whole text is not)."""
        return self.text_of(doc, doc + 1)[:-1]

    def text_of(self, first: int, last: int) -> str:
        """The folded text of blocks first to last - 1, newlines included, decoded alone
        when the whole text is not (a scan of it a piece at a time holds only the piece)."""
        raw = self._utf8.get("text") if self._text is None else None
        if raw is None:
            return self.text[self.starts[first]:self.starts[last]]
        start, end = self._between_newlines(raw, first, last)
        piece = str(raw[start:end], "utf-8", "surrogatepass")
        if len(piece) != self.starts[last] - self.starts[first]:
            raise ValueError("document table: its text does not match its offsets")
        return piece

    def display_text(self, doc: int) -> str:
        """The text of a block as displayed."""
        if self._display is not None:
            return self._display[self.starts[doc]:self.starts[doc + 1] - 1]
        return self._display_differences.applied(self.doc_text(doc), self.starts[doc])

    def doc_length(self, doc: int) -> int:
        return self.starts[doc + 1] - self.starts[doc] - 1

    def blocks(self) -> list[str]:
        """The folded text of every block, as separate strings (searches count in place,
        see `count_in`: a string per block took as much memory again as the text)."""
        return self.text.split("\n")[:-1]

    def count_in(self, needle: str, docs: list[int]) -> np.ndarray:
        """Occurrences of `needle` (no newline) in each of `docs`, counted in C where the
        text lies: in its UTF-8 when it is not decoded (a match of UTF-8 bytes is a match
        of characters: no character's bytes start inside another's), else `str.count`
        between the block's offsets. No block is cut out as a string."""
        raw = self._utf8.get("text") if self._text is None else None
        if raw is None:
            starts = self.starts
            counts = map(self.text.count, repeat(needle), map(starts.__getitem__, docs),
                          map(starts.__getitem__, map((1).__add__, docs)))
        else:
            self._check_lines(raw, docs)
            starts = self.byte_starts
            # A regex searches the mapped bytes between two offsets as they lie: twice as
            # fast as cutting each block out as bytes to count in it.
            found = re.compile(re.escape(needle.encode("utf-8", "surrogatepass"))).findall
            counts = map(len, map(found, repeat(raw), map(starts.__getitem__, docs),
                                  map(starts.__getitem__, map((1).__add__, docs))))
        return np.fromiter(counts, dtype=np.int64, count=len(docs))

    def release_pages(self) -> None:
        """Give back the pages of the table's files that the process has read so far (the
        page cache keeps them: see `search.mapped_pages`), after a scan of most of them."""
        release(self._mapping)
        if self.grams is not None:
            self.grams.release()

    def lengths(self) -> np.ndarray:
        """The length of every block's text (from `starts`: no block is cut out for it)."""
        return self.derived("lengths", lambda: np.diff(np.frombuffer(self.starts, dtype=np.uint32)
                                                       ).astype(np.int64) - 1)

    def derived(self, key: str, make):
        """A value computed from the table on first use and kept with it (not stored)."""
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = make()
        return found

    def kind(self, doc: int) -> str:
        return KINDS[self.kinds[doc]]

    def source(self, doc: int) -> str:
        return self.sources[self.source_of[doc]]

    def section(self, doc: int) -> SectionInfo:
        return self.sections[self.section_of[doc]]

    def block_id(self, doc: int) -> str:
        return f"{self.section(doc).id}/{self.block_no[doc]}"

    def candidates(self, needle: str) -> list[int] | None:
        """The blocks that may hold `needle`, ascending — those holding its two rarest
        characters or pairs — or None when a character of it occurs nowhere here."""
        if not self.chars.issuperset(needle):
            return None
        grams = {needle} if len(needle) == 1 else {needle[i:i + 2] for i in range(len(needle) - 1)}
        lists = sorted((self.grams.blocks(gram) for gram in grams), key=len)
        if len(lists) == 1 or len(lists[0]) * NARROW_ENOUGH <= len(self):
            return lists[0].tolist()
        return np.intersect1d(lists[0], lists[1], assume_unique=True).tolist()

    def live_docs(self) -> Iterable[int]:
        deleted = self.deleted
        return (doc for doc in range(len(self)) if doc not in deleted)


def _lineage(section):
    chain = []
    while section is not None:
        chain.append(section)
        section = section.parent
    return chain[::-1]


def _fold(text: str) -> str:
    from tanwen.corpus.normalize import fold

    return fold(text)
