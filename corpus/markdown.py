"""An article's text as Markdown: which lines are headings, paragraphs, list items, table
rows or code — read by a CommonMark parser (markdown-it-py), not by line patterns, so a
`# prompt` inside a code fence is code and a `-` inside a table is a cell.

`.md` files are read as CommonMark with tables. `.txt` files are read with the parts of
Markdown that plain text also uses (ATX headings, fences, lists, block quotes, rules,
tables) but not those that misread plain text: an indented line is a paragraph (novels and
man pages indent their prose), a line followed by `---` is not a heading, `<…>` is not
HTML, `[1]: …` is not a link definition, and inline markup (`*`, `_`, `&amp;`) is text.

The result is a list of `Region`s in source order; `paragraphs` turns them into blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class Line:
    number: int            # 1-based line in the source file
    text: str              # the line's text, container prefixes and markup removed
    hard_break: bool = False   # the source ended this line with a hard break


@dataclass
class Region:
    kind: str              # heading | paragraph | item | code | row | break
    lines: list[Line] = field(default_factory=list)
    level: int = 0         # heading level


@lru_cache(maxsize=2)
def _parser(markdown: bool):
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    if not markdown:
        # Plain text uses each paragraph's lines as they are: no inline parse at all.
        parser.disable(["code", "lheading", "html_block", "reference", "inline"])
    return parser


def is_markdown_name(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_SUFFIXES)


_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CHINESE_PUNCT = re.compile(r"[。，；！？、]")


def _reads_as_prose(text: str) -> bool:
    """Mostly Han characters, with Chinese punctuation: sentences, not code."""
    visible = len(text) - sum(text.count(space) for space in (" ", "\n"))
    return bool(_CHINESE_PUNCT.search(text)) and len(_HAN.findall(text)) * 2 > visible


# A line that means something to the plain-text Markdown reading: a heading, fence, list item,
# quote, rule or table. Text without one is only paragraphs, and is read without the parser.
_MARKUP_LINE = re.compile(r"^[ \t]*(?:#{1,6}(?:[ \t]|$)|```|~~~|[-*+](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)"
                          r"|>|[-*_][ \t]*[-*_][ \t]*[-*_])|\|", re.MULTILINE)


# What `.md` files read beyond that: setext underlines (`===`, `--`, so any line that
# starts with `=` or `-`), indented code, and inline markup — escapes, code spans, emphasis,
# links and images, HTML, entities.
_MARKDOWN_MARKUP = re.compile(r"^(?: {4}|[ \t]*(?:=+|-+)[ \t]*$)|[\\`*_\[\]<]|&(?:#|[A-Za-z][A-Za-z0-9]{1,31};)",
                              re.MULTILINE)

# An ATX heading the reading without the parser takes: no indent, and no `#` in its title
# (so no closing sequence for the parser to cut).
_SIMPLE_HEADING = re.compile(r"(#{1,6})[ \t]([^#\n]*)$", re.MULTILINE)

# What the parser trims off a paragraph or a heading: CommonMark's whitespace
# (markdown_it.common.utils.MD_TRIM_CHARS, copied: importing the parser costs 0.1 s).
_MD_TRIM = ("\t\n\x0b\x0c\r \xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
            "\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


# `＃ 标题` and `#　标题` (full-width mark, ideographic space) are headings as `# 标题` is.
_WIDE_HEADING = re.compile(r"^([#＃]{1,6})[ \u3000]", re.MULTILINE)


def _heading_marks(match: re.Match[str]) -> str:
    return "#" * len(match.group(1)) + " "      # the same length: lines and offsets stay


def regions(text: str, markdown: bool) -> list[Region]:
    """The block structure of `text` (already cleaned: `\\n` line ends, no tabs)."""
    if "＃" in text or "\u3000" in text:
        text = _WIDE_HEADING.sub(_heading_marks, text)
    source = text.split("\n")
    if not markdown and _MARKUP_LINE.search(text) is None:
        return _paragraphs(source)
    found = _read_without_parser(text, source, markdown)
    return found if found is not None else _parsed_regions(text, source, markdown)


def _read_without_parser(text: str, source: list[str], markdown: bool) -> list[Region] | None:
    """The regions of text whose Markdown is of the common kinds only — simple headings,
    paragraphs, fences at the margin, one-line list items — exactly as the parser reads them
    (`_parsed_regions`); None for anything else (tables, quotes, rules, nesting, lazy lines,
    inline markup in a `.md` file…), which the parser (~0.1 ms a file, many objects) reads."""
    if "|" in text:
        return None
    found: list[Region] = []
    start = None                 # first line (0-based) of the paragraph being read
    previous = "blank"           # the line before: blank, paragraph, heading, fence, or an item's list type
    after_items = False          # an indented line after a list item may continue it
    fence: re.Match[str] | None = None
    fence_at, fenced = 0, []
    for number, line in enumerate(source):
        if fence is not None:
            closer = _FENCE_CLOSE.match(line)
            if closer and closer.group(1)[0] == fence.group(1)[0] and len(closer.group(1)) >= len(fence.group(1)):
                found += _fenced_code(fence_at, fenced)
                fence, previous = None, "fence"
            elif _INDENTED_FENCE.match(line):
                return None      # it might close the fence
            else:
                fenced.append(line)
            continue
        if not line.strip(" \t"):
            if start is not None:
                found.append(_parsed_paragraph(source, start, number, markdown))
                start = None
            previous = "blank"
            continue
        opening = _FENCE_OPEN.match(line) if line.startswith(("```", "~~~")) else None
        if markdown and not opening and _MARKDOWN_MARKUP.search(line):
            return None
        heading = _SIMPLE_HEADING.match(line) if line.startswith("#") else None
        item = _ONE_LINE_ITEM.match(line)
        if heading:
            if previous.startswith("item"):
                return None
            if start is not None:
                found.append(_parsed_paragraph(source, start, number, markdown))
                start = None
            title = heading.group(2).strip(_MD_TRIM)
            title = title.strip() if markdown else title
            if title:
                found.append(Region("heading", [Line(number + 1, title)], level=len(heading.group(1))))
            previous = "heading"
        elif opening:
            if previous not in ("blank", "heading", "fence") or (opening.group(1)[0] == "`" and "`" in opening.group(2)):
                return None
            fence, fence_at, fenced = opening, number, []
        elif item:
            list_type = "item" + (item.group(1) or item.group(3))
            content = item.group(4).strip(_MD_TRIM)
            if (previous not in ("blank", "heading", "fence", list_type) or not content
                    or _MARKUP_LINE.match(item.group(4))):
                return None      # a lazy line, an empty item or one that holds more blocks
            content = content.strip() if markdown else content
            marker = item.group(1) or item.group(2) + item.group(3)
            hard_break = not markdown and line.endswith("  ")
            found.append(Region("item", [Line(number + 1, f"{marker} {content}", hard_break)]))
            previous, after_items = list_type, True
        elif (_MARKUP_LINE.match(line) or previous.startswith("item")
              or (after_items and line[0] == " ")):
            return None
        else:
            if start is None:
                start = number
            previous = "paragraph"
    if fence is not None:
        return None              # a fence left open: where it ends is the parser's to say
    if start is not None:
        found.append(_parsed_paragraph(source, start, len(source), markdown))
    return found


_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})(.*)$")
_FENCE_CLOSE = re.compile(r"(`{3,}|~{3,})[ \t]*$")
_INDENTED_FENCE = re.compile(r" {1,3}(?:```|~~~)")
# A list item of one line at the margin: a marker, one space, text.
_ONE_LINE_ITEM = re.compile(r"(?:([-+*])|(\d{1,9})([.)])) (?=[^ \t])(.*)$")


def _fenced_code(opening_line: int, fenced: list[str]) -> list[Region]:
    """A fence's lines as the parser's code region of them (none if they are all blank)."""
    content = "".join(line + "\n" for line in fenced).rstrip("\n").split("\n")
    lines = [Line(opening_line + 2 + offset, line.rstrip()) for offset, line in enumerate(content)]
    return [Region("code", lines)] if any(line.text.strip() for line in lines) else []


def _parsed_paragraph(source: list[str], start: int, end: int, markdown: bool) -> Region:
    """Lines `start`…`end` (0-based, end excluded) as the parser's paragraph of them."""
    parts = "\n".join(source[start:end]).strip(_MD_TRIM).split("\n")
    last = len(parts) - 1
    if markdown:
        lines = [Line(start + 1 + offset, part.strip(), hard_break=offset < last and part.endswith("  "))
                 for offset, part in enumerate(parts)]
    else:
        lines = [Line(start + 1 + offset, part, hard_break=source[start + offset].endswith("  "))
                 for offset, part in enumerate(parts)]
    return Region("paragraph", lines)


