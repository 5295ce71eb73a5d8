"""The repaired structure of the two built-in articles, as a reader should see it."""

from tanwen.corpus import BlockKind, SectionRole


def article(builtin, prefix):
    return next(a for a in builtin.articles if a.source.startswith(prefix))


def outline(art):
    return [(s.level, s.role.value, s.label) for s in art.walk()]


def find_block(art, needle):
    matches = [b for b in art.blocks() if needle in b.text]
    assert len(matches) == 1, (needle, [b.id for b in matches])
    return matches[0]


def test_liaowang_title_comes_from_the_inserted_box(builtin):
    a = article(builtin, "000")
    assert a.title == "在发展新质生产力上勇争先、善作为"
    assert a.meta.publication == "《瞭望》新闻周刊" and a.meta.issue == "2025年第45期"


def test_liaowang_outline(builtin):
    a = article(builtin, "000")
    assert outline(a) == [
        (1, "box", "《瞭望》2025年第45期“治国理政纪事”专栏刊文报道天津于新时代科创浪潮中勇立潮头—— 在发展新质生产力上勇争先、善作为"),
        (1, "lead", "漕运行船的桨声,在《潞河督运…"),
        (1, "section", "善为科技创新与产业创新融合 争技术革命性突破之先"),
        (1, "section", "善为京津冀同城发展 争生产要素创新性配置之先"),
    ]


def test_the_box_holds_summary_photos_and_credit_not_the_rest_of_the_text(builtin):
    box = article(builtin, "000").sections[0]
    assert box.role is SectionRole.BOX
    kinds = [b.kind for b in box.blocks]
    assert kinds.count(BlockKind.SUMMARY) == 4
    assert kinds.count(BlockKind.IMAGE) == 5
    assert kinds.count(BlockKind.CAPTION) == 5
    assert kinds.count(BlockKind.CREDIT) == 1
    assert BlockKind.BODY not in kinds
    assert box.blocks[0].kind is BlockKind.TITLE
    assert [b.text for b in box.blocks if b.kind is BlockKind.CAPTION][0].startswith("1. 智能水平运输机器人")
    assert [b.text for b in box.blocks if b.kind is BlockKind.CREDIT] == ["赵子硕 孙凡越 摄/《瞭望》新闻周刊"]


def test_the_paragraph_interrupted_by_the_box_is_whole_again(builtin):
    block = find_block(article(builtin, "000"), "协助对接本地中试平台")
    assert "协助对接本地中试平台及应用场景,加速科技成果落地" in block.text
    assert block.joined and block.kind is BlockKind.BODY
    assert block.line_start == 51 and block.line_end == 93
    assert block.line_at(block.text.index("及应用场景")) == 93


def test_the_four_paragraphs_broken_by_a_blank_line_are_joined(builtin):
    a = article(builtin, "000")
    for whole in ["石化及冶金两大产业,规模大", "节能设备早已投入使用",
                  "《天津市人工智能赋能新型工业化实施方案》", "脑机交互与人机共融海河实验室"]:
        block = find_block(a, whole)
        assert block.joined, whole
    joined = [b for b in a.blocks() if b.joined]
    assert len(joined) == 5   # the four above and the one around the box


def test_nothing_else_is_joined(builtin):
    for a in builtin.articles:
        for block in a.blocks():
            if block.joined:
                assert any(s in block.text for s in ["中试平台及应用场景", "两大产业", "设备早已", "赋能新型", "人机共融"])


def test_liaowang_kinds(builtin):
    a = article(builtin, "000")
    lead = a.sections[1]
    assert lead.blocks[0].kind is BlockKind.BYLINE and lead.blocks[0].text == "■《瞭望》新闻周刊记者"
    # Half-width punctuation of the file is kept as displayed text.
    assert "漕运行船的桨声,在《潞河督运图》里回荡。" in lead.blocks[1].text
    # The text ends mid-sentence; it stays as it is.
    assert list(a.blocks())[-1].text.endswith("超过86项重点")


