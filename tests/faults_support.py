"""Shared by the fault tests: the installed `tanwen` command run as a user runs it, and what
"safe to print" means."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

TANWEN = Path(sys.executable).with_name("tanwen")
ARTICLE = "# 天津创新\n\n天津的独特词语很多，增长5%，投资2亿元。\n"
# Anything that can act on a terminal or reorder a line.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def tanwen(*args, corpus: Path | bytes | None, cache: Path, timeout: float = 60,
           env: dict | None = None):
    """Run the installed `tanwen` command (on the built-in corpus if `corpus` is None); its
    output as text (strict UTF-8, so bytes that are not UTF-8 fail the test)."""
    environment = {**os.environ, "TANWEN_CACHE_DIR": str(cache), **(env or {})}
    where = ["--corpus", corpus] if corpus is not None else []
    done = subprocess.run([TANWEN, *where, *args], capture_output=True, stdin=subprocess.DEVNULL,
                          timeout=timeout, env=environment)
    return done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")


def assert_safe(text: str) -> None:
    found = sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})
    assert not found, f"raw control characters reached the output: {found}"


def small_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)
    (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
    return folder
