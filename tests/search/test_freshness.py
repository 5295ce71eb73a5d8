"""Telling an index up to date from stats alone (search.freshness): every change a listing
would see sends the check the full way; nothing else does."""

import os
import time

import pytest

from tanwen.search.engine import SearchEngine
from tanwen.corpus.reading import discover
from tanwen.search.freshness import trusted
from tanwen.search.index_store import IndexStore

ARTICLE = "# 标题{n}\n\n天津第{n}篇文章，新质生产力。\n"
PAST = time.time_ns() - 3_600 * 1_000_000_000


@pytest.fixture
def corpus_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    (root / "sub" / "empty").mkdir(parents=True)
    for n in range(3):
        (root / ("sub" if n else "") / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    _age(root)
    return root


def _age(root):
    """Files an hour old; folders' ctimes cannot be set back: a second goes by."""
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(PAST, PAST))
    time.sleep(1.05)


def _checked(root) -> IndexStore:
    store = IndexStore(root)
    store.sync()
    assert store.sync().action == "unchanged"      # the check that writes the snapshot
    return store


def test_an_unchanged_corpus_opens_without_a_listing(corpus_dir, monkeypatch):
    blocks = _checked(corpus_dir).sync().blocks
    import tanwen.search.index_store as index_store

    def no_listing(*args, **kwargs):
        raise AssertionError("listed")

    monkeypatch.setattr(index_store, "discover", no_listing)
    engine = SearchEngine(path=corpus_dir)
    report = engine.open_unchanged_index()
    assert report is not None and report.action == "unchanged"
    assert report.blocks == blocks
    assert engine.search("第1篇").total == 1


def test_a_build_leaves_the_snapshot_the_next_search_opens_by(corpus_dir):
    """`tanwen index`, then `tanwen search`: the search needs no listing (nor hashing)."""
    assert IndexStore(corpus_dir).sync().action == "built"
    opened = IndexStore(corpus_dir).open_if_unchanged()
    assert opened is not None and opened[1].blocks == 6       # (a heading and a paragraph each)


def test_a_build_of_files_written_in_its_second_leaves_no_snapshot(corpus_dir):
    """A file changed in the second it is looked at may change again unseen (racy): the
    next search checks the full way."""
    (corpus_dir / "a0.md").write_text(ARTICLE.format(n=7), encoding="utf-8")
    IndexStore(corpus_dir).sync()
    assert IndexStore(corpus_dir).open_if_unchanged() is None


@pytest.mark.parametrize("change", ["edit in place", "edit in place in a folder", "add",
                                    "add in empty folder", "remove", "rename", "new folder",
                                    "hidden file"])
def test_a_change_is_never_missed(corpus_dir, change):
    _checked(corpus_dir)
    assert IndexStore(corpus_dir).open_if_unchanged() is not None
    if change == "edit in place":      # same size, an mtime only a stat shows
        path = corpus_dir / "a0.md"
        path.write_text(ARTICLE.format(n=9), encoding="utf-8")
    elif change == "edit in place in a folder":     # each folder's files statted in it
        (corpus_dir / "sub" / "a1.md").write_text(ARTICLE.format(n=9), encoding="utf-8")
    elif change == "add":
        (corpus_dir / "sub" / "a9.md").write_text(ARTICLE.format(n=9), encoding="utf-8")
    elif change == "add in empty folder":
        (corpus_dir / "sub" / "empty" / "a9.md").write_text(ARTICLE.format(n=9), encoding="utf-8")
    elif change == "remove":
        (corpus_dir / "sub" / "a1.md").unlink()
    elif change == "rename":
        (corpus_dir / "sub" / "a1.md").rename(corpus_dir / "sub" / "b1.md")
    elif change == "new folder":
        (corpus_dir / "sub" / "more").mkdir()
    else:
        (corpus_dir / ".notes").write_text("x", encoding="utf-8")
    assert IndexStore(corpus_dir).open_if_unchanged() is None
    engine = SearchEngine(path=corpus_dir)
    engine.ensure_index()                    # the full way, then a new snapshot
    found = {query: engine.search(query).total for query in ("第0篇", "第1篇", "第9篇")}
    assert found == {
        "edit in place": {"第0篇": 0, "第1篇": 1, "第9篇": 1},
        "edit in place in a folder": {"第0篇": 1, "第1篇": 0, "第9篇": 1},
        "add": {"第0篇": 1, "第1篇": 1, "第9篇": 1},
        "add in empty folder": {"第0篇": 1, "第1篇": 1, "第9篇": 1},
        "remove": {"第0篇": 1, "第1篇": 0, "第9篇": 0},
    }.get(change, {"第0篇": 1, "第1篇": 1, "第9篇": 0})


