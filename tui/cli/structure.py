"""`tanwen sections` and `tanwen show`: the corpus' structure and a section's text."""

from __future__ import annotations

import argparse

from rich.text import Text
from rich.tree import Tree

from tanwen.corpus import BlockKind, Section
from tanwen.corpus.printable import json_line
from tanwen.tui.cli.opening import CommandError, one_article, open_corpus
from tanwen.tui.cli.printing import LINE_CELLS, capped, capped_path, stdout_console
from tanwen.tui.exits import EXIT_OK, fail
from tanwen.tui.wording import plural

BLOCK_STYLES = {
    BlockKind.TITLE: "bold", BlockKind.HEADING: "bold", BlockKind.SUBTITLE: "italic",
    BlockKind.SUMMARY: "cyan", BlockKind.CAPTION: "dim italic", BlockKind.CREDIT: "dim",
    BlockKind.BYLINE: "dim", BlockKind.IMAGE: "dim", BlockKind.CODE: "green",
}


def run(args: argparse.Namespace) -> int:
    try:
        corpus = open_corpus(args.corpus)
    except CommandError as error:
        return fail(str(error))
    if args.command == "sections":
        return _sections(corpus, as_json=args.json)
    section = corpus.find_section(args.id)
    if section is not None:
        return _show([section], as_json=args.json)
    try:
        article = one_article(corpus, args.id, or_section=True)
    except CommandError as error:
        return fail(str(error))
    return _show(list(article.walk()), as_json=args.json, title=article.title)


def section_record(section: Section) -> dict:
    article = section.article
    assert article is not None
    return {
        "source": article.source,
        "id": section.id,
        "level": section.level,
        "heading": section.heading,
        "label": section.label,
        "role": section.role.value,
        "path": section.path,
        "lines": [section.blocks[0].line_start, section.blocks[-1].line_end] if section.blocks else None,
        "blocks": section.kind_counts(),
    }


def _sections(corpus, *, as_json: bool) -> int:
    console = stdout_console()
    if as_json:
        for section in corpus.sections():
            console.out(json_line(section_record(section)), highlight=False)
        return EXIT_OK
    articles = plural(len(corpus.articles), "article")
    root = Tree(Text(f"{corpus.name} corpus · {articles}", style="bold"))
    for article in corpus.articles:
        node = root.add(Text.assemble((capped(article.title), "bold"),
                                      ("  " + capped(article.source, LINE_CELLS), "dim")))
        _add_sections(node, article.sections)
    console.print(root)
    return EXIT_OK


def _add_sections(node: Tree, sections: list[Section]) -> None:
    for section in sections:
        label = Text(capped(section.label), style="" if section.heading else "italic")
        label.append(f"  {capped(section.id, LINE_CELLS)}", style="dim")
        if section.byline:
            label.append(f"  {capped(section.byline)}", style="dim cyan")
        _add_sections(node.add(label), section.children)


def _show(sections: list[Section], *, as_json: bool, title: str | None = None) -> int:
    """The blocks of these sections: one section, or every section of an article in order."""
    console = stdout_console()
    if as_json:
        for section in sections:
            for block in section.blocks:
                record = {"id": block.id, "kind": block.kind.value, "text": block.text,
                          "lines": [block.line_start, block.line_end]}
                console.out(json_line(record), highlight=False)
        return EXIT_OK
    if title is not None:
        console.print(Text(capped(title, LINE_CELLS), style="bold"))
    for section in sections:
        if title is not None:
            console.print()
        console.print(Text(capped_path(section.path), style="dim"))
        for block in section.blocks:
            console.print()
            console.print(Text(block.text, style=BLOCK_STYLES.get(block.kind, "")))
    return EXIT_OK
