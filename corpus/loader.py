"""Loading a corpus: the built-in articles, or any folder (or file) of .md/.txt articles.

One bad file never stops the others: it is recorded in `Corpus.problems` with the reason.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from importlib import resources
from pathlib import Path

from tanwen.corpus.layout import front_matter_date, parse_article
from tanwen.corpus.markdown import is_markdown_name
from tanwen.corpus.model import Article, ArticleMeta, Corpus, LoadProblem, Section
from tanwen.corpus.printable import printable
from tanwen.corpus.reading import (
    METADATA_FILE,
    CorpusError,
    SourceFile,
    UnreadableFile,
    discover,
    read_article_text,
    read_limited,
)

CORPUS_ENV = "TANWEN_CORPUS"


def builtin_root() -> Path:
    """The folder of the built-in articles (package data of `corpus`)."""
    return Path(str(resources.files(__package__).joinpath("builtin")))


def resolve_corpus_path(path: str | os.PathLike[str] | None) -> Path | None:
    """The corpus a command should open: the given path, else $TANWEN_CORPUS, else None
    (the built-in corpus)."""
    if path:
        return Path(path).expanduser()
    from_env = os.environ.get(CORPUS_ENV)
    return Path(from_env).expanduser() if from_env else None


def load_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """Load the corpus at `path`, or the built-in corpus when `path` is None.

    Raises CorpusError when there is nothing to load at all; per-file trouble is reported
    in `Corpus.problems`.
    """
    builtin = path is None
    root = builtin_root() if builtin else Path(path).expanduser().resolve()
    skipped: dict[str, str] = {}
    sources = discover(root, skipped)
    metadata, problems = read_metadata(root)
    problems += [LoadProblem(name, reason) for name, reason in skipped.items()]
    articles: list[Article] = []
    for source, article_id in zip(sources, article_ids(sources)):
        try:
            articles.append(load_article(source, article_id, metadata.get(source.name)))
        except UnreadableFile as error:
            problems.append(LoadProblem(source.name, str(error)))
    name = "built-in" if builtin else printable(root.name)
    return Corpus(name=name, root=root, articles=articles, problems=problems, builtin=builtin)


def load_article(source: SourceFile, article_id: str, meta: ArticleMeta | None = None) -> Article:
    """Read, repair and model one article file; raise UnreadableFile if it has no text."""
    text, encoding = read_article_text(source.path)
    title, sections = parse_article(text, fallback_title=Path(source.name).stem,
                                    markdown=is_markdown_name(source.name))
    if not sections:
        raise UnreadableFile("empty file")
    meta = meta or ArticleMeta()
    if meta.date is None and meta.year is None:
        # What the file states about its date, when meta.json does not (今年 resolves by it).
        meta = dataclasses.replace(meta, date=front_matter_date(text))
    article = Article(id=article_id, source=source.name, title=title, sections=sections,
                      meta=meta, path=source.path, encoding=encoding)
    _assign_ids(article)
    return article


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


def _assign_ids(article: Article) -> None:
    def visit(sections: list[Section], prefix: str, level: int) -> None:
        for index, section in enumerate(sections, start=1):
            position = f"{prefix}{index}"
            section.id = f"{article.id}:{position}"
            section.level = level
            section.article = article
            for number, block in enumerate(section.blocks, start=1):
                block.id = f"{section.id}/{number}"
                block.section = section
            visit(section.children, position + ".", level + 1)

    visit(article.sections, "", 1)


def read_metadata(root: Path) -> tuple[dict[str, ArticleMeta], list[LoadProblem]]:
    """`meta.json` beside the articles: {"file name": {"publication", "issue", "date", "year"}}."""
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


__all__ = ["load_corpus", "load_article", "article_ids", "read_metadata", "builtin_root",
           "resolve_corpus_path", "CorpusError", "CORPUS_ENV"]
