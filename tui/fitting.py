"""Text fitted to a number of terminal cells: pure functions, tested over every width."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

ELLIPSIS = "…"
PATH_SEPARATOR = " › "


def truncate_cells(text: str, width: int) -> str:
    """`text` cut to at most `width` cells, ending in … where something was cut."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text
    room = width - 1    # the ellipsis takes one cell
    kept, used = [], 0
    for char in text:
        cells = cell_len(char)
        if used + cells > room:
            break
        kept.append(char)
        used += cells
    return "".join(kept) + ELLIPSIS


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
