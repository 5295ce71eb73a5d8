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

import time
from pathlib import Path

from corpus.model import Corpus
from search.analyzer import precise_words, query_words
from search.doctable import DocTable
from search.index_store import IndexReport, IndexStore, IndexUnavailable, OpenIndex, Progress
from search.matching import DocMatch, match
from search.query import Query, parse_query
from search.ranking import Ranked, rank
from search.results import Hit, SearchResults

# Words in more blocks than this do not tell word-level matches apart; skip their postings.
COMMON_WORD_BLOCKS = 50_000


class SearchEngine:
    def __init__(self, corpus: Corpus | None = None, *, path: str | Path | None = None) -> None:
        self.corpus = corpus
        if corpus is not None:
            self.store = IndexStore(None if corpus.builtin else corpus.root)
        else:
            self.store = IndexStore(Path(path) if path else None)
        self._index: OpenIndex | None = None
        self._searcher = None
        self._scan_tables: list[DocTable] | None = None

    # -- the index -------------------------------------------------------------------------

    def ensure_index(self, progress: Progress | None = None, *, rebuild: bool = False,
                     processes: int | None = None) -> IndexReport:
        """Build or update the index, then search with it. May raise IndexBusy."""
        report = self.store.sync(rebuild=rebuild, progress=progress, processes=processes)
        self._use(self.store.open())
        return report

    def open_existing_index(self) -> bool:
        """Search with the index as it is on disk, if there is a readable one."""
        try:
            self._use(self.store.open())
            return True
        except IndexUnavailable:
            return False

    @property
    def indexed(self) -> bool:
        return self._index is not None

    @property
    def index(self) -> OpenIndex | None:
        return self._index

    def _use(self, index: OpenIndex) -> None:
        self.close()
        self._index = index
        self._searcher = index.ix.searcher()

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
        self._searcher, self._index = None, None

    # -- searching -------------------------------------------------------------------------

    def search(self, query: str | Query, limit: int | None = 50) -> SearchResults:
        started = time.perf_counter()
        parsed = parse_query(query) if isinstance(query, str) else query
        tables = self._tables()
        matches = match(parsed, tables)
        if self._index is not None:
            aligned = self._word_aligned_in_index(parsed)
            offsets = self._docnum_offsets()
            ranked = rank(matches, tables, lambda m: aligned is None or offsets[m.table] + m.doc in aligned)
        else:
            ranked = self._rank_without_index(parsed, matches, tables, limit)
        results = SearchResults(query=parsed, mode="index" if self._index else "scan")
        results.total = len(ranked)
        top = ranked if not limit else ranked[:limit]
        results.hits = [self._hit(r, tables) for r in top]
        in_reading_order = sorted(matches, key=lambda m: (tables[m.table].source(m.doc), tables[m.table].seq[m.doc]))
        for found in in_reading_order:
            table = tables[found.table]
            results.matches[table.block_id(found.doc)] = found.spans
            section_id = table.section(found.doc).id
            results.section_counts[section_id] = results.section_counts.get(section_id, 0) + max(1, len(found.spans))
        results.occurrences = sum(len(spans) for spans in results.matches.values())
        results.elapsed_ms = (time.perf_counter() - started) * 1000
        return results

    def _tables(self) -> list[DocTable]:
        if self._index is not None:
            return self._index.tables
        if self.corpus is None:
            raise IndexUnavailable("no index, and no loaded corpus to search")
        if self._scan_tables is None:
            self._scan_tables = [DocTable.from_articles(self.corpus.articles)]
        return self._scan_tables

    def _docnum_offsets(self) -> list[int]:
        offsets, base = [], 0
        for segment in self._index.segments:
            offsets.append(base)
            base += segment.doc_count_all()
        return offsets

    def _word_aligned_in_index(self, query: Query) -> set[int] | None:
        """Docnums whose words contain every text group's query words (None: no constraint)."""
        reader = self._searcher.reader()
        aligned: set[int] | None = None
        for group in query.groups:
            group_docs: set[int] | None = set()
            for term in group:
                if not term.is_text:
                    group_docs = None
                    break
                term_docs: set[int] | None = None
                for word in dict.fromkeys(query_words(term.text)):
                    if reader.doc_frequency("words", word) > COMMON_WORD_BLOCKS:
                        continue
                    docs = set(reader.postings("words", word).all_ids()) if (
                        "words", word) in reader else set()
                    term_docs = docs if term_docs is None else term_docs & docs
                if term_docs is None:       # no discriminating word: every match counts
                    group_docs = None
                    break
                group_docs |= term_docs
            if group_docs is None:
                continue
            aligned = group_docs if aligned is None else aligned & group_docs
        return aligned

    def _rank_without_index(self, query: Query, matches: list[DocMatch], tables: list[DocTable],
                            limit: int | None) -> list[Ranked]:
        """Rank by BM25 first, then check word alignment on the leading blocks only."""
        provisional = rank(matches, tables, lambda m: True)
        wanted = [set(query_words(t.text)) for t in query.text_terms]
        lead = provisional[: max(200, 2 * (limit or 0))]
        aligned = set()
        for ranked in lead:
            table = tables[ranked.match.table]
            words = set(precise_words(table.doc_text(ranked.match.doc)))
            words |= {w for w in _search_words(table.doc_text(ranked.match.doc))}
            if all(w <= words for w in wanted if w):
                aligned.add((ranked.match.table, ranked.match.doc))
        return rank([r.match for r in lead], tables, lambda m: (m.table, m.doc) in aligned) + provisional[len(lead):]

    def _hit(self, ranked: Ranked, tables: list[DocTable]) -> Hit:
        found = ranked.match
        table = tables[found.table]
        block_id = table.block_id(found.doc)
        if self._index is not None:
            docnum = self._docnum_offsets()[found.table] + found.doc
            text = self._searcher.stored_fields(docnum)["text"]
        else:
            text = self.corpus.block(block_id).text
        section = table.section(found.doc)
        return Hit(block_id=block_id, section_id=section.id, source=table.source(found.doc),
                   section=list(section.path), kind=table.kind(found.doc), text=text,
                   spans=found.spans, score=ranked.score, match=ranked.kind_of_match)


def _search_words(text: str) -> list[str]:
    from search.analyzer import word_counts

    return list(word_counts(text))
