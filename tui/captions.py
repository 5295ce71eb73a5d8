"""A photo caption as text to copy: what is printed under the photo, without the number the
article lists it by."""

from __future__ import annotations

import re

# "1. ", "2、", "(3)", "４．" before a caption: the caption's place in the article's list of photos.
_LIST_NUMBER = re.compile(r"^\s*(?:[0-9０-９]{1,3}\s*[.、．](?![0-9０-９])|[(（][0-9０-９]{1,3}[)）])\s*")


def caption_text(text: str) -> str:
    """`text` without a leading list number (`1. 智能水平…` → `智能水平…`); unchanged otherwise."""
    stripped = _LIST_NUMBER.sub("", text, count=1)
    return stripped if stripped.strip() else text
