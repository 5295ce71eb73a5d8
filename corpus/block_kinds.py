"""The kinds of block an article is laid out into.

Apart from the rest of the model (`corpus.model`, which re-exports it): the index stores a
block's kind as its place in this list, and a search reads that list without importing
the model's classes.
"""

from __future__ import annotations

from enum import Enum


class BlockKind(str, Enum):
    TITLE = "title"          # an article's title, e.g. the heading of an inserted title box
    HEADING = "heading"      # a section's heading line
    SUBTITLE = "subtitle"    # the line under a heading that starts with ——
    SUMMARY = "summary"      # a ● summary bullet
    BODY = "body"            # a paragraph of running text
    CAPTION = "caption"      # a photo caption (numbered, 左图/右图 …)
    CREDIT = "credit"        # a photo credit (… 摄/…, 本版摄影 …)
    BYLINE = "byline"        # 记者 胡晓伟, ■《瞭望》新闻周刊记者
    IMAGE = "image"          # a lone image number or an image placeholder
    CODE = "code"            # a code block (fenced or indented): lines kept as they are

    @property
    def has_figures(self) -> bool:
        """Whether figures are read from blocks of this kind (not image numbers or code)."""
        return self not in (BlockKind.IMAGE, BlockKind.CODE)

    def __str__(self) -> str:
        return self.value
