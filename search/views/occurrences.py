"""Every occurrence of a query in the corpus, in reading order, with exact spans.

The same parse, fold and matching as a search (`search.matching`): an occurrence is one
highlighted span of a matching block. Each carries where it is (table, block) so views can
read the block's text and its place in its article without a loaded corpus.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from tanwen.search.doctable import DocTable
from tanwen.search.engine import reading_rank
from tanwen.search.matching import match, spans_of, with_pinyin
from tanwen.search.numpy_lean import np
from tanwen.search.query import Query, parse_query


@dataclass(frozen=True, slots=True)
class Occurrence:
    table: int
    doc: int
    start: int            # offsets into the block's text
    end: int


@dataclass
class Occurrences:
    query: Query
    tables: list[DocTable]
    items: list[Occurrence] = field(default_factory=list)       # reading order
    elapsed_ms: float = 0.0
    _texts: dict = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def notice(self) -> str | None:
        return self.query.notice

    def text(self, item: Occurrence) -> str:
        """The displayed text of the occurrence's block (sliced once per block: a block with
        thousands of occurrences is not copied thousands of times)."""
        key = (item.table, item.doc)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self.tables[item.table].display_text(item.doc)
        return text

    def block_id(self, item: Occurrence) -> str:
        return self.tables[item.table].block_id(item.doc)

    def section_id(self, item: Occurrence) -> str:
        return self.tables[item.table].section(item.doc).id

    def source(self, item: Occurrence) -> str:
        return self.tables[item.table].source(item.doc)


def find_occurrences(engine, query: str | Query) -> Occurrences:
    """Every occurrence of `query` (a search engine's query language) in reading order."""
    started = time.perf_counter()
    parsed = parse_query(query) if isinstance(query, str) else query
    tables = engine.tables()
    parsed = with_pinyin(parsed, tables)
    found = match(parsed, tables)
    needle = _one_literal(parsed)
    if needle is not None:
        items = _occurrences_of(needle, found, tables)
    else:
        rank = reading_rank(tables)
        blocks = sorted(((m.table, doc) for m in found for doc in m.docs.tolist()),
                        key=lambda pair: rank(*pair))
        items = [Occurrence(table, doc, start, end)
                 for table, doc in blocks for start, end in spans_of(parsed, tables[table], doc)]
    return Occurrences(parsed, tables, items, (time.perf_counter() - started) * 1000)


def _one_literal(query: Query) -> str | None:
    """The string, when the query highlights exactly one literal string (filters aside)."""
    terms = query.text_terms
    if len(terms) == 1 and not terms[0].pinyin and terms[0].text and "\n" not in terms[0].text:
        return terms[0].text
    return None


def _occurrences_of(needle: str, found, tables: list[DocTable]) -> list[Occurrence]:
    """What `spans_of` gives block by block, found in one pass over each table's text: the
    non-overlapping occurrences of `needle`, kept in the matching blocks (a block's text
    never holds a newline, so no occurrence spans two blocks)."""
    names = sorted({name for table in tables for name in table.sources})
    position = {name: rank for rank, name in enumerate(names)}
    columns = []
    for matches in found:
        if not len(matches.docs):
            continue
        table = tables[matches.table]
        text, size, offsets = table.text, len(needle), []
        at = text.find(needle)
        while at != -1:
            offsets.append(at)
            at = text.find(needle, at + size)
        offsets = np.asarray(offsets, dtype=np.int64)
        block_starts = np.asarray(table.starts, dtype=np.int64)
        docs = np.searchsorted(block_starts, offsets, side="right") - 1
        keep = np.isin(docs, matches.docs)
        docs, offsets = docs[keep], offsets[keep] - block_starts[docs[keep]]
        source_rank = np.asarray([position[name] for name in table.sources], dtype=np.int64)
        seq = np.asarray(table.seq, dtype=np.int64)
        columns.append((np.full(len(docs), matches.table), docs, offsets,
                        source_rank[np.asarray(table.source_of, dtype=np.int64)[docs]], seq[docs]))
    if not columns:
        return []
    table_of, docs, offsets, source, seq = (np.concatenate(parts) for parts in zip(*columns))
    order = np.lexsort((offsets, seq, source))          # file name, place in the file, offset
    size = len(needle)
    return [Occurrence(t, d, o, o + size) for t, d, o in
            zip(table_of[order].tolist(), docs[order].tolist(), offsets[order].tolist())]
