"""`tanwen kwic`, `plot`, `collocates` and `terms`: the corpus views on the command line.

    tanwen kwic 天开园 --width 15 --sort right      a concordance, the matches in one column
    tanwen plot 创新 --by section                  occurrences per section, as bars
    tanwen collocates 创新 --window 5 --measure mi  words near the occurrences
    tanwen terms --section 001:1.4 --key           what a section is about
    tanwen terms --limit 50 --pos                  the corpus' most frequent words

Rich tables (or aligned lines) on a terminal, JSON Lines with --json, CSV with --csv.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tanwen.tui.cli.printing import say, stdout_console, summary, write_csv, write_jsonl
from tanwen.tui.exits import EXIT_NOTHING_FOUND, EXIT_OK, fail
from tanwen.tui.wording import plural

if TYPE_CHECKING:
    from tanwen.search import SearchEngine

PLOT_CELLS = 40


def run(args: argparse.Namespace) -> int:
    from tanwen.corpus import CorpusError, resolve_corpus_path
    from tanwen.search import IndexUnavailable, SearchEngine
    from tanwen.tui.cli.opening import CommandError

    try:
        if args.command == "terms":
            return _terms(args)
        engine = _ready(SearchEngine(path=resolve_corpus_path(args.corpus)), args.corpus)
        from tanwen.search import find_occurrences

        found = find_occurrences(engine, " ".join(args.query))
    except (CommandError, CorpusError, IndexUnavailable) as error:
        return fail(str(error))
    except ValueError as error:          # a bad --sort, --width … the parser let through
        return fail(str(error))
    if found.notice:
        say(found.notice)
    if not found.items:
        say("no occurrences found")
        return EXIT_NOTHING_FOUND
    try:
        return {"kwic": _kwic, "plot": _plot, "collocates": _collocates}[args.command](args, found)
    except ValueError as error:
        return fail(str(error))


def _ready(engine: SearchEngine, corpus_option: str | None) -> SearchEngine:
    from tanwen.corpus import resolve_corpus_path
    from tanwen.tui.cli.searching import ready_for_search

    return ready_for_search(engine, resolve_corpus_path(corpus_option))


# -- kwic ------------------------------------------------------------------------------------

def _kwic(args: argparse.Namespace, found) -> int:
    from rich.text import Text

    from tanwen.search import Concordance, aligned

    if args.width < 0:
        return fail("--width cannot be negative")
    kwic = Concordance(found, width=args.width, sort=args.sort)
    if args.json:
        write_jsonl(line.as_record() for line in kwic)
    elif args.csv:
        write_csv(["left", "match", "right", "source", "section_id", "block_id", "start", "end"],
             ([l.left, l.match, l.right, l.source, l.section_id, l.block_id, l.start, l.end] for l in kwic))
    else:
        from rich.cells import cell_len

        console = stdout_console()
        match_cells = max(cell_len(line.match) for line in kwic)
        side = 2 * args.width
        if console.is_terminal:        # a line a row: the context gives way to the terminal's width
            side = max(2, min(side, (console.width - match_cells - 2) // 2))
        for line in kwic:
            left, match, right = aligned(line, side, match_cells, side)
            where = f"  {line.source} {line.block_id}"
            if console.is_terminal:
                where = where[:max(0, console.width - 2 * side - match_cells - 2)]
            console.print(Text.assemble(left, " ", (match, "bold reverse"), " ", right, (where, "dim")),
                          crop=False)
        summary(f"{plural(len(kwic), 'occurrence')} · sorted by {kwic.sorted_by} · {found.elapsed_ms:.1f} ms")
    return EXIT_OK


# -- plot ------------------------------------------------------------------------------------

def _plot(args: argparse.Namespace, found) -> int:
    from rich.table import Table
    from rich.text import Text

    from tanwen.search import dispersion, dispersion_bar

    rows = dispersion(found, args.by)
    if args.json:
        write_jsonl(row.as_record() for row in rows)
        return EXIT_OK
    table = Table(title=Text(f"“{found.query.raw}” · {plural(len(found), 'occurrence')} per {args.by}"),
                  title_justify="left")
    table.add_column(args.by, overflow="fold")
    table.add_column("hits", justify="right")
    table.add_column("per 10k", justify="right")
    table.add_column("where (start → end)", no_wrap=True)
    for row in rows:
        table.add_row(Text(row.label), str(row.count), f"{row.per_10k:.1f}",
                      Text(dispersion_bar(row.positions, PLOT_CELLS), style="yellow" if row.count else "dim"))
    stdout_console().print(table)
    return EXIT_OK


# -- collocates ------------------------------------------------------------------------------

def _collocates(args: argparse.Namespace, found) -> int:
    from rich.table import Table
    from rich.text import Text

    from tanwen.search import collocates

    rows = collocates(found, window=args.window, min_freq=args.min_freq, measure=args.measure,
                      limit=args.limit or None)
    if not rows:
        say(f"no collocate occurs {args.min_freq} times or more (try --min-freq)")
        return EXIT_NOTHING_FOUND
    if args.json:
        write_jsonl(row.as_record() for row in rows)
    elif args.csv:
        write_csv(["word", "together", "left", "right", "frequency", "mi", "ll"],
             ([r.word, r.together, r.left, r.together - r.left, r.frequency, f"{r.mi:.3f}", f"{r.ll:.2f}"]
              for r in rows))
    else:
        table = Table(title=Text(f"collocates of “{found.query.raw}” · ±{args.window} words · "
                                 f"by {args.measure.upper()}"), title_justify="left")
        for name in ("word", "together", "left", "right", "corpus freq", "MI", "LL"):
            table.add_column(name, justify="left" if name == "word" else "right")
        for r in rows:
            table.add_row(Text(r.word, style="bold"), str(r.together), str(r.left),
                          str(r.together - r.left), str(r.frequency), f"{r.mi:.2f}", f"{r.ll:.1f}")
        stdout_console().print(table)
    return EXIT_OK


# -- terms -----------------------------------------------------------------------------------

def _terms(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from tanwen.search import SearchEngine, key_terms, word_list
    from tanwen.tui.fitting import section_path
    from tanwen.tui.cli.opening import CommandError, one_article, open_corpus

    corpus = open_corpus(args.corpus)
    if args.section and args.article:
        raise CommandError("give --section or --article, not both")
    scope, texts = f"{corpus.name} corpus", None
    if args.section:
        section = corpus.find_section(args.section)
        if section is None:
            raise CommandError(f"no section with ID {args.section!r} (see `tanwen sections`)")
        scope, texts = section_path(section.path), [b.folded for b in section.all_blocks()]
    elif args.article:
        article = one_article(corpus, args.article)
        scope, texts = article.title, [b.folded for b in article.blocks()]
    if args.key and texts is None:
        raise CommandError("key terms are of a section or an article: give --section or --article")
    engine = _ready(SearchEngine(corpus), args.corpus)
    limit = args.limit or None
    if args.key:
        rows = key_terms(texts, engine.tables(), limit=limit)
    else:
        rows = word_list(texts, engine.tables(), pos=args.pos, limit=limit)
    if args.key and args.pos:
        from tanwen.search import tag_of

        for row in rows:
            row.tag = tag_of(row.term)
    if not rows:
        say("no " + ("key terms" if args.key else "words") + " found")
        return EXIT_NOTHING_FOUND
    if args.json:
        write_jsonl(row.as_record(key=args.key) for row in rows)
        return EXIT_OK
    header = ["term", "count", "per_10k"] + (["pos"] if args.pos else []) + (
        ["reference", "ll", "log_ratio"] if args.key else [])

    def cells(row) -> list[str]:
        values = [row.term, str(row.count), f"{row.per_10k:.1f}"] + ([row.tag] if args.pos else [])
        return values + ([str(row.reference), f"{row.ll:.1f}", f"{row.log_ratio:.2f}"] if args.key else [])

    if args.csv:
        write_csv(header, map(cells, rows))
        return EXIT_OK
    title = ("key terms" if args.key else "words") + f" · {' '.join(scope.split())}"
    table = Table(title=Text(title), title_justify="left")
    for name in header:
        table.add_column(name, justify="left" if name in ("term", "pos") else "right")
    for row in rows:
        table.add_row(*(Text(cell) for cell in cells(row)))
    stdout_console().print(table)
    return EXIT_OK
