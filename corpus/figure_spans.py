"""Where the figures of a text are, as (start, end) offsets: what the reader keeps whole on a
line (tui.cjk_wrap).

Finding them runs the figure extractor, whose patterns take a tenth of a second to compile,
over every paragraph a section shows. The built-in corpus' spans are kept with its prepared
form (corpus.prepared) and handed here when it is read back, so a start shows its first
section without the extractor; any other text is extracted on first use, then cached.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

Spans = tuple[tuple[int, int], ...]

_known: dict[str, Spans] = {}


def remember(spans: dict[str, Spans]) -> None:
    """Spans found earlier (by `spans_of`), by text: `figure_spans` answers them without the extractor."""
    _known.update(spans)


def known(texts: Iterable[str]) -> bool:
    """Whether every one of `texts` has its spans remembered."""
    return all(text in _known for text in texts)


@lru_cache(maxsize=4096)     # a text is wrapped again at every width
def figure_spans(text: str) -> Spans:
    """The spans of the figures the extractor finds in `text` (the figures pane's figures)."""
    spans = _known.get(text)
    if spans is not None:
        return spans
    from tanwen.corpus.figures import extract_text

    try:
        return tuple((figure.start, figure.end) for figure in extract_text(text))
    except Exception:   # a text the extractor fails on is still shown, wrapped as plain text
        return ()


def spans_of(texts: Iterable[str]) -> dict[str, Spans]:
    """Each text's spans, to keep and `remember` later."""
    return {text: figure_spans(text) for text in texts}
