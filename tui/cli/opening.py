"""What most subcommands do first: open the corpus (reporting the files it had to skip), and
find the article a user named."""

from __future__ import annotations

from tanwen.corpus import Article, Corpus, CorpusError, resolve_corpus_path
from tanwen.tui.cli.printing import report_skipped


class CommandError(Exception):
    """Bad input for a command; the message is printed as `tanwen: error: …`."""


def open_corpus(path: str | None) -> Corpus:
    from tanwen.corpus.prepared import load_corpus   # the built-in corpus prepared; else laid out

    try:
        corpus = load_corpus(resolve_corpus_path(path))
    except CorpusError as error:
        raise CommandError(str(error)) from None
    for problem in corpus.problems:
        report_skipped(problem.source, problem.reason)
    if not corpus.articles:
        raise CommandError(f"no article could be loaded from {corpus.root}")
    return corpus


def one_article(corpus: Corpus, wanted: str, *, or_section: bool = False) -> Article:
    """The article with this ID or file name, else the one whose ID starts with it
    (`000_0ca8ddae1a5cdd31`, `000_0ca8ddae1a5cdd31.txt`, `000`); CommandError if none or
    several do (`or_section`: the message says a section ID was looked for too)."""
    for article in corpus.articles:
        if wanted in (article.id, article.source):
            return article
    starting = [article for article in corpus.articles if wanted and article.id.startswith(wanted)]
    if len(starting) == 1:
        return starting[0]
    if starting:
        names = ", ".join(article.id for article in starting[:5])
        raise CommandError(f"{wanted!r} starts the IDs of {len(starting)} articles ({names}"
                           f"{', …' if len(starting) > 5 else ''}); give more of one")
    what = "section or article" if or_section else "article"
    raise CommandError(f"no {what} {wanted!r} (an ID, the start of an article's, or a file name; "
                       "see `tanwen sections`)")
