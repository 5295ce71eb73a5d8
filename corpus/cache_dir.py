"""The user's cache directory for tanwen: the indexes (`search.index_store`), the prepared
built-in corpus (`corpus.prepared`) and the word counts of the views all live under it.
`$TANWEN_CACHE_DIR` overrides it."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "TANWEN_CACHE_DIR"


def cache_root() -> Path:
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return Path(from_env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tanwen"))
