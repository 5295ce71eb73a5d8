"""Time: the year an article was written in, and periods resolved against it.

`今年上半年` in an article of 2025 is `2025年上半年`, whatever today's date is. The year is
taken only from what states the article's date: the corpus metadata (`Article.meta.year`,
or the year of `Article.meta.date`, which the loader also fills from a front matter
`date:`), else a line of the article's own that dates it (`stated_year`): an issue line
(`《瞭望》2025年第45期`), a dateline with a year (`2025年1月14日电`), or a line that is only a
date (`2025年11月10日 星期一`, `发布时间：2025-11-10`). Years the body mentions are never
used: an article about 2020 written in 2025 says `2020年` often and `今年` means 2025. Without
a stated date, relative expressions stay as written (`今年上半年`, value None).
"""

from __future__ import annotations

import re
import weakref

from tanwen.corpus.figures.numerals import NumeralError, parse_number

_ISO_YEAR = re.compile(r"^((?:19|20)\d\d)")
_YEAR = r"((?:19|20)\d\d)"
# What states an article's date (matched on text folded to half-width digits).
_STATED_DATE = re.compile(
    # 《瞭望》2025年第45期: an issue line
    rf"{_YEAR}年第\d+期"
    # 新华社北京2025年1月14日电: a dateline with its year
    rf"|{_YEAR}年\d{{1,2}}月\d{{1,2}}日(?:电|讯)"
    # 发布时间：2025-11-10, 日期：2025年11月10日
    rf"|(?:发布|发稿|出版|更新)?(?:时间|日期)\s*[:：]\s*{_YEAR}\s*[年\-/.]"
    # a line that is a date and nothing else: 2025年11月10日 星期一, 2025-11-10
    rf"|^\s*{_YEAR}\s*(?:年|[\-/.])\s*\d{{1,2}}\s*(?:月|[\-/.])\s*\d{{1,2}}\s*日?"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*$",
    re.MULTILINE,
)

# A stated date has a year of four digits, 19xx or 20xx (half- or full-width: the fold is
# not applied yet): only lines with one are read further. Matched from the year's second
# digit, one character class, so that searching skips to candidates in C.
_MAY_HOLD_A_YEAR = re.compile(r"[9９0０](?:(?<=[1１][9９])|(?<=[2２][0０]))\d\d").finditer

_DATE_LINE = 40             # 2025年11月10日 星期一 08:30: a line that is only a date is short
_SHORT_LINE = 120           # a block this short may be an issue line or a date line
_DATELINE_SPAN = 40         # 新华社北京２０２５年１月１４日电: where a dateline stands in a story
_article_years: "weakref.WeakKeyDictionary[object, int | None]" = weakref.WeakKeyDictionary()


def stated_year(text: str) -> int | None:
    """The year `text` states it was published in (see the module docstring), or None."""
    from tanwen.corpus.figures.patterns import figure_fold

    table = figure_fold()[1]
    line_end = -1
    # Most lines hold no year: one scan of the whole text finds those that do, in order.
    for year in _MAY_HOLD_A_YEAR(text):
        if year.start() < line_end:
            continue                # another year in the line just read
        line_start = text.rfind("\n", 0, year.start()) + 1
        line_end = text.find("\n", year.end())
        if line_end < 0:
            line_end = len(text)
        line = text[line_start:line_end]
        # Cheap tests first: a long line can state a date only with one of these words.
        if len(line) > _DATE_LINE and "时间" not in line and "日期" not in line and not (
                "年" in line and ("期" in line or "电" in line or "讯" in line)):
            continue
        found = _STATED_DATE.search(line.translate(table))
        if found is not None:
            return int(next(group for group in found.groups() if group))
    return None


def article_year(article) -> int | None:
    """The year `今年` means in `article`: from its metadata, else from a line that dates it."""
    if article is None:
        return None
    if article in _article_years:
        return _article_years[article]
    meta = article.meta
    year = meta.year
    if year is None and meta.date:
        found = _ISO_YEAR.match(meta.date)
        year = int(found.group(1)) if found else None
    if year is None:
        # Where a date is stated: headings, short lines, and the start of a story (its dateline).
        lines = [article.title, *(section.heading for section in article.walk() if section.heading)]
        lines += [block.text if len(block.text) <= _SHORT_LINE else block.text[:_DATELINE_SPAN]
                  for block in article.blocks()]
        year = stated_year("\n".join(lines))
    _article_years[article] = year
    return year


_RELATIVE_PERIOD = re.compile(r"(?:截至|到)?[今去前明本上]年")


def unresolved(period: str | None) -> bool:
    """Whether `period` still reads relative (今年上半年, 去年11月): the article states no date
    to resolve it against."""
    return bool(period) and _RELATIVE_PERIOD.match(period) is not None


def number(text: str | None) -> int | None:
    if not text:
        return None
    try:
        return int(parse_number(text))
    except NumeralError:
        return None


def year_value(text: str) -> int | None:
    """`2025` or `二〇二五` → 2025."""
    return number(text)


def format_date(year: int | None, m1: int | None, m2: int | None, day: int | None,
                part: str | None, *, fallback: str) -> str:
    """`2025年1—7月`, `2025年6月19日`, `2025年7月底`, `2025年上半年`; `fallback` when the
    year is unknown."""
    if year is None:
        return fallback
    out = f"{year}年"
    if m1 is not None:
        out += f"{m1}—{m2}月" if m2 is not None else f"{m1}月"
        if day is not None:
            out += f"{day}日"
    if part:
        out += "" if part == "度" else part
    return out
