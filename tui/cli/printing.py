"""What the subcommands print: the console for stdout, disk text made fit for one line,
JSON Lines and CSV, and the notes that go to stderr.

`tanwen search --json` imports this module for its notes: rich and the cell arithmetic are
imported only by what uses them (rich.console alone takes 30 ms).
"""

from __future__ import annotations

import sys
from functools import cache
from typing import TYPE_CHECKING

from tanwen.corpus.printable import json_line, printable

if TYPE_CHECKING:
    from rich.console import Console

# Output caps: a heading or a name can be megabytes long (a file with no line breaks).
HEADING_CELLS = 160
LINE_CELLS = 320


def capped(text: str, cells: int = HEADING_CELLS) -> str:
    """One line of disk text for output: printable, and cut to `cells` with … if longer."""
    from tanwen.tui.cells import truncate_cells

    head = printable(text[: cells * 2])            # never more than `cells` * 2 characters needed
    return truncate_cells(head + ("…" if len(text) > cells * 2 else ""), cells)


def capped_path(parts: list[str]) -> str:
    """A section path for output: each heading capped, and the whole line too."""
    from tanwen.tui.cells import section_path

    return capped(section_path([capped(part) for part in parts]), LINE_CELLS)


@cache
def _stdout_console_class() -> type[Console]:
    from rich.console import Console

    class StdoutConsole(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 ("nothing found"); the reader left (`| head`): entry.main ends with 0.
            self.quiet = True
            raise BrokenPipeError

    return StdoutConsole


def stdout_console(piped_width: int = 1000) -> Console:
    """Colours and the terminal's width in a terminal; piped, plain and `piped_width` wide."""
    console = _stdout_console_class()
    if sys.stdout.isatty():
        return console(highlight=False)
    return console(highlight=False, soft_wrap=True, width=piped_width)


def write_jsonl(records) -> None:
    """One JSON object a line, Chinese as it is."""
    sys.stdout.writelines(json_line(record) + "\n" for record in records)


def write_csv(header: list[str], rows) -> None:
    import csv                      # 3 ms, for the commands that write CSV only
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    sys.stdout.write(out.getvalue())


def say(line: str) -> None:
    """A note on stderr (`tanwen: …`): what the output alone would not tell."""
    print(f"tanwen: {line}", file=sys.stderr)


def summary(text: str) -> None:
    """The dim line under a listing (counts, time), on stderr so that stdout stays data."""
    from rich.console import Console

    Console(stderr=True, highlight=False).print(text, style="dim", markup=False)


def report_skipped(name: str, reason: str) -> None:
    say(f"skipped {capped(name, LINE_CELLS)}: {capped(reason, LINE_CELLS)}")
