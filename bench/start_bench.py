"""Cold start as a person sees it: tanwen beside a bare Textual app, both in tmux at 120×35.

    python -m bench.start_bench [--runs 7] [--compare OTHER_CHECKOUT/.venv/bin/tanwen]

Each run starts a fresh process in a new tmux session and reads the pane every few
milliseconds. Times are from the moment tmux is asked to start the process to:

- first paint    something of the app is on the screen (for the bare app: its one line;
                 for tanwen: the search box's prompt);
- sections       tanwen's section tree is on screen (the corpus is loaded);
- first result   `/创新` was typed the moment the first screen showed, and the status line
                 says how many hits there are.

and, for tanwen, the CPU time its process had used (all threads, user + system, from /proc;
10 ms ticks) when the first paint and the first result were seen: a busy machine stretches
the wall-clock times far more than these.

Both apps run in the same run, alternately, so machine load affects them alike. The cache
is empty on the first tanwen run and warm after (the index is then on disk), so the table
gives both. Medians in milliseconds.

Before timing, each build's tanwen modules are compiled to bytecode (`compileall`), as an
installed package is: Textual's are, and without it (an editable install under
PYTHONDONTWRITEBYTECODE) tanwen would compile its own modules from source at every start.

`--compare` times another build of tanwen (say, a checkout of main with its own venv) in
the same runs, interleaved, so a change is measured against what it changes under the same
load. The runs use a tmux server of their own (its own socket), so other tmux sessions on
the machine neither disturb them nor are disturbed.
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
SOCKET = f"tanwen-start-{os.getpid()}"     # a tmux server of our own


def _tmux(*args: str, check: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check)


def _screen(session: str) -> str:
    return _tmux("capture-pane", "-p", "-t", session).stdout


def _wait_for(session: str, predicate, started: float, timeout: float = 30.0) -> float:
    while time.perf_counter() - started < timeout:
        if predicate(_screen(session)):
            return (time.perf_counter() - started) * 1000
        time.sleep(POLL)
    raise TimeoutError(f"{session}: not seen within {timeout} s:\n{_screen(session)}")


def _pid(session: str) -> int | None:
    """The app's process: tmux runs the command in its pane's process (env execs it)."""
    found = _tmux("display-message", "-p", "-t", session, "#{pane_pid}").stdout.strip()
    return int(found) if found.isdigit() else None


def _cpu_ms(pid: int | None) -> float:
    """CPU time the process has used so far (user + system, all its threads), in ms: what
    a busy machine changes far less than the wall-clock times. NaN where /proc is not."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return float("nan")
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def _start(command: list[str], env: dict[str, str]) -> tuple[str, float]:
    session = f"tanwen-start-{os.getpid()}-{time.monotonic_ns()}"
    exports = " ".join(f"{key}={value}" for key, value in env.items())
    shell = f"env {exports} {' '.join(command)}"
    started = time.perf_counter()
    _tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), shell, check=True)
    return session, started


def _stop(session: str) -> None:
    _tmux("kill-session", "-t", session)


def compile_bytecode(python: str) -> None:
    """Compile a build's tanwen modules as an installed package has them compiled."""
    code = ("import compileall, tanwen.corpus, tanwen.search, tanwen.tui\n"
            "for package in (tanwen.corpus, tanwen.search, tanwen.tui):\n"
            "    for folder in package.__path__:\n"
            "        compileall.compile_dir(folder, quiet=1)\n")
    subprocess.run([python, "-P", "-c", code], check=True)


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
        pid = _pid(session)
        cpu_first = _cpu_ms(pid)
        _tmux("send-keys", "-t", session, "/", "创新", check=True)
        sections = _wait_for(session, lambda screen: "sections" in screen, started)
        result = _wait_for(session, lambda screen: " hits" in screen or "hit 1 of" in screen
                           or " results" in screen, started)
        return {"first paint": first, "sections": sections, "first result": result,
                "cpu paint": cpu_first, "cpu result": _cpu_ms(pid)}
    finally:
        _stop(session)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", metavar="TANWEN",
                        help="another tanwen executable to time in the same runs, interleaved")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark")
        return 2
    bin_dir = Path(sys.executable).parent
    builds = {"tanwen, built-in": str(bin_dir / "tanwen")}
    if args.compare:
        builds = {"compared, built-in": str(Path(args.compare).expanduser().resolve()), **builds}
    for tanwen in builds.values():
        compile_bytecode(str(Path(tanwen).with_name("python")))
    bare: list[float] = []
    timings: dict[str, list[dict[str, float]]] = {label: [] for label in builds}
    with tempfile.TemporaryDirectory(prefix="tanwen-start-") as scratch:
        scratch = Path(scratch)
        script = scratch / "bare.py"
        script.write_text(BARE_APP)
        # A session that lives for the whole run: the server is up before the first timing
        # and stays up between runs.
        _tmux("new-session", "-d", "-s", "keep", "-x", str(WIDTH), "-y", str(HEIGHT), "sleep 3600", check=True)
        try:
            for _ in range(args.runs):
                bare.append(bare_once(sys.executable, script))
                for number, (label, tanwen) in enumerate(builds.items()):
                    timings[label].append(tanwen_once(tanwen, scratch / f"cache-{number}"))
        finally:
            _tmux("kill-server")
    median = statistics.median
    bare_ms = median(bare)
    print(f"Cold start in tmux at {WIDTH}×{HEIGHT}, median of {args.runs} runs, ms from process start "
          f"(load average {os.getloadavg()[0]:.2f})")
    print(f"{'app':<22} {'first paint':>12} {'sections':>9} {'first result':>13} {'paint ÷ bare':>13}"
          f" {'CPU: paint':>11} {'result':>7}")
    print(f"{'bare Textual (1 line)':<22} {bare_ms:>12.0f} {'':>9} {'':>13} {1:>13.2f}")
    for label, runs in timings.items():
        paint = median(r["first paint"] for r in runs)
        print(f"{label:<22} {paint:>12.0f} {median(r['sections'] for r in runs):>9.0f} "
              f"{median(r['first result'] for r in runs):>13.0f} {paint / bare_ms:>13.2f}"
              f" {median(r['cpu paint'] for r in runs):>11.0f} {median(r['cpu result'] for r in runs):>7.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
