"""Exact evaluation of a query over document tables: which blocks match, and where.

This is what makes search exact: a block matches a term if and only if the term occurs in
its folded text (or, for a pinyin term, a run of Han characters reads that way), and the
spans are exactly those occurrences. Work is ordered so the most selective group of the
query is found by scanning the whole table text once (C speed); the other groups, the
exclusions and the filters are then checked only on the blocks found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.doctable import DocTable
from search.pinyin import pinyin_regex
from search.query import Query, Term

Span = tuple[int, int]


@dataclass
class DocMatch:
    table: int
    doc: int
    spans: list[Span] = field(default_factory=list)   # offsets in the block's text
    group_tf: list[int] = field(default_factory=list)  # occurrences per query group
    literal: bool = True                                # False: some group matched by pinyin only


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
        candidates = {doc: None for doc in table.live_docs()}
    else:
        candidates = _scan_group(query.groups[driver], table)
    results: list[DocMatch] = []
    deleted = table.deleted
    for doc in sorted(candidates):
        if doc in deleted:
            continue
        found = _match_doc(query, table, doc, driver, candidates[doc])
        if found is not None:
            found.table = table_index
            results.append(found)
    return results


def _pick_driver(query: Query, table: DocTable) -> int | None:
    """The group whose matches are fewest: the only one scanned over the whole text."""
    # A group with a filter term can match nearly every block: never a driver.
    eligible = [i for i, group in enumerate(query.groups) if all(term.is_text for term in group)]
    if len(eligible) <= 1:
        return eligible[0] if eligible else None
    best, best_count = None, None
    for index in eligible:
        group = query.groups[index]
        count = sum(table.text.count(term.text) if term.text else 0 for term in group)
        if any(_pinyin_pattern(term) is not None for term in group):
            count += len(table)  # pinyin is costlier to scan: prefer a literal driver
        if best_count is None or count < best_count:
            best, best_count = index, count
    return best


def _scan_group(group: list[Term], table: DocTable) -> dict[int, list[tuple[int, list[Span], bool]]]:
    """Blocks matching a text group, found by scanning the table text once per term."""
    found: dict[int, list[tuple[int, list[Span], bool]]] = {}
    text, starts = table.text, table.starts
    for term_index, term in enumerate(group):
        per_doc: dict[int, list[Span]] = {}
        needle = term.text
        if needle:
            size = len(needle)
            position = text.find(needle)
            end_of_doc = -1
            doc = -1
            while position != -1:
                if position >= end_of_doc:
                    doc = table.doc_at(position)
                    end_of_doc = starts[doc + 1]
                begin = position - starts[doc]
                per_doc.setdefault(doc, []).append((begin, begin + size))
                position = text.find(needle, position + size)
        for doc, spans in per_doc.items():
            found.setdefault(doc, []).append((term_index, spans, True))
        pattern = _pinyin_pattern(term)
        if pattern is not None:
            pinyin_docs: dict[int, list[Span]] = {}
            for hit in pattern.finditer(text):
                doc = table.doc_at(hit.start())
                if doc in per_doc:
                    continue   # a literal match in this block wins over pinyin
                base = starts[doc]
                pinyin_docs.setdefault(doc, []).append((hit.start() - base, hit.end() - base))
            for doc, spans in pinyin_docs.items():
                found.setdefault(doc, []).append((term_index, spans, False))
    return found


def _match_doc(query: Query, table: DocTable, doc: int, driver: int | None,
               driver_hits: list[tuple[int, list[Span], bool]] | None) -> DocMatch | None:
    result = DocMatch(table=0, doc=doc)
    for group_index, group in enumerate(query.groups):
        if group_index == driver and driver_hits is not None:
            spans = [span for _, term_spans, _ in driver_hits for span in term_spans]
            literal = any(is_literal for _, _, is_literal in driver_hits)
            # Other terms of an OR group may also occur in this block: highlight them too.
            matched_terms = {term_index for term_index, _, _ in driver_hits}
            for term_index, term in enumerate(group):
                if term_index not in matched_terms:
                    extra, extra_literal = _term_in_doc(term, table, doc)
                    spans += extra or []
                    literal = literal or (bool(extra) and extra_literal)
        else:
            spans, literal, matched = [], False, False
            for term in group:
                term_spans, term_literal = _term_in_doc(term, table, doc)
                if term_spans is None:
                    continue
                matched = True
                spans += term_spans
                literal = literal or term_literal
            if not matched:
                return None
        result.group_tf.append(max(1, len(spans)))
        result.spans += spans
        result.literal = result.literal and literal
    for term in query.excluded:
        if _term_in_doc(term, table, doc)[0] is not None:
            return None
    result.spans = _merge(result.spans)
    return result


def _term_in_doc(term: Term, table: DocTable, doc: int) -> tuple[list[Span] | None, bool]:
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
