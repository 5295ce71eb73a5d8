"""A bare `tanwen` opens the app without building the command line's parser: it does what
parsing no arguments would (the app, on the default corpus), sooner."""

import os
import subprocess
import sys

BARE_START = """
import sys
from tanwen.tui.cli.entry import main
code = main([])
loaded = [name for name in ("argparse", "tanwen.tui.cli.parser") if name in sys.modules]
print(code, loaded)
"""


def test_a_bare_tanwen_does_not_build_the_parser(tmp_path):
    # stdin and stdout are no terminal here: the app says so and exits 2, as it always has.
    done = subprocess.run([sys.executable, "-P", "-c", BARE_START], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60,
                          env={**os.environ, "TANWEN_CACHE_DIR": str(tmp_path)})
    assert done.stdout.strip() == "2 []", done.stderr
    assert done.stderr.startswith("tanwen: error: the app needs a terminal")


def test_no_arguments_parse_to_the_app_on_the_default_corpus():
    """What the shortcut stands for: keep it so if the parser changes."""
    from tanwen.tui.cli.parser import build_parser

    args = build_parser().parse_args([])
    assert (args.command, args.corpus, args.debug) == (None, None, False)
