"""Turning the text of an article file into sections and blocks, repairing its layout.

News text copied out of a page layout arrives broken in predictable ways, and a reader
expects to see it whole. Three passes:

1. `paragraphs.split_blocks`: the file's Markdown structure (`markdown.regions`) → raw
   blocks: headings, paragraphs, list items, table rows, code lines; bylines, credits,
   captions and bullets inside a paragraph stand alone; novel-style text is split per line.
2. `_TreeBuilder`: raw blocks → a section tree. Headings nest by level. A heading followed
   by ● bullets inside the running text opens an inserted title/summary box, which is lifted
   out of the text (it often interrupts a paragraph). A byline closes the story it ends,
   unless it directly follows a title: then it belongs to what follows.
3. `join_broken_paragraphs`: a paragraph cut in two by a blank line, a page break or a box
   is joined again — only where `joining.continues` finds strong evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tanwen.corpus.joining import join_broken_paragraphs
from tanwen.corpus.layout_version import LAYOUT_VERSION  # noqa: F401 (re-exported)
from tanwen.corpus.lines import SENTENCE_PUNCT, folded, is_chapter, reads_as_title
from tanwen.corpus.model import Block, BlockKind, Section, SectionRole
from tanwen.corpus.paragraphs import RawBlock, split_blocks

# Bump LAYOUT_VERSION (in corpus.layout_version, light for the index to import) whenever a
# change here gives some file different blocks: indexes made before it hold blocks that no
# longer exist.


def _promote_titles(raw: list[RawBlock]) -> None:
    """Plain lines that are titles become headings: in a headingless file, chapter lines
    (`第一章 出发`) and a first line that reads as a title; anywhere, a title-like line
    directly above a byline (`春晓` / `作者：孟浩然`)."""
    has_headings = any(block.kind is BlockKind.HEADING for block in raw)
    level = 1
    for index, block in enumerate(raw):
        if block.kind is BlockKind.HEADING:
            level = min(6, block.level + 1)
            continue
        if not (block.kind is BlockKind.BODY and block.joinable and len(block.pieces) == 1
                and reads_as_title(block.text)):
            continue
        if not has_headings and is_chapter(block.text):
            block.promoted = "chapter"
        elif index == 0 and not has_headings and _text_follows(raw[1:]):
            block.promoted = "title"
        elif index + 1 < len(raw) and raw[index + 1].kind is BlockKind.BYLINE:
            block.promoted = "story"
        if block.promoted:
            block.kind, block.level = BlockKind.HEADING, level


def _text_follows(rest: list[RawBlock]) -> bool:
    """After a title: text (not more short lines, not items after a separator), at most a
    subtitle and a byline away."""
    for block in rest[:3]:
        if block.separated or block.kind is BlockKind.HEADING:
            return False
        if block.kind is BlockKind.BODY and not reads_as_title(block.text):
            return True
    return False


@dataclass
class _OpenSection:
    section: Section
    md_level: int          # markdown level; untitled lead sections close at any heading


HEAD_KINDS = (BlockKind.HEADING, BlockKind.TITLE, BlockKind.SUBTITLE)


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
        self.seen_text = False
        self.paragraphs: set[int] = set()     # id() of blocks that are plain paragraphs
        self.after_separator: set[int] = set()    # id() of blocks with a separator before them

    def build(self, raw: list[RawBlock]) -> None:
        _promote_titles(raw)
        for index, block in enumerate(raw):
            if block.kind is BlockKind.HEADING:
                self._heading(block, raw[index + 1:index + 4])
            else:
                self._content(block, raw[index + 1] if index + 1 < len(raw) else None)
        self._settle_untitled()

    # -- events ---------------------------------------------------------------------------

    def _heading(self, block: RawBlock, following: list[RawBlock]) -> None:
        self._settle_untitled()
        # Only real headings and a file's title line name the article, not chapters or poems.
        if block.promoted in ("", "title"):
            self.first_heading = self.first_heading or block.text
        next_content = [b for b in following if b.kind is not BlockKind.IMAGE]
        if self.seen_text and next_content and next_content[0].kind is BlockKind.SUMMARY:
            # A title and summary inserted into the running text: a box, lifted out. At the
            # top of an article the same heading is the article's own title (a section).
            box = Section(heading=block.text, role=SectionRole.BOX)
            box.blocks.append(self._block(block, BlockKind.TITLE))
            self.boxes.append(box)
            self.in_box = box
            return
        self.in_box = None
        self.closed_story = None
        if block.level == 1 and block.promoted in ("", "title"):
            self.level_one_headings.append(block.text)
        while self.stack and self.stack[-1].md_level >= block.level:
            self.stack.pop()
        section = Section(heading=block.text)
        self._attach(_OpenSection(section, block.level))
        section.blocks.append(self._block(block, BlockKind.HEADING))

    def _content(self, block: RawBlock, following: RawBlock | None) -> None:
        if self.in_box is not None:
            if block.kind in (BlockKind.SUMMARY, BlockKind.IMAGE, BlockKind.CAPTION, BlockKind.CREDIT):
                self.in_box.blocks.append(self._block(block, block.kind))
                return
            self.in_box = None          # running text resumes after the box
        # The kinds of the section's blocks so far, when they are at most a title and subtitle.
        above = [b.kind for b in self.current.blocks[:3]] if self.current is not None else []
        under_title = 0 < len(above) < 3 and all(kind in HEAD_KINDS for kind in above)
        # A byline right under a title (and subtitle) is the byline of what follows.
        if block.kind is BlockKind.BYLINE and not under_title and self._close_story(block):
            return
        section = self._ensure_current()
        kind = block.kind
        # A subtitle stands over text; a short line over code or a list introduces it.
        over_text = following is None or not (following.kind is BlockKind.CODE
                                              or (following.kind is BlockKind.BODY and not following.joinable))
        if (kind is BlockKind.BODY and above in ([BlockKind.HEADING], [BlockKind.TITLE])
                and block.joinable and over_text and _reads_as_subtitle(block.text)):
            kind = BlockKind.SUBTITLE
        if kind in (BlockKind.BODY, BlockKind.CODE):
            self.seen_text = True
        section.blocks.append(self._block(block, kind))

    def _close_story(self, byline: RawBlock) -> bool:
        """A byline after a story's text ends that story. False if it opens one instead."""
        story = next((open_ for open_ in reversed(self.stack) if open_.md_level <= 2), None)
        if story is None and self.stack:
            story = self.stack[0]
        if story is None or not _has_text(story.section):
            return False
        story.section.blocks.append(self._block(byline, BlockKind.BYLINE))
        if story.section.role is SectionRole.SECTION:
            story.section.role = SectionRole.STORY
        del self.stack[self.stack.index(story):]
        self.current = None
        self.closed_story = story
        return True

    # -- helpers --------------------------------------------------------------------------

    def _block(self, raw: RawBlock, kind: BlockKind) -> Block:
        block = Block(kind=kind, text=raw.text, line_start=raw.line_start, line_end=raw.line_end,
                      pieces=tuple(raw.pieces))
        if raw.joinable and kind is BlockKind.BODY:
            self.paragraphs.add(id(block))
        if raw.separated:
            self.after_separator.add(id(block))
        return block

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


