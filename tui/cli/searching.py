"""`tanwen search` and `tanwen index`.

Neither loads the corpus when its index is fresh: the index knows the files it was built
from (size, mtime, hash) and holds each block's text, so a search costs the time to check
the files' stats and open the index.
"""

from __future__ import annotations

import argparse
import os
import sys

from typing import TYPE_CHECKING

from tanwen.corpus import CorpusError, resolve_corpus_path
from tanwen.search import (DiskFull, Hit, IndexBusy, IndexReport, IndexUnavailable, IndexUnwritable,
                           SearchEngine)
from tanwen.tui.cli.printing import report_skipped, say, stdout_console, summary, write_jsonl
from tanwen.tui.exits import EXIT_NOTHING_FOUND, EXIT_OK, fail

if TYPE_CHECKING:
    from rich.text import Text

# A snippet's cells when piped (a third of them before the first match); in a terminal, its width.
PIPED_SNIPPET_CELLS = 240


def run(args: argparse.Namespace) -> int:
    path = resolve_corpus_path(args.corpus)
    try:
        if args.command == "index":
            return _index(SearchEngine(path=path), rebuild=args.rebuild)
        engine = ready_for_search(SearchEngine(path=path), path)
    except (CorpusError, IndexUnavailable) as error:
        return fail(str(error))
    return _search(engine, " ".join(args.query), limit=args.limit, as_json=args.json)


def ready_for_search(engine: SearchEngine, path) -> SearchEngine:
    """The engine to search with, the index brought up to date — or, said on stderr, the
    index as it was when another process is writing it or it cannot be written, or the
    files themselves. A search never waits for someone else's first build.

    When the corpus' folders and files stat as at the last check, the index is opened
    straight away: no listing, no lock (search.freshness)."""
    report = engine.open_unchanged_index()
    if report is not None:
        _say_skipped(report)
        return engine
    wait = None if engine.has_index_on_disk() else 0.0
    try:
        report = _sync(engine, rebuild=False, wait=wait)
    except IndexBusy as error:
        if engine.open_existing_index():
            say(f"{error}; searching the index as it was")
            return engine
        say("another tanwen process is building the index; searching the files directly")
        return _scanning(engine, path)
    except IndexUnwritable as error:
        return _without_writing(engine, path, error)
    _say_skipped(report)
    if report.note:
        say(report.note)
    return engine


def _index(engine: SearchEngine, *, rebuild: bool) -> int:
    try:
        report = _sync(engine, rebuild=rebuild, wait=None)
    except IndexBusy as error:
        return fail(f"{error}; try again in a moment")
    except IndexUnwritable as error:
        return fail(f"{error}; the index is as it was")
    _say_skipped(report)
    print(report.summary())
    return EXIT_OK


def _say_skipped(report: IndexReport) -> None:
    for name, reason in report.problems.items():
        report_skipped(name, reason)


def _without_writing(engine: SearchEngine, path, error: IndexUnwritable) -> SearchEngine:
    """The engine to search with when the index cannot be written: the index on disk if it
    is up to date; on a full disk, the last good one even if it is not; else the files."""
    if engine.open_existing_index(fresh_only=True):
        say(f"{error}; searching the index on disk (it is up to date)")
    elif isinstance(error, DiskFull) and engine.open_existing_index():
        say(f"{error}; searching the index as it was (recent changes are missing)")
    else:
        say(f"{error}; searching the files directly")
        engine = _scanning(engine, path)
    return engine


def _scanning(engine: SearchEngine, path) -> SearchEngine:
    """An engine that searches the loaded corpus, without an index."""
    from tanwen.corpus.prepared import load_corpus   # the built-in corpus prepared; else laid out

    return SearchEngine(engine.corpus if engine.corpus is not None else load_corpus(path))


