"""The store against SQLite always, and against PostgreSQL when PITCH_TEST_DATABASE_URL is set.

Each PostgreSQL test runs in a fresh schema of its own (dropped at teardown), so reruns and
parallel runs never see each other's rows.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, false, inspect, text
from sqlalchemy.engine import make_url

import pitch_lib.storage.store as store_mod
from pitch_lib.engine.scorecard import DIMENSIONS
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError
from pitch_lib.storage.store import (
    JOIN_CODE_ALPHABET,
    JOIN_LIMITS,
    SCHEMA_VERSION,
    AccessDenied,
    ClientId,
    NotFound,
    SchemaTooNew,
    Store,
    StoreUnavailable,
    TooManyTries,
    WorkshopStateError,
    WrongJoinCode,
    export_workspace_json,
    new_join_code,
    normalise_join_code,
    parse_workspace_json,
    resolve_url,
)
from pitch_lib.workshop import correct_guessers, results_frame, utcnow
from pitch_lib.workspace import CandidateCase, Variant, Workspace
from tests.ci import missing

PG_ENV = "PITCH_TEST_DATABASE_URL"
PG_SKIP = (
    f"PostgreSQL tests need {PG_ENV}: run `bash .ci/run` (it starts PostgreSQL and sets it), or start "
    f"PostgreSQL yourself and set {PG_ENV}=postgresql+psycopg://user@127.0.0.1:5432/dbname"
)

PROFILE = CandidateProfile(
    name="Ana Silva",
    current_title="Head of Data",
    current_company="Northwind Logistics",
    skills=["forecasting", "dbt"],
    motivators=["growth"],
)
ROLE = Role(title="Director of Analytics", company="Contoso Freight", benefits=["four-day week"])
PITCH_BODY = (
    "Hi Ana, your talk on demand forecasting at Northwind stayed with me. We are building the analytics "
    "team at Contoso Freight and the role comes with a four-day week. Would a 15-minute call next week work?"
)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A URL to an empty database of each kind; cleaned up afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pitch_test.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        missing(PG_SKIP, "database")
    schema = "pitch_t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url):
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def room(store):
    """A workshop with two participants; returns (store, created, alice, bob)."""
    created = store.create_workshop("Forecasting lead", PROFILE, ROLE, "email", blind=True, guess_round=True)
    code = created.workshop.join_code
    alice = store.join_workshop(code, "Alice", ClientId("session-alice"))
    bob = store.join_workshop(code, "Bob", ClientId("session-bob"))
    return store, created, alice, bob


def make_workspace() -> Workspace:
    ws = Workspace(name="Ana's search")
    case = ws.add_case(
        CandidateCase(profile=PROFILE, role=ROLE, draft=Pitch(channel="email", body=PITCH_BODY))
    )
    case.variants.append(Variant(name="short", pitch=Pitch(channel="email", body="Hi Ana, quick one.")))
    ws.training = {"learner": "Sam", "completed": ["lesson-1"]}
    return ws


# ---------------------------------------------------------------- configuration and schema


def test_no_configuration_means_sqlite_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("PITCH_DB_URL", raising=False)
    monkeypatch.setenv("PITCH_DATA_DIR", str(tmp_path / "here"))
    assert resolve_url() == f"sqlite:///{(tmp_path / 'here' / 'pitch_workshop.db').resolve()}"
    monkeypatch.delenv("PITCH_DATA_DIR")
    assert resolve_url().endswith("/data/pitch_workshop.db")


def test_url_precedence_and_postgres_spelling(monkeypatch):
    monkeypatch.delenv("PITCH_DB_URL", raising=False)
    assert resolve_url(secrets_url="postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    monkeypatch.setenv("PITCH_DB_URL", "postgresql://env@h/db")
    assert resolve_url(secrets_url="postgres://u:p@h/db") == "postgresql+psycopg://env@h/db"
    assert resolve_url("sqlite:///x.db", secrets_url="postgres://u:p@h/db") == "sqlite:///x.db"


def test_open_creates_the_data_folder_and_schema(tmp_path, monkeypatch):
    monkeypatch.delenv("PITCH_DB_URL", raising=False)
    s = store_mod.open_store(data_dir=tmp_path / "new" / "folder")
    try:
        assert (tmp_path / "new" / "folder" / "pitch_workshop.db").exists()
        assert s.schema_version() == SCHEMA_VERSION
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == store_mod.SQLITE_BUSY_TIMEOUT_MS
    finally:
        s.close()


def test_schema_is_versioned_and_reopening_is_harmless(db_url):
    first = Store(db_url)
    first.save_workspace(make_workspace())
    assert first.schema_version() == SCHEMA_VERSION
    first.close()
    again = Store(db_url)
    assert again.schema_version() == SCHEMA_VERSION
    again.close()


def test_a_newer_schema_is_refused_with_a_clear_message(db_url):
    s = Store(db_url)
    ws = make_workspace()
    s.save_workspace(ws)
    with s.engine.begin() as conn:
        conn.execute(text("UPDATE pitch_schema SET version = :v"), {"v": SCHEMA_VERSION + 1})
    s.close()
    with pytest.raises(SchemaTooNew) as err:
        Store(db_url)
    message = str(err.value)
    assert "newer version of Pitch Workshop" in message
    assert f"schema version {SCHEMA_VERSION + 1}" in message and f"up to {SCHEMA_VERSION}" in message
    # Nothing was touched: put the version back and the workspace is still there.
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE pitch_schema SET version = :v"), {"v": SCHEMA_VERSION})
    engine.dispose()
    s = Store(db_url)
    assert s.load_workspace(ws.id).to_dict() == ws.to_dict()
    s.close()


def back_before_version_3(conn) -> None:
    """Undo versions 3 and 4: the per-client join counters instead of the failure log, no shares."""
    conn.execute(text("DROP TABLE pitch_join_failures"))
    conn.execute(text("DROP TABLE pitch_progress_shares"))
    conn.execute(text(
        "CREATE TABLE pitch_join_attempts (client_key VARCHAR(64) PRIMARY KEY, failures INTEGER NOT NULL, "
        "window_start TIMESTAMP NOT NULL, locked_until TIMESTAMP)"
    ))


def test_a_version_2_database_gets_the_join_failure_log(db_url):
    """Schema 3 replaces the per-client counters with a log of wrong codes; saved work stays."""
    s = Store(db_url)
    s.save_workspace(Workspace(id="kept-workspace-1", name="Kept"))
    with s.engine.begin() as conn:
        back_before_version_3(conn)
        conn.execute(text("UPDATE pitch_schema SET version = 2"))
    s.close()
    s = Store(db_url)
    assert s.schema_version() == SCHEMA_VERSION
    with s.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
    assert "pitch_join_failures" in tables and "pitch_join_attempts" not in tables
    assert s.load_workspace("kept-workspace-1").name == "Kept"
    created = s.create_workshop("Room", PROFILE, ROLE, "email")
    with pytest.raises(WrongJoinCode):
        s.join_workshop(_a_wrong_code(created.workshop.join_code), "X", ClientId("s"))
    s.close()


def test_an_older_schema_is_migrated_once(db_url, monkeypatch):
    Store(db_url).close()
    runs = []

    def add_note_column(conn):
        runs.append(1)
        conn.execute(text("ALTER TABLE pitch_workspaces ADD COLUMN note TEXT"))

    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    monkeypatch.setitem(store_mod.MIGRATIONS, SCHEMA_VERSION + 1, add_note_column)
    s = Store(db_url)
    assert s.schema_version() == SCHEMA_VERSION + 1
    with s.engine.connect() as conn:
        conn.execute(text("SELECT note FROM pitch_workspaces"))  # the column exists
    s.close()
    Store(db_url).close()
    assert runs == [1]


# ---------------------------------------------------------------- saved work


def test_workspace_round_trip_update_rename_delete(store):
    ws = make_workspace()
    assert store.load_workspace(ws.id) is None
    store.save_workspace(ws)
    assert store.load_workspace(ws.id).to_dict() == ws.to_dict()

    ws.active.draft = Pitch(channel="linkedin_inmail", body="Changed")
    store.save_workspace(ws)
    assert store.load_workspace(ws.id).active.draft.body == "Changed"
    assert store.workspace_saved_at(ws.id) is not None

    renamed = store.rename_workspace(ws.id, "  Q3 searches ")
    assert renamed.name == "Q3 searches" and store.load_workspace(ws.id).name == "Q3 searches"
    with pytest.raises(ValidationError, match="workspace.name"):
        store.rename_workspace(ws.id, "   ")

    assert store.delete_workspace(ws.id) is True
    assert store.load_workspace(ws.id) is None
    assert store.delete_workspace(ws.id) is False
    with pytest.raises(NotFound):
        store.rename_workspace(ws.id, "gone")


def test_a_save_that_races_another_tab_still_writes(store, monkeypatch):
    """The row appears between our UPDATE (nothing to update) and our INSERT (now a duplicate):
    the save must fall back to updating, not drop the write."""
    ws = make_workspace()
    store.save_workspace(ws)  # the other tab's row
    ws.active.draft = Pitch(channel="email", body="Written in this tab")
    real_update = store_mod.update
    calls = []

    def update_that_first_misses(table):
        calls.append(table.name)
        stmt = real_update(table)
        return stmt.where(false()) if len(calls) == 1 else stmt

    monkeypatch.setattr(store_mod, "update", update_that_first_misses)
    store.save_workspace(ws)
    assert len(calls) == 2, "the race path (insert refused, then update) did not run"
    monkeypatch.undo()
    assert store.load_workspace(ws.id).active.draft.body == "Written in this tab"


def test_workspace_ids_are_unguessable_and_checked(store):
    ids = {Workspace().id for _ in range(200)}
    assert len(ids) == 200 and all(len(i) >= 21 for i in ids)  # 16 random bytes each
    for bad in ("", "short", "../../etc/passwd", "x" * 65, "a b c d e f g h"):
        assert store.load_workspace(bad) is None


def test_export_and_import_everything(store):
    ws = make_workspace()
    store.save_workspace(ws)
    exported = export_workspace_json(ws)
    imported = store.import_workspace(exported.encode("utf-8"))
    assert imported.id != ws.id  # a new workspace with its own link; the old one is untouched
    assert store.load_workspace(imported.id).cases[0].to_dict() == ws.cases[0].to_dict()
    assert store.load_workspace(imported.id).training == ws.training
    assert store.load_workspace(ws.id).to_dict() == ws.to_dict()


@pytest.mark.parametrize(
    "raw, field_msg",
    [
        (b"{not json", "is not valid JSON"),
        (json.dumps({"name": "Ana Silva"}).encode(), "not a Pitch Workshop workspace export"),
        (json.dumps({"format": "pitch-workshop/workspace", "version": 99}).encode(), "The workspace is of version 99; this version"),
        (json.dumps({"format": "pitch-workshop/workspace", "cases": "nope"}).encode(), "“cases” in the workspace must be a list"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_bad_workspace_files_name_the_problem(raw, field_msg):
    with pytest.raises(ValidationError, match=field_msg):
        parse_workspace_json(raw)


# ---------------------------------------------------------------- join codes and access


def test_join_codes_have_40_bits_and_forgive_typing():
    assert len(JOIN_CODE_ALPHABET) ** 8 == 2**40
    assert not set("ILOU") & set(JOIN_CODE_ALPHABET)
    codes = {new_join_code() for _ in range(500)}
    assert len(codes) == 500 and all(len(c) == 8 and set(c) <= set(JOIN_CODE_ALPHABET) for c in codes)
    assert normalise_join_code(" k7qm-2xpd ") == "K7QM2XPD"
    assert normalise_join_code("OIL0-1234") == "0110" + "1234"


def test_join_submit_and_board(room):
    store, created, alice, bob = room
    w = created.workshop
    assert alice.workshop.id == w.id and alice.participant.name == "Alice"
    sub = store.submit_pitch(w.id, alice.token, "Your forecasting talk", PITCH_BODY)
    assert sub.label == "A" and sub.number == 1 and 0 <= sub.overall <= 100
    expected = score_pitch(
        Pitch(channel="email", subject="Your forecasting talk", body=PITCH_BODY), PROFILE, ROLE
    )
    assert sub.overall == expected.overall
    assert sub.scores == {d: expected.dimensions[d].score for d in DIMENSIONS}
    board = store.facilitator_board(w.id, created.facilitator_key)
    assert [p.name for p in board.participants] == ["Alice", "Bob"]
    assert [(s.label, s.participant_name, s.body) for s in board.submissions] == [("A", "Alice", PITCH_BODY)]


def test_join_code_typed_loosely_still_works(store):
    created = store.create_workshop("Room", PROFILE, ROLE, "email")
    code = created.workshop.join_code
    loose = f" {code[:4].lower()}-{code[4:].lower()} "
    assert store.join_workshop(loose, "Cy", ClientId("s")).workshop.id == created.workshop.id


def test_display_names_are_checked_and_unique_per_workshop(room):
    store, created, _alice, _bob = room
    code = created.workshop.join_code
    with pytest.raises(ValidationError, match="already taken"):
        store.join_workshop(code, "alice", ClientId("another"))
    with pytest.raises(ValidationError, match="The display name is required"):
        store.join_workshop(code, "   ", ClientId("another"))
    with pytest.raises(ValidationError, match="too long"):
        store.join_workshop(code, "x" * 41, ClientId("another"))
    # A malformed code is explained and does not count as a wrong try.
    for _ in range(10):
        with pytest.raises(ValidationError, match="8 letters and digits"):
            store.join_workshop("12345", "Dee", ClientId("typo"))
    assert store.join_workshop(code, "Dee", ClientId("typo")).participant.name == "Dee"


def test_without_the_code_nothing_is_visible(room):
    store, created, alice, _bob = room
    w = created.workshop
    other = store.create_workshop("Other room", PROFILE, ROLE, "linkedin_inmail")
    wrong_code = next(
        c for c in (new_join_code() for _ in range(10)) if c not in {w.join_code, other.workshop.join_code}
    )
    with pytest.raises(WrongJoinCode):
        store.join_workshop(wrong_code, "Eve", ClientId("eve"))
    # Ids alone unlock nothing: a board needs the key, a participant view needs a token of *that* workshop.
    for key in ("", "guess", other.facilitator_key, created.facilitator_key[:-1]):
        with pytest.raises(AccessDenied):
            store.facilitator_board(w.id, key)
    for token in ("", "guess", created.facilitator_key):
        with pytest.raises(AccessDenied):
            store.participant_view(w.id, token)
    with pytest.raises(AccessDenied):
        store.participant_view(other.workshop.id, alice.token)
    with pytest.raises(AccessDenied):
        store.submit_pitch(other.workshop.id, alice.token, "", PITCH_BODY)
    assert store.facilitator_board(other.workshop.id, other.facilitator_key).participants == ()


def test_facilitator_actions_need_the_key(room):
    store, created, _alice, _bob = room
    w = created.workshop
    bad = "not-the-key"
    actions = [
        lambda k: store.start_voting(w.id, k),
        lambda k: store.reveal(w.id, k),
        lambda k: store.close_workshop(w.id, k),
        lambda k: store.set_blind(w.id, k, False),
        lambda k: store.extend_time_box(w.id, k, 5),
        lambda k: store.delete_workshop(w.id, k),
    ]
    for act in actions:
        with pytest.raises(AccessDenied):
            act(bad)
    board = store.facilitator_board(w.id, created.facilitator_key)
    assert board.workshop.phase == "open" and board.workshop.blind and not board.workshop.revealed
    assert len(board.participants) == 2
    store.delete_workshop(w.id, created.facilitator_key)
    with pytest.raises(AccessDenied):
        store.facilitator_board(w.id, created.facilitator_key)


def _rows_per_table(db_url: str, workshop_id: str) -> dict[str, int]:
    """How many rows of each workshop table belong to ``workshop_id``, read behind the store's back."""
    tables = {"pitch_workshops": "id", "pitch_participants": "workshop_id",
              "pitch_submissions": "workshop_id", "pitch_votes": "workshop_id"}
    engine = create_engine(db_url)
    with engine.connect() as conn:
        counts = {
            t: conn.execute(text(f"SELECT COUNT(*) FROM {t} WHERE {col} = :w"), {"w": workshop_id}).scalar_one()
            for t, col in tables.items()
        }
    engine.dispose()
    return counts


