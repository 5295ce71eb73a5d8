"""The context fields of a block's figures: the sentence each is in, its direction (增长,
下降 … right before it), its period and its metric (see the package docstring).

Read a block at a time, a sentence at a time, for the figures `extract._scan` found there
(its candidate tuples, in text order). Written for speed, since `tanwen figures --json` and
the bench read these fields for every figure: one scan finds a block's sentence ends and
another its bare 今年/去年; a figure costs a search back to its clause start and one match
after it (`_noun_after`); the date handling (the period chosen among the dates of the
sentence, document titles, a date's own metric) runs only in sentences that have dates.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures.metric import (
    MAX_METRIC, MEASURED_MAY_END, NOUN_AFTER, clean, clean_noun, metric_of, noun_after,
    quantity_metric,
)

TIME_KINDS = frozenset({"year", "date"})
VALUE_KINDS = frozenset({"percent", "percentage_point", "money", "measure", "multiple"})
_PARENTHETICAL = re.compile(r"[(（][^()（）]*[)）]")
_TIME_PREPOSITION = re.compile(r"(?:自|从|于|在|到|截至|截止到|截止)$")
_KIND = itemgetter(2)
_OPENING = frozenset("(（")
_BREAK_FIRST = frozenset("，,；;：:。！？!?、—…”")     # where a clause break can start
_PAIRED = {"—": "—", "…": "…", "”": "“"}            # … and the next character of one
_NOUN_AFTER = NOUN_AFTER.match
_SENTENCES = P.SENTENCE_END.finditer
_CLAUSE_AHEAD = P.CLAUSE_BREAK.search
_CLAUSE_BACK = P.CLAUSE_BREAK_REVERSED.search
_DIRECTION_LAST, _DIRECTION, _DIRECTION_BASE = P.DIRECTION_LAST, P.DIRECTION.search, P.DIRECTION_BASE


def read_context(text: str, folded: str, year: int | None, raws: list[tuple],
                 dated: bool | None = None) -> list[tuple]:
    """(direction, metric, period, sentence) of each candidate in `raws` (the tuples of
    `extract._scan`: start, end, kind, value, value_end, unit, qualifier, period). `dated`:
    whether a year or a date is among them, when the caller knows."""
    contexts: list[tuple] = []
    append = contexts.append
    n = len(text)
    reversed_text = text[::-1]
    if dated is None:
        dated = not TIME_KINDS.isdisjoint(map(_KIND, raws))
    # 今年/去年 … (bare, not part of a date figure) with the period each resolves to.
    relatives = _relatives(text, year) if "年" in text else None
    last_period: str | None = None          # the period of the previous sentence's figures
    index, count = 0, len(raws)
    sentence_start = 0
    ends = _SENTENCES(text)
    while index < count:
        # The sentence of raws[index]: from the end of the last run of 。！？ before it to
        # the end of the first sentence end after it. Figures never hold 。！？.
        first = raws[index][0]
        for end_match in ends:
            if end_match.start() > first:
                s_start, s_end = sentence_start, end_match.end()
                sentence_start = end_match.end(1)
                break
            sentence_start = end_match.end(1)
        else:
            s_start, s_end = sentence_start, n
        stop = index + 1
        while stop < count and raws[stop][0] < s_end:
            stop += 1
        sentence_text = text[s_start:s_end].strip().lstrip("●•” ")
        times = None
        if dated:
            group = raws[index:stop]
            times = [raw for raw in group if raw[2] in TIME_KINDS]
            titles = _titles(text, s_start, s_end) if times and "《" in sentence_text else None
            time_periods: dict[int, str] = {}
        previous_metric: str | None = None
        previous_end = -1
        group_period: str | None = None
        for position in range(index, stop):
            raw = raws[position]
            start, end, kind = raw[0], raw[1], raw[2]
            # Folding keeps "(" and maps "（" to it: the folded text tells an opening bracket.
            previous_char = folded[start - 1] if start else ""
            before_end = start - 1 if previous_char in _OPENING else start
            # What follows the figure: up to the next figure, 40 characters or the clause end.
            window = raws[position + 1][0] if position + 1 < stop else s_end
            if window > end + 40:
                window = end + 40
            noun = verb_phrase = None
            chosen = None
            if times:
                # The clause: from the last break before the figure to the first after it.
                back = _CLAUSE_BACK(reversed_text, n - start, n - s_start)
                c_start = n - back.start() if back else s_start
                ahead = _CLAUSE_AHEAD(text, end, s_end)
                c_end = ahead.start() if ahead else s_end
                if kind in TIME_KINDS:
                    metric = _time_metric(raw, group, times, text, titles, (s_start, s_end), (c_start, c_end))
                    append((None, metric or None, raw[7], sentence_text))
                    continue
                chosen = _date_before(start, group, times, titles, text)
            elif kind != "duration":
                noun, verb_phrase = _noun_after(text, end, window, s_end)
            # Period: the nearest date before it in the sentence, else 今年/去年 before it,
            # else (其中…) the previous sentence's.
            if chosen is not None:
                period = time_periods.get(chosen[0])
                if period is None:
                    period = time_periods[chosen[0]] = _time_period(chosen, text, s_start, c_end)
            else:
                period = None
                if relatives:
                    found_at = bisect_left(relatives[0], start) - 1
                    if found_at >= 0 and relatives[0][found_at] >= s_start:
                        period = relatives[1][found_at]
                if period is None and last_period is not None and sentence_text.startswith("其中"):
                    period = last_period
            if period:
                group_period = period
            if noun and previous_char not in _DIRECTION_LAST and (
                    not before_end or text[before_end - 1] not in MEASURED_MAY_END):
                # No direction, and the words before cannot name a measured quantity: the
                # noun after the figure is its metric, whatever the clause before holds.
                direction = None
                metric = noun
            else:
                if not times:
                    back = _CLAUSE_BACK(reversed_text, n - start, n - s_start)
                    c_start = n - back.start() if back else s_start
                # Direction: 增长, 下降 … right before the figure.
                direction = None
                if previous_char in _DIRECTION_LAST:
                    found = _DIRECTION(folded, c_start if c_start > start - 10 else start - 10, start)
                    if found:
                        word = found.group(1)
                        direction = _DIRECTION_BASE.get(word, word)
                # Metric: from the clause, between the figures around this one.
                before_from = c_start if c_start > previous_end else previous_end
                if start - 60 > before_from:
                    before_from = start - 60
                before = _strip_times(text, before_from, before_end, times) if times \
                    else text[before_from:before_end]
                if noun is None:
                    if not times:
                        ahead = _CLAUSE_AHEAD(text, end, s_end)
                        c_end = ahead.start() if ahead else s_end
                    after = text[end:min(window, c_end)] if window > end else ""
                    metric = quantity_metric(before, after, kind,
                                             text[end:c_end] if kind == "duration" else "")
                else:
                    metric = metric_of(before, noun, verb_phrase, kind)
            metric = metric or previous_metric
            if kind == "ordinal" and raw[5] == "大":
                metric = "党的全国代表大会"      # 十五大: the 15th National Congress
            previous_metric = metric
            previous_end = end
            append((direction, metric or None, period, sentence_text))
        last_period = group_period
        index = stop
    if "分别" in text:
        _respectively(text, raws, contexts)
    return contexts


_CONNECTOR_GAP = 3          # 15.6%和21%: what may stand between figures said together
_RESPECTIVELY_GAP = 8       # 同比分别增长15.6%: between 分别 and the first of them


def _respectively(text: str, raws: list[tuple], contexts: list[tuple]) -> None:
    """`工业总产值1.8亿元，利税2300万元，分别增长15.6%和21%`: the figures after 分别 measure,
    in order, what the figures before it in the sentence measure, and share the direction
    said once (contexts changed in place)."""
    at = text.find("分别")
    while at >= 0:
        before_sentence = P.SENTENCE_END.search(text[::-1], len(text) - at)
        s_start = len(text) - before_sentence.start() if before_sentence else 0
        group: list[int] = []
        for position, raw in enumerate(raws):
            if raw[0] < at or raw[2] in TIME_KINDS:
                continue
            gap_from = raws[group[-1]][1] if group else at + 2
            limit = _CONNECTOR_GAP if group else _RESPECTIVELY_GAP
            if raw[0] - gap_from > limit or P.SENTENCE_END.search(text, gap_from, raw[0]):
                break
            group.append(position)
        earlier = [position for position, raw in enumerate(raws)
                   if s_start <= raw[0] < at and raw[2] not in TIME_KINDS]
        if len(group) >= 2 and len(earlier) >= len(group):
            said = contexts[group[0]][0]            # 分别增长 a和b: both grew
            for mine, theirs in zip(group, earlier[-len(group):]):
                direction, _, period, sentence = contexts[mine]
                contexts[mine] = (direction or said, contexts[theirs][1], period, sentence)
        at = text.find("分别", at + 2)


def _noun_after(text: str, start: int, window: int, sentence_end: int) -> tuple[str, str]:
    """`metric.noun_after` of the text from `start` (a figure's end) to `window` or the end
    of the clause, whichever comes first, read with one match in the block text (NOUN_AFTER
    stops at clause breaks): the clause end is searched for only when a verb follows."""
    if window <= start:
        return "", ""
    found = _NOUN_AFTER(text, start, window)
    stop = found.end()
    if stop == window:
        last = text[stop - 1]
        if last in _PAIRED and text.startswith(_PAIRED[last], stop):
            # A —— …… or ”“ break starts on the window's last character: the match could
            # not see its second one. The long way.
            ahead = _CLAUSE_AHEAD(text, start, sentence_end)
            clause_end = ahead.start() if ahead else sentence_end
            return noun_after(text[start:min(window, clause_end)]) if clause_end > start else ("", "")
    elif found.start(1) == stop and text[stop] not in _BREAK_FIRST:
        # A verb right after the figure (and its 的 or quotes): the verb phrase, to the end
        # of the clause.
        ahead = _CLAUSE_AHEAD(text, stop, sentence_end)
        end = ahead.start() if ahead else sentence_end
        if end > window:
            end = window
        return "", clean(text[stop:min(end, stop + MAX_METRIC)])
    return clean_noun(found.group(1)), ""


# ---- periods ------------------------------------------------------------------------------

def _resolve_relative(word: str, year: int | None) -> str | None:
    since = word.endswith("以来")
    base = word[:-2] if since else word
    if year is None:
        return word
    offset = P.RELATIVE_YEARS.get(base)
    if offset is None:
        return None
    return f"{year + offset}年" + ("以来" if since else "")


def _relatives(text: str, year: int | None) -> tuple[list[int], list[str | None]] | None:
    """(positions, resolved periods) of every bare 今年/去年/今年以来 of a block (no such
    word holds 。！？, so those of a sentence are those of the block inside it)."""
    positions, periods = [], []
    for match in P.RELATIVE_TIME.finditer(text):
        start = match.start() - 1
        if start and text[start - 1] in "比较":
            continue                # 比去年增长: the base of a comparison, not the period
        positions.append(start)
        periods.append(_resolve_relative(text[start:match.end()], year))
    return (positions, periods) if positions else None


def _date_before(start: int, group: list[tuple], times: list[tuple],
                 titles: list[tuple[int, int]] | None, text: str) -> tuple | None:
    """The nearest date before `start` in the sentence: not one inside a document title,
    not one bound to another figure (从2020年的100多万元)."""
    chosen = None
    for t in times:
        if t[1] > start:
            break
        if (titles and _in_title(titles, t[0])) or _is_dateline(text, t[1]):
            continue                # 《…2024年…》, 本报南京1月14日电: they date no figure
        if t[1] + 1 != start and text[t[1]:t[1] + 1] == "的" and any(
                r[0] == t[1] + 1 and r[2] not in TIME_KINDS for r in group):
            continue
        chosen = t
    return chosen


def _is_dateline(text: str, date_end: int) -> bool:
    """Whether the date ending at `date_end` is a dateline's (本报南京1月14日电): the date
    the story was filed, not a period of what it reports."""
    return text[date_end:date_end + 1] in ("电", "讯")


def _time_period(t: tuple, text: str, sentence_start: int, clause_end: int) -> str:
    """The period a date gives the figures after it: 截至2024年底, 到2027年, 2024年以来."""
    t_start, t_end, period = t[0], t[1], t[7]
    lead = text[max(sentence_start, t_start - 3):t_start]
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


# ---- dates and titles ---------------------------------------------------------------------

def _titles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(t.start(), t.end()) for t in P.TITLE.finditer(text, start, end)]


def _in_title(titles: list[tuple[int, int]], position: int) -> tuple[int, int] | None:
    for start, end in titles:
        if start < position < end:
            return start, end
    return None


def _strip_times(text: str, start: int, end: int, times: list[tuple]) -> str:
    if not times:
        return text[start:end]
    pieces, cursor = [], start
    for span in times:
        if span[1] <= start or span[0] >= end:
            continue
        if _is_dateline(text, span[1]):
            # 本报南京1月14日电 江苏省…: the dateline and what is before it say nothing measured.
            pieces, cursor = [], span[1] + 1
            while cursor < end and text[cursor] in " \u3000":
                cursor += 1
            continue
        piece = text[cursor:max(cursor, span[0])]
        # 自2018年5月实施以来, 截至2024年底: the preposition goes with the date.
        pieces.append(_TIME_PREPOSITION.sub("", piece))
        cursor = max(cursor, span[1])
    pieces.append(text[cursor:end])
    return "".join(pieces)


def _time_metric(raw: tuple, group: list[tuple], times: list[tuple], text: str,
                 titles: list[tuple[int, int]] | None, sentence: tuple[int, int],
                 clause: tuple[int, int]) -> str | None:
    """What a year or a date dates: the document it is in the title of, a photo, the rest
    of its clause, the words before it, or the next clause."""
    start, end = raw[0], raw[1]
    title = _in_title(titles, start) if titles else None
    if title is not None:
        return _PARENTHETICAL.sub("", text[title[0] + 1:title[1] - 1]).strip() or None
    if text[end:end + 1] == "摄":
        return "拍摄日期"
    if _is_dateline(text, end):
        return "发稿日期"

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
        ahead = P.CLAUSE_BREAK.match(text, clause[1])
        next_start = ahead.end() if ahead else clause[1] + 1
        following = _CLAUSE_AHEAD(text, next_start, sentence[1])
        next_end = following.start() if following else sentence[1]
        phrase = clean(cut(next_start, next_end))
        if len(phrase) >= 2:
            return phrase[:MAX_METRIC]
    return before[:MAX_METRIC] or None
