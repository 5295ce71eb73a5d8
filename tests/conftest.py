import os
import sys
from pathlib import Path

import pytest

# Indexes built by tests go to a throw-away cache, never the user's.
os.environ.setdefault("TANWEN_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".pytest_cache" / "tanwen-cache"))
os.environ.pop("TANWEN_CORPUS", None)


@pytest.fixture(scope="session")
def builtin():
    from tanwen.corpus import load_corpus

    return load_corpus()


@pytest.fixture
def write_corpus(tmp_path):
    """Make a corpus folder from {name: str | bytes}."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "articles"
        root.mkdir(exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                path.write_text(content, encoding="utf-8")
            else:
                path.write_bytes(content)
        return root

    return make


BARE_NAMES = ("corpus", "search", "tui")


@pytest.fixture(autouse=True)
def _one_copy_of_each_module():
    """The packages load only as tanwen.*: a bare `corpus` would be a second copy of every module."""
    yield
    bare = sorted(name for name in sys.modules if name.split(".")[0] in BARE_NAMES)
    assert not bare, f"modules loaded under a bare name: {bare[:5]}"
