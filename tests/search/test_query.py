"""The query language, and what a malformed query does."""

import pytest

from tanwen.search.engine import SearchEngine
from tanwen.search.query import parse_query


def test_parsing():
    q = parse_query('天津 创新 OR 改革 -北京 "新质 生产力" heading:天开 kind:caption source:001 pinyin:tj')
    assert q.describe() == ('天津 AND (创新 OR 改革) AND "新质 生产力" AND heading:天开 AND kind:caption '
                            'AND source:001 AND pinyin:tj AND NOT 北京')
    assert q.notice is None
    assert parse_query("NOT 北京 天津").describe() == "天津 AND NOT 北京"
    assert parse_query("創新 ＡＩ").describe() == "创新 AND ai"       # folded


@pytest.mark.parametrize("raw, reason", [
    ('"新质', "unclosed quote"), ("天津 OR", "OR needs a term on each side"),
    ("OR 天津", "OR needs a term on each side"), ("天津 NOT", "NOT needs a term after it"),
    ("kind:poem", "unknown kind 'poem'"), ("heading:", "heading: needs a value"),
])
def test_malformed_queries_fall_back_to_a_literal_search_and_say_why(raw, reason):
    q = parse_query(raw)
    assert reason in q.notice and "literal" in q.notice
    assert [[t.text for t in g] for g in q.groups] == [[raw.strip().lower()]]


def test_unknown_field_names_are_plain_text():
    assert parse_query("http://x.cn 3:00").describe() == "http://x.cn AND 3:00"


@pytest.fixture(scope="module")
def engine(builtin):
    engine = SearchEngine(builtin)
    engine.ensure_index()
    return engine


def blocks(results):
    return set(results.matches)


def test_and_or_not(engine, builtin):
    tianjin, beijing = blocks(engine.search("天津", None)), blocks(engine.search("北京", None))
    assert blocks(engine.search("天津 北京", None)) == tianjin & beijing
    assert blocks(engine.search("天津 OR 北京", None)) == tianjin | beijing
    assert blocks(engine.search("天津 -北京", None)) == tianjin - beijing
    assert blocks(engine.search("天津 NOT 北京", None)) == tianjin - beijing


def test_quoted_string_with_a_space(engine, builtin):
    expected = {b.id for b in builtin.blocks() if "天开实践 打造" in b.text}
    assert expected and blocks(engine.search('"天开实践 打造"', None)) == expected


def test_filters(engine, builtin):
    captions = {b.id for b in builtin.blocks() if b.kind.value == "caption"}
    assert blocks(engine.search("kind:caption", None)) == captions
    in_001 = blocks(engine.search("source:001 创新", None))
    assert in_001 and all(b.startswith("001_") for b in in_001)
    under = blocks(engine.search("heading:天开 创新", None))
    assert under and all(builtin.block(b).section.label.startswith("天开实践") for b in under)


def test_malformed_query_still_searches(engine):
    results = engine.search("天津 OR")
    assert results.notice.startswith("OR needs a term")
    assert results.total == 0          # the literal text "天津 or" occurs nowhere
    results = engine.search('"新质生产力')
    assert results.notice.startswith("unclosed quote")


def test_empty_query_finds_nothing(engine):
    assert engine.search("").total == 0
    assert engine.search("   ").total == 0
