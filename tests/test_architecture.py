"""The layers hold: corpus/ and search/ stay free of the UI, the UI uses only search's public
face, the app never imports the command line, and nothing in tui/ imports in a circle."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_engine_packages_do_not_import_textual():
    code = (
        "import sys, pkgutil, importlib\nfrom tanwen import corpus, search\n"
        "for pkg in (corpus, search):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-P", "-c", code], check=True)


def test_import_contracts():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is part of the test extras"
    run = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
    assert "BROKEN" not in run.stdout and ", 0 broken" in run.stdout


def test_search_public_face_loads_lazily():
    code = (
        "import sys\nimport tanwen.search as s\n"
        "assert 'tanwen.search.engine' not in sys.modules\n"
        "assert s.SearchEngine.__module__ == 'tanwen.search.engine'\n"
        "assert callable(s.parse_query)\n"
    )
    subprocess.run([sys.executable, "-P", "-c", code], check=True)


def test_the_app_module_imports_nothing_the_first_screen_does_not_need():
    """The first paint waits for these imports: the engine, the segmenter, numpy, the layout
    code and the figure patterns load in workers, after the first screen."""
    code = (
        "import sys\nimport tanwen.tui.app\n"
        "heavy = ['numpy', 'whoosh', 'jieba', 'rjieba', 'markdown_it', 'tanwen.search.engine',\n"
        "         'tanwen.corpus.layout', 'tanwen.corpus.figures.extract', 'tanwen.corpus.figures.patterns']\n"
        "loaded = [name for name in heavy if name in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-P", "-c", code], check=True)
