"""Importing numpy without the parts of it tanwen never runs.

numpy's import loads, beside the arrays and their functions, the docstrings of hundreds of
its C functions and methods (`numpy._core._add_newdocs`, each cleaned up as it is set), and
`numpy.linalg` with `numpy._typing`, for four functions that its matrix and polynomial
modules take as they are imported (matrix_power; eigvals, inv, lstsq): together some 100
million instructions, an eighth of a cold `tanwen search`. Searches, views and index builds
do arithmetic on arrays; none reads a docstring or does linear algebra.

While numpy is imported here, the docstring modules stand in empty (numpy's C functions
then have no docstrings in this process) and `numpy.linalg` stands in as functions that
call the real module's, imported then; so do `platform`, `textwrap` and `ctypes`, which
numpy imports for functions tanwen never calls (`stand_ins.Deferred`). The stand-ins are
then taken out of `sys.modules`: `np.linalg` (which numpy imports on first use) is the real
module, and importing a docstring module afterwards sets its docstrings as usual.

Only for numpy 2's layout (`numpy/_core`); any other numpy is imported as it is. tanwen's
modules take numpy from here (`from tanwen.search.numpy_lean import np`), so whichever of
them a process imports first, numpy comes in this way.
"""

from __future__ import annotations

import os
import sys
import types
from importlib.machinery import PathFinder

from tanwen.search.stand_ins import Deferred, standing_in

DOCSTRINGS = ("numpy._core._add_newdocs", "numpy._core._add_newdocs_scalars")
LINALG = "numpy.linalg"


# What numpy 2's matrix and polynomial modules take from numpy.linalg as they are imported.
FORWARDED = frozenset({"matrix_power", "eigvals", "inv", "lstsq"})
# Modules numpy imports for what tanwen never calls: `show_runtime` (platform), deprecation
# notes (textwrap), an array's `.ctypes` (ctypes). Some 6 ms of a cold search.
DEFERRED = ("platform", "textwrap", "ctypes")


def _numpy_2_layout() -> bool:
    """Whether the numpy to be imported keeps its core in `numpy/_core` (numpy 2), found
    without importing it."""
    spec = PathFinder.find_spec("numpy")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    return any(os.path.isfile(os.path.join(folder, "_core", "_add_newdocs.py")) for folder in folders)


def import_numpy() -> None:
    """Import numpy with the stand-ins (once; nothing if it is imported already)."""
    if "numpy" in sys.modules or not _numpy_2_layout():
        return
    stand_ins = {name: types.ModuleType(name) for name in DOCSTRINGS}
    stand_ins[LINALG] = Deferred(LINALG, FORWARDED)
    stand_ins.update((name, Deferred(name)) for name in DEFERRED)
    with standing_in(stand_ins):
        import numpy  # noqa: F401


import_numpy()

import numpy as np  # noqa: E402, F401 (imported above, lean; the name the modules take)
