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
import time
from pathlib import Path

import pytest

from tanwen.corpus import load_corpus
from tanwen.search import SearchEngine
from tanwen.search.doctable import DocTable
from tanwen.search.index_store import IndexStore

REPO = Path(__file__).resolve().parents[2]
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
    """The processes `pid` started, from any of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def index_workers(pid: int) -> list[int]:
    """The children of `pid` that build an index or figures (not multiprocessing's tracker)."""
    found = []
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in command:
            found.append(child)
    return found


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


def test_a_killed_figures_command_leaves_no_worker(corpus_6mb, tmp_path):
    figures = tanwen("--corpus", corpus_6mb, "figures", "--json", cache=tmp_path / "cache")
    [worker] = wait_for_workers(figures, count=1)
    figures.kill()
    figures.communicate(timeout=20)
    assert wait_until_gone([worker], timeout=2) == [], "the figures worker outlived its parent"


def _as_a_foreground_job() -> None:
    # A job started in the background by a shell without job control (`pytest … &`, some CI
    # runners) ignores SIGINT, and so would the indexer it starts: Ctrl-C comes from a
    # terminal to its foreground job, which does not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_to_the_parent_alone_ends_the_build_at_once(corpus_6mb, tmp_path):
    cache = tmp_path / "cache"
    indexer = tanwen("--corpus", corpus_6mb, "index", cache=cache, preexec_fn=_as_a_foreground_job)
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
    (store.path / "MAIN_deadbeef00000000.tww").write_bytes(b"x" * 1000)   # as a kill leaves
    (store.path / "tanwen-99.tmp").write_text("{")
    (store.path / "notes.txt").write_text("not ours")
    (small_corpus / "a1.md").write_text(ARTICLE.format(n=7), encoding="utf-8")
    store.sync()
    left = own_files(store.path)
    assert "MAIN_deadbeef00000000.tww" not in left and "tanwen-99.tmp" not in left
    assert "notes.txt" in left


# -- 10.12: a worker killed (as by the OOM killer) ---------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM])
def test_a_worker_killed_midway_is_replaced_by_one_process(corpus_2mb, tmp_path, monkeypatch, signum):
    cache = tmp_path / "cache"
    indexer = tanwen("--corpus", corpus_2mb, "index", cache=cache)
    workers = wait_for_workers(indexer)
    time.sleep(0.3)
    os.kill(workers[0], signum)                      # as the OOM killer does (SIGKILL)
    stdout, stderr = indexer.communicate(timeout=120)
    assert indexer.returncode == 0, stderr
    assert "Traceback" not in stderr and "BrokenProcessPool" not in stderr
    assert f"killed by {signum.name}" in stdout and "indexed on one process" in stdout
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(cache))
    engine = SearchEngine(path=corpus_2mb)
    assert engine.open_existing_index()
    assert engine.search("天津", limit=None).total == scan_total(corpus_2mb, "天津") > 0


# -- 10.2: the app indexes a big corpus --------------------------------------------------------


