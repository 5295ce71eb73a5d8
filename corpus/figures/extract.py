"""Finding the figures of a block: candidates from the patterns in `patterns`, the rules that
keep or drop them (see the package docstring), and the Figure records; their context fields
(direction, period, metric, sentence) are read by `context` on first use.

Written for speed (the sidebar extracts on every section change; the bench asks ≥ 5 MB/s):
candidates are found by scanning for numerals in C (`patterns.TRIGGER`, which also takes the
commonest form, 2449架 or 12.8%, whole) and matching only there; a block without numerals
costs one regex scan.
"""

from __future__ import annotations

import gc
import re
import threading
from contextlib import contextmanager

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures.context import TIME_KINDS, read_context
from tanwen.corpus.figures.numerals import NumeralError, parse_decimal, scaled
from tanwen.corpus.figures.period import article_year, format_date, number, stated_year
from tanwen.corpus.figures.record import Figure
from tanwen.corpus.figures.surroundings import reread

_BARE_MAGNITUDE = frozenset("百千万亿")
_HAN_DIGITS = frozenset("零〇一二两三四五六七八九十百千万亿")
_HAN_VALUES = {char: value for value, char in enumerate("〇一二三四五六七八九")}
# 五六百, 七八十, 三四: two neighbouring numerals (then a magnitude) are a range.
_NEIGHBOURS = re.compile(r"([一二三四五六七八])([二三四五六七八九])([十百千万亿]*)$")
_NOT_SHARE_AFTER = frozenset("员为立功果本交绩熟都长效就型品群年人家片套批")


# A candidate that passed the rules, as a plain tuple (the hot loops unpack it):
#   (start, end, kind, value, value_end, unit, qualifier, period)
# `period` is set for years and dates only: the date they resolve to.
_Raw = tuple


def _raw(start: int, end: int, kind: str, value: float | None, value_end: float | None = None,
         unit: str | None = None, qualifier: str | None = None, period: str | None = None) -> _Raw:
    return (start, end, kind, value, value_end, unit, qualifier, period)


def _month(text: str | None) -> int | None:
    value = number(text)
    return value if value is None or 1 <= value <= 12 else -1


# ---- candidates ---------------------------------------------------------------------------

# The matchers `_scan` picks from, bound once (most blocks have a few figures, so binding
# them in each call would cost more than using them).
_TRIGGERS = P.TRIGGER.finditer
_AT_YEAR, _AT_MONTH, _AT_HALF = P.AT_YEAR.match, P.AT_MONTH.match, P.AT_HALF.match
_AT_CN_MONTH = P.AT_CN_MONTH.match
_AT_RELATIVE, _AT_ORDINAL, _AT_QUALIFIER = P.AT_RELATIVE.match, P.AT_ORDINAL.match, P.AT_QUALIFIER.match
_AT_ARABIC, _AT_HAN = P.AT_ARABIC.match, P.AT_HAN_NUMERAL.match
_FAST_QUANTITY = P.FAST_QUANTITY.match
_LEADS, _LEAD_ENDS, _ORDINAL_WORDS = P.LEAD_WORDS, P.LEAD_ENDS, ("第", "前")


