"""Corpus views (concordance, dispersion, collocates, word lists, key terms, figure table),
checked against brute-force scans of the real corpus with the real segmenter and matcher."""

import shutil

import pytest
import rjieba

from tanwen.corpus import load_corpus
from tanwen.corpus.figure_table import filter_figures, group_by_metric, sort_figures
from tanwen.corpus.figures import figures_of_corpus
from tanwen.corpus.loader import builtin_root
from tanwen.corpus.normalize import fold
from tanwen.search.analyzer import is_indexed_word
from tanwen.search.engine import SearchEngine
from tanwen.search.views.occurrences import find_occurrences
from tanwen.search.views.collocates import collocates, window_counts
from tanwen.search.views.concordance import Concordance, aligned, fit_left, fit_right
from tanwen.search.views.dispersion import dispersion, dispersion_bar as bar
from tanwen.search.views.terms import key_terms, word_list

FUNCTION_WORDS = {"的", "了", "在", "是", "和", "与", "及", "等", "为", "对", "将", "也", "都",
                  "从", "把", "被", "我们", "这", "其", "以", "并", "中", "上", "一个"}
TIANKAI = "001_2a79924027f6625f:1.1.1"
CHINA_EUROPE = "001_2a79924027f6625f:1.4"


@pytest.fixture(scope="module")
def engine(builtin):
    return SearchEngine(builtin)


def brute_force(corpus, needle: str, width: int):
    """(block id, start, left, match, right) of every occurrence, in reading order."""
    found = []
    for block in corpus.blocks():
        at = block.folded.find(needle)
        while at != -1:
            end = at + len(needle)
            found.append((block.id, at, block.text[max(0, at - width):at], block.text[at:end],
                          block.text[end:end + width]))
            at = block.folded.find(needle, end)
    return found


def lines(concordance):
    return [(line.block_id, line.start, line.left, line.match, line.right) for line in concordance]


@pytest.mark.parametrize("query", ["天开园", "创新", "的", "R&D"])
def test_kwic_lines_equal_a_brute_force_scan_in_every_sort(builtin, engine, query):
    truth = brute_force(builtin, fold(query), 12)
    assert truth
    kwic = Concordance(find_occurrences(engine, query), width=12)
    assert lines(kwic) == truth                           # position: reading order
    position = {entry[:2]: index for index, entry in enumerate(truth)}
    kwic.sort("right")
    assert lines(kwic) == sorted(truth, key=lambda t: (t[4], t[3], position[t[:2]]))
    kwic.sort("left")
    assert lines(kwic) == sorted(truth, key=lambda t: (t[2][::-1], t[3], position[t[:2]]))
    kwic.sort("article")
    source = {block.id: block.section.article.source for block in builtin.blocks()}
    assert lines(kwic) == sorted(truth, key=lambda t: (source[t[0]], t[4], position[t[:2]]))


def test_kwic_context_stays_in_its_block_and_folds_like_search(write_corpus):
    root = write_corpus({"a.md": "# 標題\n\n創新驅動，R&D投入。\n\n第二段创新"})
    engine = SearchEngine(load_corpus(root))
    kwic = Concordance(find_occurrences(engine, "创新"), width=5)
    assert [(line.left, line.match, line.right) for line in kwic] == [
        ("", "創新", "驅動，R&"), ("第二段", "创新", "")]


def test_cell_fitting_aligns_wide_and_half_width_text():
    assert fit_left("R&D经费", 6) == "&D经费"       # 经 and 费 are two cells each; & and D one
    assert fit_left("R&D经费", 4) == "经费" and fit_left("R&D经费", 5) == "D经费"
    assert fit_left("经费", 3) == " 费"             # a wide character that does not fit: a space
    assert fit_right("科技R&D", 7) == "科技R&D"
    assert fit_right("科技", 3) == "科 "
    from rich.cells import cell_len

    for left, right in [("R&D经费，", "天开园"), ("ＡＩ", "5.3%增长")]:
        columns = aligned(type("L", (), {"left": left, "match": "创新", "right": right})(), 9, 4, 9)
        assert [cell_len(c) for c in columns] == [9, 4, 9]


