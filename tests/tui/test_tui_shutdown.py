"""A worker that finishes while the app is closing does not touch its widgets: they are being
removed (the figures pane's header raised NoMatches when a result arrived at that moment).
Workers post messages (tui.messages): Textual refuses those posted to a closing app, and the
app skips those that arrive as it begins to close."""

import threading
import time

from tanwen.corpus import load_corpus
from tanwen.tui.app import TanwenApp
from tanwen.tui.messages import FiguresReady

from tui_support import settle, until


async def test_results_arriving_during_shutdown_are_dropped():
    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    delivered = threading.Event()

    def figures_of(label: str) -> FiguresReady:
        return FiguresReady("section", app.figures.source(), label, [], [])

    def late_worker(message: FiguresReady) -> None:
        while app.is_running:          # finishes only once the app has begun to close
            time.sleep(0.001)
        app.post_message(message)
        delivered.set()

    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        running = threading.Thread(target=lambda: app.post_message(figures_of("while running")))
        running.start()
        assert await until(pilot, lambda: app.figures_pane.scope_label == "while running")
        pane = app.figures_pane
        threading.Thread(target=late_worker, args=(figures_of("late"),), daemon=True).start()
        await pilot.pause()
    delivered.wait(5)
    assert delivered.is_set()
    # (run_test raises what a handler raised on the way out, as NoMatches was)
    assert pane.scope_label == "while running"     # the late figures were not shown
