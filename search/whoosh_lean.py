"""Importing Whoosh without the modules of it a search never runs.

`whoosh.compat` imports urllib.request for a download helper nothing calls (and with it
email, http.client, ssl and socket), and `whoosh.reading` imports the cached_property
package, which imports asyncio for coroutine properties Whoosh has none of: together a
fifth of a cold `tanwen search`'s imports. While Whoosh is imported here, both stand in
small: the download helper imports the real module if it is ever called, and
`cached_property` is the standard library's (the one property Whoosh caches is a plain
method's). The stand-ins are then taken out of `sys.modules`, so whoever imports those
modules afterwards gets the real ones.

So for two more, 8 ms of a cold search: `html` (whoosh.compat takes its `escape`, for
highlighting, which a search never does) and `whoosh.analysis`, whose stemmers and
phonetic tables compile dozens of regular expressions: `whoosh.formats` takes two small
functions from it as it is imported, `whoosh.fields` the module, whose analyzers only a
field made with one calls (the index's field has none). Whoosh gets a stand-in whose
functions and attributes fetch the real ones from the real package, imported then.

Import this module before any other Whoosh import on a path that should start fast.
"""

from __future__ import annotations

import functools
import sys
import types

from tanwen.search.stand_ins import Deferred, standing_in

STAND_INS = ("urllib.request", "cached_property", "html", "whoosh.analysis")


def _stand_ins() -> dict[str, types.ModuleType]:
    request = Deferred("urllib.request", ("urlretrieve",))
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property
    html = Deferred("html", ("escape",))
    # Not a package: none of its modules is loaded. whoosh.formats takes two functions of it
    # as it is imported.
    analysis = Deferred("whoosh.analysis", ("unstopped", "entoken"))
    return {"urllib.request": request, "cached_property": cached, "html": html,
            "whoosh.analysis": analysis}


def import_whoosh() -> None:
    """Import the Whoosh modules that pull those in, with the stand-ins (once)."""
    if "whoosh.reading" in sys.modules:
        return
    with standing_in(_stand_ins()):
        import whoosh.compat  # noqa: F401
        import whoosh.reading  # noqa: F401


import_whoosh()
