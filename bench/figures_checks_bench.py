"""What two checks every block or article pays for cost, beside what they save.

    python -m bench.figures_checks_bench

On ~0.5 MB of the built-in articles' paragraphs with no stated date (each article's year is
looked for in its text, and not found):
- fold check   `extract._folded` on every block (is there a character to fold?) as a share of
               extracting every figure with every field (was 7–8% with a set of 5,000
               characters hashed per character; 0.8–1.5% with one regex class);
- stated year  the plain form (every candidate line folded and searched) ÷ `period.stated_year`
               (one scan finds the lines with a four-digit year, and only those are read;
               1.0× before, ~2.8× since).
Both sides of each ratio are timed in the same process, best of several runs.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path

from tanwen.corpus import load_corpus
from tanwen.corpus.figures import extract as E
from tanwen.corpus.figures import figures_of_corpus, period
from tanwen.corpus.figures import patterns as P


def best_seconds(work, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def stated_year_line_by_line(text: str) -> int | None:
    """The plain form: every line short enough or with a word of dates, folded and searched."""
    table = P.figure_fold()[1]
    for line in text.split("\n"):
        if len(line) > 40 and "时间" not in line and "日期" not in line and not (
                "年" in line and ("期" in line or "电" in line or "讯" in line)):
            continue
        found = period._STATED_DATE.search(line.translate(table))
        if found is not None:
            return int(next(group for group in found.groups() if group))
    return None


def undated_corpus(root: Path):
    paragraphs = [block.text for block in load_corpus().blocks()
                  if block.kind.value == "body" and period.stated_year(block.text) is None]
    for number in range(4):
        (root / f"article-{number}.txt").write_text("\n\n".join(paragraphs * 3), encoding="utf-8")
    return load_corpus(root)


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        corpus = undated_corpus(Path(folder))
        texts = [block.text for block in corpus.blocks()]

        def extract():
            for figure in figures_of_corpus(corpus):
                figure.metric

        extraction = best_seconds(extract, 3)
        fold_share = best_seconds(lambda: [E._folded(text) for text in texts], 9) / extraction
        year_texts = ["\n".join([article.title] + [b.text if len(b.text) <= 120 else b.text[:40]
                                                   for b in article.blocks()])
                      for article in corpus.articles]
        fast = best_seconds(lambda: [period.stated_year(text) for text in year_texts], 9)
        plain = best_seconds(lambda: [stated_year_line_by_line(text) for text in year_texts], 9)
    print(f"fold check: {100 * fold_share:.1f}% of extraction ({extraction:.2f} s)")
    print(f"stated year: the plain form takes {plain / fast:.1f}× as long")
    return 0


if __name__ == "__main__":
    sys.exit(main())
