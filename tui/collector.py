"""The cyclic collector, paused while the app starts.

From the first frame to the first result of a query typed at start, the corpus loads, the
search engine's modules (numpy, Whoosh) are imported and the first search is made: some
hundred collections, 20-30 ms, that free next to nothing, each walking what is new since the
last. `run_app` pauses the collector for that; it resumes once the start's work is done:
after that first result, the segmenter's dictionary loaded (the last of the work the start
leaves until then, in a worker: tui.loading). One collection then frees what the start
left, and what remains (the engine's modules, the corpus, the index, the dictionary, the
widgets) is moved out of the collector's sight (`gc.freeze`), as `run_app` does with what
was imported before it: it lives as long as the process, and later collections need not
walk it again.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    global _paused
    _paused = True
    gc.disable()


def resume() -> None:
    """End the pause (if there is one): collect once, freeze what survives, collect again
    from now on."""
    global _paused
    if _paused:
        _paused = False
        gc.collect()
        gc.freeze()
        gc.enable()
