"""What runs after the first paint: the corpus loads and goes on screen, then the search engine is made
(whoosh import), then the index is opened or built; the segmenter's dictionary loads last, once
the first screen (and the results of a query typed meanwhile) is shown.

Each step is a thread worker that reports by message (tui.messages): CorpusLoaded or
LoadFailed, EngineReady or EngineFailed, IndexProgress. The tree and the reader work while the
index builds; until it settles, searches scan the loaded corpus (`wait_for_index` is how a
search worker waits a little for it first).
"""

from __future__ import annotations

import threading
import time
from functools import partial

from rich.text import Text
from textual.worker import get_current_worker

from tanwen.tui import collector
from tanwen.tui.messages import CorpusLoaded, EngineFailed, EngineReady, IndexProgress, IndexState, LoadFailed
from tanwen.tui.pane_rules import TREE_MIN_WIDTH
from tanwen.tui.safe import clean
from tanwen.tui.wording import plural

INDEX_WAIT_SECONDS = 1.5   # how long a first search waits for the index to open or build …
BIG_CORPUS_CHARS = 1_000_000   # … unless a corpus this big is being indexed from scratch


class _BuildCancelled(Exception):
    """The index build was stopped because the app is closing."""


class Loading:
    """The corpus, the search engine and its index, for one app: its workers and their state."""

    def __init__(self, app, *, build_index: bool) -> None:
        self.app = app
        self.build_index = build_index
        self.engine = None
        self.index_settled = threading.Event()       # the index is ready, or will not be
        self.index_on_disk: bool | None = None
        self._engine_lock = threading.Lock()
        self._corpus_chars: int | None = None

    # -- the corpus ------------------------------------------------------------------------

    def load_corpus(self, path) -> None:
        self.app.run_worker(partial(self._load, path), name="load_corpus", group="load",
                            exclusive=True, thread=True)

    def _load(self, path) -> None:
        from tanwen.corpus import CorpusError, load_corpus
        from tanwen.corpus.figure_spans import known

        try:
            corpus = load_corpus(path)
        except CorpusError as error:
            self.app.post_message(LoadFailed(str(error)))
            return
        except Exception as error:  # anything else: say what, rather than a traceback
            self.app.post_message(LoadFailed(f"could not load {path}: {error}"))
            return
        if not corpus.articles:
            reasons = "".join(f"\n  skipped {problem}" for problem in corpus.problems)
            self.app.post_message(LoadFailed(f"no article could be loaded from {corpus.root}{reasons}"))
            return
        # The reader keeps each figure on one line (tui.cjk_wrap asks corpus.figure_spans
        # where they are). Unless they are known (the built-in corpus' prepared form), the
        # figure extractor finds them: import it here, off the UI thread, before a section
        # is shown, and run it once (its tables are built on first use).
        if not known(block.text for block in corpus.articles[0].blocks()):
            from tanwen.corpus.figures import extract_text
            extract_text("2024年，增长3.44%。")
        self.app.post_message(CorpusLoaded(corpus))

    def show_corpus(self, corpus) -> None:
        """The corpus is here: fill the tree, open the first article, focus; then start the
        engine once that is on screen."""
        app = self.app
        app.corpus = corpus
        app.tree.populate(corpus)
        app.search_bar.show_examples_for(corpus.builtin)
        app.reader.hint = Text("Select a section on the left, or press / to search.")
        app.timings["corpus"] = time.perf_counter()
        notice = skipped_notice(corpus.problems)
        if notice is not None:
            app.notify(notice[0], title=notice[1], severity="warning", timeout=10, markup=False)
        if corpus.articles:
            first = corpus.articles[0]
            with app.reader.rest_later():   # the lines on screen now, the rest after the start
                app.open_key(first.id)
            app.tree.reveal(first.id)
        if app.focused is None:   # keys pressed while it loaded (`/创新`) keep their pane
            app.focus_pane("tree" if app.size.width >= TREE_MIN_WIDTH else "reader")
        if app.query_text.strip():  # a query typed while it loaded: now, not once its debounce ends too
            app.searches.now(app.query_text)
        # Background work starts once the corpus is on screen: first the search engine
        # (imports) and its index, then the figures and the segmenter's dictionary.
        app.call_after_refresh(self.start_engine)

    # -- the engine and its index ----------------------------------------------------------

    def engine_now(self):
        """The search engine, made on first use (in whichever worker asks first)."""
        with self._engine_lock:
            if self.engine is None:
                from tanwen.search import SearchEngine

                self.engine = SearchEngine(self.app.corpus)
            return self.engine

    def start_engine(self) -> None:
        self.app.run_worker(self._start_engine, name="start_engine", group="engine",
                            exclusive=True, thread=True)

    def _start_engine(self) -> None:
        try:
            engine = self.engine_now()
        except Exception as error:  # the tree and the reader still work
            self.index_settled.set()
            self.app.post_message(EngineFailed(f"search is unavailable: {error}"))
            return
        if self.build_index:
            self.index_on_disk = has_index(engine)
            self.app.run_worker(self._build_index, name="build_index", group="index",
                                exclusive=True, thread=True)
        if not self.build_index or not self.index_on_disk:
            try:   # searches scan the corpus until an index is ready: make that ready now
                engine.prepare()
            except Exception:
                pass
        self.app.post_message(EngineReady(self.index_on_disk))

    def warm_segmenter(self) -> None:
        """Load the segmenter's dictionary before a query needs it (one whose terms are not
        indexed words, or any without an index). It takes a tenth of a second holding the
        GIL, so the app asks for it once the first screen's work is done: a first search with
        the index does not need it, and would wait for it."""
        self.app.run_worker(self._warm_segmenter, name="warm_segmenter", group="segmenter",
                            exclusive=True, thread=True)

    def _warm_segmenter(self) -> None:
        try:
            from tanwen.search import warm_up

            warm_up()
        except Exception:   # the first query that needs it loads it, and says what is wrong
            pass
        finally:            # the start's last work: the collector paused for it runs again
            collector.resume()

    def _build_index(self) -> None:
        from tanwen.search import DiskFull, IndexBusy, IndexUnwritable

        engine = self.engine_now()
        worker = get_current_worker()
        last = [-1]

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:        # the app is closing: end the build (and its workers)
                raise _BuildCancelled
            percent = int(done * 100 / total) if total else 100
            if percent != last[0]:
                last[0] = percent
                self.app.post_message(IndexProgress(IndexState("indexing", percent)))

        if self._open_unchanged(engine):
            self._index_done("index", None)
            return
        self.app.post_message(IndexProgress(IndexState("indexing")))
        try:
            engine.ensure_index(progress=progress)
        except _BuildCancelled:
            return
        except IndexBusy:
            opened = engine.open_existing_index()
            self._index_done("index" if opened else "scan",
                             None if opened else "another tanwen is writing the index; searching without it")
        except IndexUnwritable as error:
            # An up-to-date index on disk still serves; on a full disk, the last good one.
            if engine.open_existing_index(fresh_only=True):
                self._index_done("index", f"{error}; using the index on disk")
            elif isinstance(error, DiskFull) and engine.open_existing_index():
                self._index_done("index", f"{error}; using the index as it was (recent changes are missing)")
            else:
                self._index_done("scan", f"{error}; searching without an index")
        except Exception as error:  # search still works by scanning the loaded corpus
            self._index_done("scan", f"index unavailable ({error}); searching without it")
        else:
            self._index_done("index", None)

    @staticmethod
    def _open_unchanged(engine) -> bool:
        """Whether the index on disk was opened as it is: the corpus' folders and files stat as
        when it was last found up to date (no listing, no lock, nothing written), as the
        command line opens it. Otherwise the build worker syncs it."""
        try:
            return engine.open_unchanged_index() is not None
        except Exception:   # whatever is wrong, the full way says it
            return False

    def _index_done(self, phase: str, warning: str | None) -> None:
        """In the build worker: searches may use what there is now; tell the UI thread."""
        self.index_settled.set()
        self.app.post_message(IndexProgress(IndexState(phase), warning))

    def index_moved_on(self, message: IndexProgress) -> None:
        """On the UI thread: the status line follows the state; once settled, say what went
        wrong, and search again with the index now (or without it, for good)."""
        app = self.app
        app.index_state = message.state
        if not message.state.settled:
            return
        if message.warning:
            app.notify(message.warning, title="Search index", markup=False,
                       severity="warning" if message.state.phase == "scan" else "information")
        app.searches.again()

    def wait_for_index(self, engine) -> None:
        """In a search worker: an index on disk opens in a fraction of a second, and a small
        corpus indexes as fast; then a search takes milliseconds. A first scan of a big corpus
        takes seconds. So wait a little for the index, unless a big one is being built."""
        on_disk = self.index_on_disk if self.index_on_disk is not None else has_index(engine)
        if self.build_index and not self.index_settled.is_set() and (on_disk or not self._big_corpus()):
            self.index_settled.wait(INDEX_WAIT_SECONDS)

    def _big_corpus(self) -> bool:
        """Whether a first search without the index would take long (it folds every block)."""
        if self._corpus_chars is None:
            self._corpus_chars = sum(len(block.text) for block in self.app.corpus.blocks())
        return self._corpus_chars > BIG_CORPUS_CHARS


def has_index(engine) -> bool:
    """Whether an index (of any generation) is on disk for the engine's corpus."""
    try:
        return engine.has_index_on_disk()
    except OSError:
        return False


def skipped_notice(problems: list) -> tuple[str, str] | None:
    """The notification for files the corpus skipped: (message, title), or None."""
    if not problems:
        return None
    lines = "\n".join(clean(str(problem)) for problem in problems[:8])
    more = f"\n… and {len(problems) - 8} more" if len(problems) > 8 else ""
    return lines + more, f"Skipped {plural(len(problems), 'file')}"
