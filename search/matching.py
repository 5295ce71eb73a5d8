"""Exact evaluation of a query over document tables: which blocks match, and where.

This is what makes search exact: a block matches a term if and only if the term occurs in
its folded text (or, for a pinyin term, a run of Han characters reads that way), and the
spans are exactly those occurrences.

It is also where the time goes, so the work is shaped for Python:
- the most selective group of the query is found in C: `str.count` on the blocks that hold
  its two rarest characters (the table's character lists);
- the other groups, the exclusions and the filters are then checked only on those blocks;
- a single-group query needs no per-block check at all: the counts are the answer.
Matches are kept as columns, and spans are found lazily (`spans_of`), for the blocks someone
looks at.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate, repeat
from dataclasses import dataclass, replace

import numpy as np

from search.doctable import DocTable
from search.grams import SATURATED, sorted_union
from search.pinyin import pinyin_regex, readings_of, unit_chars
from search.query import Query, Term

Span = tuple[int, int]


@dataclass(slots=True)
class DocMatch:
    """One matching block, for the few that are ranked at the top or displayed."""

    table: int
    doc: int


@dataclass(slots=True)
class TableMatches:
    """The matching blocks of one table, as columns (no object per block: thousands match)."""

    table: int
    docs: list[int]                   # matching live blocks, ascending
    group_tf: list[list[int]]         # per query group: occurrences in each of `docs`
    pinyin_only: set[int]             # blocks where some group matched by pinyin only

    def __len__(self) -> int:
        return len(self.docs)


def match(query: Query, tables: list[DocTable]) -> list[TableMatches]:
    """Every live block of `tables` that matches `query`, table by table.

    Call `with_pinyin(query, tables)` first to let letters match as pinyin.
    """
    if not query.groups:
        return []
    return [_match_table(query, index, table) for index, table in enumerate(tables)]


def with_pinyin(query: Query, tables: list[DocTable]) -> Query:
    """The query with pinyin switched on for terms of letters that occur nowhere literally.

    A string that occurs in the corpus is searched as that string only: `rd` must find the
    blocks holding "rd", not also every 日動 and 如的 — that would break exactness. Letters that
    occur nowhere (`tianjin`, `xzscl` in Chinese text) can only have been meant as pinyin.
    """
    def convert(term: Term) -> Term:
        if (term.is_text and not term.exact and not term.pinyin and pinyin_regex(term.text)
                and not any(_count_literal(term.text, table) for table in tables)):
            return replace(term, pinyin=True)
        return term

    converted = [[convert(term) for term in group] for group in query.groups]
    if converted == query.groups:
        return query
    return replace(query, groups=converted)


def _match_table(query: Query, table_index: int, table: DocTable) -> TableMatches:
    driver = _pick_driver(query, table)
    group_tf: dict[int, list[int]] = {}
    pinyin_only: set[int] = set()
    if driver is None:
        docs = list(table.live_docs())
    else:
        counts, pinyin_only = _scan_group(query.groups[driver], table)
        docs = sorted(counts)
        group_tf[driver] = list(map(counts.__getitem__, docs))
    # Many candidates: scanning another group's terms over the whole text (C) beats checking
    # each candidate (Python). Few: check them one by one.
    many = len(table) // 10
    for index, group in enumerate(query.groups):
        if index == driver or not docs:
            continue
        if len(docs) > many and all(term.is_text for term in group):
            counts, pinyin = _scan_group(group, table)
            keep = [i for i, doc in enumerate(docs) if doc in counts]
            pinyin_only |= pinyin
        else:
            counts, keep = {}, []
            for i, doc in enumerate(docs):
                tf, literal = _group_in_doc(group, table, doc)
                if tf:
                    counts[doc] = tf
                    keep.append(i)
                    if not literal:
                        pinyin_only.add(doc)
        docs, group_tf = _select(docs, group_tf, keep)
        group_tf[index] = list(map(counts.__getitem__, docs))
    for term in query.excluded:
        if not docs:
            break
        if len(docs) > many and term.is_text:
            excluded, _ = _scan_group([term], table)
            keep = [i for i, doc in enumerate(docs) if doc not in excluded]
        else:
            keep = [i for i, doc in enumerate(docs) if term_spans(term, table, doc)[0] is None]
        docs, group_tf = _select(docs, group_tf, keep)
    if table.deleted:
        docs, group_tf = _select(docs, group_tf, [i for i, d in enumerate(docs) if d not in table.deleted])
    ordered = [group_tf[index] for index in sorted(group_tf)] or [[1] * len(docs)]
    return TableMatches(table_index, docs, ordered, pinyin_only & set(docs) if pinyin_only else set())


def _select(docs: list[int], group_tf: dict[int, list[int]], keep: list[int]):
    if len(keep) == len(docs):
        return docs, group_tf
    return [docs[i] for i in keep], {g: [tfs[i] for i in keep] for g, tfs in group_tf.items()}


def _group_in_doc(group: list[Term], table: DocTable, doc: int) -> tuple[int, bool]:
    """(occurrences, literally?) of an OR group in one block; (0, False) if it does not match.
    A filter term counts as one occurrence."""
    tf, literal = 0, False
    for term in group:
        spans, term_literal = term_spans(term, table, doc)
        if spans is not None:
            tf += len(spans) or 1
            literal = literal or term_literal
    return tf, literal


def _pick_driver(query: Query, table: DocTable) -> int | None:
    """The group whose matches are fewest: the only one scanned over the whole text."""
    # A group with a filter term can match nearly every block: never a driver.
    eligible = [i for i, group in enumerate(query.groups) if all(term.is_text for term in group)]
    if len(eligible) <= 1:
        return eligible[0] if eligible else None

    def cost(index: int) -> int:
        """Blocks to look at: a selective character's list is known without scanning."""
        total = 0
        for term in query.groups[index]:
            candidates = table.candidates(term.text)
            total += 0 if candidates is None else len(candidates)
            if _pinyin_pattern(term) is not None:
                total += 2 * len(table)    # pinyin scans the whole text: prefer literal
        return total

    return min(eligible, key=cost)