async def test_the_app_builds_the_index_of_a_big_corpus(corpus_2mb, tmp_path, monkeypatch):
    from tanwen.tui.app import TanwenApp

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    app = TanwenApp(load_corpus(corpus_2mb), build_index=True, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        deadline = time.monotonic() + 120
        while app.index_state.phase != "index" and time.monotonic() < deadline:
            if app.index_state.phase == "scan":
                break
            await pilot.pause(0.2)
        messages = [str(n.message) for n in app._notifications]
        assert app.index_state.phase == "index", messages
        assert not any("unavailable" in m for m in messages)
        assert app.engine.index is not None and len(app.engine.index.tables) >= 2
        assert app.engine.search("天津").mode == "index"
    assert wait_until_gone(index_workers(os.getpid())) == []


async def test_closing_the_app_during_a_build_ends_its_workers(corpus_6mb, tmp_path, monkeypatch):
    from tanwen.tui.app import TanwenApp

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    app = TanwenApp(load_corpus(corpus_6mb), build_index=True, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        deadline = time.monotonic() + 60
        while len(index_workers(os.getpid())) < 2 and time.monotonic() < deadline:
            await pilot.pause(0.1)
        workers = index_workers(os.getpid())
        assert len(workers) == 2 and app.index_state.phase == "indexing"
    closed = time.monotonic()            # the app has shut down; its index thread follows
    assert wait_until_gone(workers, timeout=3) == [], "workers still building after the app closed"
    for thread in [t for t in __import__("threading").enumerate() if t.name.startswith("_build_index")]:
        thread.join(timeout=5)
    assert time.monotonic() - closed < 5
    assert own_files(index_dir(corpus_6mb, tmp_path / "cache")) == set()


async def test_the_app_says_why_it_cannot_write_the_index_and_searches(small_corpus, tmp_path,
                                                                         monkeypatch):
    from tanwen.tui.app import TanwenApp

    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(cache))
    app = TanwenApp(load_corpus(small_corpus), build_index=True, keymap={})
    async with app.run_test(size=(120, 35)) as pilot:
        deadline = time.monotonic() + 60
        while not app.index_state.settled and time.monotonic() < deadline:
            await pilot.pause(0.1)
        messages = [str(n.message) for n in app._notifications]
        assert app.index_state.phase == "scan"
        assert any("not a folder" in m and "searching without an index" in m for m in messages), messages
        assert app.engine.search("第1篇").total == 1


# -- 10.16, 10.17: damaged index files, and no pickle ------------------------------------------


@pytest.mark.parametrize("suffix", [".tww", ".tws", ".twg"])
def test_an_index_file_damaged_at_the_same_size_is_rebuilt(small_corpus, tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    for n in range(3, 30):                          # enough blocks for postings of their own
        (small_corpus / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    engine = SearchEngine(path=small_corpus)
    engine.ensure_index()
    expected = engine.search("第1篇", limit=None).matches
    [victim] = [p for p in engine.store.path.glob("MAIN_*") if p.name.endswith(suffix)]
    data = bytearray(victim.read_bytes())
    assert len(data) >= 16
    stat = victim.stat()
    middle = len(data) // 2
    data[middle:middle + 8] = bytes(b ^ 0x5A for b in data[middle:middle + 8])   # same size
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(stat.st_atime_ns, stat.st_mtime_ns))    # and the same dates
    engine = SearchEngine(path=small_corpus)
    report = engine.ensure_index()
    assert report.action == "rebuilt" and "checksum" in report.reason
    assert engine.search("第1篇", limit=None).matches == expected


def test_the_document_table_is_data_not_a_pickle(small_corpus, tmp_path, monkeypatch):
    import pickle

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    engine = SearchEngine(path=small_corpus)
    engine.ensure_index()
    [table] = engine.store.path.glob("MAIN_*.tws")
    assert not table.read_bytes().startswith(b"\x80")          # no pickle protocol header
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    with pytest.raises(ValueError):
        DocTable.read(pickle.dumps(Exploit()))
    assert not marker.exists()


def test_a_planted_whoosh_pickle_runs_nothing_and_the_index_is_rebuilt(small_corpus, tmp_path,
                                                                         monkeypatch):
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import TOC

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    store = IndexStore(small_corpus)
    store.sync()
    marker = tmp_path / "ran"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    ix = FileStorage(str(store.path)).open_index("MAIN")
    # A newer table of contents whose segment list holds a pickle that runs a command.
    TOC(ix.schema, [*ix._segments(), Exploit()], ix.latest_generation() + 1).write(
        FileStorage(str(store.path)), "MAIN")
    engine = SearchEngine(path=small_corpus)
    report = engine.ensure_index()
    assert not marker.exists()
    assert report.action == "rebuilt" and "never writes" in report.reason
    assert engine.search("第1篇").total == 1


def test_an_index_of_an_older_format_is_rebuilt_with_a_reason(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    store = IndexStore(small_corpus)
    store.sync()
    [meta] = store.path.glob("tanwen-*.json")
    data = json.loads(meta.read_text(encoding="utf-8"))
    meta.write_text(json.dumps({**data, "format": "4.7"}), encoding="utf-8")
    report = store.sync()
    assert report.action == "rebuilt" and "another version of tanwen" in report.reason


# -- 10.21: a file rewritten within the second it was indexed ----------------------------------


def test_a_file_rewritten_at_the_same_size_and_mtime_is_reindexed(small_corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    path = small_corpus / "a1.md"
    path.write_text(ARTICLE.format(n=1), encoding="utf-8")
    stamp = path.stat().st_mtime_ns
    store = IndexStore(small_corpus)
    store.sync()                                   # within the second the file was written
    path.write_text(ARTICLE.format(n=8), encoding="utf-8")      # same size
    os.utime(path, ns=(stamp, stamp))
    assert path.stat().st_size == len(ARTICLE.format(n=1).encode())
    report = store.sync()
    assert report.changed == ["a1.md"]
    engine = SearchEngine(path=small_corpus)
    engine.ensure_index()
    assert engine.search("第8篇").total == 1 and engine.search("第1篇").total == 0


def test_an_old_unchanged_file_is_not_hashed_on_every_search(small_corpus, tmp_path, monkeypatch):
    import tanwen.search.update_plan as update_plan

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    for path in small_corpus.iterdir():
        os.utime(path, ns=(10**18, 10**18))        # long before the index is built
    store = IndexStore(small_corpus)
    store.sync()
    hashed = []
    monkeypatch.setattr(update_plan, "sha1_of", lambda path: hashed.append(path) or "")
    assert store.sync().action == "unchanged" and hashed == []


# -- 10.19, 10.20: what `tanwen search` says and does about the index --------------------------


def test_search_merges_many_updates_cheaply_and_says_so(small_corpus, tmp_path, monkeypatch):
    from tanwen.search.index_store import UPDATE_SEGMENTS

    cache = tmp_path / "cache"
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(cache))
    store = IndexStore(small_corpus)
    store.sync()
    for n in range(UPDATE_SEGMENTS):       # 1 segment built + 1 per update; the next merges
        (small_corpus / f"new{n}.md").write_text(ARTICLE.format(n=100 + n), encoding="utf-8")
        assert store.sync().action == "updated"
    (small_corpus / "last.md").write_text(ARTICLE.format(n=200), encoding="utf-8")
    result = run("--corpus", small_corpus, "search", "天津", "--json", cache=cache)
    assert result.returncode == 0, result.stderr
    # It used to rebuild the whole index, silently (21.9 s at 100 MB).
    assert f"updating the index (merging {UPDATE_SEGMENTS} segments of updates)" in result.stderr
    assert result.stdout.count('"block_id"') == 3 + UPDATE_SEGMENTS + 1
    report = store.sync()
    assert report.action == "unchanged"


def test_search_during_someone_elses_first_build_scans_at_once(small_corpus, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("TANWEN_CACHE_DIR", str(cache))
    store = IndexStore(small_corpus)
    store.path.mkdir(parents=True)
    with open(store.path / "tanwen.lock", "a+") as held:       # another process' first build
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        result = run("--corpus", small_corpus, "search", "新质生产力", "--json", cache=cache, timeout=60)
        took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert took < 10, f"took {took:.1f} s"
    assert "building the index; searching the files directly" in result.stderr
    assert result.stdout.count('"block_id"') == 3


# -- 10.7, 10.8: an index that cannot be written ------------------------------------------------


def _mount_tmpfs(folder: Path, size: str) -> bool:
    """A small file system of its own at `folder` (root only); False where none can be made."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


@pytest.fixture
def small_fs(tmp_path):
    """(folder, mounted): a 4 MB tmpfs where root can mount one, else a plain folder."""
    folder = tmp_path / "fs"
    mounted = _mount_tmpfs(folder, "4m")
    yield folder, mounted
    if mounted:
        _unmount(folder)


def _make_read_only(folder: Path, mounted: bool) -> None:
    if mounted:                    # a real read-only file system: even root cannot write it
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:                          # as an ordinary user: no write permission
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o555 if path.is_dir() else 0o444)


def test_a_read_only_cache_serves_a_fresh_index_and_scans_when_stale(small_corpus, small_fs):
    cache, mounted = small_fs
    assert run("--corpus", small_corpus, "index", cache=cache).returncode == 0
    # Without the build's snapshot (search.freshness) the search checks the full way, and
    # cannot write what it found.
    for snapshot in cache.rglob("tanwen-*.fresh"):
        snapshot.unlink()
    _make_read_only(cache, mounted)
    result = run("--corpus", small_corpus, "search", "第1篇", "--json", cache=cache)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "searching the index on disk (it is up to date)" in result.stderr
    assert result.stdout.count('"block_id"') == 1
    (small_corpus / "a1.md").write_text(ARTICLE.format(n=9), encoding="utf-8")   # now stale
    result = run("--corpus", small_corpus, "search", "第9篇", "--json", cache=cache)
    assert result.returncode == 0 and "searching the files directly" in result.stderr
    assert result.stdout.count('"block_id"') == 1
    result = run("--corpus", small_corpus, "index", cache=cache)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "the index is as it was" in result.stderr


def test_a_cache_path_that_is_a_file_scans_and_says_why(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("not a folder")
    result = run("--corpus", small_corpus, "search", "第2篇", "--json", cache=cache)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "not a folder" in result.stderr and "searching the files directly" in result.stderr
    assert result.stdout.count('"block_id"') == 1
    result = run("--corpus", small_corpus, "index", cache=cache)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "not a folder" in result.stderr


def _without_root_overrides():
    """In the child, before exec: drop root's power to ignore file permissions (the
    capability bounding set loses DAC override, DAC read-search and fowner), so root meets
    another user's file as any user would."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):      # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(24, capability, 0, 0, 0) != 0:    # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl")


def test_a_lock_of_another_user_leaves_the_fresh_index_usable(small_corpus, tmp_path):
    cache = tmp_path / "cache"
    assert run("--corpus", small_corpus, "index", cache=cache).returncode == 0
    lock = index_dir(small_corpus, cache) / "tanwen.lock"
    if os.geteuid() == 0:          # root: the lock is nobody's, and root is held to permissions
        os.chown(lock, 65534, 65534)
        lock.chmod(0o644)
        options = {"preexec_fn": _without_root_overrides}
    else:                          # a user: a lock file they cannot write
        lock.chmod(0o444)
        options = {}
    result = run("--corpus", small_corpus, "search", "第2篇", "--json", cache=cache, **options)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "no permission to write the index" in result.stderr
    assert "searching the index on disk (it is up to date)" in result.stderr
    assert result.stdout.count('"block_id"') == 1


def _fill(folder: Path) -> Path:
    """Write a file until the file system is full; return it."""
    filler = folder / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_keeps_the_last_good_index_and_leaves_nothing_behind(small_corpus, small_fs,
                                                                         tmp_path, monkeypatch):
    cache, mounted = small_fs
    assert run("--corpus", small_corpus, "index", cache=cache).returncode == 0
    folder = index_dir(small_corpus, cache)
    before = own_files(folder)
    (small_corpus / "a1.md").write_text(ARTICLE.format(n=5) * 40, encoding="utf-8")
    if mounted:
        filler = _fill(cache)                        # the real thing: ENOSPC from the kernel
        result = run("--corpus", small_corpus, "search", "第1篇", "--json", cache=cache)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr and "the disk is full" in result.stderr
        assert "searching the index as it was" in result.stderr
        assert result.stdout.count('"block_id"') == 1              # the last good generation
        assert own_files(folder) == before                          # no partial segment files
        result = run("--corpus", small_corpus, "index", cache=cache)
        assert result.returncode == 2 and result.stderr.count("\n") == 1
        assert "the disk is full" in result.stderr and own_files(folder) == before
        filler.unlink()
    else:                                             # no tmpfs: the write call fails the same way
        import errno

        import tanwen.search.segment_build as segment_build
        from tanwen.search import DiskFull

        def full(*args, **kwargs):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setenv("TANWEN_CACHE_DIR", str(cache))
        monkeypatch.setattr(segment_build, "write_segment", full)
        with pytest.raises(DiskFull, match="the disk is full"):
            IndexStore(small_corpus).sync()
        assert own_files(folder) == before
        monkeypatch.undo()
    result = run("--corpus", small_corpus, "search", "第5篇", "--json", "--limit", "0", cache=cache)
    assert result.returncode == 0 and result.stdout.count('"block_id"') == 40


@pytest.mark.parametrize("major", ["6", "7"])
def test_an_index_of_a_previous_format_is_rebuilt_with_a_message_not_misread(
        small_corpus, tmp_path, monkeypatch, major):
    """Format 6 (a Whoosh segment with frequencies, lengths, stored ids, kinds and sources;
    TWG3 postings) and format 7 (words in Whoosh's W3 codec: .trm and .pst files) are not
    read as format 8 (tanwen's own codec): they are rebuilt, and the user is told why."""
    from tanwen.corpus.layout_version import LAYOUT_VERSION
    from tanwen.search.doctable import TABLE_VERSION
    from tanwen.search.index_store import FORMAT_VERSION

    monkeypatch.setenv("TANWEN_CACHE_DIR", str(tmp_path / "cache"))
    store = IndexStore(small_corpus)
    store.sync()
    [meta] = store.path.glob("tanwen-*.json")
    data = json.loads(meta.read_text(encoding="utf-8"))
    previous = f"{major}.{TABLE_VERSION}.{LAYOUT_VERSION}"
    assert data["format"] == FORMAT_VERSION != previous
    meta.write_text(json.dumps({**data, "format": previous}), encoding="utf-8")
    engine = SearchEngine(path=small_corpus)
    assert not engine.open_existing_index()
    notices: list[str] = []
    report = engine.ensure_index(notice=notices.append)
    assert report.action == "rebuilt" and "another version of tanwen" in report.reason
    assert any(n.startswith("rebuilding the index (the index was written by another version")
               for n in notices), notices
    assert engine.search("第1篇").total == 1
