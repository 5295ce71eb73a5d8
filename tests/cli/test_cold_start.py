"""What the `tanwen` program does for a quick start and leaves as it was once a command runs."""

import gc
import sys

import pytest

from tanwen.tui.cli import entry, searching


def run_program(monkeypatch, argv: list[str]) -> int:
    """`tanwen` as its console script runs it (which pauses the collector); its exit code."""
    monkeypatch.setattr(sys, "argv", argv)
    try:
        with pytest.raises(SystemExit) as exited:
            entry.run()
    finally:
        gc.unfreeze()
        gc.enable()
    return exited.value.code


def test_the_collector_is_paused_while_a_command_imports_and_on_when_it_runs(monkeypatch):
    seen = {}
    resume = entry._resume_collector

    def resumed() -> None:
        seen.setdefault("paused before", not gc.isenabled())
        resume()

    def command(args) -> int:
        seen["on in the command"] = gc.isenabled()
        seen["imports frozen"] = gc.get_freeze_count() > 0
        return 0

    monkeypatch.setattr(entry, "_resume_collector", resumed)
    monkeypatch.setattr(searching, "run", command)
    assert run_program(monkeypatch, ["tanwen", "search", "创新"]) == 0
    assert seen == {"paused before": True, "on in the command": True, "imports frozen": True}


def test_the_collector_is_on_again_when_the_app_runs(monkeypatch):
    """Paused for the imports, as for a command; an app left without it would keep every
    cycle it ever made."""
    import tanwen.tui.app as app_module

    seen = {}

    def run_app(path):
        seen["on when the app runs"] = gc.isenabled()
        seen["imports frozen"] = gc.get_freeze_count() > 0
        return 0, None

    monkeypatch.setattr(app_module, "run_app", run_app)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert run_program(monkeypatch, ["tanwen"]) == 0
    assert seen == {"on when the app runs": True, "imports frozen": True}
