"""Component styles as text styles that survive being laid over a widget's background."""

from __future__ import annotations

from rich.style import Style
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
