"""Turning the text of an article file into sections and blocks, repairing its layout.

News text copied out of a page layout arrives broken in predictable ways, and a reader
expects to see it whole. Three passes:

1. `split_blocks`: lines → raw blocks. Blank lines and hard breaks (two trailing spaces)
   separate paragraphs; lines within a paragraph are joined (no space between Han
   characters). Headings, ● bullets, captions, credits, bylines and lone image numbers
   are recognised line by line.
2. `build_sections`: raw blocks → a section tree. Headings nest by level. A heading followed
   by ● bullets opens an inserted title/summary box, which is lifted out of the running
   text (it often interrupts a paragraph). A byline closes the story it ends; text after
   it opens an untitled story.
3. `join_broken_paragraphs`: a paragraph that stops mid-sentence (no closing punctuation)
   is joined with the next paragraph of its section — the page break, blank line or box
   that split it is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tanwen.corpus.model import Block, BlockKind, Section, SectionRole

HEADING = re.compile(r"^(#{1,6})[ \t\u3000]+(.*?)[ \t\u3000]*#*[ \t\u3000]*$")
RULE = re.compile(r"^([-*_])[ \t]*(?:\1[ \t]*){2,}$")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)、．])[ \t\u3000]")
IMAGE = re.compile(r"^(?:\d{1,3}|!\[[^\]]*\]\([^)]*\))$")
BULLET_MARKS = "●•◆◇▶►"
# Clause punctuation never occurs in a byline or a credit; sentences have it.
_SENTENCE_PUNCT = re.compile(r"[。，；！？,;!?]")
BYLINE = re.compile(r"记者|通讯员|特约撰稿|撰稿人|^文[/／]|^作者[:：]")
CREDIT = re.compile(r"摄影|摄[ \t]*[/／]|[/／][ \t]*摄|[ \t]摄$|供图|图片来源|^图[/／]")
CAPTION_LEAD = re.compile(r"^(?:左图|右图|上图|下图|中图|图为|图\d{0,2}[：:.、．])")
NUMBERED = re.compile(r"^\d{1,2}[.．、]")
PHOTO_DATE = re.compile(r"[(（][^()（）]{0,40}摄[)）][。.]?$")
# A paragraph ending in one of these is complete; ending in anything else, it was cut.
TERMINAL = set("。！？!?…；;：:—」』”’\"'）)】.")


@dataclass
class RawBlock:
    kind: BlockKind
    text: str
    line_start: int
    line_end: int
    pieces: list[tuple[int, int]] = field(default_factory=list)
    level: int = 0                     # markdown level, for headings
    hard_break: bool = False           # the last line ended with two spaces

    def append_line(self, text: str, line_no: int) -> None:
        if self.text and text and _is_word_char(self.text[-1]) and _is_word_char(text[0]):
            self.text += " "
        self.pieces.append((len(self.text), line_no))
        self.text += text
        self.line_end = line_no


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def classify_line(line: str) -> BlockKind | None:
    """The kind of block a stripped line starts, if it is not ordinary text."""
    if IMAGE.match(line):
        return BlockKind.IMAGE
    short_fragment = len(line) <= 40 and not _SENTENCE_PUNCT.search(line)
    if short_fragment and BYLINE.search(line):
        return BlockKind.BYLINE
    if short_fragment and CREDIT.search(line):
        return BlockKind.CREDIT
    if line[0] in BULLET_MARKS and len(line) > 1:
        return BlockKind.SUMMARY
    if CAPTION_LEAD.match(line) or (PHOTO_DATE.search(line) and (NUMBERED.match(line) or len(line) <= 120)):
        return BlockKind.CAPTION
    return None


def split_blocks(text: str) -> list[RawBlock]:
    """Pass 1: lines → raw blocks."""
    blocks: list[RawBlock] = []
    current: RawBlock | None = None

    def flush() -> None:
        nonlocal current
        if current is not None:
            blocks.append(current)
            current = None

    for line_no, raw_line in enumerate(text.split("\n"), start=1):
        hard_break = raw_line.endswith("  ")
        line = raw_line.strip(" \t\u3000\u00a0")
        if not line:
            flush()
            continue
        heading = HEADING.match(line)
        if heading:
            flush()
            blocks.append(RawBlock(BlockKind.HEADING, heading.group(2), line_no, line_no,
                                   [(0, line_no)], level=len(heading.group(1))))
            continue
        if RULE.match(line):
            flush()
            continue
        kind = classify_line(line)
        starts_new = kind is not None or LIST_ITEM.match(line) is not None
        if current is None or starts_new or current.hard_break or current.kind in (
            BlockKind.IMAGE, BlockKind.BYLINE, BlockKind.CREDIT
        ):
            flush()
            current = RawBlock(kind or BlockKind.BODY, "", line_no, line_no)
        current.append_line(line, line_no)
        current.hard_break = hard_break
    flush()
    return blocks


@dataclass
class _OpenSection:
    section: Section
    md_level: int          # markdown level; untitled lead sections close at any heading


class _TreeBuilder:
    """Pass 2: raw blocks → sections, boxes lifted out, stories closed by bylines."""

    LEAD_LEVEL = 7         # deeper than any heading: the next heading of any level closes it

    def __init__(self) -> None:
        self.top: list[Section] = []
        self.boxes: list[Section] = []
        self.stack: list[_OpenSection] = []
        self.current: Section | None = None
        self.in_box: Section | None = None
        self.closed_story: _OpenSection | None = None
        self.level_one_headings: list[str] = []
        self.first_heading: str | None = None

    def build(self, raw: list[RawBlock]) -> None:
        for index, block in enumerate(raw):
            if block.kind is BlockKind.HEADING:
                self._heading(block, raw[index + 1:index + 4])
            else:
                self._content(block)
        self._settle_untitled()

    # -- events ---------------------------------------------------------------------------

    def _heading(self, block: RawBlock, following: list[RawBlock]) -> None:
        self._settle_untitled()
        self.first_heading = self.first_heading or block.text
        next_content = [b for b in following if b.kind is not BlockKind.IMAGE]
        if next_content and next_content[0].kind is BlockKind.SUMMARY:
            box = Section(heading=block.text, role=SectionRole.BOX)
            box.blocks.append(_block(block, BlockKind.TITLE))
            self.boxes.append(box)
            self.in_box = box
            return
        self.in_box = None
        self.closed_story = None
        if block.level == 1:
            self.level_one_headings.append(block.text)
        while self.stack and self.stack[-1].md_level >= block.level:
            self.stack.pop()
        section = Section(heading=block.text)
        self._attach(_OpenSection(section, block.level))
        section.blocks.append(_block(block, BlockKind.HEADING))

    def _content(self, block: RawBlock) -> None:
        if self.in_box is not None:
            if block.kind in (BlockKind.SUMMARY, BlockKind.IMAGE, BlockKind.CAPTION, BlockKind.CREDIT):
                self.in_box.blocks.append(_block(block, block.kind))
                return
            self.in_box = None          # running text resumes after the box
        if block.kind is BlockKind.BYLINE and self._close_story(block):
            return
        section = self._ensure_current()
        kind = block.kind
        if (kind is BlockKind.BODY and block.text.startswith("——") and len(block.text) <= 60
                and not _SENTENCE_PUNCT.search(block.text)
                and all(b.kind is BlockKind.HEADING for b in section.blocks)):
            kind = BlockKind.SUBTITLE
        section.blocks.append(_block(block, kind))

    def _close_story(self, byline: RawBlock) -> bool:
        """A byline after a story's text ends that story. False if it opens one instead."""
        story = next((open_ for open_ in reversed(self.stack) if open_.md_level <= 2), None)
        if story is None and self.stack:
            story = self.stack[0]
        if story is None or not _has_text(story.section):
            return False
        story.section.blocks.append(_block(byline, BlockKind.BYLINE))
        if story.section.role is SectionRole.SECTION:
            story.section.role = SectionRole.STORY
        del self.stack[self.stack.index(story):]
        self.current = None
        self.closed_story = story
        return True

    # -- helpers --------------------------------------------------------------------------

    def _ensure_current(self) -> Section:
        if self.current is not None:
            return self.current
        if self.closed_story is not None:
            # Text after a story's byline: a new story without a heading.
            untitled = Section(heading=None, role=SectionRole.STORY)
            self._attach(_OpenSection(untitled, self.closed_story.md_level))
        else:
            lead = Section(heading=None, role=SectionRole.LEAD)
            self._attach(_OpenSection(lead, self.LEAD_LEVEL))
        assert self.current is not None
        return self.current

    def _attach(self, open_: _OpenSection) -> None:
        parent = self.stack[-1].section if self.stack else None
        open_.section.parent = parent
        (parent.children if parent else self.top).append(open_.section)
        self.stack.append(open_)
        self.current = open_.section

    def _settle_untitled(self) -> None:
        """An untitled story with no text of its own (only captions or a credit after a
        byline) belongs to the story before it."""
        if self.closed_story is None or self.current is None:
            return
        untitled = self.current
        if untitled.heading is not None or _has_text(untitled) or untitled.children:
            return
        siblings = untitled.parent.children if untitled.parent else self.top
        siblings.remove(untitled)
        self.closed_story.section.blocks.extend(untitled.blocks)
        self.stack = [open_ for open_ in self.stack if open_.section is not untitled]
        self.current = None

    def title(self, fallback: str) -> str:
        for box in self.boxes:
            heading = box.heading or ""
            tail = heading.rsplit("——", 1)[-1].strip()
            return tail or heading
        if self.level_one_headings:
            return " · ".join(self.level_one_headings)
        return self.first_heading or fallback


