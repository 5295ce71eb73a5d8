"""Word lists and key terms.

Word list: each word's frequency (precise-mode jieba words, see `words`) in the corpus, an
article or a section, with its frequency per 10,000 words and, if asked, its part of speech.

Key terms: what a section or an article uses markedly more than the rest of the corpus.
- Keyness is log-likelihood (Rayson & Garside 2000) of the term's count in the text against
  its count in the reference, each against its size in running words; only terms used more
  than in the reference, seen at least MIN_COUNT times, with LL ≥ 3.84 (p < 0.05), count.
- The effect size is the log ratio (Hardie 2014): log2 of the ratio of the two relative
  frequencies (a reference count of 0 taken as 0.5), so 1 means twice as frequent.
- Candidates are content words of two or more characters (function words left out by their
  part of speech) and pairs of adjacent words: jieba cuts names it does not know (天开园 →
  天 开园, 中欧班列 → 中欧 班列), and a reader names the pair. A pair is counted as a string (exact matching, in the text and in
  the corpus); a word whose every occurrence is inside a key pair is not listed apart.
- The reference is the rest of the corpus; in a corpus of one article, jieba's dictionary
  frequencies (a balanced general corpus).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from tanwen.search.doctable import DocTable
from tanwen.search.matching import match
from tanwen.search.query import Query, Term
from tanwen.search.views import words as W

MIN_COUNT = 2
SIGNIFICANT_LL = 3.84


@dataclass
class TermRow:
    term: str
    count: int                  # in the text
    per_10k: float              # per 10,000 running words of the text
    tag: str = ""               # part of speech (jieba's tags), when asked for
    reference: int = 0          # key terms: count in the reference
    ll: float = 0.0             # key terms: log-likelihood keyness
    log_ratio: float = 0.0      # key terms: effect size

    def as_record(self, key: bool = False) -> dict:
        record = {"term": self.term, "count": self.count, "per_10k": round(self.per_10k, 2)}
        if self.tag:
            record["pos"] = self.tag
        if key:
            record.update(reference=self.reference, ll=round(self.ll, 2),
                          log_ratio=round(self.log_ratio, 2))
        return record


def word_list(texts: list[str] | None, tables: list[DocTable], *, pos: bool = False,
              limit: int | None = None) -> list[TermRow]:
    """Frequencies of the words of `texts` (folded), or of the whole corpus when None."""
    if texts is None:
        counts, size = W.corpus_counts(tables)
    else:
        counts = Counter(word for text in texts for word in W.words(text))
        size = sum(counts.values())
    rows = [TermRow(word, count, count * 10_000 / size if size else 0.0)
            for word, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]
    if pos:
        for row in rows:
            row.tag = W.tag_of(row.term)
    return rows


def key_terms(texts: list[str], tables: list[DocTable], *, limit: int | None = 30) -> list[TermRow]:
    """The key terms of `texts` (folded blocks of a section or an article), strongest first."""
    word_counts, content, pairs, pair_parts = _candidates(texts)
    size = sum(word_counts.values())
    if not size:
        return []
    one_article = len({name for table in tables for name in table.sources}) <= 1
    if one_article:
        reference, reference_size = W.dictionary_counts()
    else:
        corpus, corpus_size = W.corpus_counts(tables)
        reference_size = max(1, corpus_size - size)
    rows: list[TermRow] = []
    for word in content:
        if len(word) < 2:          # single characters are parts of words, seldom what a text is about
            continue
        count = word_counts[word]
        other = reference.get(word, 0) if one_article else max(0, corpus[word] - count)
        rows.append(_keyness(word, count, size, other, reference_size))
    for pair, count in pairs.items():
        if count < MIN_COUNT:
            continue
        in_text = sum(text.count(pair) for text in texts)
        other = (reference.get(pair, 0) if one_article
                 else max(0, _corpus_occurrences(pair, tables) - in_text))
        rows.append(_keyness(pair, in_text, size, other, reference_size))
    key = [row for row in rows if row.count >= MIN_COUNT and row.ll >= SIGNIFICANT_LL
           and row.log_ratio > 0]
    # A word every occurrence of which is inside a key pair is that pair.
    key_pairs = [row for row in key if row.term in pair_parts]
    covered = {part for row in key_pairs for part in pair_parts[row.term]
               if word_counts[part] <= sum(r.count for r in key_pairs if part in pair_parts[r.term])}
    key = [row for row in key if row.term not in covered]
    key.sort(key=lambda row: (-row.ll, row.term))
    return key[:limit]


def _candidates(texts: list[str]):
    """(running words' counts, content words, pairs' counts, pair → its two words) of texts."""
    word_counts: Counter[str] = Counter()
    content: set[str] = set()
    pairs: Counter[str] = Counter()
    pair_parts: dict[str, tuple[str, str]] = {}
    for block in map(W.tagged, texts):
        for (word, tag), (after, after_tag) in zip(block, block[1:] + [("", "x")]):
            if not W.is_word(word):
                continue
            word_counts[word] += 1
            if W.is_content(word, tag):
                content.add(word)
            if after and _pair_edge(word, tag) and _pair_edge(after, after_tag):
                pairs[word + after] += 1
                pair_parts[word + after] = (word, after)
    return word_counts, content, pairs, pair_parts


def _pair_edge(word: str, tag: str) -> bool:
    """Whether a word can start or end a two-word term: not punctuation or a number, not a
    particle, preposition, conjunction, pronoun or adverb (measure words may: 天|开园)."""
    return W.is_word(word) and word not in W.LIGHT_VERBS and tag[:1] not in set("upcrdyeoxw")


def _corpus_occurrences(text: str, tables: list[DocTable]) -> int:
    """How often `text` occurs in the corpus (exact matching, as a search counts it)."""
    query = Query(raw=text, groups=[[Term(text, exact=True)]])
    return int(sum(int(found.group_tf[0].sum()) for found in match(query, tables)))


def _keyness(term: str, count: int, size: int, other: int, other_size: int) -> TermRow:
    total = count + other
    expected_here = size * total / (size + other_size)
    expected_there = other_size * total / (size + other_size)
    ll = 2 * ((count * math.log(count / expected_here) if count else 0.0)
              + (other * math.log(other / expected_there) if other else 0.0))
    log_ratio = math.log2((count / size) / (max(other, 0.5) / other_size)) if count else 0.0
    return TermRow(term, count, count * 10_000 / size, reference=other, ll=ll, log_ratio=log_ratio)
