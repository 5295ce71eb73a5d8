"""Figures: extraction speed, and accuracy against the hand-labelled built-in corpus and a
hand-labelled set of real-style news sentences (tests/corpus/fixtures/figures_news_labels.txt:
full-width digits, datelines, traditional characters, Chinese numerals).

    .venv/bin/python -m bench.figures_bench                     # built-in, 1 MB, 10 MB
    .venv/bin/python -m bench.figures_bench --sizes builtin,1 --runs 11

Speed is MB of UTF-8 article text per second of extraction (wall-clock), on a freshly loaded
corpus (loading is not timed), the median of several runs: the machine may be shared, so the
load average is printed before and after, and so is the CPU time of the fastest run (what
other processes on a loaded machine change least; compare versions by it). Two rates per
corpus:

- find: `figures_of_corpus` — every figure with its span, value, unit, kind and qualifier.
  A figure's context fields (metric, period, direction, sentence) are read from its
  sentence on first use, for its whole block at once; the sidebar and `--kind` filters
  touch only the figures they show.
- all fields: the same plus every figure's context fields;
- all fields ×2: what `tanwen figures --json` does for a whole corpus over 2 MB —
  `every_figure`, with a forked second process taking the later half of the articles
  (not run on the built-in corpus: under 2 MB it stays on one process).

The target is ≥ 5 MB/s with all fields, so the sidebar never lags.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tanwen.corpus import load_corpus
from tanwen.corpus.figures import figures_of_corpus
from tanwen.corpus.figures.processes import every_figure
from bench.figures_eval import COMPARED, evaluate, evaluate_sentences

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "fixtures"
LABELS = FIXTURES / "figures_labels.txt"
NEWS_LABELS = FIXTURES / "figures_news_labels.txt"
TARGET_MB_S = 5.0
SIZES = ("builtin", "1", "10")
RUNS = 7


def corpus_bytes(corpus) -> int:
    return sum(len(block.text.encode("utf-8")) for block in corpus.blocks())


def time_extraction(path: Path | None, runs: int = RUNS) -> dict:
    """Extract the figures of the corpus at `path` (None: built-in) `runs` times, each time
    from a freshly loaded corpus: seconds to find them, to read all their fields, and (not
    for the built-in corpus) to do that on two processes."""
    find, all_fields, two_processes, cpu_all = [], [], [], []
    figures = size = 0
    for _ in range(runs):
        corpus = found = None
        gc.collect()            # the previous run's corpus is garbage: collect it untimed
        corpus = load_corpus(path)
        size = corpus_bytes(corpus)
        cpu_started, started = time.process_time(), time.perf_counter()
        found = figures_of_corpus(corpus)
        found_at = time.perf_counter()
        for figure in found:
            figure.metric           # reads every block's context fields
        finished, cpu_finished = time.perf_counter(), time.process_time()
        find.append(found_at - started)
        all_fields.append(finished - started)
        cpu_all.append(cpu_finished - cpu_started)
        figures = len(found)
        if path is not None:
            corpus = found = None
            gc.collect()
            corpus = load_corpus(path)
            started = time.perf_counter()
            assert len(every_figure(corpus, processes=2)) == figures
            two_processes.append(time.perf_counter() - started)
    mb = size / 1e6
    return {
        "bytes": size, "figures": figures, "runs": runs,
        "seconds": statistics.median(find), "mb_s": mb / statistics.median(find),
        "seconds_all": statistics.median(all_fields), "mb_s_all": mb / statistics.median(all_fields),
        "mb_s_all_range": (mb / max(all_fields), mb / min(all_fields)),
        "cpu_all_fastest": min(cpu_all),
        "mb_s_two": mb / statistics.median(two_processes) if two_processes else None,
    }


def speed_rows(sizes: tuple[str, ...] = SIZES, runs: int = RUNS) -> list[tuple[str, dict]]:
    from bench.corpora import generate

    rows = []
    for size in sizes:
        if size == "builtin":
            # A few milliseconds a run: more runs for a steady median.
            rows.append(("built-in (2 articles)", time_extraction(None, runs * 3)))
        else:
            rows.append((f"generated {float(size):g} MB", time_extraction(generate(float(size)), runs)))
    return rows


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    """Print the speed and accuracy tables; 0 when every corpus reads all fields at the target
    rate or faster."""
    parser = argparse.ArgumentParser(prog="python -m bench.figures_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="comma-separated: builtin and/or generated sizes in MB (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=RUNS, help="runs per corpus; the median is reported")
    args = parser.parse_args([] if argv is None else argv)

    console = Console(width=max(Console().width, 150))
    load_before = _load()
    speed = Table(title=f"figures: extraction speed, median of runs (target: all fields ≥ {TARGET_MB_S:g} MB/s)")
    for column in ("corpus", "MB", "figures", "runs", "find s", "find MB/s", "all fields s",
                   "all fields MB/s", "(slowest–fastest run)", "all fields CPU s, fastest run",
                   "all fields ×2 MB/s"):
        speed.add_column(column, justify="left" if column == "corpus" else "right")
    slowest = float("inf")
    for name, row in speed_rows(tuple(s.strip() for s in args.sizes.split(",") if s.strip()), args.runs):
        slowest = min(slowest, row["mb_s_all"])
        low, high = row["mb_s_all_range"]
        speed.add_row(name, f"{row['bytes'] / 1e6:.2f}", f"{row['figures']:,}", str(row["runs"]),
                      f"{row['seconds']:.3f}", f"{row['mb_s']:.1f}",
                      f"{row['seconds_all']:.3f}", f"{row['mb_s_all']:.1f}", f"{low:.1f}–{high:.1f}",
                      f"{row['cpu_all_fastest']:.3f}",
                      "–" if row["mb_s_two"] is None else f"{row['mb_s_two']:.1f}")
    console.print(speed)
    console.print(f"load average (1, 5, 15 min): {load_before} before, {_load()} after")

    builtin, news = evaluate(load_corpus(), LABELS), evaluate_sentences(NEWS_LABELS)
    accuracy = Table(title="figures: accuracy against hand labels (value, metric targets on news: ≥ 0.95, ≥ 0.80)")
    accuracy.add_column("measure")
    accuracy.add_column(f"built-in ({builtin.gold} figures)", justify="right")
    accuracy.add_column(f"real-style news ({news.gold} figures)", justify="right")
    rows = [("span precision", lambda s: s.precision), ("span recall", lambda s: s.recall),
            ("span F1", lambda s: s.f1)]
    rows += [(f"{name} accuracy", lambda s, name=name: s.accuracy(name)) for name in COMPARED]
    rows.append(("value right, of all labels", lambda s: s.share_of_labels("value")))
    rows.append(("metric plausible", lambda s: s.metric_rate))
    for name, measure in rows:
        accuracy.add_row(name, f"{measure(builtin):.3f}", f"{measure(news):.3f}")
    console.print(accuracy)
    return 0 if slowest >= TARGET_MB_S else 1


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
