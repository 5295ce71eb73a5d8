"""Figures as CSV, a Markdown table or JSON: `tanwen figures --csv/--markdown` and the app's
exports (`e`) all write through here, so they read the same.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

FORMATS = {"csv": ".csv", "markdown": ".md", "json": ".json"}
# CSV: every field of the record (corpus.figures.FIELDS); Markdown: the readable ones.
COLUMNS = ("text", "start", "end", "kind", "value", "value_end", "unit", "qualifier", "direction",
           "metric", "period", "sentence", "source", "section_id", "block_id")
MARKDOWN_COLUMNS = ("text", "kind", "value", "unit", "metric", "period", "source", "section_id")


# A cell a spreadsheet would run as a formula: = + - @ or a tab/CR first (OWASP, "CSV
# Injection"). A plain number such as -5, +3.2 or -5% is left alone: the spreadsheet reads it
# as a number, which runs nothing, and a quote in front would turn it into text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def spreadsheet_safe(cell: str) -> str:
    """`cell` with a `'` in front if a spreadsheet would take it for a formula."""
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def format_value(figure) -> str:
    """The value for people: 282,100,000,000 · 3.44 · 2025–2027."""
    def one(value):
        if value is None:
            return ""
        if float(value).is_integer() and abs(value) < 1e16:
            return f"{int(value):,}" if figure.kind not in ("year", "date") else str(int(value))
        return f"{value:,.6g}"

    text = one(figure.value)
    if figure.value_end is not None:
        text += "–" + one(figure.value_end)
    return text


def figures_csv(figures, rendered: list[str] | None = None) -> str:
    """Every field of each figure; with `rendered`, a last column of rendered figures.
    No cell can run as a formula in a spreadsheet (`spreadsheet_safe`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + (("rendered",) if rendered is not None else ()))
    for number, figure in enumerate(figures):
        record = figure.as_record()
        row = [_cell(record.get(column)) for column in COLUMNS]
        row += [rendered[number]] if rendered is not None else []
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return out.getvalue()


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def figures_markdown(figures, title: str | None = None, rendered: list[str] | None = None) -> str:
    """The readable fields of each figure; with `rendered`, a last column of rendered figures."""
    columns = MARKDOWN_COLUMNS + (("rendered",) if rendered is not None else ())
    lines = [f"# {_md(title)}", ""] if title else []
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "---|" * len(columns))
    for number, figure in enumerate(figures):
        record = figure.as_record()
        record["value"] = format_value(figure)
        if rendered is not None:
            record["rendered"] = rendered[number]
        lines.append("| " + " | ".join(_md(_cell(record.get(c))) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def figures_json(figures) -> str:
    """A JSON array of the figures' records (every field, as `tanwen figures --json` gives)."""
    return json.dumps([figure.as_record() for figure in figures], ensure_ascii=False, indent=1) + "\n"


def render_export(figures, fmt: str, title: str | None = None) -> str:
    if fmt == "csv":
        return figures_csv(figures)
    if fmt == "markdown":
        return figures_markdown(figures, title)
    if fmt == "json":
        return figures_json(figures)
    raise ValueError(f"unknown format {fmt!r}; expected csv, markdown or json")


def export_folder() -> Path:
    """Where exports go unless the user says otherwise: `<Documents>/tanwen`.

    An export is a file the user made and keeps, so it belongs with their documents (the
    folder the desktop calls Documents: XDG user-dirs on Linux, so a localised 文档 too),
    not in whatever directory tanwen was started from (the repository, under `make run`),
    nor among downloads. Without a Documents folder (a server), the home folder.
    """
    import platformdirs     # only the app's export dialog needs it

    documents = Path(platformdirs.user_documents_dir())
    return documents / "tanwen" if documents.is_dir() else Path.home()


def default_path(name: str, fmt: str, folder: Path | None = None) -> Path:
    """`tanwen-figures-<name>.csv` in `folder` (default: `export_folder()`); `name` made file-safe."""
    safe = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.")[:60] or "figures"
    return (folder or export_folder()) / f"tanwen-figures-{safe}{FORMATS[fmt]}"


def write_export(figures, path: Path, fmt: str, title: str | None = None) -> int:
    """Write the file; return how many figures went into it. Raises OSError."""
    figures = list(figures)
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_export(figures, fmt, title), encoding="utf-8")
    return len(figures)
