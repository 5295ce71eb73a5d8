"""The walk: every section of the built-in corpus opened by every route — the tree cursor, the
results preview, [ and ], the command palette, n and N — at 60×20, 80×24 and 120×35, with the
side panes on and off and across resizes.

Each step runs under a watchdog: an alarm that raises inside the app even when it is stuck in
a loop on its own thread (an asyncio timeout alone cannot fire then), plus an asyncio timeout
for a step that waits for ever. After each step the test reads the screen: the reader shows the
section, and the breadcrumb above it ends with the section's title (or as much of it as fits,
then …), fitted to the width it has now, never ending in a bare ›.
"""

from __future__ import annotations

import asyncio
import signal

import pytest
from rich.cells import cell_len
from textual import events
from textual.geometry import Region

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp
from tanwen.tui.fitting import ELLIPSIS, PATH_SEPARATOR, fit_path
from tanwen.tui.pane_rules import READER_MIN_WIDTH

from tui_support import settle, until

STEP_SECONDS = 10     # a step takes well under a second; only a stuck app takes this long
SHOW_SECONDS = 3      # how long a step may take to show what it should, before it is a wrong answer

KEYS = {"j": "j", "k": "k", "n": "n", "N": "N", "right_square_bracket": "]",
        "left_square_bracket": "[", "down": None}


class AppStoppedAnswering(Exception):
    pass


@pytest.fixture(scope="module")
def corpus():
    return load_corpus()


_STEP = {"what": "start"}     # the step under way, for the alarm's message


@pytest.fixture
def watchdog():
    def ring(signum, frame):
        # Raised wherever the main thread is: in a handler stuck in a loop, Textual catches it,
        # ends the app, and run_test raises it when the test leaves the app.
        raise AppStoppedAnswering(f"no answer within {STEP_SECONDS} s: {_STEP['what']}")

    previous = signal.signal(signal.SIGALRM, ring)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


async def step(app, pilot, action, what: str) -> None:
    """Run one user action under the watchdog."""
    _STEP["what"] = what
    signal.setitimer(signal.ITIMER_REAL, STEP_SECONDS)
    try:
        await asyncio.wait_for(action(), STEP_SECONDS)
    except (AppStoppedAnswering, asyncio.TimeoutError) as error:
        raise AssertionError(f"the app stopped answering: {what}") from error
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    assert app.is_running and app._exception is None, what


def press(app, pilot, *keys):
    """Keys by Pilot, which returns once the app is idle (for keys with no section to wait for)."""
    return step(app, pilot, lambda: pilot.press(*keys), "press " + " ".join(keys))


async def key_until(app, pilot, key: str, shows: str, what: str, also=lambda: True) -> None:
    """Deliver a key as the terminal driver does and wait until the reader shows section `shows`
    (and `also()` holds: the hit or the result the key moves to)."""
    async def wait():
        app._driver.send_message(events.Key(key, KEYS[key]))
        try:
            await asyncio.wait_for(_until(lambda: app.reader.view.key == shows and also()), SHOW_SECONDS)
        except asyncio.TimeoutError:
            pass   # the check below says what is shown instead

    await step(app, pilot, wait, what)
    check_sees(app, shows, what)


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.002)


def screen_text(widget) -> str:
    lines = widget.render_lines(Region(0, 0, widget.outer_size.width, 1))
    return "".join(segment.text for segment in lines[0]).strip()


def check_sees(app, key: str | None, where: str) -> None:
    """The reader shows `key`; the breadcrumb, where visible, ends with its title."""
    view = app.reader.view
    assert view is not None, where
    if key is not None:
        assert view.key == key, where
    crumb = app.query_one("#crumb")
    if not crumb.region.width:           # one column showing the tree: no crumb on screen
        return
    shown = screen_text(crumb)
    parts = view.title.split(PATH_SEPARATOR)
    last = parts[-1]
    size = f"{app.size.width}×{app.size.height}"
    assert shown, (where, size)
    assert not shown.endswith("›"), (where, size, shown)
    if cell_len(last) <= crumb.content_size.width:
        assert shown.endswith(last), (where, size, shown)
    else:
        assert shown.endswith(ELLIPSIS) and last.startswith(shown[:-1]), (where, size, shown)
    lead, tail = fit_path(parts, crumb.content_size.width)
    assert shown == (lead + tail).strip(), (where, size, shown)   # fitted to the width it has now


