"""Cold start in instructions, which a loaded machine does not change: tanwen beside a bare
Textual app, headless at 120×35, each counted by valgrind from the process's start.

    python -m bench.start_count [--compare OTHER_CHECKOUT/.venv/bin/python]

- first paint   up to the first screen (for tanwen: `_first_paint`, which runs once the
                first frame is drawn; work deferred to after it is not counted);
- first result  `创新` searched the moment the first screen shows (as if typed then), up to
                its results applied — with the built-in corpus' index (and prepared form)
                in the cache from an earlier run.

Needs valgrind. Slow (valgrind runs Python some 50 times slower): a minute or two a build.
Wall time on a quiet machine is roughly instructions ÷ 3.8e9 on the machine these were
first measured on; compare builds by the counts.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BARE = r"""
import asyncio
from textual.app import App
from textual.widgets import Static

class Bare(App):
    def compose(self):
        yield Static("bare textual app ready")

    def on_mount(self):
        self.call_after_refresh(self.exit)

async def main():
    app = Bare()
    async with app.run_test(size=(120, 35)) as pilot:
        while app.is_running:
            await pilot.pause(0.05)

asyncio.run(main())
"""

TANWEN = r"""
import asyncio, sys
MODE = sys.argv[1]
from tanwen.tui import app as appmod
from tanwen.tui.widgets import figures_pane

if MODE == "paint" and hasattr(figures_pane.FiguresPane, "_mount_lists"):
    async def after_the_first_paint(self):      # not counted: it runs after the first paint
        pass
    figures_pane.FiguresPane._mount_lists = after_the_first_paint

class Timed(appmod.TanwenApp):
    def _first_paint(self):
        if MODE == "paint":
            self.exit()
            return
        self.search_now("创新")
        super()._first_paint()

    def _apply_results(self, view, error):
        super()._apply_results(view, error)
        if view.results is not None and self.query_text.strip():
            self.exit()

async def main():
    app = Timed(keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        while app.is_running:
            await pilot.pause(0.05)

asyncio.run(main())
"""


def count(python: str, script: Path, *args: str, env: dict[str, str]) -> int:
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", python, "-P", str(script), *args],
                          capture_output=True, text=True, env={**os.environ, **env})
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{python} {script.name} {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compare", metavar="PYTHON", help="another build's python to count too")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is needed for this benchmark")
        return 2
    from bench.start_bench import compile_bytecode

    builds = {"tanwen": sys.executable}
    if args.compare:
        builds = {"compared": args.compare, **builds}
    with tempfile.TemporaryDirectory(prefix="tanwen-count-") as scratch:
        scratch = Path(scratch)
        (scratch / "bare.py").write_text(BARE)
        (scratch / "tanwen.py").write_text(TANWEN)
        bare = count(sys.executable, scratch / "bare.py", env={})
        print(f"{'app':<24} {'first paint':>16} {'÷ bare':>7} {'first result':>16}")
        print(f"{'bare Textual (1 line)':<24} {bare:>16,} {1:>7.2f}")
        for number, (label, python) in enumerate(builds.items()):
            compile_bytecode(python)
            env = {"TANWEN_CACHE_DIR": str(scratch / f"cache-{number}")}
            count(python, scratch / "tanwen.py", "result", env=env)     # the index, prepared
            paint = count(python, scratch / "tanwen.py", "paint", env=env)
            result = count(python, scratch / "tanwen.py", "result", env=env)
            print(f"{label:<24} {paint:>16,} {paint / bare:>7.2f} {result:>16,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
