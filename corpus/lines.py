"""What a single line of an article is: a byline, a photo credit, a caption, a summary
bullet, an image number, a list item or option, a separator, a title — or plain text.

Every rule matches on the fold (`normalize.fold`: traditional = simplified, full width =
half width), so `記者 黃志強` is a byline as `记者 黄志强` is. The patterns are written in
the folded form: half-width brackets and punctuation, simplified characters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tanwen.corpus.model import BlockKind
from tanwen.corpus.normalize import fold

IMAGE = re.compile(r"^(?:\d{1,3}|!\[[^\]]*\]\([^)]*\))$")
BULLET_MARKS = "●•◆◇▶►"
LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)、])[ \t]")
# A command-line option at the start of a line: `-a, --all`, `--color=WHEN`.
OPTION = re.compile(r"^--?[a-z][\w-]*(?:[ ,=\[]|$)")
# A line of one repeated mark between items (fortune files' `%`, `***`, `===`).
SEPARATOR = re.compile(r"^([%=~*_\-#·])(?:[ \t]*\1)*$")
# Clause punctuation never occurs in a byline or a credit; sentences have it.
SENTENCE_PUNCT = re.compile(r"[。,;!?]")
BYLINE = re.compile(r"记者|通讯员|特约撰稿|撰稿人|^文/|^作者:")
# A photo credit: `摄/`, `/摄`, `… 摄`, `本版摄影 …`, `(新华社记者刘前刚摄)` — whatever else it holds.
CREDIT = re.compile(r"摄影|摄[ \t]*/|/[ \t]*摄|摄[)\]】]?$|供图|图片来源|^图/")
CAPTION_LEAD = re.compile(r"^(?:左图|右图|上图|下图|中图|图为|图\d{0,2}[:.、])")
NUMBERED = re.compile(r"^\d{1,2}[.、]")
PHOTO_DATE = re.compile(r"[(][^()]{0,40}摄[)][。.]?$")
# A paragraph ending in one of these is complete; ending in anything else, it was cut.
TERMINAL = set("。!?…;:—」』”’\"')】.")
# A line ending in one of these ends a sentence (a comma or colon does not).
SENTENCE_END = re.compile(r"[。!?…」』”][)】]?$")
INDENT = (" ", "\u3000", "\u00a0")
# A chapter line of a novel or a long document: 第一章 出发, 第12回.
CHAPTER = re.compile(r"^第[0-9零〇一二三四五六七八九十百千两]+[章节回卷部篇集]")


@lru_cache(maxsize=1024)
def folded(text: str) -> str:
    """`fold(text)`, remembered: one line is read by several rules in turn (its facts, title,
    chapter, subtitle, the joining of paragraphs), and folding costs ~0.1 µs a character."""
    return fold(text)


def is_word_char(char: str) -> bool:
    """A Latin letter or digit: lines and paragraphs of them join with a space."""
    return char.isascii() and char.isalnum()


def is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def classify_line(line: str) -> BlockKind | None:
    """The kind of block a stripped line starts, if it is not ordinary text."""
    return _kind(*_ends(line))


# Every line rule looks at most this far into a line from either end: a long line is folded
# there only (a fold of a whole long line costs numpy and its table).
_END = 60


def _ends(line: str) -> tuple[str, str, int]:
    """The folded head and tail of a line, and its length (head and tail are the whole
    line when it is short)."""
    if len(line) <= _END:
        whole = folded(line)
        return whole, whole, len(line)
    return folded(line[:_END]), folded(line[-_END:]), len(line)


def _kind(head: str, tail: str, length: int) -> BlockKind | None:
    if IMAGE.match(head if length <= _END else tail):
        return BlockKind.IMAGE
    short_fragment = length <= 40 and not SENTENCE_PUNCT.search(head)
    if short_fragment and CREDIT.search(head):
        return BlockKind.CREDIT
    if short_fragment and BYLINE.search(head):
        return BlockKind.BYLINE
    if head[0] in BULLET_MARKS and length > 1:
        return BlockKind.SUMMARY
    if CAPTION_LEAD.match(head) or (PHOTO_DATE.search(tail)
                                    and (NUMBERED.match(head) or length <= 120)):
        return BlockKind.CAPTION
    return None


@dataclass(frozen=True)
class LineFacts:
    """What one stripped line of a paragraph is, read from one fold of its ends."""

    kind: BlockKind | None     # a block kind of its own (byline, credit, caption…), if any
    item: bool                 # a list item or a command-line option
    separator: bool            # a line of one repeated mark
    ends_sentence: bool
    chapter: bool              # a chapter title line (第一章 出发)


# Past the length of a byline, a credit or a chapter title, a line is anything but text only
# by its first character (a list or bullet mark, a digit, `!`, a separator mark, a caption's
# 左图/图…) or by a closing bracket at its end (a bracketed photo date, an image link): when
# neither is there, nothing else of it needs folding. (Every rule of `_kind`, `_starts_item`
# and SEPARATOR that can hold on a line over 40 characters is anchored at one of its ends.)
_SHORT = 40
_MARKED_START = re.compile(f"[\\d!*+%=~_#·\\-左右上下中图{BULLET_MARKS}]")
_PLAIN_LINE = {ends: LineFacts(None, False, False, ends, False) for ends in (False, True)}


def line_facts(line: str) -> LineFacts:
    if len(line) > _SHORT:
        last = folded(line[-2:])
        if ")" not in last and _MARKED_START.match(folded(line[0])) is None:
            return _PLAIN_LINE[SENTENCE_END.search(last) is not None]
    return _facts_from_ends(line)


def _facts_from_ends(line: str) -> LineFacts:
    """Every rule, on the folded ends of the line."""
    head, tail, length = _ends(line)
    separator = SEPARATOR.match(head if length <= _END else line) is not None
    return LineFacts(_kind(head, tail, length), _starts_item(head), separator,
                     SENTENCE_END.search(tail[-2:]) is not None,
                     CHAPTER.match(head) is not None and reads_as_title(line))


def is_chapter(line: str) -> bool:
    return CHAPTER.match(folded(line[:12])) is not None and reads_as_title(line)


def _starts_item(folded_line: str) -> bool:
    return LIST_ITEM.match(folded_line) is not None or OPTION.match(folded_line) is not None


_ITEM_START = re.compile(r"[-*+\d]")


def starts_item(line: str) -> bool:
    """A list item (`- …`, `1. …`, `1、…`) or a command-line option (`-a, --all`)."""
    return _ITEM_START.match(folded(line[:1])) is not None and _starts_item(folded(line[:40]))


def is_cut(text: str) -> bool:
    """True when a paragraph stops mid-sentence."""
    return bool(text) and folded(text[-1]) not in TERMINAL


def reads_as_title(text: str) -> bool:
    """Short, no sentence inside it, no closing punctuation: a title or a subtitle."""
    if not 0 < len(text) <= 40:
        return False
    line = folded(text)
    return (not SENTENCE_PUNCT.search(line) and line[-1] not in TERMINAL
            and _kind(line, line, len(line)) is None and not _starts_item(line)
            and SEPARATOR.match(line) is None)