def _parsed_regions(text: str, source: list[str], markdown: bool) -> list[Region]:
    """What the parser reads in `text`: any Markdown at all."""
    tokens = _parser(markdown).parse(text)
    found: list[Region] = []
    pending_marker: str | None = None     # the marker the item's first paragraph takes
    in_item = 0
    read: list[tuple[int, int]] = []      # line ranges the parser gave blocks (0-based, end excluded)
    for index, token in enumerate(tokens):
        kind = token.type
        if token.map is not None and kind in _LEAF_BLOCKS:
            read.append((token.map[0], token.map[1]))
        if kind in ("bullet_list_open", "ordered_list_open"):
            continue
        if kind == "list_item_open":
            in_item += 1
            pending_marker = (token.info + token.markup) if token.info else token.markup
        elif kind == "list_item_close":
            in_item -= 1
            pending_marker = None
        elif kind == "heading_open" and not markdown and source[token.map[0]].startswith("    "):
            # Indented, in plain text: a line of prose that begins with `#`.
            found.append(Region("paragraph", [Line(token.map[0] + 1, source[token.map[0]].strip())]))
        elif kind == "heading_open":
            inline = tokens[index + 1]
            lines = _inline_lines(inline, source, markdown)
            title = " ".join(line.text for line in lines if line.text)
            if title:
                found.append(Region("heading", [Line(token.map[0] + 1, title)], level=int(token.tag[1])))
        elif kind == "paragraph_open":
            lines = _inline_lines(tokens[index + 1], source, markdown)
            if in_item:
                if pending_marker is not None and lines:
                    lines[0].text = f"{pending_marker} {lines[0].text}"
                    pending_marker = None
                found.append(Region("item", lines))
            else:
                found.append(Region("paragraph", lines))
        elif kind in ("fence", "code_block"):
            first = token.map[0] + (2 if kind == "fence" else 1)
            content = token.content.rstrip("\n").split("\n")
            lines = [Line(first + offset, line.rstrip()) for offset, line in enumerate(content)]
            if not any(line.text.strip() for line in lines):
                continue
            # Chinese prose indented by four spaces is an indented paragraph, not code.
            prose = kind == "code_block" and _reads_as_prose(token.content)
            found.append(Region("paragraph" if prose else "code", lines))
        elif kind == "tr_open":
            cells: list[str] = []
            at = index + 1
            while at < len(tokens) and tokens[at].type != "tr_close":
                if tokens[at].type == "inline":
                    cells.append(_plain(tokens[at].children) if markdown else tokens[at].content.strip())
                at += 1
            if any(cells):
                found.append(Region("row", [Line(token.map[0] + 1, " | ".join(cells))]))
        elif kind == "hr":
            found.append(Region("break", [Line(token.map[0] + 1, "")]))
        elif kind == "html_block":
            # Comments are not text; other HTML keeps the words between its tags.
            if token.content.lstrip().startswith("<!--"):
                found.append(Region("break", [Line(token.map[0] + 1, "")]))
                continue
            lines = [Line(token.map[0] + 1 + offset, _TAG.sub("", line).strip())
                     for offset, line in enumerate(token.content.rstrip("\n").split("\n"))]
            lines = [line for line in lines if line.text]
            if lines:
                found.append(Region("paragraph", lines))
    return _with_unread_lines(found, source, read)