def _scan(text: str, folded: str, year: int | None) -> list[_Raw]:
    found: list[_Raw] = []
    fast_magnitudes, units = P.FAST_MAGNITUDES, P.UNITS
    done = 0
    for trigger in _TRIGGERS(folded):
        position, run_end = trigger.span()
        if position < done:
            continue
        magnitude, unit_text = trigger.groups()
        if unit_text is not None:
            # 2449架, 12.8%, 2821亿元: TRIGGER took the whole figure (see FAST_QUANTITY);
            # the number ends where the magnitude (group 1, maybe empty) starts.
            number = folded[position:trigger.start(1)]
            kind, unit = units[unit_text]
            done = run_end
            found.append((position, done, kind,
                          float(number + fast_magnitudes[magnitude]) if magnitude else float(number),
                          None, unit, None, None))
            continue
        match = None
        if position and folded[position - 1] in _LEAD_ENDS:
            # 超过170家, 第1000艘, 前20强, 今年7月底: the word before belongs to the figure.
            for k in (3, 2, 1):
                if position - k < done:
                    continue
                word = folded[position - k:position]
                if word in _LEADS[k]:
                    if word in _ORDINAL_WORDS:
                        match = _AT_ORDINAL(folded, position - k)
                    elif word in P.RELATIVE_YEARS:
                        match = _AT_RELATIVE(folded, position - k)
                    else:
                        match = _AT_QUALIFIER(folded, position - k)
                    if match is not None:
                        break
        if match is None:
            first = folded[position]
            after = folded[run_end] if run_end < len(folded) else ""
            run = run_end - position
            if run == 1 and (first == "一" or first == "二") and after != "点" and after != "季" \
                    and folded[run_end:run_end + 2] != "个半" and not (
                        after in "年天月周" and folded[run_end + 1:run_end + 3] not in ("半载", "")
                        and folded[run_end + 1] == "半"):
                continue            # 一批, 一个, 二次: never a figure on its own (see _quantity)
            if first in "今去明前本上":
                match = _AT_RELATIVE(folded, position)
                if match is None:
                    continue
            elif run == 4 and after and after in "年—–-~至到" and first in "12一二":
                match = _AT_YEAR(folded, position)
            elif run <= 2 and after and after in "月至到—–-~" and "0" <= first <= "9":
                match = _AT_MONTH(folded, position)
            elif run <= 2 and after == "月" and first in "一二三四五六七八九十":
                match = _AT_CN_MONTH(folded, position)
            elif after == "个" and folded[run_end + 1:run_end + 2] == "半":
                match = _AT_HALF(folded, position)
            if match is None:
                if "0" <= first <= "9" and (not position or folded[position - 1] not in P.FAST_NOT_AFTER):
                    # 2449架, 12.8%, 2821亿元: the common case, one small regex and no handler.
                    fast = _FAST_QUANTITY(folded, position)
                    if fast is not None:
                        number, magnitude, unit_text = fast.groups()
                        unit = units[unit_text]
                        if unit[1] is not None:
                            done = fast.end()
                            found.append((position, done, unit[0],
                                          float(number + fast_magnitudes[magnitude]) if magnitude
                                          else float(number), None, unit[1], None, None))
                            continue
                    match = _AT_ARABIC(folded, position)
                else:
                    match = _AT_HAN(folded, position)
                if match is None:
                    continue
        done = match.end()
        name = match.lastgroup
        if name == "issue":
            continue
        raw = _HANDLERS[name](match, text, folded, year)
        if raw is not None:
            found.append(raw)
    return found


def _year_range(m, text, folded, year) -> _Raw | None:
    first, last = number(m.group("yrange_y1")), number(m.group("yrange_y2"))
    if first is None or last is None or last <= first:
        return None
    return _raw(m.start(), m.end(), "year", float(first), float(last), period=f"{first}—{last}年")


def _date(m, text, folded, year) -> _Raw | None:
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


def _relative_date(m, text, folded, year) -> _Raw | None:
    rel, m1_text, m2_text, d_text, mpart, ypart = m.group(
        "reldate_rel", "reldate_m1", "reldate_m2", "reldate_d", "reldate_mpart", "reldate_ypart")
    m1, m2 = _month(m1_text), _month(m2_text)
    if m1 == -1 or m2 == -1:
        return None
    y = None if year is None else year + P.RELATIVE_YEARS[rel]
    return _raw(m.start(), m.end(), "date", None if y is None else float(y),
                period=format_date(y, m1, m2, number(d_text), mpart or ypart,
                                   fallback=text[m.start():m.end()]))


