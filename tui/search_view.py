"""Everything the screen shows of one search, built in the search worker so that the UI
thread only assigns it: every occurrence in reading order (what n/N step through), the spans
per block (the reader's highlights), the hit count of every tree node, and the result rows.

Sorting every match and computing its spans takes longer than the search itself for a common
word on a big corpus (`的` at 10 MB): done here, off the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from tanwen.corpus.model import Corpus, Section

Span = tuple[int, int]


@dataclass(frozen=True, eq=False)     # compared by identity: a new view is always news
class SearchView:
    query: str                                  # the text searched, as typed
    results: object | None = None               # SearchResults, None for an empty query
    occurrences: list[tuple[str, Span]] = field(default_factory=list)
    occurrence_index: dict[tuple[str, Span], int] = field(default_factory=dict)
    matches: dict[str, list[Span]] = field(default_factory=dict)
    node_counts: dict[str, int] | None = None   # tree node (article, section) → its hits
    rows: list = field(default_factory=list)    # the results list's rows, drawn
    row_format: object | None = None            # what they were drawn for (width, styles)
    error: str | None = None                    # why the search failed, if it did

    @property
    def active(self) -> bool:
        """Whether there is a query: the results panel shows, the status line counts hits."""
        return bool(self.query.strip())


def build_search_view(query: str, results, corpus: Corpus,
                      make_row: Callable[[int, object], object], row_format) -> SearchView:
    """The view of `results` (from a worker thread): `make_row(rank, hit)` draws a result row
    as `row_format` says."""
    occurrences = results.occurrence_list()
    return SearchView(
        query=query, results=results, occurrences=occurrences,
        occurrence_index={occurrence: i for i, occurrence in enumerate(occurrences)},
        matches=results.matches, node_counts=node_counts(corpus, results.section_counts),
        rows=[make_row(rank, hit) for rank, hit in enumerate(results.hits)], row_format=row_format)


def node_counts(corpus: Corpus, section_counts: dict[str, int]) -> dict[str, int]:
    """Every article's and section's hits: its own blocks' and its subsections'."""
    totals: dict[str, int] = {}

    def subtotal(section: Section) -> int:
        total = section_counts.get(section.id, 0) + sum(subtotal(child) for child in section.children)
        totals[section.id] = total
        return total

    for article in corpus.articles:
        totals[article.id] = sum(subtotal(section) for section in article.sections)
    return totals
