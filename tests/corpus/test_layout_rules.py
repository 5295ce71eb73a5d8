"""Layout repair on small files of the kinds real folders hold: Markdown documentation with
code, news with credits and traditional bylines, reviews, man pages, fortunes, poems, novels."""

import os
import subprocess
import sys
import time

from tanwen.corpus import BlockKind, load_corpus
from tanwen.corpus.figures import extract_block


def load_one(write_corpus, name, text):
    corpus = load_corpus(write_corpus({name: text}) / name)
    assert not corpus.problems, corpus.problems
    return corpus.articles[0]


def outline(article):
    return [(s.level, s.label) for s in article.walk()]


def kinds_and_texts(article):
    return [(b.kind, b.text) for b in article.blocks()]


# -- Markdown read as Markdown -----------------------------------------------------------

DOC = """# 第 2 章 Debian 软件包管理

安装软件包之前，先更新索引。

```sh
# apt-get update
# mkfs.ext4 /dev/md0
```

~~~
# aptitude search '~c'
~~~

    # 缩进的代码，增长15%
    echo hi

## 2.1 查询

- 第一项没有句号
- 第二项
  继续一行

| 命令 | 说明 |
|---|---|
| ls | 列出文件 |

> 引用的话
> 第二行

<!-- 注释：这里不是正文 -->
"""


def test_hash_inside_code_is_never_a_heading(write_corpus):
    article = load_one(write_corpus, "debian.md", DOC)
    assert article.title == "第 2 章 Debian 软件包管理"
    assert outline(article) == [(1, "第 2 章 Debian 软件包管理"), (2, "2.1 查询")]
    code = [b.text for b in article.blocks() if b.kind is BlockKind.CODE]
    # One block a line: a block's text never holds a newline.
    assert code == ["# apt-get update", "# mkfs.ext4 /dev/md0", "# aptitude search '~c'",
                    "# 缩进的代码，增长15%", "echo hi"]


def test_code_blocks_keep_their_lines_and_give_no_figures(write_corpus):
    article = load_one(write_corpus, "debian.md", DOC)
    block = next(b for b in article.blocks() if b.kind is BlockKind.CODE and "增长" in b.text)
    assert block.line_start == 14 and extract_block(block) == []
    body = next(b for b in article.blocks() if "更新索引" in b.text)
    assert body.kind is BlockKind.BODY


def test_code_and_the_blocks_after_it_are_found_by_search(write_corpus):
    from tanwen.search import SearchEngine

    corpus = load_corpus(write_corpus({"debian.md": DOC}))
    engine = SearchEngine(corpus)
    for query, expected in [("mkfs", "# mkfs.ext4 /dev/md0"), ("列出文件", "ls | 列出文件")]:
        assert [hit.text for hit in engine.search(query).hits] == [expected], query


def test_lists_tables_quotes_and_comments(write_corpus):
    article = load_one(write_corpus, "debian.md", DOC)
    section = list(article.walk())[1]
    assert [(b.kind, b.text) for b in section.blocks[1:]] == [
        (BlockKind.BODY, "- 第一项没有句号"),
        (BlockKind.BODY, "- 第二项继续一行"),
        (BlockKind.BODY, "命令 | 说明"),
        (BlockKind.BODY, "ls | 列出文件"),
        (BlockKind.BODY, "引用的话第二行"),
    ]
    assert not any("注释" in b.text for b in article.blocks())


def test_full_width_heading_marks_and_ideographic_spaces_make_headings(write_corpus):
    article = load_one(write_corpus, "wide.txt", "＃ 天津新闻\n\n正文。\n\n##　第一节\n\n内容。\n")
    assert outline(article) == [(1, "天津新闻"), (2, "第一节")]


def test_a_txt_file_indented_like_a_novel_is_prose_not_code(write_corpus):
    article = load_one(write_corpus, "novel.txt",
                       "    第一段，写得很长。\n\n    # 不是标题，只是缩进的文字。\n")
    assert kinds_and_texts(article) == [(BlockKind.BODY, "第一段，写得很长。"),
                                        (BlockKind.BODY, "# 不是标题，只是缩进的文字。")]


