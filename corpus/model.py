"""The corpus model: Corpus → Article → Section (nested; stories are sections) → Block.

Every block keeps where it came from in its source file, so a search hit or a figure can be
traced back to a line. IDs are derived from the structure, so the same file always yields the
same IDs:

    article  ``001_2a79924027f6625f``           (the file's path, without suffix)
    section  ``001_2a79924027f6625f:1.2``       (its position in the section tree)
    block    ``001_2a79924027f6625f:1.2/3``     (its position in the section)
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

from tanwen.corpus.block_kinds import BlockKind
from tanwen.corpus.normalize import fold, fold_each


class SectionRole(str, Enum):
    SECTION = "section"      # a headed section
    STORY = "story"          # a section closed by a byline, or an untitled story after one
    LEAD = "lead"            # untitled text before the first heading
    BOX = "box"              # an inserted title/summary box, lifted out of the running text

    def __str__(self) -> str:
        return self.value


@dataclass(eq=False)
class Block:
    kind: BlockKind
    text: str
    line_start: int
    line_end: int
    # (offset in `text`, source line) where each source line's contribution starts.
    pieces: tuple[tuple[int, int], ...] = ()
    # True when the loader joined this paragraph across a blank line or an inserted box.
    joined: bool = False
    id: str = ""
    section: Section | None = field(default=None, repr=False)

    @cached_property
    def folded(self) -> str:
        """The text folded for matching (same length as `text`)."""
        return fold(self.text)

    def line_at(self, offset: int) -> int:
        """The source line that holds character `offset` of `text`."""
        if not self.pieces:
            return self.line_start
        starts = [start for start, _ in self.pieces]
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return self.pieces[index][1]


def fold_blocks(blocks: Iterable[Block], chars: int = 1 << 20) -> None:
    """Fold many blocks' text a run of about `chars` characters at a time (`fold_each`: the
    temporary arrays stay small) and keep each as its `folded`, which is what reading
    `folded` would compute and keep, block by block."""
    run: list[Block] = []
    size = 0
    for block in blocks:
        run.append(block)
        size += len(block.text)
        if size >= chars:
            _fold_run(run)
            run, size = [], 0
    _fold_run(run)


def _fold_run(blocks: list[Block]) -> None:
    for block, folded in zip(blocks, fold_each([block.text for block in blocks])):
        block.__dict__["folded"] = folded       # where `cached_property` keeps its value


@dataclass(eq=False)
class Section:
    heading: str | None
    role: SectionRole = SectionRole.SECTION
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    id: str = ""
    level: int = 1                     # depth in the tree, 1 = directly under the article
    parent: Section | None = field(default=None, repr=False)
    article: Article | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """The heading, or for an untitled section its first words."""
        if self.heading:
            return self.heading
        for block in self.blocks:
            if block.kind in (BlockKind.BODY, BlockKind.SUMMARY):
                return first_words(block.text)
        for block in self.blocks:
            if block.kind is not BlockKind.IMAGE:
                return first_words(block.text)
        return "（无标题）"

    @property
    def path(self) -> list[str]:
        """Labels from the top of the article down to this section."""
        labels: list[str] = []
        node: Section | None = self
        while node is not None:
            labels.append(node.label)
            node = node.parent
        return labels[::-1]

    @property
    def byline(self) -> str | None:
        for block in self.blocks:
            if block.kind is BlockKind.BYLINE:
                return block.text
        return None

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()

    def all_blocks(self) -> Iterator[Block]:
        """This section's blocks, then its descendants', in reading order."""
        for section in self.walk():
            yield from section.blocks

    def kind_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for block in self.blocks:
            counts[block.kind.value] = counts.get(block.kind.value, 0) + 1
        return counts


@dataclass
class ArticleMeta:
    """What an article's text or its corpus' metadata file states about it."""

    publication: str | None = None
    issue: str | None = None
    date: str | None = None            # ISO date, where stated
    year: int | None = None            # the year that 今年 refers to

    def describe(self) -> str:
        return "".join(part for part in (self.publication, self.issue) if part)


@dataclass(eq=False)
class Article:
    id: str
    source: str                        # file name, relative to the corpus root
    title: str
    sections: list[Section]
    meta: ArticleMeta = field(default_factory=ArticleMeta)
    path: Path | None = None
    encoding: str = "utf-8"

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()

    def blocks(self) -> Iterator[Block]:
        for section in self.walk():
            yield from section.blocks


@dataclass
class LoadProblem:
    """A file that could not be loaded, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(eq=False)
class Corpus:
    name: str                          # "built-in" or the folder's name
    root: Path
    articles: list[Article]
    problems: list[LoadProblem] = field(default_factory=list)
    builtin: bool = False

    def sections(self) -> Iterator[Section]:
        for article in self.articles:
            yield from article.walk()

    def blocks(self) -> Iterator[Block]:
        for article in self.articles:
            yield from article.blocks()

    @cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections()}

    @cached_property
    def _blocks_by_id(self) -> dict[str, Block]:
        return {block.id: block for block in self.blocks()}

    def section(self, section_id: str) -> Section | None:
        return self._sections_by_id.get(section_id)

    def block(self, block_id: str) -> Block | None:
        return self._blocks_by_id.get(block_id)

    def find_section(self, wanted: str) -> Section | None:
        """A section by full ID, or by an ID whose article part is an unambiguous prefix."""
        exact = self.section(wanted)
        if exact is not None or ":" not in wanted:
            return exact
        article_part, position = wanted.split(":", 1)
        matches = [
            section
            for article in self.articles
            if article.id.startswith(article_part)
            for section in article.walk()
            if section.id.split(":", 1)[1] == position
        ]
        return matches[0] if len(matches) == 1 else None


def first_words(text: str, limit: int = 14) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"
