"""Workshop store speed: submissions per second on SQLite and PostgreSQL, and the facilitator
board's rerun time with 50 submissions under AppTest (target: 300 ms or less).

Prints figures, no asserts: speed is measured here, never in tests.

- "sequential": one participant after another calls ``Store.submit_pitch`` (each submission is
  scored by the engine, then written in one transaction), as a slow trickle would.
- "30 at once": 30 threads released together by a barrier, each submitting ``--per-thread``
  pitches, as a room pressing Submit when the time box ends. Scoring is CPU-bound Python, so
  on a 2-core machine this measures the whole path, GIL included.
- "scoring only": the same pitches through ``score_pitch`` alone, to show what share is the
  database.
- "board rerun": ``AppTest.run()`` of the Run a workshop page holding a workshop with 50
  submissions after the reveal (ranking table, heat map, 50 pitch expanders, exports), median
  of ``--runs`` reruns after one warm-up. The board's live fragment re-reads the database on
  every rerun, so this includes the query.

PostgreSQL is measured when PITCH_TEST_DATABASE_URL is set (in a throw-away schema, dropped
at the end), e.g. under `bash .ci/run` or with your own server.

Run: .venv/bin/python bench/bench_store.py [--submissions 200] [--per-thread 4] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pitch_lib.engine.scoring import score_pitch  # noqa: E402
from pitch_lib.models import CandidateProfile, Pitch, Role  # noqa: E402
from pitch_lib.samples import get_sample  # noqa: E402
from pitch_lib.storage.store import ClientId, Store  # noqa: E402

SAMPLE = get_sample("icu-nurse-dublin")
PITCH = (
    "Hi Aoife, your sepsis screening tool cut time-to-antibiotics from 90 to 45 minutes, and I heard "
    "you talk about it at the INMO quality day. Northside's outreach team works 8:00-20:00 Monday to "
    "Friday, no nights, pays 62,000-71,000 EUR and funds an MSc in Advanced Practice. Would a "
    "15-minute call next week suit you? If not, no problem at all."
)


def pitch_text(i: int) -> str:
    return PITCH.replace("next week", f"next week (version {i})")


def new_room(store: Store, people: int) -> tuple[str, str, list[str]]:
    created = store.create_workshop("Bench", SAMPLE.profile, SAMPLE.role, "email", blind=False)
    code = created.workshop.join_code
    tokens = [
        store.join_workshop(code, f"Recruiter {i:03d}", ClientId(f"bench-{i}")).token for i in range(people)
    ]
    return created.workshop.id, created.facilitator_key, tokens


def sequential(store: Store, n: int) -> float:
    wid, _key, tokens = new_room(store, 20)
    t0 = time.perf_counter()
    for i in range(n):
        store.submit_pitch(wid, tokens[i % len(tokens)], "", pitch_text(i))
    return n / (time.perf_counter() - t0)


def at_once(store: Store, threads: int, per_thread: int) -> float:
    wid, _key, tokens = new_room(store, threads)
    barrier = threading.Barrier(threads + 1)
    errors: list[BaseException] = []

    def worker(token: str, k: int) -> None:
        barrier.wait()
        try:
            for j in range(per_thread):
                store.submit_pitch(wid, token, "", pitch_text(k * 100 + j))
        except BaseException as e:  # reported below
            errors.append(e)

    pool = [threading.Thread(target=worker, args=(t, k)) for k, t in enumerate(tokens)]
    for t in pool:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    if errors:
        print(f"    {len(errors)} submissions failed: {errors[0]!r}")
    return (threads * per_thread - len(errors)) / elapsed


def scoring_only(n: int, profile: CandidateProfile, role: Role) -> float:
    t0 = time.perf_counter()
    for i in range(n):
        score_pitch(Pitch(channel="email", body=pitch_text(i)), profile, role)
    return n / (time.perf_counter() - t0)


def postgres_store():
    base = os.environ.get("PITCH_TEST_DATABASE_URL")
    if not base:
        return None, None
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    schema = "pitch_bench_" + uuid.uuid4().hex[:10]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return Store(url.render_as_string(hide_password=False), pool_size=10), drop


def board_rerun(runs: int) -> tuple[float, float]:
    os.environ["PITCH_DATA_DIR"] = tempfile.mkdtemp(prefix="pitch-bench-board-")
    os.environ.pop("PITCH_DB_URL", None)
    from streamlit.testing.v1 import AppTest

    from pitch_lib.storage.store import open_store

    store = open_store()
    wid, key, tokens = new_room(store, 50)
    for i, token in enumerate(tokens):
        store.submit_pitch(wid, token, "", pitch_text(i))
    store.reveal(wid, key)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.query_params.update({"workshop": wid, "key": key})
    at.switch_page("pages/workshop_facilitate.py").run()
    assert not at.exception, at.exception
    assert len(at.expander) >= 50, "the board should list 50 pitches"
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    assert not at.exception, at.exception
    times.sort()
    return statistics.median(times) * 1000, times[int(0.9 * (len(times) - 1))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--per-thread", type=int, default=4)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    scoring_only(20, SAMPLE.profile, SAMPLE.role)  # warm-up: rule tables, word caches, dictionaries
    rate = scoring_only(args.submissions, SAMPLE.profile, SAMPLE.role)
    print(f"scoring only (no database):        {rate:7.1f} pitches/s")

    with tempfile.TemporaryDirectory(prefix="pitch-bench-") as tmp:
        sqlite = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        print(
            f"SQLite sequential ({args.submissions}):         {sequential(sqlite, args.submissions):7.1f} submissions/s"
        )
        print(
            f"SQLite 30 at once (x{args.per_thread} each):      {at_once(sqlite, 30, args.per_thread):7.1f} submissions/s"
        )
        sqlite.close()

    pg, drop = postgres_store()
    if pg is None:
        print("PostgreSQL: skipped (set PITCH_TEST_DATABASE_URL, or run under `bash .ci/run`)")
    else:
        try:
            print(
                f"PostgreSQL sequential ({args.submissions}):     {sequential(pg, args.submissions):7.1f} submissions/s"
            )
            print(
                f"PostgreSQL 30 at once (x{args.per_thread} each):  {at_once(pg, 30, args.per_thread):7.1f} submissions/s"
            )
        finally:
            pg.close()
            drop()

    median_ms, p90_ms = board_rerun(args.runs)
    print(
        f"facilitator board rerun, 50 submissions (AppTest): median {median_ms:.0f} ms, p90 {p90_ms:.0f} ms (target <= 300 ms)"
    )


if __name__ == "__main__":
    main()
