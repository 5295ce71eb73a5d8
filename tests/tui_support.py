"""Shared by the app's Pilot and snapshot tests."""


async def settle(pilot, app, wait=0.25):
    """Let debounce timers fire, workers finish and their results arrive."""
    await pilot.pause(wait)
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in app.workers):
            break
    await pilot.pause()