# Tokens that hold source lines themselves (containers — lists, quotes — hold these).
_LEAF_BLOCKS = {"heading_open", "paragraph_open", "fence", "code_block", "hr", "html_block", "table_open"}


def _with_unread_lines(found: list[Region], source: list[str], read: list[tuple[int, int]]) -> list[Region]:
    """Lines with text that the parser left out (nested deeper than it goes: `> > > …`),
    as paragraphs in their place: nothing in a file is lost."""
    covered = bytearray(len(source))
    for start, end in read:
        covered[start:end] = b"\1" * (end - start)
    unread = [line if not covered[number] else "" for number, line in enumerate(source)]
    if not any(line.strip(" \t") for line in unread):
        return found
    extra = _paragraphs(unread)
    return sorted(found + extra, key=lambda region: region.lines[0].number if region.lines else 0)


def _paragraphs(source: list[str]) -> list[Region]:
    """Plain text with no Markdown in it: paragraphs between blank lines (what the parser
    makes of it, at a fraction of the cost)."""
    found: list[Region] = []
    current: list[Line] = []
    for number, line in enumerate(source, start=1):
        if line.strip(" \t"):
            current.append(Line(number, line, hard_break=line.endswith("  ")))
        elif current:
            found.append(Region("paragraph", current))
            current = []
    if current:
        found.append(Region("paragraph", current))
    return found


def _inline_lines(inline, source: list[str], markdown: bool) -> list[Line]:
    """The lines of a paragraph or heading: one per source line, with hard breaks marked."""
    start = inline.map[0]
    if not markdown:
        raw = inline.content.split("\n")
        lines = []
        for offset, text in enumerate(raw):
            number = start + offset
            original = source[number] if number < len(source) else text
            lines.append(Line(number + 1, text, hard_break=original.endswith("  ")))
        return lines
    lines = [Line(start + 1, "")]
    children: list = []
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines[-1].text = _plain(children)
            lines[-1].hard_break = child.type == "hardbreak"
            children = []
            lines.append(Line(lines[-1].number + 1, ""))
        else:
            children.append(child)
    lines[-1].text = _plain(children)
    return lines


def _plain(children) -> str:
    """The text of inline tokens as a reader sees it: words, code, an image's alt text —
    not the `**`, `[…](…)` or HTML tags around them."""
    return "".join(child.content for child in children or ()
                   if child.type in ("text", "code_inline", "image")).strip()
