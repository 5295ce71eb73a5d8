"""Search benchmark: index build, index size, query latency, against a scan and ripgrep.

    python -m bench.search_bench                      # built-in, 1 MB, 10 MB
    python -m bench.search_bench --sizes 100          # add the 100 MB corpus (slow to make)

For each corpus: index build time and MB/s with 1 and 2 processes (from scratch, in a cache
of its own), index size, query latency p50/p95 over a mixed query set (words, substrings,
single characters, Latin and numbers, phrases, AND/OR/NOT, traditional, pinyin; each query
run 3 times, the median kept), and for the literal queries the same timed with a plain
substring scan of the block texts in Python and with `rg -F -c` (Debian package ripgrep).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def mixed_queries(texts: list[str], seed: int = 7) -> list[tuple[str, str, bool]]:
    """(category, query, literal) — literal queries are also timed with the baselines."""
    from collections import Counter

    from search.analyzer import word_counts

    rng = random.Random(seed)
    sample = rng.sample(texts, min(len(texts), 400))
    words = Counter()
    for text in sample:
        words.update(w for w in word_counts(text) if len(w) >= 2 and not w.isascii())
    ranked = [w for w, _ in words.most_common()]
    queries: list[tuple[str, str, bool]] = []
    for band in (ranked[:20], ranked[len(ranked) // 10:len(ranked) // 5], ranked[len(ranked) // 2:]):
        for word in rng.sample(band, min(4, len(band))):
            queries.append(("word", word, True))
    long_texts = [t for t in sample if len(t) > 20]
    for _ in range(10):
        text = rng.choice(long_texts)
        size = rng.randint(2, 6)
        start = rng.randrange(0, len(text) - size)
        piece = text[start:start + size]
        if piece.strip() == piece and " " not in piece and '"' not in piece and not piece.startswith("-"):
            queries.append(("substring", piece, True))
    for char in ("的", "天", "碱", "锌"):
        queries.append(("char", char, True))
    for latin in ("R&D", "AI", "5G", "3.44", "IPO"):
        queries.append(("latin", latin, True))
    queries += [("phrase", '"新质生产力"', False), ("and", "天津 创新", False),
                ("and", "科技 成果 转化", False), ("or", "天津 OR 北京", False),
                ("not", "天津 -北京", False), ("traditional", "創新", False),
                ("traditional", "質生產", False), ("pinyin", "tianjin", False),
                ("pinyin", "xzscl", False), ("pinyin", "chuangxin", False)]
    return queries


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _timed(function, repeat: int = 3) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _dir_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def bench_corpus(label: str, root: Path | None, processes_list=(1, 2)) -> dict:
    from corpus import load_corpus
    from corpus.reading import discover
    from search.engine import SearchEngine

    corpus_root = root
    size = sum(s.size for s in discover(root)) if root else sum(
        len(b.text.encode()) for b in load_corpus().blocks())
    row: dict = {"corpus": label, "MB": size / 1e6}
    for processes in processes_list:
        cache = OUT / f"cache-{label}-p{processes}"
        shutil.rmtree(cache, ignore_errors=True)
        os.environ["TANWEN_CACHE_DIR"] = str(cache)
        engine = SearchEngine(path=corpus_root)
        report = engine.ensure_index(processes=processes)
        row[f"build{processes}_s"] = report.seconds
        row[f"build{processes}_MBs"] = size / 1e6 / report.seconds
        row["index_MB"] = _dir_mb(engine.store.path)
        row["blocks"] = report.blocks
    # Query latency, with the 2-process index (same content as the 1-process one).
    engine = SearchEngine(path=corpus_root)
    engine.open_existing_index()
    texts = [t.doc_text(d) for t in engine.index.tables for d in t.live_docs()]
    queries = mixed_queries(texts)
    for _, query, _ in queries:       # warm up: jieba, regexes, page cache
        engine.search(query, limit=20)
    latencies = {q: _timed(lambda: engine.search(q, limit=20)) for _, q, _ in queries}
    row["p50_ms"] = _percentile(list(latencies.values()), 0.5)
    row["p95_ms"] = _percentile(list(latencies.values()), 0.95)
    literal = [q for _, q, is_literal in queries if is_literal]
    row["lit_p50_ms"] = _percentile([latencies[q] for q in literal], 0.5)
    row["lit_p95_ms"] = _percentile([latencies[q] for q in literal], 0.95)
    from corpus.normalize import fold

    scan = {q: _timed(lambda: [t for t in texts if fold(q) in t]) for q in literal}
    row["scan_p50_ms"] = _percentile(list(scan.values()), 0.5)
    row["scan_p95_ms"] = _percentile(list(scan.values()), 0.95)
    rg = shutil.which("rg")
    if rg and root is not None:
        timings = {q: _timed(lambda: subprocess.run([rg, "-F", "-c", q, str(root)],
                                                    stdout=subprocess.DEVNULL)) for q in literal}
        row["rg_p50_ms"] = _percentile(list(timings.values()), 0.5)
        row["rg_p95_ms"] = _percentile(list(timings.values()), 0.95)
    row["slowest"] = sorted(latencies.items(), key=lambda kv: -kv[1])[:3]
    row["queries"] = len(queries)
    return row


def print_table(rows: list[dict]) -> None:
    columns = [
        ("corpus", "corpus", "{}"), ("MB", "MB", "{:.2f}"), ("blocks", "blocks", "{}"),
        ("build1_MBs", "build MB/s ×1", "{:.2f}"), ("build2_MBs", "build MB/s ×2", "{:.2f}"),
        ("build2_s", "build s ×2", "{:.1f}"), ("index_MB", "index MB", "{:.1f}"),
        ("p50_ms", "p50 ms", "{:.1f}"), ("p95_ms", "p95 ms", "{:.1f}"),
        ("lit_p50_ms", "literal p50", "{:.1f}"), ("lit_p95_ms", "literal p95", "{:.1f}"),
        ("scan_p50_ms", "scan p50", "{:.1f}"), ("scan_p95_ms", "scan p95", "{:.1f}"),
        ("rg_p50_ms", "rg p50", "{:.1f}"), ("rg_p95_ms", "rg p95", "{:.1f}"),
    ]
    print("| " + " | ".join(title for _, title, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [fmt.format(row[key]) if key in row else "–" for key, _, fmt in columns]
        print("| " + " | ".join(cells) + " |")
    for row in rows:
        slow = ", ".join(f"{q} {ms:.1f} ms" for q, ms in row["slowest"])
        print(f"{row['corpus']}: {row['queries']} queries; slowest: {slow}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="builtin,1,10",
                        help="comma-separated: builtin and/or sizes in MB (default builtin,1,10)")
    args = parser.parse_args(argv)
    from bench.corpora import generate

    rows = []
    for size in args.sizes.split(","):
        if size == "builtin":
            rows.append(bench_corpus("built-in", None))
        else:
            root = generate(float(size))
            rows.append(bench_corpus(f"{size} MB", root))
        print(f"… {rows[-1]['corpus']} done", file=sys.stderr)
    print_table(rows)


if __name__ == "__main__":
    main()
