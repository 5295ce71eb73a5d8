"""The footer of keys recomposes when the keys it shows change, and only then."""

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tanwen.tui.widgets.key_footer import KeyFooter


class Pane(Static, can_focus=True):
    BINDINGS = [Binding("x", "noop", "Same keys")]

    def action_noop(self) -> None:
        pass


class Other(Static, can_focus=True):
    BINDINGS = [Binding("y", "noop", "Other keys")]

    def action_noop(self) -> None:
        pass


class FooterApp(App):
    def compose(self) -> ComposeResult:
        yield Pane("a", id="a")
        yield Pane("b", id="b")
        yield Other("c", id="c")
        yield KeyFooter()


def shown(app) -> list[str]:
    return [str(key.description) for key in app.query("FooterKey")]


async def test_the_footer_follows_the_keys_and_keeps_them_when_they_stay_the_same():
    app = FooterApp()
    async with app.run_test() as pilot:
        footer = app.query_one(KeyFooter)
        recomposed: list[str] = []
        original = footer.recompose

        async def counted():
            recomposed.append(str(app.focused.id if app.focused else None))
            await original()

        footer.recompose = counted
        app.set_focus(app.query_one("#a"))
        await pilot.pause()
        await pilot.pause()
        assert "Same keys" in shown(app)
        assert recomposed == ["a"]
        app.set_focus(app.query_one("#b"))    # the same keys: nothing to do
        await pilot.pause()
        await pilot.pause()
        assert recomposed == ["a"]
        app.set_focus(app.query_one("#c"))
        app.set_focus(app.query_one("#a"))    # two changes before a refresh: one recompose
        app.set_focus(app.query_one("#c"))
        await pilot.pause()
        await pilot.pause()
        assert recomposed == ["a", "c"]
        assert "Other keys" in shown(app) and "Same keys" not in shown(app)
