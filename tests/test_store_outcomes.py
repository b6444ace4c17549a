"""Outcomes in the store: the version-2 migration, one workspace's own rows, export and delete.

Runs on SQLite always and on PostgreSQL when PITCH_TEST_DATABASE_URL is set (the fixtures of
tests/test_store.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, inspect, select, text

from pitch_lib.demo_outcomes import demo_outcomes
from pitch_lib.models import Pitch, ValidationError
from pitch_lib.outcomes import outcome_from_message
from pitch_lib.storage.store import SCHEMA_VERSION, Store
from pitch_lib.storage.store import outcomes as outcomes_table
from tests.test_store import back_before_version_3, db_url, make_workspace, store  # noqa: F401  (fixtures)


def test_a_version_1_database_gets_the_outcomes_table(db_url):  # noqa: F811
    s = Store(db_url)
    ws = make_workspace()
    s.save_workspace(ws)
    with s.engine.begin() as conn:  # back to how version 1 left it
        conn.execute(text("DROP TABLE pitch_outcomes"))
        back_before_version_3(conn)  # ... and without what later versions added
        conn.execute(text("UPDATE pitch_schema SET version = 1"))
    s.close()
    s = Store(db_url)
    assert s.schema_version() == SCHEMA_VERSION
    with s.engine.connect() as conn:
        assert inspect(conn).has_table("pitch_outcomes")
        assert inspect(conn).has_table("pitch_progress_shares") and inspect(conn).has_table("pitch_join_failures")
    assert s.load_workspace(ws.id).name == ws.name  # nothing else touched
    assert s.add_outcomes(ws.id, demo_outcomes(3)) == 3
    s.close()


def test_outcomes_belong_to_one_workspace_and_round_trip(store):  # noqa: F811
    a, b = make_workspace(), make_workspace()
    items = demo_outcomes(40)
    logged = outcome_from_message(Pitch("email", "Hi", "Hello Ana, a short note."), "positive",
                                  sent_on=date(2025, 3, 3), replied_on=date(2025, 3, 4), keep_text=False,
                                  source="variant", ref="short")
    assert store.add_outcomes(a.id, [*items, logged]) == 41
    assert store.add_outcomes(b.id, demo_outcomes(5, seed=2)) == 5
    got = store.list_outcomes(a.id)
    assert len(got) == 41 and store.count_outcomes(a.id) == 41
    assert {o.id: o for o in got}[logged.id] == logged
    assert {o.id for o in got} == {o.id for o in [*items, logged]}
    assert store.list_outcomes("nobody-has-this-id") == []
    assert store.delete_outcomes(a.id, [logged.id]) == 1
    assert store.delete_outcomes(a.id) == 40
    assert store.list_outcomes(a.id) == [] and store.count_outcomes(b.id) == 5


def test_a_bulk_insert_stores_what_sqlalchemy_would(store):  # noqa: F811
    # add_outcomes hands rows to the driver itself: dates must still compare as dates, and an
    # import's shared scores and rules come back whole on every row.
    ws = make_workspace()
    items = demo_outcomes(300, seed=4)
    assert store.add_outcomes(ws.id, items) == 300
    cut = date(2025, 7, 1)
    with store.engine.connect() as conn:
        later = conn.execute(
            select(func.count()).select_from(outcomes_table)
            .where(outcomes_table.c.workspace_id == ws.id, outcomes_table.c.sent_on >= cut)
        ).scalar_one()
    assert later == sum(1 for o in items if o.sent_on >= cut) > 0
    assert sorted(store.list_outcomes(ws.id), key=lambda o: o.id) == sorted(items, key=lambda o: o.id)


def test_deleting_the_workspace_deletes_its_outcomes(store):  # noqa: F811
    ws = make_workspace()
    store.save_workspace(ws)
    store.add_outcomes(ws.id, demo_outcomes(4))
    assert store.delete_workspace(ws.id)
    assert store.count_outcomes(ws.id) == 0


def test_a_bad_workspace_id_is_refused(store):  # noqa: F811
    with pytest.raises(ValidationError, match="workspace.id"):
        store.add_outcomes("x", demo_outcomes(1))


def test_an_import_scored_in_worker_processes_stores_what_one_process_stores(store, worker_pools):  # noqa: F811
    """The distinct messages of a long file are shared among worker processes: with the same
    profile, role and team rules, the stored scores and findings are those of one process."""
    from pitch_lib.demo_outcomes import demo_csv
    from pitch_lib.engine.ruleset import rules_from_toml_text
    from pitch_lib.outcomes import guess_mapping, import_outcomes, read_table
    from tests.test_store import PROFILE, ROLE

    table = read_table(demo_csv(160, seed=5).encode("utf-8"))
    rules = rules_from_toml_text('[weights]\npersonalisation = 0.45\n\n[rules."tone.urgency"]\npoints = 20\n')
    stored, progress = {}, {}
    for jobs in (1, 2):
        ws = make_workspace()
        progress[jobs] = []
        result = import_outcomes(table, guess_mapping(list(table.columns)), keep_text=True, profile=PROFILE,
                                 role=ROLE, rules=rules, jobs=jobs, on_progress=lambda d, n, p=progress[jobs]: p.append((d, n)))
        assert store.add_outcomes(ws.id, result.outcomes) == 160
        stored[jobs] = sorted(
            repr((o.channel, o.sent_on, o.reply, o.replied_on, o.overall, o.scores, o.rules, o.words, o.subject, o.body))
            for o in store.list_outcomes(ws.id)
        )
    assert worker_pools == [2], "the second import did not use worker processes"
    assert stored[2] == stored[1]
    distinct = progress[1][-1][1]
    assert 100 < distinct <= 160 and progress[1][-1] == progress[2][-1] == (distinct, distinct)
    assert len(progress[2]) > 2 and [d for d, _ in progress[2]] == sorted(d for d, _ in progress[2])
    # The context reached the workers: the rules' urgency points and the profile change the scores.
    plain = import_outcomes(table, guess_mapping(list(table.columns)), keep_text=True, jobs=1)
    assert sorted(repr((o.overall, o.rules)) for o in plain.outcomes) != sorted(
        repr((o.overall, o.rules)) for o in result.outcomes)


def _messages_of(store, workspace_id: str) -> int:  # noqa: F811 (the store fixture's name)
    from pitch_lib.storage.store import outcome_messages

    with store.engine.connect() as conn:
        return conn.execute(
            select(func.count()).select_from(outcome_messages).where(outcome_messages.c.workspace_id == workspace_id)
        ).scalar_one()


def test_an_import_stores_each_message_once_and_reads_back_what_a_list_stores(store):  # noqa: F811
    """Schema 5 keeps a message's scores once for all its rows: an import's batch and the same
    outcomes handed over one by one read back alike, and the Outcomes page's tables agree."""
    from pitch_lib import outcome_stats as stats
    from pitch_lib.demo_outcomes import demo_csv
    from pitch_lib.outcomes import guess_mapping, import_outcomes, outcomes_frame, read_table

    table = read_table(demo_csv(400, seed=6).encode("utf-8"))
    result = import_outcomes(table, guess_mapping(list(table.columns)), keep_text=True, jobs=1)
    batch_ws, list_ws = make_workspace(), make_workspace()
    assert store.add_outcomes(batch_ws.id, result.batch) == 400
    one_by_one = [replace(o, id=f"copy-{o.id}") for o in result.outcomes]  # an outcome id is one row's
    assert store.add_outcomes(list_ws.id, one_by_one) == 400
    distinct = len(result.batch.messages)
    assert 50 < distinct < 400 and _messages_of(store, batch_ws.id) == _messages_of(store, list_ws.id) == distinct
    from_batch, from_list = store.list_outcomes(batch_ws.id), store.list_outcomes(list_ws.id)
    assert sorted(from_batch, key=lambda o: o.id) == sorted(result.outcomes, key=lambda o: o.id)
    assert sorted(from_list, key=lambda o: o.id) == sorted(one_by_one, key=lambda o: o.id)
    frames = [outcomes_frame(sorted(items, key=lambda o: o.id.removeprefix("copy-")))
              for items in (from_batch, from_list)]
    assert frames[0].equals(frames[1])
    for table_of in (stats.by_score_band, stats.by_rule, stats.by_dimension, stats.by_channel, stats.by_weekday):
        assert table_of(frames[0]).equals(table_of(frames[1]))
    # Deleting some outcomes keeps the messages others still use; deleting all leaves none.
    some = [o.id for o in from_batch[:150]]
    assert store.delete_outcomes(batch_ws.id, some) == 150
    left = store.list_outcomes(batch_ws.id)
    assert len(left) == 250 and {o.id for o in left} == {o.id for o in from_batch[150:]}
    assert 0 < _messages_of(store, batch_ws.id) <= distinct
    assert store.delete_outcomes(batch_ws.id) == 250 and _messages_of(store, batch_ws.id) == 0
    assert _messages_of(store, list_ws.id) == distinct  # another workspace's are untouched
    store.save_workspace(list_ws)
    assert store.delete_workspace(list_ws.id) and _messages_of(store, list_ws.id) == 0


