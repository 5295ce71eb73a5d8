"""Building an index's segments from corpus files: one process, or several.

Segments hold at most SEGMENT_BYTES of text each (memory stays bounded: a segment is
inverted in memory). On two processes, each writes its share of them in turn
(`search.index_workers`); a worker that dies (the OOM killer, say) has its share built
here on one process instead, and the report says so.
"""

from __future__ import annotations

import gc
import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Callable, Iterator

from whoosh import fields
from whoosh.filedb.filestore import FileStorage

from tanwen.corpus.model import Article, ArticleMeta
from tanwen.corpus.reading import SourceFile, UnreadableFile, read_limited
from tanwen.search.analyzer import block_tokens, is_indexed_word
from tanwen.search.doctable import DocTable
from tanwen.search.index_files import GRAMS_EXT, INDEX_NAME, TABLE_EXT, FileState
from tanwen.search.segment_writer import words_schema, write_segment

PROCESSES_ENV = "TANWEN_INDEX_PROCESSES"     # how many processes build an index (default: 2 on
                                             # a multi-core machine for ≥ 2 MB of text)
PARALLEL_BYTES = 2_000_000      # below this, one process is faster than starting a second
SEGMENT_BYTES = 12_000_000      # text per segment at most: a build holds one per process, its
                                # peak memory ~60 MB + 17 MB per MB of text (~260 MB at 12 MB)

Progress = Callable[[int, int], None]   # (bytes done, bytes in all)


def schema() -> fields.Schema:
    # Only the words: searches and updates find blocks, their kinds and sources through the
    # document tables, and rank from them (block ids, kinds, sources and a heading field
    # were stored or indexed here once, and never read).
    return words_schema()


@dataclass
class Built:
    segments: list                  # whoosh segments written
    states: dict[str, FileState]    # per file indexed
    processes: int                  # processes used
    note: str = ""                  # what went wrong on the way, if anything


