"""Faults and hostile input on the reading side (issue 10): names that are not UTF-8, escape
sequences and bidi controls in names and meta.json, FIFOs and devices named *.md, huge files,
folders 1,000 deep, 10,000-letter queries, huge headings.

Real files (GBK names made through bytes paths, mkfifo, links to devices), real `tanwen`
processes with a timeout, and assertions on what a person would see.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from faults_support import ARTICLE, assert_safe, small_corpus, tanwen
from tanwen.corpus import load_corpus
from tanwen.corpus.reading import MAX_FILE_BYTES, MAX_FOLDER_DEPTH


# -- 10.3 a file whose name is not UTF-8 ----------------------------------------------------

def test_a_gbk_named_file_loads_and_its_name_reads_as_chinese(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
    gbk_name = "新闻报道.md".encode("gbk")       # what a zip made on Chinese Windows holds
    with open(os.path.join(os.fsencode(folder), gbk_name), "wb") as handle:
        handle.write("# 报道\n\n另一个独特词语出现在这里。\n".encode("utf-8"))
    strict = {"PYTHONIOENCODING": "utf-8:strict"}
    for args in (["search", "独特词语"], ["index"], ["sections"], ["figures"],
                 ["search", "独特词语", "--json"]):
        code, out, err = tanwen(*args, corpus=folder, cache=tmp_path / "cache", env=strict)
        assert code == 0, (args, err)
        assert "Traceback" not in err
    code, out, _ = tanwen("sections", corpus=folder, cache=tmp_path / "cache", env=strict)
    assert "新闻报道.md" in out
    code, out, _ = tanwen("search", "另一个", corpus=folder, cache=tmp_path / "cache", env=strict)
    assert "新闻报道:1/" in out


def test_a_gbk_name_beside_its_utf8_twin_keeps_both_and_meta_json_names_it_in_chinese(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "新闻报道.md").write_text("# 甲\n\n第一篇。\n", encoding="utf-8")
    with open(os.path.join(os.fsencode(folder), "新闻报道.md".encode("gbk")), "wb") as handle:
        handle.write("# 乙\n\n第二篇。\n".encode("utf-8"))
    with open(os.path.join(os.fsencode(folder), "报告.md".encode("gbk")), "wb") as handle:
        handle.write("# 丙\n\n第三篇。\n".encode("utf-8"))
    meta = {"新闻报道.md": {"publication": "人民日报"}, "报告.md": {"publication": "新华社"}}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    corpus = load_corpus(folder)
    by_title = {article.title: article for article in corpus.articles}
    assert by_title["甲"].source == "新闻报道.md" and by_title["甲"].meta.publication == "人民日报"
    assert by_title["丙"].source == "报告.md" and by_title["丙"].meta.publication == "新华社"
    assert by_title["乙"].source == "\\xd0\\xc2\\xce\\xc5\\xb1\\xa8\\xb5\\xc0.md"
    assert corpus.problems == []


# -- 10.4 / 10.15 escape sequences and bidi controls in names and meta.json -------------------

OSC52 = "\x1b]52;c;SGVsbG8=\x07"       # writes "Hello" to the clipboard
TITLE = "\x1b]0;owned\x07"              # sets the window title
CLEAR = "\x1b[2J"                        # clears the screen
C1_CSI = "\x9b31m"                       # the one-byte CSI some terminals obey


def _hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / f"evil{TITLE}"
    (folder / f"sub{CLEAR}").mkdir(parents=True)
    (folder / f"a{OSC52}.md").write_text(ARTICLE, encoding="utf-8")
    (folder / f"sub{CLEAR}" / f"b{C1_CSI}.md").write_text(
        "# 第二篇\n\n独特词语又出现了，达到3亿元。\n", encoding="utf-8")
    (folder / f"bad{CLEAR}.md").write_bytes(b"\x00\x01binary")       # gives a "skipped …" line
    meta = {f"a{OSC52}.md": {"publication": f"人民{OSC52}日报", "issue": f"第1期{CLEAR}",
                             "date": "2025-01-02"}}
    (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return folder


def test_escape_sequences_in_names_and_meta_never_reach_the_terminal(tmp_path):
    folder = _hostile_corpus(tmp_path)
    cache = tmp_path / "cache"
    runs = [["sections"], ["sections", "--json"], ["search", "独特词语"],
            ["search", "独特词语", "--json"], ["figures"], ["figures", "--csv"],
            ["figures", "--markdown"], ["figures", "--json"],
            ["figures", "--format", "citation"], ["show", f"a{OSC52}:1"], ["index"],
            ["show", f"nosuch{OSC52}"], ["kwic", "独特词语"], ["kwic", "独特词语", "--json"],
            ["plot", "独特词语"], ["terms"]]
    shown = ""
    for args in runs:
        code, out, err = tanwen(*args, corpus=folder, cache=cache)
        assert "Traceback" not in err, (args, err)
        assert_safe(out)
        assert_safe(err)
        shown += out + err
    # What the escapes were is still visible, as symbols: ␛ for ESC.
    assert "a␛]52;c;SGVsbG8=␇.md" in shown
    assert "evil␛]0;owned␇ corpus" in shown
    assert "skipped bad␛[2J.md" in shown
    assert "人民␛]52;c;SGVsbG8=␇日报" in shown


def test_json_output_keeps_every_character_yet_prints_safely(tmp_path):
    folder = _hostile_corpus(tmp_path)
    code, out, _ = tanwen("sections", "--json", corpus=folder, cache=tmp_path / "cache")
    assert_safe(out)
    sources = {json.loads(line)["source"] for line in out.splitlines()}
    assert "sub␛[2J/b\ufffd31m.md" in sources


def test_bidi_controls_in_names_and_text_are_neutralised(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    # U+202E would show "gpj.exe" as "exe.jpg"; U+2066 isolates a run.
    (folder / "report\u202egpj.md").write_text(
        "# 标题\u202e反转\n\n天津\u2066独特词语\u2069很多。\n", encoding="utf-8")
    cache = tmp_path / "cache"
    for args in (["sections"], ["search", "独特词语"], ["figures", "--csv"], ["show", "report"]):
        code, out, err = tanwen(*args, corpus=folder, cache=cache)
        assert_safe(out + err)
    code, out, _ = tanwen("sections", corpus=folder, cache=cache)
    assert "report\ufffdgpj.md" in out
    assert "标题反转" in out          # the text's override is dropped, the heading reads on


# -- 10.5 / 10.6 FIFOs and devices named *.md, files too large -------------------------------

def test_fifos_and_links_to_devices_are_skipped_not_read(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(folder / "pipe.md")
    os.symlink("/dev/zero", folder / "zero.md")
    os.symlink("/dev/urandom", folder / "random.txt")
    cache = tmp_path / "cache"
    for args in (["index"], ["search", "独特词语"], ["sections"], ["figures"]):
        code, out, err = tanwen(*args, corpus=folder, cache=cache, timeout=60)
        assert code == 0, (args, err)
        assert "skipped pipe.md: not a regular file (a FIFO)" in err
        assert "skipped zero.md: not a regular file (a device)" in err
        assert "skipped random.txt: not a regular file (a device)" in err


def test_a_file_swapped_for_a_fifo_or_device_after_discovery_is_neither_read_nor_hashed(tmp_path):
    from tanwen.corpus.reading import UnreadableFile, discover, read_limited
    from tanwen.search.segment_build import sha1_of

    folder = small_corpus(tmp_path)
    [source] = discover(folder)
    source.path.unlink()
    os.mkfifo(source.path)                      # swapped after it was listed
    assert _within(10, sha1_of, source.path) == ""     # no digest, at once (it blocked for ever)
    with pytest.raises(UnreadableFile, match=r"^not a regular file \(a FIFO\)$"):
        read_limited(source.path)
    source.path.unlink()
    os.symlink("/dev/zero", source.path)
    assert _within(10, sha1_of, source.path) == ""


def _within(seconds: float, function, *args):
    """function(*args), failing the test if it has not returned after `seconds` (it runs in a
    daemon thread, so a call blocked for ever does not hold up the test run)."""
    import threading

    result = []
    worker = threading.Thread(target=lambda: result.append(function(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"{function.__name__} did not return within {seconds} s"
    return result[0]


def test_a_file_larger_than_the_stated_size_is_skipped_and_says_so(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
    with open(folder / "huge.md", "wb") as handle:      # sparse: costs no disk
        handle.truncate(MAX_FILE_BYTES + 1)
    corpus = load_corpus(folder)
    assert [article.source for article in corpus.articles] == ["a.md"]
    assert [(p.source, p.reason) for p in corpus.problems] == [
        ("huge.md", f"larger than {MAX_FILE_BYTES // 2**20} MB, the most read per file")]


# -- 10.13 folders nested too deep -----------------------------------------------------------

def test_folders_nested_a_thousand_deep_are_skipped_and_the_rest_loads(tmp_path):
    # Made outside tmp_path and removed by `rm -rf`: pytest's clean-up (shutil.rmtree)
    # recurses and cannot remove a tree this deep.
    folder = Path(tempfile.mkdtemp(prefix="tanwen-deep-"))
    try:
        (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
        deep = os.fsencode(folder)
        for level in range(1000):
            deep = os.path.join(deep, b"d")
            os.mkdir(deep)
            if level == 10:
                with open(os.path.join(deep, b"ten.md"), "w", encoding="utf-8") as handle:
                    handle.write("# 第十层\n\n这里也有独特词语。\n")
        with open(os.path.join(deep, b"bottom.md"), "w", encoding="utf-8") as handle:
            handle.write("# 最深处\n\n正文。\n")
        code, out, err = tanwen("sections", corpus=folder, cache=tmp_path / "cache")
    finally:
        subprocess.run(["rm", "-rf", folder], check=True)
    assert code == 0, err
    assert "a.md" in out and "ten.md" in out and "最深处" not in out
    assert f"folders nested more than {MAX_FOLDER_DEPTH} deep are not read" in err


# -- 10.10 very long ASCII queries -----------------------------------------------------------

def test_a_thousand_letter_query_is_searched_not_a_recursion_error(tmp_path):
    code, out, err = tanwen("search", "a" * 1500, corpus=small_corpus(tmp_path),
                            cache=tmp_path / "cache")
    assert (code, out) == (1, "") and "Traceback" not in err
    assert "0 blocks, 0 matches" in err


def test_letters_that_cannot_end_as_pinyin_are_rejected_at_once():
    import time

    from tanwen.search.pinyin import readings_of

    term = "xian" * 10 + "ii"            # 42 letters; no reading can end on "ii"
    started = time.perf_counter()
    assert readings_of(term) == ()
    seconds = time.perf_counter() - started
    assert seconds < 2, f"{seconds:.1f} s (every cut of the prefix was tried: 9.9 s before)"


async def test_pasting_ten_thousand_letters_into_the_app_just_searches():
    from textual import events

    from tanwen.tui.app import TanwenApp
    from tui_support import settle

    app = TanwenApp(load_corpus(), build_index=False, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        app.focused.post_message(events.Paste("tianjin" * 1500))
        await settle(pilot, app, wait=0.6)
        shown = str(app.query_one("#results-summary").render())
        assert app.query_text == "tianjin" * 1500
        assert "failed" not in shown and "no " in shown.lower(), shown


# -- 10.14 a huge heading ---------------------------------------------------------------------

def test_a_huge_heading_is_capped_in_every_hit(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    heading = "标题" * 50_000                       # 100,000 characters on one line
    paragraphs = "\n\n".join(f"第{n}段有独特词语。" for n in range(30))
    (folder / "a.md").write_text(f"# {heading}\n\n{paragraphs}\n", encoding="utf-8")
    cache = tmp_path / "cache"
    code, out, err = tanwen("search", "独特词语", "--limit", "0", corpus=folder, cache=cache)
    assert code == 0 and out.count("独特词语") == 30
    assert len(out) < 30 * 600, f"{len(out):,} characters printed for 30 hits"
    assert "标…  a:1/2  body" in out
    code, out, err = tanwen("sections", corpus=folder, cache=cache)
    assert code == 0 and len(out) < 2_000 and "标…  a:1" in out


async def test_the_app_opens_a_folder_holding_a_fifo_and_indexes_it(tmp_path, monkeypatch):
    import asyncio

    from tanwen.tui.app import TanwenApp
    from tui_support import settle

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = small_corpus(tmp_path)
    fifo = folder / "pipe.md"
    os.mkfifo(fifo)
    app = TanwenApp(corpus_path=folder, build_index=True, keymap={})
    try:
        async with app.run_test(size=(120, 35)) as pilot:
            async def ready():
                while app.corpus is None or not app.loading.index_settled.is_set():
                    await pilot.pause(0.1)
            await asyncio.wait_for(ready(), timeout=30)
            await settle(pilot, app)
            assert [article.source for article in app.corpus.articles] == ["a.md"]
            skipped = [n for n in app._notifications if n.title == "Skipped 1 file"]
            assert skipped and skipped[0].message == "pipe.md: not a regular file (a FIFO)"
            assert app.index_state.phase in ("index", "indexing"), app.index_state
    finally:
        # Before the fix a reader blocks on the FIFO for ever: a writer that opens and
        # closes at once lets it go, so the test ends either way.
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass


async def test_the_app_shows_hostile_names_as_symbols(tmp_path):
    from tanwen.tui.app import TanwenApp
    from tui_support import settle

    folder = _hostile_corpus(tmp_path)
    app = TanwenApp(load_corpus(folder), build_index=False, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        labels = [str(node.label) for node in app.tree.nodes_by_key.values()]
        labels.append(str(app.tree.root.label))
        shown = "\n".join(labels + [n.message for n in app._notifications])
        assert_safe(shown)
        assert "evil␛]0;owned␇" in shown and "bad␛[2J.md" in shown