def test_special_edition_outline(builtin):
    a = article(builtin, "001")
    assert a.title == "创新天津 动能澎湃 · 开放天津 敢为人先"
    assert outline(a) == [
        (1, "section", "创新天津 动能澎湃"),
        (2, "story", "牢记嘱托 善作善成"),
        (3, "section", "天开实践 打造新质生产力策源地"),
        (3, "section", "整体跃升 全市科技创新量质齐升"),
        (3, "section", "产研协同 架起成果转化金色桥梁"),
        (2, "story", "近年来，塑料污染已成为全球性…"),
        (2, "story", "逆势走强 激活「中国智造」"),
        (2, "story", "中欧班列 畅行「钢铁丝路」"),
        (2, "story", "创新引领 行业首单频现"),
        (1, "story", "开放天津 敢为人先"),
        (2, "section", "改革前沿再起新风"),
        (2, "section", "开放高地连接全球"),
        (2, "section", "世界舞台共享机遇"),
    ]


def test_special_edition_bylines_close_their_stories(builtin):
    a = article(builtin, "001")
    bylines = {s.label: s.byline for s in a.walk() if s.byline}
    assert bylines == {
        "牢记嘱托 善作善成": "记者 胡晓伟",
        "近年来，塑料污染已成为全球性…": "记者 胡晓伟",
        "逆势走强 激活「中国智造」": "记者 岳付玉",
        "中欧班列 畅行「钢铁丝路」": "记者 马晓冬",
        "创新引领 行业首单频现": "记者 岳付玉",
        "开放天津 敢为人先": "记者 马晓冬",
    }


def test_special_edition_captions_credit_subtitles(builtin):
    a = article(builtin, "001")
    captions = [b.text for b in a.blocks() if b.kind is BlockKind.CAPTION]
    assert len(captions) == 4 and all(c[:2] in ("左图", "右图") for c in captions)
    assert [b.text for b in a.blocks() if b.kind is BlockKind.CREDIT] == ["本版摄影 胡凌云 潘立峰 张磊 吴迪"]
    assert [b.text for b in a.blocks() if b.kind is BlockKind.SUBTITLE] == [
        "——在发展新质生产力上善作善成", "——在进一步全面深化改革开放上善作善成"]
    # Captions after the last story's byline with no text of their own stay with that story.
    freight = next(s for s in a.walk() if s.label.startswith("中欧班列"))
    assert [b.kind for b in freight.blocks][-2:] == [BlockKind.CAPTION, BlockKind.CAPTION]


def test_hard_line_breaks_separate_paragraphs_and_fullwidth_punctuation_is_kept(builtin):
    a = article(builtin, "001")
    story = next(s for s in a.walk() if s.label == "牢记嘱托 善作善成")
    assert story.blocks[1].text == "风劲帆满海天阔，奋楫潮头逐浪高。"
    assert story.blocks[2].text.startswith("当新质生产力的浪潮奔涌而来，")


def test_ids_are_stable_and_unique(builtin):
    from tanwen.corpus import load_corpus

    again = load_corpus()
    ids = [b.id for b in builtin.blocks()]
    assert ids == [b.id for b in again.blocks()]
    assert len(ids) == len(set(ids))
    assert builtin.find_section("001:1.1.2").label == "整体跃升 全市科技创新量质齐升"
    assert builtin.block("001_2a79924027f6625f:1.1.2/1").kind is BlockKind.HEADING


def test_every_source_line_with_text_is_in_exactly_one_block(builtin):
    for a in builtin.articles:
        lines = a.path.read_text(encoding="utf-8").split("\n")
        covered = {}
        for block in a.blocks():
            for _, line in block.pieces:
                assert line not in covered, (line, block.id, covered.get(line))
                covered[line] = block.id
        for number, line in enumerate(lines, start=1):
            if line.strip():
                assert number in covered, (a.source, number, line[:20])
