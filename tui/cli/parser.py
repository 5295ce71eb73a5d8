"""The `tanwen` command's arguments: every subcommand and option, and the help texts.

Built on every start, the app's too: this module imports no engine, corpus or rich module.
"""

from __future__ import annotations

import argparse

# The engine's defaults for the views, repeated so that building the parser imports no
# engine module (a test checks they agree).
DEFAULT_WIDTH, SORTS = 20, ("position", "right", "left", "article")
DEFAULT_WINDOW, DEFAULT_MIN_FREQ, MEASURES = 5, 3, ("ll", "mi")

DESCRIPTION = """\
探文 tanwen — explore a corpus of Chinese news articles.

With no command, opens the terminal app on the corpus. The corpus is the built-in one
(two articles on Tianjin's innovation economy) unless --corpus PATH or $TANWEN_CORPUS
names a folder (or file) of .md/.txt articles.
"""

EPILOG = """\
exit codes: 0 success, 1 nothing found, 2 bad usage or input, 3 internal error
(run again with --debug for its traceback), 130 interrupted
"""

SEARCH_HELP = """\
query language:
  新质生产力          a word or any string: every place it occurs (traditional,
                      full-width and case variants match too: 創新 finds 创新)
  天津 创新           space = AND: blocks containing both
  天津 OR 北京        either
  -北京, NOT 北京     blocks without it (alone: every block without it)
  "天开实践 打造"     an exact string, spaces included
  tianjin, xzscl      pinyin or pinyin initials, when the letters occur nowhere
                      in the corpus as they are (listed after literal matches)
  pinyin:tianjin      pinyin matches as well as literal ones (also py:)
  heading:天开        only in sections whose heading path contains 天开
  source:001          only in articles whose file name contains 001
  kind:caption        only blocks of that kind (body, heading, title, subtitle,
                      summary, caption, credit, byline, image, code)
A query that cannot be parsed is searched as a literal string, and the output says so.
"""


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 50 ms: only when asked

    try:
        return version("tanwen")
    except PackageNotFoundError:
        return "0+unknown"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"tanwen {package_version()}")
        parser.exit()


def _corpus_option(parser: argparse.ArgumentParser, *, top: bool) -> None:
    # Accepted before and after the subcommand; the later one wins.
    parser.add_argument(
        "--corpus", metavar="PATH", default=None if top else argparse.SUPPRESS,
        help="folder or file of .md/.txt articles (default: $TANWEN_CORPUS, else built-in)",
    )
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help="print the traceback of an internal error")


COMMANDS = ("tui", "sections", "show", "search", "index", "figures", "kwic", "plot", "collocates",
            "terms")


def named_command(argv: list[str]) -> str | None:
    """The subcommand of `argv` when only `--corpus PATH` and `--debug` stand before it, as
    argparse would read it; else None (`--help`, an abbreviated option, no command…)."""
    at = 0
    while at < len(argv) and argv[at] in ("--corpus", "--debug"):
        at += 2 if argv[at] == "--corpus" else 1
    return argv[at] if at < len(argv) and argv[at] in COMMANDS else None


