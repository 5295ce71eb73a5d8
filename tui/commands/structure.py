"""`tanwen sections` and `tanwen show`: the corpus' structure and a section's text."""

from __future__ import annotations

import argparse
import json

from rich.text import Text
from rich.tree import Tree

from tanwen.corpus import BlockKind, Section
from tanwen.tui.exits import EXIT_OK, fail
from tanwen.tui.commands.common import CommandError, open_corpus, stdout_console

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
    if section is None:
        return fail(f"no section with ID {args.id!r} (see `tanwen sections`)")
    return _show(section, as_json=args.json)


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
            console.out(json.dumps(section_record(section), ensure_ascii=False), highlight=False)
        return EXIT_OK
    root = Tree(Text(f"{corpus.name} corpus · {len(corpus.articles)} articles", style="bold"))
    for article in corpus.articles:
        node = root.add(Text.assemble((article.title, "bold"), ("  " + article.source, "dim")))
        _add_sections(node, article.sections)
    console.print(root)
    return EXIT_OK


def _add_sections(node: Tree, sections: list[Section]) -> None:
    for section in sections:
        label = Text(section.label, style="" if section.heading else "italic")
        label.append(f"  {section.id}", style="dim")
        if section.byline:
            label.append(f"  {section.byline}", style="dim cyan")
        _add_sections(node.add(label), section.children)


def _show(section: Section, *, as_json: bool) -> int:
    console = stdout_console()
    if as_json:
        for block in section.blocks:
            record = {"id": block.id, "kind": block.kind.value, "text": block.text,
                      "lines": [block.line_start, block.line_end]}
            console.out(json.dumps(record, ensure_ascii=False), highlight=False)
        return EXIT_OK
    console.print(Text(" › ".join(section.path), style="dim"))
    for block in section.blocks:
        console.print()
        console.print(Text(block.text, style=BLOCK_STYLES.get(block.kind, "")))
    return EXIT_OK