@pytest.mark.parametrize("cascade", [True, False], ids=["cascade", "no-cascade"])
def test_deleting_a_workshop_removes_every_row_of_it_and_nothing_else(room, db_url, cascade):
    """Every row goes, even where the database does not cascade (SQLite without its foreign-key
    pragma, as another tool or an old copy may have it): the store deletes each table itself."""
    store, created, alice, bob = room
    if not cascade:
        if not db_url.startswith("sqlite"):
            pytest.skip("PostgreSQL always enforces the foreign keys")
        event.listen(store.engine, "connect", lambda dbapi_conn, _rec: dbapi_conn.execute("PRAGMA foreign_keys = OFF"))
        store.engine.dispose()  # new connections, without the cascade
    w, key = created.workshop, created.facilitator_key
    other = store.create_workshop("Other room", PROFILE, ROLE, "email")
    olly = store.join_workshop(other.workshop.join_code, "Olly", ClientId("olly"))
    store.submit_pitch(other.workshop.id, olly.token, "", PITCH_BODY)
    a = store.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    b = store.submit_pitch(w.id, bob.token, "", "hey. job. apply.")
    store.start_voting(w.id, key)
    store.cast_vote(w.id, alice.token, b.id)
    store.cast_vote(w.id, bob.token, a.id)
    before = _rows_per_table(db_url, w.id)
    assert before == {"pitch_workshops": 1, "pitch_participants": 2, "pitch_submissions": 2, "pitch_votes": 2}
    kept = _rows_per_table(db_url, other.workshop.id)

    store.delete_workshop(w.id, key)
    assert _rows_per_table(db_url, w.id) == dict.fromkeys(before, 0)
    assert _rows_per_table(db_url, other.workshop.id) == kept


