"""A package's public names, each loaded from its module when first used (PEP 562): importing
the package costs nothing until then. `tanwen.corpus` and `tanwen.search` export theirs so."""

from __future__ import annotations

from importlib import import_module
from typing import Callable


def lazy_exports(package: dict, names: dict[str, str], *,
                 looked_up_each_time: frozenset[str] = frozenset()) -> Callable[[str], object]:
    """The `__getattr__` of a package (`package`: its globals) whose public `names` map to the
    modules that define them. A name is kept in the package once loaded, but for those
    `looked_up_each_time`."""

    def __getattr__(name: str):
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package['__name__']!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        if name not in looked_up_each_time:
            package[name] = value
        return value

    return __getattr__
