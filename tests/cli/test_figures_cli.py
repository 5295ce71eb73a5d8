"""`tanwen figures`."""

import csv
import io
import json

from tanwen.corpus.figures import FIELDS, FIGURE_KINDS
from tanwen.tui.cli.entry import main


def run(capsys, *argv):
    code = main(["figures", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_lines(capsys, builtin):
    code, out, _ = run(capsys, "--json")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) > 200
    assert all(tuple(r) == FIELDS for r in records)
    first = next(r for r in records if r["text"] == "3.44%")
    assert first["kind"] == "percent" and first["value"] == 3.44 and first["period"] == "2024年"
    block = builtin.block(first["block_id"])
    assert block.text[first["start"]:first["end"]] == "3.44%"


def test_csv_header_and_rows(capsys):
    code, out, _ = run(capsys, "--csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert code == 0 and tuple(rows[0]) == FIELDS
    _, json_out, _ = run(capsys, "--json")
    assert len(rows) - 1 == len(json_out.splitlines())


def test_markdown(capsys):
    code, out, _ = run(capsys, "--markdown", "--kind", "money")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].startswith("| text | kind | value |") and set(lines[1]) <= set("|-")
    assert any("| 2821亿元 | money | 282,100,000,000 | 元 |" in line for line in lines)
    assert all(line.count("|") == lines[0].count("|") for line in lines)


def test_kind_filter(capsys):
    code, out, _ = run(capsys, "--kind", "percent", "--json")
    kinds = {json.loads(line)["kind"] for line in out.splitlines()}
    assert code == 0 and kinds == {"percent"}
    code, out, _ = run(capsys, "--kind", "percentage-point", "--json")
    assert code == 0 and [json.loads(line)["text"] for line in out.splitlines()] == ["1.7个百分点"]


def test_unknown_kind_is_bad_input(capsys):
    code, out, err = run(capsys, "--kind", "bogus")
    assert code == 2 and out == ""
    assert "bogus" in err and all(kind in err for kind in FIGURE_KINDS)


def test_section(capsys):
    code, out, _ = run(capsys, "--section", "000:3", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and records
    assert {r["section_id"] for r in records} == {"000_0ca8ddae1a5cdd31:3"}
    code, _, err = run(capsys, "--section", "999:9")
    assert code == 2 and "999:9" in err


def test_nothing_found(capsys):
    code, out, err = run(capsys, "--section", "000:2", "--kind", "money")
    assert code == 1 and out == "" and "no figures" in err


def test_query(capsys, builtin):
    code, out, _ = run(capsys, "--query", "天开园", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and records
    assert all("天开园" in builtin.block(r["block_id"]).text for r in records)
    texts = {r["text"] for r in records}
    assert "3000多家" in texts and "3.44%" not in texts


def test_formats(capsys):
    code, out, _ = run(capsys, "--section", "000:3", "--kind", "percent", "--format", "value")
    assert code == 0 and out.splitlines()[0] == "3.44%"
    code, out, _ = run(capsys, "--section", "000:3", "--kind", "percent", "--format", "citation")
    assert "。”——《在发展新质生产力上勇争先、善作为》" in out.splitlines()[0]
    code, out, _ = run(capsys, "--kind", "percent", "--format", "quote", "--json")
    assert all("rendered" in json.loads(line) for line in out.splitlines())


def test_table(capsys):
    code, out, _ = run(capsys, "--section", "001:1.5")
    assert code == 0
    assert "超2.3万亿元" in out and "2,300,000,000,000" in out and "001:1.5" in out


def test_unresolved_relative_years_are_reported(capsys, write_corpus):
    root = write_corpus({"a.md": "# 南沙\n\n2020年，南沙有企业20家。今年前三季度，南沙新增企业300家。\n"})
    code, out, err = run(capsys, "--corpus", str(root), "--json")
    periods = {json.loads(line)["text"]: json.loads(line)["period"] for line in out.splitlines()}
    assert code == 0 and periods["300家"] == "今年前三季度"
    assert "2 figures keep 今年/去年 as written: their article states no date" in err
    code, out, err = run(capsys, "--json")
    assert "今年/去年" not in err
