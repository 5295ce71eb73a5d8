"""Reading, repairing and modelling articles; extracting their figures. No UI code here."""

from corpus.loader import CORPUS_ENV, builtin_root, load_corpus, resolve_corpus_path
from corpus.model import (
    Article,
    ArticleMeta,
    Block,
    BlockKind,
    Corpus,
    LoadProblem,
    Section,
    SectionRole,
)
from corpus.normalize import fold
from corpus.reading import CorpusError

__all__ = [
    "Article", "ArticleMeta", "Block", "BlockKind", "Corpus", "CorpusError", "LoadProblem",
    "Section", "SectionRole", "CORPUS_ENV", "builtin_root", "fold", "load_corpus",
    "resolve_corpus_path",
]
