"""Text fitting: every width from 1 to 200, on short, long, Latin and CJK paths."""

import pytest
from rich.cells import cell_len

from tanwen.tui.fitting import ELLIPSIS, PATH_SEPARATOR, Field, fit_fields, fit_path, truncate_cells

PATHS = [
    ["天开实践 打造新质生产力"],
    ["创新天津 动能澎湃", "天开实践 打造新质生产力", "整体跃升：科技创新“关键变量”转化为高质量发展“最大增量”"],
    ["《瞭望》2025年第45期 —— 在发展新质生产力上勇争先、善作为", "牢记嘱托 善作善成", "(untitled)", "R&D"],
    ["a", "b", "c", "d", "e", "f", "g"],
    ["", "x"],
    ["A very long Latin title that goes on and on", "and a long section", "end"],
]


@pytest.mark.parametrize("parts", PATHS)
def test_fit_path_fits_every_width_and_keeps_the_end(parts):
    for width in range(0, 201):
        lead, last = fit_path(parts, width)
        shown = lead + last
        assert cell_len(shown) <= width, (width, shown)
        if width and parts[-1]:
            assert last, (width, shown)                   # the current section always shows
        if cell_len(PATH_SEPARATOR.join(parts)) <= width:
            assert shown == PATH_SEPARATOR.join(parts)    # nothing cut when it fits
        elif last == parts[-1] and lead:
            assert lead.startswith(ELLIPSIS) or lead.startswith(parts[0])
            assert lead.endswith(PATH_SEPARATOR)           # never a bare trailing part
        assert not shown.endswith("›")


@pytest.mark.parametrize("text", ["天开实践 打造新质生产力", "R&D经费投入强度3.44%", "", "abc"])
def test_truncate_cells_fits_every_width(text):
    for width in range(0, 201):
        cut = truncate_cells(text, width)
        assert cell_len(cut) <= width
        if cell_len(text) <= width:
            assert cut == text
        elif width:
            assert cut.endswith(ELLIPSIS) and text.startswith(cut[:-1])


STATUS = [Field("我的新闻 corpus", "bold", rank=2), Field("2 articles · 17 sections", "dim", rank=3, short="17 §"),
          Field("hit 16 of 91", "bold", separator="  │  "), Field("53 blocks", rank=2),
          Field("4.3 ms", "dim", rank=4), Field("scan", "dim", rank=3),
          Field("figures of results", rank=1, short="figs: results", separator="  │  "),
          Field("indexing 45%…", "italic", rank=1, separator="  │  ")]
SUMMARY = [Field("53 blocks", "bold"), Field("91 hits", "bold", rank=1), Field("top 100 listed", rank=3, short="top 100"),
           Field("↑↓ choose · enter open · n/N step", rank=4, short="↑↓ enter n/N", separator="  ")]
HEADER = [Field("77 figures", "bold"), Field("0 captions", rank=2, short="0 cap."),
          Field("of search results", "bold", rank=1, short="of results")]
NO_MATCHES = [Field("no matches", "bold"), Field('for "天开实践 打造新质生产力策源地"', rank=2, separator=" ")]


@pytest.mark.parametrize("fields", [STATUS, SUMMARY, HEADER, NO_MATCHES], ids=["status", "summary", "header", "none"])
def test_fit_fields_fits_every_width(fields):
    kept = [f for f in fields if f.rank == 0]
    for width in range(0, 201):
        line = fit_fields(fields, width).plain
        assert cell_len(line) <= width, (width, line)
        assert not line.startswith((" ", "·", "│")) and not line.rstrip(ELLIPSIS).endswith((" ", "·", "│")), (width, line)
        # What must stay (rank 0) is whole, in its long or short form, whenever it fits alone.
        if sum(cell_len(f.short or f.text) for f in kept) + 5 * (len(kept) - 1) <= width:
            for field in kept:
                assert field.text in line or (field.short and field.short in line), (width, line)
        # Fields keep their order.
        found = [line.find(f.text) for f in fields if f.text in line]
        assert found == sorted(found), (width, line)
        if width >= cell_len(fit_fields(fields, 10**6).plain):
            assert ELLIPSIS not in line.replace("indexing 45%…", "")    # nothing cut when it all fits


@pytest.mark.parametrize("text", ["一二三四五六七八九十" * 5 + "新质生产力" + "甲乙丙丁" * 10,
                                  "R&D经费投入强度达到3.44%", "新质生产力", "abc 新质生产力 def " * 8])
def test_results_snippet_fits_every_width(text):
    from tanwen.tui.fitting import snippet

    start = text.index("新质生产力") if "新质生产力" in text else 0
    spans = [(start, start + 5)] if "新质生产力" in text else []
    for width in range(4, 201):      # the list never asks for fewer than 4 cells
        line = snippet(text, spans, width, "bold")
        assert cell_len(line.plain) <= width, (width, line.plain)
        if spans and width >= 16:    # room for the match and the … around it
            assert "新质生产力" in line.plain, (width, line.plain)


@pytest.mark.parametrize("text", ["前文\t" * 30 + "新质生产力" + "后\x1b[31m文" * 40,
                                  "ab\n新质生产力\u202e" + "一" * 7 + "x" * 9,
                                  "新质生产力", "", "abc 新质生产力 def " * 8, "一二\t三" * 50])
def test_the_plain_snippet_is_the_styled_snippets_text(text):
    """The command line prints `snippet_text` into a pipe, the app and a terminal `snippet`:
    one line, cut the same way, whatever the text holds (tabs, controls, wide characters)."""
    from tanwen.tui.cells import snippet_text
    from tanwen.tui.fitting import snippet

    for spans in ([], [(m, m + 5) for m in range(len(text)) if text.startswith("新质生产力", m)],
                  [(len(text) // 2, len(text) // 2 + 1)] if text else []):
        for width in range(0, 130):
            assert snippet_text(text, spans, width) == snippet(text, spans, width, "bold").plain, (
                spans, width)
