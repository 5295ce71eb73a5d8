"""When two paragraphs are one: the evidence that a blank line, a page break or an inserted
box cut a paragraph in two.

A paragraph without closing punctuation is not evidence enough: short reviews, list items,
man-page options and poems stop without it all the time, and two such paragraphs side by
side can even make a word across the gap (`早餐尚可` + `以前去…` reads `可以`). The break is
taken for a cut only where the two sides cannot stand apart:

- a bracket or quote opened before the break closes after it (`《…人工智能赋` / `能…方案》`);
- the text after the break cannot begin a sentence (`，…`, `及应用场景…`);
- a numeral with 大 needs the noun after the break (`石化及冶金两大` / `产业`);
- the break splits a word: the last character before it and the first after it are each
  left alone by the segmenter, and together they are one word (`节能设备早` / `已投入`).
"""

from __future__ import annotations

import re

from tanwen.corpus.lines import folded, is_cut, is_han, is_word_char, starts_item
from tanwen.corpus.model import Block, Section

# Joined paragraphs longer than this are not joined: no reading of a page break makes one.
JOIN_LIMIT = 4000
PAIRS = {"《": "》", "“": "”", "「": "」", "『": "』", "(": ")", "【": "】", "‘": "’"}
SENTENCE = re.compile(r"[。!?]")
# Punctuation that only ever continues a sentence.
CONTINUING_MARKS = set(",、;:。!?)》」』”’】…")
# Words that never begin a sentence: particles and the conjunction 及.
NON_INITIAL_WORDS = {"及", "的", "了", "着", "地", "得", "们", "吗", "呢", "吧", "之"}
NUMERAL_DA = re.compile(r"[一二两三四五六七八九十几数]大$")
# Single characters that often begin a clause (prepositions, conjunctions, adverbs, pronouns):
# one of them after a break is no sign of a split word, even if it makes one with the
# character before (`污染物排放也大` + `为进一步…` reads `大为`).
CLAUSE_INITIAL = set("为在对从以将把由但而并又也就才都还更再要让使与和同向往据按经当若如因虽即便"
                     "既且则其此这那我你他她它们有是不没请去来到给被比自打趁凭随沿")
# Dictionary frequencies (jieba's) of a character as a word by itself: below RARE_ALONE it
# is a bound morpheme (融 585, 促 758); above COMMON_ALONE it ends phrases (下, 年, 大).
RARE_ALONE = 1000
COMMON_ALONE = 50000
# A bracket opened before a break is closed this soon after it when the break cut a title
# or a quoted term in two (`《…人工智能赋` + `能新型工业化实施方案》`).
BRACKET_REACH = 20


def continues(before: str, after: str) -> bool:
    """True when the paragraph `before` was cut and `after` is the rest of it."""
    if not before or not after or not is_cut(before) or len(before) + len(after) > JOIN_LIMIT:
        return False
    if starts_item(before) or starts_item(after):
        return False
    before_f, after_f = folded(before[-40:]), folded(after[:40])
    if _bracket_closes_after(before_f, after_f):
        return True
    if after_f[0] in CONTINUING_MARKS:
        return True
    if not (is_han(before_f[-1]) and is_han(after_f[0])):
        return False
    if NUMERAL_DA.search(before_f):
        return True
    # The first word after the break begins with its first character: one that is neither a
    # particle nor a character free to make a word across the break needs no segmenter.
    if after_f[0] not in NON_INITIAL_WORDS and after_f[0] in CLAUSE_INITIAL:
        return False
    head = _words(after_f[:8])
    if head[0] in NON_INITIAL_WORDS:
        return True
    if len(head[0]) != 1 or head[0] in CLAUSE_INITIAL:
        return False
    tail = _words(before_f[-8:])
    return len(tail[-1]) == 1 and _splits_a_word(tail[-1], head[0], before_f[-8:] + after_f[:8])


def _splits_a_word(last: str, first: str, around: str) -> bool:
    """The characters on either side of the break, each a word alone to the segmenter, are
    one word together: a dictionary word (`早已`), or one the segmenter's model makes of
    characters that seldom stand alone (`共融`: 融 is hardly ever a word by itself)."""
    segmenter = _segmenter()
    if segmenter.has_word(last + first):
        return True
    return (last + first in segmenter.cut(around)
            and segmenter.suggest_freq(first) < RARE_ALONE and segmenter.suggest_freq(last) < COMMON_ALONE)


def _bracket_closes_after(before: str, after: str) -> bool:
    """A bracket opened in the last sentence before the break is closed soon after it,
    before the sentence ends and before a bracket of its kind opens again."""
    last_sentence = SENTENCE.split(before)[-1]
    first_sentence = SENTENCE.split(after[:BRACKET_REACH])[0]
    for opening, closing in PAIRS.items():
        if last_sentence.count(opening) > last_sentence.count(closing):
            close_at = first_sentence.find(closing)
            open_at = first_sentence.find(opening)
            if close_at >= 0 and (open_at < 0 or close_at < open_at):
                return True
    return False


def _words(text: str) -> list[str]:
    return _segmenter().cut(text) or [""]


def _segmenter():
    """jieba's model and stock dictionary (rjieba). Search adds the user's dictionary to a
    copy of its own, never to this shared one: a user's words must not change how a file
    is laid out (the index and the app would disagree on its blocks)."""
    import rjieba

    return rjieba


def join_broken_paragraphs(section: Section, paragraphs: set[int], after_separator: set[int]) -> None:
    """Join each paragraph of `section` cut in two with the rest of it. `paragraphs`: id()
    of the blocks that are plain paragraphs (not list items, table rows, code…);
    `after_separator`: id() of those with a separator line or rule before them."""
    merged: list[Block] = []
    run: list[Block] = []         # blocks being joined into run[0]

    def close_run() -> None:
        if len(run) > 1:
            _merge(run)
        run.clear()

    length = 0
    for block in section.blocks:
        plain = id(block) in paragraphs
        if (run and plain and id(block) not in after_separator and length + len(block.text) <= JOIN_LIMIT
                and continues(run[-1].text, block.text)):
            run.append(block)
            length += len(block.text)
            continue
        close_run()
        merged.append(block)
        if plain:
            run.append(block)
            length = len(block.text)
    close_run()
    section.blocks = merged


def _merge(run: list[Block]) -> None:
    """Join the paragraphs of `run` into its first block, in one pass over the text."""
    first = run[0]
    parts, pieces, length = [first.text], list(first.pieces), len(first.text)
    for block in run[1:]:
        separator = " " if is_word_char(parts[-1][-1]) and is_word_char(block.text[0]) else ""
        length += len(separator)
        pieces += [(length + start, line) for start, line in block.pieces]
        parts += [separator, block.text]
        length += len(block.text)
    first.text = "".join(parts)
    first.pieces = tuple(pieces)
    first.line_end = run[-1].line_end
    first.joined = True
