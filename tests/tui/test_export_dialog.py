"""The export dialog (`e` in the figures pane), driven from the keyboard as a person would."""

import csv

import pytest

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp
from tanwen.tui.export import export_folder
from tanwen.tui.widgets.export_screen import ExportScreen

from tui_support import settle

SECTION = "000_0ca8ddae1a5cdd31:3"


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder of the test's own, with a Documents folder, as on a desktop."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))
    (tmp_path / "Documents").mkdir()
    return tmp_path


async def open_dialog(size=(120, 35)):
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    context = app.run_test(size=size)
    pilot = await context.__aenter__()
    await settle(pilot, app)
    app.open_key(SECTION)
    await settle(pilot, app)
    app.focus_pane("figures")
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    return app, pilot, context


def shown(app) -> str:
    """The dialog's text as a person reads it: the field's visible part and the lines under it."""
    screen = app.screen
    field = screen.query_one("#export-path")
    field_line = "".join(field.render_line(y).text for y in range(field.size.height))
    return field_line + "\n" + str(screen.query_one("#export-target").render())


def rendered_markdown(text: str) -> bool:
    return text.count("\n| ") >= 2 and "|---|" in text


async def type_path(pilot, path) -> None:
    await pilot.press("ctrl+a", "ctrl+k", *str(path))      # clear the field, then type


def test_exports_default_to_the_documents_folder(home, monkeypatch):
    assert export_folder() == home / "Documents" / "tanwen"
    (home / "Documents").rmdir()                        # a server without one: the home folder
    assert export_folder() == home


async def test_markdown_chosen_from_the_keyboard_writes_a_markdown_file(home):
    app, pilot, context = await open_dialog()
    try:
        default_csv = home / "Documents" / "tanwen" / "tanwen-figures-"
        assert f"Writes {default_csv}" in shown(app) and ".csv" in shown(app)
        await pilot.press("shift+tab")                     # from the path up to the format
        assert app.focused is app.screen.query_one("#export-format")
        await pilot.press("right", "space")                # Markdown
        await pilot.pause()
        assert app.screen.fmt == "markdown"
        text = shown(app)
        assert text.count(".md") == 2 and ".csv" not in text   # in the field and the full path
        await pilot.press("tab")                           # back to the path; enter exports
        assert app.focused is app.screen.query_one("#export-path")
        await pilot.press("enter")
        await pilot.pause()
        written = list((home / "Documents" / "tanwen").iterdir())
        assert [p.suffix for p in written] == [".md"]
        assert rendered_markdown(written[0].read_text(encoding="utf-8"))
        assert any(str(written[0]) in n.message for n in app._notifications)
    finally:
        await context.__aexit__(None, None, None)


async def test_a_typed_extension_chooses_the_format_and_a_bare_name_lands_in_the_folder(home):
    app, pilot, context = await open_dialog()
    try:
        await type_path(pilot, "report.md")
        await pilot.pause()
        assert app.screen.query_one("#fmt-markdown").value
        assert f"Writes {home / 'Documents' / 'tanwen' / 'report.md'}" in shown(app)
        await type_path(pilot, "table")                   # no extension: the format's is added
        await pilot.pause()
        assert f"Writes {home / 'Documents' / 'tanwen' / 'table.md'}" in shown(app)
        await pilot.press("enter")
        await pilot.pause()
        assert rendered_markdown((home / "Documents" / "tanwen" / "table.md").read_text(encoding="utf-8"))
    finally:
        await context.__aexit__(None, None, None)


async def test_an_existing_file_is_replaced_only_when_confirmed(home):
    target = home / "mine.csv"
    target.write_text("keep me", encoding="utf-8")
    app, pilot, context = await open_dialog()
    try:
        await type_path(pilot, target)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)        # still asking
        assert target.read_text(encoding="utf-8") == "keep me"
        assert "mine.csv exists" in shown(app) and "replace" in shown(app)
        assert str(app.screen.query_one("#export-ok").label) == "Replace"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert len(rows) == len(app.figures_pane.figures)
    finally:
        await context.__aexit__(None, None, None)


async def test_a_folder_is_not_a_file_name_and_nothing_is_lost(home):
    app, pilot, context = await open_dialog()
    try:
        await type_path(pilot, home)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert "is a folder" in shown(app)
        assert app.screen.query_one("#export-path").value == str(home)   # what was typed stays
    finally:
        await context.__aexit__(None, None, None)


async def test_the_extension_stays_in_view_in_a_narrow_dialog(home):
    app, pilot, context = await open_dialog(size=(60, 20))
    try:
        field = app.screen.query_one("#export-path")
        assert len(field.value) > field.content_region.width      # the path does not fit
        text = shown(app)
        assert text.splitlines()[0].rstrip().endswith(".csv")    # the field shows its end
        assert field.value.replace(" ", "") in text.replace("\n", "").replace(" ", "")  # full path below
    finally:
        await context.__aexit__(None, None, None)