def test_the_facilitator_key_is_stored_only_as_a_hash(room, db_url):
    store, created, alice, _bob = room
    engine = create_engine(db_url)
    with engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.execute(text("SELECT * FROM pitch_workshops")) for v in row)
        dump += " ".join(
            str(v) for row in conn.execute(text("SELECT * FROM pitch_participants")) for v in row
        )
    engine.dispose()
    assert created.facilitator_key not in dump and alice.token not in dump


class Clock:
    """The store's clock, moved by hand: no test sleeps or reads the wall clock."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clocked(db_url):
    clock = Clock()
    s = Store(db_url, clock=clock)
    yield s, clock
    s.close()


def _a_wrong_code(code: str) -> str:
    return "ZZZZZZZZ" if code != "ZZZZZZZZ" else "YYYYYYYY"


def test_a_slowed_session_gets_one_try_per_pause_and_the_right_code_still_works(clocked):
    store, clock = clocked
    created = store.create_workshop("Room", PROFILE, ROLE, "email")
    code = created.workshop.join_code
    limit = JOIN_LIMITS["session"]
    typist = ClientId("typist-session", address="198.51.100.7")
    left = []
    for _ in range(limit.max_wrong):
        with pytest.raises(WrongJoinCode) as err:
            store.join_workshop(_a_wrong_code(code), "Tam", typist)
        left.append(err.value.tries_left)
        clock.advance(1)
    assert left == list(range(limit.max_wrong - 1, -1, -1))
    assert f"one try every {limit.slow_s} seconds" in str(err.value)
    # Slowed: a try within the pause is not even checked, whatever the code.
    with pytest.raises(TooManyTries) as err:
        store.join_workshop(code, "Tam", typist)
    assert 0 < err.value.retry_after_s <= limit.slow_s
    # Another browser on another network is not affected.
    assert store.join_workshop(code, "Nina", ClientId("nina", address="192.0.2.1")).participant.name == "Nina"
    # Once the pause is over, the right code joins at once: the lock is on guessing, not on the room.
    clock.advance(limit.slow_s)
    assert store.join_workshop(code, "Tam", typist).participant.name == "Tam"


def test_a_new_browser_does_not_reset_the_count_for_its_address(clocked):
    """A reload, a new browser or a script that starts a new session for every try still runs
    into the address's limit: the count is in the store, per address, not in the session."""
    store, clock = clocked
    created = store.create_workshop("Room", PROFILE, ROLE, "email")
    code = created.workshop.join_code
    limit = JOIN_LIMITS["address"]
    for i in range(limit.max_wrong):
        with pytest.raises(WrongJoinCode):
            store.join_workshop(_a_wrong_code(code), "Mallory", ClientId(f"s{i}", address="203.0.113.9"))
    with pytest.raises(TooManyTries):
        store.join_workshop(_a_wrong_code(code), "Mallory", ClientId("fresh", address="203.0.113.9"))
    # A colleague behind the same office network with the right code waits for the next try, then joins.
    with pytest.raises(TooManyTries) as err:
        store.join_workshop(code, "Olu", ClientId("colleague", address="203.0.113.9"))
    clock.advance(err.value.retry_after_s)
    assert store.join_workshop(code, "Olu", ClientId("colleague", address="203.0.113.9")).participant.name == "Olu"
    # Guessing on goes at one try per pause: each wrong one keeps the address slowed.
    with pytest.raises(WrongJoinCode) as err:
        clock.advance(limit.slow_s)
        store.join_workshop(_a_wrong_code(code), "Mallory", ClientId("again", address="203.0.113.9"))
    assert err.value.tries_left == 0
    with pytest.raises(TooManyTries):
        store.join_workshop(_a_wrong_code(code), "Mallory", ClientId("and-again", address="203.0.113.9"))
    # When the window has passed without wrong tries, the address is no longer slowed.
    clock.advance(limit.window_s + 1)
    with pytest.raises(WrongJoinCode) as err:
        store.join_workshop(_a_wrong_code(code), "Mallory", ClientId("later", address="203.0.113.9"))
    assert err.value.tries_left == JOIN_LIMITS["session"].max_wrong - 1  # a fresh session's, the fewer


