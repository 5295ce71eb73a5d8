"""Exit codes and the error line of the `tanwen` command, shared by its subcommands."""

from __future__ import annotations

import sys

EXIT_OK, EXIT_NOTHING_FOUND, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


def fail(message: str) -> int:
    print(f"tanwen: error: {message}", file=sys.stderr)
    return EXIT_ERROR
