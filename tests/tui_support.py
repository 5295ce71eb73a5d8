"""Shared by the app's Pilot and snapshot tests."""

import contextlib

from textual.geometry import Region
from textual.worker import WorkerCancelled


async def settle(pilot, app, wait=0.25):
    """Let debounce timers fire, workers finish and their results arrive. A worker that a
    newer one replaced (exclusive workers: a newer query) was cancelled: that is not news."""
    await pilot.pause(wait)
    for _ in range(100):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break
    await pilot.pause()


async def until(pilot, condition, seconds=10.0):
    """Wait until `condition()` holds (a search's results, a worker's answer), at most `seconds`;
    on a busy machine a debounce timer can fire after `settle` has seen no worker running."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            return True
        await pilot.pause(0.02)
    return condition()


def screen_lines(widget) -> list[str]:
    """The widget's lines as they are painted: what a person reads there."""
    region = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return ["".join(segment.text for segment in line).strip() for line in widget.render_lines(region)]