def test_many_wrong_codes_on_the_server_warn_the_facilitator_and_everyone(clocked):
    store, clock = clocked
    created = store.create_workshop("Room", PROFILE, ROLE, "email")
    w, key = created.workshop, created.facilitator_key
    assert store.wrong_join_codes(w.id, key) == 0
    for i in range(store_mod.GUESSING_NOTICE_AT - 1):
        with pytest.raises(WrongJoinCode) as err:
            store.join_workshop(_a_wrong_code(w.join_code), "X", ClientId(f"s{i}", address=f"192.0.2.{i}"))
    assert not err.value.busy and "ask your facilitator" not in str(err.value)
    with pytest.raises(WrongJoinCode) as err:
        store.join_workshop(_a_wrong_code(w.join_code), "X", ClientId("last", address="192.0.2.200"))
    assert err.value.busy and "ask your facilitator to show the code again" in str(err.value)
    assert store.wrong_join_codes(w.id, key) == store_mod.GUESSING_NOTICE_AT
    with pytest.raises(AccessDenied):
        store.wrong_join_codes(w.id, "not-the-key")
    # Only the last ten minutes count, and only since this workshop was created.
    clock.advance(JOIN_LIMITS["address"].window_s + 1)
    assert store.wrong_join_codes(w.id, key) == 0


def test_the_failure_log_keeps_no_address_and_forgets_after_a_day(clocked, db_url):
    store, clock = clocked
    created = store.create_workshop("Room", PROFILE, ROLE, "email")
    with pytest.raises(WrongJoinCode):
        store.join_workshop(_a_wrong_code(created.workshop.join_code), "X", ClientId("s", address="203.0.113.77"))
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = [tuple(r) for r in conn.execute(text("SELECT * FROM pitch_join_failures"))]
    assert len(rows) == 1 and "203.0.113.77" not in repr(rows)
    clock.advance(24 * 3600 + 1)
    store.join_workshop(created.workshop.join_code, "Y", ClientId("t"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM pitch_join_failures")).scalar() == 0
    engine.dispose()


TRUSTED = store_mod.parse_proxies("10.0.0.5, 10.1.0.0/16")


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        # No proxy configured: the header is ignored, whatever it says.
        ("198.51.100.4", "1.2.3.4", (), "198.51.100.4"),
        ("198.51.100.4", None, (), "198.51.100.4"),
        # A peer that is not a trusted proxy cannot choose its address either.
        ("198.51.100.4", "1.2.3.4", TRUSTED, "198.51.100.4"),
        # Behind the trusted proxies: the right-most entry that is not one of them.
        ("10.0.0.5", "203.0.113.9", TRUSTED, "203.0.113.9"),
        ("10.0.0.5", "6.6.6.6, 203.0.113.9, 10.1.2.3", TRUSTED, "203.0.113.9"),
        ("10.1.9.9", "203.0.113.9,10.0.0.5", TRUSTED, "203.0.113.9"),
        # All hops trusted: the left-most; no header: the proxy itself.
        ("10.0.0.5", "10.1.0.1, 10.0.0.5", TRUSTED, "10.1.0.1"),
        ("10.0.0.5", "", TRUSTED, "10.0.0.5"),
    ],
)
def test_client_address_trusts_forwarded_for_only_from_configured_proxies(peer, forwarded, trusted, expected):
    assert store_mod.client_address(peer, forwarded, trusted) == expected