def node_keys(app) -> list[str]:
    return app.tree.ordered_keys()


async def walk_tree(app, pilot, where, back=False):
    if app.size.width < 72:
        await press(app, pilot, "t")          # narrow: t goes to the tree
    else:
        await step(app, pilot, lambda: _focus(app, "tree"), "focus the tree")
    keys = node_keys(app)
    app.tree.move_cursor(app.tree.nodes_by_key[keys[0]])
    await pilot.pause()
    for index, key in enumerate(keys[1:], 1):
        await key_until(app, pilot, "j", key, f"{where}: tree j onto {index}")
    if back:
        for index in range(len(keys) - 2, -1, -1):
            await key_until(app, pilot, "k", keys[index], f"{where}: tree k onto {index}")
    await press(app, pilot, "escape")
    check_sees(app, None, f"{where}: back to the reader")


async def _focus(app, pane):
    app.focus_pane(pane)


async def walk_sections(app, pilot, where, back=False):
    await press(app, pilot, "escape")
    keys = node_keys(app)
    app.open_key(keys[0])
    for index, key in enumerate(keys[1:], 1):
        await key_until(app, pilot, "right_square_bracket", key, f"{where}: ] onto {index}")
    if back:
        for index in range(len(keys) - 2, -1, -1):
            await key_until(app, pilot, "left_square_bracket", keys[index], f"{where}: [ onto {index}")


async def search(app, pilot, query, where):
    await press(app, pilot, "slash")
    await press(app, pilot, "ctrl+a", "ctrl+k", *query)
    await step(app, pilot, lambda: settle(pilot, app), f"{where}: search {query}")
    await step(app, pilot, lambda: until(pilot, lambda: app.results is not None and app.results.query.raw == query),
               f"{where}: results of {query}")
    assert app.results is not None and app.results.query.raw == query, where


async def walk_results(app, pilot, query, where, limit=None):
    await search(app, pilot, query, where)
    hits = app.results.hits[:limit]
    for rank, hit in enumerate(hits[1:], 1):    # the top result is highlighted already
        await key_until(app, pilot, "down", hit.section_id, f"{where}: preview of result {rank} for {query}",
                        also=lambda: app.results_list.highlighted == rank)


async def walk_hits(app, pilot, query, where, back=False, limit=None):
    await search(app, pilot, query, where)
    await press(app, pilot, "escape")
    occurrences = app.results.occurrence_list()[:limit]
    app.open_key(node_keys(app)[0])
    # n from the first section goes to the first hit, then on; N goes back the same way.
    order = list(range(len(occurrences))) + (list(range(len(occurrences) - 2, -1, -1)) if back else [])
    for number, index in enumerate(order):
        key = "n" if number < len(occurrences) else "N"
        section = app.corpus.block(occurrences[index][0]).section.id
        await key_until(app, pilot, key, section, f"{where}: {key} to hit {index} for {query}",
                        also=lambda: app.hit_index == index)
        assert app.hit_index == index, where


def make_app(corpus):
    return TanwenApp(corpus, build_index=False, keymap={})


# (size, keys that set the panes up, routes). Together: every route at every size, each side
# pane on and off; the ways back ([, k, N) and the long 创新 walks once each, to keep it quick.
WALKS = {
    "120x35": ((120, 35), [], ["tree", "sections", "results", "hits back", "results 创新"]),
    "120x35-no-side-panes": ((120, 35), ["t", "f", "escape"], ["sections", "hits 创新"]),
    "80x24": ((80, 24), [], ["tree", "sections", "results", "hits"]),
    "80x24-figures": ((80, 24), ["f"], ["sections", "tree back", "results 创新"]),
    "60x20": ((60, 20), [], ["tree", "sections", "results", "hits"]),
    "60x20-figures": ((60, 20), ["f"], ["sections back", "results"]),
}


