"""Modules that stand in for others while a library is imported (search.whoosh_lean,
search.numpy_lean): what the library's own modules take from them at import time, without
the cost of the real ones."""

from __future__ import annotations

import sys
import types
from contextlib import contextmanager
from importlib import import_module
from typing import Callable, Iterable, Iterator


def forwarding(module: str, name: str) -> Callable:
    """A stand-in for function `name` of `module`: it calls the real one, importing the real
    module on the first call (by then the stand-ins are gone from `sys.modules`)."""

    def forwarded(*args, **kwargs):
        return getattr(import_module(module), name)(*args, **kwargs)

    forwarded.__name__ = forwarded.__qualname__ = name
    return forwarded


class Deferred(types.ModuleType):
    """A module for a library to import in place of a costly one it uses only later, if ever:
    the functions named `forwarded` call the real module's (so `from it import f` at import
    time costs nothing); anything else asked of it is the real module's, imported then.
    Asked while it still stands in, it takes itself out of `sys.modules` first."""

    def __init__(self, name: str, forwarded: Iterable[str] = ()) -> None:
        super().__init__(name)
        for function in forwarded:
            setattr(self, function, forwarding(name, function))

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(import_module(self.__name__), name)


@contextmanager
def standing_in(stand_ins: dict[str, types.ModuleType]) -> Iterator[None]:
    """`stand_ins` in `sys.modules` (those whose names are not imported already) for the
    time of the block; each taken out after it, unless something replaced it meanwhile."""
    installed = {name: module for name, module in stand_ins.items() if name not in sys.modules}
    sys.modules.update(installed)
    try:
        yield
    finally:
        for name, module in installed.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
