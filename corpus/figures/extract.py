"""Finding the figures of a block: candidates from the patterns in `patterns`, the rules that
keep or drop them (see the package docstring), and the Figure records; their context fields
(direction, period, metric, sentence) are read by `context` on first use.

What each matched candidate is, and the rules that keep or drop it, are in `candidates`.
Written for speed (the sidebar extracts on every section change; the bench asks ≥ 5 MB/s):
candidates are found by scanning for numerals in C (`patterns.TRIGGER`, which also takes the
commonest form, 2449架 or 12.8%, whole) and matching only there; a block without numerals
costs one regex scan.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

from tanwen.corpus.figures import patterns as P
from tanwen.corpus.figures.candidates import HANDLERS as _HANDLERS
from tanwen.corpus.figures.candidates import Raw as _Raw
from tanwen.corpus.figures.context import TIME_KINDS, read_context
from tanwen.corpus.figures.period import article_year, stated_year
from tanwen.corpus.figures.record import Figure
from tanwen.corpus.figures.surroundings import reread
from tanwen.corpus.figures.traditional import as_printed, has_traditional


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
_RANGE_SEPARATORS = frozenset("至到—–-~")     # 一到两年: 一 may start a range


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
                    and after != "成" and after != "月" and after not in _RANGE_SEPARATORS \
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
            # A block in traditional characters is read in its folded (simplified) twin.
            reading = self.text if self.folded is self.text or not has_traditional(self.text) else self.folded
            contexts = read_context(reading, self.folded, self.year, self.raws, self.dated)
            if reading is not self.text:
                contexts = [as_printed(context, reading, self.text) for context in contexts]
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
    raws = reread(raws, folded)
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
    return text.translate(table) if needs_fold(text) else text


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
