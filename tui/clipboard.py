"""Copying text to wherever the user can paste it from.

Every route is tried, because none works everywhere:

1. the terminal, by OSC 52 (`ESC ] 52 ; c ; <base64> BEL`) — works over SSH in most modern
   terminals; ignored by macOS Terminal and VTE-based ones;
2. inside tmux, the same sequence again wrapped in tmux's DCS passthrough
   (`ESC P tmux; … ESC \\`, every ESC doubled): reaches the outer terminal when tmux has
   `allow-passthrough on`, while the bare one works with `set-clipboard on`; and tmux's own
   paste buffer (`tmux load-buffer -w -`), so prefix-] pastes it in any case;
3. the system clipboard when the app runs on the user's own machine (not over SSH without a
   display): pbcopy, wl-copy, xclip or xsel, through pyperclip.

The result says which routes took the text, so the notification can say so — and when only
the unverifiable OSC 52 was possible, it says that too and shows the text to select by hand.
The functions that build sequences and decide routes are pure, for tests.
"""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Callable, Mapping

BEL = "\a"
ESC = "\x1b"
ST = ESC + "\\"


def osc52(text: str, selection: str = "c") -> str:
    """The OSC 52 sequence that asks the terminal to put `text` on the clipboard."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"{ESC}]52;{selection};{payload}{BEL}"


def tmux_passthrough(sequence: str) -> str:
    """`sequence` wrapped so tmux passes it to the outer terminal."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def in_tmux(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX"))


def over_ssh(env: Mapping[str, str]) -> bool:
    return any(env.get(name) for name in ("SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"))


def terminal_sequences(text: str, env: Mapping[str, str]) -> list[str]:
    """What to write to the terminal: the bare OSC 52, plus its tmux passthrough in tmux."""
    sequence = osc52(text)
    if in_tmux(env):
        return [sequence, tmux_passthrough(sequence)]
    return [sequence]


def system_clipboard_usable(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether a system clipboard tool would put the text where the user is: on macOS and
    Windows always; elsewhere only with a display (X11 or Wayland), which over SSH means a
    forwarded one."""
    if platform == "darwin" or platform.startswith("win"):
        return True
    return bool(env.get("WAYLAND_DISPLAY") or env.get("DISPLAY"))


def pyperclip_copy(text: str) -> str | None:
    """Copy with the tool pyperclip finds; its name (xclip, wl-copy…), or None."""
    try:
        import pyperclip

        copy, _paste = pyperclip.determine_clipboard()
        copy(text)
    except Exception:  # pyperclip raises its own exception, or OSError from the tool
        return None
    name = getattr(copy, "__name__", "") or type(copy).__name__
    name = name.removeprefix("copy_")
    return {"osx_pbcopy": "pbcopy", "wl": "wl-copy", "osx_pyobjc": "macOS pasteboard"}.get(name, name)


def tmux_buffer(text: str) -> bool:
    """Put `text` into tmux's paste buffer (and, with -w, the clipboard tmux knows of)."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return False
    for command in ([tmux, "load-buffer", "-w", "-"], [tmux, "load-buffer", "-"]):
        try:
            done = subprocess.run(command, input=text.encode("utf-8"), capture_output=True, timeout=2)
        except (OSError, subprocess.SubprocessError):
            return False
        if done.returncode == 0:
            return True
    return False


@dataclass
class CopyOutcome:
    text: str
    what: str                                  # "figure", "citation", "caption"…
    routes: list[str] = field(default_factory=list)
    verified: bool = False                     # a route that surely took it (tmux, system)

    def summary(self) -> tuple[str, str, str]:
        """(title, message, severity) for a notification; plain text, never markup.

        When no route surely took the text, the notification is the user's copy of it (to
        select by hand): the whole text. Otherwise a long text is shortened."""
        title = f"Copied {self.what}"
        if self.verified:
            shown = self.text if len(self.text) <= 160 else self.text[:159] + "…"
            return title, f"{shown}\n→ {', '.join(self.routes)}", "information"
        message = (
            f"{self.text}\n→ sent to the terminal (OSC 52) only. If pasting does not work,"
            " select the text above (shift+drag). A system clipboard needs xclip, xsel or"
            " wl-clipboard here."
        )
        return title, message, "warning"


def copy_everywhere(
    text: str,
    what: str,
    *,
    write_terminal: Callable[[str], None] | None,
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    system: Callable[[str], str | None] = pyperclip_copy,
    tmux: Callable[[str], bool] = tmux_buffer,
) -> CopyOutcome:
    """Send `text` down every route that may work; say which did."""
    env = os.environ if env is None else env
    outcome = CopyOutcome(text, what)
    if write_terminal is not None:
        for sequence in terminal_sequences(text, env):
            write_terminal(sequence)
        outcome.routes.append("terminal (OSC 52)")
    if in_tmux(env) and tmux(text):
        outcome.routes.append("tmux buffer")
        outcome.verified = True
    if system_clipboard_usable(env, platform):
        tool = system(text)
        if tool:
            outcome.routes.append(f"system clipboard ({tool})")
            outcome.verified = True
    return outcome


__all__ = ["CopyOutcome", "copy_everywhere", "in_tmux", "osc52", "over_ssh", "pyperclip_copy",
           "system_clipboard_usable", "terminal_sequences", "tmux_buffer", "tmux_passthrough"]
