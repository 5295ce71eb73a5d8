"""A length-preserving fold of text for matching.

`fold(text)` maps every character to exactly one character, so an offset into the folded
text is the same offset into the displayed text: a match found in the folded form can be
highlighted in the original without any offset bookkeeping.

What it folds:
- compatibility forms (full-width ASCII, ideographic space, compatibility ideographs,
  Kangxi radicals, circled digits…) to their plain form, via NFKC where NFKC yields one
  character;
- traditional to simplified Chinese, per character (table from OpenCC, see
  tools/make_t2s_table.py);
- upper to lower case.

Characters whose plain form is longer than one character (`…`, `™`, `ﬁ`) are kept as they
are: losing a fold there costs a rare miss, breaking the offsets would cost every highlight.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

# Unicode blocks where NFKC has one-character results that matter for Chinese and Latin text.
_NFKC_RANGES = [
    (0x00A0, 0x0250),   # Latin-1 supplement, Latin extended (nbsp, ª, º…)
    (0x0370, 0x0530),   # Greek and Cyrillic (case)
    (0x2000, 0x2C00),   # punctuation, letterlike symbols, number forms, enclosed ①…
    (0x2E80, 0x2FE0),   # CJK radicals supplement, Kangxi radicals
    (0x3000, 0x3400),   # CJK symbols, ideographic space, enclosed CJK
    (0xF900, 0xFB00),   # CJK compatibility ideographs
    (0xFE10, 0xFE70),   # vertical, compatibility and small forms
    (0xFF00, 0xFFF0),   # half-width and full-width forms
    (0x2F800, 0x2FA20),  # CJK compatibility ideographs supplement
]


@lru_cache(maxsize=1)
def _t2s_text() -> str:
    """The table's file as it is, after a line break: a pair of characters a line (and a
    comment line)."""
    return "\n" + (Path(__file__).parent / "data" / "t2s.txt").read_text(encoding="utf-8")


def _load_t2s() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _t2s_text().splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[line[0]] = line[1]
    return table


class _PairsInText:
    """The traditional → simplified table looked up in its file's text, one character at a
    time: a query's few characters need not build the dict of 5,000 pairs (4 ms)."""

    def get(self, char: str, default: str | None = None) -> str | None:
        text = _t2s_text()
        at = text.find("\n" + char) if len(char) == 1 else -1
        while at >= 0:
            if text[at + 3:at + 4] in ("\n", "\r", ""):   # a line of two characters: a pair
                return text[at + 2]
            at = text.find("\n" + char, at + 1)
        return default

    def __contains__(self, char: str) -> bool:
        return self.get(char) is not None


_PAIRS_IN_TEXT = _PairsInText()


@lru_cache(maxsize=1)
def traditional_to_simplified() -> dict[str, str]:
    """The per-character traditional → simplified table (from OpenCC), read once."""
    return _load_t2s()


def _plain(char: str, t2s: dict[str, str]) -> str:
    candidate = unicodedata.normalize("NFKC", char)
    if len(candidate) != 1:
        candidate = char
    candidate = t2s.get(candidate, candidate)
    lower = candidate.lower()
    return lower if len(lower) == 1 else candidate


def _folds(cp: int, t2s: dict[str, str]) -> bool:
    """Whether the fold looks at this code point at all (the others stay as they are)."""
    return (any(lo <= cp < hi for lo, hi in _NFKC_RANGES) or chr(cp) in t2s
            or ord("A") <= cp <= ord("Z"))


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    t2s = traditional_to_simplified()
    table: dict[int, str] = {}
    codepoints = [cp for lo, hi in _NFKC_RANGES for cp in range(lo, hi)]
    codepoints += [ord(c) for c in t2s]
    codepoints += range(ord("A"), ord("Z") + 1)
    for cp in codepoints:
        char = chr(cp)
        folded = _plain(char, t2s)
        if folded != char:
            table[cp] = folded
    return table


class _FoldOnDemand(dict):
    """The fold table, one character at a time as `str.translate` asks for it: folding a
    query needs a few characters, not the 12,000 lookups (~35 ms) of the whole table."""

    def __missing__(self, cp: int) -> str:
        char = chr(cp)
        loaded = traditional_to_simplified.cache_info().currsize
        t2s = traditional_to_simplified() if loaded else _PAIRS_IN_TEXT
        folded = self[cp] = _plain(char, t2s) if _folds(cp, t2s) else char
        return folded


_FOLD_ON_DEMAND = _FoldOnDemand()


@lru_cache(maxsize=1)
def _fold_codes():
    """The fold as an array: code point → folded code point."""
    import numpy as np

    codes = np.arange(0x110000, dtype=np.uint32)
    for cp, folded in _fold_table().items():
        codes[cp] = ord(folded)
    return codes


def fold(text: str) -> str:
    """Return `text` folded for matching; `len(fold(text)) == len(text)` always."""
    if len(text) < 64:
        return text.translate(_fold_table() if _fold_table.cache_info().currsize else _FOLD_ON_DEMAND)
    # The same, as one array lookup: `translate` looks every character up in a dict, which
    # is the slowest step of indexing Chinese text.
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return _fold_codes()[codes].tobytes().decode("utf-32-le", "surrogatepass")


def fold_each(texts: list[str]) -> list[str]:
    """`[fold(text) for text in texts]`, folded as one text: for paragraph-sized texts the
    per-call cost of `fold` (encoding, numpy, decoding) outweighs the folding itself. The
    fold maps each character on its own, so a slice of the whole fold is the text's fold."""
    whole = fold("".join(texts))
    folded: list[str] = []
    start = 0
    for text in texts:
        end = start + len(text)
        folded.append(whole[start:end])
        start = end
    return folded
