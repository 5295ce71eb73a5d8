"""Rules that read a candidate figure with the words around it, after the scan found it.

The scan (`extract._scan`) reads what a figure is from the figure itself; these rules change
or drop it by what touches it, as a reader of news would:

- a sign: `利润-5%` is −5 (percent, points, money and measures; not `2024-2025`, `A-5`),
  `零下15摄氏度` −15;
- a decade: `８０年代`, `九十年代` are the 1980s, 1990s (kind year, value 1980, value_end
  1989), `21世纪10年代` the 2010s — not durations of 80 or 90 years;
- a year in two digits: `９７年全省…` is 1997 (50–99 and 00–09 only), where nothing around it
  reads as a span (`用了50年时间`, `60年来`, `50年不变` stay durations);
- a format or a name, not a quantity: `24小时制`, `5天工作制`, `两位数增长`, `七人橄榄球赛`,
  `5人制足球`;
- money in speech: `10块钱`, and `120块` where it ends its clause, are 元;
- ordinals of congresses and sessions: `十五大`, `党的十六大`, `十一届三中全会`, `九届全国人大`;
- `三大类`: N major kinds counted in 类 (项, 批, 片, 种, 块), not `三大` alone;
- `比上年末`, `较去年底`: the base of a comparison, not a date;
- vague numbers: `几十支` is 20–90 (几 is 2 to 9), `十几个` 11–19, `五、六百米` 500–600 with
  the qualifier before it (`约五、六百米`).
"""

from __future__ import annotations

import re

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures.numerals import NumeralError, parse_number

