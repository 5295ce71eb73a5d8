"""What is known of a corpus's files without reading their text: where the built-in corpus
is, which corpus a command opens, the articles' IDs, and `meta.json`.

Light on purpose: the index checks its freshness with these alone, so `tanwen search`
never imports the layout code (`corpus.layout`, markdown-it) when its index is fresh.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from tanwen.corpus.printable import printable
from tanwen.corpus.reading import METADATA_FILE, SourceFile, UnreadableFile, read_limited

if TYPE_CHECKING:
    from tanwen.corpus.model import ArticleMeta, LoadProblem

CORPUS_ENV = "TANWEN_CORPUS"


def builtin_root() -> Path:
    """The folder of the built-in articles (package data of `corpus`)."""
    return Path(__file__).parent / "builtin"


def resolve_corpus_path(path: str | os.PathLike[str] | None) -> Path | None:
    """The corpus a command should open: the given path, else $TANWEN_CORPUS, else None
    (the built-in corpus)."""
    if path:
        return Path(path).expanduser()
    from_env = os.environ.get(CORPUS_ENV)
    return Path(from_env).expanduser() if from_env else None


def article_ids(sources: list[SourceFile]) -> list[str]:
    """Stable, unique article IDs for the files of a corpus, in the same order."""
    used: set[str] = set()
    return [_unique_id(_article_id(source.name), used) for source in sources]


def _article_id(name: str) -> str:
    without_suffix = re.sub(r"\.(md|markdown|txt)$", "", name, flags=re.IGNORECASE)
    return re.sub(r"[\s:/\\#]+", "-", without_suffix).strip("-") or "article"


def _unique_id(candidate: str, used: set[str]) -> str:
    unique, n = candidate, 2
    while unique in used:
        unique, n = f"{candidate}~{n}", n + 1
    used.add(unique)
    return unique


def read_metadata(root: Path) -> tuple[dict[str, ArticleMeta], list[LoadProblem]]:
    """`meta.json` beside the articles: {"file name": {"publication", "issue", "date", "year"}}."""
    from tanwen.corpus.model import ArticleMeta, LoadProblem    # read when indexing, not to search

    path = (root if root.is_dir() else root.parent) / METADATA_FILE
    if not path.is_file():
        return {}, []
    try:
        raw = json.loads(read_limited(path).decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("expected an object keyed by file name")
        # Keys and values are made printable as file names are, so the keys still name them.
        metadata = {
            printable(name): ArticleMeta(
                publication=_printable_value(entry.get("publication")),
                issue=_printable_value(entry.get("issue")),
                date=_printable_value(entry.get("date")),
                year=int(entry["year"]) if entry.get("year") else None,
            )
            for name, entry in raw.items()
            if isinstance(entry, dict)
        }
        return metadata, []
    except (OSError, ValueError, TypeError, UnicodeDecodeError, UnreadableFile) as error:
        return {}, [LoadProblem(METADATA_FILE, f"ignored: {error}")]


def _printable_value(value: object) -> object:
    return printable(value) if isinstance(value, str) else value
