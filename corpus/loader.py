"""Loading a corpus: the built-in articles, or any folder (or file) of .md/.txt articles.

One bad file never stops the others: it is recorded in `Corpus.problems` with the reason.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from tanwen.corpus.catalog import (CORPUS_ENV, article_ids, builtin_root, read_metadata,
                                   resolve_corpus_path)
from tanwen.corpus.layout import front_matter_date, parse_article
from tanwen.corpus.markdown import is_markdown_name
from tanwen.corpus.model import Article, ArticleMeta, Corpus, LoadProblem, Section
from tanwen.corpus.printable import printable
from tanwen.corpus.reading import (CorpusError, SourceFile, UnreadableFile, article_text, discover,
                                   read_article_text)


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


def load_article(source: SourceFile, article_id: str, meta: ArticleMeta | None = None,
                 data: bytes | None = None) -> Article:
    """Read, repair and model one article file; raise UnreadableFile if it has no text.
    `data`: the file's bytes, when the caller has read them already (`read_limited`)."""
    text, encoding = read_article_text(source.path) if data is None else article_text(data)
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


__all__ = ["load_corpus", "load_article", "article_ids", "read_metadata", "builtin_root",
           "resolve_corpus_path", "CorpusError", "CORPUS_ENV"]
