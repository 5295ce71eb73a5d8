"""corpus/ and search/ stay free of the UI, so scripts and other front ends can use them."""

import subprocess
import sys


def test_engine_packages_do_not_import_textual():
    code = (
        "import sys, pkgutil, importlib\nfrom tanwen import corpus, search\n"
        "for pkg in (corpus, search):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
