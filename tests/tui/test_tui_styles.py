"""What the reader and the tree look like: the styles of the rendered segments, in both themes.

Colours are compared as a person sees them: a muted kind (caption, credit, byline, image) stands
out from the background less than body text does; a heading or a subtitle has its own colour.
"""

import re

import pytest
from rich.color import Color

from tanwen.corpus import load_corpus
from tanwen.corpus.model import BlockKind
from tanwen.tui.app import TanwenApp

from tui_support import settle

THEMES = ["textual-dark", "textual-light"]

# kind → (bold, italic, colour: "own" differs from body, "muted" less contrast than body)
LOOKS = {
    BlockKind.TITLE: (True, False, "own"),
    BlockKind.HEADING: (True, False, "own"),
    BlockKind.SUBTITLE: (False, True, "own"),
    BlockKind.CAPTION: (False, True, "muted"),
    BlockKind.CREDIT: (False, False, "muted"),
    BlockKind.BYLINE: (False, True, "muted"),
    BlockKind.IMAGE: (False, False, "muted"),
}


def _rgb(color: Color):
    return color.get_truecolor()


def _contrast(style) -> int:
    fg, bg = _rgb(style.color), _rgb(style.bgcolor)
    return sum(abs(a - b) for a, b in zip(fg, bg))


def first_block(corpus, kind):
    return next(block for block in corpus.blocks() if block.kind is kind)


async def rendered(pilot, app, block):
    """The segments of the block's first line on screen: [(text, style)]."""
    app.open_key(block.section.id)
    reader = app.reader
    reader.scroll_to_offset(block.id, 0)
    await pilot.pause()
    y = reader.line_of_offset(block.id, 0) - round(reader.scroll_y)
    return [(seg.text, seg.style) for seg in reader.render_line(y) if seg.text.strip()]


def style_of(segments, chars):
    """The style of the first segment holding any of `chars`."""
    found = [style for text, style in segments if any(c in text for c in chars)]
    assert found, (chars, segments)
    return found[0]


@pytest.mark.parametrize("theme", THEMES)
async def test_each_block_kind_has_its_look_with_and_without_hits(theme):
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        app.theme = theme
        await settle(pilot, app)
        corpus = app.corpus
        body_block = first_block(corpus, BlockKind.BODY)
        for with_hits in (False, True):
            for kind, (bold, italic, colour) in LOOKS.items():
                block = first_block(corpus, kind)
                text = block.text.strip()
                # A hit on the block's first line (an image block is all hit: its 图 prefix is checked).
                han = re.search(r"[\u4e00-\u9fff]{2}", text[1:])
                query = han.group() if han and kind is not BlockKind.IMAGE else text
                if with_hits:
                    app.search_now(query)
                    await settle(pilot, app)
                    assert block.id in app.results.matches, (kind, query)
                body = style_of(await rendered(pilot, app, body_block), body_block.text[:1])
                segments = await rendered(pilot, app, block)
                probe = "图" if kind is BlockKind.IMAGE else text[:1]
                look = style_of(segments, probe)
                where = (theme, with_hits, kind.value, probe)
                assert bool(look.bold) is bold, where
                assert bool(look.italic) is italic, where
                assert look.bgcolor == body.bgcolor, where            # no block paints its own background
                if colour == "own":
                    assert _rgb(look.color) != _rgb(body.color), where
                else:
                    assert _contrast(look) < _contrast(body), where   # dimmer, never brighter
                if with_hits and kind is not BlockKind.IMAGE:
                    hit = [style for part, style in segments if part == query]
                    assert hit and hit[0].underline and hit[0].bold, (where, segments)
            app.search_now("")
            await settle(pilot, app)
        # Body text itself is not bold or italic.
        body = style_of(await rendered(pilot, app, body_block), body_block.text[:1])
        assert not body.bold and not body.italic


@pytest.mark.parametrize("theme", THEMES)
async def test_sections_without_hits_are_dimmed_in_the_tree(theme):
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        app.theme = theme
        await settle(pilot, app)
        app.search_now("天开")
        await settle(pilot, app)
        tree = app.tree
        lines = {}
        for y in range(tree.size.height):
            segments = [(s.text, s.style) for s in tree.render_line(y)]
            lines["".join(text for text, _ in segments)] = segments
        def label_style(label):
            line = next(segs for text, segs in lines.items() if label in text)
            return next(style for text, style in line if label[:2] in text)
        with_hits = label_style("天开实践")
        without = label_style("逆势走强")
        assert app.tree.count_of(app.corpus.articles[1].sections[0].children[0].children[0].id)
        assert _contrast(without) < _contrast(with_hits), theme
