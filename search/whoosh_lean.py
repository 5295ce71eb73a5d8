"""Importing Whoosh without the modules of it a search never runs.

`whoosh.compat` imports urllib.request for a download helper nothing calls (and with it
email, http.client, ssl and socket), and `whoosh.reading` imports the cached_property
package, which imports asyncio for coroutine properties Whoosh has none of: together a
fifth of a cold `tanwen search`'s imports. While Whoosh is imported here, both stand in
small: the download helper imports the real module if it is ever called, and
`cached_property` is the standard library's (the one property Whoosh caches is a plain
method's). The stand-ins are then taken out of `sys.modules`, so whoever imports those
modules afterwards gets the real ones.

Import this module before any other Whoosh import on a path that should start fast.
"""

from __future__ import annotations

import functools
import sys
import types

STAND_INS = ("urllib.request", "cached_property")


def _urlretrieve(*args, **kwargs):
    from importlib import import_module

    return import_module("urllib.request").urlretrieve(*args, **kwargs)


def _stand_ins() -> dict[str, types.ModuleType]:
    request = types.ModuleType("urllib.request")
    request.urlretrieve = _urlretrieve
    cached = types.ModuleType("cached_property")
    cached.cached_property = functools.cached_property
    return {"urllib.request": request, "cached_property": cached}


def import_whoosh() -> None:
    """Import the Whoosh modules that pull those in, with the stand-ins (once)."""
    if "whoosh.reading" in sys.modules:
        return
    installed = {name: module for name, module in _stand_ins().items() if name not in sys.modules}
    sys.modules.update(installed)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in installed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


import_whoosh()
