"""Finding the figures of a block: candidates from the patterns in `patterns`, the rules that
keep or drop them (see the package docstring), then direction, period and metric from the
sentence.

Written for speed (the sidebar extracts on every section change; the bench asks ≥ 5 MB/s):
candidates are found by scanning for numerals in C (`patterns.TRIGGER`) and matching only
there; sentence and clause bounds are found with `rfind`/`find` around each figure instead of
splitting whole blocks; a block without numerals costs one regex scan.
"""

from __future__ import annotations

import gc
import re
import threading
from contextlib import contextmanager

from corpus.figures import patterns as P
from corpus.figures.metric import MAX_METRIC, clean, quantity_metric
from corpus.figures.numerals import NumeralError, parse_decimal, scaled
from corpus.figures.period import article_year, format_date, infer_year, number
from corpus.figures.record import Figure

TIME_KINDS = frozenset({"year", "date"})
VALUE_KINDS = frozenset({"percent", "percentage_point", "money", "measure", "multiple"})
_BARE_MAGNITUDE = frozenset("百千万亿")
_HAN_DIGITS = frozenset("零〇一二两三四五六七八九十百千万亿")
_PARENTHETICAL = re.compile(r"[(（][^()（）]*[)）]")
_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』)）]*")
_SENTENCE_END_REVERSED = re.compile(r"[。！？!?]")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?、]|——|……|”(?=“)")
# The same breaks read backwards, on the reversed text (“” swap places when reversed).
_CLAUSE_BREAK_REVERSED = re.compile(r"[，,；;：:。！？!?、]|——|……|“(?=”)")
# A digit run after these is not a figure start the fast path may take (每三吨, 2.0, v2 …).
_FAST_NOT_AFTER = frozenset("每.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_TIME_PREPOSITION = re.compile(r"(?:自|从|于|在|到|截至|截止到|截止)$")


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

def _scan(text: str, folded: str, year: int | None) -> list[_Raw]:
    found: list[_Raw] = []
    leads, lead_ends = P.LEAD_WORDS, P.LEAD_ENDS
    ordinal_words, relative_words = ("第", "前"), P.RELATIVE_YEARS
    at_year, at_month, at_half = P.AT_YEAR.match, P.AT_MONTH.match, P.AT_HALF.match
    at_relative, at_ordinal, at_qualifier = P.AT_RELATIVE.match, P.AT_ORDINAL.match, P.AT_QUALIFIER.match
    at_arabic, at_han = P.AT_ARABIC.match, P.AT_HAN_NUMERAL.match
    fast_quantity, fast_magnitudes, units = P.FAST_QUANTITY.match, P.FAST_MAGNITUDES, P.UNITS
    fast_not_after = _FAST_NOT_AFTER
    length = len(folded)
    done = 0
    for trigger in P.TRIGGER.finditer(folded):
        position, run_end = trigger.span()
        if position < done:
            continue
        match = None
        if position and folded[position - 1] in lead_ends:
            # 超过170家, 第1000艘, 前20强, 今年7月底: the word before belongs to the figure.
            for k in (3, 2, 1):
                if position - k < done:
                    continue
                word = folded[position - k:position]
                if word in leads[k]:
                    if word in ordinal_words:
                        match = at_ordinal(folded, position - k)
                    elif word in relative_words:
                        match = at_relative(folded, position - k)
                    else:
                        match = at_qualifier(folded, position - k)
                    if match is not None:
                        break
        if match is None:
            first = folded[position]
            after = folded[run_end] if run_end < length else ""
            run = run_end - position
            if run == 1 and (first == "一" or first == "二") and after != "点" and after != "季" \
                    and folded[run_end:run_end + 2] != "个半" and not (
                        after in "年天月周" and folded[run_end + 1:run_end + 3] not in ("半载", "")
                        and folded[run_end + 1] == "半"):
                continue            # 一批, 一个, 二次: never a figure on its own (see _quantity)
            if first in "今去明前本上":
                match = at_relative(folded, position)
                if match is None:
                    continue
            elif run == 4 and after and after in "年—–-~至到" and first in "12一二":
                match = at_year(folded, position)
            elif run <= 2 and after and after in "月至到—–-~" and "0" <= first <= "9":
                match = at_month(folded, position)
            elif after == "个" and folded[run_end + 1:run_end + 2] == "半":
                match = at_half(folded, position)
            if match is None:
                if "0" <= first <= "9" and (not position or folded[position - 1] not in fast_not_after):
                    # 2449架, 12.8%, 2821亿元: the common case, one small regex and no handler.
                    fast = fast_quantity(folded, position)
                    if fast is not None:
                        number, magnitude, unit_text = fast.groups()
                        unit = units[unit_text]
                        if unit[1] is not None:
                            done = fast.end()
                            found.append((position, done, unit[0],
                                          float(number + fast_magnitudes[magnitude]) if magnitude
                                          else float(number), None, unit[1], None, None))
                            continue
                    match = at_arabic(folded, position)
                else:
                    match = at_han(folded, position)
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
        if not pre and set(digits) <= _BARE_MAGNITUDE:
            return None             # 百年, 千行百业, 万亿级: bare magnitudes need a qualifier
    if reported is None and unit != "大":
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
    "ordinal": _ordinal, "half": _half, "qty": _quantity,
}