def _month_date(m, text, folded, year) -> _Raw | None:
    start = m.start()
    if start and folded[start - 1] in "第每":
        return None
    m1, m2 = _month(m.group("monthdate_m1")), _month(m.group("monthdate_m2"))
    return _raw(start, m.end(), "date", None if year is None else float(year),
                period=format_date(year, m1, m2, number(m.group("monthdate_d")),
                                   m.group("monthdate_mpart"), fallback=text[start:m.end()]))


def _cn_month_date(m, text, folded, year) -> _Raw | None:
    month, day = _month(m.group("cnmonthdate_m1")), number(m.group("cnmonthdate_d"))
    return _raw(m.start(), m.end(), "date", None if year is None else float(year),
                period=format_date(year, month, None, day, None, fallback=text[m.start():m.end()]))


def _ordinal(m, text, folded, year) -> _Raw | None:
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


def _half(m, text, folded, year) -> _Raw | None:
    value = number(m.group("half_num"))
    if value is None:
        return None
    unit = m.group("half_unit")
    return _raw(m.start(), m.end(), "duration", value + 0.5, unit="小时" if unit == "钟头" else unit)


def _quantity(m, text, folded, year) -> _Raw | None:
    start = m.start()
    # Every quantity pattern ends with the same groups (see patterns.quantity), in this order.
    (_, pre, percent_words, pnum, digits, approx, mag, _, num2, _, mag2, unit, half, post) = m.groups()[-14:]
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
        if digits == "二" or (digits == "一" and not (half and P.UNITS.get(unit, ("",))[0] == "duration"
                                                     and folded[m.end("qty_half"):m.end("qty_half") + 1] != "载")):
            return None             # 一所大学, 一吨烧结矿 (an article); 二次转型 (a word); 一年半载
        if not pre and set(digits) <= _BARE_MAGNITUDE and (not start or folded[start - 1] != "几"):
            return None             # 百年, 千行百业, 万亿级: bare magnitudes need a qualifier
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


def _quarter(m, text, folded, year) -> _Raw | None:
    pre, quarter = m.group("quarter_pre", "quarter_q")
    words = f"{pre or ''}{quarter}季度"
    return _raw(m.start(), m.end(), "date", None if year is None else float(year),
                period=f"{year}年{words}" if year is not None else words)


_HANDLERS = {
    "quarter": _quarter,
    "yrange": _year_range, "date": _date, "reldate": _relative_date, "monthdate": _month_date,
    "cnmonthdate": _cn_month_date,
    "ordinal": _ordinal, "half": _half, "qty": _quantity,
}


# ---- figures ------------------------------------------------------------------------------

class _Building:
    """A Figure under construction. Figure is frozen: its generated __init__ sets each field
    through object.__setattr__, which costs more than finding the figure. Fields are set here
    as plain attributes, then the object becomes a Figure (same layout: both plain classes)."""


def _share_keys() -> None:
    # Instances of a class share one table of attribute names (CPython): naming all of them
    # once, in the order they are set, leaves room for the context fields set on first use.
    template = _Building()
    for name in ("text", "start", "end", "kind", "value", "value_end", "unit", "qualifier",
                 "source", "section_id", "block_id", "_context", "direction", "metric", "period",
                 "sentence"):
        setattr(template, name, None)


_share_keys()


class _Pending:
    """The context fields (direction, metric, period, sentence) of a block's figures, read
    from the sentences on first use — together, since a figure's metric and period can come
    from the figures before it. Finding figures (spans, values, units, kinds) is eager."""

    __slots__ = ("text", "folded", "year", "raws", "figures", "dated")

    def __init__(self, text: str, folded: str, year: int | None, raws: list[_Raw]) -> None:
        self.text, self.folded, self.year, self.raws = text, folded, year, raws
        self.figures: list[Figure] = []
        self.dated = False          # whether a year or a date is among them

    def resolve(self) -> None:
        with _RESOLVING:
            if not self.figures or "_context" not in self.figures[0].__dict__:
                return
            contexts = read_context(self.text, self.folded, self.year, self.raws, self.dated)
            for figure, (direction, metric, period, sentence) in zip(self.figures, contexts):
                fields = figure.__dict__
                fields["direction"], fields["metric"], fields["period"], fields["sentence"] = \
                    direction, metric, period, sentence
                del fields["_context"]


