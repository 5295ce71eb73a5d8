"""Faults on the output side (issue 10 items 9 and 22, issue 9 item 14): internal errors,
closed pipes, no terminal, `show` of whole articles, kind labels, plurals, CSV formulas.

Real `tanwen` processes; a fault is injected (a function replaced in the child) only where a
bug has to be simulated to see how the command reports one.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from faults_support import TANWEN, small_corpus, tanwen
from tanwen.corpus import load_corpus


# -- 10.22 internal errors -------------------------------------------------------------------

FAULTY_SECTIONS = """
import sys
from tanwen.tui.cli import structure
def fault(args):
    raise RuntimeError("a bug \\x1b[2J here")
structure.run = fault               # a fault injected where a bug would be
from tanwen.tui.cli.entry import main
sys.exit(main(sys.argv[1:]))
"""


def test_an_internal_error_exits_3_with_one_line_and_the_traceback_behind_debug():
    done = subprocess.run([sys.executable, "-P", "-c", FAULTY_SECTIONS, "sections"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert done.stderr == ("tanwen: internal error: RuntimeError: a bug ␛[2J here "
                           "(run again with --debug for the traceback)\n")
    done = subprocess.run([sys.executable, "-P", "-c", FAULTY_SECTIONS, "sections", "--debug"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "Traceback (most recent call last)" in done.stderr
    assert done.stderr.endswith("tanwen: internal error: RuntimeError: a bug ␛[2J here\n")


def test_a_corpus_path_too_long_for_the_system_is_bad_input(tmp_path):
    import pty

    too_long = tmp_path / ("a" * 5000)
    code, out, err = tanwen("sections", corpus=too_long, cache=tmp_path / "cache")
    assert code == 2 and "Traceback" not in err
    assert err.startswith("tanwen: error: cannot open ") and "File name too long" in err
    main_side, terminal = pty.openpty()          # the app, on a terminal
    try:
        done = subprocess.run([TANWEN, "--corpus", too_long], stdin=terminal, stdout=terminal,
                              stderr=subprocess.PIPE, timeout=30)
    finally:
        os.close(main_side)
        os.close(terminal)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("tanwen: error: cannot open ")


# -- 9.14 the command line -------------------------------------------------------------------

@pytest.mark.parametrize("command", [["search", "天津"], ["collocates", "天津"], ["terms"]])
def test_a_negative_limit_is_a_usage_error(tmp_path, command):
    code, out, err = tanwen(*command, "--limit", "-1", corpus=None, cache=tmp_path)
    assert code == 2 and "Traceback" not in err and out == ""
    assert "--limit: expected a whole number, 0 or more, not '-1'" in err


@pytest.mark.parametrize("args", [["search", "天津"], ["sections"], ["figures"],
                                  ["figures", "--csv"], ["search", "天津", "--json"]])
def test_a_reader_that_leaves_early_ends_the_command_quietly_with_0(tmp_path, args):
    process = subprocess.Popen([TANWEN, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL,
                               env={**os.environ, "TANWEN_CACHE_DIR": str(tmp_path)})
    process.stdout.close()              # as `| head` does, before anything was written
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert b"Traceback" not in err and b"Exception" not in err and b"Broken pipe" not in err


def test_the_app_with_stdout_not_a_terminal_says_so_and_exits_2(tmp_path):
    import pty

    main_side, terminal = pty.openpty()     # stdin is a terminal; stdout goes to a file
    try:
        with open(tmp_path / "out", "wb") as output:
            done = subprocess.run([TANWEN], stdin=terminal, stdout=output, stderr=subprocess.PIPE,
                                  timeout=30, env={**os.environ, "TANWEN_CACHE_DIR": str(tmp_path)})
    finally:
        os.close(main_side)
        os.close(terminal)
    assert done.returncode == 2
    assert done.stderr.decode().startswith("tanwen: error: the app needs a terminal")
    assert (tmp_path / "out").read_bytes() == b""


def test_show_prints_a_whole_article_by_the_ids_sections_prints(tmp_path):
    corpus = load_corpus()
    article = corpus.articles[1]
    headings = [section.heading for section in article.walk() if section.heading]
    for wanted in (article.id, article.source, article.id.split("_")[0]):
        code, out, err = tanwen("show", wanted, corpus=None, cache=tmp_path)
        assert code == 0, err
        assert all(heading in out for heading in headings)
    code, out, err = tanwen("show", article.id, "--json", corpus=None, cache=tmp_path)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [b.id for b in article.blocks()]
    for command in (["show", "00"], ["terms", "--article", "00"]):
        code, out, err = tanwen(*command, corpus=None, cache=tmp_path)
        assert code == 2 and "'00' starts the IDs of 2 articles" in err


def test_figures_kind_accepts_the_labels_the_app_shows(tmp_path):
    from tanwen.corpus.figures import KIND_LABELS

    assert KIND_LABELS["percent"] == "%"
    for kind in ("percent", "percentage_point", "multiple"):
        code, by_name, _ = tanwen("figures", "--kind", kind, "--json", corpus=None, cache=tmp_path)
        code, by_label, err = tanwen("figures", "--kind", KIND_LABELS[kind], "--json",
                                     corpus=None, cache=tmp_path)
        assert code in (0, 1) and "unknown kind" not in err, (kind, err)
        assert by_label == by_name
        assert {json.loads(line)["kind"] for line in by_label.splitlines()} <= {kind}
        assert by_label or kind == "multiple"     # the built-in articles state no multiple


def test_counts_of_one_are_singular(tmp_path):
    folder = small_corpus(tmp_path)
    code, out, err = tanwen("sections", corpus=folder, cache=tmp_path / "cache")
    assert "articles corpus · 1 article\n" in out
    code, out, err = tanwen("search", "独特词语", corpus=folder, cache=tmp_path / "cache")
    assert "1 block, 1 match · " in err
    code, out, err = tanwen("kwic", "独特词语", corpus=folder, cache=tmp_path / "cache")
    assert "1 occurrence · sorted by position" in err
    code, out, err = tanwen("plot", "独特词语", corpus=folder, cache=tmp_path / "cache")
    assert "“独特词语” · 1 occurrence per article" in out


# -- 10.9 CSV formula injection --------------------------------------------------------------

FORMULA_NAMES = ['=HYPERLINK("example.com","x").md', "+SUM(1,2).md", "-2+3.md",
                 "@cmd.md"]


def _formula_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in FORMULA_NAMES:
        (folder / name).write_text("# 标题\n\n=1+1 今年投资增长5%。\n", encoding="utf-8")
    return folder


def _cells_a_spreadsheet_would_run(rows: list[list[str]]) -> list[str]:
    number = re.compile(r"[+-]?\d[\d,]*(\.\d+)?([eE][+-]?\d+)?%?")
    return [cell for row in rows for cell in row
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not number.fullmatch(cell)]


def test_figures_csv_cells_never_start_a_formula(tmp_path):
    import csv
    import io

    code, out, err = tanwen("figures", "--csv", "--format", "quote", corpus=_formula_corpus(tmp_path),
                            cache=tmp_path / "cache")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert len(rows) > len(FORMULA_NAMES)
    assert _cells_a_spreadsheet_would_run(rows) == []
    sources = {row[rows[0].index("source")] for row in rows[1:]}
    assert sources == {"'" + name for name in FORMULA_NAMES}


def test_the_apps_export_writes_no_formula_either(tmp_path):
    import csv

    from tanwen.corpus.figures import figures_of_corpus
    from tanwen.tui.export import write_export

    corpus = load_corpus(_formula_corpus(tmp_path))
    path = tmp_path / "out" / "figures.csv"
    assert write_export(figures_of_corpus(corpus), path, "csv") == len(FORMULA_NAMES)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert _cells_a_spreadsheet_would_run(rows) == []
    assert "'-2+3.md" in [row[rows[0].index("source")] for row in rows]


def test_numbers_stay_numbers_in_csv():
    from tanwen.tui.export import spreadsheet_safe

    for number in ("-5", "-5%", "+3.2", "-0.5", "-1.5e+16", "2821"):
        assert spreadsheet_safe(number) == number
    for formula in ("-5+cmd|' /C calc'!A0", "=1+1", "@SUM(A1)", "+1+1", "\t=1", "-"):
        assert spreadsheet_safe(formula) == "'" + formula


CRASHING_APP = """
import sys
from tanwen.tui.app import TanwenApp
def fault(self):
    raise RuntimeError("a bug in the app")
