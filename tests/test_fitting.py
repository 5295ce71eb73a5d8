"""Text fitting: every width from 1 to 200, on short, long, Latin and CJK paths."""

import pytest
from rich.cells import cell_len

from tanwen.tui.fitting import ELLIPSIS, PATH_SEPARATOR, fit_path, truncate_cells

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
