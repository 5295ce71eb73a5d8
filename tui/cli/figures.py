"""`tanwen figures`: every figure of the corpus, a section, or the blocks matching a query.

    tanwen figures                          a table
    tanwen figures --kind percent --json    one JSON object per figure and line
    tanwen figures --section 000:3 --csv    for a spreadsheet
    tanwen figures --query 天开园 --markdown for a report
    tanwen figures --format citation        each figure as a citation, one per line

`--format` (value, quote, citation) prints each figure rendered that way; with `--json`,
`--csv` or `--markdown` it adds a `rendered` field/column instead.
"""

from __future__ import annotations

import argparse
import sys

from rich.table import Table
from rich.text import Text

from tanwen.corpus import Corpus
from tanwen.corpus.figures import (FIGURE_KINDS, KIND_LABELS, Figure, figures_of_corpus,
                                   figures_of_section, render_figure)
from tanwen.corpus.figures.period import unresolved
from tanwen.corpus.figures.processes import every_figure
from tanwen.corpus.printable import json_line
from tanwen.tui.cli.opening import CommandError, open_corpus
from tanwen.tui.cli.printing import say, stdout_console
from tanwen.tui.exits import EXIT_NOTHING_FOUND, EXIT_OK, fail
from tanwen.tui.export import figures_csv, figures_markdown, format_value
from tanwen.tui.wording import plural, short_place

KIND_STYLES = {
    "percent": "green", "percentage_point": "green", "money": "yellow", "count": "cyan",
    "measure": "cyan", "duration": "magenta", "multiple": "green", "ordinal": "blue",
    "year": "dim", "date": "dim",
}


def run(args: argparse.Namespace) -> int:
    kind = _kind(args.kind)
    if args.kind is not None and kind is None:
        kinds = ", ".join(kind if KIND_LABELS[kind] == kind else f"{kind} ({KIND_LABELS[kind]})"
                          for kind in FIGURE_KINDS)
        return fail(f"unknown kind {args.kind!r}; the kinds are: {kinds}")
    try:
        corpus = open_corpus(args.corpus)
    except CommandError as error:
        return fail(str(error))
    if args.section:
        section = corpus.find_section(args.section)
        if section is None:
            return fail(f"no section with ID {args.section!r} (see `tanwen sections`)")
        figures = figures_of_section(section)
    elif kind is None and not args.query:
        figures = every_figure(corpus)      # every field is shown: two processes if it is big
    else:
        figures = figures_of_corpus(corpus)
    if kind is not None:
        figures = [figure for figure in figures if figure.kind == kind]
    if args.query:
        try:
            blocks = matching_blocks(corpus, args.query)
        except CommandError as error:
            return fail(str(error))
        figures = [figure for figure in figures if figure.block_id in blocks]
    if not figures:
        say("no figures found")
        return EXIT_NOTHING_FOUND
    figures, groups = _ordered(figures, args.sort, args.group_by)
    style = args.format
    if args.json:
        _json(figures, corpus, style)
    elif args.csv:
        _csv(figures, corpus, style)
    elif args.markdown:
        _markdown(figures, corpus, style)
    elif style:
        console = stdout_console()
        for figure in figures:
            # One figure a line, never wrapped: a quote pasted elsewhere keeps no line breaks.
            console.print(Text(render_figure(figure, style, corpus)), soft_wrap=True)
    else:
        _table(figures, corpus, groups)
    unresolved = unresolved_count(figures)
    if unresolved:
        say(f"{unresolved} figure{'s' if unresolved != 1 else ''} keep 今年/去年 as written: "
            "their article states no date (give \"year\" or \"date\" in meta.json, or date: "
            "in its front matter)")
    return EXIT_OK


def unresolved_count(figures: list[Figure]) -> int:
    """How many figures have a period that is still relative (今年上半年 …): their article
    states no date to resolve it against."""
    return sum(1 for figure in figures if unresolved(figure.period))


def _ordered(figures: list[Figure], sort: str, group_by: str | None):
    """The figures sorted, and grouped by metric if asked ((metric, figures) pairs, or None)."""
    from tanwen.corpus.figure_table import group_by_metric, sort_figures

    figures = sort_figures(figures, sort)
    if group_by != "metric":
        return figures, None
    groups = group_by_metric(figures)
    return [figure for _, group in groups for figure in group], groups


def _kind(name: str | None) -> str | None:
    if name is None:
        return None
    normal = name.strip().lower().replace("-", "_").replace(" ", "_")
    if normal in FIGURE_KINDS:
        return normal
    # The labels the app shows (%, pp, ×), and x for × where it is hard to type.
    by_label = {label: kind for kind, label in KIND_LABELS.items()} | {"x": "multiple"}
    return by_label.get(normal)


def matching_blocks(corpus: Corpus, query: str) -> set[str]:
    """The IDs of the blocks that match a search query."""
    from tanwen.search import SearchEngine

    engine = SearchEngine(corpus)
    try:
        engine.open_existing_index()
        return set(engine.search(query, limit=None).matches)
    except Exception as error:          # the search engine's own errors: bad index, bad query
        raise CommandError(f"search failed: {error}") from error
    finally:
        engine.close()


def _rendered(figures: list[Figure], corpus: Corpus, style: str | None) -> list[str] | None:
    return [render_figure(figure, style, corpus) for figure in figures] if style else None


def _json(figures: list[Figure], corpus: Corpus, style: str | None) -> None:
    rendered = _rendered(figures, corpus, style)
    for number, figure in enumerate(figures):
        record = figure.as_record()
        if rendered is not None:
            record["rendered"] = rendered[number]
        sys.stdout.write(json_line(record) + "\n")


def _csv(figures: list[Figure], corpus: Corpus, style: str | None) -> None:
    sys.stdout.write(figures_csv(figures, _rendered(figures, corpus, style)))


def _markdown(figures: list[Figure], corpus: Corpus, style: str | None) -> None:
    sys.stdout.write(figures_markdown(figures, rendered=_rendered(figures, corpus, style)))


def _table(figures: list[Figure], corpus: Corpus, groups=None) -> None:
    # Piped: no terminal width to fit, and a squeezed table is useless in a file.
    console = stdout_console(piped_width=200)
    table = Table(title=Text(f"{plural(len(figures), 'figure')} · {corpus.name} corpus"), title_justify="left")
    table.add_column("figure", no_wrap=True)
    table.add_column("kind")
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("unit")
    table.add_column("metric")
    table.add_column("period")
    table.add_column("section", style="dim", no_wrap=True)
    if groups is not None:
        for metric, group in groups:
            table.add_section()
            # The group's heading sits in the metric column, so no column grows for it.
            table.add_row(Text(f"{len(group)} ×", style="dim"), "", "", "",
                          Text(metric or "(no metric)", style="bold underline"), end_section=True)
            for figure in group:
                _add_figure_row(table, figure)
    else:
        for figure in figures:
            _add_figure_row(table, figure)
    console.print(table)


def _add_figure_row(table: Table, figure: Figure) -> None:
    table.add_row(
        Text(figure.text, style="bold"),
        Text(figure.kind, style=KIND_STYLES.get(figure.kind, "")),
        Text(format_value(figure)),
        Text(figure.unit or ""),
        Text(figure.metric or ""),
        Text(figure.period or ""),
        Text(short_place(figure.section_id)),
    )
