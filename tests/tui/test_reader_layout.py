"""The reader's lines laid out in steps (as far as the screen shows, then the rest) are the
lines of one whole layout, at every width: the start lays out the first screen first."""

import pytest

from tanwen.corpus import load_corpus
from tanwen.tui.widgets.reader_layout import ReaderLayout

WIDTHS = range(2, 141)


@pytest.fixture(scope="module")
def articles():
    return [list(article.blocks()) for article in load_corpus().articles]


def test_a_layout_made_in_steps_is_the_whole_layout_at_every_width(articles):
    for blocks in articles:
        for width in WIDTHS:
            whole = ReaderLayout(blocks, width)
            whole.finish()
            stepped = ReaderLayout(blocks, width)
            for y in (0, 7, 30, len(whole.lines) // 2):
                stepped.through_line(y)
                assert len(stepped.lines) > y
                assert stepped.lines == whole.lines[:len(stepped.lines)], (width, y)
            stepped.finish()
            assert stepped.lines == whole.lines, width
            assert stepped.block_lines == whole.block_lines, width
            assert stepped.height() == whole.height() == len(whole.lines)


def test_a_layout_not_finished_stops_at_the_block_holding_the_line_asked_for(articles):
    blocks = articles[0]
    for width in WIDTHS:
        layout = ReaderLayout(blocks, width)
        layout.through_line(30)
        assert not layout.finished, width
        first_of_last = layout.block_lines[-1][0]
        # The last block laid out holds line 30, or follows the blank lines (and rule) there.
        assert first_of_last <= 30 + 3 and 30 < len(layout.lines), width
        assert layout.height() > len(layout.lines), width   # the rest counted by estimate


def test_lines_keep_to_the_width(articles):
    for blocks in articles:
        for width in WIDTHS:
            layout = ReaderLayout(blocks, width)
            layout.finish()
            for line in layout.lines:
                if line.line is not None and width >= 12:
                    assert line.pad + line.line.width <= width, (width, line)
