"""Words of the corpus for the word views: jieba's precise-mode words of the folded text, from
the same segmenter (and user dictionary) as the index.

The index's word field holds search-mode words (long words plus their sub-words, for
ranking), which double-count: 科技园 is also 科技. Frequency lists, keyness and collocation
need each running word once, so the views count precise-mode words, segmented once per
document table (see `tokens`), and only punctuation and numbers are left out — as in the
index.
"""

from __future__ import annotations

import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path

from tanwen.search.analyzer import _segmenter, is_indexed_word
from tanwen.search.doctable import DocTable
from tanwen.search.views.tokens import table_words

# Tags of jieba's tag set that mark function words: particles (u…), prepositions, conjunctions,
# pronouns, adverbs, modal particles, interjections, onomatopoeia, numerals, measure words,
# directions, punctuation. Key terms leave them out.
FUNCTION_TAG_STARTS = frozenset("upcrdyeomqxfw")
# Verbs jieba tags `v` that carry no topic.
LIGHT_VERBS = frozenset({"是", "有", "为", "在", "要", "会", "能", "将", "让", "使", "把", "进行"})


def is_word(token: str) -> bool:
    """A word, not punctuation, a space or a number (as the index has it)."""
    return is_indexed_word(token)


def is_content(word: str, tag: str) -> bool:
    """Whether a tagged word can be a key term (not a function word)."""
    if word in LIGHT_VERBS or not is_word(word):
        return False
    return tag == "eng" or tag[:1] not in FUNCTION_TAG_STARTS


def words(folded: str) -> list[str]:
    """The running words of a folded text, in order."""
    return [token for token in _segmenter().cut(folded) if is_word(token)]


def tagged(folded: str) -> list[tuple[str, str]]:
    """(word, part of speech) of every token of a folded text, punctuation included.

    Each distinct word is tagged once, on its own (its dictionary tag): tagging running text
    costs sixty times what cutting it does."""
    tokens = _segmenter().cut(folded)
    tags = {token: tag_of(token) for token in set(tokens)}
    return [(token, tags[token]) for token in tokens]


@lru_cache(maxsize=200_000)
def tag_of(word: str) -> str:
    """The word's part of speech as jieba gives it on its own ("x" for punctuation and
    spaces; "" when jieba would cut it in two)."""
    tags = _segmenter().tag(word)
    return tags[0][1] if len(tags) == 1 else ""


_merged: list = [(), Counter(), 0]      # the tables last merged, their counts, their size
_merge_lock = threading.Lock()


def corpus_counts(tables: list[DocTable]) -> tuple[Counter[str], int]:
    """Every word's frequency in the corpus, and the number of running words."""
    with _merge_lock:
        held, counts, size = _merged
        if len(held) == len(tables) and all(a is b for a, b in zip(held, tables)):
            return counts, size
        total: Counter[str] = Counter()
        size = 0
        for table in tables:
            words = table_words(table)
            total.update(words.frequencies())
            size += words.size
        _merged[:] = [tuple(tables), total, size]
        return total, size


@lru_cache(maxsize=1)
def dictionary_counts() -> tuple[dict[str, int], int]:
    """jieba's dictionary frequencies and their sum: the reference of a one-article corpus."""
    import jieba

    counts: dict[str, int] = {}
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        if len(parts) >= 2 and parts[1].isdigit():
            counts[parts[0]] = int(parts[1])
    return counts, sum(counts.values())
