"""Component styles as text styles that survive being laid over a widget's background."""

from __future__ import annotations

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


def text_style(widget: Widget, component: str) -> Style:
    """A component class's colour and text attributes (bold, italic…), without a background.

    A partial component style keeps a translucent colour such as `$text-muted` as its opaque
    base colour (full white on a dark theme); the full style blends it with the widget's
    background. Its colour is taken, its background left out, so the line's own background
    (focus tint included) still shows.
    """
    full = widget.get_component_rich_style(component)
    return Style.from_color(full.color) + full.without_color


class StyleOncePerDraw:
    """For a widget drawn line by line (mixed in before it): its style, a walk over its
    ancestors' styles, taken once a draw (`draw_style`) rather than once a line."""

    _draw_style: Style | None = None        # during render_lines

    def render_lines(self, crop: Region) -> list[Strip]:
        self._draw_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._draw_style = None

    @property
    def draw_style(self) -> Style:
        return self.rich_style if self._draw_style is None else self._draw_style
