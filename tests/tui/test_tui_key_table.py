"""One key table (tui/keys.py): the footer, the command palette and the help screen name each
key the same way and show the keys in effect after the user's keymap.toml."""

from textual.command import CommandList, CommandPalette

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp
from tanwen.tui.widgets.help_screen import HelpScreen
from tanwen.tui.widgets.key_footer import KeyFooter

from tui_support import screen_lines, settle, until

SIZE = (120, 35)


def footer(app) -> str:
    """The footer's line, as painted."""
    return screen_lines(app.screen.query_one(KeyFooter))[0]


def help_line(app, binding_id: str) -> str:
    lines = [line for line in screen_lines(app.screen.query_one("#help-table")) if binding_id in line.split()]
    assert lines, f"{binding_id} is not on the help screen"
    return lines[0]


async def palette_lines(app, pilot, typed: str) -> list[str]:
    await pilot.press("ctrl+p")
    assert await until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*typed)
    await pilot.pause(0.5)
    lines = screen_lines(app.screen.query_one(CommandList))
    await pilot.press("escape")
    await pilot.pause()
    return lines


async def test_a_keymap_file_changes_the_keys_the_help_and_the_palette_show(tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('next-hit = "ctrl+n"\ncopy-citation = "ctrl+y"\n', encoding="utf-8")
    monkeypatch.setenv("TANWEN_KEYMAP", str(keymap))
    app = TanwenApp(load_corpus(), build_index=False)          # reads the file, as the app does
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        next_hit = help_line(app, "next-hit")
        assert "ctrl+n" in next_hit.split() and "n" not in next_hit.split()
        assert "ctrl+y" in help_line(app, "copy-citation").split()
        await pilot.press("escape")
        await pilot.pause()

        lines = await palette_lines(app, pilot, "Next hit")
        hint = next(line for line in lines if "next search hit" in line)
        assert hint.endswith("(ctrl+n)"), lines
        lines = await palette_lines(app, pilot, "Copy citation")
        hint = next(line for line in lines if "sentence as printed" in line)
        assert hint.endswith("(ctrl+y)"), lines

        # and the keys do what the help says
        await pilot.press("slash", *"天津", "escape")
        await settle(pilot, app)
        await pilot.press("ctrl+n")
        assert app.hit_index is not None


async def test_capital_y_is_called_citation_in_the_footer_palette_help_and_notification():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot, app)
        app.focus_pane("figures")
        await pilot.pause()
        assert "Y Citation" in footer(app), footer(app)

        lines = await palette_lines(app, pilot, "citation")
        assert any(line.startswith("Copy citation") for line in lines), lines

        await pilot.press("f1")
        await pilot.pause()
        assert "citation" in help_line(app, "copy-citation")
        await pilot.press("escape")

        await pilot.press("F")                          # every figure of the corpus
        await settle(pilot, app)
        assert "Y Citation" in footer(app), footer(app)
        await pilot.press("Y")
        await pilot.pause(0.3)
        assert [n.title for n in app._notifications] == ["Copied citation"]


def test_every_binding_of_the_app_is_an_entry_of_the_key_table():
    """A key declared anywhere else would be missing from the help screen and the palette."""
    import importlib
    import pkgutil

    import tanwen.tui
    from textual.binding import Binding

    from tanwen.tui.keys import BY_ID

    declared = []
    for module_info in pkgutil.walk_packages(tanwen.tui.__path__, "tanwen.tui."):
        if module_info.name.startswith("tanwen.tui.cli"):
            continue
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                declared += Binding.make_bindings(value.__dict__.get("BINDINGS", []))
    assert len(declared) > 50
    strays = [(b.key, b.action) for b in declared
              if b.id not in BY_ID or b.key not in BY_ID[b.id].keys.split(",")]
    assert not strays, strays


def test_a_palette_label_uses_the_words_of_the_footer_name():
    """One word per thing: the palette may say more than the footer, not something else
    (`f1` was "Help" in the footer and "Keys" in the palette)."""
    from tanwen.tui.keys import palette_entries

    for entry in palette_entries():
        label_words = entry.palette.lower().replace(":", " ").split()
        for word in entry.name.lower().split():
            if len(word) >= 3:    # "of", "§" and the like say nothing
                assert any(label.startswith(word) for label in label_words), (entry.id, entry.name, entry.palette)
