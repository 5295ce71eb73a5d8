"""`python -m tanwen.tui.cli`: the `tanwen` command."""

import sys

from tanwen.tui.cli.entry import main

sys.exit(main())
