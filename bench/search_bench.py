"""Search benchmark: index build, index size, memory, query latency, against a scan and rg.

    python -m bench.search_bench                      # built-in, 1 MB, 10 MB
    python -m bench.search_bench --sizes 100          # the 100 MB corpus (minutes to make)

For each corpus, every step in a fresh process, as a user would run it:
- build: `tanwen index --rebuild` with 1 and with 2 processes: seconds, MB/s, peak memory;
- index size on disk;
- cold search: `tanwen search 创新 --json` wall time (interpreter start, imports, index
  open, search) with the index up to date; with --installed, by a regular install of this
  checkout too (`pip install .` into a venv under bench/out/: bench/installed.py), which
  imports no editable-install finder at start;
- query latency p50/p95 in a warm process over a mixed query set (words of three frequency
  bands, random substrings, single characters, Latin and numbers, a phrase, AND/OR/NOT,
  traditional characters, pinyin); each query run 3 times, the median kept; and the peak
  memory of that process;
- the literal queries of the set also timed with a plain substring scan of the folded block
  texts in Python (the query folded once), and with `rg -F -c` over the files (Debian
  package ripgrep);
- the peers of `bench/peers.py` (tantivy, SQLite FTS5 trigram) on the same blocks, same run:
  build MB/s, index size, peak memory, cold first result, p50/p95 over the literal queries.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.timing import time_command

OUT = Path(__file__).resolve().parent / "out"

# The query mix is picked from every block's text, in a process of its own: holding the
# texts (~160 MB at 100 MB) in the process that searches would count them as the engine's.
QUERY_PICKER = r"""
import json, sys
from tanwen.search.engine import SearchEngine
from bench.search_bench import mixed_queries
engine = SearchEngine(path=sys.argv[1] or None)
assert engine.open_existing_index()
texts = [t.doc_text(d) for t in engine.index.tables for d in t.live_docs()]
print(json.dumps(mixed_queries(texts), ensure_ascii=False))
"""

QUERY_WORKER = r"""
import json, statistics, sys, time
from tanwen.search.engine import SearchEngine
from bench.search_bench import timed
queries = json.loads(sys.argv[2])
engine = SearchEngine(path=sys.argv[1] or None)
assert engine.open_existing_index()
for _, q, _ in queries:               # warm up: jieba, regexes, page cache
    engine.search(q, limit=20)
latency = {q: timed(lambda: engine.search(q, limit=20)) for _, q, _ in queries}
# Resident memory now, by kind: the process's own (anonymous) and pages of mapped index files
# (shared with the page cache, given back under pressure). The peak is VmHWM, as the peers
# report theirs: ru_maxrss carries over, across exec, the peak of the bench process that
# started this one.
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
kb = lambda key: int(status[key].split()[0]) / 1024
print(json.dumps({"queries": queries, "latency": latency, "rss_mb": kb("VmHWM"),
                  "anon_mb": kb("RssAnon"), "file_mb": kb("RssFile")}))
"""


def mixed_queries(texts: list[str], seed: int = 7) -> list[tuple[str, str, bool]]:
    """(category, query, literal) — literal queries are also timed with the baselines."""
    from collections import Counter

    from tanwen.search.analyzer import word_counts

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
    while len([q for q in queries if q[0] == "substring"]) < 10:
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


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(function, repeat: int = 3) -> float:
    """Median wall time of `function` over `repeat` runs, in ms."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def _run(argv: list[str], env: dict) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB of the process and its workers, stdout) of a command."""
    seconds, rss, _, _, out = _run_measured(argv, env)
    return seconds, rss, out


def _run_measured(argv: list[str], env: dict) -> tuple[float, float, float, float, str]:
    """(wall seconds, peak RSS MB of its largest process, peak RSS MB summed over the
    process and its workers (sampled every 20 ms), CPU seconds of all of them, stdout)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    summed = 0.0
    while process.poll() is None:
        summed = max(summed, _tree_rss_mb(process.pid))
        time.sleep(0.02)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, argv, out, err)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return seconds, after.ru_maxrss / 1024, summed, cpu, out


def _tree_rss_mb(root: int) -> float:
    """The resident memory of a process and all its descendants now, in MB (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21])          # pages
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    return sum(rss.get(pid, 0) for pid in tree) * os.sysconf("SC_PAGE_SIZE") / 1e6


def cold_search_ms(tanwen: list[str], env: dict, runs: int = 5) -> float:
    """Median wall time of `tanwen search 创新 --json` in a fresh process, the index fresh."""
    return statistics.median(time_command(tanwen + ["search", "创新", "--json"], env, ok=(0,))[0] * 1000
                             for _ in range(runs))