def test_a_rotating_forwarded_header_does_not_rotate_the_address():
    """Streamlit's server takes X-Forwarded-For from loopback connections by itself; the app
    reads such an address as loopback's unless a proxy is configured."""
    seen = set()
    for fake in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        peer = store_mod.socket_peer(fake, fake)  # what Streamlit reports for a local forger
        seen.add(store_mod.client_address(peer, fake, ()))
    assert seen == {store_mod.LOOPBACK}
    # A direct connection from elsewhere keeps its own address, header or not.
    assert store_mod.socket_peer("198.51.100.4", "1.1.1.1") == "198.51.100.4"
    assert store_mod.socket_peer(None, None) == store_mod.LOOPBACK
    # With a local proxy configured, the proxy's header names the visitor.
    local_proxy = store_mod.parse_proxies("127.0.0.1")
    assert store_mod.client_address(store_mod.socket_peer("203.0.113.9", "203.0.113.9"), "203.0.113.9",
                                    local_proxy) == "203.0.113.9"
    with pytest.raises(ValueError, match="'10.0.0.300' is not an IP address"):
        store_mod.parse_proxies("10.0.0.1, 10.0.0.300")


def test_blind_mode_hides_names_and_scores_until_reveal(room):
    store, created, alice, bob = room
    w, key = created.workshop, created.facilitator_key
    store.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    store.submit_pitch(w.id, bob.token, "", "Hello, we have a job. Apply now!")
    hidden = results_frame(store.facilitator_board(w.id, key))
    assert list(hidden.columns) == ["pitch", "words", "submitted_at"]
    assert "Alice" not in hidden.to_string() and "Bob" not in hidden.to_string()
    assert list(hidden["pitch"]) == ["A", "B"]  # submission order, not rank order

    shown = results_frame(store.facilitator_board(w.id, key))
    assert "participant" not in shown
    store.set_blind(w.id, key, False)
    shown = results_frame(store.facilitator_board(w.id, key))
    assert set(shown["participant"]) == {"Alice", "Bob"} and "overall" in shown

    store.set_blind(w.id, key, True)
    store.reveal(w.id, key)
    revealed = results_frame(store.facilitator_board(w.id, key))
    assert set(revealed["participant"]) == {"Alice", "Bob"}
    assert list(revealed["rank"])[0] == 1


def test_participants_see_others_pitches_only_after_reveal(room):
    store, created, alice, bob = room
    w, key = created.workshop, created.facilitator_key
    store.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    store.submit_pitch(w.id, bob.token, "", "Bob's own pitch text")

    view = store.participant_view(w.id, alice.token)
    assert [s.body for s in view.mine] == [PITCH_BODY]
    assert view.results is None and view.vote_options == ()
    assert view.submission_count == 2 and view.participant_count == 2
    assert "Bob's own pitch text" not in repr(view)

    store.start_voting(w.id, key)
    view = store.participant_view(w.id, alice.token)
    assert view.results is None
    assert view.vote_options == ((store.participant_view(w.id, bob.token).mine[0].id, "B"),)
    assert "Bob's own pitch text" not in repr(view)

    store.reveal(w.id, key)
    view = store.participant_view(w.id, alice.token)
    assert {s.body for s in view.results.submissions} == {PITCH_BODY, "Bob's own pitch text"}


def test_guess_the_winner_round(room):
    store, created, alice, bob = room
    w, key = created.workshop, created.facilitator_key
    cy = store.join_workshop(w.join_code, "Cy", ClientId("cy"))
    a = store.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    b = store.submit_pitch(w.id, bob.token, "", "hey. job. apply.")
    with pytest.raises(WorkshopStateError, match="Voting is not open"):
        store.cast_vote(w.id, cy.token, a.id)
    store.start_voting(w.id, key)
    with pytest.raises(WorkshopStateError, match="Pitches are closed"):
        store.submit_pitch(w.id, cy.token, "", "late pitch")
    with pytest.raises(ValidationError, match="not your own"):
        store.cast_vote(w.id, alice.token, a.id)
    with pytest.raises(NotFound):
        store.cast_vote(w.id, cy.token, "no-such-pitch")
    store.cast_vote(w.id, cy.token, b.id)
    store.cast_vote(w.id, cy.token, a.id)  # changed their mind: still one vote
    store.cast_vote(w.id, bob.token, a.id)
    store.cast_vote(w.id, alice.token, b.id)
    board = store.facilitator_board(w.id, key)
    assert sorted((v.participant_id, v.submission_id) for v in board.votes) == sorted(
        [(cy.participant.id, a.id), (bob.participant.id, a.id), (alice.participant.id, b.id)]
    )
    store.reveal(w.id, key)
    with pytest.raises(WorkshopStateError):
        store.cast_vote(w.id, cy.token, b.id)
    board = store.facilitator_board(w.id, key)
    winner_ids = {s.id for s in board.submissions if s.overall == max(x.overall for x in board.submissions)}
    expected = sorted(
        p.name
        for p in board.participants
        if any(v.participant_id == p.id and v.submission_id in winner_ids for v in board.votes)
    )
    assert [p.name for p in correct_guessers(board)] == expected


def test_time_box_stops_submissions_and_can_be_extended(store, monkeypatch):
    t0 = utcnow()
    monkeypatch.setattr(store_mod, "utcnow", lambda: t0)  # the workshop's clock, fixed
    created = store.create_workshop("Timed", PROFILE, ROLE, "email", time_box_minutes=10)
    w, key = created.workshop, created.facilitator_key
    assert w.deadline == t0 + timedelta(minutes=10) and w.seconds_left(t0) == 600
    p = store.join_workshop(w.join_code, "Ann", ClientId("ann"))
    later = utcnow() + timedelta(minutes=11)
    monkeypatch.setattr(store_mod, "utcnow", lambda: later)
    with pytest.raises(WorkshopStateError, match="Time is up"):
        store.submit_pitch(w.id, p.token, "", PITCH_BODY)
    extended = store.extend_time_box(w.id, key, 5)
    assert extended.deadline == later + timedelta(minutes=5)
    assert store.submit_pitch(w.id, p.token, "", PITCH_BODY).number == 1


