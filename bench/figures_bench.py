"""Figures: extraction speed, and accuracy against the hand-labelled built-in corpus.

    .venv/bin/python -m bench.figures_bench

Speed is MB of UTF-8 article text per second of extraction, on a freshly loaded corpus
(loading is not timed). Two rates:

- find: `figures_of_corpus` — every figure with its span, value, unit, kind and qualifier.
  A figure's context fields (metric, period, direction, sentence) are read from its
  sentence on first use, for its whole block at once; the sidebar and `--kind` filters
  touch only the figures they show.
- all fields: the same plus every figure's context fields (what `tanwen figures --json`
  does for the whole corpus).

The target is ≥ 5 MB/s, so the sidebar never lags.
"""

from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from corpus import load_corpus
from corpus.figures import figures_of_corpus
from corpus.figures.evaluate import COMPARED, evaluate

LABELS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "figures_labels.txt"
TARGET_MB_S = 5.0


def corpus_bytes(corpus) -> int:
    return sum(len(block.text.encode("utf-8")) for block in corpus.blocks())


def time_extraction(path: Path | None, repeat: int = 1) -> dict[str, float]:
    """Extract the figures of the corpus at `path` (None: built-in) `repeat` times, each
    time from a freshly loaded corpus; the best times count."""
    best_find = best_all = float("inf")
    figures = 0
    size = 0
    for _ in range(repeat):
        corpus = load_corpus(path)
        size = corpus_bytes(corpus)
        started = time.perf_counter()
        found = figures_of_corpus(corpus)
        found_at = time.perf_counter()
        for figure in found:
            figure.metric           # reads every block's context fields
        finished = time.perf_counter()
        best_find = min(best_find, found_at - started)
        best_all = min(best_all, finished - started)
        figures = len(found)
    return {"bytes": size, "seconds": best_find, "mb_s": size / 1e6 / best_find,
            "seconds_all": best_all, "mb_s_all": size / 1e6 / best_all, "figures": figures}


def speed_rows(sizes: tuple[float, ...] = (1, 10)) -> list[tuple[str, dict[str, float]]]:
    from bench.corpora import generate

    rows = [("built-in (2 articles)", time_extraction(None, repeat=5))]
    for size in sizes:
        rows.append((f"generated {size:g} MB", time_extraction(generate(size), repeat=2 if size <= 1 else 1)))
    return rows


def main(sizes: tuple[float, ...] = (1, 10)) -> int:
    console = Console(width=max(Console().width, 110))
    speed = Table(title="figures: extraction speed (target ≥ 5 MB/s)")
    for column in ("corpus", "MB", "figures", "find s", "find MB/s", "all fields s", "all fields MB/s"):
        speed.add_column(column, justify="left" if column == "corpus" else "right")
    slowest = float("inf")
    for name, row in speed_rows(sizes):
        slowest = min(slowest, row["mb_s"])
        speed.add_row(name, f"{row['bytes'] / 1e6:.2f}", f"{row['figures']:,}",
                      f"{row['seconds']:.3f}", f"{row['mb_s']:.1f}",
                      f"{row['seconds_all']:.3f}", f"{row['mb_s_all']:.1f}")
    console.print(speed)

    scores = evaluate(load_corpus(), LABELS)
    accuracy = Table(title=f"figures: accuracy against {scores.gold} hand-labelled figures")
    accuracy.add_column("measure")
    accuracy.add_column("score", justify="right")
    accuracy.add_row("span precision", f"{scores.precision:.3f}")
    accuracy.add_row("span recall", f"{scores.recall:.3f}")
    accuracy.add_row("span F1", f"{scores.f1:.3f}")
    for name in COMPARED:
        accuracy.add_row(f"{name} accuracy", f"{scores.accuracy(name):.3f}")
    accuracy.add_row("metric plausible", f"{scores.metric_rate:.3f}")
    console.print(accuracy)
    return 0 if slowest >= TARGET_MB_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
