"""Cold start as a person sees it: tanwen beside a bare Textual app, both in tmux at 120×35.

    python -m bench.start_bench [--runs 7]

Each run starts a fresh process in a new tmux session and reads the pane every few
milliseconds. Times are from the moment tmux is asked to start the process to:

- first paint    something of the app is on the screen (for the bare app: its one line;
                 for tanwen: the search box's prompt);
- sections       tanwen's section tree is on screen (the corpus is loaded);
- first result   `/创新` was typed the moment the first screen showed, and the status line
                 says how many hits there are.

Both apps run in the same run, alternately, so machine load affects them alike. The cache
is empty on the first tanwen run and warm after (the index is then on disk), so the table
gives both. Medians in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE_APP = r"""
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare textual app ready")

Bare().run()
"""
WIDTH, HEIGHT = 120, 35
POLL = 0.005


def _screen(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session],
                          capture_output=True, text=True).stdout


def _wait_for(session: str, predicate, started: float, timeout: float = 30.0) -> float:
    while time.perf_counter() - started < timeout:
        if predicate(_screen(session)):
            return (time.perf_counter() - started) * 1000
        time.sleep(POLL)
    raise TimeoutError(f"{session}: not seen within {timeout} s:\n{_screen(session)}")


def _start(command: list[str], env: dict[str, str]) -> tuple[str, float]:
    session = f"tanwen-start-{os.getpid()}-{time.monotonic_ns()}"
    exports = " ".join(f"{key}={value}" for key, value in env.items())
    shell = f"env {exports} {' '.join(command)}"
    started = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), shell],
                   check=True)
    return session, started


def _stop(session: str) -> None:
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def bare_once(python: str, script: Path) -> float:
    session, started = _start([python, "-P", str(script)], {})
    try:
        return _wait_for(session, lambda screen: "bare textual app ready" in screen, started)
    finally:
        _stop(session)


def tanwen_once(tanwen: str, cache: Path) -> dict[str, float]:
    env = {"TANWEN_CACHE_DIR": str(cache), "TANWEN_KEYMAP": str(cache / "none.toml")}
    session, started = _start([tanwen], env)
    try:
        first = _wait_for(session, lambda screen: "探文" in screen, started)
        subprocess.run(["tmux", "send-keys", "-t", session, "/", "创新"], check=True)
        sections = _wait_for(session, lambda screen: "sections" in screen, started)
        result = _wait_for(session, lambda screen: " hits" in screen or "hit 1 of" in screen
                           or " results" in screen, started)
        return {"first paint": first, "sections": sections, "first result": result}
    finally:
        _stop(session)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark")
        return 2
    bin_dir = Path(sys.executable).parent
    tanwen = str(bin_dir / "tanwen")
    bare, ours = [], []
    with tempfile.TemporaryDirectory(prefix="tanwen-start-") as scratch:
        scratch = Path(scratch)
        script = scratch / "bare.py"
        script.write_text(BARE_APP)
        cache = scratch / "cache"
        for _ in range(args.runs):
            bare.append(bare_once(sys.executable, script))
            ours.append(tanwen_once(tanwen, cache))
    median = lambda values: statistics.median(values)
    bare_ms = median(bare)
    print(f"Cold start in tmux at {WIDTH}×{HEIGHT}, median of {args.runs} runs, ms from process start")
    print(f"{'app':<22} {'first paint':>12} {'sections':>9} {'first result':>13} {'paint ÷ bare':>13}")
    print(f"{'bare Textual (1 line)':<22} {bare_ms:>12.0f} {'':>9} {'':>13} {1:>13.2f}")
    paint = median(r["first paint"] for r in ours)
    print(f"{'tanwen, built-in':<22} {paint:>12.0f} {median(r['sections'] for r in ours):>9.0f} "
          f"{median(r['first result'] for r in ours):>13.0f} {paint / bare_ms:>13.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
