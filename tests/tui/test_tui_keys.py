"""Keys pressed at any moment are acted on, in order: during start-up, just after the corpus
appears, and in one burst (a fast typist, a paste) as a terminal delivers them."""

from textual import events

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp

from tui_support import settle, until

SIZE = (120, 35)


def burst(app, keys: str) -> None:
    """Deliver keys the way the driver does when they arrive in one read: all queued at once."""
    names = {"/": "slash", "\r": "enter"}
    for char in keys:
        app._driver.send_message(events.Key(names.get(char, char), char))


def query_shown(app) -> str:
    return app.search_bar.value


async def test_a_burst_after_slash_lands_in_the_search_box():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.focused is app.tree
        burst(app, "/创新")
        await settle(pilot, app)
        assert app.focused is app.search_bar
        assert query_shown(app) == "创新"
        assert await until(pilot, lambda: app.results is not None and app.results.query.raw == "创新")
        # The tree did not take any of the keys meant for the box.
        assert app.reader.view.key == app.corpus.articles[0].id


async def test_keys_typed_while_the_corpus_loads_are_kept(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "a.md").write_text("# 天津\n\n天津创新，动能澎湃。\n\n## 北京\n\n北京也创新。\n", encoding="utf-8")
    app = TanwenApp(corpus_path=root, build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        burst(app, "/创新")           # before the corpus is there
        await settle(pilot, app)
        assert app.corpus is not None
        assert app.focused is app.search_bar
        assert query_shown(app) == "创新"
        assert await until(pilot, lambda: app.results is not None and app.results.total == 2)


async def test_keys_typed_just_as_the_corpus_appears_are_kept():
    app = TanwenApp(corpus_path=None, build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2000):
            if app.corpus is not None:
                break
            await pilot.pause(0.001)
        assert app.corpus is not None
        burst(app, "/创新")
        await settle(pilot, app)
        assert app.focused is app.search_bar
        assert query_shown(app) == "创新"
        assert await until(pilot, lambda: app.results is not None and app.results.query.raw == "创新")
        # Typing on replaces nothing and loses nothing.
        burst(app, "天津")
        await settle(pilot, app)
        assert query_shown(app) == "创新天津"


async def test_keys_after_enter_in_the_same_burst_go_to_the_reader():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        burst(app, "/天开\rnn")
        await settle(pilot, app)
        assert await until(pilot, lambda: app.focused is app.reader and app.hit_index is not None)
        await settle(pilot, app)
        assert query_shown(app) == "天开"                 # the n's were not typed into the box
        assert app.focused is app.reader
        occurrences = app.results.occurrence_list()
        top = app.results.hits[0]
        first = occurrences.index((top.block_id, tuple(top.spans[0])))
        assert app.hit_index == first + 2                 # enter opened the top hit, n n went on
        assert f"hit {first + 3} of {len(occurrences)}" in str(app.query_one("#status").render())