def test_closing_stops_joins_and_pitches_but_keeps_results(room):
    store, created, alice, _bob = room
    w, key = created.workshop, created.facilitator_key
    store.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    store.reveal(w.id, key)
    store.close_workshop(w.id, key)
    with pytest.raises(WrongJoinCode):
        store.join_workshop(w.join_code, "Late", ClientId("late"))
    with pytest.raises(WorkshopStateError):
        store.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    with pytest.raises(WorkshopStateError):
        store.close_workshop(w.id, key)
    view = store.participant_view(w.id, alice.token)
    assert view.workshop.phase == "closed" and len(view.results.submissions) == 1


def test_bad_submissions_are_explained(room):
    store, created, alice, _bob = room
    w = created.workshop
    with pytest.raises(ValidationError, match="empty"):
        store.submit_pitch(w.id, alice.token, "", "   ")
    with pytest.raises(ValidationError, match="too long"):
        store.submit_pitch(w.id, alice.token, "", "x" * (store_mod.MAX_BODY_CHARS + 1))
    with pytest.raises(ValidationError, match="title"):
        store.create_workshop("", PROFILE, ROLE, "email")
    with pytest.raises(ValidationError, match="channel"):
        store.create_workshop("T", PROFILE, ROLE, "carrier pigeon")
    with pytest.raises(ValidationError, match="The time box must be between 1 and"):
        store.create_workshop("T", PROFILE, ROLE, "email", time_box_minutes=0)


def test_participant_drafts_survive_and_clear_on_submit(room):
    store, created, alice, _bob = room
    w = created.workshop
    store.save_participant_draft(w.id, alice.token, "Subj", "Half a pitch")
    assert store.participant_view(w.id, alice.token).draft == {"subject": "Subj", "body": "Half a pitch"}
    store.submit_pitch(w.id, alice.token, "Subj", PITCH_BODY)
    assert store.participant_view(w.id, alice.token).draft == {}


# ---------------------------------------------------------------- concurrency


def test_thirty_participants_submit_at_the_same_moment(store):
    created = store.create_workshop("Crowd", PROFILE, ROLE, "email")
    w, n = created.workshop, 30
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []
    tokens: dict[int, str] = {}

    def participant(i: int) -> None:
        try:
            barrier.wait()
            joined = store.join_workshop(w.join_code, f"Recruiter {i:02d}", ClientId(f"session-{i}"))
            tokens[i] = joined.token
            barrier.wait()
            store.submit_pitch(w.id, joined.token, f"Subject {i}", f"{PITCH_BODY} (from recruiter {i:02d})")
        except BaseException as e:  # collected and asserted below
            errors.append(e)
            barrier.abort()

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    board = store.facilitator_board(w.id, created.facilitator_key)
    assert len(board.participants) == n
    assert sorted(s.number for s in board.submissions) == list(range(1, n + 1))
    assert {s.body for s in board.submissions} == {f"{PITCH_BODY} (from recruiter {i:02d})" for i in range(n)}
    assert {s.participant_name for s in board.submissions} == {f"Recruiter {i:02d}" for i in range(n)}


# ---------------------------------------------------------------- unreachable and locked


def test_unreachable_postgres_is_a_clear_error_without_the_password():
    with pytest.raises(StoreUnavailable) as err:
        Store("postgresql+psycopg://pitch:s3cret-pw@127.0.0.1:1/pitch")
    assert str(err.value) == (
        "The database cannot be reached, so nothing could be saved just now. Your work is kept in this "
        "tab; it is saved when the database is back."
    )
    assert err.value.detail.startswith("PostgreSQL database pitch on 127.0.0.1: ")
    assert "s3cret-pw" not in str(err.value) and "s3cret-pw" not in err.value.detail
    assert "127.0.0.1" in err.value.detail


@pytest.mark.parametrize("url, message", [
    ("", "The database URL is not valid. Check PITCH_DB_URL or [connections.pitch_db] in secrets.toml."),
    ("not a url", "The database URL is not valid. Check PITCH_DB_URL or [connections.pitch_db] in secrets.toml."),
    ("nosuchdb://x/y", "Pitch Workshop cannot use this database URL. Check PITCH_DB_URL or [connections.pitch_db]."),
], ids=["empty", "not-a-url", "unknown-driver"])
def test_an_invalid_url_is_a_clear_error(url, message):
    with pytest.raises(StoreUnavailable) as err:
        Store(url or "://")
    assert str(err.value) == message


def test_an_unusable_data_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    with pytest.raises(StoreUnavailable, match="Cannot create the folder for saved work") as err:
        Store(f"sqlite:///{blocker / 'pitch_workshop.db'}")
    assert str(blocker) not in str(err.value) and str(blocker) in err.value.detail  # the path is for the log


def test_a_locked_sqlite_file_is_a_clear_error_and_saving_resumes(tmp_path):
    path = tmp_path / "locked.db"
    s = Store(f"sqlite:///{path}", busy_timeout_ms=100)
    ws = make_workspace()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(StoreUnavailable) as err:
            s.save_workspace(ws)
        assert str(err.value) == (
            "The database file is locked by another program, so nothing could be saved just now. Your work "
            "is kept in this tab; it is saved when the file is free again."
        )
        assert err.value.detail == f"SQLite file {path}: database is locked"
    finally:
        other.execute("ROLLBACK")
        other.close()
    s.save_workspace(ws)  # the lock is gone: the same call now works
    assert s.load_workspace(ws.id).name == ws.name
    s.close()


def _sqlite_room(path):
    s = Store(f"sqlite:///{path}")
    created = s.create_workshop("Forecasting lead", PROFILE, ROLE, "email")
    alice = s.join_workshop(created.workshop.join_code, "Alice", ClientId("session-alice"))
    s.submit_pitch(created.workshop.id, alice.token, "", PITCH_BODY)
    return s, created, alice


def test_a_deleted_sqlite_file_stops_every_write_with_a_clear_message(tmp_path):
    """Issue 13, item 2: SQLite would write on into the deleted file's inode, which nobody can
    open again; the store must refuse, not report "Submitted as pitch B"."""
    path = tmp_path / "pitch.db"
    s, created, alice = _sqlite_room(path)
    ws = make_workspace()
    s.save_workspace(ws)
    path.unlink()  # someone removes the file under the running server
    with pytest.raises(StoreUnavailable) as err:
        s.submit_pitch(created.workshop.id, alice.token, "", PITCH_BODY + " Second try.")
    assert str(err.value) == (
        "Nothing can be saved just now: the database file was removed while Pitch Workshop was running. "
        "Your work is kept in this tab; export it to keep it, and ask whoever runs Pitch Workshop to put "
        "the file back and restart the app."
    )
    # the path is for the server log
    assert err.value.detail == f"SQLite file {path}: missing since the app opened it"
    with pytest.raises(StoreUnavailable, match="removed"):
        s.save_workspace(ws)
    with pytest.raises(StoreUnavailable, match="removed"):
        s.load_workspace(ws.id)
    with pytest.raises(StoreUnavailable, match="removed"):
        s.join_workshop(created.workshop.join_code, "Carol", ClientId("session-carol"))
    s.close()


