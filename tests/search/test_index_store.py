"""The index on disk: built once, updated per file, rebuilt when it must be, never lost."""

import fcntl
import os
import subprocess
import sys
import threading

import pytest

import tanwen.search.index_store as index_store
import tanwen.search.segment_build as segment_build
from tanwen.search.engine import SearchEngine
from tanwen.search.index_store import IndexBusy, IndexStore

ARTICLE = "# 标题{n}\n\n天津第{n}篇文章，新质生产力。\n\n记者 某某\n"


@pytest.fixture
def corpus_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    root.mkdir()
    for n in range(3):
        (root / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    return root


def search(root, query):
    engine = SearchEngine(path=root)
    engine.ensure_index()
    return engine.search(query, limit=None)


def test_index_lives_in_the_cache_directory_and_is_reused(corpus_dir, tmp_path):
    store = IndexStore(corpus_dir)
    assert store.path.is_relative_to(tmp_path / "cache")
    first = store.sync()
    assert first.action == "built" and first.blocks == 9
    assert store.sync().action == "unchanged"
    assert search(corpus_dir, "第1篇").total == 1


def test_a_changed_file_is_reindexed_alone(corpus_dir):
    store = IndexStore(corpus_dir)
    store.sync()
    (corpus_dir / "a1.md").write_text("# 新标题\n\n改写后的文章，数字经济。\n", encoding="utf-8")
    (corpus_dir / "a3.md").write_text(ARTICLE.format(n=3), encoding="utf-8")
    (corpus_dir / "a0.md").unlink()
    report = store.sync()
    assert (report.action, report.changed, report.added, report.removed) == (
        "updated", ["a1.md"], ["a3.md"], ["a0.md"])
    assert report.bytes_indexed < 200          # only the two files were read
    assert search(corpus_dir, "第1篇").total == 0
    assert search(corpus_dir, "数字经济").total == 1
    assert search(corpus_dir, "第3篇").total == 1
    assert search(corpus_dir, "第0篇").total == 0
    assert search(corpus_dir, "天津").total == 2


def test_a_touched_but_unchanged_file_is_not_reindexed(corpus_dir):
    store = IndexStore(corpus_dir)
    store.sync()
    os.utime(corpus_dir / "a2.md", ns=(1, 1))
    report = store.sync()
    assert report.changed == [] and report.bytes_indexed == 0
    assert store.sync().action == "unchanged"


def test_an_analyzer_change_rebuilds(corpus_dir, tmp_path, monkeypatch):
    store = IndexStore(corpus_dir)
    store.sync()
    words = tmp_path / "userdict.txt"
    words.write_text("第1篇文章 10\n", encoding="utf-8")
    monkeypatch.setenv("TANWEN_USERDICT", str(words))
    report = store.sync()
    assert report.action == "rebuilt" and "analyzer" in report.reason


def test_a_corrupt_index_is_detected_and_rebuilt(corpus_dir):
    store = IndexStore(corpus_dir)
    store.sync()
    for table in store.path.glob("*.tws"):
        table.write_bytes(b"garbage")
    with pytest.raises(index_store.IndexUnavailable, match="unreadable"):
        store.open()
    report = store.sync()
    assert report.action == "rebuilt" and "unreadable" in report.reason
    assert search(corpus_dir, "第2篇").total == 1


@pytest.mark.parametrize("suffix", [".tww", ".tws", ".twg"])
def test_a_missing_or_truncated_index_file_is_detected(corpus_dir, suffix):
    store = IndexStore(corpus_dir)
    store.sync()
    [victim] = [p for p in store.path.glob("MAIN_*") if p.name.endswith(suffix)]
    victim.unlink()
    assert store.sync().action == "rebuilt"
    [victim] = [p for p in store.path.glob("MAIN_*") if p.name.endswith(suffix)]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 3] if data else b"junk")   # truncated, or grown
    assert store.sync().action == "rebuilt"
    assert search(corpus_dir, "第2篇").total == 1


def test_postings_overwritten_in_place_are_detected_and_rebuilt(corpus_dir):
    store = IndexStore(corpus_dir)
    store.sync()
    [postings] = store.path.glob("MAIN_*.twg")
    postings.write_bytes(bytes(postings.stat().st_size))      # same size, all zeros
    with pytest.raises(index_store.IndexUnavailable, match="twg is damaged"):
        store.open()
    engine = SearchEngine(path=corpus_dir)
    assert engine.ensure_index().action == "rebuilt"
    assert engine.search("第2篇").total == 1


