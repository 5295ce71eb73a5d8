"""Pass 1 of the layout repair: an article's Markdown structure (`markdown.regions`) → raw
blocks, one per paragraph, heading, list item, table row or code line.

Within a paragraph, bylines, credits, captions, ● bullets, image numbers, list items,
options and chapter lines start blocks of their own (`lines.line_facts`); hard breaks (two
trailing spaces) end one; separator lines (`%`) end one and are dropped. A paragraph whose
lines each end a sentence (novel-style text, one paragraph a line) or begin with an
ideographic-space indent is split per line, and a paragraph grown long is split at a
sentence end. Lines join without a space between Han characters and with one beside Latin.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from tanwen.corpus.lines import INDENT, LineFacts, is_han, is_word_char, line_facts, reads_as_title
from tanwen.corpus.markdown import Region, regions
from tanwen.corpus.model import BlockKind

# A paragraph of many lines is split at a line that ends a sentence once it is this long,
# and at any line once it is twice as long: no reader wants a block of a whole file.
PARAGRAPH_LIMIT = 3000
STRIP = " \t\u3000\u00a0"


@dataclass
class RawBlock:
    kind: BlockKind
    line_start: int
    line_end: int
    parts: list[str] = field(default_factory=list)
    pieces: list[tuple[int, int]] = field(default_factory=list)
    length: int = 0
    level: int = 0                     # markdown level, for headings
    hard_break: bool = False           # the last line ended with a hard break
    joinable: bool = True              # a plain paragraph: may be the part of a cut one
    separated: bool = False            # a separator line or rule stands before it
    promoted: str = ""                 # a plain line made a heading: "title", "chapter", "story"

    @property
    def text(self) -> str:
        # Parts are joined once, when asked: `text += line` per line is quadratic.
        if len(self.parts) != 1:
            self.parts[:] = ["".join(self.parts)]
        return self.parts[0]

    def append_line(self, text: str, line_no: int) -> None:
        if self.parts and text and _needs_space(self.parts[-1][-1], text[0]):
            self.parts.append(" ")
            self.length += 1
        self.pieces.append((self.length, line_no))
        self.parts.append(text)
        self.length += len(text)
        self.line_end = line_no


def _needs_space(before: str, after: str) -> bool:
    """Lines of one paragraph: Han runs on without a space; Latin words, and a Latin word
    beside Han text (`--all` / `不要忽略`), keep the space the line break stood for."""
    if is_word_char(before) and is_word_char(after):
        return True
    latin = (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())
    return latin and (is_han(before) or is_han(after))


def split_blocks(text: str, markdown: bool = False) -> list[RawBlock]:
    """Pass 1: the file's Markdown structure → raw blocks."""
    source = text.split("\n")
    found = regions(text, markdown)
    has_headings = any(region.kind == "heading" for region in found)
    blocks: list[RawBlock] = []
    separated = False
    for number, region in enumerate(found):
        if region.kind == "break":
            separated = True
            continue
        if region.kind == "heading":
            line = region.lines[0]
            made = [RawBlock(BlockKind.HEADING, line.number, line.number, [line.text],
                             [(0, line.number)], len(line.text), level=region.level)]
        elif region.kind == "code":
            made = _code_blocks(region)
        else:
            leading_title = not has_headings and not blocks and region.kind == "paragraph"
            made = _paragraph_blocks(region, source, leading_title)
        made = [part for block in made for part in _split_long(block)]
        if made:
            made[0].separated = made[0].separated or separated
            separated = False
            blocks += made
    return blocks


SENTENCE_BREAK = re.compile(r"[。！？!?…]+[”」』）)]*")


