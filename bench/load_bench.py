"""Loading: seconds to read and lay out text that strains the layout passes.

    .venv/bin/python -m bench.load_bench                 # 2, 4 and 8 MB
    .venv/bin/python -m bench.load_bench --sizes 2,4,8,16

Then how often paragraph joining fires where it must not: pairs of clauses of the built-in
articles drawn at random (each without closing punctuation, like short reviews side by
side) — every join is a false one.

One file per row, written to bench/out/ once:
- single paragraph: lines with no blank line between them and no closing punctuation at
  their ends (the shape that used to load in time quadratic in its lines);
- novel: one paragraph a line, single newlines between paragraphs;
- 7,000 small files of four kinds (news, reviews, 1998-style news, Markdown with code).

Time is wall-clock for `load_corpus` on the file, the best of a few runs; linear work shows
as seconds per MB that stay flat as the size grows.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tanwen.corpus import load_corpus

OUT = Path(__file__).resolve().parent / "out"
SHAPES = {
    "single paragraph": "天津发展新质生产力取得新进展，科技创新与产业创新融合发展\n",
    "novel": "　　他推开门，看见窗外的雨已经停了，街上的人渐渐多了起来。\n",
}


def sample(shape: str, megabytes: int) -> Path:
    """The file of `shape` of about `megabytes` MB (written once)."""
    line = SHAPES[shape]
    path = OUT / f"load-{shape.replace(' ', '-')}-{megabytes}mb.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(line * (megabytes * 1_000_000 // len(line.encode())), encoding="utf-8")
    return path


def small_files(count: int = 7000) -> Path:
    """A folder of `count` small articles of four kinds (written once): Markdown with a
    heading, reviews without closing punctuation, 1998-style indented news, Markdown
    documentation with a code fence and a list. Paragraphs are built-in articles' paragraphs."""
    import random

    folder = OUT / f"load-small-files-{count}"
    if folder.is_dir():
        return folder
    folder.mkdir(parents=True)
    rng = random.Random(3)
    paragraphs = [b.text for b in load_corpus().blocks() if b.kind.value == "body"]
    for number in range(count):
        picked = rng.sample(paragraphs, 4)
        kind = number % 4
        if kind == 0:
            text = f"# 标题{number}\n\n" + "\n\n".join(picked)
        elif kind == 1:
            text = f"短评{number}没有标点\n\n" + "\n\n".join(p[:30] for p in picked)
        elif kind == 2:
            text = "".join("　　" + p + "\n" for p in picked)
        else:
            text = f"## 文档\n\n```\n# cmd {number}\n```\n\n- 项一\n- 项二\n\n" + picked[0]
        (folder / f"{number:04d}.{'md' if kind == 3 else 'txt'}").write_text(text, encoding="utf-8")
    return folder


def seconds_to_load(path: Path, runs: int) -> tuple[float, int, int]:
    """Best time of `runs` loads, the number of blocks and the longest block's length."""
    best, corpus = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        corpus = load_corpus(path)
        best = min(best, time.perf_counter() - started)
    blocks = list(corpus.blocks())
    return best, len(blocks), max(len(block.text) for block in blocks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2,4,8", help="comma-separated sizes in MB (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=2, help="runs per file; the best is reported")
    args = parser.parse_args([] if argv is None else argv)
    table = Table(title="loading: large unbroken text and many small files (best of runs)")
    for column in ("text", "MB", "seconds", "s per MB", "blocks", "longest block"):
        table.add_column(column, justify="left" if column == "text" else "right")
    for shape in SHAPES:
        for size in (int(s) for s in args.sizes.split(",") if s.strip()):
            path = sample(shape, size)
            seconds, blocks, longest = seconds_to_load(path, args.runs)
            megabytes = path.stat().st_size / 1e6
            table.add_row(shape, f"{megabytes:.1f}", f"{seconds:.2f}", f"{seconds / megabytes:.3f}",
                          f"{blocks:,}", f"{longest:,}")
    folder = small_files()
    seconds, blocks, longest = seconds_to_load(folder, args.runs)
    megabytes = sum(path.stat().st_size for path in folder.iterdir()) / 1e6
    table.add_row("7,000 small files", f"{megabytes:.1f}", f"{seconds:.2f}", f"{seconds / megabytes:.3f}",
                  f"{blocks:,}", f"{longest:,}")
    console = Console(width=100)
    console.print(table)
    joined, pairs, clauses = false_joins()
    console.print(f"joining: {joined} of {pairs:,} random pairs of {clauses} built-in clauses joined "
                  f"({joined / pairs:.2%}; each is a false join)")
    return 0


def false_joins(pairs: int = 20_000, seed: int = 1) -> tuple[int, int, int]:
    """How many random pairs of the built-in articles' clauses `joining.continues` joins."""
    import random
    import re

    from tanwen.corpus.joining import continues

    clauses = sorted({clause.strip("“”：:")
                      for block in load_corpus().blocks() if block.kind.value == "body"
                      for clause in re.split(r"[。！？，,；;]", block.text)
                      if 4 <= len(clause.strip("“”：:")) <= 60 and clause[-1:] not in "》）)"})
    rng = random.Random(seed)
    joined = sum(continues(rng.choice(clauses), rng.choice(clauses)) for _ in range(pairs))
    return joined, pairs, len(clauses)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
