"""The bench's SQLite FTS5 trigram peer answers literal queries exactly, on real SQLite."""

from bench_loader import load_bench_module

from tanwen.corpus.normalize import fold

peers = load_bench_module("peers")


def test_sqlite_trigram_peer_finds_the_blocks_a_scan_finds(builtin, tmp_path):
    texts = [block.folded for block in builtin.blocks()]
    peer = peers.PEERS["sqlite-fts5"]
    peer.build(texts, tmp_path / "fts5")
    search = peer.open(tmp_path / "fts5")
    checked = 0
    for query in ("天津", "的", "新质生产力", "创新", "R&D", "3.44%"):
        folded = fold(query)
        expected = {row for row, text in enumerate(texts) if folded in text}
        found = search(folded)
        assert all(folded in texts[row] for row in found), query
        assert len(found) == min(len(expected), peers.LIMIT), query
        if len(expected) < peers.LIMIT:
            assert set(found) == expected, query
            checked += 1
    assert checked >= 2


def test_a_peer_that_is_not_installed_is_skipped_with_a_note(monkeypatch):
    monkeypatch.setattr(peers.Tantivy, "module", "tantivy_not_installed_here")
    note = peers.missing("tantivy")
    assert "skipped" in note and "pip install '.[bench]'" in note