def test_dispersion_counts_equal_the_search_section_counts(builtin, engine):
    results = engine.search("创新", limit=None)
    found = find_occurrences(engine, "创新")
    sections = dispersion(found, "section")
    assert {row.key: row.count for row in sections} == results.section_counts
    articles = dispersion(found, "article")
    assert [row.key for row in articles] == [article.id for article in builtin.articles]
    for row, article in zip(articles, builtin.articles):
        text = [block.folded for block in article.blocks()]
        assert row.count == sum(t.count("创新") for t in text)
        assert row.chars == sum(map(len, text))
        assert len(row.positions) == row.count and all(0 <= p <= 1 for p in row.positions)
        assert row.per_10k == pytest.approx(row.count * 10_000 / row.chars)


def test_dispersion_bar_marks_where_occurrences_fall():
    assert bar([0.0, 0.99], 10) == "▂········▂"
    assert bar([0.5, 0.51, 0.52], 4) == "··▆·"
    assert bar([], 3) == "···"


def brute_force_windows(corpus, needle: str, window: int):
    """Co-occurrence counts from the fully segmented text of every block."""
    from collections import Counter

    counts = Counter()
    for block in corpus.blocks():
        tokens, offset = [], 0
        for token in rjieba.cut(block.folded):
            tokens.append((token, offset, offset + len(token)))
            offset += len(token)
        tokens = [t for t in tokens if is_indexed_word(t[0])]
        at = block.folded.find(needle)
        while at != -1:
            end = at + len(needle)
            node = [i for i, (_, s, e) in enumerate(tokens) if s < end and e > at]
            if node:
                for token, _, _ in tokens[max(0, node[0] - window):node[0]] + tokens[node[-1] + 1:node[-1] + 1 + window]:
                    counts[token] += 1
            at = block.folded.find(needle, end)
    return counts


@pytest.mark.parametrize("query,window", [("创新", 5), ("天津", 2), ("天开园", 3)])
def test_collocate_counts_equal_a_brute_force_window_count(builtin, engine, query, window):
    together, _, _ = window_counts(find_occurrences(engine, query), window)
    assert together == brute_force_windows(builtin, query, window)
    rows = collocates(find_occurrences(engine, query), window=window, min_freq=3)
    assert rows and all(row.together >= 3 for row in rows)
    assert all(row.together == together[row.word] for row in rows)
    by_mi = collocates(find_occurrences(engine, query), window=window, measure="mi")
    assert [row.mi for row in by_mi] == sorted((row.mi for row in by_mi), reverse=True)


def test_collocates_of_innovation_are_led_by_technology(engine):
    rows = collocates(find_occurrences(engine, "创新"), measure="ll", limit=5)
    assert rows[0].word == "科技"          # 科技创新: 26 of 科技's 29 occurrences


def section_texts(corpus, section_id):
    return [block.folded for block in corpus.section(section_id).all_blocks()]


def test_key_terms_name_what_a_section_is_about(builtin, engine):
    tiankai = [row.term for row in key_terms(section_texts(builtin, TIANKAI), engine.tables())]
    assert "天开园" in tiankai
    story = [row.term for row in key_terms(section_texts(builtin, CHINA_EUROPE), engine.tables())]
    assert "中欧班列" in story[:5]
    assert not FUNCTION_WORDS & (set(tiankai) | set(story))


def test_key_terms_of_a_one_article_corpus_use_the_dictionary(tmp_path):
    shutil.copy(builtin_root() / "001_2a79924027f6625f.txt", tmp_path / "only.txt")
    corpus = load_corpus(tmp_path)
    engine = SearchEngine(corpus)
    story = next(s for s in corpus.sections() if s.id.endswith(":1.4"))
    rows = key_terms([b.folded for b in story.all_blocks()], engine.tables())
    terms = [row.term for row in rows]
    assert "中欧班列" in terms and not FUNCTION_WORDS & set(terms)
    assert all(row.log_ratio > 0 and row.ll >= 3.84 for row in rows)


