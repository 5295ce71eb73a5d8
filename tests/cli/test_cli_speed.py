"""`tanwen search` stays quick: it imports only what a search of a fresh index uses, and with
--limit it shows the same first results as without, and the same counts."""

import json
import os
import subprocess
import sys
import time

from tanwen.tui.cli.entry import main

# What `tanwen search` must not import when its index is fresh: the layout code (and the
# Markdown parser behind it), the corpus model's classes, the app, the segmenter,
# importlib.resources (18 ms, for data files that sit beside the modules) and hashlib (it
# loads OpenSSL for two digests of a few bytes).
HEAVY = ("tanwen.corpus.layout", "tanwen.corpus.markdown", "tanwen.corpus.loader",
         "tanwen.corpus.model", "markdown_it", "textual", "jieba", "rjieba",
         "importlib.resources", "hashlib", "_hashlib")

SEARCH_AND_LIST_MODULES = """
import sys
from tanwen.tui.cli.entry import main
import os
code = main(["search", "创新", "--limit", "5"])
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
print("blas threads:", os.environ.get("OPENBLAS_NUM_THREADS"), file=sys.stderr)
"""


def test_search_of_a_fresh_index_imports_no_layout_code(write_corpus, tmp_path):
    folder = write_corpus({"a.md": "# 创新之城\n\n天津的创新生态正在形成。\n",
                           "b.txt": "科技创新\n\n一段关于创新的文字。\n"})
    # Files and folder stats from the second the index is built in cannot vouch for them
    # (search.freshness): the search would then check the files' contents (and hash them).
    time.sleep(1.05)
    env = {**os.environ, "TANWEN_CACHE_DIR": str(tmp_path / "cache"), "TANWEN_CORPUS": str(folder)}
    built = subprocess.run([sys.executable, "-P", "-m", "tanwen.tui.cli", "index"], env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    searched = subprocess.run([sys.executable, "-P", "-c", SEARCH_AND_LIST_MODULES], env=env,
                              capture_output=True, text=True)
    assert "天津的创新生态正在形成" in searched.stdout
    loaded = set(searched.stderr.splitlines())
    assert "tanwen.search.index_store" in loaded          # it did search the index
    assert "blas threads: 1" in loaded                    # numpy's thread pool: one thread
    assert sorted(name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY) == []
    # Nor what Whoosh would pull in unasked (search.whoosh_lean), nor, piped, rich's console
    # or its styled text (tui.cells cuts the lines).
    assert sorted(loaded & {"urllib.request", "asyncio", "whoosh.searching", "whoosh.query",
                            "html", "whoosh.analysis", "rich.console", "rich.text"}) == []


def test_corpus_package_keeps_its_public_names():
    from tanwen.corpus import CORPUS_ENV, builtin_root, load_corpus, resolve_corpus_path
    from tanwen.corpus.loader import article_ids, read_metadata  # noqa: F401 (still importable)

    assert CORPUS_ENV == "TANWEN_CORPUS" and (builtin_root() / "meta.json").is_file()
    assert load_corpus().builtin and resolve_corpus_path("x").name == "x"


QUERIES = ["的", "天津", "天津 创新", "创新 OR 科技", "R&D", "kind:heading 天津", "天津 -北京",
           "tianjin", "py:tianjin", '"天开 园"', "新质生产力 OR 生产力", "kind:body"]


def test_limit_shows_the_first_results_of_all_results(capsys):
    longer = 0
    for query in QUERIES:
        main(["search", query, "--json", "--limit", "0"])
        every = capsys.readouterr().out.splitlines()
        main(["search", query, "--json", "--limit", "5"])
        first = capsys.readouterr().out.splitlines()
        assert first == every[:5], query
        longer += len(every) > 5
    assert longer >= 8          # most queries have more results than the limit shows


def test_the_count_of_matches_needs_no_list_of_every_match():
    from tanwen.search import SearchEngine

    engine = SearchEngine(path=None)
    engine.ensure_index()
    for query in QUERIES:
        limited = engine.search(query, limit=3)
        counted = limited.occurrences
        # The summary line's count came without collecting every match and its spans …
        assert "matches" not in limited.__dict__ and "_all" not in limited.__dict__, query
        # … and it is what collecting them gives.
        every = engine.search(query).matches.values()
        assert counted == sum(max(1, len(spans)) for spans in every), query
        assert counted == sum(max(1, len(spans)) for spans in limited.matches.values()), query


def test_the_summary_line_counts_every_match_with_a_limit(capsys):
    main(["search", "天津", "--limit", "2"])
    limited = capsys.readouterr().err
    main(["search", "天津", "--limit", "0"])
    every = capsys.readouterr().err
    assert "116 blocks, " in limited and "(showing 2)" in limited
    assert limited.split(" · ")[0].replace(" (showing 2)", "") == every.split(" · ")[0]


def test_open_after_an_unchanged_sync_sees_an_update_made_in_between(write_corpus, tmp_path,
                                                                     monkeypatch):
    """The generation a sync found up to date is reused by the open that follows — unless
    another process has committed a newer one in between."""
    from tanwen.search.index_store import IndexStore

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_corpus({"a.md": "# 甲\n\n第一篇文章。\n"})
    reader, writer = IndexStore(folder), IndexStore(folder)
    reader.sync()
    assert reader.sync().action == "unchanged"
    (folder / "b.md").write_text("# 乙\n\n第二篇文章，新的。\n", encoding="utf-8")
    assert writer.sync().action == "updated"            # another process, between the two
    opened = reader.open()
    assert "b.md" in opened.files and sum(len(table) for table in opened.tables) == 4


def test_a_search_notices_files_changed_added_and_removed_in_sub_folders(write_corpus, tmp_path,
                                                                         monkeypatch, capsys):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_corpus({"2024/01/a.md": "# 甲\n\n旧的消息。\n", "2024/02/b.txt": "乙\n\n另一条消息。\n"})

    def found(word: str) -> list[str]:
        main(["--corpus", str(folder), "search", word, "--json", "--limit", "0"])
        return sorted(json.loads(line)["source"] for line in capsys.readouterr().out.splitlines())

    assert found("消息") == ["2024/01/a.md", "2024/02/b.txt"]
    changed = folder / "2024" / "01" / "a.md"
    changed.write_text("# 甲\n\n新的通知。\n", encoding="utf-8")      # same size, new words
    os.utime(changed, ns=(changed.stat().st_atime_ns, changed.stat().st_mtime_ns + 10**9))
    (folder / "2024" / "03").mkdir()
    (folder / "2024" / "03" / "c.md").write_text("# 丙\n\n第三条消息。\n", encoding="utf-8")
    (folder / "2024" / "02" / "b.txt").unlink()
    assert found("消息") == ["2024/03/c.md"]
    assert found("通知") == ["2024/01/a.md"]


def test_a_mapped_document_table_reads_as_the_file_read_whole(builtin, tmp_path):
    from tanwen.search.doctable import DocTable

    path = tmp_path / "table.tws"
    with open(path, "wb") as handle:
        DocTable.from_articles(builtin.articles).write(handle)
    mapped, read = DocTable.open(path), DocTable.read(path.read_bytes())
    assert (mapped.text, mapped.display, mapped.sources) == (read.text, read.display, read.sources)
    assert mapped.block_id(5) == read.block_id(5) and len(mapped) == len(read) > 100
    assert mapped.lengths().tolist() == [len(text) for text in read.blocks()]
    path.write_bytes(b"")
    try:
        DocTable.open(path)
    except ValueError as error:
        assert "not a document table" in str(error)
    else:
        raise AssertionError("an empty table file was read")


def test_a_query_is_folded_character_by_character_as_the_whole_table_folds(tmp_path):
    """A short text is folded without building the whole fold table, nor the traditional →
    simplified dict (its file's text is looked up); it folds alike."""
    check = """
import sys
from tanwen.corpus import normalize
queries = ["中國 創新", "ＡＢＣ１２３", "R&D", "①②", "⼈", "兩岸", "Ⅻ…™ﬁ", "\\u3000全角　空格"]
on_demand = [normalize.fold(q) for q in queries]
print("table built:", normalize._fold_table.cache_info().currsize
      + normalize.traditional_to_simplified.cache_info().currsize)
from tanwen.corpus.normalize import _FOLD_ON_DEMAND, _NFKC_RANGES, _fold_table, traditional_to_simplified
from tanwen.corpus.normalize import _PAIRS_IN_TEXT
t2s = traditional_to_simplified()
assert all(_PAIRS_IN_TEXT.get(c) == s for c, s in t2s.items()) and len(t2s) > 5000
assert not any(chr(cp) in _PAIRS_IN_TEXT for cp in range(0x20, 0x4000) if chr(cp) not in t2s)
assert "#" not in _PAIRS_IN_TEXT and "\\n" not in _PAIRS_IN_TEXT and "中国" not in _PAIRS_IN_TEXT
table = _fold_table()
assert on_demand == [q.translate(table) for q in queries], on_demand
points = [cp for lo, hi in _NFKC_RANGES for cp in range(lo, hi)] + [ord(c) for c in traditional_to_simplified()]
points += list(range(0x20, 0x2000)) + list(range(0x4E00, 0xA000))
assert [chr(cp).translate(_FOLD_ON_DEMAND) for cp in points] == [chr(cp).translate(table) for cp in points]
print("same")
"""
    done = subprocess.run([sys.executable, "-P", "-c", check], capture_output=True, text=True)
    assert done.stdout.split("\n")[:2] == ["table built: 0", "same"], done.stderr


def test_blocks_read_one_by_one_are_the_blocks_of_the_whole_text(write_corpus, tmp_path):
    """A search of one or two characters decodes only its hits' blocks; each reads exactly
    as it does once the whole text is decoded — full-width and traditional text too, whose
    fold is shorter in UTF-8 than what is displayed."""
    from tanwen.corpus import load_corpus
    from tanwen.search.doctable import DocTable

    folder = write_corpus({"a.md": "# ＡＢＣ新聞\n\n中國經濟１２３，增長ＧＤＰ。\n\n第二段，中国。\n",
                           "b.txt": "标题\n\n没有全角的一段。\n\n\n最后一段中国。\n"})
    path = tmp_path / "table.tws"
    with open(path, "wb") as handle:
        DocTable.from_articles(load_corpus(folder).articles).write(handle)
    lazy, whole = DocTable.open(path), DocTable.read(path.read_bytes())
    whole.text, whole.display               # decoded in full
    blocks = range(len(whole))
    assert [lazy.display_text(doc) for doc in blocks] == [whole.display_text(doc) for doc in blocks]
    assert [lazy.doc_text(doc) for doc in blocks] == [whole.doc_text(doc) for doc in blocks]
    assert "中國經濟１２３，增長ＧＤＰ。" in [lazy.display_text(doc) for doc in blocks]
    assert lazy._text is None and lazy._display is None       # nothing decoded in full yet
    assert (lazy.text, lazy.display) == (whole.text, whole.display)


def test_a_two_character_search_decodes_only_its_hits(write_corpus, tmp_path, monkeypatch):
    from tanwen.search import SearchEngine

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = write_corpus({f"{n}.md": f"# 第{n}篇\n\n中国第{n}段文字。\n\n另一段。\n" for n in range(30)})
    SearchEngine(path=folder).ensure_index()
    engine = SearchEngine(path=folder)
    assert engine.open_existing_index()
    results = engine.search("中国", limit=3)
    assert [hit.text for hit in results.hits] == ["中国第0段文字。", "中国第1段文字。", "中国第2段文字。"]
    assert [hit.spans for hit in results.hits] == [[(0, 2)]] * 3
    assert all(table._text is None and table._display is None for table in engine.index.tables)


def test_a_table_whose_lines_do_not_match_its_blocks_is_refused_when_read(builtin, tmp_path):
    import io

    from tanwen.search.doctable import DocTable

    out = io.BytesIO()
    DocTable.from_articles(builtin.articles).write(out)
    joined = DocTable.read(out.getvalue().replace("。\n".encode(), "。 ".encode(), 1))  # two blocks as one
    longer = DocTable.read(out.getvalue().replace("。\n".encode(), "abc\n".encode(), 1))   # same bytes
    # Every block read whole, as a search that shows them all would.
    for read in (lambda: [joined.doc_text(doc) for doc in range(len(joined))], lambda: longer.text,
                 lambda: joined.count_in("的", list(range(len(joined))))):
        try:
            read()
        except ValueError as error:
            assert "not match" in str(error)
        else:
            raise AssertionError("a damaged table was read")
