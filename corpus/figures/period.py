"""Time: the year an article was written in, and periods resolved against it.

`今年上半年` in an article of 2025 is `2025年上半年`, whatever today's date is. The year
comes from the corpus metadata (`Article.meta.year`, or the year of `Article.meta.date`).
A user's article without metadata gets its year from its own text (`infer_year`): the
latest year among its dated events (`2025年8月7日`, `2025年7月末`: a year with a month),
else the year it mentions most; with no year in the text, relative expressions stay as
written (`今年上半年`, value None).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter

from tanwen.corpus.figures.numerals import NumeralError, parse_number

# A year (2025年, not 12025年) and the month after it, matched at its 年 so that the scan
# skips to candidates in C (digits are everywhere in news text; 年 after four of them is not).
_YEAR = re.compile(r"年(?<=(?<![0-9])[12][09]\d\d年)((?:1[0-2]|0?[1-9])月)?")
_ISO_YEAR = re.compile(r"^((?:19|20)\d\d)")

_article_years: "weakref.WeakKeyDictionary[object, int | None]" = weakref.WeakKeyDictionary()


def infer_year(text: str) -> int | None:
    """The year a text was most likely written in, from the dates it mentions."""
    years: Counter[int] = Counter()
    dated = 0
    for match in _YEAR.finditer(text):
        year = int(text[match.start() - 4:match.start()])
        if not 1900 <= year <= 2099:
            continue
        if match.group(1):
            dated = max(dated, year)
        years[year] += 1
    if dated:
        return dated
    if years:
        return years.most_common(1)[0][0]
    return None


def article_year(article) -> int | None:
    """The year `今年` means in `article` (metadata first, then the text)."""
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
        year = infer_year("\n".join(block.text for block in article.blocks()))
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
