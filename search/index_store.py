"""The index of a corpus on disk: where it lives, keeping it fresh, and opening it safely.

One index per corpus, in the user's cache directory (`$TANWEN_CACHE_DIR` overrides it):

    <cache>/indexes/<name>-<hash of the corpus path>/
        _MAIN_<gen>.toc          Whoosh's table of contents, one per generation
        MAIN_<segment>.*         Whoosh segments (jieba word postings, block IDs) …
        MAIN_<segment>.tws       … each with its document table (block texts, metadata)
        MAIN_<segment>.twg       … and its character and pair postings (search.grams)
        tanwen-<gen>.json        what generation <gen> was built from: files, analyzer
        tanwen.lock              held while writing

Every change is a new generation: new segments are written beside the old ones, then the
metadata file, then the TOC (an atomic rename) — so a crash or Ctrl-C leaves the previous
generation intact and readable. A file that changed is re-indexed alone (its old blocks
are marked deleted); a change of analyzer or user dictionary rebuilds everything. An index
that cannot be read is reported and rebuilt. One process writes at a time; any number read.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from tanwen.corpus.loader import article_ids, builtin_root, load_article, read_metadata
from tanwen.corpus.layout import LAYOUT_VERSION
from tanwen.corpus.model import Article, ArticleMeta, BlockKind
from tanwen.corpus.reading import SourceFile, UnreadableFile, discover
from tanwen.search.analyzer import analyzer_fingerprint, word_counts
from tanwen.search.doctable import TABLE_VERSION, DocTable
from tanwen.search.grams import GramPostings
from tanwen.search.segment_writer import IndexedDoc, WordsField, commit_segments, write_segment

INDEX_NAME = "MAIN"
# Of the metadata and the document tables — and of the blocks a file is laid out into.
FORMAT_VERSION = f"4.{TABLE_VERSION}.{LAYOUT_VERSION}"
CACHE_ENV = "TANWEN_CACHE_DIR"
PROCESSES_ENV = "TANWEN_INDEX_PROCESSES"     # how many processes build an index (default: 2 on
                                             # a multi-core machine for ≥ 2 MB of text)
TABLE_EXT = ".tws"
GRAMS_EXT = ".twg"
HEAD_KINDS = {BlockKind.HEADING, BlockKind.TITLE, BlockKind.SUBTITLE}
PARALLEL_BYTES = 2_000_000      # below this, one process is faster than starting a second
SEGMENT_BYTES = 24_000_000      # text per segment at most: each is inverted in memory
UPDATE_SEGMENTS = 10            # segments that updates may add before a rebuild merges them
LOCK_WAIT_SECONDS = 30.0

Progress = Callable[[int, int], None]   # (bytes done, bytes in all)


def schema() -> fields.Schema:
    return fields.Schema(
        block_id=fields.ID(stored=True, unique=True),
        source=fields.ID,
        kind=fields.ID,
        words=WordsField(field_boost=1.0),
        head=WordsField(field_boost=3.0),
    )


class IndexUnavailable(Exception):
    """There is no usable index; the message says why."""


class NoIndexYet(IndexUnavailable):
    pass


class IndexBusy(IndexUnavailable):
    """Another process is writing the index and did not finish in time."""


def cache_root() -> Path:
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tanwen"))


def index_dir_for(corpus_root: Path, builtin: bool) -> Path:
    key = "builtin" if builtin else str(corpus_root.resolve())
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    name = "builtin" if builtin else re.sub(r"[^\w.-]+", "_", corpus_root.name)[:40] or "corpus"
    return cache_root() / "indexes" / f"{name}-{digest}"


@dataclass
class FileState:
    size: int
    mtime_ns: int
    sha1: str
    article_id: str
    segment: str | None = None     # segment id holding its blocks (None: no blocks)
    blocks: int = 0
    problem: str | None = None     # why it could not be loaded


@dataclass
class IndexReport:
    action: str                     # "unchanged", "built", "updated", "rebuilt"
    reason: str = ""
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    blocks: int = 0
    bytes_indexed: int = 0
    seconds: float = 0.0
    processes: int = 1
    path: str = ""

    def summary(self) -> str:
        if self.action == "unchanged":
            return f"index is up to date ({self.blocks} blocks)"
        head = f"{self.action} the index" + (f" ({self.reason})" if self.reason else "")
        if self.action == "updated":
            files = ", ".join(f"{len(names)} {label}" for label, names in (
                ("added", self.added), ("changed", self.changed), ("removed", self.removed)) if names)
        else:
            files = f"{len(self.added)} files"
        rate = self.bytes_indexed / 1e6 / self.seconds if self.seconds else 0.0
        processes = f"{self.processes} process" + ("es" if self.processes > 1 else "")
        return (f"{head}: {files or 'file dates only'}; {self.blocks} blocks, "
                f"{self.bytes_indexed / 1e6:.2f} MB in {self.seconds:.2f} s "
                f"({rate:.2f} MB/s, {processes})")


@dataclass
class OpenIndex:
    """A readable generation: the Whoosh index and its document tables, segment by segment."""

    path: Path
    generation: int
    ix: object                          # whoosh.index.FileIndex
    segments: list                      # whoosh segments, in TOC order (= docnum order)
    tables: list[DocTable]
    files: dict[str, FileState]
    analyzer: str

    @property
    def problems(self) -> dict[str, str]:
        return {name: state.problem for name, state in self.files.items() if state.problem}


class IndexStore:
    def __init__(self, corpus_root: Path | None, *, builtin: bool | None = None) -> None:
        self.builtin = corpus_root is None if builtin is None else builtin
        self.root = builtin_root() if corpus_root is None else Path(corpus_root).expanduser().resolve()
        self.path = index_dir_for(self.root, self.builtin)

    # -- reading ---------------------------------------------------------------------------

    def open(self) -> OpenIndex:
        """The current generation, ready to search; raises IndexUnavailable if there is none
        or it is unreadable."""
        current = self._generation()
        try:
            current.tables = [self._table(segment) for segment in current.segments]
            _check_readable(current.ix)
        except Exception as error:   # whoosh, pickle, OS errors: all mean "unreadable"
            raise IndexUnavailable(f"index unreadable ({type(error).__name__}: {error})") from None
        return current

    def has_index(self) -> bool:
        """Whether some generation of the index is on disk (fresh or not)."""
        return any(self.path.glob(f"_{INDEX_NAME}_*.toc"))

    def _generation(self) -> OpenIndex:
        """The current generation's TOC and metadata, its files checked by size — but not its
        document tables (the bulk of the index: loaded only when searching or updating)."""
        if not self.has_index():
            raise NoIndexYet("no index yet")
        try:
            ix = FileStorage(str(self.path)).open_index(INDEX_NAME)
            generation = ix.latest_generation()
            meta = json.loads((self.path / f"tanwen-{generation}.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT_VERSION:
                raise ValueError("index format changed")
            _check_files(self.path, meta["index_files"])
            files = {name: FileState(**state) for name, state in meta["files"].items()}
            return OpenIndex(self.path, generation, ix, list(ix._segments()), [], files,
                             meta["analyzer"])
        except Exception as error:   # whoosh, json, OS errors: all mean "unreadable"
            raise IndexUnavailable(f"index unreadable ({type(error).__name__}: {error})") from None

    def _table(self, segment) -> DocTable:
        with FileStorage(str(self.path)).open_file(segment.make_filename(TABLE_EXT)) as handle:
            table = DocTable.loads(handle.read())
        table.grams = GramPostings.open(self.path / segment.make_filename(GRAMS_EXT))
        if len(table) != segment.doc_count_all():
            raise ValueError("document table does not match its segment")
        table.deleted = frozenset(segment.deleted_docs())
        return table

    # -- writing ---------------------------------------------------------------------------

    def sync(self, *, rebuild: bool = False, progress: Progress | None = None,
             processes: int | None = None) -> IndexReport:
        """Bring the index up to date with the corpus files; report what was done."""
        started = time.perf_counter()
        self.path.mkdir(parents=True, exist_ok=True)
        with self._write_lock():
            report = self._sync_locked(rebuild, progress, processes)
        report.seconds = time.perf_counter() - started
        report.path = str(self.path)
        return report

    @contextmanager
    def _write_lock(self) -> Iterator[None]:
        lock_path = self.path / "tanwen.lock"
        with open(lock_path, "a+") as handle:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise IndexBusy("another tanwen process is updating the index") from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _sync_locked(self, rebuild: bool, progress: Progress | None,
                     processes: int | None) -> IndexReport:
        sources = discover(self.root)
        ids = dict(zip((s.name for s in sources), article_ids(sources)))
        fingerprint = analyzer_fingerprint()
        current: OpenIndex | None = None
        reason = ""          # why everything is indexed anew, if it is
        try:
            current = self._generation()
        except NoIndexYet:
            pass
        except IndexUnavailable as error:
            reason = str(error)
        if current is not None and current.analyzer != fingerprint:
            reason, current = "the analyzer or user dictionary changed", None
        if rebuild:
            reason, current = "rebuild asked for", None
        if current is not None and len(current.segments) >= _segments_for(sources) + UPDATE_SEGMENTS:
            reason, current = "too many segments after updates", None

        old_files = current.files if current else {}
        todo: list[SourceFile] = []
        kept: dict[str, FileState] = {}
        report = IndexReport(action="updated" if current else ("rebuilt" if reason else "built"),
                             reason=reason)
        for source in sources:
            previous = old_files.get(source.name)
            if previous and previous.article_id == ids[source.name]:
                if (previous.size, previous.mtime_ns) == (source.size, source.mtime_ns):
                    kept[source.name] = previous
                    continue
                digest = _sha1(source.path)
                if digest == previous.sha1:    # touched, not changed
                    kept[source.name] = FileState(**{**asdict(previous), "size": source.size,
                                                     "mtime_ns": source.mtime_ns})
                    continue
            (report.changed if previous else report.added).append(source.name)
            todo.append(source)
        report.removed = [name for name in old_files if name not in ids]

        segments = list(current.segments) if current else []
        stale = set(report.changed) | set(report.removed)
        if stale:
            for segment in segments:
                table = self._table(segment)
                for doc in range(len(table)):
                    if table.source(doc) in stale:
                        segment.delete_document(doc)
        live = [s for s in segments if s.deleted_count() < s.doc_count_all()]
        touched = any(kept[n] is not old_files.get(n) for n in kept)
        if not todo and not stale and not touched and current is not None:
            report.action = "unchanged"
            report.blocks = sum(s.doc_count_all() - s.deleted_count() for s in segments)
            report.problems = current.problems
            return report

        metadata, _ = read_metadata(self.root)
        storage = FileStorage(str(self.path))
        new_segments, states, report.processes = _index_files(
            storage, todo, ids, metadata, progress, processes)
        report.bytes_indexed = sum(s.size for s in todo)
        all_segments = live + new_segments
        files = {**kept, **states}
        generation = TOC._latest_generation(storage, INDEX_NAME) + 1
        index_files = {name: os.path.getsize(self.path / name)
                       for segment in all_segments for name in segment.list_files(storage)}
        meta = {"format": FORMAT_VERSION, "analyzer": fingerprint, "root": str(self.root),
                "files": {name: asdict(state) for name, state in sorted(files.items())},
                "index_files": index_files}
        _write_atomic(self.path / f"tanwen-{generation}.json", json.dumps(meta, ensure_ascii=False))
        committed = commit_segments(storage, INDEX_NAME, schema(), all_segments)
        assert committed == generation
        shutil.rmtree(self.path / f"{INDEX_NAME}.tmp", ignore_errors=True)   # Whoosh's scratch
        for old in self.path.glob("tanwen-*.json"):
            if old.name != f"tanwen-{generation}.json":
                old.unlink(missing_ok=True)
        report.blocks = sum(s.doc_count_all() - s.deleted_count() for s in all_segments)
        report.problems = {name: state.problem for name, state in files.items() if state.problem}
        return report


def _segments_for(sources: list[SourceFile]) -> int:
    """How many segments a build from scratch writes for these files (about)."""
    return max(2, -(-sum(s.size for s in sources) // SEGMENT_BYTES))


def _check_files(folder: Path, expected: dict[str, int]) -> None:
    """Every file the generation was written with is there, at its size."""
    for name, size in expected.items():
        path = folder / name
        if not path.is_file():
            raise ValueError(f"{name} is missing")
        if path.stat().st_size != size:
            raise ValueError(f"{name} has changed size")


def _check_readable(ix) -> None:
    """Touch every file of every segment (terms, postings, lengths, stored fields), so a
    missing or truncated one is found now rather than in the middle of a search."""
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if leaf.doc_count_all():
                leaf.stored_fields(0)
                leaf.doc_field_length(0, "words")
            for term in leaf.lexicon("kind"):
                list(leaf.postings("kind", term).all_ids())


def _sha1(path: Path) -> str:
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# -- building segments ----------------------------------------------------------------------


def _index_files(storage, todo: list[SourceFile], ids: dict[str, str],
                 metadata: dict[str, ArticleMeta], progress: Progress | None,
                 processes: int | None) -> tuple[list, dict[str, FileState], int]:
    """Write segments for `todo`. Returns (segments, file states, processes used).

    Segments hold at most SEGMENT_BYTES of text each (memory stays bounded: a segment is
    inverted in memory); with two processes, each writes its share of them in turn.
    """
    total = sum(s.size for s in todo)
    if not todo:
        return [], {}, 1
    from_env = os.environ.get(PROCESSES_ENV, "")
    wanted = processes or (int(from_env) if from_env.isdigit() and int(from_env) > 0 else 0) or (
        2 if total >= PARALLEL_BYTES and (os.cpu_count() or 1) > 1 else 1)
    parts = max(wanted, -(-total // SEGMENT_BYTES))
    parts = -(-parts // wanted) * wanted        # as many segments for each process: none idles
    jobs = [[(s, ids[s.name], metadata.get(s.name)) for s in batch] for batch in _split(todo, parts)]
    folder = str(storage.folder)
    workers = min(wanted, len(jobs))
    if workers == 1:
        done = 0

        def report(size: int) -> None:
            nonlocal done
            done += size
            if progress:
                progress(done, total)

        built = [_build_segment(folder, job, report) for job in jobs]
    else:
        built = _in_processes(folder, [jobs[w::workers] for w in range(workers)], progress, total)
    segments = [segment for segment, _ in built if segment is not None]
    states = {name: state for _, batch_states in built for name, state in batch_states.items()}
    return segments, states, workers


def _in_processes(folder: str, shares: list[list], progress: Progress | None, total: int) -> list:
    """Run each share of jobs in a process of its own; report progress as files finish."""
    import multiprocessing
    import threading
    from concurrent.futures import ProcessPoolExecutor

    # fork starts in milliseconds; from a process with other threads (the app) it could copy
    # a held lock, so there the workers are spawned instead.
    method = "fork" if threading.active_count() == 1 else "spawn"
    context = multiprocessing.get_context(method)
    queue = context.Manager().Queue() if progress else None
    with ProcessPoolExecutor(max_workers=len(shares), mp_context=context) as pool:
        futures = [pool.submit(_build_segments_in_worker, folder, share, queue) for share in shares]
        done = 0
        while not all(f.done() for f in futures):
            if progress:
                done += _drain(queue, 0.05)
                progress(min(done, total), total)
            else:
                time.sleep(0.02)
        built = [pair for future in futures for pair in future.result()]
    if progress:
        progress(total, total)
    return built


def _drain(queue, timeout: float) -> int:
    import queue as queue_module

    done = 0
    try:
        done += queue.get(timeout=timeout)
        while True:
            done += queue.get_nowait()
    except queue_module.Empty:
        pass
    return done


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


def _build_segments_in_worker(folder: str, jobs: list, queue) -> list:
    report = queue.put if queue is not None else None
    return [_build_segment(folder, job, report) for job in jobs]


def _build_segment(folder: str, batch, report=None):
    """Load, analyse and write one segment for a batch of files (in any process).
    `report(size)` is called as each file is done."""
    # Millions of small lists and ints, none of them in cycles: the cyclic collector would
    # only walk them over and over. Once the segment is written, one collection frees its
    # articles (sections and blocks point at each other) before the next batch is read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _write_batch(folder, batch, report)
    finally:
        if collecting:
            gc.enable()
            gc.collect()


def _write_batch(folder: str, batch, report):
    storage = FileStorage(folder)
    states: dict[str, FileState] = {}
    articles: list[Article] = []
    for source, article_id, meta in batch:
        digest = _sha1(source.path) if source.path.exists() else ""
        state = FileState(source.size, source.mtime_ns, digest, article_id)
        try:
            article = load_article(source, article_id, meta)
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
    segment = write_segment(storage, INDEX_NAME, schema(), _documents(articles))
    with storage.create_file(segment.make_filename(TABLE_EXT)) as handle:
        handle.write(table.dumps())
    with storage.create_file(segment.make_filename(GRAMS_EXT)) as handle:
        table.grams.write(handle)
    for state in states.values():
        if state.blocks:
            state.segment = segment.segment_id()
    return segment, states


def _documents(articles: list[Article]) -> Iterator[IndexedDoc]:
    for article in articles:
        for block in article.blocks():
            counts = word_counts(block.folded)
            words = {"words": counts}
            if block.kind in HEAD_KINDS:
                words["head"] = counts
            yield IndexedDoc(
                stored={"block_id": block.id},
                words=words,
                ids={"block_id": block.id, "source": article.source, "kind": block.kind.value},
            )
