"""The `tanwen` command line: `entry` (main, exit codes), `parser` (the arguments), `printing`,
`opening` (the corpus and the article a user named), and a module per group of subcommands
(`structure`, `searching`, `figures`, `views`), each loading what it needs lazily.

The app never imports this package; it runs the app through `tanwen.tui.app.run_app`, which
returns an exit code and a message that `entry` prints.
"""
