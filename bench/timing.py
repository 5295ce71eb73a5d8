"""A command timed in a fresh process, as a user runs it, with nothing else of the bench's
running while it waits (`search_bench._run_measured` samples the memory of the process tree
every 20 ms: on a small machine that takes CPU from the command, and sees its end up to 20 ms
late)."""

from __future__ import annotations

import resource
import subprocess
import time


def time_command(command: list[str], env: dict[str, str] | None = None,
          ok: tuple[int, ...] = (0, 1)) -> tuple[float, float]:
    """(wall seconds, CPU seconds: user + system) of a command in a fresh process; its exit
    code must be one of `ok` (by default 1 too: nothing found)."""
    before = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return seconds, _children_cpu() - before


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
