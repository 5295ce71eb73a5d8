"""Finding the figures of a block: candidates from `patterns.MASTER`, the rules that keep or
drop them (see the package docstring), then direction, period and metric from the sentence."""

from __future__ import annotations

import bisect
import re
import weakref
from dataclasses import dataclass
from decimal import Decimal

from corpus.figures import patterns as P
from corpus.figures.metric import MAX_METRIC, clean, quantity_metric
from corpus.figures.numerals import CN_MAGNITUDES, CN_UNITS, NumeralError, parse_decimal
from corpus.figures.period import article_year, format_date, infer_year, number
from corpus.figures.record import Figure
from corpus.normalize import fold

TIME_KINDS = frozenset({"year", "date"})
VALUE_KINDS = frozenset({"percent", "percentage_point", "money", "measure", "multiple"})
_BARE_MAGNITUDE = frozenset("百千万亿")
_HAN_DIGITS = frozenset("零〇一二两三四五六七八九十百千万亿")
_PARENTHETICAL = re.compile(r"[(（][^()（）]*[)）]")


@dataclass
class _Raw:
    start: int
    end: int
    kind: str
    value: float | None
    value_end: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    period: str | None = None       # for years and dates: the resolved date
    direction: str | None = None
    metric: str | None = None

    @property
    def is_time(self) -> bool:
        return self.kind in TIME_KINDS


def _factor(mag: str | None) -> Decimal:
    factor = Decimal(1)
    for char in mag or "":
        factor *= CN_MAGNITUDES.get(char) or CN_UNITS[char]
    return factor


def _month(text: str | None) -> int | None:
    value = number(text)
    return value if value is None or 1 <= value <= 12 else -1


def _join(*parts: str | None) -> str | None:
    kept = [part for part in parts if part]
    return "、".join(kept) if kept else None


# ---- candidates ---------------------------------------------------------------------------

def _scan(text: str, folded: str, year: int | None) -> list[_Raw]:
    found: list[_Raw] = []
    for match in P.MASTER.finditer(folded):
        name = match.lastgroup
        if name == "issue":
            continue
        detail = P.DETAILED_RE[name].match(folded, match.start())
        if detail is None:          # cannot happen: same pattern, same place
            continue
        raw = _HANDLERS[name](detail, text, folded, year)
        if raw is not None:
            found.append(raw)
    return found


def _year_range(m, text, folded, year) -> _Raw | None:
    first, last = number(m.group("y1")), number(m.group("y2"))
    if first is None or last is None or last <= first:
        return None
    return _Raw(m.start(), m.end(), "year", float(first), float(last), period=f"{first}—{last}年")


def _date(m, text, folded, year) -> _Raw | None:
    y = number(m.group("y"))
    m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
    if y is None or m1 == -1 or m2 == -1:
        return None
    day = number(m.group("d"))
    part = m.group("mpart") or m.group("ypart")
    if m1 is None and part in (None, "度"):
        return _Raw(m.start(), m.end(), "year", float(y), period=f"{y}年")
    return _Raw(m.start(), m.end(), "date", float(y),
                period=format_date(y, m1, m2, day, part, fallback=text[m.start():m.end()]))


def _relative_date(m, text, folded, year) -> _Raw | None:
    m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
    if m1 == -1 or m2 == -1:
        return None
    y = None if year is None else year + P.RELATIVE_YEARS[m.group("rel")]
    part = m.group("mpart") or m.group("ypart")
    return _Raw(m.start(), m.end(), "date", None if y is None else float(y),
                period=format_date(y, m1, m2, number(m.group("d")), part, fallback=text[m.start():m.end()]))


def _month_date(m, text, folded, year) -> _Raw | None:
    start = m.start()
    if start and folded[start - 1] in "第每":
        return None
    m1, m2 = _month(m.group("m1")), _month(m.group("m2"))
    day = number(m.group("d"))
    return _Raw(start, m.end(), "date", None if year is None else float(year),
                period=format_date(year, m1, m2, day, m.group("mpart"), fallback=text[start:m.end()]))