class _Unbuilt:
    """A subcommand's parser that this run does not need: its options are not made."""

    def add_argument(self, *args, **kwargs) -> None:
        pass

    def add_mutually_exclusive_group(self, *args, **kwargs) -> _Unbuilt:
        return self


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or with `only` the parser of that one alone (a run of
    `tanwen search` need not build the others: 0.4 ms each); `named_command` tells which."""
    parser = argparse.ArgumentParser(
        prog="tanwen", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    _corpus_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_: str, **kwargs: object) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _Unbuilt()     # type: ignore[return-value]
        sub = commands.add_parser(name, help=help_, description=help_,
                                  formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)
        _corpus_option(sub, top=False)
        return sub

    command("tui", "open the terminal app (the default)")

    sections = command("sections", "print the section tree of the corpus")
    sections.add_argument("--json", action="store_true",
                          help="one JSON object per section and line")

    show = command("show", "print a section's text, or a whole article's")
    show.add_argument("id", help="a section ID (000:1.2) or an article's ID or file name, "
                                 "as `tanwen sections` prints them")
    show.add_argument("--json", action="store_true", help="the blocks as JSON lines")

    search = command("search", "search the corpus", epilog=SEARCH_HELP)
    search.add_argument("query", nargs="+", help="the query (see below)")
    search.add_argument("--limit", type=whole_number, default=20, metavar="N",
                        help="at most N results (default 20; 0 = all)")
    search.add_argument("--json", action="store_true", help="one JSON object per result and line")

    index = command("index", "build or update the search index and say what changed")
    index.add_argument("--rebuild", action="store_true", help="build it from scratch")

    figures = command("figures", "list the figures (numbers) in the corpus")
    figures.add_argument("--section", metavar="ID", help="only this section (and its subsections)")
    figures.add_argument("--query", metavar="Q", help="only blocks that match this search query")
    figures.add_argument("--kind", metavar="K",
                         help="only figures of this kind (percent or %%, money, …)")
    figures.add_argument("--format", choices=["value", "quote", "citation"], default=None,
                         help="print each figure as a bare value, a quote or a citation")
    figures.add_argument("--sort", choices=["position", "value", "kind", "metric", "period", "article"],
                         default="position",
                         help="order: reading position (default), value (within kind and unit, "
                              "money normalised: 2.3万亿元 above 2821亿元), kind, metric, period, article")
    figures.add_argument("--group-by", choices=["metric"], default=None,
                         help="metric: figures of the same metric together, recurring metrics first")
    output = figures.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per figure and line")
    output.add_argument("--csv", action="store_true", help="CSV with a header row")
    output.add_argument("--markdown", action="store_true", help="a Markdown table")

    _add_view_commands(command)
    return parser


def negated_words_as_queries(argv: list[str]) -> list[str]:
    """`tanwen search -北京`: a word after a dash that is not ASCII cannot be one of tanwen's
    options, but argparse would take it for one. A word holding a space is never an option
    to argparse, and a trailing space changes no query."""
    return [arg + " " if arg[:1] == "-" and not arg[1:2].isascii() else arg for arg in argv]


def _add_view_commands(command) -> None:
    """The views' subcommands, on the `tanwen` parser (`command(name, help)` makes one)."""
    def output(sub, csv_too: bool = True) -> None:
        group = sub.add_mutually_exclusive_group()
        group.add_argument("--json", action="store_true", help="one JSON object per line")
        if csv_too:
            group.add_argument("--csv", action="store_true", help="CSV with a header row")

    kwic = command("kwic", "a concordance: every occurrence with its context, matches aligned")
    kwic.add_argument("query", nargs="+", help="the query (as for `tanwen search`)")
    kwic.add_argument("--width", type=int, default=DEFAULT_WIDTH, metavar="N",
                      help=f"characters of context each side (default {DEFAULT_WIDTH})")
    kwic.add_argument("--sort", choices=SORTS, default="position",
                      help="position (reading order), right (R1, R2…), left (L1, L2…), article")
    output(kwic)

    plot = command("plot", "a dispersion plot: where the query occurs in each article or section")
    plot.add_argument("query", nargs="+", help="the query (as for `tanwen search`)")
    plot.add_argument("--by", choices=["article", "section"], default="article")
    output(plot, csv_too=False)

    colloc = command("collocates", "words that occur near the query, by association strength")
    colloc.add_argument("query", nargs="+", help="the query (as for `tanwen search`)")
    colloc.add_argument("--window", type=int, default=DEFAULT_WINDOW, metavar="N",
                        help=f"words left and right of each occurrence (default {DEFAULT_WINDOW})")
    colloc.add_argument("--min-freq", type=int, default=DEFAULT_MIN_FREQ, metavar="N",
                        help=f"only words seen N times near it or more (default {DEFAULT_MIN_FREQ})")
    colloc.add_argument("--measure", choices=MEASURES, default="ll",
                        help="ll: log-likelihood (default), mi: mutual information")
    colloc.add_argument("--limit", type=whole_number, default=30, metavar="N", help="at most N (0 = all)")
    output(colloc)

    terms = command("terms", "word frequencies, or the key terms of a section or an article")
    terms.add_argument("--section", metavar="ID", help="a section (and its subsections)")
    terms.add_argument("--article", metavar="ID", help="an article (ID, ID prefix or file name)")
    terms.add_argument("--key", action="store_true",
                       help="key terms: used markedly more than in the rest of the corpus")
    terms.add_argument("--pos", action="store_true", help="add each word's part of speech")
    terms.add_argument("--limit", type=whole_number, default=30, metavar="N", help="at most N (0 = all)")
    output(terms)


def whole_number(text: str) -> int:
    """A count such as --limit: a whole number, 0 or more (-1 used to slice off the last)."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number, 0 or more, not {text!r}")
    return number
