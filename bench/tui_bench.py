"""TUI start-up benchmark: cold start to first paint, to the corpus on screen, and to the
first search result.

    python -m bench.tui_bench                 # built-in corpus and the 10 MB generated one
    python -m bench.tui_bench --runs 7 --sizes 1 10

Each run is a fresh Python process (interpreter start and every import included) that runs
the app headless at 120×35 and, as soon as the section tree is filled, searches for 创新 as
if typed and submitted. Times are measured from just before the process is spawned to:

- first paint    the first screen refresh (search box, empty tree, "Loading the corpus…");
- corpus shown   the refresh after the tree and the first article are in place;
- first result   the first search results applied to the screen.

Two cache states: "cold" (an empty index cache: the index build starts in the background
and the search scans the loaded corpus meanwhile) and "warm" (the index is on disk and up
to date). The median of the runs is printed, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
QUERY = "创新"

CHILD = r"""
import json, os, sys, time
from tanwen.tui.app import TanwenApp

QUERY = sys.argv[2]


class BenchApp(TanwenApp):
    def _corpus_ready(self, corpus):
        super()._corpus_ready(corpus)
        self.call_after_refresh(lambda: self.timings.setdefault("corpus_shown", time.perf_counter()))
        self.search_now(QUERY)

    def _apply_results(self, view, error):
        super()._apply_results(view, error)
        if view.results is not None:
            self.call_after_refresh(self._done, view.results)

    def _done(self, results):
        self.timings["result_shown"] = time.perf_counter()
        out = dict(self.timings, hits=results.total, mode=results.mode)
        print("TIMINGS " + json.dumps(out), flush=True)
        os._exit(0)   # do not wait for a background index build


path = sys.argv[1] or None
BenchApp(corpus_path=path, keymap={}).run(headless=True, size=(120, 35))
"""


def run_once(corpus: Path | None, cache: Path) -> dict:
    env = dict(os.environ, TANWEN_CACHE_DIR=str(cache), TANWEN_KEYMAP=str(cache / "no-keymap.toml"))
    env.pop("TANWEN_CORPUS", None)
    started = time.perf_counter()   # CLOCK_MONOTONIC: comparable with the child's clock
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(corpus) if corpus else "", QUERY],
        capture_output=True, text=True, env=env, timeout=600,
        cwd=Path(__file__).resolve().parent.parent,
    )
    line = next((l for l in done.stdout.splitlines() if l.startswith("TIMINGS ")), None)
    if line is None:
        raise RuntimeError(f"the app did not report (exit {done.returncode}):\n{done.stderr[-2000:]}")
    timings = json.loads(line[len("TIMINGS "):])
    ms = lambda key: (timings[key] - started) * 1000
    return {
        "first paint": ms("first_paint"),
        "corpus shown": ms("corpus_shown"),
        "first result": ms("result_shown"),
        "mode": timings["mode"],
        "hits": timings["hits"],
    }


def build_index(corpus: Path | None, cache: Path) -> None:
    os.environ["TANWEN_CACHE_DIR"] = str(cache)
    from tanwen.corpus import load_corpus
    from tanwen.search.engine import SearchEngine

    engine = SearchEngine(load_corpus(corpus))
    engine.ensure_index()
    engine.close()


def measure(name: str, corpus: Path | None, runs: int) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="tanwen-tui-bench-") as scratch:
        scratch = Path(scratch)
        cold = []
        for number in range(runs):
            cache = scratch / f"cold-{number}"
            cold.append(run_once(corpus, cache))
            shutil.rmtree(cache, ignore_errors=True)
        warm_cache = scratch / "warm"
        build_index(corpus, warm_cache)
        warm = [run_once(corpus, warm_cache) for _ in range(runs)]
    for state, samples in (("cold", cold), ("warm", warm)):
        median = lambda key: statistics.median(s[key] for s in samples)
        rows.append((name, state, median("first paint"), median("corpus shown"), median("first result"),
                     samples[-1]["mode"], samples[-1]["hits"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="runs per corpus and cache state (default 5)")
    parser.add_argument("--sizes", type=float, nargs="*", default=[10],
                        help="generated corpora to add, in MB (default: 10)")
    args = parser.parse_args(argv)
    from bench.corpora import generate

    corpora: list[tuple[str, Path | None]] = [("built-in", None)]
    corpora += [(f"{size:g} MB", generate(size)) for size in args.sizes]
    print(f"tanwen TUI start-up, median of {args.runs} runs, ms from process spawn "
          f"(headless, 120×35, query {QUERY})")
    header = ("corpus", "cache", "first paint", "corpus shown", "first result", "search", "blocks")
    print(f"{header[0]:<10} {header[1]:<6} {header[2]:>12} {header[3]:>13} {header[4]:>13} {header[5]:>7} {header[6]:>7}")
    for name, path in corpora:
        for row in measure(name, path, args.runs):
            print(f"{row[0]:<10} {row[1]:<6} {row[2]:>12.0f} {row[3]:>13.0f} {row[4]:>13.0f} {row[5]:>7} {row[6]:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
