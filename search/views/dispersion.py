"""Dispersion: where in each article (or section) a query occurs.

Per article, or per section (its own blocks, as search results count them): the number of
occurrences, the text's length, the frequency per 10,000 characters, and each occurrence's
relative position in the text (0 = its start, 1 = its end), drawn as a bar of Unicode blocks.
Every article gets a row (a zero row says as much as a full one); sections only with hits,
as a big corpus has thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tanwen.search.numpy_lean import np
from tanwen.search.views.occurrences import Occurrences

BY = ("article", "section")
# One cell's mark by how many occurrences fall in it: 1, 2, 3 or more.
MARKS = ("▂", "▄", "▆", "█")
EMPTY = "·"


@dataclass
class DispersionRow:
    key: str                  # the article's or the section's id
    label: str                # file name, or the section's path of labels
    source: str
    count: int
    chars: int
    positions: list[float] = field(default_factory=list)

    @property
    def per_10k(self) -> float:
        return self.count * 10_000 / self.chars if self.chars else 0.0

    def as_record(self) -> dict:
        return {"id": self.key, "label": self.label, "source": self.source, "count": self.count,
                "chars": self.chars, "per_10k": round(self.per_10k, 2),
                "positions": [round(p, 4) for p in self.positions]}


def dispersion(found: Occurrences, by: str = "article") -> list[DispersionRow]:
    """The rows for `found`, in reading order."""
    if by not in BY:
        raise ValueError(f"unknown grouping {by!r}; expected article or section")
    rows: dict[tuple[int, int], DispersionRow] = {}
    extents: dict[tuple[int, int], tuple[int, int]] = {}
    ordered: list[tuple[str, int, tuple[int, int]]] = []
    for number, table in enumerate(found.tables):
        groups = np.asarray(table.source_of if by == "article" else table.section_of, dtype=np.int64)
        starts = np.asarray(table.starts, dtype=np.int64)
        lengths = np.diff(starts) - 1
        if table.deleted:
            lengths[list(table.deleted)] = 0
        chars = np.bincount(groups, weights=lengths, minlength=_group_count(table, by))
        firsts = np.searchsorted(groups, np.arange(len(chars)), side="left")
        lasts = np.searchsorted(groups, np.arange(len(chars)), side="right")
        for group in range(len(chars)):
            if firsts[group] == lasts[group] or not chars[group]:
                continue
            first_doc = int(firsts[group])
            section = table.sections[table.section_of[first_doc]]
            if by == "article":
                key, label = section.id.split(":", 1)[0], table.sources[group]
            else:
                key, label = section.id, " › ".join(" ".join(p.split()) for p in section.path)
            rows[(number, group)] = DispersionRow(key, label, table.sources[table.source_of[first_doc]],
                                                  0, int(chars[group]))
            # The group's blocks are contiguous in the table: offsets are relative to its first.
            extents[(number, group)] = (int(starts[first_doc]), int(starts[lasts[group]] - 1))
            ordered.append((table.sources[table.source_of[first_doc]], table.seq[first_doc], (number, group)))
    for item in found.items:
        table = found.tables[item.table]
        group = (item.table, table.source_of[item.doc] if by == "article" else table.section_of[item.doc])
        row = rows[group]
        row.count += 1
        begin, end = extents[group]
        offset = table.starts[item.doc] + item.start - begin
        row.positions.append(offset / max(1, end - begin))
    chosen = [rows[key] for _, _, key in sorted(ordered)]
    return chosen if by == "article" else [row for row in chosen if row.count]


def _group_count(table, by: str) -> int:
    return len(table.sources) if by == "article" else len(table.sections)


def dispersion_bar(positions: list[float], cells: int) -> str:
    """`cells` characters: a mark in each cell where occurrences fall, taller for more."""
    if cells <= 0:
        return ""
    counts = [0] * cells
    for position in positions:
        counts[min(cells - 1, max(0, int(position * cells)))] += 1
    return "".join(MARKS[min(count, len(MARKS)) - 1] if count else EMPTY for count in counts)
