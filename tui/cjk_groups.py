"""Groups of characters that break as one: a figure (an amount with its unit, a date) kept on
one line when it fits, for tui.cjk_wrap.

`wrap()` first cuts a text into items: runs of Han characters ("h"), other atoms, newlines
("n"), each a `(kind, start, end)` tuple, and `Group`s of atoms already joined (a number and
the character after it). `keep_whole` joins the items a span touches into one `Group`, with
the points where it may still be broken when it is longer than a line.
"""

from __future__ import annotations

import bisect
from typing import Sequence

from rich.cells import cell_len


class Group:
    """Atoms that must stay on one line (when the line is wide enough for them all)."""

    __slots__ = ("pieces", "width", "last", "soft", "inner")

    def __init__(self, start: int, end: int, width: int, last: str) -> None:
        self.pieces = [(start, end)]
        self.width = width
        self.last = last
        # Indices into `pieces` before which the group may be broken when it is longer
        # than a line: between a number and the character after it (`2024` | `年`).
        self.soft: list[int] | None = None
        # Such points inside a figure: used only for a part still longer than a line.
        self.inner: list[int] = []

    def chunks(self, text: str, limit: int) -> list[list[tuple[int, int]]]:
        """The group cut at its soft points, and a part wider than `limit` at its inner ones."""
        out = []
        cuts = [0] + sorted(self.soft or []) + [len(self.pieces)]
        for a, b in zip(cuts, cuts[1:]):
            if a >= b:
                continue
            if sum(cell_len(text[x:y]) for x, y in self.pieces[a:b]) > limit:
                inner = [a] + [i for i in sorted(self.inner) if a < i < b] + [b]
                out.extend(self.pieces[x:y] for x, y in zip(inner, inner[1:]))
            else:
                out.append(self.pieces[a:b])
        return out


def _item_range(item) -> tuple[int, int]:
    if item.__class__ is tuple:
        return item[1], item[2]
    return item.pieces[0][0], item.pieces[-1][1]


def _split_runs(items: list, cuts: list[int]) -> list:
    """Han runs divided at `cuts` (sorted), so that a span can take part of a run."""
    out = []
    for item in items:
        if item.__class__ is tuple and item[0] == "h":
            _h, a, b = item
            inside = cuts[bisect.bisect_right(cuts, a):bisect.bisect_left(cuts, b)]
            for x, y in zip([a] + inside, inside + [b]):
                out.append(("h", x, y))
        else:
            out.append(item)
    return out


def _as_group(item, text: str) -> Group:
    if item.__class__ is Group:
        return item
    _kind, a, b = item
    return Group(a, b, cell_len(text[a:b]), text[b - 1])


def keep_whole(items: list, spans: Sequence[tuple[int, int]], text: str) -> list:
    """The items with those that share a span joined into one group, which may be broken
    (when longer than a line) outside its spans, and inside them only where a part is still
    longer than a line."""
    spans = _union(spans)
    if not spans:
        return items
    items = _split_runs(items, sorted({x for span in spans for x in span}))
    ends = [e for _, e in spans]
    out: list = []
    group: Group | None = None        # the group being joined, and the spans it holds
    held: list[tuple[int, int]] = []
    soft: list[int] = []               # its items' own break points (a number | its unit)
    joints: list[int] = []             # where its items meet
    reach = -1                         # where its last span ends
    for item in items:
        a, b = _item_range(item)
        newline = item.__class__ is tuple and item[0] == "n"     # never joined
        touching = []
        at = bisect.bisect_right(ends, a)              # the first span ending after a
        while not newline and at < len(spans) and spans[at][0] < b:
            touching.append(spans[at])
            at += 1
        if group is not None and a < reach and not newline:
            part = _as_group(item, text)
            joints.append(len(group.pieces))
            soft += [len(group.pieces) + i for i in part.soft or []]
            group.pieces.extend(part.pieces)
            group.width += part.width
            group.last = part.last
        elif touching:
            _settle(group, held, soft, joints)
            part = _as_group(item, text)
            group = Group(0, 0, 0, "")
            group.pieces, group.width, group.last = list(part.pieces), part.width, part.last
            soft, joints, held = list(part.soft or []), [], []
            out.append(group)
        else:
            _settle(group, held, soft, joints)
            group, reach = None, -1
            out.append(item)
            continue
        held.extend(span for span in touching if span not in held)
        reach = max([reach] + [end for _, end in touching])
    _settle(group, held, soft, joints)
    return out


def _union(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Non-empty spans, overlapping ones joined, in order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _settle(group: Group | None, held: list[tuple[int, int]], soft: list[int],
            joints: list[int]) -> None:
    """The group's break points: outside its spans, joints and its items' own points are
    soft; inside a span, only the joints, kept for a part still longer than a line (a date
    then breaks between 年 and 月, not between a number and its unit)."""
    if group is None:
        return

    def inside(i: int) -> bool:
        return any(s < group.pieces[i][0] < e for s, e in held)

    group.soft = sorted({i for i in soft + joints if 0 < i < len(group.pieces) and not inside(i)}) or None
    group.inner = sorted(i for i in joints if inside(i))