def test_a_replaced_sqlite_file_stops_writes_too(tmp_path):
    path = tmp_path / "pitch.db"
    s, created, alice = _sqlite_room(path)
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    other.close()
    os.replace(tmp_path / "other.db", path)  # another file moved into its place
    with pytest.raises(StoreUnavailable, match="^Nothing can be saved just now: the database file was replaced ") as err:
        s.submit_pitch(created.workshop.id, alice.token, "", PITCH_BODY)
    assert err.value.detail == f"SQLite file {path}: replaced by another file since the app opened it"
    s.close()


def test_a_file_deleted_during_a_write_is_not_reported_as_saved(tmp_path, monkeypatch):
    path = tmp_path / "pitch.db"
    s, created, alice = _sqlite_room(path)
    real_score = store_mod.score_pitch

    def score_then_delete(*args, **kwargs):  # the file goes while the pitch is being scored
        card = real_score(*args, **kwargs)
        path.unlink()
        return card

    monkeypatch.setattr(store_mod, "score_pitch", score_then_delete)
    with pytest.raises(StoreUnavailable, match="^Nothing can be saved just now: the database file was removed "):
        s.submit_pitch(created.workshop.id, alice.token, "", PITCH_BODY)
    s.close()


def test_a_file_deleted_inside_the_write_is_not_reported_as_saved(tmp_path, monkeypatch):
    """The commit lands in the deleted file's inode: the check after the commit says so."""
    path = tmp_path / "pitch.db"
    s, created, alice = _sqlite_room(path)
    real_new_id = store_mod.new_id

    def new_id_then_delete(*args):  # called inside the write transaction, before the insert
        path.unlink()
        return real_new_id(*args)

    monkeypatch.setattr(store_mod, "new_id", new_id_then_delete)
    with pytest.raises(StoreUnavailable, match="^Your last change was not saved: the database file was removed "):
        s.submit_pitch(created.workshop.id, alice.token, "", PITCH_BODY)
    s.close()


def test_a_read_only_sqlite_file_is_a_clear_error(tmp_path):
    """Issue 13, item 3: read-only stays a clear message (root ignores file modes, so the
    database is opened read-only through its URL, as a read-only mount would)."""
    path = tmp_path / "ro.db"
    Store(f"sqlite:///{path}").close()
    s = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    with pytest.raises(StoreUnavailable) as err:
        s.save_workspace(make_workspace())
    assert str(err.value) == (
        "The database file cannot be opened or written. Your work is kept in this tab; ask whoever runs "
        "Pitch Workshop to check the data folder."
    )
    s.close()


def test_a_full_sqlite_disk_is_a_clear_error(tmp_path):
    """Issue 13, item 3: a full disk (here: SQLite's page limit, which fails the same way)."""
    from sqlalchemy import event

    s = Store(f"sqlite:///{tmp_path / 'full.db'}")
    with s.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    s.engine.dispose()
    event.listen(s.engine, "connect", lambda dbapi, _r: dbapi.execute(f"PRAGMA max_page_count = {pages}"))
    ws = make_workspace()
    ws.cases[0].draft = Pitch(channel="email", body="x" * 200_000)  # more than the pages left
    with pytest.raises(StoreUnavailable, match="cannot be opened or written") as err:
        s.save_workspace(ws)
    assert "full" in err.value.detail
    s.close()


def test_a_database_that_refuses_is_a_clear_error(db_url):
    """Tables dropped by hand (or no permission): StoreUnavailable with the reason, not a driver error."""
    s = Store(db_url)
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE pitch_workspaces"))
    engine.dispose()
    with pytest.raises(StoreUnavailable) as err:
        s.save_workspace(make_workspace())
    assert str(err.value) == (
        "The database refused the request, so nothing could be saved just now. Your work is kept in this "
        "tab; ask whoever runs Pitch Workshop to check the database."
    )
    assert "pitch_workspaces" in err.value.detail
    s.close()


# ---------------------------------------------------------------- names and text the database refuses


@pytest.mark.parametrize(
    "name, reason",
    [
        ("A\u200blice", "invisible characters"),  # zero-width space
        ("\u202eecilA", "invisible characters"),  # right-to-left override
        ("\u200b\u200c\u200d", "invisible characters"),  # nothing visible at all
        ("\u0410lice", "mixes Cyrillic and Latin"),  # a Cyrillic А in a Latin name
        ("...", "at least one letter"),
        ("\u0390" * 40, "too long once its letters are normalised"),  # 40 characters, 120 once case-folded
        ("Ana\x00", "control characters"),
    ],
)
def test_look_alike_invisible_and_overlong_names_are_refused(room, name, reason):
    """Issue 13, items 7 and 12: refused before the database, naming the field and the reason."""
    store, created, _alice, _bob = room
    with pytest.raises(ValidationError, match=reason) as err:
        store.join_workshop(created.workshop.join_code, name, ClientId("session-eve"))
    assert err.value.field == "display name"


def test_names_are_unique_after_normalisation(room):
    store, created, _alice, _bob = room
    for look_alike in ("\uff21\uff4c\uff49\uff43\uff45", "  ALICE ", "alice"):  # full-width, spaced, lower case
        with pytest.raises(ValidationError, match="already taken"):
            store.join_workshop(created.workshop.join_code, look_alike, ClientId("session-eve"))
    ok = store.join_workshop(created.workshop.join_code, "Zo\u00eb  Smith", ClientId("session-zoe"))
    assert ok.participant.name == "Zoë Smith"


