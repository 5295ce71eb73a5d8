"""Wide characters survive where a notification (or any overlay) crosses a pane border.

Textual's compositor cuts every screen line at every widget's left and right edge, divides
each widget's rendered line at those cuts, and keeps, for each piece, the topmost widget's.
A notification over the border between two panes is divided at the border too, although it
covers both sides; a double-width character across the cut is split by `Segment.divide`,
which turns each half into a space: `赋能超400家智能工厂和    化车间` for `…和数字化车间`.
When only OSC 52 was possible, that notification is the user's copy of the text.

The fix (Textual 8.2.8; upstream issue Textualize/textual#6357): divide a widget's line only
where the widget stops or starts being the topmost one, put each such run in its first
bucket, and mark the run's other buckets taken with an empty strip. Full updates join a
line's buckets in order, so every cell is where it was. A partial update writes a bucket
from its position, so a run is written whole; a run beside a dirty region is not rewritten
and keeps what the terminal shows, which is that run's current content.
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_TAKEN = Strip([], 0)      # a bucket covered by a run that starts in an earlier bucket
TEXTUAL_RENDER_CHOPS = Compositor._render_chops     # Textual's own, kept for comparison


def _render_chops(self: Compositor, crop: Region,
                  is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
    """Textual's `Compositor._render_chops`, dividing a line only where its owner changes."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            line_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            # Widgets paint front to back: a bucket already filled belongs to one above.
            free = [line[cut] is None for cut in line_cuts[:-1]]
            starts = [cut for index, cut in enumerate(line_cuts[:-1])
                      if index == 0 or free[index] != free[index - 1]]
            pieces = strip.divide([cut - render_x for cut in starts[1:] + line_cuts[-1:]])
            piece_of = dict(zip(starts, pieces))
            in_run = False
            for cut, is_free in zip(line_cuts, free):
                if not is_free:
                    in_run = False
                elif cut in piece_of:
                    line[cut], in_run = piece_of[cut], True
                elif in_run:
                    line[cut] = _TAKEN
    return chops


def install() -> None:
    """Use the fixed division in every screen's compositor (once per process is enough)."""
    Compositor._render_chops = _render_chops
