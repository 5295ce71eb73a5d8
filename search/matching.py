"""Exact evaluation of a query over document tables: which blocks match, and where.

This is what makes search exact: a block matches a term if and only if the term occurs in
its folded text (or, for a pinyin term, a run of Han characters reads that way), and the
spans are exactly those occurrences.

It is also where the time goes, so the work is shaped for Python:
- the most selective group of the query is found in C: `str.count` in the blocks that hold
  its two rarest pairs (the table's postings), or read from the postings outright;
- the other groups, the exclusions and the filters are then checked only on those blocks;
- a single-group query needs no per-block check at all: the counts are the answer.
Matches are kept as columns, and spans are found lazily (`spans_of`), for the blocks someone
looks at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tanwen.search.class_runs import blocks_with_run, pair_counts
from tanwen.search.doctable import NARROW_ENOUGH, DocTable
from tanwen.search.grams import SATURATED, in_sorted, sorted_union, sum_by_block
from tanwen.search.numpy_lean import np
from tanwen.search.pinyin import pinyin_regex, reading_regex, readings_of, unit_chars
from tanwen.search.query import Query, Term

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
    docs: np.ndarray                  # matching live blocks, ascending
    group_tf: list[np.ndarray]        # per query group: occurrences in each of `docs`
    pinyin_only: np.ndarray           # blocks where some group matched by pinyin only, ascending

    def __len__(self) -> int:
        return len(self.docs)


# Blocks and their occurrences of something: two arrays, blocks ascending.
Counts = tuple[np.ndarray, np.ndarray]
PER_BLOCK_CHECK = 10.0      # µs to check one term in one block from Python (`term_spans`)
SCAN_BLOCKS = 20_000        # blocks of text decoded at a time by a scan (~2 MB of text)
SCAN_CLASS = 1_000          # characters of a pinyin unit from which its pairs are read as a scan
_NONE: Counts = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def match(query: Query, tables: list[DocTable]) -> list[TableMatches]:
    """Every live block of `tables` that matches `query`, table by table.

    Call `with_pinyin(query, tables)` first to let letters match as pinyin. A query of
    exclusions only matches every block without them.
    """
    if query.is_empty:
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
                and not any(len(_count_literal(term.text, table)[0]) for table in tables)):
            return replace(term, pinyin=True)
        return term

    converted = [[convert(term) for term in group] for group in query.groups]
    if converted == query.groups:
        return query
    return replace(query, groups=converted)


def _match_table(query: Query, table_index: int, table: DocTable) -> TableMatches:
    driver = _pick_driver(query, table)
    group_tf: dict[int, np.ndarray] = {}
    pinyin_only: list[np.ndarray] = []
    if driver is None:
        docs = np.arange(len(table), dtype=np.int64)
    else:
        docs, group_tf[driver], pinyin = _scan_group(query.groups[driver], table)
        pinyin_only.append(pinyin)
    scanned = docs
    # Another group is counted everywhere (arrays) or checked in each candidate block
    # (Python, ~10 µs a block), whichever costs less.
    for index, group in enumerate(query.groups):
        if index == driver or not len(docs):
            continue
        if (all(term.is_text for term in group)
                and sum(_counting_cost(term, table) for term in group) < len(docs) * PER_BLOCK_CHECK):
            group_docs, tfs, pinyin = _scan_group(group, table)
            at = np.minimum(np.searchsorted(group_docs, docs), max(0, len(group_docs) - 1))
            keep = group_docs[at] == docs if len(group_docs) else np.zeros(len(docs), dtype=bool)
            docs, group_tf = _keep(docs, group_tf, keep)
            group_tf[index] = tfs[at[keep]]
            pinyin_only.append(pinyin)
        else:
            found = [_group_in_doc(group, table, doc) for doc in docs.tolist()]
            keep = np.array([tf > 0 for tf, _ in found], dtype=bool)
            pinyin_only.append(np.array([doc for doc, (tf, literal) in zip(docs.tolist(), found)
                                         if tf and not literal], dtype=np.int64))
            docs, group_tf = _keep(docs, group_tf, keep)
            group_tf[index] = np.array([tf for tf, _ in found if tf], dtype=np.int64)
    for term in query.excluded:
        if not len(docs):
            break
        if term.is_text and _counting_cost(term, table) < len(docs) * PER_BLOCK_CHECK:
            keep = ~in_sorted(docs, _scan_group([term], table)[0])
        else:
            keep = np.array([term_spans(term, table, doc)[0] is None for doc in docs.tolist()],
                            dtype=bool)
        docs, group_tf = _keep(docs, group_tf, keep)
    if table.deleted:
        docs, group_tf = _keep(docs, group_tf, ~np.isin(docs, list(table.deleted)))
    ordered = [group_tf[index] for index in sorted(group_tf)] or [np.ones(len(docs), dtype=np.int64)]
    pinyin = sorted_union(pinyin_only) if len(pinyin_only) > 1 else (
        pinyin_only[0] if pinyin_only else _NONE[0])
    if docs is not scanned:         # (the driver's pinyin-only blocks are among its blocks)
        pinyin = pinyin[in_sorted(pinyin, docs)]
    return TableMatches(table_index, docs, ordered, pinyin)


def _counting_cost(term: Term, table: DocTable) -> float:
    """Roughly what counting `term` in every block costs, in µs: reading postings is
    cheap, counting in candidate blocks less so, and pinyin scans text."""
    if _pinyin_pattern(term) is not None:
        return 0.01 * table.starts[-1]          # the length of its text, not decoded
    needle = term.text
    if not needle or not table.chars.issuperset(needle):
        return 0.0
    if _in_postings(needle):
        return 0.05 * table.grams.size(needle)
    return 0.6 * min(table.grams.size(needle[i:i + 2]) for i in range(len(needle) - 1))


def _keep(docs: np.ndarray, group_tf: dict[int, np.ndarray], keep: np.ndarray):
    if keep.all():
        return docs, group_tf
    return docs[keep], {group: tfs[keep] for group, tfs in group_tf.items()}


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
    """The group whose matches are fewest: the only one counted over the whole table."""
    # A group with a filter term can match nearly every block: never a driver.
    eligible = [i for i, group in enumerate(query.groups) if all(term.is_text for term in group)]
    if len(eligible) <= 1:
        return eligible[0] if eligible else None

    def cost(index: int) -> int:
        """Blocks to look at: known from the postings without counting."""
        total = 0
        for term in query.groups[index]:
            total += _candidate_count(term.text, table)
            if _pinyin_pattern(term) is not None:
                total += 2 * len(table)    # pinyin scans the whole text: prefer literal
        return total

    return min(eligible, key=cost)


def _candidate_count(needle: str, table: DocTable) -> int:
    """How many blocks `table.candidates(needle)` gives, from the postings' sizes alone
    where it takes no intersection (the group that is counted next decodes them again)."""
    if not needle or not table.chars.issuperset(needle):
        return 0
    grams = {needle} if len(needle) == 1 else {needle[i:i + 2] for i in range(len(needle) - 1)}
    fewest = min(table.grams.size(gram) for gram in grams)
    if len(grams) == 1 or fewest * NARROW_ENOUGH <= len(table):
        return fewest
    return len(table.candidates(needle))


def _scan_group(group: list[Term], table: DocTable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Blocks matching a text group: (blocks, occurrences, blocks matched by pinyin only)."""
    literal = _sum_counts([_count_literal(term.text, table) for term in group])
    pinyin_parts = []
    for term in group:
        pattern = _pinyin_pattern(term)
        if pattern is not None:
            pinyin_parts.append(_count_pinyin(term.text, pattern, table))
    if not pinyin_parts:
        return *literal, _NONE[0]
    pinyin_docs, pinyin_tfs = _sum_counts(pinyin_parts)
    only = ~in_sorted(pinyin_docs, literal[0])      # a literal match in a block wins over pinyin
    pinyin_docs, pinyin_tfs = pinyin_docs[only], pinyin_tfs[only]
    return *_sum_counts([literal, (pinyin_docs, pinyin_tfs)]), pinyin_docs


