"""Shared by the figures tests."""

from tanwen.corpus.figures import extract as E
from tanwen.corpus.figures import patterns as P


def reference_scan(text, folded, year):
    """What the fast scan must find: patterns.MASTER tries every alternative at every
    position — slow, and the reference."""
    found = []
    for match in P.MASTER.finditer(folded):
        if match.lastgroup != "issue":
            raw = E._HANDLERS[match.lastgroup](match, text, folded, year)
            if raw is not None:
                found.append(raw)
    return found
