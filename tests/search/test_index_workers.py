"""Writing segments in worker processes: what the parent loads for them before forking."""

import multiprocessing
import threading

import pytest

from tanwen.search.index_workers import build_in_processes

loaded_here: list[str] = []


def _what_the_worker_found(folder: str, job, report) -> list[str]:
    return list(loaded_here)


def _load() -> None:
    loaded_here.append("loaded before the fork")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")
def test_forked_workers_find_what_the_parent_loaded_before_forking():
    assert threading.active_count() == 1       # else workers are spawned, and load their own
    loaded_here.clear()
    shares = build_in_processes(_what_the_worker_found, "unused", [["a"], ["b"]], None,
                                before_fork=_load)
    assert loaded_here == ["loaded before the fork"]          # once, here
    assert shares.built == [["loaded before the fork"]] * 2   # and in each worker
