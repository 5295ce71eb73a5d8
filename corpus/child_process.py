"""Worker processes that end with the process that started them.

A worker left running after its parent was killed holds its memory, and every descriptor
it inherited (an index lock, say), until someone kills it by hand. Two guards, set first
thing in the worker: on Linux the kernel sends it SIGKILL when its parent dies
(prctl PR_SET_PDEATHSIG); everywhere, a thread checks every half second that its parent is
still the process that started it.

PR_SET_PDEATHSIG fires when the *thread* that started the worker ends: start workers from
the thread that waits for them.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
CHECK_SECONDS = 0.5


def die_with_parent(parent_pid: int) -> None:
    """End this process when `parent_pid` (the process that started it) ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass                  # the watching thread still guards
    if os.getppid() != parent_pid:     # the parent died before the guard was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), daemon=True,
                     name="watch-parent").start()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(CHECK_SECONDS)
    os._exit(1)
