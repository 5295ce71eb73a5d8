"""UI-thread time per search: how long the app's event loop is busy applying one search result
(the results list, the tree's counts, the reader's highlights, the status line), per query.

    python -m bench.ui_thread_bench                  # built-in corpus and the 10 MB generated one
    python -m bench.ui_thread_bench --sizes 1 10 --runs 5

The app runs headless at 120×35 on a loaded corpus, searching by scanning it (no index build:
what is timed does not depend on how the matches were found). The queries are searched in
turn, each replacing the previous one's results as a new query typed does; the time is
measured inside the app, around the method that applies a result on the UI thread
(`_apply_results`), and the median of the runs (after one warm-up round) is printed in
milliseconds. The search itself runs in a worker thread and is not counted.

Then keys: characters typed into the search box at 120×35 (searching switched off, so only
the typing is timed), and page down in the reader through the longest section: the UI
thread's CPU time per key (`time.thread_time`, which also counts Pilot's and the headless
driver's handling of the key) and how many times the whole screen was laid out again.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

QUERIES = ("的", "创新", "芯片")      # very common, common, rare (4 times in the built-in corpus)


def _app_class():
    from tanwen.tui.app import TanwenApp

    class TimedApp(TanwenApp):
        SHOW_TIMINGS = False

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.apply_ms: list[float] = []

        def _apply_results(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return super()._apply_results(*args, **kwargs)
            finally:
                self.apply_ms.append((time.perf_counter() - started) * 1000)

    return TimedApp


async def _measure(corpus, queries: tuple[str, ...], runs: int) -> dict[str, float]:
    app = _app_class()(corpus, build_index=False, keymap={})
    times: dict[str, list[float]] = {query: [] for query in queries}
    async with app.run_test(size=(120, 35)) as pilot:
        await _wait(pilot, lambda: app.engine is not None and app._background_started)
        for _ in range(runs + 1):             # the first round warms up
            for query in queries:                 # each replaces another's results on screen
                before = len(app.apply_ms)
                app.search_now(query)
                await _wait(pilot, lambda: len(app.apply_ms) > before)
                times[query].append(app.apply_ms[-1])
                await pilot.pause()
    times = {query: samples[1:] for query, samples in times.items()}
    return {query: statistics.median(samples) for query, samples in times.items()}


TYPED = "天津 OR 北京 OR 上海 tianjin 创新"


async def _keys(corpus, runs: int) -> dict[str, tuple[float, float]]:
    """For typing and for paging: (UI-thread CPU ms per key, screen layouts per key),
    medians of `runs` rounds."""
    from textual.screen import Screen

    app = _app_class()(corpus, build_index=False, keymap={})
    layouts = [0]
    refresh_layout = Screen._refresh_layout

    def counted(screen, *args, **kwargs):
        layouts[0] += 1
        return refresh_layout(screen, *args, **kwargs)

    rounds: dict[str, list[tuple[float, float]]] = {"typing": [], "page down": []}

    async def timed(name: str, keys) -> None:
        await pilot.pause()
        layouts[0] = 0
        started = time.thread_time()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        rounds[name].append(((time.thread_time() - started) * 1000 / len(keys), layouts[0] / len(keys)))

    Screen._refresh_layout = counted
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            await _wait(pilot, lambda: app.engine is not None and app._background_started)
            app.searches.typed = lambda query: None
            longest = max(corpus.sections(), key=lambda section: sum(len(b.text) for b in section.blocks))
            for _ in range(runs):
                await pilot.press("slash", "ctrl+u")     # an empty box, focused
                await timed("typing", TYPED)
                app.open_key(longest.id, focus_reader=True)
                await timed("page down", ["pagedown"] * 5)
    finally:
        Screen._refresh_layout = refresh_layout
    return {name: (statistics.median(cpu for cpu, _ in samples), statistics.median(n for _, n in samples))
            for name, samples in rounds.items()}


async def _wait(pilot, condition, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not apply a search result in time")
        await pilot.pause(0.01)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="searches per query (default 5)")
    parser.add_argument("--sizes", type=float, nargs="*", default=[10],
                        help="generated corpora to add, in MB (default: 10)")
    args = parser.parse_args(argv)
    from bench.corpora import generate
    from tanwen.corpus import load_corpus

    corpora: list[tuple[str, Path | None]] = [("built-in", None)]
    corpora += [(f"{size:g} MB", generate(size)) for size in args.sizes]
    print(f"UI-thread time to apply one search result, median of {args.runs}, ms (headless, 120×35)")
    print(f"{'corpus':<10}" + "".join(f"{query:>12}" for query in QUERIES))
    for name, path in corpora:
        medians = asyncio.run(_measure(load_corpus(path), QUERIES, args.runs))
        print(f"{name:<10}" + "".join(f"{medians[query]:>12.1f}" for query in QUERIES), flush=True)
    print(f"\nUI-thread CPU per key, built-in corpus, median of {args.runs} (headless, 120×35)")
    for name, (cpu, layouts) in asyncio.run(_keys(load_corpus(None), args.runs)).items():
        print(f"{name:<10} {cpu:>6.1f} ms a key, {layouts:.2f} screen layouts a key", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
