"""The extractor against the hand-labelled figures of the built-in corpus
(tests/corpus/fixtures/figures_labels.txt): the targets of the figures issue."""

from pathlib import Path

import pytest

from tanwen.corpus.figures import figures_of_corpus
from bench_loader import load_bench_module

_eval = load_bench_module("figures_eval")
LabelError, evaluate_sentences, load_labels = _eval.LabelError, _eval.evaluate_sentences, _eval.load_labels
load_sentence_labels, plausible_metric, report, score = (
    _eval.load_sentence_labels, _eval.plausible_metric, _eval.report, _eval.score)

LABELS = Path(__file__).parent / "fixtures" / "figures_labels.txt"
NEWS_LABELS = Path(__file__).parent / "fixtures" / "figures_news_labels.txt"


@pytest.fixture(scope="module")
def scores(builtin):
    return score(load_labels(LABELS, builtin), figures_of_corpus(builtin))


def test_every_label_is_found_in_its_block(builtin):
    labels = load_labels(LABELS, builtin)
    assert len(labels) >= 200
    for label in labels:
        assert builtin.block(label.block_id).text[label.start:label.end] == label.text


def test_targets(scores):
    print("\n" + report(scores))
    assert scores.precision >= 0.95
    assert scores.recall >= 0.95
    assert scores.accuracy("value") >= 0.95
    assert scores.accuracy("unit") >= 0.95
    assert scores.accuracy("kind") >= 0.95
    assert scores.metric_rate >= 0.85


def test_plausible_metric():
    assert plausible_metric("天津研究与试验发展(R&D)经费投入强度", "研究与试验发展(R&D)经费投入强度")
    assert plausible_metric("全国重点实验室", "全国重点实验室总数")
    assert not plausible_metric("受市场影响", "菲特陷入困境")
    assert not plausible_metric(None, "营收")


def test_bad_label_files(builtin, tmp_path):
    bad = tmp_path / "labels.txt"
    bad.write_text("@000_0ca8ddae1a5cdd31:3/10\n9.99% | percent | 9.99 | - | % | - | - | x | -\n",
                   encoding="utf-8")
    with pytest.raises(LabelError):
        load_labels(bad, builtin)
    bad.write_text("3.44% | percent\n", encoding="utf-8")
    with pytest.raises(LabelError):
        load_labels(bad, builtin)


def test_real_style_news_targets():
    sentences = load_sentence_labels(NEWS_LABELS)
    labels = [label for _, _, found in sentences for label in found]
    assert len(labels) >= 200
    assert sum(any(c in label.text for c in "０１２３４５６７８９") for label in labels) >= 100
    for sentence, _, found in sentences:
        for label in found:
            assert sentence[label.start:label.end] == label.text
    scores = evaluate_sentences(NEWS_LABELS)
    print("\n" + report(scores))
    assert scores.precision >= 0.95 and scores.recall >= 0.95
    assert scores.accuracy("value") >= 0.95
    assert scores.metric_rate >= 0.80


def test_bad_sentence_label_files(tmp_path):
    bad = tmp_path / "labels.txt"
    bad.write_text("> 增长3%。\n4% | percent | 4 | - | % | - | - | x | -\n", encoding="utf-8")
    with pytest.raises(LabelError):
        load_sentence_labels(bad)
    bad.write_text("3% | percent | 3 | - | % | - | - | x | -\n", encoding="utf-8")
    with pytest.raises(LabelError):
        load_sentence_labels(bad)
