"""A regular install of this checkout for the benches to time beside the development one.

The development venv installs tanwen editable: every fresh process then imports its finder
(pathlib, urllib: some 13 ms before any of tanwen's code runs), which a user, who gets
`pip install .`, never pays. `installed_tanwen()` makes a venv under bench/out/ once, with
this checkout and its dependencies installed as a user would, and installs the checkout
again whenever its source has changed since (without the dependencies: seconds).
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from bench.corpora import OUT

ROOT = Path(__file__).resolve().parent.parent
VENV = OUT / "venv-installed"
STAMP = VENV / "tanwen-source.sha1"
SOURCES = ("corpus", "search", "tui")


def source_digest() -> str:
    """What the installed package is made of: pyproject.toml and the packages' files."""
    digest = hashlib.sha1((ROOT / "pyproject.toml").read_bytes())
    for folder in SOURCES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def installed_tanwen() -> Path:
    """The `tanwen` command of a regular install of this checkout, up to date."""
    python = VENV / "bin" / "python"
    wanted = source_digest()
    if not python.exists():
        print(f"making {VENV} (pip install . with its dependencies, once)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        _install(python, [])
    elif not STAMP.exists() or STAMP.read_text() != wanted:
        print(f"installing this checkout into {VENV}", file=sys.stderr)
        _install(python, ["--no-deps", "--force-reinstall"])
    STAMP.write_text(wanted)
    return VENV / "bin" / "tanwen"


def _install(python: Path, options: list[str]) -> None:
    # setuptools builds in build/ and packs what it finds there: a module deleted from the
    # source would still be installed from an earlier build's copy. None is kept.
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    try:
        subprocess.run([python, "-m", "pip", "install", "--quiet", *options, str(ROOT)], check=True)
    finally:
        shutil.rmtree(ROOT / "build", ignore_errors=True)
