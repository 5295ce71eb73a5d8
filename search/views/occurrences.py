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
    rank = reading_rank(tables)
    blocks = sorted(((m.table, doc) for m in match(parsed, tables) for doc in m.docs.tolist()),
                    key=lambda pair: rank(*pair))
    items = [Occurrence(table, doc, start, end)
             for table, doc in blocks for start, end in spans_of(parsed, tables[table], doc)]
    return Occurrences(parsed, tables, items, (time.perf_counter() - started) * 1000)

