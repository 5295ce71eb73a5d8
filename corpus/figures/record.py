"""The figure record."""

from __future__ import annotations

from dataclasses import dataclass, fields

FIGURE_KINDS: tuple[str, ...] = (
    "percent",            # 3.44%            value 3.44, unit %
    "percentage_point",   # 1.7个百分点       value 1.7, unit 个百分点 (never merged into %)
    "money",              # 2821亿元          value 2.821e11, unit 元 (美元, 欧元 … kept)
    "count",              # 超400家, 两批      value 400 / 2, unit the measure word (家, 批)
    "measure",            # 3万吨, 1万P        value 3e4 / 1e4, unit 吨 / P
    "duration",           # 两年多, 一个半小时   value 2 / 1.5, unit 年 / 小时
    "multiple",           # 2倍               value 2, unit 倍
    "ordinal",            # 第1000艘, 前20强    value 1000 / 20
    "year",               # 2024年, 2025—2027年  value 2024 (value_end 2027)
    "date",               # 2025年6月19日, 今年上半年  value the year; the date is in `period`
)
# The short labels the app shows for the kinds; `tanwen figures --kind` accepts them too.
KIND_LABELS: dict[str, str] = {
    "percent": "%", "percentage_point": "pp", "money": "money", "count": "count",
    "measure": "measure", "duration": "duration", "multiple": "×", "ordinal": "ordinal",
    "year": "year", "date": "date",
}


@dataclass(frozen=True)
class Figure:
    """One number a reader would quote, with what it measures and where it is.

    `start`/`end` are offsets into the displayed text of block `block_id`; `text` is
    `block.text[start:end]`, qualifier included (超400家, 42公斤左右).
    """

    text: str
    start: int
    end: int
    kind: str
    value: float | None
    value_end: float | None
    unit: str | None
    qualifier: str | None
    direction: str | None
    metric: str | None
    period: str | None
    sentence: str
    source: str
    section_id: str
    block_id: str

    def as_record(self) -> dict:
        """A JSON-ready dict with exactly the fields above."""
        return {name: getattr(self, name) for name in FIELDS}

    def __getstate__(self) -> dict:
        return self.as_record()


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Figure))
CONTEXT_FIELDS = frozenset({"direction", "metric", "period", "sentence"})


class _ReadOnFirstUse:
    """A figure made by the extractor gets its context fields (direction, metric, period,
    sentence) on first use: they are read from the sentence, together for all figures of its
    block (see extract._Pending). Attribute access, equality, repr, pickling and as_record()
    all see the same values as if they had been set at construction.

    A descriptor without __set__: a value in the figure's own __dict__ (set by __init__, or
    once read) comes first, and costs nothing more than any other field; this runs only
    while the field is missing."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, figure, owner=None):
        if figure is None:
            return self
        pending = figure.__dict__.get("_context")
        if pending is None:
            raise AttributeError(f"{type(figure).__name__!r} object has no attribute {self.name!r}")
        pending.resolve()
        return figure.__dict__[self.name]


for _name in CONTEXT_FIELDS:
    setattr(Figure, _name, _ReadOnFirstUse(_name))
del _name
