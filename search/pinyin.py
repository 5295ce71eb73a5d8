"""Pinyin and pinyin-initial search: typing `tianjin` or `xzscl` finds 天津 and 新质生产力.

Over SSH or on a machine without an input method, pinyin is how people type Chinese. A query
term of Latin letters is read as a sequence of *units*, each a full syllable (`xin`) or an
initial (`x`, `zh`); a run of Han characters matches when each character has a reading
whose syllable or initial is the unit at its place. Readings come from the table in
search/data/pinyin.txt (every reading of a heteronym: 行 is xing and hang; tones dropped; ü
written v), generated from pypinyin by tools/make_pinyin_table.py.

A term becomes one regular expression of character classes, `[天田…][津今金…]`, run at C
speed over the folded text of only the blocks where the pair postings can hold such a run
(search.class_runs): a class of an initial holds thousands of characters, and at 100 MB the
whole text is 100 MB of it per query.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
            "x", "r", "z", "c", "s", "y", "w")
# Interjection syllables (嗯 n, 呣 m, 哼 hng…) that would make nearly any letter a syllable.
_RARE_SYLLABLES = {"n", "m", "ng", "hm", "hng", "ê"}
MAX_READINGS = 8          # segmentations tried per term
MIN_UNITS = 2             # a single syllable (`jin`) would match half the corpus
MAX_PINYIN_LETTERS = 60   # ~12 syllables; a longer run of letters is searched only as it is
_LETTERS = re.compile(r"^[a-z]+$")


@lru_cache(maxsize=1)
def chars_by_syllable() -> dict[str, str]:
    text = (Path(__file__).parent / "data" / "pinyin.txt").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            syllable, chars = line.split("\t")
            table[syllable] = chars
    return table


@lru_cache(maxsize=1)
def _syllables() -> frozenset[str]:
    return frozenset(s for s in chars_by_syllable() if s not in _RARE_SYLLABLES)


def initials_of(syllable: str) -> tuple[str, ...]:
    """The initials a syllable answers to: zhong → z and zh."""
    if syllable[:2] in ("zh", "ch", "sh"):
        return syllable[0], syllable[:2]
    return (syllable[0],)


@lru_cache(maxsize=64)
def unit_chars(unit: str) -> str:
    """Every Han character that answers to a unit (a syllable or an initial)."""
    table = chars_by_syllable()
    if unit in _syllables():
        return table[unit]
    if unit in INITIALS:
        return "".join(sorted({c for syllable, chars in table.items()
                               if unit in initials_of(syllable) for c in chars}))
    return ""


@lru_cache(maxsize=1024)
def readings_of(term: str) -> tuple[tuple[str, ...], ...]:
    """The ways `term` reads as pinyin units, most plausible first; () if it is not pinyin.

    Whole syllables are preferred to initials, and fewer units to more, so `xian` is tried
    as 西安 (xi-an) and 先 … before x-i-a-n.
    """
    if not _LETTERS.match(term) or not 2 <= len(term) <= MAX_PINYIN_LETTERS:
        return ()
    known = _syllables()
    results = _segmentations(term, known, limit=64)
    results = [units for units in results if len(units) >= MIN_UNITS]
    if not results:
        return ()
    # Initials only where whole syllables cannot read the term: `chuangxin` is 创新, never
    # c-h-u-ang-x-i-n, and every initial widens the search to hundreds of characters.
    initials = {units: sum(u not in known for u in units) for units in results}
    fewest = min(initials.values())
    results = sorted((u for u in results if initials[u] == fewest), key=len)
    return tuple(results[:MAX_READINGS])


def _segmentations(term: str, known: frozenset[str], limit: int) -> list[tuple[str, ...]]:
    """The first `limit` ways to cut `term` into units, longer units tried first.

    Without recursion, and without dead ends: `ends[i]` says whether term[i:] can be cut at
    all, so every cut followed leads to a reading and a term that cannot be read costs one
    pass (it used to explore every cut of its prefix: exponential, then RecursionError).
    """
    size_limit = 6

    def unit(start: int, size: int) -> bool:
        head = term[start:start + size]
        return len(head) == size and (head in known or head in INITIALS)

    ends = [False] * len(term) + [True]
    for start in range(len(term) - 1, -1, -1):
        ends[start] = any(unit(start, size) and ends[start + size]
                          for size in range(1, size_limit + 1))
    results: list[tuple[str, ...]] = []
    # Depth-first, longest unit first, as the recursive walk did: same readings, same order.
    stack: list[tuple[int, tuple[str, ...]]] = [(0, ())] if ends[0] else []
    while stack and len(results) < limit:
        start, units = stack.pop()
        if start == len(term):
            results.append(units)
            continue
        for size in range(1, min(size_limit, len(term) - start) + 1):   # pushed shortest first
            if unit(start, size) and ends[start + size]:
                stack.append((start + size, units + (term[start:start + size],)))
    return results


@lru_cache(maxsize=256)
def pinyin_regex(term: str) -> re.Pattern[str] | None:
    """A regex matching the Han runs that read as `term`, or None if it is not pinyin.

    It starts with one class holding every possible first character, so the regex engine
    skips all other positions in C; each reading is then checked with a look-behind for
    its own first unit: `[天田…提体…](?:(?<=[天田…])[津金…]|(?<=[提体…])[安…][津…]|…)`.
    """
    readings = readings_of(term)
    if not readings:
        return None
    first = "".join(sorted({c for units in readings for c in unit_chars(units[0])}))
    alternatives = [f"(?<={_unit_class(units[0])})" + "".join(_unit_class(u) for u in units[1:])
                    for units in readings]
    return re.compile(_char_class(first) + "(?:" + "|".join(alternatives) + ")")


@lru_cache(maxsize=256)
def reading_regex(units: tuple[str, ...]) -> re.Pattern[str]:
    """A regex matching the runs of characters that read as one reading: `[天田…][津金…]`."""
    return re.compile("".join(_unit_class(unit) for unit in units))


@lru_cache(maxsize=128)
def _unit_class(unit: str) -> str:
    return _char_class(unit_chars(unit))


def _char_class(chars: str) -> str:
    """A character class, written as ranges of code points: it compiles many times faster."""
    codepoints = sorted(ord(c) for c in chars)
    if not codepoints:
        return "(?!)"
    ranges: list[list[int]] = []
    for cp in codepoints:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    body = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)
    return f"[{body}]"