_SIGNED_KINDS = frozenset({"percent", "percentage_point", "money", "measure"})
_NOT_BEFORE_SIGN = frozenset("0123456789.-—–~ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_KINDS_OF = frozenset("类项批片种块")
# Around a two-digit number of years that is a span, not a year (see _short_year).
_BEFORE_A_SPAN = frozenset("用了过历经满足达约近超逾续长整已这那每第前后多余几")
_AFTER_A_SPAN = frozenset("来间内前后多以的了里中左上半时代不如之期度党教历军刑徒役")
_SPANS_OF_SERVICE = ("工龄", "龄")
_YEAR_PARTS = frozenset("底初末")
_WORDS_AFTER_ZHI = frozenset("定度造作订约止品成裁衡")      # 制定, 制度 … are words of their own
# What a rule below can look at: the character before a figure, or its unit (None: N大).
_BEFORE_MATTERS = frozenset("-下几、比较")
_UNITS_THAT_MATTER = frozenset({None, "位", "人", "块", "届"})
_CLAUSE_END = frozenset("，,；;。！？!?、)）”")
_NAME_AFTER_PEOPLE = re.compile(r"制|赛|橄榄球|足球|篮球|排球|乒乓")
_CONGRESS_AFTER = re.compile(r"[一二三四五六七八九十]中全会|[一二三四五六七八九十]次会议|全国|人大|政协|中央|全会|人民代表|代表大会|党代会|中共|常委")
_CONGRESS_WORDS_AFTER = re.compile(r"精神|报告|以来|召开|提出|代表|闭幕|开幕|确定|确立|强调|文件|路线|期间|[前后上，。、；”]")
_CONGRESS_BEFORE = ("党的", "中共")
_TENS_AND_JI = re.compile(r"((?:[二三四五六七八九]?十)|[1-9]0)几([百千万亿]*)")
_DIGIT_VALUES = {char: value for value, char in enumerate("〇一二三四五六七八九")}
_MAGNITUDES = {"": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_SINGLE_THEN_MAGNITUDE = re.compile(r"([二三四五六七八九])(十|百|千|万|亿)")


def reread(raws: list[tuple], folded: str) -> list[tuple]:
    """The candidates `raws` (tuples of `extract._scan`) with the rules of the module
    docstring applied; dropped ones left out."""
    out = []
    n = len(folded)
    for raw in raws:
        start, end, kind, value, value_end, unit, qualifier, period = raw
        before = folded[start - 1] if start else ""
        if before not in _BEFORE_MATTERS and unit not in _UNITS_THAT_MATTER \
                and kind != "duration" and (qualifier is None or "几" not in qualifier):
            out.append(raw)         # most figures: no rule here looks at them
            continue
        after = folded[end] if end < n else ""
        if after and kind in ("duration", "count"):
            if after == "代" and unit == "年" and value is not None:
                out.append(_decade(raw, folded))
                continue
            if unit == "年" and end - start == 3 and _short_year(folded, start, end, before, after):
                year = int(folded[start:start + 2])
                year += 2000 if year < 50 else 1900
                if after in _YEAR_PARTS:      # 98年底
                    out.append((start, end + 1, "date", float(year), None, None, None, f"{year}年{after}"))
                else:
                    out.append((start, end, "year", float(year), None, None, None, f"{year}年"))
                continue
            if (after == "制" and folded[end + 1:end + 2] not in _WORDS_AFTER_ZHI) \
                    or folded.startswith("工作制", end) or (after == "数" and unit == "位") \
                    or (unit == "人" and _NAME_AFTER_PEOPLE.match(folded, end)):
                continue
        if kind == "count":
            if unit is None and after in _KINDS_OF and folded[end - 1] == "大":
                # 三大类: three major kinds, counted in 类
                out.append((start, end + 1, kind, value, value_end, after, qualifier, period))
                continue
            if unit == "块" and (after == "钱" or not after or after in _CLAUSE_END) \
                    and folded[start].isdigit():
                out.append((start, end + (after == "钱"), "money", value, value_end, "元", qualifier, None))
                continue
            if value is not None and not folded[start].isdigit() and (
                    (unit == "届" and _CONGRESS_AFTER.match(folded, end))
                    or (unit is None and folded[end - 1] == "大" and (
                        folded.endswith(_CONGRESS_BEFORE, 0, start)
                        or (value > 10 and (not after or _CONGRESS_WORDS_AFTER.match(folded, end)))))):
                out.append((start, end, "ordinal", value, None, unit or "大", None, None))
                continue
        if before == "下" and kind == "measure" and folded.endswith("零下", 0, start) and value is not None:
            out.append((start - 2, end, kind, -value, value_end, unit, qualifier, period))
            continue            # 零下15摄氏度
        if before == "-" and kind in _SIGNED_KINDS and value is not None \
                and (start < 2 or folded[start - 2] not in _NOT_BEFORE_SIGN):
            out.append((start - 1, end, kind, -value, -value_end if value_end is not None else None,
                        unit, qualifier, period))
            continue
        if kind == "duration" and qualifier is None and "个多" in folded[start:end]:
            out.append((start, end, kind, value, value_end, unit, "多", period))
            continue            # 两个多小时: 多 is inside the unit word
        if kind == "date" and before in "比较" and before:
            continue            # 比上年末增加: the base of a comparison, not a date
        if kind not in ("year", "date", "ordinal") and value is not None:
            vague = _vague(raw, folded)
            if vague is not None:
                out.append(vague)
                continue
        out.append(raw)
    return out


def _short_year(folded: str, start: int, end: int, before: str, after: str) -> bool:
    """`９７年全省…`, `在98年`, `05年`: a year written with two digits (50–99 for 1950–1999,
    00–09 for 2000–2009), not a span of years (`用了50年时间`, `50年不变`, `60年来`)."""
    digits = folded[start:start + 2]
    if not digits.isdigit() or not (digits >= "50" or digits[0] == "0"):
        return False
    if before and (before.isdigit() or before in _BEFORE_A_SPAN):
        return False
    if not after or not "\u4e00" <= after <= "\u9fff" or after in _AFTER_A_SPAN:
        return False
    return not folded.startswith(_SPANS_OF_SERVICE, end)


def _decade(raw: tuple, folded: str) -> tuple:
    start, end, value = raw[0], raw[1], raw[3]
    decade = int(value)
    if decade < 100:
        century = 2000 if folded.endswith(("21世纪", "本世纪"), 0, start) else 1900
        decade += century
    return (start, end + 1, "year", float(decade), float(decade + 9), None, None, f"{decade}年代")


def _vague(raw: tuple, folded: str) -> tuple | None:
    """几十支, 十几个, 五、六百米 as ranges (see the module docstring); None when not vague."""
    start, end, kind, value, value_end, unit, qualifier, period = raw
    if start and folded[start - 1] == "几" and folded[start] in "十百千万":
        # 几十支: the scan read 十支; 几 multiplies it by 2 to 9.
        return (start - 1, end, kind, 2 * value, 9 * value, unit, "几", period)
    if qualifier and "几" in qualifier:
        tens = _TENS_AND_JI.match(folded, start)
        if tens is not None:
            try:
                base = parse_number(tens.group(1))
            except NumeralError:
                return None
            scale = 1
            for char in tens.group(2):
                scale *= _MAGNITUDES[char]
            return (start, end, kind, float((base + 1) * scale), float((base + 9) * scale),
                    unit, qualifier, period)
    if start >= 2 and folded[start - 1] == "、" and value_end is None:
        single = _SINGLE_THEN_MAGNITUDE.match(folded, start)
        previous = _DIGIT_VALUES.get(folded[start - 2])
        if single is not None and previous == _DIGIT_VALUES[single.group(1)] - 1:
            lower = value * previous / _DIGIT_VALUES[single.group(1)]
            new_start, found = start - 2, qualifier
            for k in (3, 2, 1):         # 约五、六百米: the qualifier before the first numeral
                if new_start - k >= 0 and folded[new_start - k:new_start] in P.PREFIX_QUALIFIERS:
                    new_start, found = new_start - k, folded[new_start - k:new_start]
                    break
            return (new_start, end, kind, lower, value, unit, found, period)
    return None
