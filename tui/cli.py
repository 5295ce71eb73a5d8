"""The `tanwen` command: the TUI by default, and subcommands for scripts.

Exit codes: 0 success, 1 nothing found, 2 bad usage or input (unknown ID, no corpus…),
3 internal error (a bug: one line on stderr, the traceback with --debug), 130 interrupted.
Errors go to stderr, results to stdout. A reader that leaves early (`| head`) is no error.
"""

from __future__ import annotations

import argparse
import os
import sys

from tanwen.tui.commands.arguments import whole_number
from tanwen.tui.exits import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, fail

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tanwen", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_VersionAction, help="print the version and exit")
    _corpus_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, help_: str, **kwargs: object) -> argparse.ArgumentParser:
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

    from tanwen.tui.commands.views import add_commands

    add_commands(command)
    return parser


def _negated_words_as_queries(argv: list[str]) -> list[str]:
    """`tanwen search -北京`: a word after a dash that is not ASCII cannot be one of tanwen's
    options, but argparse would take it for one. A word holding a space is never an option
    to argparse, and a trailing space changes no query."""
    return [arg + " " if arg[:1] == "-" and not arg[1:2].isascii() else arg for arg in argv]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_negated_words_as_queries(sys.argv[1:] if argv is None else argv))
    try:
        code = _dispatch(args)
        sys.stdout.flush()          # a closed pipe shows here, not after we have returned
        return code
    except KeyboardInterrupt:
        print("tanwen: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_left()
    except UnicodeEncodeError as error:
        if _output_encoding_lacks(error):
            return fail(f"the output's encoding ({error.encoding}) cannot hold Chinese text; use a "
                        "UTF-8 locale (LANG=C.UTF-8) or PYTHONIOENCODING=utf-8")
        return _internal_error(error, debug=args.debug)
    except Exception as error:      # a bug: one line, not a traceback that exits 1 ("nothing found")
        return _internal_error(error, debug=args.debug)


def _reader_left() -> int:
    """`tanwen search … | head -1`: the reader has what it wanted; exit 0, as when everything
    was read. What is still buffered goes to /dev/null so exiting cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return EXIT_OK


def _output_encoding_lacks(error: UnicodeEncodeError) -> bool:
    """Whether stdout's own encoding (ascii, latin-1…) failed: the setting, not a bug."""
    import codecs

    try:
        return codecs.lookup(error.encoding).name == codecs.lookup(sys.stdout.encoding).name != "utf-8"
    except (LookupError, TypeError):
        return False


def _internal_error(error: BaseException, *, debug: bool) -> int:
    from tanwen.corpus.printable import printable

    if debug:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    hint = "" if debug else " (run again with --debug for the traceback)"
    print(f"tanwen: internal error: {type(error).__name__}: {printable(str(error))[:300]}{hint}",
          file=sys.stderr)
    return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    command = args.command or "tui"
    if command == "tui":
        return _run_app(args.corpus)
    if command in ("sections", "show"):
        from tanwen.tui.commands import structure

        return structure.run(args)
    if command in ("search", "index"):
        from tanwen.tui.commands import searching

        return searching.run(args)
    if command in ("kwic", "plot", "collocates", "terms"):
        from tanwen.tui.commands import views

        return views.run(args)
    if command == "figures":
        from tanwen.tui.commands import figures

        return figures.run(args)
    raise AssertionError(command)


def _run_app(corpus_path: str | None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Full-screen output into a file or a pipe is escape codes that never end.
        return fail("the app needs a terminal, and stdin or stdout is not one; in a script "
                    "use a command: tanwen sections, show, search, figures (see tanwen --help)")
    from tanwen.corpus import resolve_corpus_path

    path = resolve_corpus_path(corpus_path)
    try:
        if path is not None and not path.exists():
            return fail(f"no such file or folder: {path}")
    except OSError as error:        # a name too long, a loop of links
        return fail(f"cannot open {path}: {error.strerror or error}")
    from tanwen.tui.app import run_app

    code, message = run_app(path)
    if code == EXIT_INTERNAL:
        print(f"tanwen: internal error: {message}", file=sys.stderr)
    elif message:
        fail(message)
    return code


if __name__ == "__main__":
    sys.exit(main())
