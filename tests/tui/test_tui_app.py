"""The app, driven by keys as a user would (Textual's Pilot), on the built-in corpus."""

import csv

from rich.style import Style

from tanwen.corpus import load_corpus
from tanwen.corpus.figures import render_figure
from tanwen.tui.app import TanwenApp
from tanwen.tui.captions import caption_text
from tanwen.tui.widgets.figures_pane import FigureList
from tanwen.tui.widgets.help_screen import HelpScreen
from tanwen.tui.widgets.reader import Reader
from tanwen.tui.widgets.styling import text_style

from tui_support import settle

SIZE = (120, 35)


def make_app(corpus=None, **kwargs):
    kwargs.setdefault("build_index", False)
    kwargs.setdefault("keymap", {})
    return TanwenApp(corpus if corpus is not None else load_corpus(), **kwargs)


async def search(pilot, app, query):
    await pilot.press("slash")
    await pilot.press(*query)
    await settle(pilot, app)


def status(app) -> str:
    return str(app.query_one("#status").render())


def summary(app) -> str:
    return str(app.query_one("#results-summary").render())


async def test_start_shows_the_tree_and_the_first_article():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        corpus = app.corpus
        assert app.focused is app.tree
        labels = [str(node.label) for node in app.tree.nodes_by_key.values()]
        assert "创新天津 动能澎湃" in labels
        assert "近年来，塑料污染已成为全球性…" in labels  # an untitled story, by its first words
        assert app.reader.view.key == corpus.articles[0].id
        assert any("《瞭望》2025年第45期" in line for line in app.reader.visible_text())
        assert "在发展新质生产力上勇争先、善作为" in str(app.query_one("#crumb").render())
        assert "2 articles" in status(app)


async def test_search_highlight_next_previous_and_section_change():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "创新")
        results = app.results
        assert results is not None and results.total > 10
        assert app.query_one("#results-panel").has_class("-active")
        assert "blocks" in summary(app) and f"{results.occurrences} hits" in summary(app)
        assert app.results_list.option_count == len(results.hits)
        # Enter jumps to the first (top-ranked) result.
        await pilot.press("enter")
        await settle(pilot, app, 0.05)
        top = results.hits[0]
        assert app.focused is app.reader
        assert app.reader.current == (top.block_id, tuple(top.spans[0]))
        assert app.reader.view.key == top.section_id
        occurrences = results.occurrence_list()
        start = app.hit_index
        assert occurrences[start] == (top.block_id, tuple(top.spans[0]))
        assert f"hit {start + 1} of {len(occurrences)}" in status(app)
        # The current hit is drawn in its own style, the others as hits.
        reader = app.reader
        text = reader._block_text(reader.view.index_of(top.block_id))
        current_style = reader.get_component_rich_style("reader--hit-current", partial=True)
        styled = {(span.start, span.end) for span in text.spans if span.style == current_style}
        assert tuple(top.spans[0]) in styled
        # n three times, then N once.
        for _ in range(3):
            await pilot.press("n")
        assert app.hit_index == start + 3
        assert reader.current == occurrences[start + 3]
        await pilot.press("N")
        assert app.hit_index == start + 2
        assert f"hit {start + 3} of {len(occurrences)}" in status(app)
        # Keep going until the hit is in another section: the reader and the tree follow.
        section = reader.view.key
        for _ in range(len(occurrences)):
            await pilot.press("n")
            if reader.view.key != section:
                break
        await pilot.pause()
        block_id, span = reader.current
        assert reader.view.key == app.corpus.block(block_id).section.id != section
        assert app.tree.cursor_node.data.id == reader.view.key
        y = reader.line_of_offset(block_id, span[0])
        assert reader.scroll_y <= y < reader.scroll_y + reader.scrollable_content_region.height
        # N goes back across the section boundary.
        await pilot.press("N")
        assert reader.view.key == section


async def test_tree_hit_counts_and_dimmed_sections():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "创新")
        counts = app.results.section_counts
        tree = app.tree
        for article in app.corpus.articles:
            own = sum(counts.get(section.id, 0) for section in article.walk())
            assert tree.count_of(article.id) == own
            for section in article.walk():
                expected = sum(counts.get(s.id, 0) for s in section.walk())
                assert tree.count_of(section.id) == expected
                # As drawn: the counts are added as the tree draws a line.
                label = tree.render_label(tree.nodes_by_key[section.id], Style(), Style())
                shown = label.plain.removeprefix(tree.ICON_NODE_EXPANDED).removeprefix(tree.ICON_NODE)
                if expected:
                    assert shown.startswith(f"{expected} ")
                else:
                    assert not shown[0].isdigit()
                    dim = text_style(tree, "section-tree--dim")
                    assert any(span.style == dim for span in label.spans)
        assert sum(tree.count_of(a.id) for a in app.corpus.articles) == app.results.occurrences
        # Clearing the query clears the counts.
        await pilot.press("ctrl+a", "ctrl+k")
        await settle(pilot, app)
        assert tree.counts is None
        assert not app.query_one("#results-panel").has_class("-active")


