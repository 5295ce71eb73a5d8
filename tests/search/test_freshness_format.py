"""The snapshot's file stats are written as 64-bit integers in hex (search.freshness); one an
earlier version wrote, with a JSON list, is read as well, and either tells a change."""

import json
import os
import time
from array import array

from tanwen.search.freshness import snapshot_name
from tanwen.search.index_store import IndexStore

PAST = time.time_ns() - 3_600 * 1_000_000_000


def _checked_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "articles"
    (root / "sub").mkdir(parents=True)
    for n in range(3):
        (root / ("sub" if n else "") / f"a{n}.md").write_text(f"# 标题{n}\n\n第{n}篇。\n", encoding="utf-8")
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(PAST, PAST))
    time.sleep(1.05)          # folders' ctimes cannot be set back: a second goes by
    store = IndexStore(root)
    store.sync()
    assert store.sync().action == "unchanged"      # the check that writes the snapshot
    return root, store.path / snapshot_name(0)


def test_stats_are_written_in_hex_and_read_back(tmp_path, monkeypatch):
    root, snapshot = _checked_corpus(tmp_path, monkeypatch)
    stats = json.loads(snapshot.read_text(encoding="utf-8"))["stats"]
    assert isinstance(stats, str) and len(stats) == 3 * 2 * 16     # 3 files: size, mtime
    assert IndexStore(root).open_if_unchanged() is not None
    (root / "sub" / "a1.md").write_text("# 标题1\n\n第一篇。\n", encoding="utf-8")  # same folder
    os.utime(root / "sub" / "a1.md", ns=(PAST, PAST + 1))
    assert IndexStore(root).open_if_unchanged() is None


def test_a_snapshot_with_a_list_of_stats_is_read_too(tmp_path, monkeypatch):
    root, snapshot = _checked_corpus(tmp_path, monkeypatch)
    data = json.loads(snapshot.read_text(encoding="utf-8"))
    listed = array("q", bytes.fromhex(data["stats"])).tolist()     # as an earlier version wrote
    snapshot.write_text(json.dumps({**data, "stats": listed}), encoding="utf-8")
    assert IndexStore(root).open_if_unchanged() is not None
    snapshot.write_text(json.dumps({**data, "stats": listed[:-1] + [listed[-1] + 1]}), encoding="utf-8")
    assert IndexStore(root).open_if_unchanged() is None
    snapshot.write_text(json.dumps({**data, "stats": "not hex"}), encoding="utf-8")
    assert IndexStore(root).open_if_unchanged() is None
