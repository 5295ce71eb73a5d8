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

Some searches give back what they read as they go (a pinyin initial's runs, a scan of the
whole text). The rest is bounded by `PageBudget`: a process that searches for hours (the
app) would otherwise come to hold every page of the index that any search read.
"""

from __future__ import annotations

import mmap
import os
from typing import Callable

_DONTNEED = getattr(mmap, "MADV_DONTNEED", None)
# Pages of mapped files a searching process may gain over what it held when it opened the
# index, before it gives the index's back. The check follows each search, and one search
# can read 50–60 MB of text (`質生產`, `3.44` at 100 MB of corpus). With 160 MB the search
# bench's process peaked at 304 MB (VmHWM; `bench.search_memory`: 249 MB), with 128 MB
# (`bench.search_memory`) at 220 MB, for the mix's CPU time summed +5% (385 → 404 ms; p95
# 16.0 → 17.6 ms, another run 17.5 both). At 10 MB the whole index is within it.
PAGES_LIMIT = 128 << 20


def release(mapping: mmap.mmap | None, start: int = 0, end: int | None = None) -> None:
    """Drop the process's pages of a read-only mapping (None: nothing to drop), or of its
    bytes start to end (and of the pages these start and end in)."""
    if mapping is None or _DONTNEED is None or mapping.closed:
        return
    first = start - start % mmap.PAGESIZE
    last = len(mapping) if end is None else min(len(mapping), end)
    if last > first:
        mapping.madvise(_DONTNEED, first, last - first)


class PageBudget:
    """A bound on the pages of the mapped index a searching process holds.

    Made when an index is opened, it notes the pages of mapped files the process holds then
    (libraries, the little the opening read). After each search (`after_search`, a read of
    counters the kernel keeps: microseconds), if the process holds more than `limit` bytes
    over that, every page of the index is given back at once: each search reads every
    segment, so no segment's pages are older than another's, and the pages the next searches
    read come back from the page cache (minor faults: up to ~10 ms for a search that reads
    tens of MB). What stays after a release (not the index's) is the new floor. (Giving back
    the text first and the postings only if that was not enough released more often, for
    a higher peak and no less time.)

    `held` reads the process's mapped-file pages, in bytes (None: not known here, and the
    budget does nothing).
    """

    def __init__(self, limit: int = PAGES_LIMIT,
                 held: Callable[[], int | None] | None = None) -> None:
        self.limit = limit
        self._held = held or file_pages_held
        self._floor = self._held()

    def after_search(self, give_back: Callable[[], None]) -> bool:
        """Call `give_back` (which releases the index's pages) if the process holds more
        than the budget; whether it did."""
        if self._floor is None:
            return False
        held = self._held()
        if held is None or held - self._floor <= self.limit:
            return False
        give_back()
        self._floor = max(self._floor, self._held() or 0)
        return True


_statm: tuple[int, int] | None = None      # (process id, open /proc/self/statm)


def file_pages_held() -> int | None:
    """Bytes of the process's resident pages that are pages of mapped files (or shared
    memory), from /proc/self/statm, kept open (re-read in place: 3 µs where opening it again
    costs 25); None where there is no such file."""
    global _statm
    pid = os.getpid()
    if _statm is None or _statm[0] != pid:     # (a forked child has its own)
        try:
            _statm = (pid, os.open("/proc/self/statm", os.O_RDONLY))
        except OSError:
            return None
    fields = os.pread(_statm[1], 128, 0).split()
    return int(fields[2]) * mmap.PAGESIZE
