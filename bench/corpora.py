"""Generated corpora of a given size, for benchmarks.

One sentence in twenty is a built-in article's sentence (numbers changed), the others are
drawn from jieba's dictionary by word frequency — so the text has the built-in corpus'
figures and wording in it and a Zipf-distributed vocabulary of tens of thousands of words.
(More built-in sentences would repeat each of the ~700 thousands of times, and make words
like 天津 occur in most blocks — no real corpus looks like that.) Deterministic: the same
size gives the same files.

    python -m bench.corpora 10        # writes bench/out/corpus-10mb/ and prints its path
"""

from __future__ import annotations

import random
import re
import sys
from functools import lru_cache
from pathlib import Path

from tanwen.corpus import load_corpus

OUT = Path(__file__).resolve().parent / "out"
FILE_BYTES = 100_000
BUILTIN_SHARE = 0.05
SENTENCE_END = re.compile(r"(?<=[。！？])")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@lru_cache(maxsize=1)
def _sentences() -> list[str]:
    sentences: list[str] = []
    for block in load_corpus().blocks():
        if block.kind.value == "body":
            sentences += [s for s in SENTENCE_END.split(block.text) if len(s) > 4]
    return sentences


@lru_cache(maxsize=1)
def _dictionary() -> tuple[list[str], list[float]]:
    import jieba

    words, weights = [], []  # weights are cumulative, for random.choices(cum_weights=…)
    path = Path(jieba.__file__).parent / "dict.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if all("\u4e00" <= c <= "\u9fff" for c in word):
            words.append(word)
            weights.append(float(freq) + (weights[-1] if weights else 0.0))
    return words, weights


def _dictionary_sentence(rng: random.Random) -> str:
    words, weights = _dictionary()
    picked = rng.choices(words, cum_weights=weights, k=rng.randint(6, 24))
    out = []
    for i, word in enumerate(picked):
        out.append(word)
        roll = rng.random()
        if roll < 0.06:
            out.append(f"{rng.randint(1, 9999)}{rng.choice(['亿元', '%', '家', '项', '万吨', '个'])}")
        elif roll < 0.08:
            out.append(rng.choice(["AI", "5G", "R&D", "IPO", "CPU", "GDP"]))
        if i and i % 7 == 0:
            out.append("，")
    return "".join(out) + "。"


def _corpus_sentence(rng: random.Random) -> str:
    sentence = rng.choice(_sentences())
    return NUMBER.sub(lambda m: str(round(float(m.group()) * rng.uniform(0.5, 2), 1)), sentence)


def _article(rng: random.Random, number: int, file_bytes: int = FILE_BYTES) -> str:
    parts = [f"# 第{number}篇 {_dictionary_sentence(rng)[:12]}\n"]
    size = 0
    section = 0
    while size < file_bytes:
        if rng.random() < 0.08:
            section += 1
            parts.append(f"\n### 第{section}节 {_dictionary_sentence(rng)[:14]}\n")
        paragraph = "".join(
            (_corpus_sentence if rng.random() < BUILTIN_SHARE else _dictionary_sentence)(rng)
            for _ in range(rng.randint(2, 6))
        )
        parts.append("\n" + paragraph + "\n")
        size += len(paragraph.encode("utf-8"))
        if rng.random() < 0.02:
            parts.append(f"\n记者 {rng.choice(['胡晓伟', '岳付玉', '马晓冬'])}\n")
    return "".join(parts)


def generate(megabytes: float) -> Path:
    """The folder of a generated corpus of about `megabytes` MB (made once, then reused)."""
    root = OUT / f"corpus-v2-{megabytes:g}mb"
    done = root / ".complete"
    if done.exists():
        return root
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"tanwen-{megabytes}")
    total, number = 0, 0
    while total < megabytes * 1_000_000:
        number += 1
        text = _article(rng, number)
        (root / f"article-{number:05d}.md").write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    done.write_text(f"{total}\n")
    return root


def size_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.glob("*.md"))


if __name__ == "__main__":
    print(generate(float(sys.argv[1]) if len(sys.argv) > 1 else 1))
