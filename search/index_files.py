"""The files of an index folder: checking them, writing them atomically, removing leftovers.

Each generation's metadata lists its files with [size, crc32, ctime]: sizes are checked
whenever the index is looked at, checksums when it is opened for searching.
"""

from __future__ import annotations

import os
import re
import shutil
import zlib
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

# An index folder holds a Whoosh index of this name and, per segment, tanwen's document
# table and character and pair postings. (Here, not with the code that builds them: opening
# an index imports none of that.)
INDEX_NAME = "MAIN"
TABLE_EXT = ".tws"
GRAMS_EXT = ".twg"


@dataclass
class FileState:
    """A corpus file as a generation's metadata records it ("files")."""

    size: int
    mtime_ns: int
    sha1: str
    article_id: str
    segment: str | None = None     # segment id holding its blocks (None: no blocks)
    blocks: int = 0
    problem: str | None = None     # why it could not be loaded
    seen_ns: int = 0               # when its size and mtime were read for indexing


# Names an index writes in its folder; nothing else there is ever removed.
OWN_FILE = re.compile(rf"^(_?{INDEX_NAME}[._].*|tanwen-\d+\.(json|fresh)|.*\.tmp)$")


def check_sizes(folder: Path, expected: dict[str, list[int]]) -> None:
    """Every file the generation was written with is there, at its size."""
    for name, (size, *_) in expected.items():
        path = folder / name
        if not path.is_file():
            raise ValueError(f"{name} is missing")
        if path.stat().st_size != size:
            raise ValueError(f"{name} has changed size")


def check_sums(folder: Path, expected: dict[str, list[int]]) -> None:
    """Every file of the generation has the checksum it was written with.

    Summing every file costs ~1 s per GB (0.10–0.20 s for the 90 MB index of 10 MB of
    text) on every open. A file's ctime changes with any write to it and cannot be set back,
    so a file whose ctime is the one recorded when it was summed is as it was; the others
    are summed again."""
    prefix = os.path.join(folder, "")
    for name, (size, crc, ctime_ns) in expected.items():
        path = prefix + name
        if os.stat(path).st_ctime_ns != ctime_ns and size_and_sum(path)[:2] != [size, crc]:
            raise ValueError(f"{name} is damaged (checksum mismatch)")


def size_and_sum(path: Path | str) -> list[int]:
    """[size, crc32, ctime_ns] of a file."""
    crc = size = 0
    with open(path, "rb") as handle:
        ctime_ns = os.fstat(handle.fileno()).st_ctime_ns
        while chunk := handle.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
            size += len(chunk)
    return [size, crc, ctime_ns]


def write_atomic(path: Path, text: str) -> None:
    temporary = path.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def remove_own_files(folder: Path, keep: set[str]) -> None:
    """Remove every file of ours in `folder` but those named in `keep`."""
    for name in os.listdir(folder):
        if name not in keep and OWN_FILE.match(name):
            path = folder / name
            with suppress(OSError):
                if path.is_dir() and not path.is_symlink():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
