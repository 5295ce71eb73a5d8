"""A figure as text to paste: the bare value, a quote, or a citation.

    value     超400家
    quote     2024年，天津研究与试验发展(R&D)经费投入强度达到3.44%
    citation  2024年，天津研究与试验发展(R&D)经费投入强度达到3.44%。——《在发展新质生产力上勇争先、
              善作为》，《瞭望》新闻周刊2025年第45期，善为科技创新与产业创新融合 争技术革命性突破之先

A quote is the article's own words — the clause that holds the figure, widened to take in its
metric — with the period put in front when the clause does not say it, and the metric when
the clause only says `同比增长12.8%`. A date or a year is quoted with what happened then: from
its clause to the end of the sentence (cut at a clause break if that is long).
"""

from __future__ import annotations

import re

from tanwen.corpus.figures.record import Figure
from tanwen.corpus.model import SectionRole

RENDER_STYLES: tuple[str, ...] = ("value", "quote", "citation")
_CLAUSE_BREAK = re.compile(r"[，,；;。！？!?]|……")
_LEADING_CONNECTIVE = re.compile(r"^(?:其中|此外|同时|另外|而且|并且|同样是)[，,]?")
_LIST_MARKER = re.compile(r"^\s*(?:\d{1,2}[.．、]\s*|[左右上下中]图\s+)")
_TRAILING = "，,；;。！？!?、：: "
_RELATIVE = re.compile(r"今年|去年|前年|明年|本年|上年")
MAX_QUOTE = 120


def render_figure(figure: Figure, style: str, corpus=None) -> str:
    """`figure` as `style`: "value", "quote" or "citation" (see the module docstring)."""
    if style == "value":
        return figure.text
    if style == "quote":
        return quote(figure, corpus)
    if style == "citation":
        return citation(figure, corpus)
    raise ValueError(f"unknown style {style!r}; expected one of {', '.join(RENDER_STYLES)}")


def _located(figure: Figure, corpus) -> tuple[str, int, int]:
    """(the text the figure's offsets refer to, start, end) — the block's text when the
    corpus has the block, else the sentence."""
    block = corpus.block(figure.block_id) if corpus is not None and figure.block_id else None
    if block is not None and block.text[figure.start:figure.end] == figure.text:
        return block.text, figure.start, figure.end
    index = figure.sentence.find(figure.text)
    if index < 0:
        return figure.text, 0, len(figure.text)
    return figure.sentence, index, index + len(figure.text)


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, start):
        left = match.end()
    following = _CLAUSE_BREAK.search(text, end)
    right = following.start() if following else len(text)
    return left, right


def quote(figure: Figure, corpus=None) -> str:
    text, start, end = _located(figure, corpus)
    if figure.metric == "拍摄日期":
        return _LIST_MARKER.sub("", figure.sentence).rstrip(_TRAILING)
    left, right = _clause_bounds(text, start, end)
    if figure.kind in ("year", "date"):
        return _event(text, left, end)
    sentence_start = max(0, text.rfind("。", 0, start) + 1)
    fragment_start, fragment_end = left, end
    metric = figure.metric or ""
    if metric:
        # The metric's occurrence nearest to the figure, before it or after it (29家全国重点实验室).
        sentence_end = text.find("。", end)
        sentence_end = len(text) if sentence_end < 0 else sentence_end
        before = text.rfind(metric, sentence_start, start)
        after = text.find(metric, end, sentence_end)
        before_gap = start - (before + len(metric)) if before >= 0 else None
        after_gap = after - end if after >= 0 else None
        if after_gap is not None and (before_gap is None or after_gap <= before_gap) \
                and after_gap <= MAX_QUOTE:
            fragment_end = max(fragment_end, after + len(metric))
        elif before_gap is not None and before_gap <= MAX_QUOTE:
            fragment_start = min(fragment_start, _clause_bounds(text, before, before)[0])
    fragment = text[fragment_start:fragment_end].strip(_TRAILING).lstrip("●• ")
    fragment = _LEADING_CONNECTIVE.sub("", fragment) or fragment
    period = figure.period
    if period and figure.kind not in ("year", "date"):
        bare = period.removeprefix("截至").removeprefix("到").removesuffix("以来").removesuffix("起")
        if bare not in fragment and not _RELATIVE.search(fragment):
            fragment = f"{period}，{fragment}"
    return fragment


_SENTENCE_END = re.compile(r"[。！？!?]")


def _event(text: str, left: int, end: int) -> str:
    """From the clause holding a date to the end of its sentence, at most MAX_QUOTE characters
    (cut at the last clause break that fits)."""
    found = _SENTENCE_END.search(text, end)
    right = found.start() if found else len(text)
    if right - left > MAX_QUOTE:
        breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text, end, left + MAX_QUOTE)]
        right = breaks[-1] if breaks else left + MAX_QUOTE
    fragment = text[left:right].strip(_TRAILING).lstrip("●• ")
    return _LEADING_CONNECTIVE.sub("", fragment) or fragment


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
    parts = source_parts(figure, corpus)
    body = quote(figure, corpus)
    if not parts:
        return body
    return f"{body}。——{'，'.join(parts)}"