def test_word_list_counts_words_not_punctuation_or_numbers(builtin, engine):
    rows = word_list(None, engine.tables(), pos=True, limit=None)
    counts = {row.term: row.count for row in rows}
    assert counts["天津"] == sum(rjieba.cut(b.folded).count("天津") for b in builtin.blocks())
    assert not any(not is_indexed_word(term) for term in counts)
    assert "，" not in counts and "2024" not in counts
    assert rows[0].count >= rows[-1].count and dict((r.term, r.tag) for r in rows)["天津"] == "ns"
    section = word_list(section_texts(builtin, TIANKAI), engine.tables(), limit=3)
    assert section[0].count >= section[1].count


def test_figure_table_sorts_money_by_normalised_value(builtin):
    figures = figures_of_corpus(builtin)
    money = [f for f in sort_figures(figures, "value") if f.kind == "money" and f.unit == "元"]
    values = [f.value for f in money if f.value is not None]
    assert values == sorted(values, reverse=True)
    texts = [f.text for f in money]
    assert texts.index("超2.3万亿元") < texts.index("2821亿元")   # 2.3e12 > 2.821e11
    assert sort_figures(figures, "position") == figures
    percent = filter_figures(figures, kind="percent", text="R&D")
    assert percent and all(f.kind == "percent" and "r&d" in fold(f.metric or f.text) for f in percent)
    groups = group_by_metric(figures)
    assert len(groups[0][1]) >= len(groups[1][1]) > 1
    assert sum(len(group) for _, group in groups) == len(figures)


def test_kwic_of_a_query_of_two_terms_has_a_line_per_span_of_either(builtin, engine):
    truth = []
    for block in builtin.blocks():
        if "天开园" in block.folded and "天津" in block.folded:
            spans = sorted(brute_force_spans(block.folded, "天开园") + brute_force_spans(block.folded, "天津"))
            truth += [(block.id, start, block.text[start:end]) for start, end in spans]
    kwic = Concordance(find_occurrences(engine, "天开园 天津"), width=5)
    assert truth and [(line.block_id, line.start, line.match) for line in kwic] == truth


def brute_force_spans(text: str, needle: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(needle)
    while at != -1:
        spans.append((at, at + len(needle)))
        at = text.find(needle, at + len(needle))
    return spans


def test_word_arrays_read_back_from_the_cache_equal_a_fresh_segmentation(tmp_path, monkeypatch, builtin):
    from tanwen.search.doctable import DocTable
    from tanwen.search.views import tokens

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path))
    fresh = tokens._cached(DocTable.from_articles(builtin.articles))
    files = list((tmp_path / "words").glob("*.npz"))
    assert len(files) == 1
    for damage in (None, b"PK\x03\x04 truncated", b"not an archive"):
        if damage is not None:
            files[0].write_bytes(damage)
        again = tokens._cached(DocTable.from_articles(builtin.articles))
        assert again.vocab == fresh.vocab and "\n" in again.vocab      # any character survives
        for name in ("ids", "starts", "ends", "docs", "counts"):
            assert (getattr(again, name) == getattr(fresh, name)).all(), name


def test_log_likelihood_is_dunnings_g2():
    import math

    import numpy as np

    from tanwen.search.views.collocates import log_likelihood

    o11, r1, c1, n = 10, 100, 20, 1000
    cells = [(10, 100, 20), (90, 100, 980), (10, 900, 20), (890, 900, 980)]
    expected = 2 * sum(o * math.log(o / (r * c / n)) for o, r, c in cells)
    assert log_likelihood(np.array([o11], float), r1, np.array([c1], float), n)[0] == pytest.approx(expected)
