"""The `tanwen` command's entry point: parse, run the subcommand (or the app), turn what goes
wrong into an exit code and one line on stderr.

Exit codes: 0 success, 1 nothing found, 2 bad usage or input (unknown ID, no corpus…),
3 internal error (a bug: one line on stderr, the traceback with --debug), 130 interrupted.
Errors go to stderr, results to stdout. A reader that leaves early (`| head`) is no error.

A bare `tanwen` opens the app without building the parser (argparse and every subcommand's
options): 36 million instructions, some 10 ms, before the first screen.
"""

from __future__ import annotations

import gc
import os
import sys
from typing import TYPE_CHECKING, Callable, NoReturn

from tanwen.tui.exits import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, fail

if TYPE_CHECKING:
    import argparse

BLAS_THREADS_ENV = "OPENBLAS_NUM_THREADS"


def run() -> NoReturn:
    """The `tanwen` program (its console script, `python -m tanwen.tui.cli`): `main`, then
    exit. The cyclic collector is paused until the command's modules are imported
    (`_resume_collector`): its sixty-odd collections while numpy, Whoosh and tanwen's modules
    load find next to nothing to free (a few hundred objects), 10 ms of a cold search. What
    is left at the end is moved out of its sight (`gc.freeze`): the collections the
    interpreter makes as it exits would walk every object of numpy, Whoosh and the index,
    25 ms of a cold search, to free memory the exit frees anyway. (Objects in reference
    cycles are then not finalized at exit, which CPython never promised: the commands close
    what they write.)"""
    global _collector_paused
    gc.disable()
    _collector_paused = True
    code = main()
    gc.freeze()
    sys.exit(code)


_collector_paused = False       # by `run`, until a command's modules are imported


def _resume_collector() -> None:
    """The collector on again, as a command starts its work (which may build an index for
    minutes): what was imported so far stays for the whole process, and is frozen out of
    the collections to come."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # numpy starts OpenBLAS's thread pool as it is imported (a thread per core: a quarter of
    # its import time); neither the app nor a command does linear algebra. One thread,
    # unless the user says.
    os.environ.setdefault(BLAS_THREADS_ENV, "1")
    if not argv:      # what `tanwen` with no arguments parses to: the app on the default corpus
        return _guarded(lambda: _run_app(None), debug=False)
    from tanwen.tui.cli.parser import build_parser, named_command, negated_words_as_queries

    argv = negated_words_as_queries(argv)
    args = build_parser(only=named_command(argv)).parse_args(argv)
    return _guarded(lambda: _dispatch(args), debug=args.debug)


def _guarded(run: Callable[[], int], *, debug: bool) -> int:
    """Run a command; what goes wrong becomes an exit code and one line on stderr."""
    try:
        code = run()
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
        return _internal_error(error, debug=debug)
    except Exception as error:      # a bug: one line, not a traceback that exits 1 ("nothing found")
        return _internal_error(error, debug=debug)


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
        from tanwen.tui.cli import structure as module
    elif command in ("search", "index"):
        from tanwen.tui.cli import searching as module
    elif command in ("kwic", "plot", "collocates", "terms"):
        from tanwen.tui.cli import views as module
    elif command == "figures":
        from tanwen.tui.cli import figures as module
    else:
        raise AssertionError(command)
    _resume_collector()
    return module.run(args)


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

    _resume_collector()       # the app's modules imported (Textual's: a fifth of a second)
    code, message = run_app(path)
    if code == EXIT_INTERNAL:
        print(f"tanwen: internal error: {message}", file=sys.stderr)
    elif message:
        fail(message)
    return code
