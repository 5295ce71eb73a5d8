"""Installed, tanwen is one name: tanwen.corpus, tanwen.search, tanwen.tui — every module and
data file of the three folders, and nothing else at the top of site-packages."""

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("corpus", "search", "tui")


def _source_packages() -> set[str]:
    found = set()
    for folder in FOLDERS:
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT).parts
            found.add(".".join(("tanwen", *relative)))
    return found


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    assert listed == _source_packages()


def test_wheel_holds_only_tanwen(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
                   check=True, capture_output=True)
    wheel = zipfile.ZipFile(next(tmp_path.glob("tanwen-*.whl")))
    names = wheel.namelist()
    assert {name.split("/")[0] for name in names} == {"tanwen", next(n.split("/")[0] for n in names if ".dist-info/" in n)}
    top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
    assert wheel.read(top_level).decode().split() == ["tanwen"]
    for folder in FOLDERS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".tcss", ".txt", ".json") and "__pycache__" not in path.parts:
                assert f"tanwen/{path.relative_to(ROOT).as_posix()}" in names, path
