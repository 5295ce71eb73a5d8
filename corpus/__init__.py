"""Reading, repairing and modelling articles; extracting their figures. No UI code here.

`load_corpus` (and the layout code behind it) loads on first use: a command that only
checks its index against the files never imports it. The built-in corpus comes from its
prepared form in the cache when that is fresh (`corpus.prepared`), without the layout code;
`tanwen.corpus.loader.load_corpus` always lays the files out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tanwen.corpus.catalog import CORPUS_ENV, builtin_root, resolve_corpus_path
from tanwen.corpus.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Corpus,
    LoadProblem,
    Section,
    SectionRole,
)
from tanwen.corpus.normalize import fold
from tanwen.corpus.reading import CorpusError

if TYPE_CHECKING:
    from tanwen.corpus.prepared import load_corpus

__all__ = [
    "Article", "ArticleMeta", "Block", "BlockKind", "Corpus", "CorpusError", "LoadProblem",
    "Section", "SectionRole", "CORPUS_ENV", "builtin_root", "fold", "load_corpus",
    "resolve_corpus_path",
]


def __getattr__(name: str):
    if name != "load_corpus":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from tanwen.corpus.prepared import load_corpus

    return load_corpus
