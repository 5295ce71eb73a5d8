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


def test_the_app_module_leaves_help_and_copying_until_they_are_asked_for():
    """The help screen, copy and export (and the clipboard and captions they use) show on no
    first screen: imported when first used, they are not on the way to the first result."""
    code = (
        "import sys\nimport tanwen.tui.app\n"
        "later = ['tanwen.tui.widgets.help_screen', 'tanwen.tui.copying', 'tanwen.tui.clipboard',\n"
        "         'tanwen.tui.captions', 'tanwen.tui.palette']\n"
        "loaded = [name for name in later if name in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-P", "-c", code], check=True)


MAX_MODULE_LINES = 430
SIZED_PACKAGES = ("tui", "search", "corpus")


def oversized_modules(root: Path = ROOT, limit: int = MAX_MODULE_LINES) -> dict[str, int]:
    """Modules of the packages above `limit` lines, by path: one concern a module, each short
    enough to read whole."""
    sizes = {}
    for package in SIZED_PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > limit:
                sizes[str(path.relative_to(root))] = lines
    return sizes


def test_no_module_of_the_app_search_or_corpus_is_over_430_lines():
    assert oversized_modules() == {}


def test_the_size_check_sees_a_long_module(tmp_path):
    (tmp_path / "tui").mkdir()
    (tmp_path / "tui" / "long.py").write_text("x = 1\n" * (MAX_MODULE_LINES + 1), encoding="utf-8")
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "short.py").write_text("x = 1\n" * MAX_MODULE_LINES, encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    assert oversized_modules(tmp_path) == {"tui/long.py": MAX_MODULE_LINES + 1}