def test_chinese_prose_indented_in_markdown_is_a_paragraph_not_code(write_corpus):
    article = load_one(write_corpus, "guide.md", (
        "# 安装指南\n\n    这是一段用四个空格缩进的中文说明，其实是正文。\n\n```\n$ sudo apt install tanwen\n```\n"))
    assert kinds_and_texts(article)[1:] == [
        (BlockKind.BODY, "这是一段用四个空格缩进的中文说明，其实是正文。"),
        (BlockKind.CODE, "$ sudo apt install tanwen")]


def test_text_nested_deeper_than_the_parser_goes_is_kept(write_corpus):
    article = load_one(write_corpus, "deep.md", "前文。\n\n" + "> " * 100 + "深处的文字。\n\n后文。\n")
    texts = [b.text for b in article.blocks()]
    assert texts[0] == "前文。" and texts[-1] == "后文。"
    assert texts[1].endswith("深处的文字。") and len(texts) == 3


def test_markdown_inline_markup_is_not_shown(write_corpus):
    article = load_one(write_corpus, "a.md", ("正文有**重点**和[链接](http://x.cn)，还有`code`。\n\n"
                                              "| **命令** | 说明 |\n|---|---|\n| `ls` | 列出 |\n"))
    assert [b.text for b in article.blocks()] == ["正文有重点和链接，还有code。", "命令 | 说明", "ls | 列出"]


# -- credits, bylines, titles ---------------------------------------------------------------

def test_a_photo_credit_naming_a_reporter_is_a_credit_and_does_not_split_the_story(write_corpus):
    article = load_one(write_corpus, "news.txt", (
        "# 灾区重建\n\n第一段，重建工作进展顺利。\n\n（新华社记者刘前刚摄）\n\n"
        "第二段，群众住进新房。\n\n新华社记者刘前刚摄\n\n第三段。\n"))
    assert outline(article) == [(1, "灾区重建")]
    credits = [b.text for b in article.blocks() if b.kind is BlockKind.CREDIT]
    assert credits == ["（新华社记者刘前刚摄）", "新华社记者刘前刚摄"]
    assert not any(b.kind is BlockKind.BYLINE for b in article.blocks())


def test_a_byline_in_traditional_characters_is_a_byline(write_corpus):
    article = load_one(write_corpus, "big5.txt", (
        "# 南沙發展\n\n記者 黃志強\n廣州南沙今年前三季度，新增企業20餘家。\n"))
    assert kinds_and_texts(article)[1:] == [
        (BlockKind.BYLINE, "記者 黃志強"),
        (BlockKind.BODY, "廣州南沙今年前三季度，新增企業20餘家。"),
    ]


def test_a_short_line_under_a_title_is_a_subtitle_not_part_of_the_dateline(write_corpus):
    article = load_one(write_corpus, "1998.txt", (
        "江泽民致电灾区\n\n向灾区人民表示慰问\n\n"
        "新华社北京十二月三十一日电（记者张三）国家主席江泽民今天致电。\n"))
    assert article.title == "江泽民致电灾区"
    assert kinds_and_texts(article) == [
        (BlockKind.HEADING, "江泽民致电灾区"),
        (BlockKind.SUBTITLE, "向灾区人民表示慰问"),
        (BlockKind.BODY, "新华社北京十二月三十一日电（记者张三）国家主席江泽民今天致电。"),
    ]


def test_a_short_line_over_code_or_a_list_is_not_a_subtitle(write_corpus):
    article = load_one(write_corpus, "doc.md", "## 安装\n\n运行下面的命令\n\n```\nmake\n```\n\n## 用法\n\n有两种用法\n\n- 甲\n- 乙\n")
    assert [b.kind for b in article.blocks() if b.text in ("运行下面的命令", "有两种用法")] == [
        BlockKind.BODY, BlockKind.BODY]


def test_a_title_and_subtitle_on_the_lines_right_above_the_text(write_corpus):
    article = load_one(write_corpus, "1998.txt", (
        "江泽民致电灾区\n向灾区人民表示慰问\n"
        "新华社北京十二月三十一日电（记者张三）国家主席江泽民今天致电，向灾区人民表示慰问。\n"))
    assert article.title == "江泽民致电灾区"
    assert [b.kind for b in article.blocks()] == [BlockKind.HEADING, BlockKind.SUBTITLE, BlockKind.BODY]


