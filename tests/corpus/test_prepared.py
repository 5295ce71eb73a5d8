"""The built-in corpus' prepared form: read back only while fresh and whole, equal to a real
load block for block, and never a reason for a load to fail."""

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys

import pytest

from tanwen.corpus import catalog, loader, prepared
from tanwen.corpus import figure_spans as figure_spans_module
from tanwen.corpus.figure_spans import figure_spans
from tanwen.corpus.loader import load_corpus as load_files


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def articles(tmp_path, monkeypatch):
    """A copy of the built-in articles that the test may change, loaded as the built-in corpus."""
    root = tmp_path / "builtin"
    shutil.copytree(catalog.builtin_root(), root)
    monkeypatch.setattr(prepared, "builtin_root", lambda: root)
    monkeypatch.setattr(loader, "builtin_root", lambda: root)
    return root


@pytest.fixture
def real_loads(monkeypatch):
    """How many times the files were laid out."""
    calls = []

    def counting(path=None):
        calls.append(path)
        return load_files(path)

    monkeypatch.setattr(loader, "load_corpus", counting)
    return calls


def describe(corpus):
    """Everything a load yields, in plain values, to compare two loads."""
    blocks = [(b.id, b.kind, b.text, b.line_start, b.line_end, b.pieces, b.joined, b.section.id)
              for b in corpus.blocks()]
    sections = [(s.id, s.heading, s.role, s.level, s.parent.id if s.parent else None, s.article.id,
                 [c.id for c in s.children]) for s in corpus.sections()]
    articles = [(a.id, a.source, a.title, a.meta, a.path, a.encoding) for a in corpus.articles]
    return (corpus.name, corpus.root, corpus.builtin, [str(p) for p in corpus.problems],
            articles, sections, blocks)


def test_prepared_corpus_equals_a_real_load_block_for_block(cache, real_loads):
    first = prepared.load_corpus()
    assert real_loads == [None]
    assert (cache / "prepared" / prepared.FILE_NAME).is_file()
    again = prepared.load_corpus()
    assert real_loads == [None], "the second load must come from the prepared form"
    assert again is not first
    assert describe(again) == describe(load_files(None))
    # The links between the parts hold, as in a real load.
    block = next(again.blocks())
    assert again.block(block.id) is block and block.section.article in again.articles


def test_the_public_load_corpus_uses_the_prepared_form_only_for_the_builtin_corpus(cache, real_loads,
                                                                                    write_corpus):
    import tanwen.corpus

    tanwen.corpus.load_corpus()
    tanwen.corpus.load_corpus()
    folder = write_corpus({"a.txt": "标题\n\n正文第一段。\n"})
    tanwen.corpus.load_corpus(folder)
    tanwen.corpus.load_corpus(folder)
    assert real_loads == [None, folder, folder]
    assert not (cache / "prepared" / "a.pickle").exists()