async def test_selecting_a_tree_node_opens_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "down")
        second = app.tree.cursor_node.data
        assert app.reader.view.key == second.id
        await pilot.press("j")
        third = app.tree.cursor_node.data
        assert app.reader.view.key == third.id
        await pilot.press("enter")
        assert app.focused is app.reader
        # ] and [ step through sections in reading order.
        keys = app.tree.ordered_keys()
        index = keys.index(third.id)
        await pilot.press("right_square_bracket")
        assert app.reader.view.key == keys[index + 1]
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert app.reader.view.key == keys[index - 1]
        assert app.tree.cursor_node.data.id == keys[index - 1]


async def test_figure_selection_highlights_it_and_both_copy_formats():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        section = app.corpus.find_section("000_0ca8ddae1a5cdd31:3")
        app.open_key(section.id, focus_reader=True)
        await settle(pilot, app)
        pane = app.figures_pane
        assert pane.figures and all(f.block_id in {b.id for b in section.all_blocks()} for f in pane.figures)
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, FigureList)
        await pilot.press("j", "j")
        await pilot.pause()
        figure = pane.current_figure()
        assert figure is pane.figures[2]
        assert app.reader.figure == (figure.block_id, (figure.start, figure.end))
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == figure.text
        await pilot.press("Y")
        await pilot.pause()
        citation = render_figure(figure, "citation", app.corpus)
        assert app.clipboard == citation
        assert "——" in citation and "《" in citation
        # One name for what Y copies: the key's label and the notification say "citation".
        assert any(n.title == "Copied citation" for n in app._notifications)
        # The captions tab.
        app.open_key("000_0ca8ddae1a5cdd31:1", focus_reader=True)
        await settle(pilot, app)
        app.focus_pane("figures")
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert pane.active_tab == "tab-captions"
        assert app.focused.id == "caption-list"
        await pilot.press("j")
        caption = pane.current_caption()
        assert caption.kind.value == "caption"
        assert app.reader.figure == (caption.id, (0, len(caption.text)))
        await pilot.press("y")
        assert app.clipboard == caption_text(caption.text) != caption.text   # without its "2. "


async def test_figures_of_search_results():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "亿元")
        await pilot.press("escape", "r")
        await settle(pilot, app)
        pane = app.figures_pane
        assert pane.scope == "results"
        assert pane.figures
        assert {f.block_id for f in pane.figures} <= set(app.results.matches)
        assert "figures of results" in status(app)


