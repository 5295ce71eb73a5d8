"""Line breaking for Chinese prose in a terminal, by character and by cell width.

Rich folds CJK text per character but knows nothing of Chinese typesetting: an ASCII space
between two Han characters leaves a visible gap, `5.3%` can be split across lines, and a line
can start with `，`. `wrap()` breaks the way a reader expects:

- between any two CJK characters; Latin words and number runs (`5.3%`, `R&D`, `3.44`,
  `1,000`, `AI+`) stay whole, and a number stays with the character after it (`2024年`,
  `53.5件`);
- a figure — an amount with its unit or measure word, a date — stays on one line when it fits
  on one (`总规模248亿元`, `超400家`, `100余家`, `2025年6月19日`): the spans the figure
  extractor (`corpus.figures`) finds, unless the caller gives its own (`keep`);
- an ASCII space between two CJK characters costs no cell (it is dropped, when
  `collapse_spaces`); between Latin words it is a break opportunity, dropped at line ends;
- no line starts with closing punctuation (`，。、；：！？）》」』”…` and their ASCII forms)
  and no line ends with an opening one (`（《「『“`): the character before is pulled down to the
  next line with it;
- a run longer than the line (a long URL) is cut by character;
- a line never takes more than `width` cells (widths below 2 count as 2, the width of one
  Han character); every character of the input is on exactly one line, except spaces
  dropped at breaks or between CJK characters.

Pure functions, no Textual: `wrap()` works on a `str` and returns `WrappedLine`s (which
ranges of the input each line shows); `wrap_text()` applies that to a `rich.text.Text`, so
highlight spans and styles come along.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from tanwen.corpus.figure_spans import figure_spans
from tanwen.tui.cjk_groups import Group, keep_whole

CLOSING = frozenset("，。、；：！？）》」』〕】〗〉”’…‥,.;:!?)]}％%‰℃°・·")
OPENING = frozenset("（《「『〔【〖〈“‘([{")
# Characters that count as CJK context for dropping a space between them.
_CJK_PUNCT = frozenset("“”‘’…—·、，。；：！？（）《》「」『』〔〕【】〈〉")

_ALNUM = r"0-9A-Za-z\u00C0-\u024F\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A"
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ATOM = re.compile(
    rf"(?P<han>[{_HAN}]+)"
    rf"|(?P<word>[{_ALNUM}]+(?:[.,:/&'’_\-．][{_ALNUM}]+)*\+*[%％‰℃°]?)"
    r"|(?P<space>[ \t]+)"
    r"|(?P<newline>\n)"
    r"|(?P<dash>[—－―]{2,}|…+|‥+)"
    r"|(?P<char>.)",
    re.S,
)


@dataclass(frozen=True)
class WrappedLine:
    """One line: the ranges of the input it shows (`pieces`), and where it starts and ends in
    the input (`start` ≤ every piece, `end` = where the next line starts)."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    width: int

    def text(self, source: str) -> str:
        return "".join(source[a:b] for a, b in self.pieces)


def is_cjk(char: str) -> bool:
    """A wide (East Asian) character or CJK punctuation."""
    if char in _CJK_PUNCT:
        return True
    return unicodedata.east_asian_width(char) in ("W", "F")


def _width(atom: str) -> int:
    return get_character_cell_size(atom) if len(atom) == 1 else cell_len(atom)


def _items(text: str, collapse_spaces: bool) -> list:
    """Groups, and between them ("s", start, end) break spaces, ("n", start, end) newlines
    and ("h", start, end) runs of Han characters (each one a group of 2 cells, breakable
    anywhere), in order. Spaces dropped between CJK characters leave no item."""
    items: list = []
    last = None                                # the last Group or "h" run, for glueing
    gap: list[tuple[str, int, int]] = []       # spaces since it
    length = len(text)

    def spaces() -> None:
        items.extend(g for g in gap if g[0] == "s")

    for match in _ATOM.finditer(text):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "space":
            before = text[start - 1] if start else ""
            after = text[end] if end < length else ""
            dropped = collapse_spaces and before and after and is_cjk(before) and is_cjk(after)
            gap.append(("x" if dropped else "s", start, end))
            continue
        if kind == "newline":
            spaces()
            items.append(("n", start, end))
            gap, last = [], None
            continue
        if kind == "han":
            if last.__class__ is Group and not gap and (last.last in OPENING or last.last.isdigit()):
                # `（创` stays together; `2024年` may part only when the line is too short.
                if last.last not in OPENING:
                    last.soft = (last.soft or []) + [len(last.pieces)]
                last.pieces.append((start, start + 1))
                last.width += 2
                last.last = text[start]
                start += 1
                if start == end:
                    continue
            elif last.__class__ is Group and last.last in OPENING:
                for kind_b, a, b in gap:
                    if kind_b == "s":
                        last.pieces.append((a, b))
                        last.width += b - a
                last.pieces.append((start, start + 1))
                last.width += 2
                last.last = text[start]
                gap = []
                start += 1
                if start == end:
                    continue
            else:
                spaces()
            gap = []
            last = ("h", start, end)
            items.append(last)
            continue
        atom = text[start:end]
        if last is not None and (atom[0] in CLOSING or (last.__class__ is Group and last.last in OPENING)):
            if last.__class__ is tuple:            # a Han run: its last character comes along
                _h, a, b = items.pop()
                if b - 1 > a:
                    items.append(("h", a, b - 1))
                last = Group(b - 1, b, 2, text[b - 1])
                items.append(last)
            for kind_b, a, b in gap:
                if kind_b == "s":
                    last.pieces.append((a, b))
                    last.width += cell_len(text[a:b])
            last.pieces.append((start, end))
            last.width += _width(atom)
            last.last = atom[-1]
            gap = []
            continue
        if last is not None:
            spaces()
        gap = []
        last = Group(start, end, _width(atom), atom[-1])
        items.append(last)
    return items