def bench_corpus(label: str, root: Path | None, installed: Path | None = None) -> dict:
    from tanwen.corpus import load_corpus
    from tanwen.corpus.reading import discover

    size = sum(s.size for s in discover(root)) if root else sum(
        len(b.text.encode()) for b in load_corpus().blocks())
    row: dict = {"corpus": label, "MB": size / 1e6}
    tanwen = [sys.executable, "-m", "tanwen.tui.cli"] + (["--corpus", str(root)] if root else [])
    for processes in (1, 2):
        cache = OUT / f"cache-{label.replace(' ', '')}-p{processes}"
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "TANWEN_CACHE_DIR": str(cache), "TANWEN_INDEX_PROCESSES": str(processes)}
        seconds, rss, summed, cpu, _ = _run_measured(tanwen + ["index", "--rebuild"], env)
        row[f"build{processes}_s"] = seconds
        row[f"build{processes}_MBs"] = size / 1e6 / seconds
        row[f"build{processes}_cpu_s"] = cpu
        row[f"build{processes}_rss"] = rss
        row[f"build{processes}_rss_sum"] = summed
        # The segments differ with the process count (each process writes its own).
        row[f"index{processes}_MB"] = sum(
            p.stat().st_size for p in cache.rglob("*") if p.is_file()) / 1e6
    row["cold_search_ms"] = cold_search_ms(tanwen, env)
    if installed is not None:
        regular = [str(installed), *tanwen[3:]]
        _run(regular + ["search", "创新", "--json"], env)        # writes its byte code
        row["cold_search_installed_ms"] = cold_search_ms(regular, env)
    picked = _run([sys.executable, "-c", QUERY_PICKER, str(root or "")], env)[2]
    _, _, out = _run([sys.executable, "-c", QUERY_WORKER, str(root or ""), picked], env)
    measured = json.loads(out)
    queries, latency = measured["queries"], measured["latency"]
    row["search_rss"] = measured["rss_mb"]
    row["search_anon"], row["search_file"] = measured["anon_mb"], measured["file_mb"]
    row["p50_ms"] = percentile(list(latency.values()), 0.5)
    row["p95_ms"] = percentile(list(latency.values()), 0.95)
    literal = [q for _, q, is_literal in queries if is_literal]
    row["lit_p50_ms"] = percentile([latency[q] for q in literal], 0.5)
    row["lit_p95_ms"] = percentile([latency[q] for q in literal], 0.95)
    from tanwen.corpus.normalize import fold

    if root is not None:
        texts = [b.folded for b in load_corpus(root).blocks()]
    else:
        texts = [b.folded for b in load_corpus().blocks()]
    def scan_for(query: str) -> list[str]:
        folded = fold(query)                   # once per query, as any engine would
        return [t for t in texts if folded in t]

    scan = {q: timed(lambda: scan_for(q)) for q in literal}
    row["scan_p50_ms"] = percentile(list(scan.values()), 0.5)
    row["scan_p95_ms"] = percentile(list(scan.values()), 0.95)
    rg = shutil.which("rg")
    if rg and root is not None:
        timings = {q: timed(lambda: subprocess.run([rg, "-F", "-c", q, str(root)],
                                                   stdout=subprocess.DEVNULL)) for q in literal}
        row["rg_p50_ms"] = percentile(list(timings.values()), 0.5)
        row["rg_p95_ms"] = percentile(list(timings.values()), 0.95)
    row["slowest"] = sorted(latency.items(), key=lambda kv: -kv[1])[:4]
    row["queries"] = len(queries)
    row["peers"] = bench_peers(label, texts, literal, row["MB"])
    return row


def bench_peers(label: str, texts: list[str], literal: list[str], megabytes: float) -> list[dict]:
    """A row per peer engine on the same folded blocks and literal queries, or a note."""
    from bench import peers

    work = OUT / f"peers-{label.replace(' ', '')}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    blocks, queries = work / "blocks.jsonl", work / "queries.json"
    blocks.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    queries.write_text(json.dumps(literal, ensure_ascii=False), encoding="utf-8")
    run = [sys.executable, "-m", "bench.peers"]
    rows = []
    for name in peers.PEERS:
        note = peers.missing(name)
        if note:
            rows.append({"engine": name, "note": note})
            continue
        index = work / name
        built = json.loads(_run(run + ["build", name, str(blocks), str(index)], dict(os.environ))[2])
        cold = statistics.median(time_command(run + ["first", name, str(index), "创新"],
                                              dict(os.environ), ok=(0,))[0] for _ in range(5))
        measured = json.loads(_run(run + ["query", name, str(index), str(queries)], dict(os.environ))[2])
        size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 1e6
        latency = list(measured["latency"].values())
        rows.append({"engine": name, "build_MBs": megabytes / built["seconds"],
                     "build_rss": built["rss_mb"], "index_MB": size, "ratio": size / megabytes,
                     "cold_ms": cold * 1000, "p50_ms": percentile(latency, 0.5),
                     "p95_ms": percentile(latency, 0.95), "search_rss": measured["rss_mb"]})
    return rows