def test_a_version_4_database_keeps_its_outcomes_in_version_5(db_url):  # noqa: F811
    """Version 5 moves each stored outcome's scores, findings and text to its own message row:
    every outcome reads back as it was, and deleting them leaves no message behind."""
    import json

    from pitch_lib.storage.store import _outcomes_v2

    s = Store(db_url)
    ws = make_workspace()
    s.save_workspace(ws)
    items = demo_outcomes(30, seed=8)
    items[0].subject, items[0].body = "Kept subject", "Kept text"
    with s.engine.begin() as conn:  # back to how version 4 stored outcomes
        conn.execute(text("DROP TABLE pitch_outcomes"))
        conn.execute(text("DROP TABLE pitch_outcome_messages"))
        _outcomes_v2.create(conn)
        conn.execute(_outcomes_v2.insert(), [
            {**o.to_dict(), "workspace_id": ws.id, "scores": json.dumps(o.scores), "rules": json.dumps(o.rules),
             "sent_on": o.sent_on, "replied_on": o.replied_on, "created_at": datetime(2025, 1, 1, 9, 0, i)}
            for i, o in enumerate(items)
        ])
        conn.execute(text("UPDATE pitch_schema SET version = 4"))
    s.close()
    s = Store(db_url)
    assert s.schema_version() == SCHEMA_VERSION == 5
    assert s.list_outcomes(ws.id) == items  # in the order they were logged
    assert _messages_of(s, ws.id) == 30
    with s.engine.connect() as conn:
        assert {c["name"] for c in inspect(conn).get_columns("pitch_outcomes")} == {
            "id", "workspace_id", "source", "ref", "message_id", "sent_on", "reply", "replied_on", "created_at"}
        assert {i["name"] for i in inspect(conn).get_indexes("pitch_outcomes")} == {"ix_pitch_outcomes_workspace"}
    assert s.add_outcomes(ws.id, demo_outcomes(3, seed=9)) == 3 and s.count_outcomes(ws.id) == 33
    assert s.delete_outcomes(ws.id) == 33 and _messages_of(s, ws.id) == 0
    s.close()
