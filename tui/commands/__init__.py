"""Handlers of the `tanwen` subcommands; each loads what it needs lazily."""
