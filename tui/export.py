"""Writing a list of figures to a file, as CSV or as a Markdown table.

The columns are those of `tanwen figures --csv` / `--markdown`, so a file exported from the
app and one written by the command line read the same.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

FORMATS = {"csv": ".csv", "markdown": ".md"}
# CSV: every field of the record (corpus.figures.FIELDS); Markdown: the readable ones.
COLUMNS = ("text", "start", "end", "kind", "value", "value_end", "unit", "qualifier", "direction",
           "metric", "period", "sentence", "source", "section_id", "block_id")
MARKDOWN_COLUMNS = ("text", "kind", "value", "unit", "metric", "period", "source", "section_id")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() and abs(value) < 1e16 else repr(value)
    return str(value)


def _value(figure) -> str:
    """282,100,000,000 · 3.44 · 2025–2027 (as the command line shows values)."""
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
    columns = MARKDOWN_COLUMNS
    lines = [f"# {_md(title)}", ""] if title else []
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "---|" * len(columns))
    for figure in figures:
        record = figure.as_record()
        record["value"] = _value(figure)
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
