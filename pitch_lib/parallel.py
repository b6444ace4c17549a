"""Spreading a long list of messages over worker processes, one per core.

Scoring is pure Python, so threads do not help; a process per core does. Where the platform
allows it (Linux, which Streamlit Community Cloud runs), workers are forked: a fork starts in
milliseconds with the engine and its word lists already loaded by this process. Elsewhere they
are spawned, fresh interpreters that each spend about two seconds of CPU importing and loading
the engine, so only long lists go to them. When processes cannot start (a host that forbids
them, a sandbox without semaphores) or a worker dies, what is left is done in this process:
the results are the same either way, only slower. A worker that stops answering (no chunk back
within ``CHUNK_TIMEOUT`` seconds) is ended and its work is done here too.

The workers only compute: they never touch the store, Streamlit or the session.
"""

from __future__ import annotations

import gc
import logging
import math
import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

log = logging.getLogger(__name__)

# The most items a worker takes at a time (progress moves, and the workers finish together),
# and the fewest items worth starting workers for: forked ones cost little, spawned ones about
# two seconds of CPU each before their first message (the engine is about 3.5 ms a message).
MAX_CHUNK = 250
FORK_FROM = 200
SPAWN_FROM = 2000
# Seconds to wait for a chunk once the one before it is back: a chunk takes about a second (250
# messages), a few with 50,000-character texts on a busy machine perhaps thirty.
CHUNK_TIMEOUT = 120.0
# What a caller is told (``on_fallback``) when the work moved to this process partway.
FELL_BACK = ("Worker processes {why}, so the rest was done in this one process: the results are the same, it "
             "only took longer.")
# Why workers may not start or may stop: no fork, no semaphores, too many processes, a worker
# killed (out of memory), a context that cannot be sent to a spawned worker.
_CANNOT_RUN = (OSError, ImportError, NotImplementedError, BrokenProcessPool, pickle.PicklingError)

# A worker's context, set once as the worker starts. Only worker processes write it: each call
# of map_chunks starts its own workers, so two users' imports never share one.
_WORKER_CONTEXT: dict[str, Any] = {}


def cpu_workers() -> int:
    """The cores this process may run on (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def start_method() -> str | None:
    """'fork' on Linux, 'spawn' elsewhere; None when this Python can start neither."""
    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "spawn" if "spawn" in methods else None


def _start_worker(context: Any) -> None:
    # A forked worker shares the server's memory until it writes to it; its garbage collector
    # would write to every object it walks. What the worker inherited is never garbage to it.
    gc.freeze()
    _WORKER_CONTEXT["context"] = context


def _run_chunk(fn: Callable[[Sequence, Any], list], chunk: Sequence) -> list:
    return fn(chunk, _WORKER_CONTEXT["context"])


def map_chunks(
    fn: Callable[[Sequence, Any], list],
    items: Sequence,
    context: Any = None,
    *,
    jobs: int | None = None,
    timeout: float | None = None,
    on_fallback: Callable[[str], None] | None = None,
) -> Iterator[tuple[int, list]]:
    """Yield (items done so far, ``fn(chunk, context)``) for consecutive chunks of ``items``, in order.

    ``fn`` must be a module-level function (a worker finds it by name) that returns one result
    per item. With more than one job and enough items, the chunks go to worker processes
    (``jobs`` of them, one per core by default); the first item is done here first, which also
    loads the engine's word lists once before forking, so every worker starts with them.
    When workers cannot start, stop, or keep a chunk longer than ``timeout`` seconds
    (``CHUNK_TIMEOUT`` by default), the rest is done in this process and ``on_fallback`` gets a
    sentence saying so (the results are the same).
    """
    timeout = CHUNK_TIMEOUT if timeout is None else timeout

    def fell_back(why: str) -> None:
        if on_fallback:
            on_fallback(FELL_BACK.format(why=why))

    jobs = cpu_workers() if jobs is None else jobs
    method = start_method()
    enough = len(items) >= (FORK_FROM if method == "fork" else SPAWN_FROM)
    if jobs <= 1 or method is None or not enough:
        yield from _in_process(fn, items, context, 0)
        return
    first = fn(items[:1], context)
    yield 1, first
    rest = items[1:]
    size = max(1, min(MAX_CHUNK, math.ceil(len(rest) / (jobs * 8))))
    chunks = [rest[i:i + size] for i in range(0, len(rest), size)]
    done = 1
    try:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=multiprocessing.get_context(method),
                                   initializer=_start_worker, initargs=(context,))
    except _CANNOT_RUN as e:
        log.warning("scoring in one process: worker processes cannot start (%s)", e)
        fell_back("could not start")
        yield from _in_process(fn, items, context, done)
        return
    try:
        futures = [pool.submit(_run_chunk, fn, chunk) for chunk in chunks]
        for chunk, future in zip(chunks, futures, strict=True):
            result = future.result(timeout=timeout)
            done += len(chunk)
            yield done, result
    except TimeoutError:  # first: it is an OSError too
        log.warning("scoring the rest in one process: no answer from a worker process in %s s", timeout)
        _end_workers(pool)
        fell_back(f"stopped answering (nothing back in {timeout:g} second{'' if timeout == 1 else 's'})")
        yield from _in_process(fn, items, context, done)
    except _CANNOT_RUN as e:
        log.warning("scoring the rest in one process: a worker process stopped or could not start (%s)", e)
        pool.shutdown(wait=False, cancel_futures=True)
        fell_back("stopped")
        yield from _in_process(fn, items, context, done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose worker hangs: shutdown() alone would wait for it for ever."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public way before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()
    for process in processes:
        process.join(5)


def _in_process(fn, items: Sequence, context: Any, start: int) -> Iterator[tuple[int, list]]:
    for i in range(start, len(items), MAX_CHUNK):
        chunk = items[i:i + MAX_CHUNK]
        yield i + len(chunk), fn(chunk, context)
