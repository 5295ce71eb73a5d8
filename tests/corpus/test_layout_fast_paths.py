"""Loading stays quick: what most files hold is read without the Markdown parser, long lines
are classified from their ends, and the segmenter is asked only about breaks it can decide.
Each shortcut gives exactly what the full reading gives."""

import json
import random
import subprocess
import sys

from tanwen.corpus import markdown

# Fragments that make up lines: text, every kind of markup, the whitespace the parser trims.
FRAGMENTS = [
    "天津发展新质生产力", "科技创新。", "  ", "\u3000", "\u3000\u3000他说", "\u2003", "\xa0", " ", "# 标题",
    "## 标题 ##", "#标题", "   # x", "    code", "- item", "- 项一", "+ 加", "* 星", "1. x", "2. 二", "1) 括",
    "01. 零", "-  两空格", "- ", "-\u3000全角", "> q", "---", "--", "===", "|a|b|", "```", "```py", "````", "~~~",
    "  ```", "```a`b", "*em*", "_x_", "`c`", "[l](u)", "<b>", "&amp;", "R&D", "\\", "%", "记者 张三", "# C#",
    "# 标题 #", "#", "# ", "#\u3000标题", "＃ 标题", "####### x", "###### 六", "Latin word", "-a, --all",
    "（新华社记者刘前刚摄）", "!", "+", "=", "#  \u3000 ", "# \u2003题\u2003", "  缩进", "1. 智能(2025年6月19日摄)。  ",
]


def random_text(rng):
    lines = []
    for _ in range(rng.randint(0, 10)):
        roll = rng.random()
        if roll < 0.5:
            lines.append(rng.choice(FRAGMENTS))
        elif roll < 0.65:
            lines.append("")
        else:
            lines.append("".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 3))))
    return "\n".join(lines)


def test_common_markdown_is_read_without_the_parser_as_the_parser_reads_it():
    rng = random.Random(7)
    compared = {False: 0, True: 0}
    for _ in range(6000):
        text = markdown._WIDE_HEADING.sub(markdown._heading_marks, random_text(rng))
        source = text.split("\n")
        for is_markdown in (False, True):
            read = markdown._read_without_parser(text, source, is_markdown)
            if read is not None:
                assert read == markdown._parsed_regions(text, source, is_markdown), (is_markdown, text)
                compared[is_markdown] += 1
    # The shortcut is taken often enough for the comparison to mean something.
    assert min(compared.values()) > 1000, compared


NEWS = ("# 天津新闻\n\n天津发展新质生产力取得新进展，\n科技创新与产业创新融合发展。  \n第二行\n\n## 产业\n\n"
        "```sh\n# apt-get update\n```\n\n- 项一\n- 项二\n\n1. 第一\n2. 第二\n\n记者 胡晓伟\n")
READ_IN_CHILD = """
import json, sys
from tanwen.corpus import load_corpus
corpus = load_corpus(sys.argv[1])
print(json.dumps({"parser": "markdown_it" in sys.modules,
                  "blocks": [[a.source, b.kind.value, b.text] for a in corpus.articles for b in a.blocks()]}))
"""


