"""Each query of the search bench's mix, timed on an index already built: no rebuild.

    TANWEN_CACHE_DIR=… python -m bench.query_times CORPUS [--runs 5] [--queries FILE] [--profile Q]
    TANWEN_CACHE_DIR=… python -m bench.query_times CORPUS --compare OTHER_SOURCE [--rounds 7]
        [--other-cache DIR]

The mix is picked as `bench.search_bench` picks it (in a process of its own, or read from
a JSON file of a previous pick), then timed in one warm process: each query run `--runs`
times, the median kept, in wall time and in CPU time of the thread (`time.thread_time`:
what another process on the machine does not inflate). `--profile Q` prints a cProfile of
query Q instead.

`--compare` times another version of the code against this one on the same index (a
checkout of main, or `git archive REV | tar -x -C DIR`; same index format): a warm process
of each, sent each query in turn, round after round, so that both see the same load (on a
shared machine, runs a minute apart differ by more than most changes). Per query, the
median over the rounds of each round's median. When the two versions' index formats differ,
`--other-cache` gives the other its own cache folder, holding an index it wrote.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.search_bench import QUERY_PICKER, percentile

HERE = Path(__file__).resolve().parent.parent      # this checkout (its `tanwen` is installed)


# A warm search process that times each query it is sent (a JSON line in, one out).
WORKER = r"""
import json, statistics, sys, time
from tanwen.search.engine import SearchEngine
engine = SearchEngine(path=sys.argv[1])
assert engine.open_existing_index()
runs = int(sys.argv[2])
for line in sys.stdin:
    query = json.loads(line)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.thread_time()
        engine.search(query, limit=20)
        cpus.append((time.thread_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    print(json.dumps([statistics.median(walls), statistics.median(cpus)]), flush=True)
"""


def pick(corpus: str, queries_file: str | None = None) -> list[tuple[str, str, bool]]:
    """The query mix: read from `queries_file` (JSON, as the picker prints it) if given, else
    picked from the corpus by the search bench's picker, in a process of its own."""
    if queries_file:
        with open(queries_file, encoding="utf-8") as handle:
            return json.load(handle)
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
    parser.add_argument("--compare", metavar="OTHER_SOURCE",
                        help="a folder of another version of the code, timed in turns with this one")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the mix with --compare")
    parser.add_argument("--other-cache", metavar="DIR",
                        help="with --compare: the other version's TANWEN_CACHE_DIR (its own format)")
    args = parser.parse_args(argv)
    from tanwen.search.engine import SearchEngine

    queries = pick(args.corpus, args.queries)
    if args.compare:
        return compare(args.corpus, queries, Path(args.compare).resolve(), args.runs, args.rounds,
                       args.other_cache)
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


def compare(corpus: str, queries: list, other: Path, runs: int, rounds: int,
            other_cache: str | None = None) -> int:
    """Both versions' warm processes, sent each query in turn (which goes first alternates)."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "tanwen").symlink_to(other)        # `import tanwen` finds the other
        environment = {key: value for key, value in os.environ.items()
                       if key != "PYTHONDONTWRITEBYTECODE"}
        other_environment = {"PYTHONPATH": folder,
                             **({"TANWEN_CACHE_DIR": other_cache} if other_cache else {})}
        workers = {name: subprocess.Popen(
            [sys.executable, "-c", WORKER, corpus, str(runs)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, cwd=folder if name == "other" else HERE,
            env={**environment, **(other_environment if name == "other" else {})})
            for name in ("other", "this")}
        texts = [query for _, query, _ in queries]
        times = {name: {text: [] for text in texts} for name in workers}
        for round_ in range(rounds + 1):            # the first round warms up, uncounted
            for i, text in enumerate(texts):
                for name in (("other", "this") if (round_ + i) % 2 else ("this", "other")):
                    workers[name].stdin.write(json.dumps(text) + "\n")
                    workers[name].stdin.flush()
                    measured = json.loads(workers[name].stdout.readline())
                    if round_:
                        times[name][text].append(measured)
        for worker in workers.values():
            worker.stdin.close()
            worker.wait()
    middle = {name: {text: [statistics.median(kind) for kind in zip(*found)]
                     for text, found in per.items()} for name, per in times.items()}
    print(f"{'query':16} CPU ms other → this   wall ms other → this")
    for text in sorted(texts, key=lambda t: -middle["other"][t][1]):
        (other_wall, other_cpu), (wall, cpu) = middle["other"][text], middle["this"][text]
        print(f"{text:16} {other_cpu:8.1f} → {cpu:6.1f}   {other_wall:8.1f} → {wall:6.1f}")
    for name, found in middle.items():
        walls, cpus = [w for w, _ in found.values()], [c for _, c in found.values()]
        print(f"{name}: wall p50/p95 {percentile(walls, 0.5):.1f} / {percentile(walls, 0.95):.1f} ms; "
              f"CPU p50/p95 {percentile(cpus, 0.5):.1f} / {percentile(cpus, 0.95):.1f} ms")
    with open("/proc/loadavg") as handle:
        print(f"{rounds} rounds, median of {runs} runs each; load average "
              f"{' '.join(handle.read().split()[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
