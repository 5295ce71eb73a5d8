"""tanwen's per-user folders, told from the environment on Linux, are where platformdirs puts
them, whatever the environment says."""

import sys

import platformdirs
import pytest

from tanwen.corpus.cache_dir import CACHE_ENV, cache_root, user_folder

ENVIRONMENTS = [
    {},                                                         # neither variable: under $HOME
    {"XDG_CACHE_HOME": "/srv/cache", "XDG_CONFIG_HOME": "/srv/config/"},
    {"XDG_CACHE_HOME": "", "XDG_CONFIG_HOME": "   "},           # blank: as if not set
    {"XDG_CACHE_HOME": "relative/cache", "XDG_CONFIG_HOME": "relative"},
    {"HOME": "/home/someone/"},
    {"HOME": "relative-home"},
    {"HOME": "/"},
]


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_user_folders_are_platformdirs_own(environment, monkeypatch):
    monkeypatch.setenv("HOME", "/home/user")
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", CACHE_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert user_folder("cache") == cache_root() == platformdirs.user_cache_path("tanwen")
    assert user_folder("config") == platformdirs.user_config_path("tanwen")


@pytest.mark.skipif(sys.platform != "linux", reason="elsewhere platformdirs always tells")
def test_on_linux_they_are_told_without_platformdirs(monkeypatch):
    monkeypatch.setenv("HOME", "/home/user")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)      # importing it fails
    assert str(user_folder("config")) == "/home/user/.config/tanwen"
