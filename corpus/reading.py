"""Finding article files and turning their bytes into clean text.

Chinese text in the wild comes as UTF-8 (with or without a BOM), UTF-16 with a BOM, or
GB18030/GBK. Anything else — binary data, an unreadable file, bytes that decode as none of
these — raises `UnreadableFile` with a reason a person can act on; the caller reports it and
goes on with the other files.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
METADATA_FILE = "meta.json"


class CorpusError(Exception):
    """The corpus as a whole cannot be opened (no such folder, no article files)."""


class UnreadableFile(Exception):
    """One file cannot be read as text; the message says why."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    name: str          # relative to the corpus root, with forward slashes
    size: int
    mtime_ns: int


def discover(root: Path) -> list[SourceFile]:
    """The article files under `root` (or `root` itself if it is a file), sorted by name."""
    if not root.exists():
        raise CorpusError(f"no such file or folder: {root}")
    if root.is_file():
        return [_source_file(root, root.name)]
    if not root.is_dir():
        raise CorpusError(f"not a file or folder: {root}")
    found: list[SourceFile] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for filename in sorted(filenames):
            if filename.startswith(".") or not filename.lower().endswith(ARTICLE_SUFFIXES):
                continue
            path = Path(dirpath) / filename
            try:
                found.append(_source_file(path, path.relative_to(root).as_posix()))
            except OSError:
                # Unstattable (a dangling link, say): still listed, reading it reports why.
                found.append(SourceFile(path, path.relative_to(root).as_posix(), 0, 0))
    found.sort(key=lambda source: source.name)
    if not found:
        raise CorpusError(f"no .md or .txt files in {root}")
    return found


def _source_file(path: Path, name: str) -> SourceFile:
    stat = path.stat()
    return SourceFile(path, name, stat.st_size, stat.st_mtime_ns)


def read_article_text(path: Path) -> tuple[str, str]:
    """Return (clean text, encoding name) of an article file."""
    try:
        data = path.read_bytes()
    except PermissionError:
        raise UnreadableFile("permission denied") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder") from None
    except OSError as error:
        raise UnreadableFile(error.strerror or str(error)) from None
    text, encoding = decode(data)
    return clean(text), encoding


def decode(data: bytes) -> tuple[str, str]:
    """Decode article bytes; raise UnreadableFile if they are not text we know."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableFile(f"invalid {encoding} at byte {error.start}") from None
            if "\x00" in text:
                raise UnreadableFile(f"binary file (NUL characters after a {encoding} mark)")
            return text, encoding
    if b"\x00" in data[:8192]:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise UnreadableFile(
                f"not UTF-8 (invalid byte at {utf8_error.start}) and not GB18030/GBK"
            ) from None
    if not _looks_like_chinese(text):
        raise UnreadableFile("not UTF-8, and as GB18030 it is not Chinese text")
    return text, "gb18030"


def _looks_like_chinese(text: str) -> bool:
    """GB18030 decodes almost any byte pairs; real Chinese text is mostly common Han."""
    non_ascii = [c for c in text if ord(c) > 0x7F]
    if not non_ascii:
        return True
    common = sum(1 for c in non_ascii if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
                 or "\uff00" <= c <= "\uffef")
    return common / len(non_ascii) >= 0.8


# ANSI/VT escape sequences (CSI, OSC, DCS… and two-character escapes) and control characters.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"             # CSI
    r"|\x1b[\]P^_X][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC / DCS / PM / APC / SOS strings
    r"|\x1b[@-Z\\-_]"                      # two-character escapes
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff]"
)


def clean(text: str) -> str:
    """Normalise line ends, drop escape sequences and control characters, expand tabs.

    Article text is data: nothing in it may ever reach the terminal as a control sequence.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ESCAPES.sub("", text)
    return text.replace("\t", "    ")
