"""Each query of the search bench's mix, timed on an index already built: no rebuild.

    TANWEN_CACHE_DIR=… python -m bench.query_times CORPUS [--runs 5] [--queries FILE] [--profile Q]

The mix is picked as `bench.search_bench` picks it (in a process of its own, or read from
a JSON file of a previous pick), then timed in one warm process: each query run `--runs`
times, the median kept, in wall time and in CPU time of the thread (`time.thread_time`:
what another process on the machine does not inflate). `--profile Q` prints a cProfile of
query Q instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from bench.search_bench import QUERY_PICKER, percentile


def pick(corpus: str) -> list[tuple[str, str, bool]]:
    out = subprocess.run([sys.executable, "-c", QUERY_PICKER, corpus], check=True,
                         stdout=subprocess.PIPE, text=True, env=dict(os.environ)).stdout
    return json.loads(out)


def measure(function, runs: int) -> tuple[float, float]:
    """(median wall ms, median thread CPU ms) of `function` over `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.thread_time()
        function()
        cpus.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="the corpus folder whose index is in TANWEN_CACHE_DIR")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--queries", help="a JSON file of the mix (as the picker prints it)")
    parser.add_argument("--profile", help="profile this query (10 runs) instead of timing the mix")
    args = parser.parse_args(argv)
    from tanwen.search.engine import SearchEngine

    if args.queries:
        with open(args.queries, encoding="utf-8") as handle:
            queries = json.load(handle)
    else:
        queries = pick(args.corpus)
    engine = SearchEngine(path=args.corpus)
    if not engine.open_existing_index():
        print("no index for this corpus in TANWEN_CACHE_DIR", file=sys.stderr)
        return 1
    for _, query, _ in queries:               # warm up: jieba, regexes, page cache
        engine.search(query, limit=20)
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [engine.search(args.profile, limit=20) for _ in range(10)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
        return 0
    timed = {query: measure(lambda: engine.search(query, limit=20), args.runs)
             for _, query, _ in queries}
    for query, (wall, cpu) in sorted(timed.items(), key=lambda kv: -kv[1][0]):
        print(f"{wall:8.1f} {cpu:8.1f}  {query}")
    walls = [wall for wall, _ in timed.values()]
    cpus = [cpu for _, cpu in timed.values()]
    with open("/proc/loadavg") as handle:
        load = " ".join(handle.read().split()[:3])
    print(f"{len(timed)} queries, median of {args.runs} runs each; load average {load}")
    print(f"wall p50/p95 {percentile(walls, 0.5):.1f} / {percentile(walls, 0.95):.1f} ms; "
          f"CPU p50/p95 {percentile(cpus, 0.5):.1f} / {percentile(cpus, 0.95):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
