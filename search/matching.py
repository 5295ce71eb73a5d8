"""Exact evaluation of a query over document tables: which blocks match, and where.

This is what makes search exact: a block matches a term if and only if the term occurs in
its folded text (or, for a pinyin term, a run of Han characters reads that way), and the
spans are exactly those occurrences.

It is also where the time goes, so the work is shaped for Python:
- the most selective group of the query is found by scanning the whole table text, in C
  (`str.find`, or `str.count` block by block when the term is everywhere);
- the other groups, the exclusions and the filters are then checked only on those blocks;
- a single-group query needs no per-block check at all: the scan's counts are the answer.
Spans are found lazily (`spans_of`), for the blocks someone looks at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.doctable import DocTable
from search.pinyin import pinyin_regex
from search.query import Query, Term

Span = tuple[int, int]


@dataclass(slots=True)
class DocMatch:
    table: int
    doc: int
    group_tf: list[int]        # occurrences per query group (1 for a filter-only group)
    literal: bool = True       # False: some group matched by pinyin only
    spans: list[Span] | None = None   # offsets in the block's text; see spans_of()


def match(query: Query, tables: list[DocTable]) -> list[DocMatch]:
    """Every live block of `tables` that matches `query` (in table, then block order)."""
    if not query.groups:
        return []
    matches: list[DocMatch] = []
    for table_index, table in enumerate(tables):
        matches.extend(_match_table(query, table_index, table))
    return matches


def _match_table(query: Query, table_index: int, table: DocTable) -> list[DocMatch]:
    driver = _pick_driver(query, table)
    if driver is None:
        state = {doc: ([], True) for doc in table.live_docs()}
    else:
        state = {doc: ([tf], literal) for doc, (tf, literal) in _scan_group(query.groups[driver], table).items()}
    # Many candidates: scanning another group's terms over the whole text (C) beats checking
    # each candidate (Python). Few: check them one by one.
    many = len(table) // 10
    for index, group in enumerate(query.groups):
        if index == driver or not state:
            continue
        if len(state) > many and all(term.is_text for term in group):
            found = _scan_group(group, table)
            state = {doc: (tfs + [found[doc][0]], literal and found[doc][1])
                     for doc, (tfs, literal) in state.items() if doc in found}
        else:
            state = _check_each(group, table, state)
    for term in query.excluded:
        if not state:
            break
        if len(state) > many and term.is_text:
            found = _scan_group([term], table)
            state = {doc: value for doc, value in state.items() if doc not in found}
        else:
            state = {doc: value for doc, value in state.items()
                     if term_spans(term, table, doc)[0] is None}
    deleted = table.deleted
    return [DocMatch(table_index, doc, tfs or [1], literal)
            for doc, (tfs, literal) in sorted(state.items()) if doc not in deleted]


def _check_each(group: list[Term], table: DocTable,
                state: dict[int, tuple[list[int], bool]]) -> dict[int, tuple[list[int], bool]]:
    """Keep the candidates that match `group`, adding its occurrence count."""
    kept = {}
    for doc, (tfs, literal) in state.items():
        tf, group_literal, matched = 0, False, False
        for term in group:
            spans, term_literal = term_spans(term, table, doc)
            if spans is None:
                continue
            matched = True
            tf += len(spans) or 1
            group_literal = group_literal or term_literal
        if matched:
            kept[doc] = (tfs + [tf], literal and group_literal)
    return kept


def _pick_driver(query: Query, table: DocTable) -> int | None:
    """The group whose matches are fewest: the only one scanned over the whole text."""
    # A group with a filter term can match nearly every block: never a driver.
    eligible = [i for i, group in enumerate(query.groups) if all(term.is_text for term in group)]
    if len(eligible) <= 1:
        return eligible[0] if eligible else None

    def cost(index: int) -> int:
        group = query.groups[index]
        count = sum(table.text.count(term.text) for term in group)
        if any(_pinyin_pattern(term) is not None for term in group):
            count += len(table)    # pinyin is costlier to scan: prefer a literal driver
        return count

    return min(eligible, key=cost)


def _scan_group(group: list[Term], table: DocTable) -> dict[int, tuple[int, bool]]:
    """Blocks matching a text group, with their occurrence count and whether literally."""
    found: dict[int, tuple[int, bool]] = {}
    for term in group:
        literal_docs = _count_literal(term.text, table)
        for doc, count in literal_docs.items():
            tf, _ = found.get(doc, (0, True))
            found[doc] = (tf + count, True)
        pattern = _pinyin_pattern(term)
        if pattern is not None:
            pinyin_counts: dict[int, int] = {}
            for hit in pattern.finditer(table.text):
                doc = table.doc_at(hit.start())
                if doc not in literal_docs:     # a literal match in a block wins over pinyin
                    pinyin_counts[doc] = pinyin_counts.get(doc, 0) + 1
            for doc, count in pinyin_counts.items():
                tf, literal = found.get(doc, (0, False))
                found[doc] = (tf + count, literal)
    return found


def _count_literal(needle: str, table: DocTable) -> dict[int, int]:
    """Block → occurrences of `needle`: one pass over the text, in C.

    Occurrences are visited one by one while they are few; once a term proves common, the
    rest of the text is counted block by block instead (cost ∝ blocks, not occurrences).
    """
    text, starts = table.text, table.starts
    found: dict[int, int] = {}
    if not needle:
        return found
    size = len(needle)
    budget = max(64, len(table) // 4)
    position = text.find(needle)
    end_of_doc, doc = -1, -1
    while position != -1:
        if position >= end_of_doc:
            doc = table.doc_at(position)
            end_of_doc = starts[doc + 1]
        found[doc] = found.get(doc, 0) + 1
        budget -= 1
        if not budget:
            # Common: count the remaining blocks whole, then finish the current one.
            for later in range(doc + 1, len(table)):
                count = text.count(needle, starts[later], starts[later + 1])
                if count:
                    found[later] = count
            found[doc] = text.count(needle, starts[doc], starts[doc + 1])
            return found
        position = text.find(needle, position + size)
    return found


def term_spans(term: Term, table: DocTable, doc: int) -> tuple[list[Span] | None, bool]:
    """(spans, literal) if `term` matches block `doc`, else (None, False).

    A filter term matches with no spans; a text term with the spans of its occurrences.
    """
    if term.field == "kind":
        return ([], True) if table.kind(doc) == term.text else (None, False)
    if term.field == "source":
        return ([], True) if term.text in table.source(doc).lower() else (None, False)
    if term.field == "heading":
        return ([], True) if term.text in table.section(doc).headings else (None, False)
    start, end = table.starts[doc], table.starts[doc + 1] - 1
    text = table.text
    spans = find_all(text, term.text, start, end)
    if spans:
        return [(s - start, e - start) for s, e in spans], True
    pattern = _pinyin_pattern(term)
    if pattern is not None:
        spans = [(m.start() - start, m.end() - start) for m in pattern.finditer(text, start, end)]
        if spans:
            return spans, False
    return None, False


def spans_of(query: Query, table: DocTable, found: DocMatch) -> list[Span]:
    """The highlighted spans of a matching block: every positive text term's occurrences."""
    if found.spans is None:
        spans: list[Span] = []
        for term in query.text_terms:
            term_result, _ = term_spans(term, table, found.doc)
            spans += term_result or []
        found.spans = _merge(spans)
    return found.spans


def find_all(text: str, needle: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Non-overlapping occurrences of `needle` in text[start:end], left to right."""
    if not needle:
        return []
    end = len(text) if end is None else end
    size = len(needle)
    spans = []
    position = text.find(needle, start, end)
    while position != -1:
        spans.append((position, position + size))
        position = text.find(needle, position + size, end)
    return spans


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _pinyin_pattern(term: Term) -> re.Pattern[str] | None:
    if not term.is_text or term.exact:
        return None
    return pinyin_regex(term.text)
