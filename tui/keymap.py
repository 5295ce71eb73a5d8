"""The user's keymap: binding id → keys, from `keymap.toml` in the user config directory.

    # ~/.config/tanwen/keymap.toml  (or the file $TANWEN_KEYMAP names)
    next-hit = "ctrl+n"
    previous-hit = "ctrl+b,N"
    toggle-figures = "F"

A `[keys]` table holding the same entries works too. Every binding id is listed on the help
screen (f1) and in tui/keys.py. An unknown id (a typo) is named in a warning and the other
lines still apply; a file that does not parse is reported, not fatal.
"""

from __future__ import annotations

import os
from pathlib import Path

from tanwen.corpus.cache_dir import user_folder
from tanwen.tui.keys import BY_ID

KEYMAP_ENV = "TANWEN_KEYMAP"


def keymap_path() -> Path:
    from_env = os.environ.get(KEYMAP_ENV)
    if from_env:
        return Path(from_env).expanduser()
    return user_folder("config") / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """(keymap, problem): the mapping, and why the file was ignored, if it was."""
    path = path or keymap_path()
    if not path.is_file():
        return {}, None
    import tomllib          # only with a keymap to read: most starts have none

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return {}, f"{path}: ignored ({error})"
    table = data.get("keys", data) if isinstance(data.get("keys"), dict) else data
    keymap = {str(k): str(v) for k, v in table.items() if isinstance(v, str) and v.strip()}
    unknown = sorted(binding_id for binding_id in keymap if binding_id not in BY_ID)
    if unknown:
        return ({k: v for k, v in keymap.items() if k in BY_ID},
                f"{path}: no key has the id {', '.join(unknown)} (ignored; f1 lists every id)")
    return keymap, None
