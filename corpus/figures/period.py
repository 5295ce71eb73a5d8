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

_article_years: "weakref.WeakKeyDictionary[object, int | None]" = weakref.WeakKeyDictionary()


def stated_year(text: str) -> int | None:
    """The year `text` states it was published in (see the module docstring), or None."""
    from tanwen.corpus.figures.patterns import figure_fold

    found = _STATED_DATE.search(text.translate(figure_fold()[1]))
    if found is None:
        return None
    return int(next(group for group in found.groups() if group))


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
        lines = [section.heading for section in article.walk() if section.heading]
        lines += [block.text for block in article.blocks()]
        year = stated_year("\n".join([article.title, *lines]))
    _article_years[article] = year
    return year


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