def _scan_group(group: list[Term], table: DocTable) -> tuple[dict[int, int], set[int]]:
    """Blocks matching a text group: (block → occurrences, blocks matched by pinyin only)."""
    counts: dict[int, int] = {}
    for term in group:
        found = _count_literal(term.text, table)
        if not counts:
            counts = found
        else:
            for doc, count in found.items():
                counts[doc] = counts.get(doc, 0) + count
    pinyin_only: set[int] = set()
    literal_docs = set(counts)
    for term in group:
        pattern = _pinyin_pattern(term)
        if pattern is None:
            continue
        for doc, count in _count_pinyin(term.text, pattern, table).items():
            if doc not in literal_docs:      # a literal match in a block wins over pinyin
                counts[doc] = counts.get(doc, 0) + count
                pinyin_only.add(doc)
    return counts, pinyin_only


def _count_pinyin(term: str, pattern: re.Pattern[str], table: DocTable) -> dict[int, int]:
    """Block → runs of Han characters that read as `term`.

    The regex costs the same at every character it passes, so when the character lists say
    that fewer than half of the blocks can hold such a run, it runs over those blocks only
    (joined into one string: a regex call per block would cost more than it saves).
    """
    candidates = _pinyin_candidates(term, table)
    if candidates is None or 2 * len(candidates) > len(table):
        docs, text, starts = None, table.text, table.starts
    else:
        docs = candidates.tolist()
        picked = list(map(table.blocks().__getitem__, docs))
        text = "\n".join(picked)
        starts = list(accumulate(map(len, picked), lambda start, size: start + size + 1, initial=0))
    found: dict[int, int] = {}
    for hit in pattern.finditer(text):
        doc = bisect_right(starts, hit.start()) - 1
        if docs is not None:
            doc = docs[doc]
        found[doc] = found.get(doc, 0) + 1
    return found


def _pinyin_candidates(term: str, table: DocTable) -> np.ndarray | None:
    """The blocks that may hold a run reading as `term` (ascending), or None if unknown.

    For each reading, a block must hold some character of every unit: the intersection of
    the units' blocks (a unit whose characters are in too many blocks to narrow anything
    adds no constraint). The union over readings is the answer.
    """
    result = np.zeros(0, dtype=np.uint32)
    for units in readings_of(term):
        unit_blocks = [table.grams.blocks_with_any(unit_chars(unit), limit=len(table))
                       for unit in units]
        unit_blocks = sorted((blocks for blocks in unit_blocks if blocks is not None), key=len)
        if not unit_blocks:
            return None
        blocks = unit_blocks[0]
        for more in unit_blocks[1:]:
            blocks = np.intersect1d(blocks, more, assume_unique=True)
        result = sorted_union([result, blocks])
    return result


def _count_literal(needle: str, table: DocTable) -> dict[int, int]:
    """Block → occurrences of `needle`.

    A character, or a pair of different characters (which cannot overlap itself, so its
    count is `str.count`'s), is read from the postings; anything else is counted in C on
    the blocks that hold its two rarest pairs.
    """
    if not needle or not table.chars.issuperset(needle):
        return {}
    if len(needle) == 1 or (len(needle) == 2 and needle[0] != needle[1]):
        blocks, counts = table.grams.postings(needle)
        found = dict(zip(blocks.tolist(), counts.tolist()))
        if len(counts) and counts.max() == SATURATED:
            texts = table.blocks()
            for doc in blocks[counts == SATURATED].tolist():
                found[doc] = texts[doc].count(needle)
        return found
    candidates = table.candidates(needle)
    texts = table.blocks()
    counts = map(str.count, map(texts.__getitem__, candidates), repeat(needle))
    return {doc: count for doc, count in zip(candidates, counts) if count}


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


def spans_of(query: Query, table: DocTable, doc: int) -> list[Span]:
    """The highlighted spans of a matching block: every positive text term's occurrences."""
    spans: list[Span] = []
    for term in query.text_terms:
        term_result, _ = term_spans(term, table, doc)
        spans += term_result or []
    return _merge(spans)


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
        if merged and start < merged[-1][1]:      # overlapping; adjacent hits stay apart
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _pinyin_pattern(term: Term) -> re.Pattern[str] | None:
    return pinyin_regex(term.text) if term.pinyin else None
