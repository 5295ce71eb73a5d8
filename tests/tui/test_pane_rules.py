"""Pane visibility as a pure function (tui/pane_rules.py): every width, focus and toggle, without Textual."""

import itertools

from tanwen.tui.pane_rules import (FIGURES_MIN_WIDTH, READER_MIN_WIDTH, TREE_MIN_WIDTH, centre_width,
                                     visible_panes)

FOCUS = [None, "search", "tree", "results", "reader", "figures"]
TOGGLES = [None, True, False]
PREFER = [None, "tree", "figures"]


def test_every_width_focus_and_toggle():
    for width, focused, user_tree, user_figures, prefer in itertools.product(
            range(1, 201), FOCUS, TOGGLES, TOGGLES, PREFER):
        panes = visible_panes(width, focused, user_tree, user_figures, prefer)
        case = (width, focused, user_tree, user_figures, prefer, panes)
        if focused in ("tree", "figures"):
            assert getattr(panes, focused), case                  # the focused pane always shows
        elif focused is not None:
            assert panes.centre, case
        if width < TREE_MIN_WIDTH:
            assert panes.single and not (panes.tree and panes.centre), case   # one column
            assert not (panes.tree and panes.figures), case
        else:
            assert not panes.single and panes.centre, case
            assert centre_width(width, panes) >= READER_MIN_WIDTH, case       # never squeezed
            if user_tree is False and focused != "tree":
                assert not panes.tree, case
            if user_figures is False and focused != "figures":
                assert not panes.figures, case


def test_defaults_by_width():
    assert visible_panes(120) == visible_panes(200)
    wide = visible_panes(120)
    assert wide.tree and wide.figures and wide.centre
    medium = visible_panes(80)
    assert medium.tree and not medium.figures and medium.centre
    narrow = visible_panes(60, "reader")
    assert narrow.centre and not narrow.tree and not narrow.figures


def test_figures_at_80_columns_take_the_trees_place():
    # f at 80×24 showed the figures beside the tree and left the reader 11 characters a line.
    panes = visible_panes(80, "figures", None, True, "figures")
    assert panes.figures and not panes.tree
    assert centre_width(80, panes) >= READER_MIN_WIDTH
    # Back in the reader the figures stay (turned on last); t brings the tree back instead.
    assert visible_panes(80, "reader", None, True, "figures").figures
    back = visible_panes(80, "tree", True, True, "tree")
    assert back.tree and not back.figures
    # Where both fit, both show.
    both = visible_panes(FIGURES_MIN_WIDTH - 1, "reader", True, True, "figures")
    assert both.tree and both.figures