def _split_long(block: RawBlock) -> list[RawBlock]:
    """A block (a long line, most often) past twice the paragraph limit, cut after the
    first sentence end past the limit, again and again. Text with no sentence end stays."""
    if block.length <= 2 * PARAGRAPH_LIMIT or block.kind is not BlockKind.BODY:
        return [block]
    text = block.text
    cuts = [0]
    while len(text) - cuts[-1] > 2 * PARAGRAPH_LIMIT:
        found = SENTENCE_BREAK.search(text, cuts[-1] + PARAGRAPH_LIMIT)
        if found is None or found.end() >= len(text):
            break
        cuts.append(found.end())
    if len(cuts) == 1:
        return [block]
    cuts.append(len(text))
    starts = [start for start, _ in block.pieces]
    parts = []
    for begin, end in zip(cuts, cuts[1:]):
        first = bisect.bisect_right(starts, begin) - 1
        last = bisect.bisect_left(starts, end)
        pieces = [(max(0, start - begin), line) for start, line in block.pieces[first:last]]
        parts.append(RawBlock(block.kind, pieces[0][1], pieces[-1][1], [text[begin:end]], pieces,
                              end - begin, joinable=block.joinable))
    parts[0].separated = block.separated
    return parts


def _code_blocks(region: Region) -> list[RawBlock]:
    """A code block as one block per line: a block's text never holds a newline (search
    joins blocks with newlines), and the reader sets consecutive code lines tight."""
    return [RawBlock(BlockKind.CODE, line.number, line.number, [line.text], [(0, line.number)],
                     len(line.text), joinable=False)
            for line in region.lines if line.text.strip()]


def _paragraph_blocks(region: Region, source: list[str], leading_title: bool) -> list[RawBlock]:
    """The blocks of one paragraph (or list item, or table row) of the source."""
    lines = [(line.number, line.text.strip(STRIP), line.hard_break) for line in region.lines]
    lines = [line for line in lines if line[1]]
    joinable = region.kind == "paragraph"
    all_facts = [line_facts(text) for _, text, _ in lines]
    one_a_line = _one_paragraph_a_line(all_facts)
    # A headingless file's first lines that read as a title (a subtitle, an author…) stand
    # alone when longer text follows them: `titles` is how many.
    titles = 0
    if leading_title and lines:
        while titles < 4 and titles < len(lines) - 1 and reads_as_title(lines[titles][1]):
            titles += 1
        longest_after = max((len(text) for _, text, _ in lines[titles:titles + 5]), default=0)
        if reads_as_title(lines[titles][1]) or any(len(text) * 4 > longest_after * 3
                                                   for _, text, _ in lines[:titles]):
            titles = 0   # short lines all through: a poem, a list or hard-wrapped text
    blocks: list[RawBlock] = []
    current: RawBlock | None = None
    separated = False
    previous_ends_sentence = previous_chapter = False
    for index, ((line_no, line, hard_break), facts) in enumerate(zip(lines, all_facts)):
        if facts.separator:
            current, separated = None, True
            continue
        kind, item = facts.kind, facts.item
        # A new paragraph within the lines: an ideographic-space indent (Chinese typesetting's
        # paragraph mark), or a sentence end followed by an indent, by novel-style text, or
        # by a paragraph already long.
        indent = source[line_no - 1][:1]
        new_paragraph = (indent == "\u3000" and index > 0) or (previous_ends_sentence and (
            one_a_line or indent in INDENT
            or (current is not None and current.length >= PARAGRAPH_LIMIT)))
        # A chapter line stands alone, whatever surrounds it.
        new_paragraph = new_paragraph or facts.chapter or previous_chapter
        previous_ends_sentence, previous_chapter = facts.ends_sentence, facts.chapter
        too_long = current is not None and current.length >= 2 * PARAGRAPH_LIMIT
        if (current is None or kind is not None or item or new_paragraph or too_long
                or index <= titles or current.hard_break
                or current.kind in (BlockKind.IMAGE, BlockKind.BYLINE, BlockKind.CREDIT)):
            current = RawBlock(kind or BlockKind.BODY, line_no, line_no,
                               joinable=joinable and not item, separated=separated)
            separated = False
            blocks.append(current)
        current.append_line(line, line_no)
        current.hard_break = hard_break
    return blocks


def _one_paragraph_a_line(facts: list[LineFacts]) -> bool:
    """Novel-style text: a single newline between paragraphs, so most lines end a sentence."""
    if len(facts) < 3:
        return False
    ended = sum(1 for line in facts[:-1] if line.ends_sentence)
    return ended >= 0.6 * (len(facts) - 1)
