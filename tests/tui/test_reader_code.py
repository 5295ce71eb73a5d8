"""Code in the reader: shown as code — its own colour, one screen line per source line, no gaps."""

from rich.color import Color

from tanwen.corpus import BlockKind, load_corpus
from tanwen.tui.app import TanwenApp

from tui_support import settle

DOC = ("# 安装\n\n先更新软件包索引，再安装。\n\n```sh\n# apt-get update\n"
       "# apt-get install tanwen\nif true; then\n    echo 你好\nfi\n```\n")


async def test_a_code_block_keeps_its_lines_and_has_its_own_colour(write_corpus):
    corpus = load_corpus(write_corpus({"install.md": DOC}))
    app = TanwenApp(corpus, build_index=False, keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, app)
        code = next(b for b in corpus.blocks() if b.kind is BlockKind.CODE)
        body = next(b for b in corpus.blocks() if b.kind is BlockKind.BODY)
        app.open_key(code.section.id)
        await pilot.pause()
        reader = app.reader
        screen, rows = {}, []
        for y in range(reader.size.height):
            segments = [(s.text, s.style) for s in reader.render_line(y)]
            rows.append("".join(text for text, _ in segments).strip())
            screen[rows[-1]] = segments
        # Each code line on a screen line of its own, the lines set tight, indentation kept.
        first = rows.index("# apt-get update")
        assert rows[first + 1] == "# apt-get install tanwen", rows
        raw = ["".join(s.text for s in reader.render_line(y)) for y in range(reader.size.height)]
        if_line = next(line for line in raw if "if true" in line)
        echo_line = next(line for line in raw if "echo" in line)
        assert echo_line.index("echo") == if_line.index("if") + 4, (if_line, echo_line)

        def colour(line, probe):
            style = next(style for text, style in screen[line] if probe in text)
            return Color.get_truecolor(style.color)

        assert colour("# apt-get update", "apt") != colour(body.text, "先")