def _sync(engine: SearchEngine, *, rebuild: bool, wait: float | None = None) -> IndexReport:
    """Update the index, with a progress bar on stderr when it takes a while; a full rebuild
    is announced first."""
    if not sys.stderr.isatty():
        return engine.ensure_index(rebuild=rebuild, wait=wait, notice=say)
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    stderr = Console(stderr=True, highlight=False)
    columns = (TextColumn("indexing"), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with Progress(*columns, console=stderr, transient=True) as bar:
        task = None

        def progress(done: int, total: int) -> None:
            nonlocal task
            if task is None:
                task = bar.add_task("index", total=total)
            bar.update(task, completed=done)

        def notice(line: str) -> None:
            bar.console.print(f"tanwen: {line}", markup=False)

        return engine.ensure_index(progress=progress, rebuild=rebuild, wait=wait, notice=notice)


def _search(engine: SearchEngine, query: str, *, limit: int, as_json: bool) -> int:
    try:
        results = engine.search(query, limit=limit or None)
    except IndexUnavailable as error:
        return fail(str(error))
    if results.notice:
        say(results.notice)
    if as_json:   # plain writes: no rich to import, nothing to interpret
        write_jsonl(hit.as_record() for hit in results.hits)
        return EXIT_OK if results.total else EXIT_NOTHING_FOUND
    from tanwen.tui.wording import plural

    if _plain(sys.stdout):
        # What the console would print piped — the text, no styles — without importing it.
        sys.stdout.writelines(_render_plain(rank, hit)
                              for rank, hit in enumerate(results.hits, start=1))
    else:
        console = stdout_console()
        snippet_cells = console.width - 5 if console.is_terminal else PIPED_SNIPPET_CELLS
        for rank, hit in enumerate(results.hits, start=1):
            console.print(_render(rank, hit, snippet_cells))
    shown = len(results.hits)
    line = (f"{plural(results.total, 'block')}, {plural(results.occurrences, 'match', 'matches')}"
            f"{f' (showing {shown})' if shown < results.total else ''} · "
            f"{results.elapsed_ms:.1f} ms")
    if _plain(sys.stderr):
        print(line, file=sys.stderr)
    else:
        summary(line)
    return EXIT_OK if results.total else EXIT_NOTHING_FOUND


# Variables by which rich writes styles even into a pipe.
_STYLE_FORCING = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE")


def _plain(stream) -> bool:
    """Whether rich would write `stream` as plain text (no terminal, nothing forcing styles):
    then it is written directly (rich.console and rich.text are 30 ms of a cold search's
    imports)."""
    try:
        return not stream.isatty() and not any(os.environ.get(name) for name in _STYLE_FORCING)
    except (AttributeError, ValueError):
        return False


def _header(rank: int, hit: Hit) -> list[tuple[str, str]]:
    """A hit's first line as (text, style) pieces: styled by `_render`, plain by `_render_plain`."""
    from tanwen.tui.cli.printing import LINE_CELLS, capped, capped_path

    # What the index stored came from disk (an index built by an older version holds it
    # unsanitised): made printable here too.
    return [(f"{rank:>3}. ", "bold"), (capped_path(hit.section), "cyan"),
            (f"  {capped(hit.block_id, LINE_CELLS)}", "dim"), (f"  {hit.kind}", "dim"),
            (f"  {hit.match}", "magenta" if hit.match == "pinyin" else "dim")]


def _render_plain(rank: int, hit: Hit) -> str:
    """What `_render(…).plain` holds, and a line's end, without rich.text (tui.cells)."""
    from tanwen.tui.cells import snippet_text

    header = "".join(text for text, _ in _header(rank, hit))
    return f"{header}\n     {snippet_text(hit.text, hit.spans, PIPED_SNIPPET_CELLS)}\n\n"


def _render(rank: int, hit: Hit, snippet_cells: int) -> Text:
    from rich.text import Text

    from tanwen.tui.fitting import snippet

    header = Text.assemble(*_header(rank, hit))
    return Text("\n").join([header, Text("     ") + snippet(hit.text, hit.spans, snippet_cells, "bold reverse"), Text()])