TanwenApp._first_paint = fault       # a fault injected where a bug would be
from tanwen.tui.cli.entry import main
sys.exit(main([]))
"""


def test_an_app_that_crashes_exits_3_not_0(tmp_path):
    import pty
    import time

    pid, terminal = pty.fork()
    if pid == 0:                                      # the child: the app on the pty
        os.environ["TANWEN_CACHE_DIR"] = str(tmp_path)
        os.execv(sys.executable, [sys.executable, "-P", "-c", CRASHING_APP])
    seen, deadline = b"", time.monotonic() + 30
    status = None
    while time.monotonic() < deadline:
        try:
            seen += os.read(terminal, 65536)
        except OSError:                               # the child has gone: its side closed
            pass
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        pytest.fail("the crashed app did not exit")
    while True:                                       # what it wrote as it ended
        try:
            chunk = os.read(terminal, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 3
    assert b"tanwen: internal error: the app stopped on an error" in seen


def test_an_output_encoding_without_chinese_is_named_not_a_traceback(tmp_path):
    for encoding in ("ascii", "latin-1"):
        code, out, err = tanwen("sections", corpus=None, cache=tmp_path,
                                env={"PYTHONIOENCODING": encoding})
        assert code == 2 and "Traceback" not in err
        assert err.endswith(f"tanwen: error: the output's encoding ({encoding}) cannot hold Chinese "
                            "text; use a UTF-8 locale (LANG=C.UTF-8) or PYTHONIOENCODING=utf-8\n")


async def test_the_app_counts_one_in_the_singular_too(tmp_path):
    from tanwen.tui.app import TanwenApp
    from tui_support import settle

    app = TanwenApp(load_corpus(small_corpus(tmp_path)), build_index=False, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot, app)
        assert "1 article · 1 section" in str(app.query_one("#status").render())
        await pilot.press("slash", *"独特词语")
        await settle(pilot, app)
        status = str(app.query_one("#status").render())
        summary = str(app.query_one("#results-summary").render())
        assert "│  1 hit · 1 block · " in status, status
        assert summary.startswith("1 block · 1 hit  "), summary