@pytest.mark.parametrize("name", list(WALKS))
async def test_walk(name, corpus, watchdog):
    size, setup, routes = WALKS[name]
    app = make_app(corpus)
    async with app.run_test(size=size) as pilot:
        await step(app, pilot, lambda: settle(pilot, app), "start")
        for key in setup:
            await press(app, pilot, key)
        for route in routes:
            where = f"{name} {route}"
            if route.startswith("tree"):
                await walk_tree(app, pilot, where, back=route.endswith("back"))
            elif route.startswith("sections"):
                await walk_sections(app, pilot, where, back=route.endswith("back"))
            elif route == "results":
                await walk_results(app, pilot, "天开", where)
            elif route == "results 创新":
                await walk_results(app, pilot, "创新", where, limit=12)
            elif route.startswith("hits 创新"):
                await walk_hits(app, pilot, "创新", where, limit=40)
            elif route.startswith("hits"):
                await walk_hits(app, pilot, "天开", where, back=route.endswith("back"))


async def test_walk_by_palette_and_resizes(corpus, watchdog):
    """Every section from the command palette, the size changing between openings (the figures
    pane shown at 80×24, as in the freeze); then resizes on a nested section."""
    from textual.command import CommandList

    app = make_app(corpus)
    sizes = [(80, 24), (60, 20), (120, 35)]
    async with app.run_test(size=(80, 24)) as pilot:
        await step(app, pilot, lambda: settle(pilot, app), "start")
        await press(app, pilot, "f")
        # f at 80×24: the figures take the tree's place; the reader keeps its width.
        assert app.figures_pane.region.width > 0 and app.reader.region.width >= READER_MIN_WIDTH
        keys = node_keys(app)
        for number, key in enumerate(keys):
            size = sizes[number * len(sizes) // len(keys)]       # a third of them at each size
            if app.size != size:
                await step(app, pilot, lambda: pilot.resize_terminal(*size), f"resize to {size}")
            item = app.corpus.section(key) or next(a for a in app.corpus.articles if a.id == key)
            title = " ".join((item.label if hasattr(item, "label") else item.title).split())
            await press(app, pilot, "ctrl+p")

            async def choose():
                app._driver.send_message(events.Paste(title))     # typed in one go, as pasted
                while True:                                        # until the list shows it
                    await pilot.pause(0.01)
                    options = app.screen.query_one(CommandList)
                    prompts = [str(options.get_option_at_index(i).prompt).split("\n")
                               for i in range(options.option_count)]
                    # A section's entry shows its id under its path; an article's, its file.
                    wanted = [i for i, lines in enumerate(prompts)
                              if lines[-1] == key or lines[0] == f"Open article: {title}"]
                    if wanted and options.highlighted is not None:
                        return wanted[0] - options.highlighted

            async def choose_and_open():
                for _ in range(await choose()):                    # ↓ to it, as a person would
                    await pilot.press("down")
                await pilot.press("enter")

            await step(app, pilot, choose_and_open, f"palette: {title}")
            check_sees(app, key, f"palette at {size}: {title}")
        # Resizes on the deepest section: the crumb follows each width.
        deepest = max(node_keys(app), key=lambda k: app.corpus.section(k).path.__len__() if app.corpus.section(k) else 0)
        app.open_key(deepest)
        for size in [(60, 20), (200, 50), (30, 8), (110, 30), (80, 24), (120, 35)]:
            await step(app, pilot, lambda: pilot.resize_terminal(*size), f"resize to {size}")
            check_sees(app, deepest, f"resized to {size}")
            if size in ((80, 24), (120, 35)):    # a side pane shown or hidden changes the crumb's width
                for key in ("t", "f", "escape"):
                    await press(app, pilot, key)
                    check_sees(app, deepest, f"{key} at {size}")
