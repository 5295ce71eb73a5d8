"""The search box's examples: each one shown finds something on the corpus it is shown for."""

import json

from tanwen.corpus import load_corpus
from tanwen.search.engine import SearchEngine
from tanwen.tui.app import TanwenApp
from tanwen.tui.cli.entry import main
from tanwen.tui.widgets.search_bar import BUILTIN_EXAMPLES

from tui_support import settle

SIZE = (200, 35)     # wide enough to show the whole placeholder


def test_every_builtin_example_finds_something(builtin):
    engine = SearchEngine(builtin)
    for example in BUILTIN_EXAMPLES:
        results = engine.search(example, limit=None)
        assert results.total > 0, example
        assert results.notice is None, (example, results.notice)


def test_a_negative_query_alone_finds_every_block_without_it(builtin):
    results = SearchEngine(builtin).search("-北京", limit=None)
    expected = {block.id for block in builtin.blocks() if "北京" not in block.text}
    assert expected and set(results.matches) == expected
    assert results.total == len(expected)
    kinds = SearchEngine(builtin).search("NOT kind:body", limit=None)
    assert set(kinds.matches) == {block.id for block in builtin.blocks() if block.kind.value != "body"}


def search_box_line(app) -> str:
    return app.search_bar.render_line(0).text


async def test_the_builtin_corpus_shows_its_examples_and_they_work():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        shown = search_box_line(app)
        for example in BUILTIN_EXAMPLES:
            assert example in shown
        await pilot.press("slash", *"-北京")
        await settle(pilot, app)
        summary = str(app.query_one("#results-summary").render())
        assert "⚠" not in summary and f"{app.results.total} blocks" in summary
        assert app.results.total > 0


async def test_a_corpus_of_ones_own_shows_syntax_not_builtin_words(write_corpus):
    root = write_corpus({"a.md": "# 上海\n\n上海的新闻。\n"})
    app = TanwenApp(load_corpus(root), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        shown = search_box_line(app)
        assert "OR" in shown and "heading:" in shown
        for word in ("新质生产力", "北京", "天开", "tianjin"):
            assert word not in shown


def test_blocks_matched_without_a_highlight_are_each_one_hit(builtin):
    results = SearchEngine(builtin).search("-北京", limit=None)
    assert results.occurrences == results.total
    assert results.occurrence_list() == [(block_id, (0, 0)) for block_id in results.matches]


async def test_n_steps_through_the_blocks_of_a_negative_query():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash", *"-北京")
        await settle(pilot, app)
        total = app.results.total
        summary = str(app.query_one("#results-summary").render())
        assert f"{total} blocks · {total} hits" in summary
        await pilot.press("enter")
        await settle(pilot, app)
        await pilot.press("n", "n")
        await settle(pilot, app)
        status = str(app.query_one("#status").render())
        assert f"of {total}" in status and "no hits" not in status
        block_id, _ = app.reader.current
        assert "北京" not in app.corpus.block(block_id).text
        assert app.reader.view.index_of(block_id) is not None      # the reader shows it


def test_a_negative_query_on_the_command_line(capsys, builtin):
    code = main(["search", "-北京", "--limit", "1000", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    shown = [json.loads(line)["block_id"] for line in out.splitlines()]
    expected = {block.id for block in builtin.blocks() if "北京" not in block.text}
    assert shown and set(shown) <= expected and len(shown) == len(expected)
