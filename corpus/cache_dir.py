"""The user's cache directory for tanwen: the indexes (`search.index_store`), the prepared
built-in corpus (`corpus.prepared`) and the word counts of the views all live under it.
`$TANWEN_CACHE_DIR` overrides it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CACHE_ENV = "TANWEN_CACHE_DIR"
APP_NAME = "tanwen"

# Linux's per-user folders, as platformdirs names them: $XDG_*_HOME, else under the home.
_XDG = {"cache": ("XDG_CACHE_HOME", ".cache"), "config": ("XDG_CONFIG_HOME", ".config")}


def cache_root() -> Path:
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_folder("cache")


def user_folder(kind: str) -> Path:
    """tanwen's per-user "cache" or "config" folder, as `platformdirs.user_<kind>_dir` names
    it. On Linux it is told from the environment here: importing platformdirs is some 5 ms
    of every command (each searches with the config folder's user dictionary, if any).
    Elsewhere, or when a variable is set in a way platformdirs versions read differently
    (a relative path), platformdirs tells it."""
    variable, under_home = _XDG[kind]
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        xdg = os.environ.get(variable, "")
        home = os.environ.get("HOME", "")
        if os.path.isabs(xdg):
            return Path(xdg, APP_NAME)
        if not xdg.strip() and os.path.isabs(home):
            return Path(home, under_home, APP_NAME)
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME))
