"""Text fitted to a number of terminal cells as plain strings: what `tui.fitting` styles, and
what the command line prints into a pipe as it is.

Only `rich.cells` (the width tables, so widths are rich's own): never rich.text or
rich.console, which a search printed into a pipe would otherwise import for nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, get_character_cell_size, set_cell_size

from tanwen.corpus.printable import printable

ELLIPSIS = "…"
PATH_SEPARATOR = " › "
HANGING = " ·│›"       # never left at the end of a cut line


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
    # No space or separator left hanging before the ellipsis ("hit …" → "hit…").
    return "".join(kept).rstrip(HANGING) + ELLIPSIS


def section_path(parts: Sequence[str]) -> str:
    """A section's headings as one line, `天津 › 创新`: each heading's white space (line breaks
    in a long title) folded to single spaces."""
    return PATH_SEPARATOR.join(" ".join(part.split()) for part in parts)


def snippet_start(text: str, first: int, width: int) -> int:
    """Where a snippet of `width` cells whose first match is at `first` starts: about a
    third of the line before it."""
    lead = width // 3
    start, cells = first, 0
    while start > 0:
        size = get_character_cell_size(text[start - 1])
        if cells + size > lead:
            break
        start -= 1
        cells += size
    return start


def snippet_text(text: str, spans: Sequence[tuple[int, int]], width: int) -> str:
    """The characters of `tui.fitting.snippet`, unstyled: one line of at most `width` cells
    around the first span."""
    text = printable(text, multiline=True).replace("\n", " ")
    width = max(4, width)
    start = snippet_start(text, spans[0][0] if spans else 0, width)
    line = (ELLIPSIS if start > 0 else "") + text[start:].replace("\t", " ")
    if cell_len(line) > width:
        line = set_cell_size(line, width - 1) + ELLIPSIS
    return line
