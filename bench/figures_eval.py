"""Scoring the extractor against hand labels.

The label file (tests/corpus/fixtures/figures_labels.txt) lists, per block, every figure a careful
reader would quote:

    @000_0ca8ddae1a5cdd31:1/4
    3.44% | percent | 3.44 | - | % | - | - | 研究与试验发展(R&D)经费投入强度 | 2024年

(text | kind | value | value_end | unit | qualifier | direction | metric | period; `-` is none).
A label's offsets are found by searching its text in the block, from the end of the previous
label of the same block.

Scores:
- span precision / recall / F1: a figure and a label match when they are in the same block
  with the same start and end (exact); `overlap_*` counts any overlap, one to one;
- value, value_end, unit, kind, qualifier, direction, period accuracy: over exactly matched
  pairs (two numbers are equal within a relative 1e-9);
- metric: over matched pairs, the share whose metric is *plausible* — after removing
  punctuation, one contains the other, or they share a run of at least
  min(4, len(label), len(metric)) characters — and the share with any metric at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from tanwen.corpus.figures.record import Figure


@dataclass(frozen=True)
class Label:
    block_id: str
    text: str
    start: int
    end: int
    kind: str
    value: float | None
    value_end: float | None
    unit: str | None
    qualifier: str | None
    direction: str | None
    metric: str | None
    period: str | None


class LabelError(ValueError):
    pass


def _none(field_: str) -> str | None:
    return None if field_ in ("-", "") else field_


def _float(field_: str) -> float | None:
    return None if field_ in ("-", "") else float(field_)


def load_labels(path: str | Path, corpus) -> list[Label]:
    """Read the label file and locate every label in `corpus`. Raises LabelError."""
    labels: list[Label] = []
    block = None
    cursor = 0
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@"):
            block = corpus.block(line[1:].strip())
            if block is None:
                raise LabelError(f"line {number}: no block {line[1:].strip()!r}")
            cursor = 0
            continue
        if block is None:
            raise LabelError(f"line {number}: a label before any @block line")
        fields_ = [part.strip() for part in line.split("|")]
        if len(fields_) != 9:
            raise LabelError(f"line {number}: expected 9 fields, got {len(fields_)}")
        text, kind, value, value_end, unit, qualifier, direction, metric, period = fields_
        start = block.text.find(text, cursor)
        if start < 0:
            raise LabelError(f"line {number}: {text!r} not found in {block.id} after offset {cursor}")
        cursor = start + len(text)
        labels.append(Label(block.id, text, start, cursor, kind, _float(value), _float(value_end),
                            _none(unit), _none(qualifier), _none(direction), _none(metric),
                            _none(period)))
    return labels


def load_sentence_labels(path: str | Path) -> list[tuple[str, int | None, list[Label]]]:
    """Read a file of labelled sentences (tests/corpus/fixtures/figures_news_labels.txt):
    `@year N` sets the stated year of the sentences after it, `> sentence` opens one, and
    label lines (as in `load_labels`) follow it. Returns (sentence, year, labels) with the
    labels' block_id set to `s<number>`, the sentence's position in the file. Raises
    LabelError."""
    sentences: list[tuple[str, int | None, list[Label]]] = []
    year: int | None = None
    cursor = 0
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@year"):
            year = int(line.split()[1])
            continue
        if line.startswith(">"):
            sentences.append((line[1:].strip(), year, []))
            cursor = 0
            continue
        if not sentences:
            raise LabelError(f"line {number}: a label before any > sentence line")
        fields_ = [part.strip() for part in line.split("|")]
        if len(fields_) != 9:
            raise LabelError(f"line {number}: expected 9 fields, got {len(fields_)}")
        text, kind, value, value_end, unit, qualifier, direction, metric, period = fields_
        sentence, _, labels = sentences[-1]
        start = sentence.find(text, cursor)
        if start < 0:
            raise LabelError(f"line {number}: {text!r} not found in its sentence after offset {cursor}")
        cursor = start + len(text)
        labels.append(Label(f"s{len(sentences)}", text, start, cursor, kind, _float(value),
                            _float(value_end), _none(unit), _none(qualifier), _none(direction),
                            _none(metric), _none(period)))
    return sentences


def evaluate_sentences(path: str | Path) -> Scores:
    """The extractor on each labelled sentence of `path` (see `load_sentence_labels`),
    with the year the file states for it, scored against the labels."""
    from dataclasses import replace

    from tanwen.corpus.figures.extract import extract_text

    labels: list[Label] = []
    figures: list[Figure] = []
    for number, (sentence, year, sentence_labels) in enumerate(load_sentence_labels(path), start=1):
        labels += sentence_labels
        figures += [replace(figure, block_id=f"s{number}") for figure in extract_text(sentence, year=year)]
    return score(labels, figures)


_PUNCT = re.compile(r"[\s“”‘’\"'()（）《》、，,。；;：:·—…]")


def _normal(text: str) -> str:
    return _PUNCT.sub("", text)


def _longest_common_run(a: str, b: str) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if char == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def plausible_metric(predicted: str | None, gold: str | None) -> bool:
    if not predicted or not gold:
        return False
    p, g = _normal(predicted), _normal(gold)
    if not p or not g:
        return False
    if p in g or g in p:
        return True
    return _longest_common_run(p, g) >= min(4, len(p), len(g))


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@dataclass
class Scores:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    overlap_matched: int = 0
    correct: dict[str, int] = field(default_factory=dict)
    metric_plausible: int = 0
    metric_present: int = 0
    missed: list[Label] = field(default_factory=list)
    spurious: list[Figure] = field(default_factory=list)
    wrong: dict[str, list[tuple[Label, Figure]]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def overlap_precision(self) -> float:
        return self.overlap_matched / self.predicted if self.predicted else 0.0

    @property
    def overlap_recall(self) -> float:
        return self.overlap_matched / self.gold if self.gold else 0.0

    def accuracy(self, name: str) -> float:
        return self.correct.get(name, 0) / self.matched if self.matched else 0.0

    def share_of_labels(self, name: str) -> float:
        """Of all labelled figures, the share found with `name` right (a missed one is wrong)."""
        return self.correct.get(name, 0) / self.gold if self.gold else 0.0

    @property
    def metric_rate(self) -> float:
        return self.metric_plausible / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, float | int]:
        out: dict[str, float | int] = {
            "gold": self.gold, "predicted": self.predicted, "matched": self.matched,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
            "overlap_precision": self.overlap_precision, "overlap_recall": self.overlap_recall,
        }
        for name in COMPARED:
            out[f"{name}_accuracy"] = self.accuracy(name)
        out["metric_plausible"] = self.metric_rate
        out["metric_present"] = self.metric_present / self.matched if self.matched else 0.0
        return out


COMPARED = ("value", "value_end", "unit", "kind", "qualifier", "direction", "period")


def score(labels: list[Label], figures: list[Figure]) -> Scores:
    scores = Scores(gold=len(labels), predicted=len(figures))
    by_span = {(f.block_id, f.start, f.end): f for f in figures}
    matched_figures: set[tuple[str, int, int]] = set()
    for label in labels:
        key = (label.block_id, label.start, label.end)
        figure = by_span.get(key)
        if figure is None:
            scores.missed.append(label)
            continue
        matched_figures.add(key)
        scores.matched += 1
        checks = {
            "value": _same_number(figure.value, label.value),
            "value_end": _same_number(figure.value_end, label.value_end),
            "unit": figure.unit == label.unit,
            "kind": figure.kind == label.kind,
            "qualifier": figure.qualifier == label.qualifier,
            "direction": figure.direction == label.direction,
            "period": figure.period == label.period,
        }
        for name, ok in checks.items():
            if ok:
                scores.correct[name] = scores.correct.get(name, 0) + 1
            else:
                scores.wrong.setdefault(name, []).append((label, figure))
        if figure.metric:
            scores.metric_present += 1
        if plausible_metric(figure.metric, label.metric):
            scores.metric_plausible += 1
        else:
            scores.wrong.setdefault("metric", []).append((label, figure))
    scores.spurious = [f for f in figures if (f.block_id, f.start, f.end) not in matched_figures]
    # Overlap matching, one to one, in text order.
    free = {}
    for figure in figures:
        free.setdefault(figure.block_id, []).append(figure)
    for label in labels:
        candidates = free.get(label.block_id, [])
        for index, figure in enumerate(candidates):
            if figure.start < label.end and label.start < figure.end:
                scores.overlap_matched += 1
                del candidates[index]
                break
    return scores


def report(scores: Scores) -> str:
    """The scores as a small text table."""
    rows = [
        ("labelled figures", f"{scores.gold}"),
        ("extracted figures", f"{scores.predicted}"),
        ("span precision", f"{scores.precision:.3f}"),
        ("span recall", f"{scores.recall:.3f}"),
        ("span F1", f"{scores.f1:.3f}"),
        ("overlap precision / recall", f"{scores.overlap_precision:.3f} / {scores.overlap_recall:.3f}"),
    ]
    rows += [(f"{name} accuracy", f"{scores.accuracy(name):.3f}") for name in COMPARED]
    rows.append(("value right, of all labels", f"{scores.share_of_labels('value'):.3f}"))
    rows.append(("metric plausible", f"{scores.metric_rate:.3f}"))
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def evaluate(corpus, labels_path: str | Path) -> Scores:
    from tanwen.corpus.figures.extract import figures_of_corpus

    return score(load_labels(labels_path, corpus), figures_of_corpus(corpus))
