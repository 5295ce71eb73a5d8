"""`tanwen search`, `tanwen index`, `sections`, `show`: output scripts can rely on."""

import json
import os
import subprocess
import sys

from tanwen.tui.cli.entry import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_lines_have_the_documented_fields(capsys):
    code, out, _ = run(capsys, "search", "新质生产力", "--json", "--limit", "50")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 16
    for record in records:
        assert set(record) == {"source", "section_id", "section", "block_id", "kind", "text",
                               "spans", "score", "match"}
        assert all(record["text"][s:e] == "新质生产力" for s, e in record["spans"])
        assert record["match"] == "literal"
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)


def test_search_limit_and_exit_codes(capsys):
    code, out, err = run(capsys, "search", "天津", "--json", "--limit", "3")
    assert code == 0 and len(out.splitlines()) == 3
    code, out, err = run(capsys, "search", "不存在的词语", "--json")
    assert code == 1 and out == ""
    code, out, err = run(capsys, "search", "天津", "--limit", "0", "--json")
    assert len(out.splitlines()) == 116


def test_search_human_output_highlights_and_summarises(capsys):
    code, out, err = run(capsys, "search", "R&D")
    assert code == 0
    assert "(R&D)经费投入强度" in out
    assert "2 blocks, 2 matches" in err


def test_malformed_query_is_explained_on_stderr(capsys):
    code, out, err = run(capsys, "search", '"新质生产力', "--json")
    assert "unclosed quote; searched for the literal text instead" in err


def test_pinyin_results_say_so(capsys):
    code, out, _ = run(capsys, "search", "xzscl", "--json")
    assert code == 0 and {json.loads(line)["match"] for line in out.splitlines()} == {"pinyin"}