def test_a_changed_article_makes_it_stale(cache, articles, real_loads):
    prepared.load_corpus()
    article = sorted(articles.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\n\n新加的一段话。\n", encoding="utf-8")
    changed = prepared.load_corpus()
    assert real_loads == [None, None]
    assert "新加的一段话。" in [b.text for b in changed.blocks()]
    assert describe(prepared.load_corpus()) == describe(changed)     # prepared again, as changed
    assert real_loads == [None, None]


def test_a_changed_metadata_file_makes_it_stale(cache, articles, real_loads):
    prepared.load_corpus()
    meta = json.loads((articles / "meta.json").read_text(encoding="utf-8"))
    name = sorted(meta)[0]
    meta[name]["issue"] = "第99期"
    (articles / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    changed = prepared.load_corpus()
    assert real_loads == [None, None]
    assert any(article.meta.issue == "第99期" for article in changed.articles)


def test_another_layout_version_makes_it_stale(cache, real_loads, monkeypatch):
    prepared.load_corpus()
    monkeypatch.setattr(prepared, "LAYOUT_VERSION", prepared.LAYOUT_VERSION + ".next")
    prepared.load_corpus()
    assert real_loads == [None, None]


def test_changed_layout_code_makes_it_stale(cache, real_loads, monkeypatch):
    prepared.load_corpus()
    stamp = prepared.current_stamp()
    code = [list(entry) for entry in stamp["code"]]
    layout = next(entry for entry in code if entry[0] == "layout.py")
    layout[2] += 1                      # as if layout.py were edited without a version bump
    monkeypatch.setattr(prepared, "current_stamp", lambda: {**stamp, "code": code})
    prepared.load_corpus()
    assert real_loads == [None, None]


def test_changed_figure_code_makes_it_stale(cache, real_loads, monkeypatch):
    prepared.load_corpus()
    stamp = prepared.current_stamp()
    figures = [list(entry) for entry in stamp["figures"]]
    patterns = next(entry for entry in figures if entry[0] == "patterns.py")
    patterns[2] += 1                    # the kept figure spans may no longer be the extractor's
    monkeypatch.setattr(prepared, "current_stamp", lambda: {**stamp, "figures": figures})
    prepared.load_corpus()
    assert real_loads == [None, None]


def test_the_stamp_names_what_makes_the_blocks():
    stamp = prepared.current_stamp()
    assert {entry[0] for entry in stamp["articles"]} >= {"meta.json"}
    assert {"layout.py", "joining.py", "paragraphs.py", "model.py"} <= {entry[0] for entry in stamp["code"]}
    assert {"patterns.py", "extract.py", "candidates.py"} <= {entry[0] for entry in stamp["figures"]}
    assert stamp["layout"] == prepared.LAYOUT_VERSION


def test_the_figure_spans_kept_are_the_extractors(cache):
    """What the reader keeps on one line comes from the prepared form: every block's spans,
    as the figure extractor finds them."""
    from tanwen.corpus.figures import extract_text

    prepared.load_corpus()
    figure_spans.cache_clear()          # read back below, not the spans found while preparing
    remembered = dict(figure_spans_module._known)
    figure_spans_module._known.clear()
    corpus = prepared.load_corpus()
    texts = [block.text for block in corpus.blocks()]
    assert figure_spans_module.known(texts)
    found = {text: tuple((f.start, f.end) for f in extract_text(text)) for text in texts}
    assert {text: figure_spans(text) for text in texts} == found
    assert sum(map(len, found.values())) > 200          # the articles' figures, not nothing
    figure_spans_module._known.update(remembered)


def _kept(cache):
    return cache / "prepared" / prepared.FILE_NAME


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "flipped byte", "bad header"])
def test_a_damaged_file_falls_back_to_a_real_load(cache, real_loads, damage):
    expected = describe(prepared.load_corpus())
    data = _kept(cache).read_bytes()
    damaged = {
        "garbage": os.urandom(4096),
        "truncated": data[: len(data) // 2],
        "empty": b"",
        "flipped byte": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],
        "bad header": b"{not json\n" + data.partition(b"\n")[2],
    }[damage]
    _kept(cache).write_bytes(damaged)
    assert describe(prepared.load_corpus()) == expected
    assert real_loads == [None, None]
    assert _kept(cache).read_bytes() != damaged      # and it was prepared again


def test_a_file_naming_other_classes_is_refused_even_with_a_good_checksum(cache, real_loads):
    prepared.load_corpus()
    payload = pickle.dumps(print)       # any callable outside the model: refused, never called
    header = json.dumps({"stamp": prepared.current_stamp(), "sha256": hashlib.sha256(payload).hexdigest()})
    _kept(cache).write_bytes(header.encode() + b"\n" + payload)
    assert prepared.load_corpus().articles
    assert real_loads == [None, None]


def test_an_unwritable_cache_still_loads(tmp_path, monkeypatch, real_loads):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(blocker))
    assert prepared.load_corpus().articles
    assert prepared.load_corpus().articles
    assert real_loads == [None, None]


def test_a_fresh_prepared_load_imports_neither_the_layout_code_nor_the_segmenter(cache):
    """Nor the figure extractor: the blocks' figure spans come with them."""
    prepared.load_corpus()          # prepared, in this process
    code = ("import sys\nfrom tanwen.corpus import load_corpus\nassert load_corpus().articles\n"
            "from tanwen.corpus.figure_spans import figure_spans\n"
            "assert sum(len(figure_spans(b.text)) for b in load_corpus().blocks()) > 200\n"
            "heavy = ['rjieba', 'tanwen.corpus.layout', 'tanwen.corpus.loader', 'markdown_it',\n"
            "         'tanwen.corpus.figures.patterns']\n"
            "loaded = [name for name in heavy if name in sys.modules]\nassert not loaded, loaded\n")
    subprocess.run([sys.executable, "-P", "-c", code], check=True,
                   env={**os.environ, "TANWEN_CACHE_DIR": str(cache)})