def _has_text(section: Section) -> bool:
    return any(block.kind in (BlockKind.BODY, BlockKind.SUMMARY) for block in section.all_blocks())


def _block(raw: RawBlock, kind: BlockKind) -> Block:
    return Block(kind=kind, text=raw.text, line_start=raw.line_start, line_end=raw.line_end,
                 pieces=tuple(raw.pieces))


def is_cut(text: str) -> bool:
    """True when a paragraph stops mid-sentence."""
    return bool(text) and text[-1] not in TERMINAL


def join_broken_paragraphs(section: Section) -> None:
    """Pass 3: join each paragraph that stops mid-sentence with the next one."""
    merged: list[Block] = []
    for block in section.blocks:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.kind is BlockKind.BODY
                and block.kind is BlockKind.BODY and is_cut(previous.text)
                and not LIST_ITEM.match(previous.text) and not LIST_ITEM.match(block.text)):
            separator = " " if _is_word_char(previous.text[-1]) and _is_word_char(block.text[0]) else ""
            offset = len(previous.text) + len(separator)
            previous.pieces = previous.pieces + tuple((offset + start, line) for start, line in block.pieces)
            previous.text += separator + block.text
            previous.line_end = block.line_end
            previous.joined = True
            continue
        merged.append(block)
    section.blocks = merged


