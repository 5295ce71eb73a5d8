"""numpy imported without its docstrings and linear algebra (search.numpy_lean): what tanwen
uses of it works as before, and what it stood in for is there when asked for."""

import os
import subprocess
import sys

NUMPY_LEAN_THEN_USE = """
import sys
import tanwen.search.numpy_lean
import numpy as np

skipped = ["numpy.linalg", "numpy._typing", "numpy._core._add_newdocs", "platform", "textwrap",
           "ctypes"]
print("imported:", [name for name in skipped if name in sys.modules])
a = np.arange(12, dtype=np.uint32).reshape(3, 4)
print("arrays:", int(a.sum()), int(np.searchsorted(a[0], 2)))
# What numpy imports later for what it took from a deferred module is the real one.
import ctypes
print("ctypes:", a.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32))[11], "platform" in sys.modules)
# The functions numpy's own modules took from the stand-in call the real ones …
print("matrix power:", (np.matrix([[1, 1], [0, 1]]) ** 3).tolist())
print("polyfit:", np.round(np.polyfit([0, 1, 2], [1, 3, 5], 1), 6).tolist())
# … and numpy.linalg, asked for, is the real module.
print("linalg:", np.linalg.__name__, type(np.linalg).__name__, np.linalg.inv([[2.0]]).tolist())
print("stand-ins left:", [name for name in skipped if type(sys.modules.get(name)).__name__ == "Deferred"])
"""


def test_numpy_imported_lean_does_what_tanwen_and_numpy_ask_of_it():
    done = subprocess.run([sys.executable, "-P", "-c", NUMPY_LEAN_THEN_USE],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines == ["imported: []", "arrays: 66 2", "ctypes: 11 False", "matrix power: [[1, 3], [0, 1]]",
                     "polyfit: [2.0, 1.0]", "linalg: numpy.linalg module [[0.5]]",
                     "stand-ins left: []"]


SEARCH_AND_LIST_MODULES = """
import sys
from tanwen.tui.cli.entry import main
code = main(["search", "创新", "--limit", "5"])
print(code, sorted(name for name in sys.modules if name.startswith(("numpy.linalg", "numpy._typing",
                                                                     "numpy._core._add_newdocs"))))
"""


def test_a_search_imports_neither_numpys_docstrings_nor_its_linear_algebra(tmp_path):
    env = {**os.environ, "TANWEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-P", "-c", SEARCH_AND_LIST_MODULES], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "0 []"


def test_what_the_stand_in_does_not_forward_is_the_real_modules():
    """Another numpy's modules may take more from numpy.linalg as they are imported (a class
    for an `except`): that comes from the real module, not a forwarding function."""
    code = ("import sys\nfrom tanwen.search import numpy_lean, stand_ins\n"
            "stand_in = stand_ins.Deferred(numpy_lean.LINALG, numpy_lean.FORWARDED)\n"
            "sys.modules[numpy_lean.LINALG] = stand_in\n"
            "error = stand_in.LinAlgError\n"
            "import numpy.linalg\n"
            "print(error is numpy.linalg.LinAlgError, issubclass(error, Exception),\n"
            "      sys.modules[numpy_lean.LINALG] is not stand_in)\n")
    done = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]


def test_whichever_module_brings_numpy_in_brings_it_lean():
    """The app imports the engine first, the views their own modules, the command line the
    index store: each takes numpy through numpy_lean."""
    skipped = ("numpy.linalg", "numpy._typing", "numpy._core._add_newdocs")
    for module in ("tanwen.search.engine", "tanwen.search.doctable", "tanwen.search.grams",
                   "tanwen.search.views.collocates", "tanwen.search.segment_writer"):
        code = (f"import sys\nimport {module}\nassert 'numpy' in sys.modules\n"
                f"print([name for name in {skipped!r} if name in sys.modules])")
        done = subprocess.run([sys.executable, "-P", "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "[]", module

