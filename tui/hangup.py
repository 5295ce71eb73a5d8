"""Leaving when the terminal goes away.

Closing the terminal window or losing an SSH connection normally sends SIGHUP, which ends
the process. But under a program that takes that signal itself (`make run`, some wrappers)
nothing arrives: input just ends, and the app would wait for more forever, spinning a core.
So the app checks its terminal every second, and once it is gone ends as SIGHUP would have
ended it. (Not by exiting the app: that restores the terminal, and writing to a terminal
that is gone blocks for ever. Nothing is lost: index writes are atomic.)
"""

from __future__ import annotations

import errno
import os
import signal
import sys

CHECK_SECONDS = 1.0


def input_terminal() -> int | None:
    """The file descriptor of the terminal the app reads, or None if it reads no terminal."""
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else None
    except (OSError, ValueError):
        return None
    return fd if fd is not None and os.isatty(fd) else None


def terminal_gone(fd: int) -> bool:
    """Whether the terminal on `fd` has hung up (its process group can no longer be read)."""
    try:
        os.tcgetpgrp(fd)
    except OSError as error:
        return error.errno == errno.EIO
    return False


def watch(app) -> None:
    """End the process if `app`'s terminal hangs up."""
    fd = input_terminal()
    if fd is None:
        return

    def check() -> None:
        if terminal_gone(fd):
            signal.signal(signal.SIGHUP, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGHUP)

    app.set_interval(CHECK_SECONDS, check, name="terminal hang-up check")