_RESOLVING = threading.Lock()


def _extract(text: str, folded: str, year: int | None, source: str, section_id: str,
             block_id: str, *, lazy: bool = True) -> list[Figure]:
    raws = _scan(text, folded, year)
    if not raws:
        return []
    raws = reread(raws, text, folded)
    pending = _Pending(text, folded, year, raws)
    figures = pending.figures
    append = figures.append
    for start, end, kind, value, value_end, unit, qualifier, _ in raws:
        if kind in TIME_KINDS:
            pending.dated = True
        figure = _Building()
        figure.text = text[start:end]
        figure.start = start
        figure.end = end
        figure.kind = kind
        figure.value = value
        figure.value_end = value_end
        figure.unit = unit
        figure.qualifier = qualifier
        figure.source = source
        figure.section_id = section_id
        figure.block_id = block_id
        figure._context = pending
        figure.__class__ = Figure
        append(figure)
    if not lazy:
        pending.resolve()
    return list(figures)


def _folded(text: str) -> str:
    """The text to match on: folded where folding changes what a figure reads as. Not the
    block's search fold (`Block.folded`), which folds more (① → 1, ² → 2, case) and would
    make a block's figures depend on whether it was searched first."""
    needs_fold, table = P.figure_fold()
    return text.translate(table) if needs_fold.search(text) else text


def _block_figures(block, year: int | None, *, lazy: bool = True) -> list[Figure]:
    if not block.kind.has_figures:      # image numbers, code
        return []
    section = block.section
    article = section.article if section is not None else None
    return _extract(
        block.text, _folded(block.text), year,
        article.source if article is not None else "",
        section.id if section is not None else "",
        block.id, lazy=lazy,
    )


def extract_block(block) -> list[Figure]:
    """The figures of one block, in text order, with every field computed (callers run it in
    a worker thread and read the fields elsewhere). Image and code blocks have none."""
    section = block.section
    return _block_figures(block, article_year(section.article if section is not None else None),
                          lazy=False)


def extract_text(text: str, *, year: int | None = None) -> list[Figure]:
    """The figures of a bare string (source, section_id and block_id empty), every field
    computed. Without `year`, the year 今年 refers to is the one the text states (an issue
    line, a dateline: see `period.stated_year`), else unknown."""
    if year is None:
        year = stated_year(text)
    return _extract(text, _folded(text), year, "", "", "", lazy=False)


@contextmanager
def _bulk():
    """Pause the cyclic garbage collector while making many figures at once: they are
    not garbage, and collecting while a hundred thousand fresh objects accumulate (a 10 MB
    corpus) costs a fifth of the extraction. Restored as it was on leaving."""
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def figures_of_section(section, *, include_children: bool = True) -> list[Figure]:
    """The figures of a section's blocks (and its subsections' unless `include_children`
    is false), in reading order. Their context fields (direction, metric, period, sentence)
    are read on first use, block by block."""
    year = article_year(section.article)
    blocks = section.all_blocks() if include_children else iter(section.blocks)
    with _bulk():
        return [figure for block in blocks for figure in _block_figures(block, year)]


def figures_of_corpus(corpus) -> list[Figure]:
    """Every figure of the corpus, article by article, in reading order. Their context
    fields (direction, metric, period, sentence) are read on first use, block by block:
    filtering by kind or block first costs nothing for the figures left out."""
    return figures_of_articles(corpus.articles)


def figures_of_articles(articles, *, lazy: bool = True) -> list[Figure]:
    """Every figure of `articles`, in order; with every field computed now unless `lazy`."""
    figures: list[Figure] = []
    with _bulk():
        for article in articles:
            year = article_year(article)
            for block in article.blocks():
                figures.extend(_block_figures(block, year, lazy=lazy))
    return figures
