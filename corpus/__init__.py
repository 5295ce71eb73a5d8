"""Reading, repairing and modelling articles; extracting their figures. No UI code here.

The package's names load on first use: a command that only checks its index against the
files imports neither the model's classes nor the layout code (`tanwen search` of a fresh
index needs a corpus path and the kinds of block). `load_corpus` takes the built-in corpus
from its prepared form in the cache when that is fresh (`corpus.prepared`), without the
layout code; `tanwen.corpus.loader.load_corpus` always lays the files out.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_PUBLIC = {
    "Article": "tanwen.corpus.model",
    "ArticleMeta": "tanwen.corpus.model",
    "Block": "tanwen.corpus.model",
    "BlockKind": "tanwen.corpus.block_kinds",
    "Corpus": "tanwen.corpus.model",
    "LoadProblem": "tanwen.corpus.model",
    "Section": "tanwen.corpus.model",
    "SectionRole": "tanwen.corpus.model",
    "CorpusError": "tanwen.corpus.reading",
    "CORPUS_ENV": "tanwen.corpus.catalog",
    "builtin_root": "tanwen.corpus.catalog",
    "resolve_corpus_path": "tanwen.corpus.catalog",
    "fold": "tanwen.corpus.normalize",
    "load_corpus": "tanwen.corpus.prepared",
}

__all__ = sorted(_PUBLIC)

if TYPE_CHECKING:
    from tanwen.corpus.block_kinds import BlockKind
    from tanwen.corpus.catalog import CORPUS_ENV, builtin_root, resolve_corpus_path
    from tanwen.corpus.model import (Article, ArticleMeta, Block, Corpus, LoadProblem, Section,
                                     SectionRole)
    from tanwen.corpus.normalize import fold
    from tanwen.corpus.prepared import load_corpus
    from tanwen.corpus.reading import CorpusError


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    if name != "load_corpus":      # tests replace prepared.load_corpus: it is looked up each time
        globals()[name] = value
    return value