def _reads_as_subtitle(text: str) -> bool:
    """The line under a title: `——…`, or a short line without closing punctuation."""
    if text.startswith("——"):
        return len(text) <= 60 and not SENTENCE_PUNCT.search(folded(text))
    return reads_as_title(text)


def _has_text(section: Section) -> bool:
    return any(block.kind in (BlockKind.BODY, BlockKind.SUMMARY, BlockKind.CODE)
               for block in section.all_blocks())


FRONT_MATTER_TITLE = re.compile(r"^title:\s*[\"']?(.*?)[\"']?\s*$", re.MULTILINE)


def strip_front_matter(text: str) -> tuple[str, str | None]:
    """Blank out a leading YAML front matter block (keeping line numbers); return its title."""
    if text.split("\n", 1)[0].strip() != "---":
        return text, None
    lines = text.split("\n")
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            found = FRONT_MATTER_TITLE.search("\n".join(lines[1:end]))
            return "\n" * end + "\n" + "\n".join(lines[end + 1:]), (found.group(1).strip() or None) if found else None
    return text, None


FRONT_MATTER_DATE = re.compile(r"^date:\s*[\"']?((?:19|20)\d\d(?:-\d{1,2}-\d{1,2})?)", re.MULTILINE)


def front_matter_date(text: str) -> str | None:
    """The `date:` of a leading YAML front matter block (`2025-11-10`, or a year), if any."""
    if text.split("\n", 1)[0].strip() != "---":
        return None
    lines = text.split("\n", 61)
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            found = FRONT_MATTER_DATE.search("\n".join(lines[1:end]))
            return found.group(1) if found else None
    return None


def parse_article(text: str, fallback_title: str, markdown: bool = False) -> tuple[str, list[Section]]:
    """Return (title, top-level sections) of an article's text. IDs are not yet assigned.
    `markdown`: read the text as CommonMark (a `.md` file) rather than as plain text."""
    text, declared_title = strip_front_matter(text)
    builder = _TreeBuilder()
    builder.build(split_blocks(text, markdown))
    sections = builder.boxes + builder.top
    for top in sections:
        for section in top.walk():
            join_broken_paragraphs(section, builder.paragraphs, builder.after_separator)
    return declared_title or builder.title(fallback_title), sections
