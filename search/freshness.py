"""Whether an index is up to date, told from stats alone: no listing of the corpus anew.

Telling it the full way (`IndexStore.sync`) lists every file — a stat, a readable name and
an article ID each — and reads the index's record of them (1.8 MB of JSON for 7,000 files):
a tenth of a second before a search can start. A snapshot written beside a generation
(`tanwen-<gen>.fresh`) holds instead what a stat can check:

    the stat (mtime, ctime) of every folder of the corpus that is listed, taken by the
        listing itself just before it lists that folder (`corpus.reading.discover`), and
    the stat (size, mtime) of every article file, as the index holds it.

A file added, removed or renamed changes its folder's mtime; a file changed in place, its
own size or mtime. So when every folder and every file stats as recorded, a listing would
find the same files, and each as indexed. Anything else — a stat that differs, a folder or
file gone, another generation — sends the caller the full way, which writes a new snapshot.

A snapshot is written only when it can be trusted: nothing was skipped while listing (a
FIFO, a file too large, a folder too deep: those may change without a stat showing it here),
and no recorded time is in the same second as the moment it was read (a change in that
second might not show: git's "racy clean" rule, as for the files themselves).
"""

from __future__ import annotations

import json
import os
from array import array
from contextlib import suppress
from itertools import chain
from operator import attrgetter
from dataclasses import dataclass
from pathlib import Path

from tanwen.search.index_files import write_atomic

SNAPSHOT_SUFFIX = ".fresh"
_SECOND = 1_000_000_000
_STAT = "q"                         # a signed 64-bit integer: sizes, times in ns to 2262


def snapshot_name(generation: int) -> str:
    return f"tanwen-{generation}{SNAPSHOT_SUFFIX}"


@dataclass
class Snapshot:
    """What a stat can check of the corpus a generation was built from (see above)."""

    generation: int
    format: str
    analyzer: str
    root: str
    folders: list                   # [relative path, mtime_ns, ctime_ns]
    # The files: their paths relative to `root` joined by NUL, which no path holds, and
    # their size and mtime_ns in turn, as 64-bit integers (written in hex: parsing 14,000
    # numbers of a JSON list was 15 million instructions of a cold search, a fortieth of
    # it). Thousands of [path, size, mtime] lists took longer still, and each was one more
    # object for the collector to walk.
    names: str
    stats: array
    index_files: dict               # as the generation's metadata: name → [size, crc32, ctime]
    base: list
    problems: dict                  # file name → why it could not be loaded
    blocks: int


def trusted(folders: list[list], files: list[list], seen_ns: int) -> bool:
    """Whether no recorded time is in the second the stats were read in (or after it)."""
    second = seen_ns // _SECOND
    return (all(max(mtime, ctime) // _SECOND < second for _, mtime, ctime in folders)
            and all(mtime // _SECOND < second for _, _, mtime in files))


def record_snapshot(folder: Path, root: Path, current, sources: list, folders: list,
                    seen_ns: int, blocks: int, format: str) -> None:
    """After a check found generation `current` (an OpenIndex) up to date with `sources`
    (each folder statted as it was listed, at `seen_ns`): the snapshot that lets the next
    check tell it from stats alone — if it can be trusted (see the module's comment)."""
    prefix = str(root) + os.sep
    files = []
    for source in sources:
        state = current.files.get(source.name)
        if state is None or (state.size, state.mtime_ns) != (source.size, source.mtime_ns):
            return
        if folders and not source.location.startswith(prefix):
            return
        relative = source.location[len(prefix):] if folders else ""
        files.append([relative, source.size, source.mtime_ns])
    if not trusted(folders, files, seen_ns):
        return
    names = "\0".join(relative for relative, _, _ in files)
    try:
        stats = array(_STAT, [number for _, size, mtime_ns in files for number in (size, mtime_ns)])
    except OverflowError:            # a time beyond 2262: the full way checks it
        return
    snapshot = Snapshot(current.generation, format, current.analyzer, str(root), folders, names,
                        stats, current.index_files, current.base, current.problems, blocks)
    with suppress(OSError):
        write_snapshot(folder, snapshot)


def write_snapshot(folder: Path, snapshot: Snapshot) -> None:
    data = {name: getattr(snapshot, name) for name in Snapshot.__dataclass_fields__}
    data["stats"] = snapshot.stats.tobytes().hex()     # this machine's byte order
    # ASCII escapes: a name that is not UTF-8 holds surrogates (os.fsdecode), kept as such.
    write_atomic(folder / snapshot_name(snapshot.generation), json.dumps(data, separators=(",", ":")))


def read_snapshot(folder: Path, generation: int) -> Snapshot | None:
    """The snapshot of `generation`, or None if there is none or it does not read."""
    try:
        data = json.loads((folder / snapshot_name(generation)).read_text(encoding="utf-8"))
        snapshot = Snapshot(**data)
        # A list: written by an earlier version (which rewrites the snapshot its way when
        # it finds this one unreadable: then both versions read that one).
        stats = snapshot.stats
        snapshot.stats = array(_STAT, bytes.fromhex(stats) if isinstance(stats, str) else stats)
    except (OSError, ValueError, TypeError, OverflowError):
        return None
    return snapshot if snapshot.generation == generation else None


def unchanged(snapshot: Snapshot, root: Path) -> bool:
    """Whether every folder and file of the corpus at `root` stats as the snapshot says."""
    stats = snapshot.stats
    names = snapshot.names.split("\0") if stats else []     # no files: no name, not [""]
    if snapshot.root != str(root) or len(stats) != 2 * len(names):
        return False
    base = str(root)
    stat = os.stat
    try:
        for relative, mtime_ns, ctime_ns in snapshot.folders:
            info = stat(os.path.join(base, relative) if relative else base)
            if info.st_mtime_ns != mtime_ns or info.st_ctime_ns != ctime_ns:
                return False
        if not snapshot.folders:            # a single file: `root` itself
            return _size_and_mtime(stat(base)) == tuple(stats)
        # 7,000 stats, each of a name relative to the root's descriptor: the kernel walks the
        # name from there, not the whole path; the loop is a comprehension calling os.stat
        # itself (through functools.partial its keyword cost a dict a call: a third more
        # instructions), with no Python function a file.
        descriptor = os.open(base, _FOLDER_FLAGS)
        try:
            seen = array(_STAT, chain.from_iterable(map(_size_and_mtime, [
                stat(name, dir_fd=descriptor) for name in names])))
        finally:
            os.close(descriptor)
        return seen == stats
    except (OSError, ValueError, OverflowError):
        return False


_size_and_mtime = attrgetter("st_size", "st_mtime_ns")
_FOLDER_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
