"""Strings from the user's disk made safe to print: file and folder names, `meta.json` values,
headings, article text.

A name can hold anything a file system allows: escape sequences (a clipboard write through
OSC 52, a title change, a screen clear), C1 controls that some terminals obey as CSI, bidi
overrides that reorder what the reader sees, bytes that are not UTF-8 (a GBK name from a zip
made on Windows). `printable()` is the one sanitiser: every control character becomes a
visible symbol one for one (so offsets into the text stay valid), and a name's undecodable
bytes are decoded with the likely encoding. No UI imports: the corpus, the index and every
front end use it.
"""

from __future__ import annotations

import json
import re

# C0 and C1 controls, DEL, and the bidi embeddings, overrides, isolates and marks.
_BIDI_CLASS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_CLASS}]")
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CLASS}\ud800-\udfff]")
_UNSAFE_IN_JSON = re.compile(f"[\x7f-\x9f{_BIDI_CLASS}\ud800-\udfff]")   # json escapes C0 itself
# What `os.fsdecode` makes of bytes that are not UTF-8 (PEP 383 surrogate escapes).
_SURROGATES = re.compile("[\udc80-\udcff]")


def _symbol(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)          # ␀ … ␟, the Unicode control pictures (ESC is ␛)
    if code == 0x7F:
        return "\u2421"                    # ␡
    return "\ufffd"                        # C1, bidi controls, stray surrogates: �


def printable(text: str, *, multiline: bool = False) -> str:
    """`text` with nothing in it that can act on a terminal or reorder the line.

    One line (a name, a heading, a `meta.json` value): surrogate-escaped bytes are decoded
    (`readable_name`), then every control, newlines and tabs included, becomes a visible
    symbol. `multiline` (article text): newlines and tabs stay, and every replacement is one
    character for one, so offsets into the text (search hits) stay valid.
    """
    if multiline:
        return _UNSAFE_IN_TEXT.sub(_symbol, text) if _UNSAFE_IN_TEXT.search(text) else text
    if _SURROGATES.search(text):
        text = readable_name(text)
    return _UNSAFE.sub(_symbol, text) if _UNSAFE.search(text) else text


def readable_name(name: str) -> str:
    """A file name as a person reads it: its raw bytes decoded as UTF-8, else as GB18030/GBK
    (what zips made on Chinese Windows hold), else with the odd bytes shown as `\\xNN`."""
    if not _SURROGATES.search(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        decoded = raw.decode("gb18030")
    except UnicodeDecodeError:
        decoded = ""
    if decoded and all(c.isprintable() for c in decoded):
        return decoded
    return raw.decode("utf-8", "backslashreplace")


def json_line(record: object) -> str:
    """One JSON line with every character kept, yet safe to print: C1 and bidi controls are
    written as \\u escapes (json escapes C0 itself), which any JSON reader turns back."""
    text = json.dumps(record, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