def test_a_1998_style_article_indented_with_ideographic_spaces(write_corpus):
    article = load_one(write_corpus, "rmrb.txt", (
        "迈向充满希望的新世纪\n——一九九八年新年讲话\n中华人民共和国主席　江泽民\n"
        "　　同胞们，朋友们：\n　　在一九九八年来临之际，我十分高兴地向全国各族人民\n致以诚挚的问候！\n"
        "　　１９９７年，中国发生了几件大事。\n"))
    assert article.title == "迈向充满希望的新世纪"
    assert kinds_and_texts(article) == [
        (BlockKind.HEADING, "迈向充满希望的新世纪"),
        (BlockKind.SUBTITLE, "——一九九八年新年讲话"),
        (BlockKind.BODY, "中华人民共和国主席　江泽民"),
        (BlockKind.BODY, "同胞们，朋友们："),
        (BlockKind.BODY, "在一九九八年来临之际，我十分高兴地向全国各族人民致以诚挚的问候！"),
        (BlockKind.BODY, "１９９７年，中国发生了几件大事。"),
    ]


def test_a_file_without_headings_takes_its_title_from_a_first_line_that_reads_as_one(write_corpus):
    titled = load_one(write_corpus, "a.txt", "南沙新区迎来新机遇\n\n今年以来，南沙新区引进项目三十个。\n")
    assert titled.title == "南沙新区迎来新机遇"
    untitled = load_one(write_corpus, "b.txt", "今年以来，南沙新区引进项目三十个。\n\n又一段。\n")
    assert untitled.title == "b"


def test_an_author_line_under_a_title_belongs_to_the_poem_below(write_corpus):
    article = load_one(write_corpus, "poems.txt", (
        "静夜思\n作者：李白\n\n床前明月光，\n疑是地上霜。\n\n"
        "春晓\n作者：孟浩然\n\n春眠不觉晓，\n处处闻啼鸟。\n"))
    assert article.title == "静夜思"
    poems = {s.label: (s.byline, [b.text for b in s.blocks if b.kind is BlockKind.BODY])
             for s in article.walk()}
    assert poems == {"静夜思": ("作者：李白", ["床前明月光，疑是地上霜。"]),
                     "春晓": ("作者：孟浩然", ["春眠不觉晓，处处闻啼鸟。"])}


def test_an_author_line_under_a_deeper_heading_stays_with_it(write_corpus):
    article = load_one(write_corpus, "a.md", (
        "# 诗选\n\n导言。\n\n### 静夜思\n\n作者：李白\n\n床前明月光。\n"))
    assert outline(article) == [(1, "诗选"), (2, "静夜思")]
    assert list(article.walk())[1].byline == "作者：李白"


def test_sections_under_a_title_are_its_children_with_bullets_as_with_a_byline(write_corpus):
    body = "\n\n正文第一段。\n\n## 第一节\n\n内容。\n\n## 第二节\n\n内容。\n"
    with_bullets = load_one(write_corpus, "a.md", "# 总标题\n\n● 要点一。\n\n● 要点二。" + body)
    with_byline = load_one(write_corpus, "b.md", "# 总标题\n\n记者 张三" + body)
    expected = [(1, "总标题"), (2, "第一节"), (2, "第二节")]
    assert outline(with_bullets) == expected
    assert outline(with_byline) == expected
    assert [b.kind for b in with_bullets.sections[0].blocks][:3] == [
        BlockKind.HEADING, BlockKind.SUMMARY, BlockKind.SUMMARY]


# -- joining paragraphs ---------------------------------------------------------------------

def test_short_reviews_without_punctuation_are_not_glued_together(write_corpus):
    article = load_one(write_corpus, "reviews.txt",
                       "房间干净，早餐尚可\n\n以前去过一次，服务一般\n\n位置好找\n")
    assert [b.text for b in article.blocks()] == [
        "房间干净，早餐尚可", "以前去过一次，服务一般", "位置好找"]


def test_characters_that_make_a_word_across_a_gap_by_chance_do_not_join(write_corpus):
    # 也大 + 为 reads 大为, 170家 + 相 reads 家相, 支持下 + 促 reads 下促: none is a cut word.
    pairs = [("污染物排放也大", "为进一步加强科技创新。"), ("机构超过170家", "相比较而言，规模更大。"),
             ("在综保区政策支持下", "促协同创新提质增效。")]
    for before, after in pairs:
        article = load_one(write_corpus, "pair.txt", f"{before}\n\n{after}\n")
        assert [b.text for b in article.blocks()] == [before, after]


