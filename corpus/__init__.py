"""Reading, repairing and modelling articles; extracting their figures. No UI code here."""

from tanwen.corpus.loader import CORPUS_ENV, builtin_root, load_corpus, resolve_corpus_path
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

__all__ = [
    "Article", "ArticleMeta", "Block", "BlockKind", "Corpus", "CorpusError", "LoadProblem",
    "Section", "SectionRole", "CORPUS_ENV", "builtin_root", "fold", "load_corpus",
    "resolve_corpus_path",
]
