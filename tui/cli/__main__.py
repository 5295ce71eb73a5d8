"""`python -m tanwen.tui.cli`: the `tanwen` command."""

from tanwen.tui.cli.entry import run

run()