def test_options_list_items_and_separators_are_never_joined(write_corpus):
    man = load_one(write_corpus, "ls.txt", (
        "名称\n\n       -a, --all\n              不要忽略以 . 开头的项目\n\n"
        "       -A, --almost-all\n              不列出隐含的 . 和 ..\n"))
    assert [b.text for b in man.blocks()][-2:] == [
        "-a, --all 不要忽略以 . 开头的项目", "-A, --almost-all 不列出隐含的 . 和 .."]
    fortunes = load_one(write_corpus, "fortunes.txt", "第一条格言没有句号\n%\n第二条也没有\n%\n第三条\n")
    assert [b.text for b in fortunes.blocks()] == ["第一条格言没有句号", "第二条也没有", "第三条"]
    items = load_one(write_corpus, "list.md", "- 第一项\n\n- 第二项\n\n后面的段落\n")
    assert [b.text for b in items.blocks()] == ["- 第一项", "- 第二项", "后面的段落"]


def test_a_paragraph_cut_inside_a_word_or_a_bracket_is_joined(write_corpus):
    article = load_one(write_corpus, "cut.txt", (
        "车间里，节能设备早\n\n已投入使用。\n\n出台《天津市人工智能赋\n\n能新型工业化实施方案》。\n\n"
        "对接本地中试平台\n\n及应用场景。\n\n石化及冶金两大\n\n产业，规模大。\n"))
    assert [b.text for b in article.blocks()] == [
        "车间里，节能设备早已投入使用。", "出台《天津市人工智能赋能新型工业化实施方案》。",
        "对接本地中试平台及应用场景。", "石化及冶金两大产业，规模大。"]
    assert all(b.joined for b in article.blocks())


def test_the_users_dictionary_does_not_change_how_a_file_is_laid_out(write_corpus, tmp_path):
    # With 设备早 a word of the user's, the gap no longer splits a word to the segmenter
    # search uses; layout must not follow it, or the index and the app disagree on blocks.
    root = write_corpus({"cut.txt": "车间里，节能设备早\n\n已投入使用。\n"})
    userdict = tmp_path / "userdict.txt"
    userdict.write_text("设备早 99999\n", encoding="utf-8")
    code = ("import sys\nfrom tanwen.search.analyzer import word_counts\n"
            "from tanwen.corpus import load_corpus\n"
            "word_counts('车间里')\n"       # search loads the user's words first
            "print([b.text for b in load_corpus(sys.argv[1]).blocks()])\n")
    env = {**os.environ, "TANWEN_USERDICT": str(userdict)}
    shown = subprocess.run([sys.executable, "-P", "-c", code, str(root)], env=env,
                           capture_output=True, text=True, check=True).stdout
    assert shown.strip() == str(["车间里，节能设备早已投入使用。"])


def test_no_block_is_longer_than_a_few_thousand_characters_without_a_reason(write_corpus):
    line = "这一行没有结束的标点所以会和下一行连在一起"
    article = load_one(write_corpus, "long.txt", "\n\n".join([line] * 2000) + "\n\n" + "\n".join([line] * 2000))
    assert max(len(b.text) for b in article.blocks()) <= 6100
    one_line = "这是一个句子，它有结束的标点。" * 2000
    article = load_one(write_corpus, "line.txt", "标题行之前的文字。\n\n" + one_line + "\n")
    blocks = list(article.blocks())
    assert "".join(b.text for b in blocks[1:]) == one_line
    assert max(len(b.text) for b in blocks) <= 6100
    assert all(b.line_start == b.line_end == 3 and b.text.endswith("。") for b in blocks[1:])


# -- novel-style text, loading time ---------------------------------------------------------

def test_novel_style_text_with_single_newlines_is_split_into_paragraphs(write_corpus):
    text = "".join(f"第{n}段话写完了，人物走进房间。\n" for n in range(1, 201))
    article = load_one(write_corpus, "novel.txt", text)
    blocks = list(article.blocks())
    assert len(blocks) == 200
    assert blocks[41].text == "第42段话写完了，人物走进房间。" and blocks[41].line_start == 42
    indented = load_one(write_corpus, "indent.txt", "  他说：\n  “走吧。”\n  我们就走了。\n")
    assert [b.text for b in indented.blocks()] == ["他说：“走吧。”", "我们就走了。"]
    ideographic = load_one(write_corpus, "cn.txt", "　　他说：\n　　“走吧。”\n　　我们就走了\n")
    assert [b.text for b in ideographic.blocks()] == ["他说：", "“走吧。”", "我们就走了"]