def _merge(pieces: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    merged: list[tuple[int, int]] = []
    for a, b in sorted(pieces):
        if a == b:
            continue
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return tuple(merged)


def wrap(text: str, width: int, *, first_width: int | None = None,
         collapse_spaces: bool = True, keep: Sequence[tuple[int, int]] | None = None) -> list[WrappedLine]:
    """Break `text` into lines of at most `width` cells (`first_width` for the first line).
    No line ends inside a span of `keep` (default: the text's figures) that fits on a line.

    Returns at least one line (an empty one for empty text)."""
    width = max(2, width)
    limit = max(2, first_width) if first_width is not None else width
    lines: list[WrappedLine] = []
    pieces: list[tuple[int, int]] = []
    used = 0
    line_start = 0
    pending: tuple[int, int] | None = None

    def flush(next_start: int) -> None:
        nonlocal pieces, used, line_start, limit, pending
        merged = _merge(pieces)
        start = merged[0][0] if merged else line_start
        lines.append(WrappedLine(start, next_start, merged, used))
        pieces, used, pending = [], 0, None
        line_start = next_start
        limit = width

    def place(chunk: list[tuple[int, int]], cells: int) -> None:
        nonlocal used
        pieces.extend(chunk)
        used += cells

    def cut(chunk: list[tuple[int, int]]) -> None:
        """Place a chunk longer than a line, by character, keeping closing punctuation
        off the start of a line and opening punctuation off its end where there is room."""
        nonlocal used
        for a, b in chunk:
            for offset in range(a, b):
                char = text[offset]
                cells = get_character_cell_size(char)
                if pieces and used + cells > limit:
                    carried: list[tuple[int, int]] = []
                    def room(extra: tuple[int, int]) -> bool:
                        cells_carried = sum(get_character_cell_size(text[x]) for x, _ in carried)
                        return cells_carried + get_character_cell_size(text[extra[0]]) + cells <= limit

                    if char in CLOSING:
                        while (len(pieces) >= 2 and (not carried or text[carried[0][0]] in CLOSING)
                               and room(pieces[-1])):
                            carried.insert(0, pieces.pop())
                    while len(pieces) >= 2 and text[pieces[-1][0]] in OPENING and room(pieces[-1]):
                        carried.insert(0, pieces.pop())
                    used = sum(get_character_cell_size(text[x]) for x, _ in pieces)
                    flush(carried[0][0] if carried else offset)
                    for x, y in carried:
                        place([(x, y)], get_character_cell_size(text[x]))
                place([(offset, offset + 1)], cells)

    spans = figure_spans(text) if keep is None else keep
    for item in keep_whole(_items(text, collapse_spaces), spans, text):
        if item.__class__ is tuple:
            kind, a, b = item
            if kind == "n":
                flush(b)
            elif kind == "s" and pieces:
                pending = (a, b)
            elif kind == "h":
                if pending:
                    space = cell_len(text[pending[0]:pending[1]])
                    if used + space + 2 <= limit:
                        place([pending], space)
                    else:
                        flush(a)
                    pending = None
                while a < b:
                    room = (limit - used) // 2
                    if room <= 0:
                        flush(a)
                        room = max(1, limit // 2)
                    take = min(room, b - a)
                    place([(a, a + take)], 2 * take)
                    a += take
            continue
        space = cell_len(text[pending[0]:pending[1]]) if pending else 0
        if pieces and used + space + item.width <= limit:
            if pending:
                place([pending], space)
            place(item.pieces, item.width)
            pending = None
            continue
        pending = None
        if pieces:
            flush(item.pieces[0][0])
        if item.width <= limit:
            place(item.pieces, item.width)
            continue
        # Longer than a line: break at its soft points, then by character.
        for chunk in item.chunks(text, limit):
            cells = sum(cell_len(text[a:b]) for a, b in chunk)
            if used + cells <= limit:
                place(chunk, cells)
                continue
            if pieces:
                flush(chunk[0][0])
            if cells <= limit:
                place(chunk, cells)
            else:
                cut(chunk)
    flush(len(text))
    if len(lines) > 1 and not lines[-1].pieces and lines[-1].start >= len(text) and not text.endswith("\n"):
        lines.pop()
    # Each line ends where the next starts, so every offset belongs to one line.
    fixed = []
    for index, line in enumerate(lines):
        end = lines[index + 1].start if index + 1 < len(lines) else len(text)
        fixed.append(WrappedLine(line.start, max(end, line.start), line.pieces, line.width))
    return fixed


def line_of(lines: list[WrappedLine], offset: int) -> int:
    """The index of the line that shows (or would show) character `offset`."""
    starts = [line.start for line in lines]
    return max(0, bisect.bisect_right(starts, offset) - 1)


def wrap_text(text: Text, width: int, *, first_width: int | None = None,
              collapse_spaces: bool = True, keep: Sequence[tuple[int, int]] | None = None
              ) -> list[tuple[WrappedLine, Text]]:
    """`wrap()` applied to a Rich Text: each line as a Text that keeps the spans' styles."""
    out = []
    for line in wrap(text.plain, width, first_width=first_width, collapse_spaces=collapse_spaces,
                     keep=keep):
        if len(line.pieces) == 1:
            a, b = line.pieces[0]
            part = text[a:b]
        else:
            part = Text("", style=text.style, end="")
            for a, b in line.pieces:
                part.append_text(text[a:b])
        part.end = ""
        out.append((line, part))
    return out


__all__ = ["CLOSING", "OPENING", "WrappedLine", "figure_spans", "is_cjk", "line_of", "wrap", "wrap_text"]