def _ordinal(m, text, folded, year) -> _Raw | None:
    if m.group("top"):
        value = number(m.group("top"))
        if not value:
            return None
        return _Raw(m.start(), m.end(), "ordinal", float(value), unit=m.group("topunit"), qualifier="前")
    digits = m.group("num")
    unit = m.group("unit")
    chinese = digits[0] in _HAN_DIGITS
    try:
        value = float(parse_decimal(digits))
    except NumeralError:
        return None
    if chinese and (unit is None or value == 1 or set(digits) <= _BARE_MAGNITUDE):
        return None                 # 第二集装箱码头, 第一次, 第六指
    end = m.end()
    if unit in ("个年头",):
        reported = "年"
    elif unit == "大" or unit is None:
        reported = None
    else:
        reported = P.UNITS.get(unit, ("", unit))[1] or text[m.start("unit"):m.end("unit")]
    return _Raw(m.start(), end, "ordinal", value, unit=reported)


def _half(m, text, folded, year) -> _Raw | None:
    value = number(m.group("num"))
    if value is None:
        return None
    unit = {"钟头": "小时"}.get(m.group("unit"), m.group("unit"))
    return _Raw(m.start(), m.end(), "duration", value + 0.5, unit=unit)


def _quantity(m, text, folded, year) -> _Raw | None:
    start = m.start()
    pre, digits, unit = m.group("pre"), m.group("num"), m.group("unit")
    percent_words = m.group("pct")
    if pre is None and start and folded[start - 1] == "每":
        return None                 # 每三吨焊接管: the base of a rate, not a figure
    if unit is None and not percent_words:
        return None                 # 5G, 2.0版, 500强, 从0到1, list markers
    chinese = digits[0] in _HAN_DIGITS
    half = m.group("half")
    if chinese:
        if unit is not None and unit not in P.CN_UNIT_OK:
            return None
        if (digits == "一" and not half) or digits == "二":
            return None             # 一所大学, 一吨烧结矿 (an article); 二次转型 (a word)
        if set(digits) <= _BARE_MAGNITUDE and not pre:
            return None             # 百年, 千行百业, 万亿级: bare magnitudes need a qualifier
    if percent_words:
        kind, reported = "percent", "%"
    else:
        kind, reported = P.UNITS[unit]
        if reported is None and unit != "大":
            reported = text[m.start("unit"):m.end("unit")]
    try:
        value = parse_decimal(digits) * _factor(m.group("mag") or m.group("mag2"))
        value_end = None
        if m.group("num2"):
            value_end = parse_decimal(m.group("num2")) * _factor(m.group("mag2"))
    except (NumeralError, KeyError):
        return None
    end = m.end()
    if half:
        if kind != "duration":
            end = m.end("unit")
        else:
            value += Decimal("0.5")
    post = m.group("post")
    if post and ((post == "多" and kind != "duration") or (post == "级" and kind != "measure")):
        end = m.start("post")
        post = None
    if value_end is not None and value_end <= value:
        value_end = None
    qualifier = _join(pre, m.group("approx"), post)
    return _Raw(start, end, kind, float(value), None if value_end is None else float(value_end),
                unit=reported, qualifier=qualifier)


_HANDLERS = {
    "yrange": _year_range, "date": _date, "reldate": _relative_date, "monthdate": _month_date,
    "ordinal": _ordinal, "half": _half, "qty": _quantity,
}


# ---- context: sentence, clause, direction, period, metric ----------------------------------

class _Context:
    def __init__(self, text: str, folded: str, year: int | None) -> None:
        self.text, self.folded, self.year = text, folded, year
        self.sentences = [(s.start(), s.end()) for s in P.SENTENCE.finditer(text) if s.end() > s.start()]
        self.sentence_starts = [s for s, _ in self.sentences]
        breaks = [(b.start(), b.end()) for b in P.CLAUSE_BREAK.finditer(text)]
        self.break_starts = [s for s, _ in breaks]
        self.break_ends = [e for _, e in breaks]
        self.breaks = breaks
        self.titles = [(t.start(), t.end()) for t in P.TITLE.finditer(text)]

    def sentence_of(self, pos: int) -> tuple[int, int]:
        index = max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)
        return self.sentences[index] if self.sentences else (0, len(self.text))

    def clause_of(self, start: int, end: int, sentence: tuple[int, int]) -> tuple[int, int]:
        i = bisect.bisect_right(self.break_ends, start) - 1
        clause_start = max(self.break_ends[i] if i >= 0 else 0, sentence[0])
        j = bisect.bisect_left(self.break_starts, end)
        clause_end = min(self.break_starts[j] if j < len(self.break_starts) else len(self.text), sentence[1])
        return clause_start, clause_end

    def in_title(self, pos: int) -> tuple[int, int] | None:
        for start, end in self.titles:
            if start < pos < end:
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