def test_an_interrupted_update_leaves_the_old_index_usable(corpus_dir, monkeypatch):
    store = IndexStore(corpus_dir)
    store.sync()
    (corpus_dir / "a1.md").write_text("# 改\n\n中断前的改动。\n", encoding="utf-8")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    write_segment = segment_build.write_segment
    monkeypatch.setattr(segment_build, "write_segment", crash)
    with pytest.raises(KeyboardInterrupt):
        store.sync()
    monkeypatch.setattr(segment_build, "write_segment", write_segment)
    engine = SearchEngine(path=corpus_dir)
    assert engine.open_existing_index()
    assert engine.search("第1篇").total == 1          # the old generation, intact
    assert store.sync().changed == ["a1.md"]          # and the next run finishes the job
    assert search(corpus_dir, "中断前").total == 1


def test_a_locked_index_is_reported_as_busy_and_readers_carry_on(corpus_dir, monkeypatch):
    store = IndexStore(corpus_dir)
    store.sync()
    (corpus_dir / "a2.md").write_text("# 改\n\n另一个进程正在写。\n", encoding="utf-8")
    monkeypatch.setattr(index_store, "LOCK_WAIT_SECONDS", 0.3)
    with open(store.path / "tanwen.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(IndexBusy):
            store.sync()
        engine = SearchEngine(path=corpus_dir)
        assert engine.open_existing_index() and engine.search("第2篇").total == 1


def test_two_processes_indexing_at_once_both_succeed(corpus_dir, tmp_path):
    for n in range(3, 40):
        (corpus_dir / f"a{n}.md").write_text(ARTICLE.format(n=n) * 20, encoding="utf-8")
    env = {**os.environ, "TANWEN_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "tanwen.tui.cli", "--corpus", str(corpus_dir), "search", "第7篇", "--json"]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    for run, (stdout, stderr) in zip(runs, outputs):
        assert run.returncode == 0, stderr
        assert stdout.count('"block_id"') == 20


def test_a_reader_keeps_searching_while_an_update_commits(corpus_dir):
    engine = SearchEngine(path=corpus_dir)
    engine.ensure_index()
    errors = []

    def keep_searching():
        try:
            for _ in range(200):
                assert engine.search("天津").total >= 1
        except Exception as error:   # pragma: no cover - the assertion is below
            errors.append(error)

    reader = threading.Thread(target=keep_searching)
    reader.start()
    for n in range(5):
        (corpus_dir / "a0.md").write_text(ARTICLE.format(n=10 + n), encoding="utf-8")
        IndexStore(corpus_dir).sync()
    reader.join()
    assert errors == []


def test_builtin_and_folder_corpora_get_different_indexes(corpus_dir):
    assert IndexStore(None).path != IndexStore(corpus_dir).path
    assert IndexStore(None).path.name.startswith("builtin-")


def test_unreadable_files_are_remembered_and_reported(corpus_dir):
    (corpus_dir / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    report = IndexStore(corpus_dir).sync()
    assert report.problems == {"bad.txt": "binary file (contains NUL bytes)"}
    assert IndexStore(corpus_dir).sync().problems == {"bad.txt": "binary file (contains NUL bytes)"}


def test_building_with_two_processes_gives_the_same_results(corpus_dir, tmp_path, monkeypatch):
    for n in range(3, 30):
        (corpus_dir / f"a{n}.md").write_text(ARTICLE.format(n=n) * 5, encoding="utf-8")
    results = []
    for processes in (1, 2):
        monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / f"cache{processes}"))
        engine = SearchEngine(path=corpus_dir)
        report = engine.ensure_index(processes=processes)
        assert report.processes == processes
        results.append(engine.search("天津 新质", limit=None).matches)
    assert results[0] == results[1] and len(results[0]) == 3 + 27 * 5


def test_many_updates_are_merged_into_one_segment(corpus_dir, monkeypatch):
    monkeypatch.setattr(index_store, "UPDATE_SEGMENTS", 3)
    store = IndexStore(corpus_dir)
    store.sync()
    reports = []
    for n in range(5):          # 1 segment built + 1 per update; at 1 + 3 the next one merges
        (corpus_dir / f"new{n}.md").write_text(ARTICLE.format(n=100 + n), encoding="utf-8")
        reports.append(store.sync())
    assert [r.action for r in reports] == ["updated"] * 5
    merge = reports[3]
    assert merge.reason == "merging 3 segments of updates"
    assert (merge.added, merge.merged) == (["new3.md"], 3)
    size = len(ARTICLE.format(n=100).encode())
    assert merge.bytes_indexed == 4 * size        # the update files only, not the corpus
    engine = SearchEngine(path=corpus_dir)
    engine.open_existing_index()
    assert len(engine.index.segments) == 3        # the build's, the merged one, the last update
    assert search(corpus_dir, "天津").total == 8


def test_a_large_corpus_is_written_in_bounded_segments(corpus_dir, monkeypatch):
    monkeypatch.setattr(segment_build, "SEGMENT_BYTES", 300)
    for n in range(3, 12):
        (corpus_dir / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    report = IndexStore(corpus_dir).sync(processes=1)
    engine = SearchEngine(path=corpus_dir)
    engine.open_existing_index()
    assert len(engine.index.segments) >= 3
    assert engine.search("天津", limit=None).total == 12 == report.blocks // 3


def test_a_table_that_does_not_read_back_is_rebuilt_by_the_engine(corpus_dir):
    engine = SearchEngine(path=corpus_dir)
    engine.ensure_index()
    [table] = engine.store.path.glob("*.tws")
    data = bytearray(table.read_bytes())
    data[10:40] = b"\x00" * 30                     # same size: the metadata still matches
    table.write_bytes(bytes(data))
    engine = SearchEngine(path=corpus_dir)
    report = engine.ensure_index()
    assert report.action == "rebuilt" and "unreadable" in report.reason
    assert engine.search("第1篇").total == 1


def test_the_table_stores_the_fold_only_where_it_differs_and_searches_see_both(corpus_dir):
    """The document table keeps the folded text once (searches count in it as it lies),
    plus the few characters the display has otherwise (capitals, traditional, full-width):
    a search of a fresh open matches the fold and shows the text as written."""
    written = "# 創新報告\n\n" + "ＧＤＰ增長３.５%，R&D投入與創新。天津第9篇。\n\n" * 40
    (corpus_dir / "folded.md").write_text(written, encoding="utf-8")
    SearchEngine(path=corpus_dir).ensure_index()
    engine = SearchEngine(path=corpus_dir)
    assert engine.open_existing_index()
    results = engine.search("gdp增长3.5", limit=None)
    assert results.total == 40
    hit = results.hits[0]
    assert hit.text.startswith("ＧＤＰ增長３.５%，R&D投入與創新")
    assert [hit.text[a:b] for a, b in hit.spans] == ["ＧＤＰ增長３.５"]
    assert engine.search("r&d投入与创新", limit=None).total == 40
    # One copy of the text, not two: the displayed text itself is nowhere in the table.
    stored = b"".join(path.read_bytes() for path in engine.store.path.glob("*.tws"))
    assert "gdp增长3.5%,r&d投入与创新".encode() in stored
    assert "ＧＤＰ增長３.５%，R&D投入與創新".encode() not in stored
    assert "天津第1篇文章".encode() in stored and stored.count("天津第1篇文章".encode()) == 1


def test_the_word_index_holds_only_which_blocks_hold_each_word(corpus_dir):
    """Block ids, kinds, sources and word frequencies are read from the document tables or
    not at all: the Whoosh segment holds only the words field, in the Existence format."""
    from whoosh.filedb.filestore import FileStorage

    engine = SearchEngine(path=corpus_dir)
    engine.ensure_index()
    ix = FileStorage(str(engine.store.path)).open_index("MAIN")
    with ix.reader() as reader:
        assert {name for name, _ in reader.all_terms()} == {"words"}
        assert reader.stored_fields(0) == {}
        assert reader.frequency("words", "天津") == reader.doc_frequency("words", "天津") > 0
    assert not [p for p in engine.store.path.glob("MAIN_*") if p.name.endswith("_len.col")]
    [hit] = engine.search("第1篇", limit=None).hits
    assert hit.block_id.startswith("a1") and hit.text.startswith("天津第1篇")
