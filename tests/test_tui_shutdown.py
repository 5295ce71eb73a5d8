"""A worker that finishes while the app is closing does not touch its widgets: they are being
removed (the figures pane's header raised NoMatches when a result arrived at that moment)."""

import threading
import time

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp

from tui_support import settle


async def test_results_arriving_during_shutdown_are_dropped():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    applied: list[str] = []
    delivered = threading.Event()

    def late_worker() -> None:
        while app.is_running:          # finishes only once the app has begun to close
            time.sleep(0.001)
        app.call_from_worker(applied.append, "late")
        delivered.set()

    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        running = threading.Thread(target=app.call_from_worker, args=(applied.append, "while running"))
        running.start()
        while running.is_alive():
            await pilot.pause(0.01)
        threading.Thread(target=late_worker, daemon=True).start()
        await pilot.pause()
    delivered.wait(5)
    assert delivered.is_set()
    assert applied == ["while running"]
