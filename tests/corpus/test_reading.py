"""Any folder of .md/.txt articles loads; bad files are reported by name and skipped."""

import os

import pytest

from tanwen.corpus import BlockKind, CorpusError, load_corpus

ARTICLE = "# 标题\n\n天津发展新质生产力，研发投入强度达到3.44%。\n"


def texts(corpus):
    return [b.text for b in corpus.blocks()]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"])
def test_encodings(write_corpus, encoding):
    root = write_corpus({"a.txt": ARTICLE.encode(encoding)})
    corpus = load_corpus(root)
    assert corpus.problems == []
    assert "天津发展新质生产力，研发投入强度达到3.44%。" in texts(corpus)
    assert corpus.articles[0].encoding == {"gbk": "gb18030"}.get(encoding, encoding)


def test_gb18030_traditional_text(write_corpus):
    root = write_corpus({"t.md": "# 創新\n\n臺灣與天津的產業合作。\n".encode("gb18030")})
    corpus = load_corpus(root)
    assert corpus.articles[0].encoding == "gb18030"
    assert texts(corpus)[-1] == "臺灣與天津的產業合作。"


def test_bad_files_are_reported_and_the_rest_load(write_corpus, tmp_path):
    root = write_corpus({
        "good.md": ARTICLE,
        "binary.txt": bytes(range(256)) * 4,
        "latin1.txt": "café crème brûlée, très bien".encode("latin-1"),
        "broken-bom.txt": b"\xef\xbb\xbf" + "好".encode("utf-8") + b"\xff\xfe\xfa",
        "empty.md": "",
        "notes.pdf": b"%PDF-1.4",          # not an article suffix: ignored silently
    })
    locked = root / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        corpus = load_corpus(root)
    finally:
        locked.chmod(0o644)
    assert [a.source for a in corpus.articles][0] == "good.md"
    problems = {p.source: p.reason for p in corpus.problems}
    assert problems["binary.txt"].startswith("binary file")
    assert "not UTF-8" in problems["latin1.txt"]
    assert "invalid utf-8-sig" in problems["broken-bom.txt"]
    assert problems["empty.md"] == "empty file"
    if os.geteuid() != 0:   # root reads anything
        assert problems["locked.txt"] == "permission denied"
    assert "notes.pdf" not in problems


def test_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no .md or .txt files"):
        load_corpus(tmp_path / "empty")


def test_missing_folder_says_so(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        load_corpus(tmp_path / "nope")


def test_a_single_file_and_nested_folders(write_corpus):
    root = write_corpus({"2024/a.md": ARTICLE, "2025/b.txt": ARTICLE})
    corpus = load_corpus(root)
    assert [a.source for a in corpus.articles] == ["2024/a.md", "2025/b.txt"]
    assert len({a.id for a in corpus.articles}) == 2
    single = load_corpus(root / "2024" / "a.md")
    assert [a.source for a in single.articles] == ["a.md"]


def test_control_and_escape_characters_are_stripped(write_corpus):
    root = write_corpus({"x.md": "正文\x1b[31m红色\x1b[0m，\x07响铃\x1b]52;c;aGk=\x07结束。\r\n"})
    assert texts(load_corpus(root)) == ["正文红色，响铃结束。"]


def test_markup_like_text_is_kept_literally(write_corpus):
    root = write_corpus({"m.md": "[bold]粗体[/bold] [@click=app.quit]退出[/]\n"})
    assert texts(load_corpus(root)) == ["[bold]粗体[/bold] [@click=app.quit]退出[/]"]


def test_plain_text_without_headings_is_one_lead_section(write_corpus):
    root = write_corpus({"p.txt": "第一段。\n\n第二段，\n接着写。\n"})
    corpus = load_corpus(root)
    [section] = list(corpus.sections())
    assert section.heading is None and section.label == "第一段。"
    assert [b.text for b in section.blocks] == ["第一段。", "第二段，接着写。"]


def test_latin_lines_are_joined_with_a_space(write_corpus):
    root = write_corpus({"e.md": "Tianjin is\na port city.\n"})
    assert texts(load_corpus(root)) == ["Tianjin is a port city."]


def test_metadata_file_is_optional_and_a_broken_one_is_reported(write_corpus):
    root = write_corpus({"a.md": ARTICLE, "meta.json": "{broken"})
    corpus = load_corpus(root)
    assert corpus.articles and corpus.problems[0].source == "meta.json"


def test_heading_levels_nest_and_lists_split(write_corpus):
    root = write_corpus({"n.md": "# 一\n\n## 二\n\n正文。\n\n- 甲\n- 乙\n\n### 三\n\n正文。\n\n## 四\n"})
    corpus = load_corpus(root)
    assert [(s.level, s.label) for s in corpus.sections()] == [(1, "一"), (2, "二"), (3, "三"), (2, "四")]
    second = corpus.find_section(corpus.articles[0].id + ":1.1")
    assert [b.text for b in second.blocks if b.kind is BlockKind.BODY] == ["正文。", "- 甲", "- 乙"]


def test_yaml_front_matter_gives_the_title_and_is_not_text(write_corpus):
    root = write_corpus({"f.md": "---\ntitle: \"我的标题\"\ndate: 2025-01-01\n---\n\n正文第一段。\n"})
    corpus = load_corpus(root)
    [article] = corpus.articles
    assert article.title == "我的标题"
    [block] = list(corpus.blocks())
    assert block.text == "正文第一段。" and block.line_start == 6


def test_clean_drops_every_escape_and_control_character_and_keeps_plain_text():
    from tanwen.corpus.reading import clean

    assert clean("天津\x1b[31m红\x1b[0m\x1b]0;title\x07\u202e字\u200b\r\n下\tx") == "天津红字\n下    x"
    assert clean("普通的文字 [1] ]P^_X") == "普通的文字 [1] ]P^_X"
