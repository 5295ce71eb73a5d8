"""Reading, repairing and modelling articles; extracting their figures. No UI code here.

The package's names load on first use: a command that only checks its index against the
files imports neither the model's classes nor the layout code (`tanwen search` of a fresh
index needs a corpus path and the kinds of block). `load_corpus` takes the built-in corpus
from its prepared form in the cache when that is fresh (`corpus.prepared`), without the
layout code; `tanwen.corpus.loader.load_corpus` always lays the files out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tanwen.corpus.lazy_exports import lazy_exports

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


# Tests replace prepared.load_corpus: it is looked up each time.
__getattr__ = lazy_exports(globals(), _PUBLIC, looked_up_each_time=frozenset({"load_corpus"}))
