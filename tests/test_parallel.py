"""Worker processes for long lists (pitch_lib.parallel): the same results, in order, as one process,
and one process when workers cannot start or stop halfway."""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
import types

import pytest

import pitch_lib.parallel as parallel
from pitch_lib.parallel import map_chunks

PARENT = os.getpid()


def doubled_where(chunk, context):
    """Each item times the context's factor, with the process that computed it."""
    return [(x * context["factor"], os.getpid()) for x in chunk]


def dies_in_a_worker(chunk, context):
    if os.getpid() != context["parent"]:
        os._exit(3)  # as the kernel's out-of-memory killer would end it
    return [x + 1 for x in chunk]


def hangs_in_a_worker(chunk, context):
    if os.getpid() != context["parent"]:
        import time

        time.sleep(3600)  # as a worker stuck on something would
    return [x + 1 for x in chunk]


def private_memory_after_a_collection(chunk, context):
    """The worker's own written memory (MB) after a full garbage collection, per item."""
    import gc

    gc.collect()
    with open("/proc/self/smaps_rollup") as fh:
        kb = next(int(line.split()[1]) for line in fh if line.startswith("Private_Dirty"))
    return [kb // 1024] * len(chunk)


def fails_on_13(chunk, context):
    if 13 in chunk:
        raise ValueError("13 is not allowed")
    return list(chunk)


@pytest.fixture
def few_are_enough(worker_pools):
    return worker_pools


def _collect(gen):
    progress, results = [], []
    for done, part in gen:
        progress.append(done)
        results += part
    return progress, results


def test_chunks_come_back_in_order_from_worker_processes(few_are_enough):
    items = list(range(500))
    progress, results = _collect(map_chunks(doubled_where, items, {"factor": 3}, jobs=2))
    assert [v for v, _ in results] == [x * 3 for x in items]
    assert {pid for _, pid in results} - {PARENT}, "no item was computed in a worker process"
    assert progress == sorted(progress) and progress[-1] == len(items) and len(progress) > 2


def test_short_lists_and_one_job_stay_in_this_process(few_are_enough):
    for items, jobs in ((list(range(3)), 2), (list(range(500)), 1)):
        _, results = _collect(map_chunks(doubled_where, items, {"factor": 2}, jobs=jobs))
        assert results == [(x * 2, PARENT) for x in items]


def test_when_processes_cannot_start_the_work_is_done_here(few_are_enough, monkeypatch, caplog):
    def forbidden(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")  # a host that forbids fork

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", forbidden)
    items = list(range(300))
    with caplog.at_level(logging.WARNING, logger="pitch_lib.parallel"):
        progress, results = _collect(map_chunks(doubled_where, items, {"factor": 2}, jobs=2))
    assert results == [(x * 2, PARENT) for x in items]
    assert progress[-1] == 300
    assert "cannot start" in caplog.text


def test_a_worker_that_dies_leaves_the_rest_to_this_process(few_are_enough, caplog):
    items = list(range(300))
    with caplog.at_level(logging.WARNING, logger="pitch_lib.parallel"):
        _, results = _collect(map_chunks(dies_in_a_worker, items, {"parent": PARENT}, jobs=2))
    assert results == [x + 1 for x in items]
    assert "stopped" in caplog.text


def test_a_worker_that_stops_answering_is_ended_and_the_rest_done_here(few_are_enough, caplog):
    items = list(range(300))
    told: list[str] = []
    with caplog.at_level(logging.WARNING, logger="pitch_lib.parallel"):
        progress, results = _collect(map_chunks(hangs_in_a_worker, items, {"parent": PARENT}, jobs=2, timeout=1,
                                                on_fallback=told.append))
    assert results == [x + 1 for x in items] and progress[-1] == 300
    assert told == ["Worker processes stopped answering (nothing back in 1 second), so the rest was done in this one "
                    "process: the results are the same, it only took longer."]
    assert "no answer from a worker process" in caplog.text
    assert not multiprocessing.active_children(), "a stuck worker was left running"


def test_the_caller_is_told_when_the_work_moved_to_this_process(few_are_enough, monkeypatch):
    from pitch_lib.demo_outcomes import demo_csv
    from pitch_lib.outcomes import guess_mapping, import_outcomes, read_table

    def forbidden(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    table = read_table(demo_csv(30, seed=2).encode("utf-8"))
    assert import_outcomes(table, guess_mapping(list(table.columns)), jobs=2).notes == []
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", forbidden)
    result = import_outcomes(table, guess_mapping(list(table.columns)), jobs=2)
    assert result.used == 30 and result.notes == [
        "Worker processes could not start, so the rest was done in this one process: the results are the same, "
        "it only took longer."]


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps_rollup") or parallel.start_method() != "fork",
                    reason="Linux's fork and /proc only")
def test_a_forked_worker_does_not_copy_the_servers_memory(few_are_enough):
    """A server's heap (here a million small objects) stays shared with its workers: their
    garbage collector leaves what they inherited alone (without gc.freeze, a worker's first full
    collection wrote 140 MB of it into memory of its own)."""
    heap = [{"n": i, "list": [i]} for i in range(1_000_000)]
    _, written = _collect(map_chunks(private_memory_after_a_collection, list(range(40)), None, jobs=2))
    assert len(heap) == 1_000_000
    assert max(written[1:]) < 60, f"a worker wrote {max(written[1:])} MB of its own"


def test_an_error_in_the_work_is_raised_not_hidden(few_are_enough):
    with pytest.raises(ValueError, match="13 is not allowed"):
        _collect(map_chunks(fails_on_13, list(range(300)), None, jobs=2))


def test_spawned_workers_get_the_context_too(few_are_enough, monkeypatch):
    """Where fork is not offered (macOS, Windows), workers are fresh interpreters."""
    # A spawned worker re-runs the parent's __main__ (pytest's, or a page script an AppTest left).
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    monkeypatch.setattr(parallel, "start_method", lambda: "spawn")
    items = list(range(40))
    _, results = _collect(map_chunks(doubled_where, items, {"factor": 5}, jobs=2))
    assert [v for v, _ in results] == [x * 5 for x in items]
    assert {pid for _, pid in results} - {PARENT}


def test_worker_count_is_the_cores_this_process_may_use():
    assert 1 <= parallel.cpu_workers() <= (os.cpu_count() or 1)
