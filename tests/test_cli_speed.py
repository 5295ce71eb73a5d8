"""`tanwen search` stays quick: it imports only what a search of a fresh index uses, and with
--limit it shows the same first results as without, and the same counts."""

import json
import os
import subprocess
import sys

from tanwen.tui.cli import main

# What `tanwen search` must not import when its index is fresh: the layout code (and the
# Markdown parser behind it), the app, the segmenter.
HEAVY = ("tanwen.corpus.layout", "tanwen.corpus.markdown", "tanwen.corpus.loader", "markdown_it",
         "textual", "jieba", "rjieba")

SEARCH_AND_LIST_MODULES = """
import sys
from tanwen.tui.cli import main
code = main(["search", "创新", "--limit", "5"])
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def test_search_of_a_fresh_index_imports_no_layout_code(write_corpus, tmp_path):
    folder = write_corpus({"a.md": "# 创新之城\n\n天津的创新生态正在形成。\n",
                           "b.txt": "科技创新\n\n一段关于创新的文字。\n"})
    env = {**os.environ, "TANWEN_CACHE_DIR": str(tmp_path / "cache"), "TANWEN_CORPUS": str(folder)}
    built = subprocess.run([sys.executable, "-P", "-m", "tanwen.tui.cli", "index"], env=env,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    searched = subprocess.run([sys.executable, "-P", "-c", SEARCH_AND_LIST_MODULES], env=env,
                              capture_output=True, text=True)
    assert "天津的创新生态正在形成" in searched.stdout
    loaded = set(searched.stderr.splitlines())
    assert "tanwen.search.index_store" in loaded          # it did search the index
    assert sorted(name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY) == []


def test_corpus_package_keeps_its_public_names():
    from tanwen.corpus import CORPUS_ENV, builtin_root, load_corpus, resolve_corpus_path
    from tanwen.corpus.loader import article_ids, read_metadata  # noqa: F401 (still importable)

    assert CORPUS_ENV == "TANWEN_CORPUS" and (builtin_root() / "meta.json").is_file()
    assert load_corpus().builtin and resolve_corpus_path("x").name == "x"
