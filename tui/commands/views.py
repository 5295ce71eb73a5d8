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
import csv
import io
import json
import sys
from typing import TYPE_CHECKING

from tanwen.tui.commands.arguments import whole_number
from tanwen.tui.exits import EXIT_NOTHING_FOUND, EXIT_OK, fail

if TYPE_CHECKING:
    from tanwen.search import SearchEngine

# The parser is built on every start (the app's too): this module imports the engine, rich
# and the corpus only when one of its commands runs.

PLOT_CELLS = 40
# The engine's defaults, repeated so that building the parser imports no engine module
# (a test checks they agree).
DEFAULT_WIDTH, SORTS = 20, ("position", "right", "left", "article")
DEFAULT_WINDOW, DEFAULT_MIN_FREQ, MEASURES = 5, 3, ("ll", "mi")


def run(args: argparse.Namespace) -> int:
    from tanwen.corpus import CorpusError, resolve_corpus_path
    from tanwen.search import IndexUnavailable, SearchEngine
    from tanwen.tui.commands.common import CommandError

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
        print(f"tanwen: {found.notice}", file=sys.stderr)
    if not found.items:
        print("tanwen: no occurrences found", file=sys.stderr)
        return EXIT_NOTHING_FOUND
    try:
        return {"kwic": _kwic, "plot": _plot, "collocates": _collocates}[args.command](args, found)
    except ValueError as error:
        return fail(str(error))


def _ready(engine: SearchEngine, corpus_option: str | None) -> SearchEngine:
    from tanwen.corpus import resolve_corpus_path
    from tanwen.tui.commands.searching import ready_for_search

    return ready_for_search(engine, resolve_corpus_path(corpus_option))


def _jsonl(records) -> None:
    sys.stdout.writelines(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _csv(header: list[str], rows) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())


# -- kwic ------------------------------------------------------------------------------------

def _kwic(args: argparse.Namespace, found) -> int:
    from rich.text import Text

    from tanwen.search import Concordance, aligned
    from tanwen.tui.commands.common import plural, stdout_console

    if args.width < 0:
        return fail("--width cannot be negative")
    kwic = Concordance(found, width=args.width, sort=args.sort)
    if args.json:
        _jsonl(line.as_record() for line in kwic)
    elif args.csv:
        _csv(["left", "match", "right", "source", "section_id", "block_id", "start", "end"],
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
        _summary(f"{plural(len(kwic), 'occurrence')} · sorted by {kwic.sorted_by} · {found.elapsed_ms:.1f} ms")
    return EXIT_OK


def _summary(text: str) -> None:
    from rich.console import Console

    Console(stderr=True, highlight=False).print(text, style="dim", markup=False)


# -- plot ------------------------------------------------------------------------------------

def _plot(args: argparse.Namespace, found) -> int:
    from rich.table import Table
    from rich.text import Text

    from tanwen.search import dispersion, dispersion_bar
    from tanwen.tui.commands.common import plural, stdout_console

    rows = dispersion(found, args.by)
    if args.json:
        _jsonl(row.as_record() for row in rows)
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
    from tanwen.tui.commands.common import stdout_console

    rows = collocates(found, window=args.window, min_freq=args.min_freq, measure=args.measure,
                      limit=args.limit or None)
    if not rows:
        print(f"tanwen: no collocate occurs {args.min_freq} times or more (try --min-freq)",
              file=sys.stderr)
        return EXIT_NOTHING_FOUND
    if args.json:
        _jsonl(row.as_record() for row in rows)
    elif args.csv:
        _csv(["word", "together", "left", "right", "frequency", "mi", "ll"],
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
    from tanwen.tui.commands.common import CommandError, one_article, open_corpus, stdout_console

    corpus = open_corpus(args.corpus)
    if args.section and args.article:
        raise CommandError("give --section or --article, not both")
    scope, texts = f"{corpus.name} corpus", None
    if args.section:
        section = corpus.find_section(args.section)
        if section is None:
            raise CommandError(f"no section with ID {args.section!r} (see `tanwen sections`)")
        scope, texts = " › ".join(section.path), [b.folded for b in section.all_blocks()]
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
        print("tanwen: no " + ("key terms" if args.key else "words") + " found", file=sys.stderr)
        return EXIT_NOTHING_FOUND
    if args.json:
        _jsonl(row.as_record(key=args.key) for row in rows)
        return EXIT_OK
    header = ["term", "count", "per_10k"] + (["pos"] if args.pos else []) + (
        ["reference", "ll", "log_ratio"] if args.key else [])

    def cells(row) -> list[str]:
        values = [row.term, str(row.count), f"{row.per_10k:.1f}"] + ([row.tag] if args.pos else [])
        return values + ([str(row.reference), f"{row.ll:.1f}", f"{row.log_ratio:.2f}"] if args.key else [])

    if args.csv:
        _csv(header, map(cells, rows))
        return EXIT_OK
    title = ("key terms" if args.key else "words") + f" · {' '.join(scope.split())}"
    table = Table(title=Text(title), title_justify="left")
    for name in header:
        table.add_column(name, justify="left" if name in ("term", "pos") else "right")
    for row in rows:
        table.add_row(*(Text(cell) for cell in cells(row)))
    stdout_console().print(table)
    return EXIT_OK


def add_commands(command) -> None:
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