def _sum_counts(parts: list[Counts]) -> Counts:
    """The blocks of any part, with their occurrences summed."""
    parts = [part for part in parts if len(part[0])]
    if len(parts) <= 1:
        return parts[0] if parts else _NONE
    return sum_by_block(np.concatenate([docs for docs, _ in parts]),
                        np.concatenate([tfs for _, tfs in parts]))


def _count_pinyin(term: str, pattern: re.Pattern[str], table: DocTable) -> Counts:
    """The blocks holding runs of Han characters that read as `term`, and how many.

    A reading of two syllables is counted from the pair postings (its runs are exactly
    such pairs). A longer one runs its own regex on the blocks that the pair postings say
    can hold it; when they cannot narrow it to half of the blocks, the term's regex runs on
    the whole text instead. (Runs that overlap — of two readings, or 天天 read as a pair
    twice — are each counted: that only nudges the block's score.)

    A reading with an initial (`xzscl`: thousands of characters each) reads the pair
    postings of most characters, which no other search reads: once it is counted, their
    pages are given back (the keys' tables and the text stay, as other searches keep them).
    """
    readings = [(units, [unit_chars(unit) for unit in units]) for units in readings_of(term)]
    try:
        return _count_readings(pattern, table, readings)
    finally:
        if any(len(chars) >= SCAN_CLASS for _, classes in readings for chars in classes):
            table.grams.release_postings()