@pytest.mark.parametrize(
    ("taken", "look_alike"),
    [
        ("Joe", "\u0408\u043e\u0435"),  # all Cyrillic: Је, о, е
        ("Pope", "\u0420\u043e\u0440\u0435"),  # all Cyrillic: Р, о, р, е
        ("Tom", "\u03a4\u03bf\u039c"),  # all Greek: Τ, ο, Μ
        ("Kaya", "\u039a\u03b1\u03b3\u03b1"),  # all Greek: Κ, α, γ, α
    ],
)
def test_a_name_in_look_alike_letters_of_one_other_script_is_taken(room, taken, look_alike):
    """Issue 13, item 12: a name wholly in Cyrillic or Greek letters that look Latin is the
    same name as its Latin twin (Unicode's confusables table), whichever joins first."""
    store, created, _alice, _bob = room
    code = created.workshop.join_code
    store.join_workshop(code, taken, ClientId("first"))
    with pytest.raises(ValidationError, match="already taken"):
        store.join_workshop(code, look_alike, ClientId("second"))
    other = store.create_workshop("Other room", PROFILE, ROLE, "email")
    store.join_workshop(other.workshop.join_code, look_alike, ClientId("third"))
    with pytest.raises(ValidationError, match="already taken"):
        store.join_workshop(other.workshop.join_code, taken.upper(), ClientId("fourth"))


def test_real_names_in_other_scripts_are_still_welcome(room):
    store, created, _alice, _bob = room
    code = created.workshop.join_code
    for name in ("Ирина", "Иван", "Νίκος", "Γιώργος", "Zoë", "Ана"):
        assert store.join_workshop(code, name, ClientId(name)).participant.name == name


def test_nul_characters_never_reach_the_database(room):
    """PostgreSQL refuses NUL in text: the pitch and the workspace name are cleaned, the subject refused."""
    store, created, alice, _bob = room
    wid = created.workshop.id
    sub = store.submit_pitch(wid, alice.token, "", "Hi Ana,\x00 a pitch.")
    assert sub.body == "Hi Ana, a pitch."
    with pytest.raises(ValidationError, match="control characters") as err:
        store.submit_pitch(wid, alice.token, "Sub\x00ject", PITCH_BODY)
    assert err.value.field == "subject"
    ws = make_workspace()
    ws.name = "Ana\x00's search"
    store.save_workspace(ws)
    assert store.load_workspace(ws.id).name in ("Ana's search", "Ana\x00's search")


# ---------------------------------------------------------------- read-only progress shares


def _learner_workspace(ws_id: str = "learner-workspace-1") -> Workspace:
    from pitch_lib.training import Progress

    p = Progress()
    dee = p.add_learner("Dee Osei")
    p.record(dee.id, "lesson", "personalise", 100, True)
    p.learners[dee.id].set_work("fix", "icu-nurse-dublin", Pitch("email", "", "my unfinished draft"))
    return Workspace(id=ws_id, name="Dee's practice", training=p.to_dict())


def test_a_share_token_reads_progress_only_and_stops_when_revoked(store):
    learner = _learner_workspace()
    store.save_workspace(learner)
    token = store.create_progress_share(learner.id, "for Fran")
    shared = store.shared_progress(token)
    assert shared.workspace_name == "Dee's practice"
    (record,) = shared.training["learners"].values()
    assert record["name"] == "Dee Osei" and record["completed"]
    # Progress only: no drafts, and nothing that leads back to the workspace (its id is write access).
    assert "my unfinished draft" not in json.dumps(shared.training) and "work" not in record
    assert learner.id not in repr(shared)
    # The learner sees the share (not its token, which is stored only as a hash) and revokes it.
    (share,) = store.progress_shares(learner.id)
    assert share.label == "for Fran" and token not in repr(store.progress_shares(learner.id))
    assert not store.revoke_progress_share("someone-elses-ws", share.id)  # only the owner's own
    assert store.revoke_progress_share(learner.id, share.id)
    with pytest.raises(NotFound, match="revoked"):
        store.shared_progress(token)
    assert store.progress_shares(learner.id) == []


def test_a_share_needs_a_saved_workspace_and_dies_with_it(store):
    with pytest.raises(NotFound, match="Save your work first"):
        store.create_progress_share("never-saved-workspace")
    learner = _learner_workspace()
    store.save_workspace(learner)
    token = store.create_progress_share(learner.id)
    with pytest.raises(ValidationError, match="label"):
        store.create_progress_share(learner.id, "x" * 200)
    store.delete_workspace(learner.id)
    with pytest.raises(NotFound):
        store.shared_progress(token)
    with pytest.raises(NotFound):
        store.shared_progress("")


def test_a_version_3_database_turns_followed_ids_into_read_only_shares(db_url):
    """Facilitators used to follow learners by workspace id (write access). Schema 4 replaces
    each id that names a saved workspace by a share token the learner can see and revoke, drops
    the others, and no stored workspace keeps an id."""
    s = Store(db_url)
    learner = _learner_workspace()
    s.save_workspace(learner)
    facilitator = Workspace(id="facilitator-ws-1", name="Fran's", training={
        "version": 1, "learners": {}, "team": [learner.id, "deleted-workspace-id-1234"]})
    s.save_workspace(facilitator)
    with s.engine.begin() as conn:  # what version 3 had
        conn.execute(text("DROP TABLE pitch_progress_shares"))
        conn.execute(text("UPDATE pitch_workspaces SET data = :d WHERE id = :i"),
                     {"d": json.dumps(facilitator.to_dict() | {"training": facilitator.training}),
                      "i": facilitator.id})
        conn.execute(text("UPDATE pitch_schema SET version = 3"))
    s.close()
    s = Store(db_url)
    try:
        assert s.schema_version() == SCHEMA_VERSION
        with s.engine.connect() as conn:
            raw = conn.execute(text("SELECT data FROM pitch_workspaces WHERE id = 'facilitator-ws-1'")).scalar()
        assert learner.id not in raw and "deleted-workspace-id-1234" not in raw
        training = json.loads(raw)["training"]
        assert "team" not in training and len(training["following"]) == 1
        shared = s.shared_progress(training["following"][0])
        assert shared.workspace_name == "Dee's practice"
        (share,) = s.progress_shares(learner.id)
        assert share.label == store_mod.MIGRATED_SHARE_LABEL
        assert learner.id not in export_workspace_json(s.load_workspace(facilitator.id))
    finally:
        s.close()


def test_an_old_export_with_followed_ids_imports_without_them(store):
    old = {"format": "pitch-workshop/workspace", "version": 1, "name": "Fran's", "cases": [],
           "training": {"version": 1, "learners": {}, "team": ["learner-workspace-1", "another-one-123456"]}}
    ws = parse_workspace_json(json.dumps(old))
    assert ws.dropped_follow_ids == 2
    assert "learner-workspace-1" not in export_workspace_json(ws)
    imported = store.import_workspace(json.dumps(old))
    assert "learner-workspace-1" not in json.dumps(store.load_workspace(imported.id).to_dict())
