"""The parts of a document table's file (`search.doctable`), read in place: sections decoded
one by one, arrays as views of the mapped file, the fold's differences as their offsets'
low halves (`search.ascending_numbers`) and a byte each into a palette of code points.
"""

from __future__ import annotations

import json
import sys
from array import array
from dataclasses import dataclass

from tanwen.search.ascending_numbers import AscendingNumbers
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


def differences(folded: str, display: str) -> tuple[bytes, bytes, bytes, bytes]:
    """Where `display` differs from `folded` (same length), and what it holds there: the
    offsets as (low halves, directory) of `AscendingNumbers`, then a palette of the
    distinct code points (uint32) and each difference's place in it (a byte while there are
    at most 256 of them; a news text has a difference every 15 characters or so, mostly a
    few dozen full-width punctuation marks: read in place, no decoding)."""
    shown, codes = code_points(folded), code_points(display)
    at = np.flatnonzero(shown != codes)
    offsets = AscendingNumbers.of(at)
    palette, places = np.unique(codes[at], return_inverse=True)
    return (offsets.lows.tobytes(), offsets.high_starts.tobytes(),
            palette.astype(np.uint32).tobytes(), places.astype(_place_type(len(palette))).tobytes())


def _place_type(colours: int):
    return np.uint8 if colours <= 1 << 8 else np.uint16 if colours <= 1 << 16 else np.uint32


def differences_read(lows, directory, palette, places, byteorder: str
                     ) -> tuple[AscendingNumbers, np.ndarray, np.ndarray]:
    """(offsets, palette, places) as `differences` wrote them, read in place; ValueError if
    they do not fit together."""
    order = "<" if byteorder == "little" else ">"
    palette = np.frombuffer(palette, dtype=order + "u4")
    place_type = np.dtype(_place_type(len(palette))).newbyteorder(order)
    offsets = AscendingNumbers(np.frombuffer(lows, dtype=order + "u2"),
                               np.frombuffer(directory, dtype=order + "u4"))
    if (len(places) != len(offsets) * place_type.itemsize or not offsets.consistent()):
        raise ValueError("document table: the fold's differences do not fit the text")
    places = np.frombuffer(places, dtype=place_type)
    if largest(places, place_type) >= max(len(palette), 1):
        raise ValueError("document table: the fold's differences do not fit the text")
    return offsets, palette, places