def _count_readings(pattern: re.Pattern[str], table: DocTable,
                    readings: list[tuple[tuple[str, ...], list[str]]]) -> Counts:
    parts: list[Counts] = []
    for units, classes in readings:
        regex = reading_regex(units)
        if len(units) == 2:
            blocks, counts = pair_counts(table.grams, *classes)
            capped = np.flatnonzero(counts >= SATURATED)          # a pair's count may be capped
            counts[capped] = [len(regex.findall(table.doc_text(doc))) for doc in blocks[capped].tolist()]
            parts.append((blocks.astype(np.int64), counts))
            continue
        candidates = blocks_with_run(table.grams, classes)
        if 2 * len(candidates) > len(table):
            return _count_pinyin_in_text(pattern, table)
        docs = candidates.tolist()
        counts = np.fromiter(map(len, map(regex.findall, map(table.doc_text, docs))),
                             dtype=np.int64, count=len(docs))
        parts.append((candidates.astype(np.int64)[counts > 0], counts[counts > 0]))
    return _sum_counts(parts)


def _count_pinyin_in_text(pattern: re.Pattern[str], table: DocTable) -> Counts:
    """Runs of Han characters that read as the pattern, in every block: the text scanned
    a run of blocks at a time (a match never holds a newline), so that only that run is
    ever decoded; its pages are given back once it is read."""
    found: dict[int, int] = {}
    for first in range(0, len(table), SCAN_BLOCKS):
        last = min(first + SCAN_BLOCKS, len(table))
        base = table.starts[first]
        for hit in pattern.finditer(table.text_of(first, last)):
            doc = table.doc_at(base + hit.start())
            found[doc] = found.get(doc, 0) + 1
    table.release_pages()
    docs = np.fromiter(found, dtype=np.int64, count=len(found))
    return docs, np.fromiter(found.values(), dtype=np.int64, count=len(found))


