"""Where a table's displayed text differs from its folded text, and what it shows there.

The fold keeps lengths, and changes a character in every 15 or so of news text: mostly a
few dozen full-width punctuation marks, then capitals and traditional forms. Only those
are stored, not a second copy of the text:

    offsets  uint16 low halves + uint32 directory (`search.ascending_numbers`): ascending
    palette  uint32 × (at most 255): the most frequent displayed code points
    places   uint8 × differences: each one's place in the palette, or RARE
    rare     uint16 low halves + uint32 directory, then uint32 code points: the
             differences (by number) whose character is not in the palette (a few hundred
             in 240,000), and their code points

All read in place from the mapped file; a block's differences are found by bisecting
within its stretch of 65,536 characters.
"""

from __future__ import annotations

from tanwen.search.ascending_numbers import AscendingNumbers
from tanwen.search.numpy_lean import np

RARE = 255          # a place meaning "not in the palette: see the rare ones"
PARTS = 7


class DisplayDifferences:
    def __init__(self, offsets: AscendingNumbers, palette: np.ndarray, places: np.ndarray,
                 rare: AscendingNumbers, rare_codes: np.ndarray) -> None:
        self.offsets, self.palette, self.places = offsets, palette, places
        self.rare, self.rare_codes = rare, rare_codes
        # Indexed by place (RARE and unused places give 0, overwritten or never read).
        self._by_place = np.zeros(RARE + 1, dtype=np.int64)
        self._by_place[:len(palette)] = palette

    @classmethod
    def between(cls, folded: str, display: str) -> DisplayDifferences:
        shown, codes = _code_points(folded), _code_points(display)
        at = np.flatnonzero(shown != codes)
        codes = codes[at]
        distinct, places, counts = np.unique(codes, return_inverse=True, return_counts=True)
        # Palette in order of frequency: the first RARE code points get a byte each.
        by_count = np.argsort(-counts, kind="stable")
        rank = np.empty(len(distinct), dtype=np.int64)
        rank[by_count] = np.arange(len(distinct))
        places = np.minimum(rank[places], RARE).astype(np.uint8)
        rare = np.flatnonzero(places == RARE)
        return cls(AscendingNumbers.of(at), distinct[by_count[:RARE]].astype(np.uint32), places,
                   AscendingNumbers.of(rare), codes[rare].astype(np.uint32))

    def parts(self) -> list[bytes]:
        return [part.tobytes() for part in (
            self.offsets.lows, self.offsets.high_starts, self.palette, self.places,
            self.rare.lows, self.rare.high_starts, self.rare_codes)]

    @classmethod
    def read(cls, parts: list, byteorder: str) -> DisplayDifferences:
        """As `parts` wrote them, in place; ValueError if they do not fit together. (The
        places are checked where they are read, a block's at a time: a pass over them all
        here took 2 ms a table, on every open.)"""
        order = "<" if byteorder == "little" else ">"
        lows, directory, palette, places, rare_lows, rare_directory, rare_codes = parts
        try:
            found = cls(AscendingNumbers(np.frombuffer(lows, dtype=order + "u2"),
                                         np.frombuffer(directory, dtype=order + "u4")),
                        np.frombuffer(palette, dtype=order + "u4"), np.frombuffer(places, dtype=np.uint8),
                        AscendingNumbers(np.frombuffer(rare_lows, dtype=order + "u2"),
                                         np.frombuffer(rare_directory, dtype=order + "u4")),
                        np.frombuffer(rare_codes, dtype=order + "u4"))
        except ValueError:          # a part not a whole number of items
            found = None
        if (found is None or len(found.palette) > RARE or len(found.places) != len(found.offsets)
                or len(found.rare) != len(found.rare_codes) or not found.offsets.consistent()
                or not found.rare.consistent() or found.rare.last() >= max(len(found.places), 1)):
            raise ValueError("document table: the fold's differences do not fit the text")
        return found

    def last_offset(self) -> int:
        return self.offsets.last() if len(self.offsets) else -1

    def applied(self, folded: str, start: int) -> str:
        """`folded` (the text from offset `start`) with the displayed characters put back
        where they differ: slices joined, a few per block."""
        first, last = self.offsets.bisect(start), self.offsets.bisect(start + len(folded))
        if first == last:
            return folded
        places = self.places[first:last]
        codes = self._by_place[places]
        # The rare ones among them are those numbered first to last - 1 in the rare list.
        low, high = self.rare.bisect(first), self.rare.bisect(last)
        rare = places == RARE
        if np.count_nonzero(rare) != high - low or (
                len(self.palette) < RARE and (places >= len(self.palette)).any()):
            raise ValueError("document table: the fold's differences do not fit the text")
        if high > low:
            codes[rare] = self.rare_codes[low:high]
        pieces, previous = [], 0
        for offset, code in zip(self.offsets.slice(first, last).tolist(), codes.tolist()):
            pieces += (folded[previous:offset - start], chr(code))
            previous = offset - start + 1
        pieces.append(folded[previous:])
        return "".join(pieces)


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