COLUMNS = [
    ("corpus", "corpus", "{}"), ("MB", "MB", "{:.2f}"),
    ("build1_MBs", "build MB/s ×1", "{:.2f}"), ("build2_MBs", "build MB/s ×2", "{:.2f}"),
    ("build2_s", "build s ×2", "{:.1f}"),
    ("build1_cpu_s", "build CPU s ×1", "{:.1f}"), ("build2_cpu_s", "build CPU s ×2", "{:.1f}"),
    ("build2_rss", "build RSS MB", "{:.0f}"), ("build2_rss_sum", "build RSS MB summed ×2", "{:.0f}"),
    ("index1_MB", "index MB ×1", "{:.1f}"), ("index2_MB", "index MB ×2", "{:.1f}"),
    ("cold_search_ms", "cold search ms", "{:.0f}"),
    ("cold_search_installed_ms", "cold search ms (pip install .)", "{:.0f}"),
    ("p50_ms", "p50 ms", "{:.1f}"), ("p95_ms", "p95 ms", "{:.1f}"),
    ("lit_p50_ms", "literal p50", "{:.1f}"), ("lit_p95_ms", "literal p95", "{:.1f}"),
    ("scan_p50_ms", "scan p50", "{:.1f}"), ("scan_p95_ms", "scan p95", "{:.1f}"),
    ("rg_p50_ms", "rg p50", "{:.1f}"), ("rg_p95_ms", "rg p95", "{:.1f}"),
    ("search_rss", "search RSS MB", "{:.0f}"),
    ("search_anon", "of it own", "{:.0f}"), ("search_file", "of it mapped files", "{:.0f}"),
]


def print_table(rows: list[dict]) -> None:
    with open("/proc/loadavg") as handle:
        print(f"load average as the table is printed: {' '.join(handle.read().split()[:3])}")
    print("| " + " | ".join(title for _, title, _ in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for row in rows:
        print("| " + " | ".join(fmt.format(row[key]) if key in row else "–"
                                for key, _, fmt in COLUMNS) + " |")
    for row in rows:
        slow = ", ".join(f"{q} {ms:.1f} ms" for q, ms in row["slowest"])
        print(f"{row['corpus']}: {row['queries']} queries; slowest: {slow}")
    print_peers(rows)


PEER_COLUMNS = [
    ("build_MBs", "build MB/s", "{:.2f}"), ("index_MB", "index MB", "{:.1f}"),
    ("ratio", "index ÷ text", "{:.2f}×"), ("build_rss", "build RSS MB", "{:.0f}"),
    ("p50_ms", "literal p50 ms", "{:.2f}"), ("p95_ms", "literal p95 ms", "{:.2f}"),
    ("cold_ms", "cold first result ms", "{:.0f}"), ("search_rss", "search RSS MB", "{:.0f}"),
]


def print_peers(rows: list[dict]) -> None:
    """tanwen (2 processes) and each peer side by side, a line per corpus and engine."""
    print()
    print("| corpus | engine | " + " | ".join(title for _, title, _ in PEER_COLUMNS) + " |")
    print("|" + "---|" * (len(PEER_COLUMNS) + 2))
    for row in rows:
        ours = {"engine": "tanwen ×2", "build_MBs": row["build2_MBs"], "index_MB": row["index2_MB"],
                "ratio": row["index2_MB"] / row["MB"], "build_rss": row["build2_rss"],
                "p50_ms": row["lit_p50_ms"], "p95_ms": row["lit_p95_ms"],
                "cold_ms": row["cold_search_ms"], "search_rss": row["search_rss"]}
        for engine in [ours] + row.get("peers", []):
            if "note" in engine:
                print(f"| {row['corpus']} | {engine['note']} |")
                continue
            print(f"| {row['corpus']} | {engine['engine']} | " + " | ".join(
                fmt.format(engine[key]) for key, _, fmt in PEER_COLUMNS) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="builtin,1,10",
                        help="comma-separated: builtin and/or sizes in MB (default builtin,1,10)")
    parser.add_argument("--installed", action="store_true",
                        help="time the cold search of a regular install (pip install .) too")
    args = parser.parse_args(argv)
    from bench.corpora import generate

    installed = None
    if args.installed:
        from bench.installed import installed_tanwen

        installed = installed_tanwen()
    rows = []
    for size in args.sizes.split(","):
        root = None if size == "builtin" else generate(float(size))
        rows.append(bench_corpus("built-in" if root is None else f"{size} MB", root, installed))
        print(f"… {rows[-1]['corpus']} done", file=sys.stderr)
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