def test_chapter_lines_of_a_novel_are_its_sections(write_corpus):
    article = load_one(write_corpus, "novel.txt", (
        "第一章 出发\n他推开门，看见窗外的雨。\n街上的人渐渐多了起来。\n她笑了。\n"
        "第二章 归来\n三年后，他回到这里。\n一切都变了。\n"))
    assert article.title == "novel"
    assert [(s.label, [b.text for b in s.blocks[1:]]) for s in article.walk()] == [
        ("第一章 出发", ["他推开门，看见窗外的雨。", "街上的人渐渐多了起来。", "她笑了。"]),
        ("第二章 归来", ["三年后，他回到这里。", "一切都变了。"]),
    ]


def _load_seconds(folder, runs) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        load_corpus(folder)
        best = min(best, time.perf_counter() - started)
    return best


def test_loading_a_paragraph_without_blank_lines_takes_time_linear_in_its_size(tmp_path):
    line = "天津发展新质生产力取得新进展，科技创新与产业创新融合发展\n"
    lines_per_mb = 1_000_000 // len(line.encode())
    small, large = tmp_path / "small", tmp_path / "large"
    small.mkdir(), large.mkdir()
    (small / "a.txt").write_text(line * (lines_per_mb // 2), encoding="utf-8")
    (large / "a.txt").write_text(line * lines_per_mb * 8, encoding="utf-8")
    ratio = _load_seconds(large, 2) / _load_seconds(small, 3)
    # 16× the lines: linear work takes ~16× as long, quadratic work (as before: 8 MB took
    # ~10 s) over 100×. The bound leaves room for a busy machine.
    assert ratio < 48, ratio


SAMPLES = {
    "rmrb.txt": "迈向充满希望的新世纪\n——一九九八年新年讲话\n中华人民共和国主席　江泽民\n"
                "　　同胞们，朋友们：\n　　在一九九八年来临之际，我十分高兴\n地向全国人民致以问候！\n",
    "poems.txt": "静夜思\n作者：李白\n\n床前明月光，\n疑是地上霜。\n\n春晓\n作者：孟浩然\n\n春眠不觉晓。\n",
    "man.txt": "名称\n\n       -a, --all\n              不要忽略\n\n       -A, --almost-all\n              不列出\n",
    "novel.txt": "第一章 出发\n他推开门。\n街上的人多了。\n她笑了。\n" + "这是一个句子，它有结束的标点。" * 900 + "\n",
    "news.txt": "# 灾区\n\n记者 张三\n第一段，进展顺利\n\n（新华社记者刘前刚摄）\n\n节能设备早\n\n已投入使用。\n",
}


def test_every_source_line_with_text_is_in_exactly_one_block(write_corpus):
    root = write_corpus(SAMPLES)
    for article in load_corpus(root).articles:
        covered = {}
        for block in article.blocks():
            for _, line in block.pieces:
                covered.setdefault(line, set()).add(block.id)
        lines = SAMPLES[article.source].split("\n")
        for number, line in enumerate(lines, start=1):
            if line.strip():
                assert number in covered, (article.source, number, line[:20])
        # A long line may be cut into several blocks; any other line is in one.
        assert all(len(ids) == 1 or len(lines[line - 1]) > 6000 for line, ids in covered.items()), article.source


def test_plain_text_read_without_the_parser_gives_what_the_parser_gives():
    from tanwen.corpus import markdown

    def shape(found):
        return [(r.kind, [(line.number, line.text.strip(" \t\u3000"), line.hard_break) for line in r.lines])
                for r in found]

    for text in [*SAMPLES.values(), "甲\n\n  \n 乙  \n丙\n\u3000\n丁\n", "　　甲。\n　　乙。\n\n\n丙", "", "\n\n"]:
        lines = text.split("\n")
        parsed = []
        for token in markdown._parser(False).parse(text):
            if token.type == "inline":
                start = token.map[0]
                parsed.append(markdown.Region("paragraph", [
                    markdown.Line(start + 1 + k, content, lines[start + k].endswith("  "))
                    for k, content in enumerate(token.content.split("\n"))]))
        if markdown._MARKUP_LINE.search(text) is None:
            assert shape(markdown.regions(text, False)) == shape(parsed), text
