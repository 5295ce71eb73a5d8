"""Reading the context of figures in traditional-character text.

The words `context` and `metric` look for (增长, 同比, 达到, 其中 …) are simplified. A block in
traditional characters (`has_traditional`) is read in its folded twin (the figure fold,
per character, so every offset is the same), and what that reading returns — metrics and
sentences, pieces of the twin — is put back in the characters the article prints
(`as_printed`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache


@lru_cache(maxsize=1)
def _has_traditional() -> Callable[[str], bool]:
    from tanwen.corpus.figures.patterns import contains_any
    from tanwen.corpus.normalize import traditional_to_simplified

    return contains_any(traditional_to_simplified())


def has_traditional(text: str) -> bool:
    """Whether `text` holds a character the traditional → simplified table changes."""
    return _has_traditional()(text)


def as_printed(context: tuple, reading: str, text: str) -> tuple:
    """A (direction, metric, period, sentence) read in `reading` (the folded twin of
    `text`), with the metric and the sentence as `text` prints them where they are a piece
    of it (a metric joined from pieces around a date stays simplified)."""
    direction, metric, period, sentence = context
    return direction, _printed(metric, reading, text), period, _printed(sentence, reading, text)


def _printed(piece: str | None, reading: str, text: str) -> str | None:
    if not piece:
        return piece
    at = reading.find(piece)
    if at >= 0:
        return text[at:at + len(piece)]
    # Joined from pieces (臺北市 + 共發生火災, a date between them left out): each character
    # where it next stands in the reading, after the first piece's start.
    positions, cursor = [], reading.find(piece[0])
    for char in piece:
        cursor = reading.find(char, cursor)
        if cursor < 0:
            return piece
        positions.append(cursor)
        cursor += 1
    return "".join(text[position] for position in positions)