FRONT_MATTER_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$", re.MULTILINE)


def strip_front_matter(text: str) -> tuple[str, str | None]:
    """Blank out a leading YAML front matter block (keeping line numbers); return its title."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return text, None
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            found = FRONT_MATTER_TITLE.search("\n".join(lines[1:end]))
            return "\n" * end + "\n" + "\n".join(lines[end + 1:]), (found.group(1).strip() or None) if found else None
    return text, None


FRONT_MATTER_DATE = re.compile(r"^date:\s*[\"']?((?:19|20)\d\d(?:-\d{1,2}-\d{1,2})?)", re.MULTILINE)


def front_matter_date(text: str) -> str | None:
    """The `date:` of a leading YAML front matter block (`2025-11-10`, or a year), if any."""
    lines = text.split("\n", 61)
    if not lines or lines[0].strip() != "---":
        return None
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            found = FRONT_MATTER_DATE.search("\n".join(lines[1:end]))
            return found.group(1) if found else None
    return None


def parse_article(text: str, fallback_title: str) -> tuple[str, list[Section]]:
    """Return (title, top-level sections) of an article's text. IDs are not yet assigned."""
    text, declared_title = strip_front_matter(text)
    builder = _TreeBuilder()
    builder.build(split_blocks(text))
    sections = builder.boxes + builder.top
    for top in sections:
        for section in top.walk():
            join_broken_paragraphs(section)
    return declared_title or builder.title(fallback_title), sections
