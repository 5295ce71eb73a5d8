"""One writer at a time: the index folder's lock, and ending a build cleanly on SIGTERM.

The lock is a `flock` on `tanwen.lock`. The kernel drops it with the last descriptor
that refers to it, so a holder that is killed blocks no one — provided no other process
holds a copy of the descriptor. It is opened close-on-exec (no spawned or executed process
receives it), and a forked child closes its copy at once (closing a copy does not release
the parent's lock).
"""

from __future__ import annotations

import fcntl
import os
import signal
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Iterator

from tanwen.search.index_errors import IndexBusy, unwritable

LOCK_NAME = "tanwen.lock"

_HELD: set[int] = set()          # lock descriptors this process holds


def _close_in_child() -> None:
    for descriptor in _HELD:
        with suppress(OSError):
            os.close(descriptor)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


@contextmanager
def write_lock(folder: Path, wait: float) -> Iterator[None]:
    """Hold the folder's lock; IndexBusy after `wait` seconds, IndexUnwritable if the lock
    file cannot be opened for writing (another user's, a read-only folder)."""
    try:
        descriptor = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise unwritable(error) from None
    _HELD.add(descriptor)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy("another tanwen process is updating the index") from None
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        _HELD.discard(descriptor)
        os.close(descriptor)


@contextmanager
def sigterm_ends_the_build() -> Iterator[None]:
    """While the index is written, SIGTERM unwinds like Ctrl-C (workers ended, partial files
    removed, exit status 143) instead of ending the process on the spot. Only the main
    thread receives signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
