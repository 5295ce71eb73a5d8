"""What every subcommand does first: open the corpus, and report files it had to skip."""

from __future__ import annotations

import sys

from rich.console import Console

from tanwen.corpus import Corpus, CorpusError, load_corpus, resolve_corpus_path


class CommandError(Exception):
    """Bad input for a command; the message is printed as `tanwen: error: …`."""


def open_corpus(path: str | None) -> Corpus:
    try:
        corpus = load_corpus(resolve_corpus_path(path))
    except CorpusError as error:
        raise CommandError(str(error)) from None
    for problem in corpus.problems:
        print(f"tanwen: skipped {problem.source}: {problem.reason}", file=sys.stderr)
    if not corpus.articles:
        raise CommandError(f"no article could be loaded from {corpus.root}")
    return corpus


def stdout_console() -> Console:
    """Colours and the terminal's width in a terminal; piped, plain and never cut short."""
    if sys.stdout.isatty():
        return Console(highlight=False)
    return Console(highlight=False, soft_wrap=True, width=1000)
