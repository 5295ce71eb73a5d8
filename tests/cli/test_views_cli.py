"""`tanwen kwic`, `plot`, `collocates`, `terms` and `figures --sort/--group-by`, run as a
script would run them (the real corpus, index and segmenter)."""

import json

from tanwen.corpus.normalize import fold
from tanwen.tui.cli.entry import main
from tanwen.tui.cli import parser as cli_parser


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def test_kwic_json_gives_every_occurrence_with_its_context(capsys, builtin):
    code, out, _ = run(capsys, "kwic", "天开园", "--width", "6", "--json")
    assert code == 0
    found = records(out)
    assert len(found) == sum(block.folded.count("天开园") for block in builtin.blocks())
    first = found[0]
    block = builtin.block(first["block_id"])
    start, end = first["span"]
    assert block.text[start:end] == first["match"] == "天开园"
    assert first["left"] == block.text[max(0, start - 6):start] and first["right"] == block.text[end:end + 6]


def test_kwic_sorts_and_aligns_on_the_terminal_table(capsys):
    code, out, err = run(capsys, "kwic", "天开园", "--sort", "left", "--width", "8")
    assert code == 0 and "sorted by left" in err
    from rich.cells import cell_len

    columns = {cell_len(line[:line.index("天开园")]) for line in out.splitlines()}
    assert columns == {17}                      # 2 × 8 cells of context and a space, every line
    code, out, _ = run(capsys, "kwic", "天开园", "--csv", "--sort", "right")
    assert out.splitlines()[0] == "left,match,right,source,section_id,block_id,start,end"


def test_views_exit_codes(capsys):
    assert run(capsys, "kwic", "𪚥𪚥")[0] == 1                    # nothing found
    assert run(capsys, "plot", "𪚥𪚥")[0] == 1
    code, _, err = run(capsys, "terms", "--key")
    assert code == 2 and "--section or --article" in err
    code, _, err = run(capsys, "terms", "--section", "999:9")
    assert code == 2 and "no section" in err
    code, _, err = run(capsys, "terms", "--article", "00", "--key")
    assert code == 2 and "starts the IDs of 2 articles" in err
    code, _, err = run(capsys, "collocates", "创新", "--window", "0")
    assert code == 2 and "window" in err
    code, _, err = run(capsys, "collocates", "天开园", "--min-freq", "99")
    assert code == 1 and "--min-freq" in err


def test_plot_json_counts_per_article_and_section(capsys, builtin):
    code, out, _ = run(capsys, "plot", "创新", "--by", "article", "--json")
    assert code == 0
    rows = records(out)
    assert [r["id"] for r in rows] == [a.id for a in builtin.articles]
    assert [r["count"] for r in rows] == [sum(b.folded.count("创新") for b in a.blocks())
                                          for a in builtin.articles]
    code, out, _ = run(capsys, "plot", "创新", "--by", "section")
    assert code == 0 and "per 10k" in out and "▂" in out


def test_collocates_and_terms_on_the_command_line(capsys):
    code, out, _ = run(capsys, "collocates", "创新", "--json", "--limit", "3")
    assert code == 0 and records(out)[0]["word"] == "科技"
    code, out, _ = run(capsys, "terms", "--section", "001:1.4", "--key", "--json")
    assert code == 0 and "中欧班列" in [r["term"] for r in records(out)]
    assert all(r["ll"] >= 3.84 and r["log_ratio"] > 0 for r in records(out))
    code, out, _ = run(capsys, "terms", "--limit", "3", "--csv", "--pos")
    assert out.splitlines() == ["term,count,per_10k,pos", "的,197,307.4,uj", "天津,153,238.8,ns",
                                "创新,84,131.1,v"]


def test_views_on_a_folder_of_ones_own_files(capsys, write_corpus):
    root = write_corpus({"a.md": "# 甲\n\n天开园很大。天开园很新。\n",
                         "b.md": "# 乙\n\n天开园在天津。天津很大。\n"})
    code, out, _ = run(capsys, "kwic", "天开园", "--corpus", str(root), "--json")
    assert code == 0 and [r["source"] for r in records(out)] == ["a.md", "a.md", "b.md"]
    code, out, _ = run(capsys, "terms", "--article", "b", "--corpus", str(root), "--json")
    assert code == 0 and {r["term"]: r["count"] for r in records(out)}["天津"] == 2


def test_figures_sort_by_value_and_group_by_metric(capsys):
    code, out, _ = run(capsys, "figures", "--kind", "money", "--sort", "value", "--json")
    money = [r for r in records(out) if r["unit"] == "元"]
    assert [r["value"] for r in money] == sorted((r["value"] for r in money), reverse=True)
    texts = [r["text"] for r in money]
    assert texts.index("超2.3万亿元") < texts.index("2821亿元")
    code, out, _ = run(capsys, "figures", "--group-by", "metric", "--json")
    metrics = [fold(r["metric"] or "") for r in records(out)]
    seen_groups = [m for i, m in enumerate(metrics) if i == 0 or metrics[i - 1] != m]
    assert len(seen_groups) == len(set(seen_groups))            # each metric in one run
    code, out, _ = run(capsys, "figures", "--group-by", "metric")
    assert code == 0 and "R&D" in out


def test_parser_defaults_are_the_engines():
    from tanwen.search.views import collocates, concordance

    assert cli_parser.DEFAULT_WIDTH == concordance.DEFAULT_WIDTH
    assert cli_parser.SORTS == concordance.SORTS
    assert (cli_parser.DEFAULT_WINDOW, cli_parser.DEFAULT_MIN_FREQ, cli_parser.MEASURES) == (
        collocates.DEFAULT_WINDOW, collocates.DEFAULT_MIN_FREQ, collocates.MEASURES)
