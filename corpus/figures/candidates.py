"""What a candidate the scan matched is: one handler per alternative of `patterns.DETAILED`
(a year, a date, an ordinal, a quantity …), turning the match into a candidate tuple, or None
when the rules of the package docstring say it is not a figure (一所大学, 百年, 二次转型 …).
"""

from __future__ import annotations

import re

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures.numerals import NumeralError, parse_decimal, scaled
from tanwen.corpus.figures.period import format_date, number

_BARE_MAGNITUDE = frozenset("百千万亿")
_AMOUNTS = frozenset({"money", "measure"})
_REACHING = ("突破", "达到", "超过", "逾越", "跨过", "迈上", "跃上")
_HAN_DIGITS = frozenset("零〇一二两三四五六七八九十百千万亿")
_HAN_VALUES = {char: value for value, char in enumerate("〇一二三四五六七八九")}
# 五六百, 七八十, 三四: two neighbouring numerals (then a magnitude) are a range.
_NEIGHBOURS = re.compile(r"([一二三四五六七八])([二三四五六七八九])([十百千万亿]*)$")
_NOT_SHARE_AFTER = frozenset("员为立功果本交绩熟都长效就型品群年人家片套批不")


# A candidate that passed the rules, as a plain tuple (the hot loops unpack it):
#   (start, end, kind, value, value_end, unit, qualifier, period)
# `period` is set for years and dates only: the date they resolve to.
Raw = tuple


def _raw(start: int, end: int, kind: str, value: float | None, value_end: float | None = None,
         unit: str | None = None, qualifier: str | None = None, period: str | None = None) -> Raw:
    return (start, end, kind, value, value_end, unit, qualifier, period)


def _month(text: str | None) -> int | None:
    value = number(text)
    return value if value is None or 1 <= value <= 12 else -1


def _year_range(m, text, folded, year) -> Raw | None:
    first, last = number(m.group("yrange_y1")), number(m.group("yrange_y2"))
    if first is None or last is None or last <= first:
        return None
    return _raw(m.start(), m.end(), "year", float(first), float(last), period=f"{first}—{last}年")


def _date(m, text, folded, year) -> Raw | None:
    y_text, m1_text, m2_text, d_text, mpart, ypart = m.group(
        "date_y", "date_m1", "date_m2", "date_d", "date_mpart", "date_ypart")
    y = number(y_text)
    if m1_text is None and ypart in (None, "度"):
        return _raw(m.start(), m.end(), "year", float(y), period=f"{y}年") if y else None
    m1, m2 = _month(m1_text), _month(m2_text)
    if y is None or m1 == -1 or m2 == -1:
        return None
    return _raw(m.start(), m.end(), "date", float(y),
                period=format_date(y, m1, m2, number(d_text), mpart or ypart,
                                   fallback=text[m.start():m.end()]))


def _relative_date(m, text, folded, year) -> Raw | None:
    rel, m1_text, m2_text, d_text, mpart, ypart = m.group(
        "reldate_rel", "reldate_m1", "reldate_m2", "reldate_d", "reldate_mpart", "reldate_ypart")
    m1, m2 = _month(m1_text), _month(m2_text)
    if m1 == -1 or m2 == -1:
        return None
    y = None if year is None else year + P.RELATIVE_YEARS[rel]
    return _raw(m.start(), m.end(), "date", None if y is None else float(y),
                period=format_date(y, m1, m2, number(d_text), mpart or ypart,
                                   fallback=text[m.start():m.end()]))


def _month_date(m, text, folded, year) -> Raw | None:
    start = m.start()
    if start and folded[start - 1] in "第每":
        return None
    m1, m2 = _month(m.group("monthdate_m1")), _month(m.group("monthdate_m2"))
    return _raw(start, m.end(), "date", None if year is None else float(year),
                period=format_date(year, m1, m2, number(m.group("monthdate_d")),
                                   m.group("monthdate_mpart"), fallback=text[start:m.end()]))


def _cn_month_date(m, text, folded, year) -> Raw | None:
    month, day = _month(m.group("cnmonthdate_m1")), number(m.group("cnmonthdate_d"))
    return _raw(m.start(), m.end(), "date", None if year is None else float(year),
                period=format_date(year, month, None, day, None, fallback=text[m.start():m.end()]))


