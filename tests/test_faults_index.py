"""Faults on the index side, as they happen: real `tanwen` processes, real signals, real files,
a real full disk where one can be made (a small tmpfs), a lock held by another process.

Every test here failed before its fix (issue 10, items 1, 2, 7, 8, 12, 16–21)."""

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tanwen.corpus import load_corpus
from tanwen.search import SearchEngine
from tanwen.search.doctable import DocTable
from tanwen.search.index_store import IndexStore

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "# 标题{n}\n\n天津第{n}篇文章，新质生产力。\n\n记者 某某\n"


# -- helpers ---------------------------------------------------------------------------------


def generated_corpus(tmp_path_factory, megabytes: float) -> Path:
    """A copy of bench's generated corpus of that size (deterministic text, 100 KB files)."""
    made = subprocess.run([sys.executable, "-m", "bench.corpora", str(megabytes)], cwd=REPO,
                          capture_output=True, text=True, check=True)
    copy = tmp_path_factory.mktemp(f"corpus-{megabytes}mb") / "articles"
    shutil.copytree(made.stdout.strip(), copy, ignore=shutil.ignore_patterns(".complete"))
    return copy


@pytest.fixture(scope="session")
def corpus_2mb(tmp_path_factory):
    return generated_corpus(tmp_path_factory, 2.2)


@pytest.fixture(scope="session")
def corpus_6mb(tmp_path_factory):
    return generated_corpus(tmp_path_factory, 6)


@pytest.fixture
def small_corpus(tmp_path):
    root = tmp_path / "articles"
    root.mkdir()
    for n in range(3):
        (root / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    return root


def tanwen(*args, cache: Path, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "TANWEN_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-P", "-m", "tanwen.tui.cli", *map(str, args)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def run(*args, cache: Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    process = tanwen(*args, cache=cache, **kwargs)
    stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def wait_for_workers(process: subprocess.Popen, count: int = 2, timeout: float = 60) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = children(process.pid)
        if len(found) >= count:
            return found
        assert process.poll() is None, process.communicate()
        time.sleep(0.02)
    pytest.fail(f"no {count} worker processes after {timeout} s")


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_until_gone(pids: list[int], timeout: float = 5) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(map(alive, pids)):
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


def lock_is_free(index_dir: Path) -> bool:
    with open(index_dir / "tanwen.lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def index_dir(root: Path, cache: Path) -> Path:
    [found] = (cache / "indexes").iterdir()
    return found


def own_files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name != "tanwen.lock"}


def scan_total(root: Path, query: str) -> int:
    return SearchEngine(load_corpus(root)).search(query, limit=None).total


# -- 10.1, 10.18: killed or interrupted builds ------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_indexer_leaves_no_worker_and_no_lock(corpus_6mb, tmp_path, signum):
    cache = tmp_path / "cache"
    indexer = tanwen("--corpus", corpus_6mb, "index", cache=cache)
    workers = wait_for_workers(indexer)
    time.sleep(0.5)                                  # well into the build
    indexer.send_signal(signum)
    indexer.communicate(timeout=20)
    assert wait_until_gone(workers) == [], "workers outlived their parent"
    assert lock_is_free(index_dir(corpus_6mb, cache))
    if signum == signal.SIGTERM:                     # ended cleanly: nothing half-written left
        assert indexer.returncode == 128 + signal.SIGTERM
        assert own_files(index_dir(corpus_6mb, cache)) == set()


def test_ctrl_c_to_the_parent_alone_ends_the_build_at_once(corpus_6mb, tmp_path):
    cache = tmp_path / "cache"
    indexer = tanwen("--corpus", corpus_6mb, "index", cache=cache)
    workers = wait_for_workers(indexer)
    time.sleep(0.5)
    interrupted = time.monotonic()
    indexer.send_signal(signal.SIGINT)               # the parent only, not its process group
    _, stderr = indexer.communicate(timeout=60)
    took = time.monotonic() - interrupted
    assert took < 2.0, f"took {took:.1f} s to stop"
    assert indexer.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    assert wait_until_gone(workers) == []
    assert own_files(index_dir(corpus_6mb, cache)) == set()     # no partial segment files


def test_files_left_by_a_killed_build_are_removed_by_the_next(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    store = IndexStore(small_corpus)
    store.sync()
    (store.path / "MAIN_deadbeef00000000.trm").write_bytes(b"x" * 1000)   # as a kill leaves
    (store.path / "tanwen-99.tmp").write_text("{")
    (store.path / "notes.txt").write_text("not ours")
    (small_corpus / "a1.md").write_text(ARTICLE.format(n=7), encoding="utf-8")
    store.sync()
    left = own_files(store.path)
    assert "MAIN_deadbeef00000000.trm" not in left and "tanwen-99.tmp" not in left
    assert "notes.txt" in left


# -- 10.12: a worker killed (as by the OOM killer) ---------------------------------------------


def test_a_worker_killed_midway_is_replaced_by_one_process(corpus_2mb, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    indexer = tanwen("--corpus", corpus_2mb, "index", cache=cache)
    workers = wait_for_workers(indexer)
    time.sleep(0.3)
    os.kill(workers[0], signal.SIGKILL)
    stdout, stderr = indexer.communicate(timeout=120)
    assert indexer.returncode == 0, stderr
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    assert "killed by SIGKILL" in stdout and "indexed on one process" in stdout
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(cache))
    engine = SearchEngine(path=corpus_2mb)
    assert engine.open_existing_index()
    assert engine.search("天津", limit=None).total == scan_total(corpus_2mb, "天津") > 0