def _count_literal(needle: str, table: DocTable) -> Counts:
    """The blocks holding `needle`, and its occurrences in each.

    A character, or a pair of different characters, is read from the postings (see
    `_in_postings`); anything else is counted in C on the blocks that hold its two rarest
    pairs.
    """
    if not needle or not table.chars.issuperset(needle):
        return _NONE
    if _in_postings(needle):
        blocks, counts = table.grams.postings(needle)
        docs, tfs = blocks.astype(np.int64), counts.astype(np.int64)
        saturated = np.flatnonzero(counts == SATURATED)
        if len(saturated):
            tfs[saturated] = table.count_in(needle, docs[saturated].tolist())
        return docs, tfs
    if len(needle) == 3 and len(set(needle)) == 3:
        return _count_three(needle, table)
    candidates = table.candidates(needle)
    return _count_in(needle, table, np.asarray(candidates, dtype=np.int64))


def _in_postings(needle: str) -> bool:
    """Whether the postings count `needle` as `str.count` does: a character, or a pair of
    different characters (which cannot overlap itself)."""
    return len(needle) == 1 or (len(needle) == 2 and needle[0] != needle[1])


def _count_in(needle: str, table: DocTable, candidates: np.ndarray) -> Counts:
    """`needle`'s occurrences in each candidate block, counted in C; blocks without one
    are dropped."""
    counts = table.count_in(needle, candidates.tolist())
    found = counts > 0
    return candidates[found], counts[found]


def _count_three(needle: str, table: DocTable) -> Counts:
    """Occurrences of three different characters abc, mostly without counting.

    In a block where every b follows an a ("ab" as often as "b"), each "bc" is an "abc":
    the count is bc's; where every b precedes a c, it is ab's. (R&D, IPO, 生产力: the middle
    character is seldom elsewhere.) Other blocks holding both pairs are counted.
    """
    first, second = table.grams.postings(needle[:2]), table.grams.postings(needle[1:])
    if not len(first[0]) or not len(second[0]):
        return _NONE
    # The blocks holding both pairs, each pair's counts taken where its blocks were found.
    at = np.searchsorted(second[0], first[0])
    at[at == len(second[0])] = 0
    both = np.flatnonzero(second[0][at] == first[0])
    blocks, at = first[0][both], at[both]
    middle = table.grams.postings(needle[1])
    pairs, seconds = first[1][both].astype(np.int64), second[1][at].astype(np.int64)
    singles = middle[1][np.searchsorted(middle[0], blocks)].astype(np.int64)
    sure = (np.maximum(pairs, seconds) == singles) & (singles < SATURATED)
    blocks = blocks.astype(np.int64)
    counts = np.minimum(pairs, seconds)
    unsure = np.flatnonzero(~sure)
    # The counted blocks are put back in place: `blocks` stays ascending, nothing is sorted.
    if len(unsure):
        counts[unsure] = table.count_in(needle, blocks[unsure].tolist())
    found = counts > 0
    return blocks[found], counts[found]


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
    text = table.doc_text(doc)
    spans = find_all(text, term.text)
    if spans:
        return spans, True
    pattern = _pinyin_pattern(term)
    if pattern is not None:
        spans = [(m.start(), m.end()) for m in pattern.finditer(text)]
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


def count_occurrences(query: Query, found: list[TableMatches], tables: list[DocTable]) -> int:
    """The spans `spans_of` gives every match (a match without one counts once), counted
    without keeping any of them.

    A query of one literal term alone in its group has them already: matching counted its
    non-overlapping occurrences in each block, as `find_all` finds them. Other queries are
    counted block by block (overlapping terms merge, pinyin runs may overlap).
    """
    terms = query.text_terms
    if len(terms) == 1 and not terms[0].pinyin:
        group = next(i for i, terms_of in enumerate(query.groups) if terms_of == terms)
        if all(len(matches.group_tf) == len(query.groups) for matches in found if len(matches)):
            return sum(int(matches.group_tf[group].sum()) for matches in found if len(matches))
    return sum(max(1, len(spans_of(query, tables[matches.table], doc)))
               for matches in found for doc in matches.docs.tolist())


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
