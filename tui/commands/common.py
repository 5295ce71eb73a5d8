"""What every subcommand does first: open the corpus, and report files it had to skip."""

from __future__ import annotations

import sys

from rich.console import Console

from tanwen.corpus import Article, Corpus, CorpusError, resolve_corpus_path
from tanwen.corpus.printable import printable
from tanwen.tui.fitting import PATH_SEPARATOR, truncate_cells
from tanwen.tui.wording import plural  # noqa: F401 (the commands take it from here)

# Output caps: a heading or a name can be megabytes long (a file with no line breaks).
HEADING_CELLS = 160
LINE_CELLS = 320


def capped(text: str, cells: int = HEADING_CELLS) -> str:
    """One line of disk text for output: printable, and cut to `cells` with … if longer."""
    head = printable(text[: cells * 2])            # never more than `cells` * 2 characters needed
    return truncate_cells(head + ("…" if len(text) > cells * 2 else ""), cells)


def capped_path(parts: list[str]) -> str:
    """A section path for output: each heading capped, and the whole line too."""
    return capped(PATH_SEPARATOR.join(capped(part) for part in parts), LINE_CELLS)


class CommandError(Exception):
    """Bad input for a command; the message is printed as `tanwen: error: …`."""


def open_corpus(path: str | None) -> Corpus:
    from tanwen.corpus.loader import load_corpus   # the layout code: only commands that lay out

    try:
        corpus = load_corpus(resolve_corpus_path(path))
    except CorpusError as error:
        raise CommandError(str(error)) from None
    for problem in corpus.problems:
        report_skipped(problem.source, problem.reason)
    if not corpus.articles:
        raise CommandError(f"no article could be loaded from {corpus.root}")
    return corpus


class _StdoutConsole(Console):
    def on_broken_pipe(self) -> None:
        # rich exits 1 ("nothing found"); the reader left (`| head`): cli.main ends with 0.
        self.quiet = True
        raise BrokenPipeError


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


def report_skipped(name: str, reason: str) -> None:
    print(f"tanwen: skipped {capped(name, LINE_CELLS)}: {capped(reason, LINE_CELLS)}", file=sys.stderr)


def stdout_console(piped_width: int = 1000) -> Console:
    """Colours and the terminal's width in a terminal; piped, plain and `piped_width` wide."""
    if sys.stdout.isatty():
        return _StdoutConsole(highlight=False)
    return _StdoutConsole(highlight=False, soft_wrap=True, width=piped_width)