def test_a_snapshot_is_not_written_while_times_are_racy(corpus_dir):
    assert trusted([["", 1, 1]], [["a.md", 3, 1]], seen_ns=2_000_000_000)
    assert not trusted([["", 1, 1_500_000_000]], [], seen_ns=1_900_000_000)
    assert not trusted([], [["a.md", 3, 1_500_000_000]], seen_ns=1_900_000_000)
    (corpus_dir / "a0.md").write_text(ARTICLE.format(n=7), encoding="utf-8")   # mtime: now
    store = IndexStore(corpus_dir)
    store.sync()
    store.sync()
    assert IndexStore(corpus_dir).open_if_unchanged() is None


def test_skipped_entries_mean_no_snapshot(corpus_dir):
    os.mkfifo(corpus_dir / "pipe.md")
    _age(corpus_dir)
    store = IndexStore(corpus_dir)
    store.sync()
    assert store.sync().problems
    assert IndexStore(corpus_dir).open_if_unchanged() is None


def _folders_listed(root) -> list[list]:
    folders: list[list] = []
    discover(root, {}, folders)
    return folders


def test_the_listing_stats_every_folder_it_lists_and_no_other(corpus_dir, tmp_path):
    (corpus_dir / ".hidden").mkdir()
    os.symlink(tmp_path, corpus_dir / "link")
    assert sorted(relative for relative, *_ in _folders_listed(corpus_dir)) == ["", "sub/", "sub/empty/"]
    assert _folders_listed(corpus_dir / "a0.md") == []


def test_a_single_file_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "one.md"
    path.write_text(ARTICLE.format(n=1), encoding="utf-8")
    os.utime(path, ns=(PAST, PAST))
    time.sleep(1.05)
    _checked(path)
    assert IndexStore(path).open_if_unchanged() is not None
    path.write_text(ARTICLE.format(n=2), encoding="utf-8")
    assert IndexStore(path).open_if_unchanged() is None


def test_a_name_that_is_not_utf8_is_statted_by_its_bytes(corpus_dir):
    gbk_name = "新闻报道.md".encode("gbk")
    with open(os.path.join(os.fsencode(corpus_dir / "sub"), gbk_name), "wb") as handle:
        handle.write(ARTICLE.format(n=5).encode("utf-8"))
    _age(corpus_dir)
    _checked(corpus_dir)
    assert IndexStore(corpus_dir).open_if_unchanged() is not None
    os.utime(os.path.join(os.fsencode(corpus_dir / "sub"), gbk_name))
    assert IndexStore(corpus_dir).open_if_unchanged() is None


def test_a_search_of_an_unchanged_corpus_imports_nothing_that_writes(corpus_dir):
    """No lock, no update plan, no listing's layout code, no segment building: the index is
    opened as it is."""
    import subprocess
    import sys

    _checked(corpus_dir)
    code = ("import sys\nfrom tanwen.tui.cli.entry import main\n"
            "code = main(['--corpus', sys.argv[1], 'search', '第1篇'])\n"
            "print(code, sorted(m for m in sys.modules if m in ('tanwen.search.index_lock', "
            "'tanwen.search.update_plan', 'tanwen.corpus.layout', 'fcntl', "
            "'tanwen.search.segment_build')), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-P", "-c", code, str(corpus_dir)], capture_output=True,
                          text=True)
    assert "第1篇" in done.stdout
    assert done.stderr.splitlines()[-1] == "0 []", done.stderr
