"""Article text is data: helpers that turn it into something the screen shows literally.

The loader already drops escape sequences, control and bidi characters, but the UI does not rely on
that alone: every piece of corpus text goes through `clean()` (length-preserving, so search
offsets stay valid) and reaches widgets as a `rich.text.Text`, never as a markup string.
"""

from __future__ import annotations

from rich.text import Text

from tanwen.corpus.printable import printable


def clean(text: str) -> str:
    """`text` with control and bidi characters (tab and newline excepted) replaced one for one
    by a visible symbol, so nothing in it can act on the terminal and offsets do not move."""
    return printable(text, multiline=True)


def plain(text: str, style: str = "") -> Text:
    """Corpus text as a Text that is never parsed for markup."""
    return Text(clean(text).replace("\t", " "), style=style, end="")