def load_in_child(root):
    done = subprocess.run([sys.executable, "-P", "-c", READ_IN_CHILD, str(root)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_files_of_headings_paragraphs_fences_and_items_load_without_the_markdown_parser(write_corpus):
    shown = load_in_child(write_corpus({"news.md": NEWS, "news.txt": NEWS}))
    assert shown["parser"] is False
    for name in ("news.md", "news.txt"):
        assert [(kind, text) for source, kind, text in shown["blocks"] if source == name] == [
            ("heading", "天津新闻"), ("body", "天津发展新质生产力取得新进展，科技创新与产业创新融合发展。"),
            ("body", "第二行"), ("heading", "产业"), ("code", "# apt-get update"), ("body", "- 项一"),
            ("body", "- 项二"), ("body", "1. 第一"), ("body", "2. 第二"), ("byline", "记者 胡晓伟")]


def test_a_file_with_markdown_in_it_is_still_read_by_the_parser(write_corpus):
    shown = load_in_child(write_corpus({"doc.md": "# 文档\n\n```\n# apt-get update\n```\n\n正文是**粗体**的。\n"}))
    assert shown["parser"] is True
    assert [(kind, text) for _, kind, text in shown["blocks"]] == [
        ("heading", "文档"), ("code", "# apt-get update"), ("body", "正文是粗体的。")]


# -- long lines classified from their ends -------------------------------------------------

STARTS = ["", "", "第十二章 ", "左图：", "图2、", "12.", "-a, --all", "● ", "![图](x.png)", "％%%", "１、", "#",
          "·", "３", "!", "圖為"]
ENDS = ["", "", "（新华社记者刘前刚摄）", "(摄)。", "摄）", "。", "…”", "](y)", ")", "）．", "2", "%", "？"]
MIDDLE = list("天津发展新质生产力，科技创新。记者通訊員攝影/／ ") + ["![a](b)", "（", "1、"]


def test_long_lines_are_classified_as_every_rule_classifies_them():
    from tanwen.corpus import lines

    rng = random.Random(5)
    for _ in range(20000):
        middle = "".join(rng.choice(MIDDLE) for _ in range(rng.choice([0, 5, 30, 39, 40, 41, 60, 61, 100, 130])))
        line = (rng.choice(STARTS) + middle + rng.choice(ENDS)).strip(" \u3000")
        if line:
            assert lines.line_facts(line) == lines._facts_from_ends(line), line
    marked = ["图2、" + "天津" * 30 + "（新华社记者刘前刚摄）", "-" * 80, "天津" * 30 + "（新华社记者刘前刚摄）",
              "12. " + "科技创新" * 20, "● " + "科技创新" * 20]
    assert all(lines.line_facts(line) != lines.line_facts("天津" * 40 + "。") for line in marked)


def test_a_long_line_of_text_is_classified_from_three_folded_characters(monkeypatch):
    from tanwen.corpus import lines

    folded = []

    def counting_fold(text):
        folded.append(len(text))
        return real_fold(text)

    real_fold = lines.fold
    monkeypatch.setattr(lines, "fold", counting_fold)
    facts = lines.line_facts("天津发展新质生产力取得新进展，科技创新与产业创新融合发展，" * 3 + "成效显著。")
    assert facts.kind is None and facts.ends_sentence and not facts.item
    assert sum(folded) <= 3


# -- the segmenter only for breaks it decides ------------------------------------------------

SEGMENTER_IN_CHILD = """
import json, sys
from tanwen.corpus import load_corpus
corpus = load_corpus(sys.argv[1])
print(json.dumps({"segmenter": "rjieba" in sys.modules, "blocks": [b.text for b in corpus.blocks()]}))
"""


def test_breaks_before_a_clause_opening_word_are_decided_without_the_segmenter(write_corpus):
    reviews = "房间很干净服务也周到\n\n在市中心交通方便\n\n但是早餐一般没有什么选择\n"
    root = write_corpus({"reviews.txt": reviews})
    done = subprocess.run([sys.executable, "-P", "-c", SEGMENTER_IN_CHILD, str(root)],
                          capture_output=True, text=True, check=True)
    shown = json.loads(done.stdout)
    assert shown == {"segmenter": False,
                     "blocks": ["房间很干净服务也周到", "在市中心交通方便", "但是早餐一般没有什么选择"]}


def test_breaks_are_joined_as_the_segmenter_reads_them(write_corpus):
    from tanwen.corpus import load_corpus

    text = "记者在车间里看到，节能设备早\n\n已投入使用。\n\n会议讨论了产业及\n\n及应用场景。\n"
    corpus = load_corpus(write_corpus({"news.txt": text}))
    assert [b.text for b in corpus.blocks()] == ["记者在车间里看到，节能设备早已投入使用。", "会议讨论了产业及及应用场景。"]