def _ordinal(m, text, folded, year) -> Raw | None:
    top = m.group("ordinal_top")
    if top:
        value = number(top)
        if not value:
            return None
        return _raw(m.start(), m.end(), "ordinal", float(value), unit=m.group("ordinal_topunit"), qualifier="前")
    digits, unit = m.group("ordinal_num", "ordinal_unit")
    chinese = digits[0] in _HAN_DIGITS
    try:
        value = float(parse_decimal(digits))
    except NumeralError:
        return None
    if chinese and (unit is None or value == 1 or set(digits) <= _BARE_MAGNITUDE):
        return None                 # 第二集装箱码头, 第一次, 第六指
    if unit == "个年头":
        reported = "年"
    elif unit == "大" or unit is None:
        reported = None
    else:
        reported = P.UNITS.get(unit, ("", unit))[1] or text[m.start("ordinal_unit"):m.end("ordinal_unit")]
    return _raw(m.start(), m.end(), "ordinal", value, unit=reported)


def _half(m, text, folded, year) -> Raw | None:
    value = number(m.group("half_num"))
    if value is None:
        return None
    unit = m.group("half_unit")
    return _raw(m.start(), m.end(), "duration", value + 0.5, unit="小时" if unit == "钟头" else unit)


def _quantity(m, text, folded, year) -> Raw | None:
    start = m.start()
    # Every quantity pattern ends with the same groups (see patterns.quantity), in this order.
    (_, pre, percent_words, pnum, digits, approx, mag, approx_after, _, num2, _, mag2, unit, half,
     post) = m.groups()[-15:]
    approx = approx or approx_after
    if pre is None and start and folded[start - 1] == "每":
        return None                 # 每三吨焊接管: the base of a rate, not a figure
    if percent_words:
        digits = pnum
        kind, reported = "percent", "%"
    else:
        kind, reported = P.UNITS.get(unit) or P.UNITS[unit.lower()]
    chinese = digits[0] in _HAN_DIGITS
    if chinese:
        if unit is not None and unit not in P.CN_UNIT_OK:
            return None
        if digits == "二" or (digits == "一" and not ((num2 or unit == "成") and not (approx or mag)) and not (half and P.UNITS.get(unit, ("",))[0] == "duration"
                                                     and folded[m.end("qty_half"):m.end("qty_half") + 1] != "载")):
            return None             # 一所大学, 一吨烧结矿 (an article); 二次转型 (a word); 一年半载
        if not pre and set(digits) <= _BARE_MAGNITUDE and (not start or folded[start - 1] != "几") \
                and not (kind in _AMOUNTS and folded.endswith(_REACHING, 0, start)):
            return None             # 百年, 千行百业, 万亿级: bare magnitudes need a qualifier,
                                    # or a verb of reaching before an amount (突破千亿元)
        if unit == "头" and len(digits) == 1 and not (approx or mag):
            return None             # 两头跑, 三头六臂: idioms (十几头耕牛, 3头牛 are counts)
        if unit == "成" and folded[m.end("qty_unit"):m.end("qty_unit") + 1] in _NOT_SHARE_AFTER:
            return None             # 三成员, 五成为: 成 starts a word
        neighbours = _NEIGHBOURS.match(digits)
        if neighbours is not None and _HAN_VALUES[neighbours[2]] == _HAN_VALUES[neighbours[1]] + 1:
            # 五六百米: five or six hundred metres
            digits, num2, mag2 = neighbours[1] + neighbours[3], neighbours[2] + neighbours[3], None
    if unit == "成":
        reported = "%"              # 三成 is 30%
    elif reported is None and unit != "大":
        reported = text[m.start("qty_unit"):m.end("qty_unit")]
    try:
        if mag or mag2 or not digits.isdecimal():
            value = scaled(digits, mag or mag2)
        else:
            value = float(digits)
        value_end = scaled(num2, mag2) if num2 else None
    except (NumeralError, KeyError, ValueError):
        return None
    end = m.end()
    if half:
        if kind == "duration":
            value += 0.5
        else:
            end = m.end("qty_unit")
            post = None
    if post and ((post == "多" and kind != "duration") or (post == "级" and kind != "measure")):
        end = m.start("qty_post")
        post = None
    if unit == "成":
        value *= 10
        value_end = value_end * 10 if value_end is not None else None
    if value_end is not None and value_end <= value:
        value_end = None
    if approx or post:
        qualifier = "、".join(q for q in (pre, approx, post) if q)
    else:
        qualifier = pre
    return (start, end, kind, value, value_end, reported, qualifier, None)


def _quarter(m, text, folded, year) -> Raw | None:
    pre, quarter = m.group("quarter_pre", "quarter_q")
    words = f"{pre or ''}{quarter}季度"
    return _raw(m.start(), m.end(), "date", None if year is None else float(year),
                period=f"{year}年{words}" if year is not None else words)


HANDLERS = {
    "quarter": _quarter,
    "yrange": _year_range, "date": _date, "reldate": _relative_date, "monthdate": _month_date,
    "cnmonthdate": _cn_month_date,
    "ordinal": _ordinal, "half": _half, "qty": _quantity,
}
