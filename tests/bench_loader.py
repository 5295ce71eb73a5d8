"""bench/ is not installed: its modules the tests check are loaded from the checkout."""

import importlib.util
import random
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def load_bench_module(name: str):
    qualified = f"bench_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module    # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def write_generated_articles(root: Path, seed: str, count: int, file_bytes: int = 25_000) -> Path:
    """`count` articles of the bench's generated text written into `root` (the same for the
    same seed), numbered from 1."""
    corpora = load_bench_module("corpora")
    rng = random.Random(seed)
    for number in range(1, count + 1):
        (root / f"article-{number:03d}.md").write_text(corpora._article(rng, number, file_bytes),
                                                         encoding="utf-8")
    return root
