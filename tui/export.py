"""Writing a list of figures to a file, as CSV or as a Markdown table."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

FORMATS = {"csv": ".csv", "markdown": ".md"}
COLUMNS = ("text", "value", "value_end", "unit", "kind", "qualifier", "direction", "metric",
           "period", "sentence", "source", "section_id", "block_id")
_HEADINGS = {"text": "figure", "value_end": "to", "section_id": "section", "block_id": "block"}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def figures_csv(figures) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for figure in figures:
        record = figure.as_record()
        writer.writerow([_cell(record.get(column)) for column in COLUMNS])
    return out.getvalue()


def _md(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def figures_markdown(figures, title: str | None = None) -> str:
    columns = [c for c in COLUMNS if c != "sentence"]
    lines = [f"# {_md(title)}", ""] if title else []
    lines.append("| " + " | ".join(_HEADINGS.get(c, c) for c in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    for figure in figures:
        record = figure.as_record()
        lines.append("| " + " | ".join(_md(_cell(record.get(c))) for c in columns) + " |")
    return "\n".join(lines) + "\n"


def render_export(figures, fmt: str, title: str | None = None) -> str:
    if fmt == "csv":
        return figures_csv(figures)
    if fmt == "markdown":
        return figures_markdown(figures, title)
    raise ValueError(f"unknown format {fmt!r}; expected csv or markdown")


def default_path(name: str, fmt: str, folder: Path | None = None) -> Path:
    """`tanwen-figures-<name>.csv` in the current directory; `name` made file-safe."""
    safe = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-.")[:60] or "figures"
    return (folder or Path.cwd()) / f"tanwen-figures-{safe}{FORMATS[fmt]}"


def write_export(figures, path: Path, fmt: str, title: str | None = None) -> int:
    """Write the file; return how many figures went into it. Raises OSError."""
    figures = list(figures)
    path = Path(path).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_export(figures, fmt, title), encoding="utf-8")
    return len(figures)