def build_segments(folder: Path, todo: list[SourceFile], ids: dict[str, str],
                   metadata: dict[str, ArticleMeta], progress: Progress | None,
                   processes: int | None) -> Built:
    """Write segments for `todo` into `folder`."""
    total = sum(s.size for s in todo)
    if not todo:
        return Built([], {}, 1)
    from_env = os.environ.get(PROCESSES_ENV, "")
    wanted = processes or (int(from_env) if from_env.isdigit() and int(from_env) > 0 else 0) or (
        2 if total >= PARALLEL_BYTES and (os.cpu_count() or 1) > 1 else 1)
    parts = max(wanted, -(-total // SEGMENT_BYTES))
    parts = -(-parts // wanted) * wanted        # as many segments for each process: none idles
    jobs = [[(s, ids[s.name], metadata.get(s.name)) for s in batch] for batch in _split(todo, parts)]
    workers = min(wanted, len(jobs))
    done = 0

    def report(size: int) -> None:
        nonlocal done
        done += size
        if progress:
            progress(min(done, total), total)

    note = ""
    if workers == 1:
        built = [_build_segment(str(folder), job, report) for job in jobs]
    else:
        from tanwen.search.index_workers import build_in_processes

        shares = build_in_processes(_build_segment, str(folder),
                                    [jobs[w::workers] for w in range(workers)], report,
                                    before_fork=_load_for_workers)
        built = shares.built
        if shares.unfinished:      # a worker died: its share is built here, on one process
            note = (f"a worker process was {', '.join(shares.deaths)}; "
                    "its share was indexed on one process")
            built += [_build_segment(str(folder), job, None)
                      for share in shares.unfinished for job in share]
    if progress:
        progress(total, total)
    segments = [segment for segment, _ in built if segment is not None]
    states = {name: state for _, batch_states in built for name, state in batch_states.items()}
    return Built(segments, states, workers, note)


def _load_for_workers() -> None:
    """What each worker would otherwise load for itself (~0.45 s of CPU): the layout code,
    the segmenter's dictionary, the fold's table of every code point."""
    from tanwen.corpus import loader  # noqa: F401
    from tanwen.corpus.normalize import fold
    from tanwen.search.analyzer import warm_up

    warm_up()
    fold("x" * 64)                      # a text this long is folded by the table


def _split(sources: list[SourceFile], parts: int) -> list[list[SourceFile]]:
    """Split into `parts` batches of about equal bytes, each in file order."""
    if parts <= 1 or len(sources) < 2:
        return [sources]
    total = sum(s.size for s in sources)
    batches: list[list[SourceFile]] = [[]]
    running = 0
    for source in sources:
        if running >= total * len(batches) / parts and len(batches) < parts:
            batches.append([])
        batches[-1].append(source)
        running += source.size
    return [batch for batch in batches if batch]


def _build_segment(folder: str, batch, report=None):
    """Load, analyse and write one segment for a batch of files (in any process).
    `report(size)` is called as each file is done."""
    # Millions of small lists and ints, none of them in cycles: the cyclic collector would
    # only walk them over and over. Once the segment is written, one collection frees its
    # articles (sections and blocks point at each other) before the next batch is read.
    _map_large_allocations_apart()
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _write_batch(folder, batch, report)
    finally:
        if collecting:
            gc.enable()
            gc.collect()
        _give_back_freed_memory()


# glibc raises its mmap threshold each time a mapped block is freed (up to 32 MB), so after
# the first few, the text-sized numpy arrays of a build land in the heap, and what they
# free there mostly stays with the process. A fixed threshold keeps the largest arrays
# mapped on their own, given back when freed. Not 1 MB: every array of a megabyte or more
# would then be mapped and its pages zeroed afresh, a tenth of the build's CPU; at 16 MB
# the peak memory is the same (5 MB segments: 190 MB a process, 188 at 1 MB, 217 with no
# fixed threshold), and what the heap keeps is given back after each segment.
_MMAP_THRESHOLD = 16 << 20


@cache
def _glibc():
    """The C library, if it is glibc (looked up once a process: each segment asks twice)."""
    try:
        import ctypes

        library = ctypes.CDLL(None)
        return library if hasattr(library, "mallopt") else None
    except OSError:                                 # not glibc: nothing to do
        return None


def _map_large_allocations_apart() -> None:
    if (library := _glibc()) is not None:
        library.mallopt(-3, _MMAP_THRESHOLD)        # M_MMAP_THRESHOLD


def _give_back_freed_memory() -> None:
    """Return the heap's free pages to the system (once a segment is written)."""
    if (library := _glibc()) is not None and hasattr(library, "malloc_trim"):
        library.malloc_trim(0)


def _write_batch(folder: str, batch, report):
    # The layout code loads only to build: a search of a fresh index never imports it.
    from tanwen.corpus.loader import load_article
    from tanwen.corpus.model import fold_blocks

    storage = FileStorage(folder)
    states: dict[str, FileState] = {}
    articles: list[Article] = []
    for source, article_id, meta in batch:
        state = FileState(source.size, source.mtime_ns, "", article_id)
        try:
            data = read_limited(source.path)      # read once: hashed, then loaded
            state.sha1 = hashlib.sha1(data).hexdigest()
            article = load_article(source, article_id, meta, data)
            fold_blocks(article.blocks())     # in few passes: the table and the words read them
            articles.append(article)
            state.blocks = sum(1 for _ in article.blocks())
        except UnreadableFile as error:
            state.problem = str(error)
        states[source.name] = state
        if report:
            report(source.size)
    if not articles:
        return None, states
    table = DocTable.from_articles(articles)
    _give_back_freed_memory()           # the postings build's arrays, before the words'
    segment = write_segment(storage, INDEX_NAME, _block_tokens(articles), keep=is_indexed_word)
    with storage.create_file(segment.make_filename(TABLE_EXT)) as handle:
        table.write(handle)
    with storage.create_file(segment.make_filename(GRAMS_EXT)) as handle:
        table.grams.write(handle)
    for state in states.values():
        if state.blocks:
            state.segment = segment.segment_id()
    return segment, states


def _block_tokens(articles: list[Article]) -> Iterator[list[str]]:
    for article in articles:
        for block in article.blocks():
            yield block_tokens(block.folded)


def sha1_of(path: Path) -> str:
    """The SHA-1 of a file's content, "" if it cannot be read. Read as the loader reads it
    (regular files only, non-blocking, at most MAX_FILE_BYTES): a file swapped for a FIFO
    or a link to /dev/zero after discovery must not block or stream with the lock held."""
    try:
        return hashlib.sha1(read_limited(path)).hexdigest()
    except UnreadableFile:
        return ""
