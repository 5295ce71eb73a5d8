"""The parts of a document table's file (`search.doctable`), read in place: sections decoded
one by one, arrays as views of the mapped file, the fold's differences as two uint32 arrays.
"""

from __future__ import annotations

import json
import sys
from array import array
from dataclasses import dataclass

from tanwen.search.numpy_lean import np


@dataclass
class SectionInfo:
    id: str
    path: tuple[str, ...]          # labels, article to section
    headings: str                  # folded real headings of the path, joined by "\n"


class LazySections:
    """The sections of a table read from disk, each decoded when first asked for: a search
    shows a few of the tens of thousands (decoding them all took a tenth of a second at
    30 MB)."""

    def __init__(self, offsets: array, runs) -> None:
        self._offsets, self._runs = offsets, runs
        self._decoded: dict[int, SectionInfo] = {}

    def consistent(self, size: int) -> bool:
        offsets = self._offsets
        return len(offsets) >= 1 and offsets[0] == 0 and offsets[-1] == size

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, index: int) -> SectionInfo:
        found = self._decoded.get(index)
        if found is None:
            if not 0 <= index < len(self):
                raise IndexError(index)
            run = self._runs[self._offsets[index]:self._offsets[index + 1]]
            id, path, headings = json.loads(str(run, "ascii"))
            found = self._decoded[index] = SectionInfo(id, tuple(path), headings)
        return found

    def __iter__(self):
        return (self[index] for index in range(len(self)))


class StoredChars:
    """Every character of a table as its file holds them, in one string. Made a set, they
    are thousands of one-character strings to build on every open (18 ms for the ten
    tables of 100 MB of text); a search asks only whether its few characters are here."""

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def __contains__(self, char: object) -> bool:
        return isinstance(char, str) and len(char) == 1 and char in self._text

    def issuperset(self, chars) -> bool:
        return all(char in self for char in chars)

    def __iter__(self):
        return iter(self._text)

    def __len__(self) -> int:
        return len(self._text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredChars):
            other = frozenset(other._text)
        return frozenset(self._text) == other if isinstance(other, (set, frozenset)) else NotImplemented

    __hash__ = None     # type: ignore[assignment]   (as a set's)


def sections_written(sections) -> tuple[bytes, bytes]:
    runs = [json.dumps([s.id, s.path, s.headings]).encode("ascii") for s in sections]
    offsets = array("I", [0])
    for run in runs:
        offsets.append(offsets[-1] + len(run))
    return offsets.tobytes(), b"".join(runs)


def largest(numbers, dtype) -> int:
    return int(np.frombuffer(numbers, dtype=dtype).max(initial=0))


def uint32s(part, byteorder: str) -> array | memoryview:
    """uint32s read in place (a view of the mapped file), or copied when their byte order
    is not this machine's."""
    if byteorder == sys.byteorder and array("I").itemsize == 4:
        return memoryview(part).cast("I")
    numbers = array("I")
    numbers.frombytes(part)
    if byteorder != sys.byteorder:
        numbers.byteswap()
    return numbers


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def differences(display: str, folded: str) -> tuple[bytes, bytes]:
    """(offsets, code points): where `folded` differs from `display` (same length), and what
    it holds there — uint32 each (a news text has a difference in every 15 characters or
    so, mostly full-width commas: arrays are read in place, no decoding)."""
    shown, codes = code_points(display), code_points(folded)
    at = np.flatnonzero(shown != codes).astype(np.uint32)
    return at.tobytes(), codes[at].astype(np.uint32).tobytes()


def differences_read(fold_at, fold_codes, byteorder: str) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, code points) as `differences` wrote them, read in place; ValueError if
    they do not pair."""
    dtype = "<u4" if byteorder == "little" else ">u4"
    at, codes = np.frombuffer(fold_at, dtype=dtype), np.frombuffer(fold_codes, dtype=dtype)
    if len(at) != len(codes):
        raise ValueError("document table: the fold's differences do not fit the text")
    return at, codes
