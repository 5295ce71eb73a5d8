"""Words of folded text, for the word index: jieba's model, via rjieba.

The stock `jieba.analyse.ChineseAnalyzer` breaks phrases (overlapping character-offset
positions), drops single letters and digits, stems English and loads TF-IDF data on import.
Here the index is for ranking, not recall (exact substring matching is done on the text
itself, see `search.matching`), so the word field needs only what BM25F needs:

- jieba's search-mode words — precise-mode words plus the dictionary sub-words of long
  ones, so 生产力 scores inside 新质生产力;
- every letter, digit and Han run kept whole (`r&d` gives `r`, `d`; `3.44%` gives `3.44%`), no
  stemming, no stop words;
- punctuation and spaces dropped.

rjieba is the Rust implementation of jieba's model and dictionary, 0.1 s to load instead of
0.7 s: jieba 0.42.1's segmentation (a test checks every built-in block) except that a
letter/digit run jieba splits after a decimal fraction stays whole (`4.2d`, not `4.2`, `d`).
Queries are cut the same way, so the word field stays consistent.
"""

from __future__ import annotations

import os
import re
import threading
from collections import Counter
from pathlib import Path

from tanwen.search.sha1 import sha1

# Bump when the words produced for a text change: every index is then rebuilt.
ANALYZER_VERSION = "3"
USERDICT_ENV = "TANWEN_USERDICT"

_lock = threading.Lock()
_loaded_userdict: str | None = None
_with_user_words = None        # the segmenter `_segmenter` returns, once made


def user_dictionary_path() -> Path | None:
    """The user dictionary: $TANWEN_USERDICT, else <user config dir>/tanwen/userdict.txt."""
    from_env = os.environ.get(USERDICT_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from tanwen.corpus.cache_dir import user_folder

    path = user_folder("config") / "userdict.txt"
    return path if path.is_file() else None


def user_dictionary_words(path: Path | None) -> list[tuple[str, int | None]]:
    """(word, frequency) pairs of a jieba-format user dictionary: `word [freq] [tag]` a line."""
    if path is None or not path.is_file():
        return []
    words: list[tuple[str, int | None]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        words.append((parts[0], freq))
    return words


def analyzer_fingerprint() -> str:
    """Changes whenever the words of some text would change: analyzer version, user words."""
    digest = sha1(ANALYZER_VERSION.encode())
    for word, freq in user_dictionary_words(user_dictionary_path()):
        digest.update(f"{word}\t{freq}\n".encode())
    return digest.hexdigest()[:16]


def _segmenter():
    """rjieba with the user dictionary's words added (once per process): the shared model
    when there are none, else a copy of its own — the shared model stays the stock one,
    which the corpus lays files out with whatever the user's dictionary holds."""
    global _loaded_userdict, _with_user_words
    import rjieba

    if _loaded_userdict is None:
        with _lock:
            if _loaded_userdict is None:
                path = user_dictionary_path()
                words = user_dictionary_words(path)
                segmenter = rjieba.Jieba() if words else rjieba
                for word, freq in words:
                    segmenter.add_word(word.lower(), freq, None)
                _with_user_words = segmenter
                _loaded_userdict = str(path)
    return _with_user_words


# Punctuation, spaces and bare numbers (2024, 3.44%, 1,000) are not indexed as words: numbers
# are found by exact matching anyway, and every distinct one would be a term of its own.
_NOT_A_WORD = re.compile(r"^[\W\d_]*$")


# Tokens already classified. Blocks repeat the same tokens, so each block's tokens are
# sorted with two C-level set operations and only unseen ones are tested with the regex.
_words: set[str] = set()
_not_words: set[str] = set()


def is_indexed_word(token: str) -> bool:
    return _NOT_A_WORD.match(token) is None


def word_counts(folded: str) -> Counter[str]:
    """Term frequencies of the word field for a block's folded text."""
    counts = Counter(_segmenter().cut_for_search(folded))
    unseen = counts.keys() - _words - _not_words
    if unseen:
        if len(_words) + len(_not_words) > 500_000:     # a bound on memory for huge corpora
            _words.clear()
            _not_words.clear()
        for token in unseen:
            (_words if is_indexed_word(token) else _not_words).add(token)
    for token in counts.keys() & _not_words:
        del counts[token]
    return counts


def block_tokens(folded: str) -> list[str]:
    """Every token of a block's folded text, words or not (`is_indexed_word` tells which):
    the index writer filters each distinct token once per segment, not once per block."""
    return _segmenter().cut_for_search(folded)


def query_words(folded: str) -> list[str]:
    """The precise-mode words of a query term that the word index can hold."""
    return [word for word in _segmenter().cut(folded) if is_indexed_word(word)]


def warm_up() -> None:
    """Load the segmenter's dictionary now (it otherwise loads on first use)."""
    _segmenter().cut("天津")
