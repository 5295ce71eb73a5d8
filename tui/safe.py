"""Article text is data: helpers that turn it into something the screen shows literally.

The loader already drops escape sequences and control characters, but the UI does not rely on
that alone: every piece of corpus text goes through `clean()` (length-preserving, so search
offsets stay valid) and reaches widgets as a `rich.text.Text`, never as a markup string.
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)          # ␀ … ␟, the Unicode control pictures
    if code == 0x7F:
        return "\u2421"                    # ␡
    return "\ufffd"                        # C1 controls


def clean(text: str) -> str:
    """`text` with control characters (tab and newline excepted) replaced one for one by a
    visible symbol, so nothing in it can act on the terminal and offsets do not move."""
    return _CONTROL.sub(_picture, text) if _CONTROL.search(text) else text


def plain(text: str, style: str = "") -> Text:
    """Corpus text as a Text that is never parsed for markup."""
    return Text(clean(text).replace("\t", " "), style=style, end="")
