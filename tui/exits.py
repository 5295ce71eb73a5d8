"""Exit codes and the error line of the `tanwen` command, shared by its subcommands."""

from __future__ import annotations

import sys

# 3: an internal error (a bug), not 1, which says "nothing found".
EXIT_OK, EXIT_NOTHING_FOUND, EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def fail(message: str) -> int:
    from tanwen.corpus.printable import printable   # the message may quote a path or an ID

    print(f"tanwen: error: {printable(message)}", file=sys.stderr)
    return EXIT_ERROR
