"""The index of a corpus on disk: where it lives, keeping it fresh, and opening it safely.

One index per corpus, in the user's cache directory (`$TANWEN_CACHE_DIR` overrides it):

    <cache>/indexes/<name>-<hash of the corpus path>/
        _MAIN_<gen>.toc          Whoosh's table of contents, one per generation
        MAIN_<segment>.tww       Whoosh segments of tanwen's codec (search.words_codec):
                                 which blocks hold each jieba word …
        MAIN_<segment>.tws       … each with its document table (block texts, metadata)
        MAIN_<segment>.twg       … and its character and pair postings (search.grams)
        tanwen-<gen>.json        what generation <gen> was built from: files, analyzer,
                                 and each index file's size and checksum
        tanwen.lock              held while writing (search.index_lock)

Every change is a new generation: new segments are written beside the old ones, then the
metadata file, then the TOC (an atomic rename) — so a crash or Ctrl-C leaves the previous
generation intact and readable, and the files a failed write made are removed (those a
killed one left, by the next write). A file that changed is re-indexed alone (its old
blocks are marked deleted); a change of analyzer or user dictionary rebuilds everything.
An index that cannot be read, or fails its checksums, is reported and rebuilt. One process
writes at a time; any number read. When the folder cannot be written, IndexUnwritable says
why and nothing on disk changes (search.index_errors).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from contextlib import suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from tanwen.search import whoosh_lean  # noqa: F401 (first: Whoosh without urllib, asyncio)
from tanwen.search.numpy_lean import np  # noqa: F401 (numpy without its docstrings, linalg)
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from tanwen.corpus.cache_dir import cache_root
from tanwen.corpus.layout_version import LAYOUT_VERSION
from tanwen.corpus.catalog import article_ids, builtin_root, read_metadata
from tanwen.corpus.reading import SourceFile, discover
from tanwen.search.analyzer import analyzer_fingerprint
from tanwen.search.doctable import TABLE_VERSION, DocTable
from tanwen.search.freshness import (Snapshot, read_snapshot, record_snapshot,
                                     snapshot_name, unchanged)
from tanwen.search.grams import GramPostings
from tanwen.search.index_errors import (  # noqa: F401 (some re-exported: search/__init__.py)
    DiskFull, IndexBusy, IndexUnavailable, IndexUnwritable, NoIndexYet, unwritable)
from tanwen.search.index_files import (GRAMS_EXT, INDEX_NAME, TABLE_EXT, FileState, check_sizes,
                                       check_sums, remove_own_files, size_and_sum, write_atomic)
from tanwen.search.sha1 import sha1
from tanwen.search.whoosh_pickles import install as restrict_whoosh_pickles

if TYPE_CHECKING:
    from tanwen.search.segment_build import Progress
    from tanwen.search.update_plan import Plan

# Writing and telling what to write (search.index_lock, search.update_plan) are imported by
# the methods that do it: a search of a fresh index does neither.

restrict_whoosh_pickles()

# Of the metadata and the word segments (8: search.words_codec; 7 was Whoosh's W3 codec),
# the document tables — and of the blocks a file is laid out into.
FORMAT_VERSION = f"8.{TABLE_VERSION}.{LAYOUT_VERSION}"
UPDATE_SEGMENTS = 10            # segments that updates may add before they are merged into one
LOCK_WAIT_SECONDS = 30.0

Notice = Callable[[str], None]          # a line for the user, as work starts


def index_dir_for(corpus_root: Path, builtin: bool) -> Path:
    key = "builtin" if builtin else str(corpus_root.resolve())
    digest = sha1(key.encode("utf-8")).hexdigest()[:12]
    name = "builtin" if builtin else re.sub(r"[^\w.-]+", "_", corpus_root.name)[:40] or "corpus"
    return cache_root() / "indexes" / f"{name}-{digest}"


@dataclass
class IndexReport:
    """What bringing the index up to date did, for the user."""

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
    note: str = ""                  # what went wrong on the way and was dealt with
    merged: int = 0                 # unchanged files indexed again to merge update segments

    def summary(self) -> str:
        if self.action == "unchanged":
            return f"index is up to date ({self.blocks} blocks)"
        head = f"{self.action} the index" + (f" ({self.reason})" if self.reason else "")
        if self.action == "updated":
            files = ", ".join(f"{len(names)} {label}" for label, names in (
                ("added", self.added), ("changed", self.changed), ("removed", self.removed),
                ("merged", range(self.merged))) if names)
        else:
            files = f"{len(self.added)} files"
        rate = self.bytes_indexed / 1e6 / self.seconds if self.seconds else 0.0
        processes = f"{self.processes} process" + ("es" if self.processes > 1 else "")
        return (f"{head}: {files or 'file dates only'}; {self.blocks} blocks, "
                f"{self.bytes_indexed / 1e6:.2f} MB in {self.seconds:.2f} s "
                f"({rate:.2f} MB/s, {processes})" + (f"; {self.note}" if self.note else ""))


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
    index_files: dict[str, list[int]] = field(default_factory=dict)   # name → [size, crc32, ctime]
    base: list[str] = field(default_factory=list)     # the segments of the last full build
    reader: object = None               # whoosh's reader, opened by `IndexStore.open`

    @property
    def problems(self) -> dict[str, str]:
        return {name: state.problem for name, state in self.files.items() if state.problem}


class IndexStore:
    def __init__(self, corpus_root: Path | None, *, builtin: bool | None = None) -> None:
        self.builtin = corpus_root is None if builtin is None else builtin
        self.root = builtin_root() if corpus_root is None else Path(corpus_root).expanduser().resolve()
        self.path = index_dir_for(self.root, self.builtin)
        self._checked: OpenIndex | None = None     # what `sync` just found up to date

    # -- reading ---------------------------------------------------------------------------

    def open(self) -> OpenIndex:
        """The current generation, ready to search, every file checked against its checksum;
        raises IndexUnavailable if there is none or it is unreadable."""
        return self._opened(self._just_synced() or self._generation())

    def _opened(self, current: OpenIndex) -> OpenIndex:
        """`current` ready to search: its files checked, its tables and reader open."""
        try:
            check_sums(self.path, current.index_files)
            current.tables = [self._table(segment) for segment in current.segments]
            # The reader searches use: opening it maps every segment's word postings. Their
            # bytes are the ones written, as the sizes and checksums above vouch (reading a
            # posting list too, as was once done here, cost 5–15 ms and could find no more).
            current.reader = current.ix.reader()
        except Exception as error:   # whoosh, table, OS errors: all mean "unreadable"
            raise IndexUnavailable(f"index unreadable ({type(error).__name__}: {error})") from None
        return current

    def open_if_fresh(self) -> OpenIndex | None:
        """The current generation if it matches the corpus files as they are now, else None
        (for when the index cannot be written: nothing is written here)."""
        try:
            current = self._generation()
        except IndexUnavailable:
            return None
        if current.analyzer != analyzer_fingerprint():
            return None
        from tanwen.search.update_plan import plan_update

        sources = discover(self.root)
        plan = plan_update(sources, _ids(sources), current.files, time.time_ns())
        if plan.todo or plan.removed:
            return None
        try:
            return self.open()
        except IndexUnavailable:
            return None

    def _just_synced(self) -> OpenIndex | None:
        """The generation `sync` found up to date a moment ago, if it is still the latest:
        its metadata (a record per corpus file) is then read once per search, not twice."""
        checked, self._checked = self._checked, None
        if checked is None:
            return None
        try:
            latest = TOC._latest_generation(FileStorage(str(self.path)), INDEX_NAME)
        except OSError:
            return None
        return checked if latest == checked.generation else None

    def open_if_unchanged(self) -> tuple[OpenIndex, Snapshot] | None:
        """The current generation, opened, when its snapshot shows the corpus as indexed
        (search.freshness): no listing of the files, no lock. None otherwise: then `sync`."""
        try:
            storage = FileStorage(str(self.path))
            generation = TOC._latest_generation(storage, INDEX_NAME)
        except OSError:
            return None
        snapshot = read_snapshot(self.path, generation) if generation >= 0 else None
        if (snapshot is None or snapshot.format != FORMAT_VERSION
                or snapshot.analyzer != analyzer_fingerprint()
                or not unchanged(snapshot, self.root)):
            return None
        try:
            ix = storage.open_index(INDEX_NAME)
            segments = list(ix._segments())
            if ix.latest_generation() != generation:
                return None
        except Exception:   # whoosh, OS errors: the full way says what is wrong
            return None
        # Its files are checked as they are opened (check_sums: a stat each, by which a file
        # missing, or written since, is told), not by size first: that was a second stat.
        current = OpenIndex(self.path, generation, ix, segments, [], {}, snapshot.analyzer,
                            snapshot.index_files, snapshot.base)
        try:
            return self._opened(current), snapshot
        except IndexUnavailable:
            return None

    def has_index(self) -> bool:
        """Whether some generation of the index is on disk (fresh or not)."""
        try:
            return any(self.path.glob(f"_{INDEX_NAME}_*.toc"))
        except OSError:              # the cache path is not a folder, say
            return False

    def _generation(self) -> OpenIndex:
        """The current generation's TOC and metadata, its files checked by size — but not its
        document tables (the bulk of the index: loaded only when searching or updating)."""
        if not self.has_index():
            raise NoIndexYet("no index yet")
        try:
            ix = FileStorage(str(self.path)).open_index(INDEX_NAME)
            generation = ix.latest_generation()
            meta = json.loads((self.path / f"tanwen-{generation}.json").read_text(encoding="utf-8"))
        except Exception as error:   # whoosh, json, OS errors: all mean "unreadable"
            raise IndexUnavailable(f"index unreadable ({type(error).__name__}: {error})") from None
        if meta.get("format") != FORMAT_VERSION:
            raise IndexUnavailable("the index was written by another version of tanwen")
        try:
            check_sizes(self.path, meta["index_files"])
            files = {name: FileState(**state) for name, state in meta["files"].items()}
            segments = list(ix._segments())
            return OpenIndex(self.path, generation, ix, segments, [], files, meta["analyzer"],
                             meta["index_files"],
                             meta.get("base") or [s.segment_id() for s in segments])
        except Exception as error:
            raise IndexUnavailable(f"index unreadable ({type(error).__name__}: {error})") from None

    def _table(self, segment) -> DocTable:
        table = DocTable.open(self.path / segment.make_filename(TABLE_EXT))
        table.grams = GramPostings.open(self.path / segment.make_filename(GRAMS_EXT))
        if len(table) != segment.doc_count_all():
            raise ValueError("document table does not match its segment")
        table.deleted = frozenset(segment.deleted_docs())
        return table

    # -- writing ---------------------------------------------------------------------------

    def sync(self, *, rebuild: bool = False, progress: Progress | None = None,
             processes: int | None = None, wait: float | None = None,
             notice: Notice | None = None) -> IndexReport:
        """Bring the index up to date with the corpus files; report what was done.

        Waits up to `wait` seconds (default LOCK_WAIT_SECONDS) for another writer, then
        raises IndexBusy; raises IndexUnwritable, leaving the index as it was, when it cannot
        be written. `notice` hears of a full rebuild before it starts.
        """
        from tanwen.search.index_lock import sigterm_ends_the_build, write_lock

        started = time.perf_counter()
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise unwritable(error) from None
        with sigterm_ends_the_build(), write_lock(self.path, LOCK_WAIT_SECONDS if wait is None else wait):
            report = self._sync_locked(rebuild, progress, processes, notice)
        report.seconds = time.perf_counter() - started
        report.path = str(self.path)
        return report

    def _sync_locked(self, rebuild: bool, progress: Progress | None, processes: int | None,
                     notice: Notice | None) -> IndexReport:
        from tanwen.search.update_plan import merge_into, plan_update

        seen_ns = time.time_ns()       # before the files are looked at: see update_plan.racy
        skipped: dict[str, str] = {}    # FIFOs, devices, huge files, too deep: never opened
        folders: list[list] = []        # each statted before it is listed: see search.freshness
        sources = discover(self.root, skipped, folders)
        ids = _ids(sources)
        fingerprint = analyzer_fingerprint()
        on_disk: OpenIndex | None = None
        reason = ""          # why everything is indexed anew, if it is
        try:
            on_disk = self._generation()
        except NoIndexYet:
            pass
        except IndexUnavailable as error:
            reason = str(error)
        self._remove_strays(on_disk)
        current = on_disk
        if current is not None and current.analyzer != fingerprint:
            reason, current = "the analyzer or user dictionary changed", None
        if rebuild:
            reason, current = "rebuild asked for", None
        merging: set[str] = set()     # segments of updates, merged into one by re-indexing their files
        if current is not None and len(current.segments) >= len(current.base) + UPDATE_SEGMENTS:
            deleted = sum(s.deleted_count() for s in current.segments)
            if deleted * 2 > sum(s.doc_count_all() for s in current.segments):
                reason, current = "most of the index is blocks of files changed since", None
            else:
                merging = {s.segment_id() for s in current.segments} - set(current.base)

        old_files = current.files if current else {}
        plan = plan_update(sources, ids, old_files, seen_ns)
        merged = merge_into(plan, merging, sources) if merging else 0
        if merging:
            reason = f"merging {len(merging)} segments of updates"
        report = IndexReport(action="updated" if current else ("rebuilt" if reason else "built"),
                             reason=reason, added=plan.added, changed=plan.changed,
                             removed=plan.removed, merged=merged)
        segments = [s for s in current.segments if s.segment_id() not in merging] if current else []
        stale = set(plan.changed) | set(plan.removed)
        if stale:
            for segment in segments:
                table = self._table(segment)
                for doc in range(len(table)):
                    if table.source(doc) in stale:
                        segment.delete_document(doc)
        live = [s for s in segments if s.deleted_count() < s.doc_count_all()]
        touched = any(plan.kept[n] is not old_files.get(n) for n in plan.kept)
        if not plan.todo and not stale and not touched and current is not None:
            report.action = "unchanged"
            self._checked = current
            report.blocks = sum(s.doc_count_all() - s.deleted_count() for s in segments)
            report.problems = {**current.problems, **skipped}
            if not skipped:
                record_snapshot(self.path, self.root, current, sources, folders, seen_ns,
                                report.blocks, FORMAT_VERSION)
            return report
        if notice and (merging or report.action == "rebuilt" and not rebuild):
            notice(f"{'updating' if merging else 'rebuilding'} the index ({reason}): "
                   f"{sum(s.size for s in plan.todo) / 1e6:.1f} MB of text")

        before = set(os.listdir(self.path))
        try:
            generation, files, all_segments, report.processes, report.note = self._write(
                plan, ids, live, current, fingerprint, progress, processes, seen_ns)
        except BaseException as error:   # Ctrl-C, SIGTERM, a full disk: leave no partial files
            remove_own_files(self.path, before)
            if isinstance(error, OSError):
                raise unwritable(error) from None
            raise
        report.bytes_indexed = sum(s.size for s in plan.todo)
        if not plan.todo and not stale and current is not None:
            report.action = "unchanged"    # only the record of what was checked was refreshed
        # Generation `generation` is committed; what follows only tidies up.
        with suppress(OSError):
            shutil.rmtree(self.path / f"{INDEX_NAME}.tmp", ignore_errors=True)   # Whoosh's scratch
            for old in self.path.glob("tanwen-*.json"):
                if old.name != f"tanwen-{generation}.json":
                    old.unlink(missing_ok=True)
        report.blocks = sum(s.doc_count_all() - s.deleted_count() for s in all_segments)
        report.problems = {name: state.problem for name, state in files.items() if state.problem}
        report.problems.update(skipped)
        if not skipped:     # so the next search can tell the new index fresh by stats alone
            with suppress(IndexUnavailable):
                record_snapshot(self.path, self.root, self._generation(), sources, folders,
                                seen_ns, report.blocks, FORMAT_VERSION)
        return report

    def _write(self, plan: Plan, ids: dict[str, str], live: list, current: OpenIndex | None,
               fingerprint: str, progress: Progress | None, processes: int | None, seen_ns: int):
        """Write the segments of `plan.todo`, then the metadata, then the TOC (the commit)."""
        metadata, _ = read_metadata(self.root)
        storage = FileStorage(str(self.path))
        from tanwen.search.segment_build import build_segments, schema     # building only
        from tanwen.search.segment_writer import commit_segments

        built = build_segments(self.path, plan.todo, ids, metadata, progress, processes)
        all_segments = live + built.segments
        for state in built.states.values():
            state.seen_ns = seen_ns
        files = {**plan.kept, **built.states}
        generation = TOC._latest_generation(storage, INDEX_NAME) + 1
        known = current.index_files if current else {}
        kept_ids = {s.segment_id() for s in live}
        base = ([b for b in current.base if b in kept_ids] if current
                else [s.segment_id() for s in built.segments])
        index_files = {name: known.get(name) or size_and_sum(self.path / name)
                       for segment in all_segments for name in segment.list_files(storage)}
        meta = {"format": FORMAT_VERSION, "analyzer": fingerprint, "root": str(self.root),
                "files": {name: asdict(state) for name, state in sorted(files.items())},
                "index_files": index_files, "base": base}
        write_atomic(self.path / f"tanwen-{generation}.json", json.dumps(meta, ensure_ascii=False))
        committed = commit_segments(storage, INDEX_NAME, schema(), all_segments)
        assert committed == generation
        return generation, files, all_segments, built.processes, built.note

    def _remove_strays(self, current: OpenIndex | None) -> None:
        """Remove what an interrupted or failed write left (a killed build, a full disk):
        every file of ours that the readable generation does not use."""
        from tanwen.search.index_lock import LOCK_NAME

        keep = {LOCK_NAME}
        if current is not None:
            keep |= {f"_{INDEX_NAME}_{current.generation}.toc", f"tanwen-{current.generation}.json",
                     snapshot_name(current.generation), *current.index_files}
        remove_own_files(self.path, keep)


def _ids(sources: list[SourceFile]) -> dict[str, str]:
    return dict(zip((s.name for s in sources), article_ids(sources)))