def test_corpus_option_before_or_after_the_command_and_from_the_environment(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a.md").write_text("# 我的文章\n\n一段关于数据的文字。\n", encoding="utf-8")
    for argv in (["--corpus", str(folder), "search", "数据", "--json"],
                 ["search", "数据", "--corpus", str(folder), "--json"]):
        code, out, _ = run(capsys, *argv)
        assert code == 0 and json.loads(out)["source"] == "a.md"
    monkeypatch.setenv("TANWEN_CORPUS", str(folder))
    code, out, _ = run(capsys, "search", "数据", "--json")
    assert code == 0 and json.loads(out)["source"] == "a.md"


def test_bad_corpus_paths_are_errors(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "--corpus", str(tmp_path / "empty"), "search", "x")
    assert code == 2 and "no .md or .txt files" in err
    code, out, err = run(capsys, "--corpus", str(tmp_path / "nope"), "sections")
    assert code == 2 and "no such file or folder" in err


def test_bad_files_are_reported_and_the_rest_searched(capsys, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.md").write_text("# 好\n\n能读的文章。\n", encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    code, out, err = run(capsys, "--corpus", str(folder), "search", "能读", "--json")
    assert code == 0 and json.loads(out)["source"] == "good.md"
    assert "skipped bad.txt" in err


def test_index_command_reports_what_it_did(capsys, tmp_path, monkeypatch):
    # A cache of its own: the shared one keeps the index of this path from an earlier run.
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "idx"
    folder.mkdir()
    (folder / "a.md").write_text("# 一\n\n内容。\n", encoding="utf-8")
    code, out, _ = run(capsys, "--corpus", str(folder), "index")
    assert code == 0 and out.startswith("built the index: 1 files; 2 blocks")
    code, out, _ = run(capsys, "--corpus", str(folder), "index")
    assert out.startswith("index is up to date")
    code, out, _ = run(capsys, "--corpus", str(folder), "index", "--rebuild")
    assert out.startswith("rebuilt the index (rebuild asked for)")


def test_sections_json(capsys):
    code, out, _ = run(capsys, "sections", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(records) == 17
    first = records[0]
    assert set(first) >= {"source", "id", "level", "heading", "path", "blocks"}
    assert first["source"] == "000_0ca8ddae1a5cdd31.txt"
    story = next(r for r in records if r["heading"] == "逆势走强 激活「中国智造」")
    assert story["level"] == 2 and story["path"] == ["创新天津 动能澎湃", "逆势走强 激活「中国智造」"]
    assert story["blocks"] == {"heading": 1, "body": 7, "byline": 1}


def test_show(capsys):
    code, out, _ = run(capsys, "show", "001:1.3")
    assert code == 0 and "逆势走强 激活「中国智造」" in out and "记者 岳付玉" in out
    code, out, err = run(capsys, "show", "nope:9")
    assert code == 2 and "no section or article " in err


def test_help_documents_the_query_language_and_version():
    out = subprocess.run([sys.executable, "-m", "tanwen.tui.cli", "search", "--help"],
                         capture_output=True, text=True).stdout
    for piece in ("space = AND", "OR", "NOT", '"天开实践 打造"', "heading:", "source:", "kind:", "pinyin"):
        assert piece in out
    version = subprocess.run([sys.executable, "-m", "tanwen.tui.cli", "--version"], capture_output=True, text=True)
    assert version.stdout.startswith("tanwen ")


def test_output_to_a_closed_pipe_is_not_an_error():
    shell = f"{sys.executable} -m tanwen.tui.cli search 天津 --limit 0 | head -1"
    done = subprocess.run(shell, shell=True, capture_output=True, text=True)
    assert "Traceback" not in done.stderr


def test_a_piped_snippet_is_one_line_of_the_app_snippet_width_around_the_match(
        write_corpus, tmp_path, monkeypatch, capsys):
    """The command line draws a hit's snippet as the results list does (a third of the line
    before the first match, cut to the width with …), its heading path as the app does."""
    from rich.cells import cell_len

    from tanwen.tui.cli.searching import PIPED_SNIPPET_CELLS

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    body = "前文" * 200 + "新质生产力" + "后文" * 200
    folder = write_corpus({"a.md": f"# 天津  创新\n\n{body}\n"})
    code, out, _ = run(capsys, "--corpus", str(folder), "search", "新质生产力")
    assert code == 0
    header, snippet = out.splitlines()[:2]
    assert "天津 创新" in header and "天津  创新" not in header
    snippet = snippet.removeprefix("     ")
    assert cell_len(snippet) <= PIPED_SNIPPET_CELLS and snippet.startswith("…") and snippet.endswith("…")
    lead = snippet[1:snippet.index("新质生产力")]
    assert PIPED_SNIPPET_CELLS // 3 - 2 <= cell_len(lead) <= PIPED_SNIPPET_CELLS // 3


def test_piped_results_are_what_the_console_prints_piped(capsys, monkeypatch):
    """Piped, hits are written without rich's console: the same text it would write."""
    import tanwen.tui.cli.searching as searching
    from tanwen.search import SearchEngine

    engine = SearchEngine()
    engine.ensure_index()
    plain_writer = searching._plain
    for query in ("天津", "R&D", "tianjin", "发展 -天津", "的"):
        assert searching._search(engine, query, limit=0, as_json=False) == 0
        plain, plain_err = capsys.readouterr()
        monkeypatch.setattr(searching, "_plain", lambda stream: False)
        searching._search(engine, query, limit=0, as_json=False)
        styled, styled_err = capsys.readouterr()
        monkeypatch.setattr(searching, "_plain", plain_writer)
        assert plain == styled and plain.count("\n") > 3
        assert plain_err.split(" · ")[0] == styled_err.split(" · ")[0]


def test_the_program_exits_with_the_commands_code_and_all_its_output(tmp_path):
    """`python -m tanwen.tui.cli` (and the console script) run `entry.run`: main's exit code,
    everything written, though the last objects are frozen for the exit (gc.freeze)."""
    env = {**os.environ, "TANWEN_CACHE_DIR": str(tmp_path / "cache")}
    program = [sys.executable, "-P", "-m", "tanwen.tui.cli", "search"]
    found = subprocess.run(program + ["天津", "--json", "--limit", "0"], env=env,
                           capture_output=True, text=True)
    assert found.returncode == 0 and len(found.stdout.splitlines()) > 5
    assert all(json.loads(line)["text"] for line in found.stdout.splitlines())
    missing = subprocess.run(program + ["没有这个词zzq"], env=env, capture_output=True, text=True)
    assert missing.returncode == 1 and missing.stdout == ""
