"""Shared test set-up.

Every test gets its own empty data folder and no configured database, so the app's saved work
(a SQLite file under PITCH_DATA_DIR) never touches ./data or another test's rows. Tests that
want PostgreSQL ask for it explicitly (see tests/test_store.py).
"""

from __future__ import annotations

import sys

import pytest
from hypothesis import settings

if "mutmut" in sys.modules:
    # Under mutation testing (scripts/mutation.py) every mutant's tests run in a process forked
    # from one that has collected the tests. Reading the CMU pronouncing dictionary there, once,
    # spares each mutant the 2-3 s the first syllable count costs. It is textstat's own cache, not
    # ours: no code under test runs here, so no mutant is hidden by it.
    import textstat

    textstat.syllable_count("warm")


@pytest.fixture(autouse=True)
def _isolated_data_folder(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("PITCH_DATA_DIR", str(tmp_path_factory.mktemp("pitch-data")))
    monkeypatch.delenv("PITCH_DB_URL", raising=False)
    monkeypatch.delenv("PITCH_PLAIN_EDITOR", raising=False)


@pytest.fixture
def plain_editor(monkeypatch):
    """The Draft page with Streamlit's text area instead of the pitch editor (its fallback)."""
    monkeypatch.setenv("PITCH_PLAIN_EDITOR", "1")


# Property tests never assert on time: Hypothesis's per-example deadline (200 ms by default) would
# fail a correct test on a busy two-core machine. Speed is measured by the scripts in bench/.
settings.register_profile("pitch", deadline=None)
settings.load_profile("pitch")


@pytest.fixture
def worker_pools(monkeypatch):
    """Worker processes even for a test's short list; returns the pools started (their sizes)."""
    import pitch_lib.parallel as parallel

    pools: list[int] = []

    class CountedPool(parallel.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs["max_workers"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(parallel, "FORK_FROM", 4)
    monkeypatch.setattr(parallel, "SPAWN_FROM", 4)
    return pools
