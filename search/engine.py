"""The search engine: one object per corpus, used by the command line and the app.

    engine = SearchEngine(corpus)            # or SearchEngine(path=…) without loading it
    engine.ensure_index(progress)            # build or update the index (seconds; in a worker)
    results = engine.search("新质生产力", limit=20)

Matching is exact (see `search.matching`): every block containing the query, with spans on
every occurrence. The index makes it fast and ranks it: document tables on disk hold the
folded text, Whoosh holds the jieba word postings that tell word-level matches from
substring-only ones. Until an index is ready (it is being built, or another process holds
it), an engine made from a loaded corpus searches that corpus directly, with the same results
and a close ranking.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tanwen.search import whoosh_lean  # noqa: F401 (first: Whoosh without urllib, asyncio)

from tanwen.search.analyzer import query_words, word_counts
from tanwen.search.doctable import DocTable
from tanwen.search.index_store import IndexReport, IndexStore, IndexUnavailable, Notice, OpenIndex
from tanwen.search.mapped_pages import PageBudget
from tanwen.search.matching import TableMatches, count_occurrences, match, spans_of, with_pinyin
from tanwen.search.query import Query, parse_query
from tanwen.search.ranking import Ranked, top
from tanwen.search.results import Hit, SearchResults
from tanwen.search.word_tiers import rank_checking_leaders, word_aligned
from tanwen.search.words_codec import release_word_pages

if TYPE_CHECKING:
    from tanwen.corpus.model import Corpus
    from tanwen.search.segment_build import Progress


class SearchEngine:
    def __init__(self, corpus: Corpus | None = None, *, path: str | Path | None = None) -> None:
        self.corpus = corpus
        if corpus is not None:
            self.store = IndexStore(None if corpus.builtin else corpus.root)
        else:
            self.store = IndexStore(Path(path) if path else None)
        self._state: tuple[OpenIndex | None, object] = (None, None)
        self._pages: PageBudget | None = None      # bounds the index pages held (see _use)
        self._scan_tables: list[DocTable] | None = None
        self._scan_lock = threading.Lock()

    # -- the index -------------------------------------------------------------------------

    def ensure_index(self, progress: Progress | None = None, *, rebuild: bool = False,
                     processes: int | None = None, wait: float | None = None,
                     notice: Notice | None = None) -> IndexReport:
        """Build or update the index, then search with it. May raise IndexBusy (another
        process writes it) or IndexUnwritable (it cannot be written here)."""
        options = dict(progress=progress, processes=processes, wait=wait, notice=notice)
        report = self.store.sync(rebuild=rebuild, **options)
        try:
            self._use(self.store.open())
        except IndexUnavailable as error:
            # Its metadata looked sound but a file did not read back: build it anew, once.
            if notice:
                notice(f"rebuilding the index ({error})")
            report = self.store.sync(rebuild=True, **{**options, "notice": None})
            report.reason = str(error)
            self._use(self.store.open())
        return report

    def open_unchanged_index(self) -> IndexReport | None:
        """Search with the index on disk if the corpus' folders and files stat as when it was
        last found up to date (no listing, no lock: see search.freshness); else None, and
        `ensure_index` tells it the full way."""
        found = self.store.open_if_unchanged()
        if found is None:
            return None
        index, snapshot = found
        self._use(index)
        return IndexReport(action="unchanged", problems=dict(snapshot.problems),
                           blocks=snapshot.blocks, path=str(self.store.path))

    def open_existing_index(self, *, fresh_only: bool = False) -> bool:
        """Search with the index as it is on disk, if there is a readable one (and, with
        `fresh_only`, only if it matches the corpus files as they are)."""
        try:
            index = self.store.open_if_fresh() if fresh_only else self.store.open()
        except IndexUnavailable:
            return False
        if index is None:
            return False
        self._use(index)
        return True

    @property
    def index(self) -> OpenIndex | None:
        """The index searches use, or None while they scan the loaded corpus."""
        return self._state[0]

    def _use(self, index: OpenIndex) -> None:
        # One assignment, so a search running in another thread sees the old pair or the new
        # one, never half of each. The old reader is closed when the last search drops it.
        # A reader, not a searcher: `whoosh.searching` and the query classes it imports are
        # never used (words are read straight from the postings). The store opened it.
        self._pages = PageBudget()       # (first: a search that sees the index sees it)
        self._state = (index, index.reader)

    def close(self) -> None:
        index, reader = self._state
        self._state = (None, None)
        if reader is not None:
            reader.close()

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str | Query, limit: int | None = 50) -> SearchResults:
        """Ranked hits (at most `limit`; None = all); every match is in `.matches`."""
        started = time.perf_counter()
        parsed = parse_query(query) if isinstance(query, str) else query
        index, reader = self._state
        tables = index.tables if index is not None else self._corpus_tables()
        parsed = with_pinyin(parsed, tables)
        found = match(parsed, tables)
        reading = reading_rank(tables)
        if index is not None:
            try:
                ranked = rank_checking_leaders(reader, parsed, found, tables, reading, limit)
                if ranked is None:     # check every match against its words' postings
                    matched = [matches.docs.tolist() for matches in found] if found else None
                    ranked = top(found, tables, word_aligned(reader, parsed, matched),
                                 reading, limit)
            except Exception:   # a damaged word index costs the tiers, never the results
                ranked = top(found, tables, [None] * len(tables), reading, limit)
        else:
            ranked = self._rank_without_index(parsed, found, tables, reading, limit)
        hits = [_hit(r, tables, spans_of(parsed, tables[r.match.table], r.match.doc)) for r in ranked]
        if index is not None:
            self._pages.after_search(lambda: release_index_pages(index))

        def collect() -> list[tuple[str, str, list[tuple[int, int]]]]:
            every = sorted(((m.table, doc) for m in found for doc in m.docs.tolist()),
                           key=lambda pair: reading(*pair))
            return [(tables[t].block_id(doc), tables[t].section(doc).id,
                     spans_of(parsed, tables[t], doc)) for t, doc in every]

        return SearchResults(query=parsed, hits=hits, total=sum(len(m) for m in found),
                             mode="index" if index is not None else "scan",
                             elapsed_ms=(time.perf_counter() - started) * 1000, _collect=collect,
                             _count=lambda: count_occurrences(parsed, found, tables))

    def tables(self) -> list[DocTable]:
        """The document tables searches read: the index's, or the loaded corpus' without one."""
        index = self._state[0]
        return index.tables if index is not None else self._corpus_tables()

    def prepare(self) -> None:
        """Make the loaded corpus searchable without an index now (seconds on a big corpus),
        so that a first search does not pay for it. Safe to call from any thread."""
        self._corpus_tables()

    def has_index_on_disk(self) -> bool:
        """Whether some generation of this corpus' index is on disk (fresh or not)."""
        return self.store.has_index()

    def _corpus_tables(self) -> list[DocTable]:
        if self.corpus is None:
            raise IndexUnavailable("no index, and no loaded corpus to search")
        with self._scan_lock:      # two first searches at once build the tables once
            if self._scan_tables is None:
                # One table per index segment's worth of text, as on disk: building one
                # table's postings takes memory in proportion to its text (Chinese text:
                # three bytes a character in UTF-8).
                from tanwen.search.segment_build import SEGMENT_BYTES

                self._scan_tables = [DocTable.from_articles(part)
                                     for part in _parts(self.corpus.articles, SEGMENT_BYTES // 3)]
        return self._scan_tables

    def _rank_without_index(self, query: Query, found: list[TableMatches], tables: list[DocTable],
                            reading, limit: int | None) -> list[Ranked]:
        """Rank by BM25, then tell word-level matches apart among the leading blocks only
        (segmenting every match on each search would cost too much)."""
        lead_size = max(200, 2 * (limit or 0))
        lead = top(found, tables, [None] * len(tables), reading, lead_size)
        # Per text group, the word sets of its terms: a block is word-aligned when, for every
        # group, one of its terms' words are all among the block's words.
        wanted = [[set(query_words(t.text)) for t in group]
                  for group in query.groups if all(t.is_text for t in group)]
        aligned: list[set[int]] = [set() for _ in tables]
        for ranked in lead:
            words = set(word_counts(tables[ranked.match.table].doc_text(ranked.match.doc)))
            if all(any(term_words <= words for term_words in group) for group in wanted):
                aligned[ranked.match.table].add(ranked.match.doc)
        # Blocks outside the lead are not checked: they rank as substring matches.
        return top(found, tables, aligned, reading, limit)


def _parts(articles: list, size: int) -> list[list]:
    """Consecutive runs of articles of about `size` characters each (at least one article)."""
    parts: list[list] = [[]]
    held = 0
    for article in articles:
        length = sum(len(block.text) for block in article.blocks())
        if parts[-1] and held + length > size:
            parts.append([])
            held = 0
        parts[-1].append(article)
        held += length
    return parts


def _hit(ranked: Ranked, tables: list[DocTable], spans) -> Hit:
    found = ranked.match
    table = tables[found.table]
    section = table.section(found.doc)
    return Hit(block_id=table.block_id(found.doc), section_id=section.id,
               source=table.source(found.doc), section=list(section.path),
               kind=table.kind(found.doc), text=table.display_text(found.doc), spans=spans,
               score=ranked.score, match=ranked.kind_of_match)


def release_index_pages(index: OpenIndex) -> None:
    """Give back every page of the index's mapped files that searches have read (the page
    cache keeps them: see `search.mapped_pages`)."""
    for table in index.tables:
        table.release_pages()
    if index.reader is not None:
        release_word_pages(index.reader)


def reading_rank(tables: list[DocTable]):
    """A sort key (table, doc) → corpus reading order (file name, then block order).

    The file's name itself, not its rank among all the names: the same order, without
    sorting every name of the corpus on each search (6 ms for 7,000 files)."""
    return lambda t, doc: (tables[t].sources[tables[t].source_of[doc]], tables[t].seq[doc])
