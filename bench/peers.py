"""Peer engines on tanwen's own blocks, for the search bench's side-by-side columns.

- tantivy (PyPI `tantivy`): one token per character, a literal is a phrase query (a single
  character a term query); top 20 by BM25.
- SQLite FTS5 with the `trigram` tokenizer: a literal of 3+ characters is a phrase MATCH,
  top 20 by rank; 1–2 characters (too short for a trigram) fall back to `instr()` over the
  text, first 20 (`LIKE '%的%'` silently finds nothing for short CJK strings on SQLite 3.40).

Both index the folded text of every block (what tanwen matches against) and take the folded
query, so all three answer the same question. Peers are the `bench` extra
(`pip install '.[bench]'`); one that is not installed is skipped with a note.

Each step runs in a fresh process that reports its own peak memory:

    python -m bench.peers build NAME BLOCKS.jsonl INDEX_DIR     # {"seconds", "rss_mb"}
    python -m bench.peers first NAME INDEX_DIR QUERY            # prints the first hit's row
    python -m bench.peers query NAME INDEX_DIR QUERIES.json     # {"latency", "rss_mb"}
"""

from __future__ import annotations

import importlib.util
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path

LIMIT = 20


def _peak_rss_mb() -> float:
    """This process's peak resident memory. Not ru_maxrss: Linux carries that over from the
    process that started this one (the bench, holding the whole corpus), across exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _read_blocks(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


class Tantivy:
    name = "tantivy"
    module = "tantivy"

    @staticmethod
    def _schema_and_analyzer():
        import tantivy

        analyzer = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"(?s).")).build()
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("text", tokenizer_name="char", index_option="position")
        builder.add_integer_field("row", stored=True)
        return builder.build(), analyzer

    def build(self, texts: list[str], directory: Path) -> None:
        import tantivy

        schema, analyzer = self._schema_and_analyzer()
        directory.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(schema, path=str(directory))
        index.register_tokenizer("char", analyzer)
        writer = index.writer(heap_size=200_000_000, num_threads=1)
        for row, text in enumerate(texts):
            writer.add_document(tantivy.Document(text=text, row=row))
        writer.commit()
        writer.wait_merging_threads()

    def open(self, directory: Path):
        import tantivy

        schema, analyzer = self._schema_and_analyzer()
        index = tantivy.Index.open(str(directory))
        index.register_tokenizer("char", analyzer)
        searcher = index.searcher()

        def search(folded: str) -> list[int]:
            chars = list(folded)
            query = (tantivy.Query.term_query(schema, "text", chars[0]) if len(chars) == 1
                     else tantivy.Query.phrase_query(schema, "text", chars))
            hits = searcher.search(query, LIMIT).hits
            return [searcher.doc(address)["row"][0] for _, address in hits]
        return search


class SqliteTrigram:
    name = "sqlite-fts5"
    module = "sqlite3"

    def build(self, texts: list[str], directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(directory / "blocks.db")
        db.execute("CREATE VIRTUAL TABLE blocks USING fts5(text, tokenize='trigram')")
        db.executemany("INSERT INTO blocks(rowid, text) VALUES (?, ?)", enumerate(texts))
        db.commit()
        db.close()

    def open(self, directory: Path):
        db = sqlite3.connect(directory / "blocks.db")

        def search(folded: str) -> list[int]:
            if len(folded) >= 3:
                phrase = '"' + folded.replace('"', '""') + '"'
                rows = db.execute("SELECT rowid FROM blocks WHERE blocks MATCH ? ORDER BY rank"
                                  " LIMIT ?", (phrase, LIMIT))
            else:
                rows = db.execute("SELECT rowid FROM blocks WHERE instr(text, ?) > 0 LIMIT ?",
                                  (folded, LIMIT))
            return [row for (row,) in rows]
        return search


PEERS = {peer.name: peer for peer in (Tantivy(), SqliteTrigram())}


def missing(name: str) -> str | None:
    """Why a peer cannot run here, or None."""
    if importlib.util.find_spec(PEERS[name].module) is None:
        return f"{name} skipped: `{PEERS[name].module}` is not installed (pip install '.[bench]')"
    if name == "sqlite-fts5":
        try:
            sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        except sqlite3.OperationalError as error:
            return f"{name} skipped: this SQLite has no FTS5 trigram tokenizer ({error})"
    return None


def main(argv: list[str]) -> int:
    from bench.search_bench import timed
    from tanwen.corpus.normalize import fold

    command, name = argv[0], argv[1]
    peer = PEERS[name]
    if command == "build":
        texts = _read_blocks(Path(argv[2]))
        started = time.perf_counter()
        peer.build(texts, Path(argv[3]))
        print(json.dumps({"seconds": time.perf_counter() - started, "rss_mb": _peak_rss_mb()}))
    elif command == "first":
        print(peer.open(Path(argv[2]))(fold(argv[3]))[:1])
    elif command == "query":
        search = peer.open(Path(argv[2]))
        queries = [fold(q) for q in json.loads(Path(argv[3]).read_text(encoding="utf-8"))]
        for folded in queries:             # warm up: page cache, lazily loaded structures
            search(folded)
        latency = {q: timed(lambda: search(q)) for q in queries}
        print(json.dumps({"latency": latency, "rss_mb": _peak_rss_mb()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
