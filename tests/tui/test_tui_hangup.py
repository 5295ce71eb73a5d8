"""The app leaves when its terminal goes away, even if no SIGHUP reaches it (as under
`make run`): it must not linger, spinning a core, after an SSH connection drops."""

import os
import pty
import signal
import sys
import time

import pytest


@pytest.mark.skipif(not hasattr(pty, "fork"), reason="needs a pseudo-terminal")
def test_the_app_exits_when_its_terminal_hangs_up_without_a_signal(tmp_path):
    pid, master = pty.fork()
    if pid == 0:                                    # the child: the app on the pty
        signal.signal(signal.SIGHUP, signal.SIG_IGN)   # as when a parent takes the signal
        os.environ["TANWEN_CACHE_DIR"] = str(tmp_path)
        os.execv(sys.executable, [sys.executable, "-m", "tanwen.tui.cli"])
    try:
        deadline = time.monotonic() + 20
        seen = b""
        while b"\x1b[" not in seen and time.monotonic() < deadline:   # it has drawn
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
        time.sleep(1.0)
        os.close(master)                            # the terminal goes away
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                return
            time.sleep(0.1)
        pytest.fail("the app was still running 10 s after its terminal hung up")
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
