"""The reader's lines: a view's blocks broken into lines at one width, each block in its look.

No Textual here: `ReaderLayout` says which block each line of the reader shows and which
part of it (`tui.cjk_wrap` breaks the text), where blank lines and the rule between
sections go, and how far each line is indented. It lays blocks out in order, as far as it is
asked (`through_line`), or all of them (`finish`): a long article is 400 lines at 120×35,
and its first screen shows 31 of them. Until it is finished, `height` counts the blocks not
laid out yet by an estimate (their characters' cells over the width), so a scroll bar can be
drawn before the rest is wrapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from tanwen.corpus.model import Block, BlockKind
from tanwen.tui.cjk_wrap import WrappedLine, wrap
from tanwen.tui.safe import clean


@dataclass(frozen=True)
class Look:
    style: str                 # component class
    indent: int = 0            # cells before the first line
    hanging: int = 0           # cells before the other lines
    align: str = "left"        # left, right or center
    collapse_spaces: bool = True
    prefix: str = ""           # drawn before the first line (not part of the text)


LOOKS = {
    BlockKind.TITLE: Look("reader--title", align="center", collapse_spaces=False),
    BlockKind.HEADING: Look("reader--heading", collapse_spaces=False),
    BlockKind.SUBTITLE: Look("reader--subtitle", indent=4, hanging=4, collapse_spaces=False),
    BlockKind.SUMMARY: Look("reader--summary", hanging=2),
    BlockKind.BODY: Look("reader--body", indent=4),
    BlockKind.CAPTION: Look("reader--caption", hanging=3, collapse_spaces=False),
    BlockKind.CREDIT: Look("reader--credit", align="right", collapse_spaces=False),
    BlockKind.BYLINE: Look("reader--byline", align="right", collapse_spaces=False),
    BlockKind.IMAGE: Look("reader--image", collapse_spaces=False, prefix="▣ 图 "),
    BlockKind.CODE: Look("reader--code", indent=2, hanging=2, collapse_spaces=False),
}
_TIGHT = {BlockKind.IMAGE, BlockKind.CAPTION, BlockKind.CODE}   # set without blank lines between


def look_of(block: Block) -> Look:
    return LOOKS.get(block.kind, LOOKS[BlockKind.BODY])


@dataclass(frozen=True)
class Line:
    block: int                  # index into the blocks, or -1 for a spacer
    line: WrappedLine | None
    pad: int = 0                # cells before the text
    prefix: str = ""
    rule: bool = False


class ReaderLayout:
    """`blocks` as lines `width` cells wide: `lines`, and for each block laid out, the index
    of its first line and its wrapped lines (`block_lines`)."""

    def __init__(self, blocks: list[Block], width: int) -> None:
        self.blocks = blocks
        self.width = width
        self.lines: list[Line] = []
        self.block_lines: list[tuple[int, list[WrappedLine]]] = []
        self._estimate: int | None = None       # lines of the blocks not laid out yet

    @property
    def finished(self) -> bool:
        return len(self.block_lines) == len(self.blocks)

    def through_line(self, y: int) -> None:
        """Lay blocks out until line `y` is there (or every block is)."""
        while len(self.lines) <= y and not self.finished:
            self._add(len(self.block_lines))

    def finish(self) -> None:
        while not self.finished:
            self._add(len(self.block_lines))

    def height(self) -> int:
        """The number of lines: exact once finished, estimated for the blocks not laid out."""
        if self.finished:
            return len(self.lines)
        if self._estimate is None:
            self._estimate = sum(self._estimated_lines(index)
                                 for index in range(len(self.block_lines), len(self.blocks)))
        return len(self.lines) + self._estimate

    def _spacers(self, index: int) -> list[Line]:
        """The blank lines (and the rule, at a new section) before block `index`."""
        if index == 0:
            return []
        block, previous = self.blocks[index], self.blocks[index - 1]
        spacers = []
        new_section = block.section is not previous.section
        if new_section and block.kind not in (BlockKind.HEADING, BlockKind.TITLE):
            spacers += [Line(-1, None), Line(-1, None, rule=True)]
        if not (block.kind is previous.kind and block.kind in _TIGHT):
            spacers.append(Line(-1, None))
        return spacers

    def _estimated_lines(self, index: int) -> int:
        block = self.blocks[index]
        look = look_of(block)
        cells = cell_len(block.text) + look.indent + cell_len(look.prefix)
        return len(self._spacers(index)) + max(1, -(-cells // max(2, self.width - look.hanging)))

    def _add(self, index: int) -> None:
        block = self.blocks[index]
        width = self.width
        look = look_of(block)
        lines = self.lines
        lines.extend(self._spacers(index))
        prefix_cells = cell_len(look.prefix)
        # A code line keeps its indentation (wrapping drops spaces at a line's start).
        lead = min(len(block.text) - len(block.text.lstrip(" ")), width // 2) \
            if block.kind is BlockKind.CODE else 0
        first = max(2, width - look.indent - prefix_cells - lead)
        rest = max(2, width - look.hanging - lead)
        wrapped = wrap(clean(block.text), rest, first_width=first, collapse_spaces=look.collapse_spaces)
        self.block_lines.append((len(lines), wrapped))
        for number, line in enumerate(wrapped):
            cells = ((look.indent + prefix_cells) if number == 0 else look.hanging) + lead
            if look.align == "right":
                pad = max(0, width - line.width)
            elif look.align == "center":
                pad = max(0, (width - line.width) // 2)
            else:
                pad = cells
            lines.append(Line(index, line, pad if look.align != "left" else cells,
                              look.prefix if number == 0 else ""))
        self._estimate = None
