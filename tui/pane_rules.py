"""Which panes show, from the terminal's width, the focused pane and the user's toggles.

A pure function, so every width can be tested without Textual. The widths below are those
`theme.tcss` gives the panes (border included); keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass

TREE_MIN_WIDTH = 72        # below this many columns one pane shows at a time (t / f / tab go to them)
FIGURES_MIN_WIDTH = 110    # below this the figures pane starts hidden and both side panes narrow
READER_MIN_WIDTH = 40      # columns the reader keeps (20 Chinese characters a line) beside side panes

TREE_WIDTH, TREE_WIDTH_NARROW = 31, 25          # #tree: 30 / 24 and its right border
FIGURES_WIDTH, FIGURES_WIDTH_NARROW = 37, 31    # #figures: 36 / 30 and its left border


@dataclass(frozen=True)
class Panes:
    tree: bool
    centre: bool           # the results list and the reader
    figures: bool
    narrow: bool           # side panes at their narrow widths
    single: bool           # one column: the tree, or the reader (with the figures under it)

    @property
    def stacked(self) -> bool:
        """The figures pane under the reader, in one column."""
        return self.single and self.figures


@dataclass(frozen=True)
class PaneToggles:
    """What the user asked for with t and f: each side pane on, off, or None (not asked yet);
    `prefer`: the side pane turned on last, which wins when both do not fit."""

    tree: bool | None = None
    figures: bool | None = None
    prefer: str | None = None


def side_widths(width: int) -> tuple[int, int]:
    """Cells the tree and the figures pane take at this terminal width."""
    if width < FIGURES_MIN_WIDTH:
        return TREE_WIDTH_NARROW, FIGURES_WIDTH_NARROW
    return TREE_WIDTH, FIGURES_WIDTH


def centre_width(width: int, panes: Panes) -> int:
    """Cells left for the results list and the reader."""
    if not panes.centre:
        return 0
    if panes.single:
        return width
    tree, figures = side_widths(width)
    return width - (tree if panes.tree else 0) - (figures if panes.figures else 0)


def visible_panes(width: int, focused: str | None = None, user_tree: bool | None = None,
                  user_figures: bool | None = None, prefer: str | None = None) -> Panes:
    """The panes to show.

    `focused` is the pane with focus ("search", "tree", "results", "reader", "figures");
    `user_tree` / `user_figures` are the toggles (None: not used yet); `prefer` is the side pane
    the user turned on last ("tree" or "figures").

    Narrow (< TREE_MIN_WIDTH): one column, the focused one; the figures pane stacks under the
    reader. Otherwise the tree shows unless turned off, the figures pane from FIGURES_MIN_WIDTH
    unless toggled, and a focused side pane always. When both side panes would leave the reader
    less than READER_MIN_WIDTH, only one stays: the focused one, else the one turned on last,
    else the tree.
    """
    narrow = width < FIGURES_MIN_WIDTH
    if width < TREE_MIN_WIDTH:
        tree, figures = focused == "tree", focused == "figures"
        return Panes(tree=tree, centre=not tree, figures=figures, narrow=True, single=True)
    tree = (True if user_tree is None else user_tree) or focused == "tree"
    figures = (width >= FIGURES_MIN_WIDTH if user_figures is None else user_figures) or focused == "figures"
    tree_cells, figures_cells = side_widths(width)
    if tree and figures and width - tree_cells - figures_cells < READER_MIN_WIDTH:
        keep = focused if focused in ("tree", "figures") else prefer if prefer in ("tree", "figures") else "tree"
        tree, figures = keep == "tree", keep == "figures"
    return Panes(tree=tree, centre=True, figures=figures, narrow=narrow, single=False)
