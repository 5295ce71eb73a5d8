"""What the app's worker threads post to the UI thread: each message carries its data, and what
it answers (a query, a figures scope), so the handler can tell a stale answer and drop it.

Textual refuses a message posted to an app that is closing its message queue; one that arrives
just before, while the widgets are being removed, is skipped by `while_running`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from textual.message import Message


def while_running(handler):
    """A handler of a worker's message that does nothing once the app has begun to close: its
    widgets are being removed then (a figures result raised NoMatches on the pane's header)."""
    @functools.wraps(handler)
    def apply(self, message):
        if self.app.is_running:
            return handler(self, message)
        return None

    return apply


@dataclass(frozen=True)
class IndexState:
    """Where the search index stands: `pending` (not started), `indexing` (with a percent once
    the build reports one), `index` (searches use it) or `scan` (searches scan the corpus)."""

    phase: str
    percent: int | None = None

    @property
    def settled(self) -> bool:
        return self.phase in ("index", "scan")

    def describe(self) -> str:
        """What the status line says: only a build in progress is news."""
        if self.phase != "indexing":
            return ""
        return f"indexing {self.percent}%…" if self.percent is not None else "indexing…"


class CorpusLoaded(Message):
    def __init__(self, corpus) -> None:
        super().__init__()
        self.corpus = corpus


class LoadFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class EngineFailed(Message):
    """The search engine could not be made: the tree and the reader still work."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class EngineReady(Message):
    """The engine is made and warm; `index_on_disk`: whether some index of the corpus exists."""

    def __init__(self, index_on_disk: bool | None) -> None:
        super().__init__()
        self.index_on_disk = index_on_disk


class IndexProgress(Message):
    """The index build moved on; `warning` (once settled): what the user should know."""

    def __init__(self, state: IndexState, warning: str | None = None) -> None:
        super().__init__()
        self.state = state
        self.warning = warning


class SearchFinished(Message):
    """A search's answer: `view` (a `SearchView`, built in the worker) or `error`."""

    def __init__(self, query: str, view, error: str | None = None) -> None:
        super().__init__()
        self.query = query
        self.view = view
        self.error = error


class FiguresReady(Message):
    """The figures of a scope: `source` says what they were taken from (a section's key, or
    the query whose results they list), so figures of a scope left meanwhile are dropped."""

    def __init__(self, scope: str, source: str, label: str, figures: list, captions: list) -> None:
        super().__init__()
        self.scope = scope
        self.source = source
        self.label = label
        self.figures = figures
        self.captions = captions


class CopyFinished(Message):
    def __init__(self, outcome) -> None:
        super().__init__()
        self.outcome = outcome
