"""Corpus views benchmark: the time to a first screen of each view, with the index ready.

    python -m bench.views_bench                      # built-in and 10 MB
    python -m bench.views_bench --sizes builtin,100  # the 100 MB corpus (minutes to make)

Per corpus, in one process, after `ensure_index()` (its time is not counted):
- KWIC for a word in about 1% of the blocks and for the commonest character (的): every
  occurrence found, lines made in reading order and the first 40 drawn; then sorted by R1;
- dispersion per article for the 1% word;
- collocates (±5 words, log-likelihood) of the commonest word of two or more characters;
- key terms of the biggest section against the rest of the corpus.
Each is run three times; the median is reported. The corpus' words (segmented once, kept on
disk, read back once per process: `search.views.tokens`) are timed apart: the first
collocates or key terms of a process pay for reading them back.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

SCREEN_LINES = 40
GOAL_MS = {"builtin": 100, "10": 100, "100": 500}


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return (time.perf_counter() - started) * 1000, result


def median_ms(action, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        elapsed, result = timed(action)
        times.append(elapsed)
    return statistics.median(times), result


def blocks_with(engine, word: str) -> int:
    from tanwen.search import find_occurrences

    return len({(item.table, item.doc) for item in find_occurrences(engine, word).items})


def one_percent_word(engine, words: list[str], blocks: int) -> str:
    """A word of the corpus held by about 1% of its blocks (the closest of a few tried)."""
    target = max(1, blocks // 100)
    best, best_gap = words[0], None
    for word in words[:: max(1, len(words) // 40)][:40]:
        gap = abs(blocks_with(engine, word) - target)
        if best_gap is None or gap < best_gap:
            best, best_gap = word, gap
    return best


def bench_corpus(label: str, root: Path | None) -> list[tuple[str, str, int, float]]:
    from tanwen.search import (Concordance, SearchEngine, collocates, dispersion, find_occurrences,
                               key_terms, word_list)
    from tanwen.search.views.tokens import _cached, _segment
    from tanwen.search.views.words import corpus_counts

    engine = SearchEngine(path=root)
    engine.ensure_index()
    tables = engine.tables()
    rows: list[tuple[str, str, int, float]] = []
    blocks = sum(len(table) for table in tables)
    chars = sum(len(table.text) for table in tables)
    segment_ms, _ = timed(lambda: [_segment(table) for table in tables])
    rows.append(("segmenting the corpus (once, then kept on disk)", f"{blocks} blocks", chars, segment_ms))
    [_cached(table) for table in tables]                  # on disk now, if it was not
    read_ms, _ = timed(lambda: [_cached(table) for table in tables])
    rows.append(("its words read back from disk (once per process)", f"{blocks} blocks", chars, read_ms))
    counts_ms, _ = timed(lambda: corpus_counts(tables))
    rows.append(("corpus word counts merged (once per process)", f"{blocks} blocks", chars, counts_ms))
    words = [row.term for row in word_list(None, tables, limit=2000) if len(row.term) >= 2]

    def kwic(query: str, sort: str = "position"):
        def run():
            found = find_occurrences(engine, query)
            lines = Concordance(found, width=20, sort=sort)
            return [lines[row] for row in range(min(SCREEN_LINES, len(lines)))], len(found)
        return run

    word = one_percent_word(engine, words, blocks)
    for query in (word, "的"):
        ms, (_, count) = median_ms(kwic(query))
        rows.append(("KWIC, first screen", query, count, ms))
        ms, (_, count) = median_ms(kwic(query, "right"))
        rows.append(("KWIC sorted by R1, first screen", query, count, ms))
    ms, _ = median_ms(lambda: dispersion(find_occurrences(engine, word), "article"))
    rows.append(("dispersion per article", word, len(find_occurrences(engine, word)), ms))
    common = words[0]
    ms, _ = median_ms(lambda: collocates(find_occurrences(engine, common), window=5, limit=40))
    rows.append(("collocates ±5, LL", common, len(find_occurrences(engine, common)), ms))
    table_index, section_index, size = max(
        ((t, s, n) for t, table in enumerate(tables) for s, n in _section_sizes(table).items()),
        key=lambda item: item[2])
    table = tables[table_index]
    texts = [table.doc_text(doc) for doc in range(len(table)) if table.section_of[doc] == section_index]
    ms, _ = median_ms(lambda: key_terms(texts, tables))
    rows.append(("key terms of the biggest section", table.sections[section_index].id, size, ms))
    engine.close()
    return rows


def _section_sizes(table) -> dict[int, int]:
    sizes: dict[int, int] = {}
    for doc in range(len(table)):
        section = table.section_of[doc]
        sizes[section] = sizes.get(section, 0) + table.doc_length(doc)
    return sizes


def main(argv: list[str] | None = None) -> int:
    from bench.corpora import generate

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="builtin,10", help="builtin and/or MB sizes, comma-separated")
    args = parser.parse_args(argv)
    print("| corpus | view | query | occurrences (or size) | ms (median of 3) |")
    print("|---|---|---|---:|---:|")
    for size in args.sizes.split(","):
        root = None if size == "builtin" else generate(float(size))
        label = "built-in" if size == "builtin" else f"{size} MB"
        for view, query, count, ms in bench_corpus(label, root):
            once = view.startswith(("segmenting", "its words", "corpus word counts"))
            flag = " ⚠" if ms > GOAL_MS.get(size, 500) and not once else ""
            print(f"| {label} | {view} | {query} | {count:,} | {ms:,.1f}{flag} |", flush=True)
    print(f"\n⚠: over the goal for a first screen ({', '.join(f'{k}: {v} ms' for k, v in GOAL_MS.items())}).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