async def test_export_figures(tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.open_key("000_0ca8ddae1a5cdd31:3")
        await settle(pilot, app)
        app.focus_pane("figures")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        path_input = app.screen.query_one("#export-path")
        assert path_input.value.endswith(".csv") and "tanwen-figures-" in path_input.value
        target = tmp_path / "out.csv"
        path_input.value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert len(rows) == len(app.figures_pane.figures)
        assert rows[0]["text"] == app.figures_pane.figures[0].text
        # Markdown, chosen in the dialog.
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#fmt-markdown").value = True
        await pilot.pause()
        path_input = app.screen.query_one("#export-path")
        assert path_input.value.endswith(".md")
        path_input.value = str(tmp_path / "out.md")
        await pilot.press("enter")
        await pilot.pause()
        assert (tmp_path / "out.md").read_text(encoding="utf-8").count("\n| ") >= 2


async def test_help_screen_lists_every_key():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {row.binding_id for row in app.screen.rows}
        for binding in TanwenApp.BINDINGS:
            assert binding.id in ids, binding
        for expected in ("copy-figure", "copy-citation", "export-figures", "reader.down", "tree.down"):
            assert expected in ids
        table_text = str(app.screen.query_one("#help-table").render())
        assert table_text  # rendered without error
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert not isinstance(app.screen, HelpScreen)


async def test_a_user_keymap_remaps_bindings():
    app = make_app(keymap={"next-hit": "ctrl+n", "toggle-figures": "F"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, "天津")
        await pilot.press("escape")
        await pilot.press("ctrl+n")
        assert app.hit_index is not None
        first = app.hit_index
        await pilot.press("ctrl+n")
        assert app.hit_index == first + 1
        rows = {row.binding_id: row.keys for row in app.key_rows()}
        assert rows["next-hit"] == "ctrl+n"      # as the keymap file writes it


async def test_a_malformed_query_explains_itself():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await search(pilot, app, '"创新')
        assert app.results is not None
        assert app.results.notice
        assert "unclosed quote" in summary(app)
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.press(*"天津 OR")
        await settle(pilot, app)
        assert app.results is not None and app.results.notice
        assert app.results.notice in summary(app)
        await pilot.press("enter")  # nothing to open must not fail either
        await settle(pilot, app)
        assert app.is_running


MARKUP_ARTICLE = """# [bold]标题[/bold] [@click=app.quit]点我[/]

## 第一节 [red]红[/red]

正文里有 [link=https://example.com]链接[/link] 和 [@click=app.quit]退出[/] 以及 \\[b] 与 [/] 等方括号。增长5.3%。

图1 说明文字[i]斜[/i]
"""


async def test_markup_like_text_in_a_corpus_file_is_shown_literally(write_corpus):
    root = write_corpus({"a.md": MARKUP_ARTICLE + "控制字符\x1b[31m红\x07铃\n"})
    corpus = load_corpus(root)
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        labels = [node.label.plain for node in app.tree.nodes_by_key.values()]
        assert any("[bold]标题[/bold]" in label for label in labels)
        assert any("[red]红[/red]" in label for label in labels)
        section = next(s for s in corpus.sections() if "第一节" in (s.heading or ""))
        app.open_key(section.id, focus_reader=True)
        await settle(pilot, app)
        shown = "".join(app.reader.all_text())
        assert "[@click=app.quit]退出[/]" in shown
        assert "[link=https://example.com]链接[/link]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        # Clicking on the text must not run the embedded action.
        await pilot.click(Reader, offset=(10, 3))
        await pilot.pause()
        assert app.is_running
        crumb = str(app.query_one("#crumb").render())
        assert "[red]红[/red]" in crumb
        # Search for the bracketed text, and see it in the results list.
        await search(pilot, app, "[@click=app.quit]")
        assert app.results.total >= 1
        prompt = app.results_list.get_option_at_index(0).prompt
        assert "[@click=app.quit]" in prompt.plain
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        # A notification with corpus text is not parsed either.
        app.focus_pane("figures")
        await settle(pilot, app)
        assert app.is_running


async def test_problems_loading_the_corpus_are_a_notification(write_corpus):
    root = write_corpus({"a.md": "# 标题\n\n正文。\n", "b.md": b"", "meta.json": "{not json"})
    corpus = load_corpus(root)
    assert corpus.problems
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        messages = [n.message for n in app._notifications]
        assert any("b.md" in message for message in messages)


async def test_a_small_terminal_still_works():
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        body = app.query_one("#body")
        assert body.has_class("-hide-tree") and body.has_class("-hide-figures")
        assert app.focused is app.reader
        await search(pilot, app, "创新")
        await pilot.press("enter", "n", "n", "n")
        assert app.hit_index is not None
        await pilot.press("tab")
        await pilot.pause()
        # The figures pane shows, under the reader, while it has focus; the tree stays hidden.
        assert isinstance(app.focused, FigureList)
        assert not body.has_class("-hide-figures") and body.has_class("-stacked")
        assert body.has_class("-hide-tree") and not body.has_class("-hide-centre")
        figure = app.figures_pane.current_figure()
        y = app.reader.line_of_offset(figure.block_id, figure.start)
        assert app.reader.scroll_y <= y < app.reader.scroll_y + app.reader.scrollable_content_region.height
        await pilot.press("y")
        assert app.clipboard == app.figures_pane.current_figure().text
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.reader and body.has_class("-hide-figures")
        await pilot.press("t")
        await pilot.pause()
        assert app.focused is app.tree and not body.has_class("-hide-tree")
        for size in [(40, 12), (20, 6), (200, 50), (90, 30), (60, 20), (1, 1), (120, 35)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
        assert app.is_running
        assert not body.has_class("-hide-tree") and not body.has_class("-hide-figures")


async def test_the_index_builds_in_the_background(tmp_path, monkeypatch, write_corpus):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    root = write_corpus({"a.md": "# 天津\n\n天津创新，动能澎湃。增长5.3%。\n"})
    app = make_app(load_corpus(root), build_index=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.index_state.phase == "index"
        await search(pilot, app, "创新")
        assert app.results.mode == "index"
        assert app.results.total == 1


async def test_the_corpus_loads_in_a_worker_when_given_a_path(write_corpus):
    root = write_corpus({"a.md": "# 天津\n\n天津创新。\n"})
    app = TanwenApp(corpus_path=root, build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.corpus is not None and app.tree.nodes_by_key
        assert "first_paint" in app.timings


async def test_the_command_palette_opens_a_section():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"世界舞台")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.reader.view.title.endswith("世界舞台共享机遇")
