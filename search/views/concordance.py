"""Concordance (KWIC): every occurrence as one line — left context, match, right context.

Context is counted in characters (default ±20) of the block's displayed text: it runs across
punctuation but never into the next block. Lines are made on demand from the occurrences
(a KWIC of 100,000 lines holds 100,000 small records, not 100,000 strings), and sorting
reorders an index list.

Sorts (as in AntConc, by characters: Chinese has no spaces to count words by):
    position   reading order (file name, then place in the file)
    right      by the right context: R1, then R2, … (the character after the match first)
    left       by the left context read backwards: L1, then L2, …
    article    by article (file name), and within one by R1, R2, …
Characters compare by code point.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size

from tanwen.search.views.occurrences import Occurrence, Occurrences

DEFAULT_WIDTH = 20
SORTS = ("position", "right", "left", "article")
# Control characters take no cell and would shift the columns: shown as spaces.
_CONTROLS = {code: " " for code in range(32)} | {0x7F: " "}


@dataclass(frozen=True, slots=True)
class KwicLine:
    left: str
    match: str
    right: str
    source: str
    section_id: str
    block_id: str
    start: int          # the match's span in the block's text
    end: int

    def plain(self) -> str:
        """The line as text to copy, with where it is from."""
        return f"{self.left}【{self.match}】{self.right}\t{self.source} {self.block_id}"

    def as_record(self) -> dict:
        return {"left": self.left, "match": self.match, "right": self.right,
                "source": self.source, "section_id": self.section_id,
                "block_id": self.block_id, "span": [self.start, self.end]}


class Concordance:
    """The KWIC lines of some occurrences, in a chosen order."""

    def __init__(self, found: Occurrences, width: int = DEFAULT_WIDTH, sort: str = "position") -> None:
        if width < 0:
            raise ValueError("the context width cannot be negative")
        self.found = found
        self.width = width
        self.order: list[int] = list(range(len(found.items)))
        self.sorted_by = "position"
        self.sort(sort)

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, row: int) -> KwicLine:
        return self._line(self.found.items[self.order[row]])

    def __iter__(self):
        return (self[row] for row in range(len(self)))

    def sort(self, by: str) -> None:
        if by not in SORTS:
            raise ValueError(f"unknown sort {by!r}; the sorts are: {', '.join(SORTS)}")
        items = self.found.items
        key = {
            "position": lambda i: i,
            "right": lambda i: (self._right(items[i]), self._match(items[i]), i),
            "left": lambda i: (self._left(items[i])[::-1], self._match(items[i]), i),
            "article": lambda i: (self.found.source(items[i]), self._right(items[i]), i),
        }[by]
        self.order = sorted(range(len(items)), key=key)
        self.sorted_by = by

    def _left(self, item: Occurrence) -> str:
        return self.found.text(item)[max(0, item.start - self.width):item.start]

    def _right(self, item: Occurrence) -> str:
        return self.found.text(item)[item.end:item.end + self.width]

    def _match(self, item: Occurrence) -> str:
        return self.found.text(item)[item.start:item.end]

    def _line(self, item: Occurrence) -> KwicLine:
        text = self.found.text(item)
        return KwicLine(text[max(0, item.start - self.width):item.start], text[item.start:item.end],
                        text[item.end:item.end + self.width], self.found.source(item),
                        self.found.section_id(item), self.found.block_id(item), item.start, item.end)


def fit_left(text: str, cells: int) -> str:
    """The end of `text` that fits in `cells` terminal cells, padded on the left to exactly
    that many (a wide character that would not fit whole leaves a space)."""
    taken, used = [], 0
    for char in reversed(text.translate(_CONTROLS)):
        size = get_character_cell_size(char)
        if used + size > cells:
            break
        taken.append(char)
        used += size
    return " " * (cells - used) + "".join(reversed(taken))


def fit_right(text: str, cells: int) -> str:
    """The start of `text` that fits in `cells` cells, padded on the right to exactly that many."""
    taken, used = [], 0
    for char in text.translate(_CONTROLS):
        size = get_character_cell_size(char)
        if used + size > cells:
            break
        taken.append(char)
        used += size
    return "".join(taken) + " " * (cells - used)


def aligned(line: KwicLine, left_cells: int, match_cells: int, right_cells: int) -> tuple[str, str, str]:
    """The three columns of a line at exact cell widths, so every match starts in one column."""
    match = line.match if cell_len(line.match) <= match_cells else fit_right(line.match, match_cells)
    return fit_left(line.left, left_cells), fit_right(match, match_cells), fit_right(line.right, right_cells)