def _period(raw: _Raw, times: list[_Raw], quantities: list[_Raw], ctx: _Context,
            sentence: tuple[int, int], clause: tuple[int, int]) -> str | None:
    text = ctx.text
    chosen: _Raw | None = None
    quantity_starts = {q.start for q in quantities}
    for t in times:
        if t.end > raw.start:
            break
        if ctx.in_title(t.start):
            continue
        # 从2020年的100多万元: a time bound to the figure right after it dates only that one.
        if text[t.end:t.end + 1] == "的" and t.end + 1 in quantity_starts and t.end + 1 != raw.start:
            continue
        chosen = t
    if chosen is not None:
        period = chosen.period
        lead = text[max(sentence[0], chosen.start - 3):chosen.start]
        if lead.endswith("截至"):
            period = "截至" + period
        elif lead.endswith("到"):
            period = "到" + period
        tail = text[chosen.end:chosen.end + 2]
        if tail.startswith("以来") or (lead.endswith("自") and "以来" in text[chosen.end:clause[1]]):
            period += "以来"
        elif tail.startswith("起"):
            period += "起"
        return period
    words = list(P.RELATIVE_TIME.finditer(text, sentence[0], raw.start))
    if words:
        return _resolve_relative(words[-1].group(1), ctx.year)
    return None


def _strip_spans(text: str, start: int, end: int, spans: list[_Raw]) -> str:
    pieces, cursor = [], start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        pieces.append(text[cursor:max(cursor, span.start)])
        cursor = max(cursor, span.end)
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _quantity_metric(raw: _Raw, figures: list[_Raw], ctx: _Context, clause: tuple[int, int]) -> str | None:
    text = ctx.text
    previous_end = clause[0]
    next_start = clause[1]
    for other in figures:
        if other is raw or other.is_time:
            if other is not raw and other.start >= raw.end:
                next_start = min(next_start, other.start)
            continue
        if other.end <= raw.start:
            previous_end = max(previous_end, other.end)
        elif other.start >= raw.end:
            next_start = min(next_start, other.start)
    before_end = raw.start
    if raw.start and text[raw.start - 1] in "(（":
        before_end = raw.start - 1
    before = _strip_spans(text, previous_end, before_end, [f for f in figures if f.is_time])
    if before_end != raw.start:
        before = re.sub(r"最大|最多|最高|最小|最少$", "", before)
        before = re.sub(r"^创下", "", before)
    after = text[raw.end:max(raw.end, next_start)]
    return quantity_metric(before, after, raw.kind, text[raw.end:clause[1]])


def _event(phrase: str) -> str:
    phrase = clean(phrase)
    return phrase[:MAX_METRIC]


def _time_metric(raw: _Raw, figures: list[_Raw], ctx: _Context, sentence: tuple[int, int],
                 clause: tuple[int, int]) -> str | None:
    text = ctx.text
    title = ctx.in_title(raw.start)
    if title is not None:
        return _PARENTHETICAL.sub("", text[title[0] + 1:title[1] - 1]).strip() or None
    if text[raw.end:raw.end + 2] in ("摄)", "摄）") or text[raw.end:raw.end + 1] == "摄":
        return "拍摄日期"

    def cut(start: int, end: int) -> str:
        for other in figures:
            if other.kind in VALUE_KINDS and start <= other.start < end:
                end = other.start
                break
        return _strip_spans(text, start, end, [f for f in figures if f.is_time])

    after = _event(cut(raw.end, clause[1]))
    if len(after) >= 2:
        return after
    before = _event(_strip_spans(text, clause[0], raw.start, [f for f in figures if f.is_time]))
    if len(before) >= 4:
        return before
    # The date is a clause of its own: the next clause says what happened.
    j = bisect.bisect_left(ctx.break_starts, clause[1])
    if clause[1] < sentence[1] and j < len(ctx.breaks):
        next_start = ctx.breaks[j][1]
        k = bisect.bisect_left(ctx.break_starts, next_start)
        next_end = min(ctx.break_starts[k] if k < len(ctx.break_starts) else len(text), sentence[1])
        following = _event(cut(next_start, next_end))
        if len(following) >= 2:
            return following
    return before or None


