"""A figure as text to paste: the bare value, a quote, or a citation.

    value     超400家
    quote     “2024年，天津研究与试验发展(R&D)经费投入强度达到3.44%，同比提高0.1个百分点。”
    citation  the quote, then ——《title》，publication and issue，section，byline

A quote is the whole sentence that holds the figure, exactly as the article prints it —
never cut at the next figure, never given punctuation it does not have. The quotation marks
are ours; what is between them is the article's text, except for one kind of insertion set
off in square brackets the way editors mark their own words: the year a relative year
stands for, where the article states its date (`今年[2025年]上半年`). A sentence that opens
or closes a quotation is widened to the other mark, so that quotation marks stay paired.
"""

from __future__ import annotations

import re

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures.period import article_year
from tanwen.corpus.figures.record import Figure
from tanwen.corpus.model import SectionRole

RENDER_STYLES: tuple[str, ...] = ("value", "quote", "citation")
_LIST_MARKER = re.compile(r"\d{1,2}[.．、]\s*")
_LEADING = " \t\n\u3000●•"
# 今年 去年 前年 明年 本年 上年, but not 以上年龄 or 三年前年初: the character before decides.
_RELATIVE_YEAR = re.compile(r"(?<![以向北晚两三四五六七八九十几多年])[今去前明本上]年")
# How far a quotation is followed to find its other mark; a longer one is quoted unpaired.
MAX_QUOTATION = 400
OPEN_MARK, CLOSE_MARK = "“", "”"
INSERTION = re.compile(r"\[(?:19|20)\d\d年\]")       # what `quote` adds, and only that


def render_figure(figure: Figure, style: str, corpus=None) -> str:
    """`figure` as `style`: "value", "quote" or "citation" (see the module docstring)."""
    if style == "value":
        return figure.text
    if style == "quote":
        return quote(figure, corpus)
    if style == "citation":
        return citation(figure, corpus)
    raise ValueError(f"unknown style {style!r}; expected one of {', '.join(RENDER_STYLES)}")


def _block(figure: Figure, corpus):
    block = corpus.block(figure.block_id) if corpus is not None and figure.block_id else None
    if block is not None and block.text[figure.start:figure.end] == figure.text:
        return block
    return None


def _located(figure: Figure, block) -> tuple[str, int, int]:
    """(the text the figure's offsets refer to, start, end) — the block's text when there is
    the block, else the figure's sentence."""
    if block is not None:
        return block.text, figure.start, figure.end
    index = figure.sentence.find(figure.text)
    if index < 0:
        return figure.text, 0, len(figure.text)
    return figure.sentence, index, index + len(figure.text)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of `text` holding `text[start:end]`: from the end of the sentence before
    it to its own end (its 。！？ and the closing marks after them), widened to the other mark
    of a quotation it opens or closes; leading spaces, bullets and list markers left out."""
    left = 0
    for found in P.SENTENCE_END.finditer(text, 0, start):
        if found.end() <= start:
            left = found.end()
    ahead = P.SENTENCE_END.search(text, end)
    right = ahead.end() if ahead else len(text)
    # A quotation left open: follow it to its closing mark, sentence by sentence.
    while text.count(OPEN_MARK, left, right) > text.count(CLOSE_MARK, left, right) \
            and right < len(text) and right - left < MAX_QUOTATION:
        ahead = P.SENTENCE_END.search(text, right)
        right = ahead.end() if ahead else len(text)
    # A quotation closed that opened in an earlier sentence: back to its opening mark.
    if text.count(CLOSE_MARK, left, right) > text.count(OPEN_MARK, left, right):
        opening = text.rfind(OPEN_MARK, 0, left)
        if opening >= 0 and left - opening < MAX_QUOTATION:
            left = opening
            for found in P.SENTENCE_END.finditer(text, 0, opening):
                left = found.end()
    while left < start and text[left] in _LEADING:
        left += 1
    marker = _LIST_MARKER.match(text, left, start)
    if marker is not None and left == 0:
        left = marker.end()         # a caption's list number (1. 2. …), not its words
    while right > end and text[right - 1] in " \t\n\u3000":
        right -= 1
    return left, right


def _with_years(sentence: str, year: int | None) -> str:
    """`sentence` with the year each relative year stands for inserted after it in brackets
    (今年[2025年]); as it is when the article states no date."""
    if year is None:
        return sentence
    return _RELATIVE_YEAR.sub(
        lambda m: f"{m.group()}[{year + P.RELATIVE_YEARS[m.group()]}年]", sentence)


def quote(figure: Figure, corpus=None) -> str:
    block = _block(figure, corpus)
    text, start, end = _located(figure, block)
    left, right = sentence_bounds(text, start, end)
    year = None
    if block is not None and block.section is not None:
        year = article_year(block.section.article)
    return f"{OPEN_MARK}{_with_years(text[left:right], year)}{CLOSE_MARK}"


def source_parts(figure: Figure, corpus) -> list[str]:
    """The article title, publication and issue (where known), section path and byline."""
    block = corpus.block(figure.block_id) if corpus is not None and figure.block_id else None
    if block is None or block.section is None or block.section.article is None:
        return [figure.source] if figure.source else []
    section = block.section
    article = section.article
    headings = []
    byline = None
    node = section
    while node is not None:
        if node.heading and node.role is not SectionRole.BOX:
            headings.append(node.heading)
        byline = byline or node.byline
        node = node.parent
    headings.reverse()
    title = article.title
    parts_of_title = title.split(" · ")
    if len(parts_of_title) > 1 and headings and headings[0] in parts_of_title:
        title = headings.pop(0)
    parts = [f"《{title}》"]
    described = article.meta.describe()
    if described:
        parts.append(described)
    if headings:
        parts.append(" › ".join(headings))
    if byline and not byline.startswith("■"):
        parts.append(byline)
    return parts


def citation(figure: Figure, corpus=None) -> str:
    """The quote, then its source after a dash: ——《title》，publication，section，byline."""
    parts = source_parts(figure, corpus)
    body = quote(figure, corpus)
    if not parts:
        return body
    return f"{body}——{'，'.join(parts)}"
