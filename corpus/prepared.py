"""The built-in corpus as it was last laid out, kept in the user's cache directory.

Laying out the built-in articles needs the layout code and jieba's model (rjieba, to tell
where a paragraph broken across lines continues): most of a second of a cold start, for
the same blocks every time. Showing them needs where their figures are (what the reader
keeps on one line: corpus.figure_spans), which compiles the figure extractor's patterns and
reads every paragraph. The blocks and their figure spans are kept, pickled, in
`<cache>/prepared/`, and read back while nothing that made them has changed:

- the article files and `meta.json` (their names, sizes and modification times);
- the code that lays them out and finds their figures (every module of `tanwen.corpus` and
  of `tanwen.corpus.figures`, by size and modification time, and `LAYOUT_VERSION`), rjieba
  (its module file) and Python's version;
- the file's own format (`FORMAT`).

Anything else — no file, a stale one, a checksum that does not match, bytes that do not
unpickle, a cache directory that cannot be written — and the corpus is laid out as always
(and the prepared form written again when it can be). Only the model's own classes unpickle.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import sys
from pathlib import Path

from tanwen.corpus.cache_dir import cache_root
from tanwen.corpus.catalog import builtin_root
from tanwen.corpus.figure_spans import remember, spans_of
from tanwen.corpus.layout_version import LAYOUT_VERSION
from tanwen.corpus.model import Corpus

FORMAT = "2"     # 2: the blocks' figure spans beside the corpus
FILE_NAME = "builtin-corpus.pickle"

# The classes a prepared corpus is made of; nothing else may be named in the file.
_ALLOWED = {
    ("tanwen.corpus.model", name)
    for name in ("Corpus", "Article", "ArticleMeta", "Section", "SectionRole", "Block", "BlockKind",
                 "LoadProblem")
} | {("tanwen.corpus.block_kinds", "BlockKind"),
     ("pathlib", "PosixPath"), ("pathlib", "WindowsPath"), ("pathlib", "Path")}


def load_corpus(path: str | os.PathLike[str] | None = None) -> Corpus:
    """`tanwen.corpus.loader.load_corpus`, but the built-in corpus (`path` None) comes from
    its prepared form when that is fresh, and is prepared when it is not. Either way its
    figure spans are then known (`corpus.figure_spans.remember`)."""
    if path is not None:
        from tanwen.corpus.loader import load_corpus as load_files

        return load_files(path)
    target = prepared_path()
    stamp = current_stamp()
    kept = read_prepared(target, stamp) if target is not None else None
    if kept is not None:
        corpus, spans = kept
    else:
        from tanwen.corpus.loader import load_corpus as load_files

        corpus = load_files(None)
        spans = spans_of(block.text for block in corpus.blocks())
        if target is not None:
            write_prepared(target, stamp, corpus, spans)
    remember(spans)
    return corpus


def prepared_path() -> Path | None:
    try:
        return cache_root() / "prepared" / FILE_NAME
    except Exception:      # no home directory to put a cache in: lay the corpus out each time
        return None


def current_stamp() -> dict:
    """What the prepared corpus was made from; it is stale when any of it differs."""
    return {
        "format": FORMAT,
        "layout": LAYOUT_VERSION,
        "python": sys.version,
        "root": str(builtin_root()),
        "articles": _folder_stamp(builtin_root()),
        "code": _folder_stamp(Path(__file__).parent, suffix=".py"),
        "figures": _folder_stamp(Path(__file__).parent / "figures", suffix=".py"),
        "rjieba": _module_stamp("rjieba"),
    }


def _folder_stamp(folder: Path, suffix: str | None = None) -> list:
    """(name, size, mtime) of each file directly in `folder` (with `suffix`, if given)."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_file() and (suffix is None or entry.name.endswith(suffix)):
                    info = entry.stat()
                    found.append([entry.name, info.st_size, info.st_mtime_ns])
    except OSError:
        return []
    return sorted(found)


def _module_stamp(name: str) -> list | None:
    """Where a module's file is, its size and modification time, without importing it."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        if origin is None:
            return None
        info = os.stat(origin)
        return [origin, info.st_size, info.st_mtime_ns]
    except (ImportError, ValueError, OSError):
        return None


def read_prepared(target: Path, stamp: dict) -> tuple[Corpus, dict] | None:
    """The corpus and its figure spans kept at `target` if made from `stamp` and read back
    whole, else None."""
    try:
        data = target.read_bytes()
        header, _, payload = data.partition(b"\n")
        meta = json.loads(header)
        if meta.get("stamp") != stamp or meta.get("sha256") != hashlib.sha256(payload).hexdigest():
            return None
        corpus, spans = _ModelUnpickler(io.BytesIO(payload)).load()
    except Exception:    # missing, unreadable, damaged, made by other code: lay it out again
        return None
    if not (isinstance(corpus, Corpus) and corpus.builtin and isinstance(spans, dict)):
        return None
    return corpus, spans


def write_prepared(target: Path, stamp: dict, corpus: Corpus, spans: dict) -> bool:
    """Keep `corpus` and its figure spans at `target` (atomically: a reader sees the old
    file or the new one).
    False when it cannot be written; that only costs the next start its speed."""
    if corpus.problems or not corpus.articles:
        return False        # a built-in corpus with problems is not one to keep
    try:
        payload = pickle.dumps((corpus, spans), protocol=pickle.HIGHEST_PROTOCOL)
        header = json.dumps({"stamp": stamp, "sha256": hashlib.sha256(payload).hexdigest()})
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        try:
            temporary.write_bytes(header.encode("utf-8") + b"\n" + payload)
            os.replace(temporary, target)
        finally:
            temporary.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, ValueError):
        return False
    return True


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of a prepared corpus")
        return super().find_class(module, name)
