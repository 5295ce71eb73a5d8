"""Where a corpus' index lives, and which generation of it is the latest — told without
Whoosh or numpy, so that a search can start checking the index's freshness before it has
imported them (search.freshness.FreshnessCheck).

    <cache>/indexes/<name>-<hash of the corpus path>/_MAIN_<generation>.toc
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from tanwen.corpus.cache_dir import cache_root
from tanwen.corpus.catalog import builtin_root

INDEX_NAME = "MAIN"
# The table of contents of each generation, as Whoosh names it (whoosh.index.TOC).
_TOC = re.compile(rf"^_{INDEX_NAME}_([0-9]+)\.toc$")


def corpus_root(corpus_path: Path | str | None) -> Path:
    """The folder (or file) of a corpus as its index knows it: the built-in corpus for None."""
    return builtin_root() if corpus_path is None else Path(corpus_path).expanduser().resolve()


def index_dir_for(corpus_root: Path, builtin: bool) -> Path:
    key = "builtin" if builtin else str(corpus_root.resolve())
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    name = "builtin" if builtin else re.sub(r"[^\w.-]+", "_", corpus_root.name)[:40] or "corpus"
    return cache_root() / "indexes" / f"{name}-{digest}"


def latest_generation(folder: Path) -> int:
    """The newest generation whose table of contents is in `folder`, -1 if none is (what
    Whoosh's `TOC._latest_generation` finds); OSError if the folder cannot be listed."""
    return max((int(found.group(1)) for name in os.listdir(folder) if (found := _TOC.match(name))),
               default=-1)
