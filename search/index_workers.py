"""Writing an index's segments in worker processes that never outlive the build.

- A worker dies with the process that started it (`corpus.child_process`), and never holds
  the index lock: the lock is opened close-on-exec, so a spawned worker never receives it,
  and a forked one closes its copy as it starts (`index_store` registers that at fork).
- From a process that runs threads (the app), forking could copy a lock another thread
  holds, so workers are spawned there. Spawning hands stderr's descriptor to
  multiprocessing's resource tracker, and under Textual `sys.stderr` is a capture whose
  `fileno()` is -1 ("bad value(s) in fds_to_keep"): /dev/null stands in while the tracker
  starts, and the workers write their own output there, not over the app's screen.
- When the parent is interrupted (Ctrl-C, SIGTERM) or fails, its workers are killed
  before it goes on.
- A worker that dies without an answer (the OOM killer's SIGKILL, say) is reported back
  with the share it did not finish, for the caller to build on one process.
"""

from __future__ import annotations

import os
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Callable, Iterator

from tanwen.corpus.child_process import die_with_parent

WAIT_SECONDS = 0.2


@dataclass
class SharesBuilt:
    built: list = field(default_factory=list)      # what `build` returned, share by share
    unfinished: list = field(default_factory=list)  # shares whose worker died without answering
    deaths: list[str] = field(default_factory=list)  # how those workers ended


def build_in_processes(build: Callable, folder: str, shares: list[list],
                       report: Callable[[int], None] | None,
                       before_fork: Callable[[], None] | None = None) -> SharesBuilt:
    """Run `build(folder, job, report)` for each job of each share, a process per share.

    `build` must be a module-level function (spawned workers import it). `report(size)` is
    called in this process as workers finish files, and with 0 when a while passes without
    news; whatever it raises ends the build (workers killed). A worker's exception is
    raised here. `before_fork()` runs here first when the workers are forked: what it
    loads, they share instead of each loading it.
    """
    import multiprocessing

    method = "fork" if threading.active_count() == 1 and _can_fork() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "fork" and before_fork is not None:
        before_fork()
    quiet = not _has_descriptor(sys.stderr)
    workers: list[tuple] = []
    result = SharesBuilt()
    try:
        with _stderr_with_a_descriptor():
            for share in shares:
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(
                    target=_work, args=(build, folder, share, sender, os.getpid(), quiet),
                    daemon=True, name="tanwen-index")
                process.start()
                sender.close()
                workers.append((process, receiver, share))
        answers: dict[int, list] = {}
        pending = {receiver: (number, process, share)
                   for number, (process, receiver, share) in enumerate(workers)}
        while pending:
            ready = wait(list(pending), timeout=WAIT_SECONDS)
            if report and not ready:
                report(0)          # a heartbeat: the caller may stop the build from there
            for receiver in ready:
                number, process, share = pending[receiver]
                try:
                    kind, value = receiver.recv()
                except (EOFError, OSError):          # it died without a word
                    del pending[receiver]
                    process.join()
                    result.unfinished.append(share)
                    result.deaths.append(_how_it_ended(process.exitcode))
                    continue
                if kind == "progress":
                    if report:
                        report(value)
                elif kind == "done":
                    answers[number] = value
                    del pending[receiver]
                else:                                  # it failed: its error is ours
                    raise value
        result.built = [pair for number in sorted(answers) for pair in answers[number]]
        return result
    finally:
        for process, receiver, _ in workers:
            if process.is_alive():
                process.kill()
            process.join()
            receiver.close()


def _work(build: Callable, folder: str, share: list, sender, parent_pid: int, quiet: bool) -> None:
    import signal

    die_with_parent(parent_pid)
    # The parent decides what Ctrl-C means; SIGTERM ends a worker outright (a fork inherits
    # the parent's handler, which would unwind it as if the whole build were ending).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if quiet:
        _silence()
    try:
        built = [build(folder, job, lambda size: sender.send(("progress", size))) for job in share]
        sender.send(("done", built))
    except BaseException as error:    # the parent decides what follows
        try:
            sender.send(("failed", error))
        except Exception:             # an error that does not pickle, or a parent gone
            try:
                sender.send(("failed", RuntimeError(f"{type(error).__name__}: {error}")))
            except Exception:
                pass
    finally:
        sender.close()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"killed by {name}" + (" (out of memory?)" if -exitcode == signal.SIGKILL else "")
    return f"exited with status {exitcode}"


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _has_descriptor(stream) -> bool:
    try:
        return stream is not None and stream.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        return False


@contextmanager
def _stderr_with_a_descriptor() -> Iterator[None]:
    """Start multiprocessing's resource tracker with a real stderr (see the module doc)."""
    if _has_descriptor(sys.stderr):
        yield
        return
    from multiprocessing import resource_tracker

    captured = sys.stderr
    with open(os.devnull, "w") as devnull:
        sys.stderr = devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured
    yield


def _silence() -> None:
    """Send this process' output to /dev/null (its parent's terminal belongs to the app)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