# ---- context: sentence, clause, direction, period, metric ----------------------------------

def _sentence_bounds(text: str, reversed_text: str, position: int) -> tuple[int, int]:
    n = len(text)
    back = _SENTENCE_END_REVERSED.search(reversed_text, n - position)
    start = n - back.start() if back else 0
    ahead = _SENTENCE_END.search(text, position)
    return start, ahead.end() if ahead else n


def _titles(text: str, sentence: tuple[int, int]) -> list[tuple[int, int]]:
    if "《" not in text[sentence[0]:sentence[1]]:
        return []
    return [(t.start(), t.end()) for t in P.TITLE.finditer(text, sentence[0], sentence[1])]


def _in_title(titles: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    for start, end in titles:
        if start < position < end:
            return start, end
    return None


def _resolve_relative(word: str, year: int | None) -> str | None:
    since = word.endswith("以来")
    base = word[:-2] if since else word
    if year is None:
        return word
    offset = P.RELATIVE_YEARS.get(base)
    if offset is None:
        return None
    return f"{year + offset}年" + ("以来" if since else "")


def _relatives(text: str, sentence: tuple[int, int], year: int | None) -> list[tuple[int, str | None]]:
    """(position, resolved period) of every bare 今年/去年/今年以来 in the sentence."""
    found = []
    for match in P.RELATIVE_TIME.finditer(text, sentence[0], sentence[1]):
        found.append((match.start(), _resolve_relative(match.group(1), year)))
    return found


def _time_period(t: _Raw, text: str, sentence: tuple[int, int], clause_end: int) -> str:
    """The period a date gives the figures after it: 截至2024年底, 到2027年, 2024年以来."""
    t_start, t_end, period = t[0], t[1], t[7]
    lead = text[max(sentence[0], t_start - 3):t_start]
    if lead.endswith("截至"):
        period = "截至" + period
    elif lead.endswith("到"):
        period = "到" + period
    tail = text[t_end:t_end + 2]
    if tail.startswith("以来") or (lead.endswith("自") and "以来" in text[t_end:clause_end]):
        period += "以来"
    elif tail.startswith("起"):
        period += "起"
    return period


def _strip_times(text: str, start: int, end: int, times: list[_Raw]) -> str:
    if not times:
        return text[start:end]
    pieces, cursor = [], start
    for span in times:
        if span[1] <= start or span[0] >= end:
            continue
        piece = text[cursor:max(cursor, span[0])]
        # 自2018年5月实施以来, 截至2024年底: the preposition goes with the date.
        pieces.append(_TIME_PREPOSITION.sub("", piece))
        cursor = max(cursor, span[1])
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _time_metric(raw: _Raw, group: list[_Raw], times: list[_Raw], text: str,
                 titles: list[tuple[int, int]], sentence: tuple[int, int],
                 clause: tuple[int, int]) -> str | None:
    start, end = raw[0], raw[1]
    title = _in_title(titles, start) if titles else None
    if title is not None:
        return _PARENTHETICAL.sub("", text[title[0] + 1:title[1] - 1]).strip() or None
    if text[end:end + 1] == "摄":
        return "拍摄日期"

    def cut(left: int, right: int) -> str:
        for other in group:
            if other[2] in VALUE_KINDS and left <= other[0] < right:
                right = other[0]
                break
        return _strip_times(text, left, right, times)

    after = clean(cut(end, clause[1]))
    if len(after) >= 2:
        return after[:MAX_METRIC]
    before = clean(_strip_times(text, clause[0], start, times))
    if len(before) >= 4:
        return before[:MAX_METRIC]
    # The date is a clause of its own: the next clause says what happened.
    if clause[1] < sentence[1]:
        ahead = _CLAUSE_BREAK.match(text, clause[1])
        next_start = ahead.end() if ahead else clause[1] + 1
        following = _CLAUSE_BREAK.search(text, next_start, sentence[1])
        next_end = following.start() if following else sentence[1]
        phrase = clean(cut(next_start, next_end))
        if len(phrase) >= 2:
            return phrase[:MAX_METRIC]
    return before[:MAX_METRIC] or None


_FIGURE_NEW = object.__new__


def _context(text: str, folded: str, year: int | None, raws: list[_Raw]) -> list[tuple]:
    """(direction, metric, period, sentence) of each candidate, read from its sentence."""
    contexts: list[tuple] = []
    append = contexts.append
    n = len(text)
    reversed_text = text[::-1]
    clause_back = _CLAUSE_BREAK_REVERSED.search
    clause_ahead = _CLAUSE_BREAK.search
    direction_search = P.DIRECTION.search
    direction_base = P.DIRECTION_BASE
    last_period: str | None = None
    index, count = 0, len(raws)
    while index < count:
        # One sentence at a time: its figures share the context.
        sentence = _sentence_bounds(text, reversed_text, raws[index][0])
        s_start, s_end = sentence
        stop = index
        while stop < count and raws[stop][0] < s_end:
            stop += 1
        group = raws[index:stop]
        index = stop
        size = len(group)
        sentence_text = text[s_start:s_end].strip().lstrip("●•” ")
        times = [r for r in group if r[2] in TIME_KINDS]
        titles = _titles(text, sentence) if "《" in sentence_text else []
        relatives = None
        time_periods: dict[int, str] = {}
        subset = sentence_text.startswith("其中")
        previous_metric: str | None = None
        previous_end = -1
        group_periods = []
        for position in range(size):
            raw = group[position]
            start, end, kind, value, value_end, unit, qualifier, period = raw
            back = clause_back(reversed_text, n - start, n - s_start)
            c_start = n - back.start() if back else s_start
            ahead = clause_ahead(text, end, s_end)
            c_end = ahead.start() if ahead else s_end
            direction = None
            if kind in TIME_KINDS:
                metric = _time_metric(raw, group, times, text, titles, sentence, (c_start, c_end))
            else:
                if start and folded[start - 1] in P.DIRECTION_LAST:
                    found = direction_search(folded, max(c_start, start - 10), start)
                    if found:
                        word = found.group(1)
                        direction = direction_base.get(word, word)
                # Period: the nearest date before it in the sentence (not one inside a
                # document title, not one bound to another figure: 从2020年的100多万元) …
                chosen = None
                for t in times:
                    if t[1] > start:
                        break
                    if titles and _in_title(titles, t[0]):
                        continue
                    if t[1] + 1 != start and text[t[1]:t[1] + 1] == "的" and any(
                            r[0] == t[1] + 1 and r[2] not in TIME_KINDS for r in group):
                        continue
                    chosen = t
                if chosen is not None:
                    period = time_periods.get(chosen[0])
                    if period is None:
                        period = time_periods[chosen[0]] = _time_period(chosen, text, sentence, c_end)
                else:
                    # … else 今年/去年 before it, else (其中…) the previous sentence's.
                    if relatives is None:
                        relatives = _relatives(text, sentence, year) if "年" in sentence_text else ()
                    for word_start, resolved in relatives:
                        if word_start >= start:
                            break
                        period = resolved
                    if period is None and subset:
                        period = last_period
                if period:
                    group_periods.append(period)
                # Metric: from the clause, between the figures around this one.
                following = group[position + 1][0] if position + 1 < size else c_end
                before_from = max(c_start, previous_end, start - 60)
                before_end = start - 1 if start and text[start - 1] in "(（" else start
                before = _strip_times(text, before_from, before_end, times) if times \
                    else text[before_from:before_end]
                after = text[end:min(following, c_end, end + 40)] if following > end else ""
                metric = quantity_metric(before, after, kind,
                                         text[end:c_end] if kind == "duration" else "") or previous_metric
                previous_metric = metric
                previous_end = end
            append((direction, metric or None, period, sentence_text))
        last_period = group_periods[-1] if group_periods else None
    return contexts


class _Pending:
    """The context fields (direction, metric, period, sentence) of a block's figures, read
    from the sentences on first use — together, since a figure's metric and period can come
    from the figures before it. Finding figures (spans, values, units, kinds) is eager."""

    __slots__ = ("text", "folded", "year", "raws", "figures")

    def __init__(self, text: str, folded: str, year: int | None, raws: list[_Raw]) -> None:
        self.text, self.folded, self.year, self.raws = text, folded, year, raws
        self.figures: list[Figure] = []

    def resolve(self) -> None:
        with _RESOLVING:
            if not self.figures or "_context" not in self.figures[0].__dict__:
                return
            contexts = _context(self.text, self.folded, self.year, self.raws)
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
    pending = _Pending(text, folded, year, raws)
    figures = pending.figures
    new = _FIGURE_NEW
    for start, end, kind, value, value_end, unit, qualifier, _ in raws:
        figure = new(Figure)
        # Figure is frozen; its generated __init__ sets each field through object.__setattr__,
        # which costs more than finding the figure. Same fields, set directly.
        figure.__dict__.update(
            text=text[start:end], start=start, end=end, kind=kind, value=value,
            value_end=value_end, unit=unit, qualifier=qualifier, source=source,
            section_id=section_id, block_id=block_id, _context=pending,
        )
        figures.append(figure)
    if not lazy:
        pending.resolve()
    return list(figures)


def _folded(text: str) -> str:
    """The text to match on: folded where folding changes what a figure reads as."""
    return text.translate(P.FIGURE_FOLD) if P.NEEDS_FOLD.search(text) else text


def _folded_block(block) -> str:
    cached = block.__dict__.get("folded")      # computed already (by search): reuse it
    return cached if cached is not None else _folded(block.text)


def _block_figures(block, year: int | None, *, lazy: bool = True) -> list[Figure]:
    if block.kind.value == "image":
        return []
    section = block.section
    article = section.article if section is not None else None
    return _extract(
        block.text, _folded_block(block), year,
        source=article.source if article is not None else "",
        section_id=section.id if section is not None else "",
        block_id=block.id, lazy=lazy,
    )


def extract_block(block) -> list[Figure]:
    """The figures of one block, in text order, with every field computed (callers run it in
    a worker thread and read the fields elsewhere). Blocks of kind image have none."""
    section = block.section
    return _block_figures(block, article_year(section.article if section is not None else None),
                          lazy=False)


def extract_text(text: str, *, year: int | None = None) -> list[Figure]:
    """The figures of a bare string (source, section_id and block_id empty), every field
    computed. Without `year`, the year 今年 refers to is inferred from the text itself (see
    `period.infer_year`)."""
    if year is None:
        year = infer_year(text)
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
    figures: list[Figure] = []
    with _bulk():
        for article in corpus.articles:
            year = article_year(article)
            for block in article.blocks():
                figures.extend(_block_figures(block, year))
    return figures
