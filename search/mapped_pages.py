"""Giving back the pages of a mapped index file that a search has read and will not keep.

The index files are mapped read-only, so a search touches only the pages it reads. But a
page once read stays mapped into the process for as long as the mapping lives: a scan that
reads a little everywhere (a pinyin initial's runs, in the postings of thousands of
characters and in most blocks' text) would leave the process holding most of the index
though it needs each of those pages only while it reads it.

`release` drops a range of pages from the process (`MADV_DONTNEED`): the file's pages stay
in the page cache, shared and reclaimable, and a later read maps them again from there (a
minor fault, some microseconds for 64 KB; no disk read while the cache holds them). On a
read-only shared mapping nothing can be lost: the pages are the file's. Where the system has
no such advice (Windows), nothing is released.
"""

from __future__ import annotations

import mmap

_DONTNEED = getattr(mmap, "MADV_DONTNEED", None)


def release(mapping: mmap.mmap | None, start: int = 0, end: int | None = None) -> None:
    """Drop the process's pages of a read-only mapping (None: nothing to drop), or of its
    bytes start to end (and of the pages these start and end in)."""
    if mapping is None or _DONTNEED is None or mapping.closed:
        return
    first = start - start % mmap.PAGESIZE
    last = len(mapping) if end is None else min(len(mapping), end)
    if last > first:
        mapping.madvise(_DONTNEED, first, last - first)