def _annotate(raws: list[_Raw], ctx: _Context) -> None:
    text, folded = ctx.text, ctx.folded
    last_period: str | None = None
    last_sentence: tuple[int, int] | None = None
    index = 0
    while index < len(raws):
        sentence = ctx.sentence_of(raws[index].start)
        group = []
        while index < len(raws) and raws[index].start < sentence[1]:
            group.append(raws[index])
            index += 1
        times = [r for r in group if r.is_time]
        quantities = [r for r in group if not r.is_time]
        sentence_text = text[sentence[0]:sentence[1]].lstrip(" ●•")
        starts_with_subset = sentence_text.startswith("其中")
        previous_metric: str | None = None
        for raw in group:
            clause = ctx.clause_of(raw.start, raw.end, sentence)
            if raw.is_time:
                raw.metric = _time_metric(raw, group, ctx, sentence, clause)
                continue
            window = folded[max(clause[0], raw.start - 10):raw.start]
            direction = P.DIRECTION.search(window)
            if direction:
                word = direction.group(1)
                raw.direction = P.DIRECTION_BASE.get(word, word)
            raw.period = _period(raw, times, quantities, ctx, sentence, clause)
            if raw.period is None and starts_with_subset and last_sentence is not None:
                raw.period = last_period
            metric = _quantity_metric(raw, group, ctx, clause)
            raw.metric = metric or previous_metric
            previous_metric = raw.metric
        periods = [r.period for r in group if r.period]
        last_period = periods[-1] if periods else None
        last_sentence = sentence


# ---- public --------------------------------------------------------------------------------

def _extract(text: str, folded: str, year: int | None, source: str, section_id: str,
             block_id: str) -> list[Figure]:
    raws = _scan(text, folded, year)
    if not raws:
        return []
    ctx = _Context(text, folded, year)
    _annotate(raws, ctx)
    figures = []
    for raw in raws:
        sentence = ctx.sentence_of(raw.start)
        figures.append(Figure(
            text=text[raw.start:raw.end], start=raw.start, end=raw.end, kind=raw.kind,
            value=raw.value, value_end=raw.value_end, unit=raw.unit, qualifier=raw.qualifier,
            direction=raw.direction, metric=raw.metric or None, period=raw.period,
            sentence=text[sentence[0]:sentence[1]].strip().lstrip("●• "),
            source=source, section_id=section_id, block_id=block_id,
        ))
    return figures


_cache: "weakref.WeakKeyDictionary[object, tuple[str, list[Figure]]]" = weakref.WeakKeyDictionary()


def extract_block(block) -> list[Figure]:
    """The figures of one block, in text order. Blocks of kind image have none."""
    if block.kind.value == "image":
        return []
    cached = _cache.get(block)
    if cached is not None and cached[0] is block.text:
        return cached[1]
    section = block.section
    article = section.article if section is not None else None
    figures = _extract(
        block.text, block.folded, article_year(article),
        source=article.source if article is not None else "",
        section_id=section.id if section is not None else "",
        block_id=block.id,
    )
    _cache[block] = (block.text, figures)
    return figures


def extract_text(text: str, *, year: int | None = None) -> list[Figure]:
    """The figures of a bare string (source, section_id and block_id empty). Without `year`,
    the year 今年 refers to is inferred from the text itself (see `period.infer_year`)."""
    if year is None:
        year = infer_year(text)
    return _extract(text, fold(text), year, "", "", "")


def figures_of_section(section, *, include_children: bool = True) -> list[Figure]:
    blocks = section.all_blocks() if include_children else iter(section.blocks)
    return [figure for block in blocks for figure in extract_block(block)]


def figures_of_corpus(corpus) -> list[Figure]:
    return [figure for block in corpus.blocks() for figure in extract_block(block)]
