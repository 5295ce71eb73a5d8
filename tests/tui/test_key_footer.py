"""The footer of keys: the keys of what has focus, drawn as one line in the footer's styles,
laid out whole at every width with the command palette's key at the right end, drawn again
only when they change; a click presses a key."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tanwen.tui.widgets.key_footer import RULE, FooterKey, KeyFooter, lay_out

from tui_support import screen_lines


class Pane(Static, can_focus=True):
    BINDINGS = [Binding("x", "noop", "Same keys")]

    def action_noop(self) -> None:
        pass


class Other(Static, can_focus=True):
    BINDINGS = [Binding("y", "press_y", "Other keys"), Binding("z", "off", "Not now"),
                Binding("w", "press_y", "Other keys too")]      # the same action: shown once

    def action_press_y(self) -> None:
        self.app.pressed.append("y")

    def check_action(self, action: str, parameters) -> bool | None:
        return None if action == "off" else True       # shown, disabled


class FooterApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Pane("a", id="a")
        yield Pane("b", id="b")
        yield Other("c", id="c")
        yield KeyFooter()


async def focus(pilot, selector: str) -> None:
    """Focus a pane, and wait for the footer to hear of its keys and draw them."""
    pilot.app.set_focus(pilot.app.query_one(selector))
    await pilot.pause()
    await pilot.pause()


def line(app) -> str:
    return screen_lines(app.query_one(KeyFooter))[0]


async def test_the_footer_follows_the_keys_and_draws_them_again_only_when_they_change():
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        footer = app.query_one(KeyFooter)
        drawn: list[str] = []
        original = footer.render

        def counted():
            drawn.append(str(app.focused.id if app.focused else None))
            return original()

        footer.render = counted
        await focus(pilot, "#a")
        assert "x Same keys" in line(app) and line(app).endswith(f"{RULE}^p palette")
        assert drawn == ["a"]
        await focus(pilot, "#b")    # the same keys: nothing to draw
        assert drawn == ["a"]
        await focus(pilot, "#c")
        assert drawn == ["a", "c"]
        assert "y Other keys" in line(app) and "Same keys" not in line(app)
        assert "Other keys too" not in line(app), "one key per action, the first"


async def test_keys_are_drawn_in_the_footer_styles_and_a_disabled_one_dim():
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await focus(pilot, "#c")
        footer = app.query_one(KeyFooter)
        segments = [segment for segment in footer.render_lines(footer.region.reset_offset)[0] if segment.text.strip()]
        key = next(s for s in segments if s.text == " y ")
        description = next(s for s in segments if s.text.startswith("Other keys"))
        off = next(s for s in segments if s.text == " z ")
        expected = footer.get_component_rich_style("footer-key--key")
        assert key.style.bold and key.style.color == expected.color
        assert description.style.color == footer.get_component_rich_style("footer-key--description").color
        # Disabled: dimmed, as Textual draws dim, toward the background.
        def distance(a, b):
            return sum(abs(x - y) for x, y in zip(a.triplet, b.triplet))

        assert distance(off.style.color, off.style.bgcolor) < distance(key.style.color, key.style.bgcolor)


async def test_a_click_on_a_key_presses_it_and_on_a_disabled_one_does_nothing():
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await focus(pilot, "#c")
        text = line(app)
        await pilot.click(KeyFooter, offset=(text.index("y Other") + 1, 0))
        await pilot.pause()
        assert app.pressed == ["y"]
        await pilot.click(KeyFooter, offset=(text.index("z Not now") + 1, 0))
        await pilot.pause()
        assert app.pressed == ["y"]


KEYS = tuple(FooterKey(key, key, description) for key, description in
             [("^q", "Quit"), ("/", "Search"), ("n", "Next hit"), ("?", "Help"), ("f1", "")])
PALETTE = FooterKey("ctrl+p", "^p", "Commands")


def test_the_layout_at_every_width_keeps_keys_whole_in_order_and_the_palette_at_the_end():
    for width in range(0, 80):
        for palette in (PALETTE, None):
            placed, palette_x = lay_out(KEYS, palette, width)
            right = width if palette_x is None else palette_x
            assert [item.key for item in placed] == list(KEYS[:len(placed)]), "a prefix, in order"
            x = 0
            for item in placed:
                assert item.x == x
                x = item.end
            assert x <= right, (width, placed)
            if len(placed) < len(KEYS):
                assert x + KEYS[len(placed)].cells > right, "as many as fit"
            if palette_x is not None:
                assert palette_x + len(RULE) + palette.compact_cells == width
                assert palette_x >= KEYS[0].cells
            elif palette is not None:
                assert width - len(RULE) - palette.compact_cells < KEYS[0].cells, "left out only when there is no room"


async def test_the_key_under_the_mouse_is_highlighted():
    app = FooterApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await focus(pilot, "#c")
        footer = app.query_one(KeyFooter)

        def background(text: str):
            segments = footer.render_lines(footer.region.reset_offset)[0]
            return next(s for s in segments if s.text == text).style.bgcolor

        plain = background(" y ")
        await pilot.hover(KeyFooter, offset=(line(app).index("y Other") + 1, 0))
        await pilot.pause()
        assert background(" y ") != plain and background(" z ") == plain
        await pilot.hover(KeyFooter, offset=(79, 0))
        await pilot.pause()
        assert background(" y ") == plain
