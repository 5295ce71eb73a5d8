"""A table of blocks with their folded text in one string, for exact matching at C speed.

All folded block texts of a segment are joined with "\\n" (a block's text never holds a
newline) into `text`; `starts[i]` is where block i begins. The displayed texts are joined
the same way into `display` (the fold keeps lengths, so the same offsets serve both). Finding a string anywhere in the
corpus is then `str.find`/`str.count` over one string — 2–10 ms for 10 MB — and an offset
maps back to its block by bisection. Per-block metadata (kind, source, section, reading
order) lives in parallel arrays, so filters and results need no per-block objects.

For the scan not to be paid on every query, the table also knows, for each character,
the blocks that hold it: a query is checked only on the blocks that hold its two rarest
characters, and a query with a character that occurs nowhere has no match here at once.

One table is written beside each index segment (`<segment>.tws`); the in-memory corpus
makes one too, so searching works the same with or without an index.
"""

from __future__ import annotations

import pickle
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Iterable

import numpy as np

from corpus.model import Article, BlockKind

KINDS = [kind.value for kind in BlockKind]
_KIND_INDEX = {kind: index for index, kind in enumerate(KINDS)}
TABLE_VERSION = 5
NARROW_ENOUGH = 100        # a list shorter than 1/100 of the blocks is not intersected further


@dataclass
class SectionInfo:
    id: str
    path: tuple[str, ...]          # labels, article to section
    headings: str                  # folded real headings of the path, joined by "\n"


@dataclass
class DocTable:
    text: str = ""                 # folded, for matching
    display: str = ""              # as displayed, for results
    starts: array = field(default_factory=lambda: array("I", [0]))
    kinds: bytearray = field(default_factory=bytearray)
    source_of: array = field(default_factory=lambda: array("I"))
    section_of: array = field(default_factory=lambda: array("I"))
    block_no: array = field(default_factory=lambda: array("I"))
    seq: array = field(default_factory=lambda: array("I"))   # order within its article
    sources: list[str] = field(default_factory=list)
    sections: list[SectionInfo] = field(default_factory=list)
    chars: frozenset[str] = frozenset()                          # every character present
    char_docs: dict[str, array] = field(default_factory=dict)   # character → its blocks
    deleted: frozenset[int] = frozenset()
    # Values derived on first use and kept, never stored: see `derived()`.
    _derived: dict = field(default_factory=dict, repr=False, compare=False)

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
        table.chars, table.char_docs = _character_lists(parts)
        return table

    # -- persistence -----------------------------------------------------------------------

    def dumps(self) -> bytes:
        state = {
            "version": TABLE_VERSION, "text": self.text, "display": self.display,
            "starts": self.starts,
            "kinds": bytes(self.kinds), "source_of": self.source_of,
            "section_of": self.section_of, "block_no": self.block_no, "seq": self.seq,
            "sources": self.sources,
            "sections": [(s.id, s.path, s.headings) for s in self.sections],
            "chars": "".join(sorted(self.chars)), "char_docs": self.char_docs,
        }
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes) -> DocTable:
        state = pickle.loads(data)
        if not isinstance(state, dict) or state.get("version") != TABLE_VERSION:
            raise ValueError("unknown document table version")
        table = cls(
            text=state["text"], display=state["display"], starts=state["starts"],
            kinds=bytearray(state["kinds"]),
            source_of=state["source_of"], section_of=state["section_of"],
            block_no=state["block_no"], seq=state["seq"], sources=state["sources"],
            sections=[SectionInfo(*row) for row in state["sections"]],
            chars=frozenset(state["chars"]), char_docs=state["char_docs"],
        )
        if (len(table.starts) != len(table.kinds) + 1 or table.starts[-1] != len(table.text)
                or len(table.display) != len(table.text)):
            raise ValueError("document table is inconsistent")
        return table

    # -- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.kinds)

    def doc_at(self, offset: int) -> int:
        """The block that holds character `offset` of `text`."""
        return bisect_right(self.starts, offset) - 1

    def doc_text(self, doc: int) -> str:
        """The folded text of a block."""
        return self.text[self.starts[doc]:self.starts[doc + 1] - 1]

    def display_text(self, doc: int) -> str:
        """The text of a block as displayed."""
        return self.display[self.starts[doc]:self.starts[doc + 1] - 1]

    def doc_length(self, doc: int) -> int:
        return self.starts[doc + 1] - self.starts[doc] - 1

    def blocks(self) -> list[str]:
        """The folded text of every block, as separate strings.

        Counting a string in many blocks is then `map(str.count, blocks, …)`, all in C,
        with no slicing of `text` per block.
        """
        return self.derived("blocks", lambda: self.text.split("\n")[:-1])

    def lengths(self) -> list[int]:
        """The length of every block's text."""
        return self.derived("lengths", lambda: list(map(len, self.blocks())))

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

    def candidates(self, needle: str) -> list[int] | array | None:
        """The blocks that may hold `needle`, ascending: those holding its two rarest
        characters, or None when a character of it occurs nowhere here."""
        if not self.chars.issuperset(needle):
            return None
        lists = sorted((self.char_docs[c] for c in set(needle)), key=len)
        if len(lists) == 1 or len(lists[0]) * NARROW_ENOUGH <= len(self):
            return lists[0]
        both = np.intersect1d(np.frombuffer(lists[0], dtype=np.uint32),
                              np.frombuffer(lists[1], dtype=np.uint32), assume_unique=True)
        return both.tolist()

    def live_docs(self) -> Iterable[int]:
        deleted = self.deleted
        return (doc for doc in range(len(self)) if doc not in deleted)


def _character_lists(texts: list[str]) -> tuple[frozenset[str], dict[str, array]]:
    """Every character present, and for each the blocks holding it, ascending.

    Done with arrays, not a loop over (block, character) pairs: there are millions.
    """
    distinct = ["".join(set(text)) for text in texts]
    codes = np.frombuffer("".join(distinct).encode("utf-32-le"), dtype=np.uint32)
    block_of = np.repeat(np.arange(len(texts), dtype=np.uint32), list(map(len, distinct)))
    order = np.argsort(codes, kind="stable")          # stable: blocks stay ascending
    codes, block_of = codes[order], block_of[order]
    bounds = np.flatnonzero(np.diff(codes)) + 1
    firsts = np.concatenate(([0], bounds)).tolist()
    ends = np.concatenate((bounds, [len(codes)])).tolist()
    present = [chr(code) for code in codes[firsts].tolist()] if len(codes) else []
    lists = {char: array("I", block_of[first:end].tobytes())
             for char, first, end in zip(present, firsts, ends)}
    return frozenset(present), lists


def _lineage(section):
    chain = []
    while section is not None:
        chain.append(section)
        section = section.parent
    return chain[::-1]


def _fold(text: str) -> str:
    from corpus.normalize import fold

    return fold(text)
