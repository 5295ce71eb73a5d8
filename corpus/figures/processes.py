"""Every figure of a large corpus with every field, on two processes.

`tanwen figures` over a whole corpus reads every field of every figure — about 4 MB/s of
text on one core, where the context fields (metric, period, sentence) cost most. Forked
once the corpus is loaded, a second process inherits it (nothing is read or sent to it),
takes the later articles (a little under half the text) and sends back its figures as
tuples.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from operator import attrgetter

from tanwen.corpus.child_process import die_with_parent
from tanwen.corpus.figures.extract import figures_of_articles
from tanwen.corpus.figures.record import FIELDS, Figure

PARALLEL_CHARS = 700_000      # about 2 MB of Chinese text: below it, starting a process costs more
# The worker's share of the text: less than half, as its figures must still be sent back.
WORKER_SHARE = 0.45


def every_figure(corpus, processes: int | None = None) -> list[Figure]:
    """Every figure of the corpus in reading order, every field computed. `processes`: 1 or
    2; None: 2 for a corpus of more than PARALLEL_CHARS characters, when forking is safe."""
    articles = list(corpus.articles)
    sizes = [sum(len(block.text) for block in article.blocks()) for article in articles]
    if processes is None:
        processes = 2 if sum(sizes) > PARALLEL_CHARS and _can_fork() else 1
    if processes < 2 or len(articles) < 2 or not _can_fork():
        return figures_of_articles(articles, lazy=False)
    split = _split(sizes)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(articles[split:], sender, os.getpid()), daemon=True)
    worker.start()
    sender.close()
    try:
        mine = figures_of_articles(articles[:split], lazy=False)
        try:
            theirs = receiver.recv()
        except (EOFError, OSError):          # the worker died: do its half here
            theirs = None
    finally:
        receiver.close()
        worker.join()
    if theirs is None:
        return mine + figures_of_articles(articles[split:], lazy=False)
    return mine + [_figure(values) for values in theirs]


def _can_fork() -> bool:
    # Forking a process that runs threads (the app) can copy a lock another thread holds.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _split(sizes: list[int]) -> int:
    """The first article of the worker's share (at least one article each side)."""
    total, running = sum(sizes), 0
    for index, size in enumerate(sizes):
        running += size
        if running >= (1 - WORKER_SHARE) * total:
            return min(index + 1, len(sizes) - 1)
    return len(sizes) - 1


def _work(articles, sender, parent_pid: int) -> None:
    die_with_parent(parent_pid)       # not left running, ~300 MB, if `tanwen figures` is killed
    try:
        figures = figures_of_articles(articles, lazy=False)
        sender.send(list(map(attrgetter(*FIELDS), figures)))
    except BaseException:                   # the parent redoes this half
        sender.send(None)
    finally:
        sender.close()


def _figure(values: tuple) -> Figure:
    # Figure is frozen; its fields are plain attributes, set here as the extractor sets them.
    figure = object.__new__(Figure)
    figure.__dict__.update(zip(FIELDS, values))
    return figure
