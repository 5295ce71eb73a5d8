"""The parts of a document table's file (`search.doctable`), read in place: sections decoded
one by one, arrays as views of the mapped file.
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
            id, path, headings = json.loads(str(run, "utf-8", "surrogatepass"))
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
    # UTF-8, not ASCII escapes (a Chinese heading takes half the bytes); "surrogatepass"
    # keeps the unpaired surrogates of odd file names.
    runs = [json.dumps([s.id, s.path, s.headings], ensure_ascii=False).encode("utf-8", "surrogatepass")
            for s in sections]
    offsets = array("I", [0])
    for run in runs:
        offsets.append(offsets[-1] + len(run))
    return offsets.tobytes(), b"".join(runs)


def largest(numbers, dtype=None) -> int:
    """The largest of `numbers` (an array, a memoryview, bytes: their own type unless told)."""
    found = np.frombuffer(numbers, dtype=dtype) if dtype else np.asarray(numbers)
    return int(found.max(initial=0))


def narrowest(numbers) -> str:
    """The array type code of the narrowest unsigned type that holds all of `numbers`."""
    top = largest(numbers)
    return "B" if top < 1 << 8 else "H" if top < 1 << 16 else "I"


def uint32s(part, byteorder: str) -> array | memoryview:
    return unsigned(part, byteorder, "I")


def unsigned(part, byteorder: str, code: str) -> array | memoryview:
    """Unsigned numbers of array type `code` ("B", "H", "I": 1, 2, 4 bytes) read in place
    (a view of the mapped file), or copied when their byte order is not this machine's."""
    if len(part) % array(code).itemsize:
        raise ValueError("document table: an array is cut short")
    if byteorder == sys.byteorder and array("I").itemsize == 4:
        return memoryview(part).cast(code)
    numbers = array(code)
    numbers.frombytes(part)
    if byteorder != sys.byteorder:
        numbers.byteswap()
    return numbers
