"""Text fitted to a number of terminal cells: pure functions, tested over every width. The
unstyled arithmetic (cutting, the snippet's window) is `tui.cells`'s, shared with the command
line's plain output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from tanwen.tui.cells import (ELLIPSIS, PATH_SEPARATOR, section_path, snippet_start,  # noqa: F401
                              truncate_cells)
from tanwen.tui.safe import clean, plain


def snippet(text: str, spans: Sequence[tuple[int, int]], width: int, hit_style: Style | str) -> Text:
    """One line of at most `width` cells around the first span, matches highlighted."""
    text = clean(text).replace("\n", " ")
    width = max(4, width)
    start = snippet_start(text, spans[0][0] if spans else 0, width)
    line = Text(end="", no_wrap=True, overflow="ellipsis")
    if start > 0:
        line.append(ELLIPSIS)
    line.append_text(plain(text[start:]))
    offset = 1 if start > 0 else 0
    for a, b in spans:
        if b > start:
            line.stylize(hit_style, max(a, start) - start + offset, b - start + offset)
    if cell_len(line.plain) > width:
        line.truncate(width, overflow="ellipsis")
    return line


def fit_path(parts: Sequence[str], width: int) -> tuple[str, str]:
    """A section path in at most `width` cells, as (leading text, last part).

    Leading parts give way to … one at a time, then … itself goes, then the last part is cut.
    The last part is returned apart so it can be styled on its own.
    """
    if not parts or width <= 0:
        return "", ""
    last = parts[-1]
    for first in range(len(parts) - 1):
        lead = ([ELLIPSIS] if first else []) + list(parts[first:-1])
        prefix = PATH_SEPARATOR.join(lead) + PATH_SEPARATOR
        if cell_len(prefix) + cell_len(last) <= width:
            return prefix, last
    if len(parts) > 1:
        prefix = ELLIPSIS + PATH_SEPARATOR
        if cell_len(prefix) + cell_len(last) <= width:
            return prefix, last
    return "", truncate_cells(last, width)


@dataclass(frozen=True)
class Field:
    """A piece of a one-line summary (a status line, a header).

    `rank` 0 is never dropped; higher ranks give way first (later fields first among equals),
    each trying its `short` form before it goes. `separator` stands before the field unless
    it comes first on the line.
    """

    text: str
    style: str = ""
    rank: int = 0
    short: str | None = None
    separator: str = " · "
    separator_style: str = "dim"


def fit_fields(fields: Sequence[Field], width: int) -> Text:
    """The fields on one line of at most `width` cells: low-priority fields shortened, then
    dropped; if the rest is still too wide, cut with … at the end. No separator is left
    hanging at either end."""
    forms = [field.text for field in fields]
    shown = [bool(field.text) for field in fields]

    def cells() -> int:
        total, first = 0, True
        for field, form, keep in zip(fields, forms, shown):
            if keep:
                total += cell_len(form) + (0 if first else cell_len(field.separator))
                first = False
        return total

    order = sorted(range(len(fields)), key=lambda i: (-fields[i].rank, -i))
    for index in order:
        if cells() <= width:
            break
        field = fields[index]
        if field.short is not None and cells() - cell_len(forms[index]) + cell_len(field.short) <= width:
            forms[index] = field.short
            break
        if field.rank == 0:
            if field.short is not None:
                forms[index] = field.short
            continue
        shown[index] = False
    line = Text(no_wrap=True, end="")
    for field, form, keep in zip(fields, forms, shown):
        if keep:
            if line.plain:
                line.append(field.separator, field.separator_style)
            line.append(form, field.style)
    if cell_len(line.plain) > width:
        cut = truncate_cells(line.plain, width)
        line = line[: len(cut) - 1] if cut else Text(no_wrap=True, end="")
        if cut:
            line.append(ELLIPSIS)
    return line
