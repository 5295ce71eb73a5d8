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
import stat
from dataclasses import dataclass
from pathlib import Path

from tanwen.corpus.printable import printable

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
METADATA_FILE = "meta.json"
MAX_FILE_BYTES = 64 * 2**20     # an article larger than this is not news: it is skipped, not read
MAX_FOLDER_DEPTH = 64           # folders below this depth are skipped (said so), not walked


class CorpusError(Exception):
    """The corpus as a whole cannot be opened (no such folder, no article files)."""


class UnreadableFile(Exception):
    """One file cannot be read as text; the message says why."""


@dataclass(frozen=True)
class SourceFile:
    location: str      # the real path, for reading (its name's bytes may be any encoding)
    name: str          # relative to the corpus root, forward slashes, readable and printable
    size: int
    mtime_ns: int

    @property
    def path(self) -> Path:
        # Made on use: a Path per file costs 10 µs, 70 ms of every search of 7,000 files.
        return Path(self.location)


def discover(root: Path, skipped: dict[str, str] | None = None,
             folders: list[list] | None = None) -> list[SourceFile]:
    """The article files under `root` (or `root` itself if it is a file), sorted by name.

    Only regular files no larger than MAX_FILE_BYTES are listed: a FIFO would block the
    reader for ever, a link to /dev/zero never ends. Those, and folders nested deeper than
    MAX_FOLDER_DEPTH, are left out; `skipped`, if given, receives {name: why} for each.
    `folders`, if given, receives [relative name, mtime_ns, ctime_ns] of every folder
    listed, each statted just before it is listed (see `search.freshness`).
    """
    skipped = {} if skipped is None else skipped
    shown_root = printable(str(root))
    try:
        folder = root.is_dir()
        root.stat()
    except FileNotFoundError:
        raise CorpusError(f"no such file or folder: {shown_root}") from None
    except OSError as error:        # a name too long, a loop of links, no permission…
        raise CorpusError(f"cannot open {shown_root}: {_reason(error)}") from None
    if folder:
        candidates = _walk(root, skipped, folders)
    else:
        candidates = [(str(root), root.name)]
    found: list[SourceFile] = []
    names: set[str] = set()
    for location, relative in candidates:
        name = _unique_name(relative, names)
        try:
            found.append(_source_file(location, name))
        except UnreadableFile as error:
            skipped[name] = str(error)
    found.sort(key=lambda source: source.name)
    if not found:
        if skipped:
            reasons = "; ".join(f"{name}: {why}" for name, why in list(skipped.items())[:3])
            raise CorpusError(f"no readable .md or .txt files in {shown_root} ({reasons})")
        raise CorpusError(f"no .md or .txt files in {shown_root}")
    return found


def _walk(root: Path, skipped: dict[str, str], folders: list[list] | None) -> list[tuple[str, str]]:
    """(path, relative name) of the article files under `root`, without recursion: hidden
    entries are passed over, links to folders are not followed (no loops)."""
    found: list[tuple[str, str]] = []
    pending: list[tuple[str, str, int]] = [(str(root), "", 0)]
    while pending:
        folder, relative, depth = pending.pop()
        try:
            if folders is not None:
                info = os.stat(folder)
                folders.append([relative, info.st_mtime_ns, info.st_ctime_ns])
            with os.scandir(folder) as entries:
                listed = sorted(entries, key=lambda entry: entry.name)
        except OSError as error:
            skipped[printable(relative or "./")] = _reason(error)
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            name = f"{relative}{entry.name}"
            if _is_folder(entry):
                if entry.is_symlink():
                    continue
                if depth + 1 > MAX_FOLDER_DEPTH:
                    skipped[printable(name + "/")] = (
                        f"folders nested more than {MAX_FOLDER_DEPTH} deep are not read")
                    continue
                pending.append((entry.path, name + "/", depth + 1))
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES):
                found.append((entry.path, name))
    return found


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _unique_name(relative: str, used: set[str]) -> str:
    """The readable name of a file, made unique: two raw names can read alike (a GBK name
    and the UTF-8 one it decodes to); the second shows its bytes instead."""
    name = printable(relative)
    if name in used:
        raw = relative.encode("utf-8", "surrogateescape")
        name = printable(raw.decode("ascii", "backslashreplace"))   # each byte above 127 as \xNN
    unique, n = name, 2
    while unique in used:
        unique, n = f"{name}~{n}", n + 1
    used.add(unique)
    return unique


def _source_file(location: str, name: str) -> SourceFile:
    """Stat (through links) a file to be read; UnreadableFile if it is no regular file of a
    size we read."""
    try:
        info = os.stat(location)
    except OSError as error:
        raise UnreadableFile(_reason(error)) from None
    _check_readable(info)
    return SourceFile(location, name, info.st_size, info.st_mtime_ns)


def _check_readable(info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFile("is a folder")
    if not stat.S_ISREG(info.st_mode):
        kind = ("a FIFO" if stat.S_ISFIFO(info.st_mode) else "a socket" if stat.S_ISSOCK(info.st_mode)
                else "a device")
        raise UnreadableFile(f"not a regular file ({kind})")
    if info.st_size > MAX_FILE_BYTES:
        raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MB, the most read per file")


def _reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return error.strerror or str(error)


def read_limited(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES; UnreadableFile otherwise.

    Opened non-blocking and checked again after opening, so a file swapped for a FIFO or a
    device after discovery can neither block nor stream for ever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise UnreadableFile("is a folder" if isinstance(error, IsADirectoryError)
                             else _reason(error)) from None
    try:
        _check_readable(os.fstat(fd))
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(f"larger than {MAX_FILE_BYTES // 2**20} MB, the most read per file")
        return b"".join(chunks)
    except OSError as error:
        raise UnreadableFile(_reason(error)) from None
    finally:
        os.close(fd)


def read_article_text(path: Path) -> tuple[str, str]:
    """Return (clean text, encoding name) of an article file."""
    return article_text(read_limited(path))


def article_text(data: bytes) -> tuple[str, str]:
    """Return (clean text, encoding name) of an article file's bytes."""
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
    "|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"   # bidi controls: they reorder the line
)

# Where any of _ESCAPES starts: ESC (a control character) or one of its characters. Text
# without them (most) has nothing to drop, and one search for them costs a third of the
# substitution.
_DROPPED_START = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\ufeff"
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Normalise line ends, drop escape sequences, control and bidi characters, expand tabs.

    Article text is data: nothing in it may ever reach the terminal as a control sequence.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _DROPPED_START.search(text):
        text = _ESCAPES.sub("", text)
    return text.replace("\t", "    ")
