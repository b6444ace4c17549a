"""The store's details that a user reads or relies on, each pinned where the mutation run
(scripts/mutation.py) showed the broader tests in tests/test_store.py let a change through:
the exact sentence of each refusal, the edges of each limit, and what is written.

Runs on SQLite always and on PostgreSQL when PITCH_TEST_DATABASE_URL is set (the fixtures of
tests/test_store.py).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

import pitch_lib.storage.store as store_mod
from pitch_lib.models import ValidationError
from pitch_lib.storage.store import (
    MAX_BODY_CHARS,
    MAX_TIME_BOX_MINUTES,
    MAX_WORKSPACE_BYTES,
    NotFound,
    SchemaTooNew,
    Store,
    WorkshopStateError,
    export_workspace_json,
    open_store,
    parse_workspace_json,
    safe_url,
)
from pitch_lib.workshop import utcnow
from pitch_lib.workspace import Workspace
from tests.test_store import (  # noqa: F401  (fixtures)
    PITCH_BODY,
    PROFILE,
    ROLE,
    db_url,
    make_workspace,
    room,
    store,
)

# ---------------------------------------------------------------- configuration


def test_safe_url_masks_the_password_and_names_a_bad_url():
    assert safe_url("postgresql+psycopg://ana:s3cret@db.example:5432/pitch") == (
        "postgresql+psycopg://ana:***@db.example:5432/pitch"
    )
    assert safe_url("::not a url::") == "(an invalid database URL)"


def test_open_store_honours_each_source_of_the_url(tmp_path, monkeypatch):
    monkeypatch.delenv("PITCH_DB_URL", raising=False)
    explicit = tmp_path / "explicit.db"
    from_secrets = tmp_path / "secrets.db"
    s = open_store(f"sqlite:///{explicit}", data_dir=tmp_path / "unused")
    s.close()
    s = open_store(secrets_url=f"sqlite:///{from_secrets}", data_dir=tmp_path / "unused")
    s.close()
    assert explicit.exists() and from_secrets.exists() and not (tmp_path / "unused").exists()


def test_a_newer_schema_says_which_versions():
    err = SchemaTooNew(7, 2)
    assert (err.found, err.supported) == (7, 2)
    assert str(err) == (
        "This database was set up by a newer version of Pitch Workshop (schema version 7; "
        "this version understands up to 2). Upgrade Pitch Workshop, or point "
        "PITCH_DB_URL at another database. Nothing was changed."
    )


def test_ping_answers_and_drop_all_removes_every_table(db_url):  # noqa: F811
    s = Store(db_url)
    try:
        assert s.ping() is None
        s.drop_all()
        assert s.schema_version() is None
    finally:
        s.close()


# ---------------------------------------------------------------- saved work


def test_the_export_is_readable_json():
    ws = make_workspace()
    ws.name = "Zoë’s search"
    exported = export_workspace_json(ws)
    assert "Zoë’s search" in exported  # as typed, not \u escapes
    assert exported.splitlines()[1].startswith('  "') and not exported.splitlines()[1].startswith('   ')
    assert json.loads(exported) == ws.to_dict()


def test_a_workspace_file_over_the_size_limit_is_refused_by_size_only():
    too_big = b" " * (MAX_WORKSPACE_BYTES + 1)
    with pytest.raises(ValidationError) as err:
        parse_workspace_json(too_big)
    assert str(err.value) == "The file is larger than 5 MB."
    assert err.value.field == "file"
    # At the limit the size is fine; what fails is the content.
    with pytest.raises(ValidationError) as err:
        parse_workspace_json(b" " * MAX_WORKSPACE_BYTES)
    assert str(err.value).startswith("The file is not valid JSON")


def test_a_file_that_is_not_a_workspace_export_says_so():
    with pytest.raises(ValidationError) as err:
        parse_workspace_json(json.dumps({"name": "Ana Silva"}))
    assert err.value.field == "file"
    assert str(err.value) == (
        'The file is not a Pitch Workshop workspace export (it needs "format": "pitch-workshop/workspace"; '
        "a single profile is imported on the Profile page)."
    )
    with pytest.raises(ValidationError) as err:
        parse_workspace_json(b"{oops")
    assert err.value.field == "file"


def test_rename_limits_and_a_missing_workspace(store):  # noqa: F811
    ws = make_workspace()
    store.save_workspace(ws)
    assert store.rename_workspace(ws.id, "n" * 200).name == "n" * 200
    with pytest.raises(ValidationError) as err:
        store.rename_workspace(ws.id, "n" * 201)
    assert str(err.value) == "The workspace name is too long (201 characters; the limit is 200)."
    with pytest.raises(NotFound) as err:
        store.rename_workspace(Workspace().id, "Anything")
    assert str(err.value) == "There is no saved workspace with that id."


def test_an_imported_workspace_gets_an_id_as_strong_as_a_new_one(store):  # noqa: F811
    imported = store.import_workspace(export_workspace_json(make_workspace()))
    assert len(imported.id) == len(Workspace().id) == 22  # 16 random bytes


# ---------------------------------------------------------------- workshops


def test_a_participant_draft_is_checked_capped_and_read_back(room):  # noqa: F811
    s, created, alice, _bob = room
    w = created.workshop
    with pytest.raises(ValidationError) as err:
        s.save_participant_draft(w.id, alice.token, "s" * (store_mod.MAX_SUBJECT_CHARS + 1), "")
    assert err.value.field == "subject"
    s.save_participant_draft(w.id, alice.token, "", None)
    assert s.participant_view(w.id, alice.token).draft == {"subject": "", "body": ""}
    s.save_participant_draft(w.id, alice.token, "Zoë", "é" * (MAX_BODY_CHARS * 3))
    draft = s.participant_view(w.id, alice.token).draft
    assert draft == {"subject": "Zoë", "body": "é" * (MAX_BODY_CHARS * 2)}


@pytest.mark.parametrize("before", ["open", "voting", "revealed"])
def test_a_workshop_closes_from_any_phase_and_records_when(room, before):  # noqa: F811
    s, created, _alice, _bob = room
    w, key = created.workshop, created.facilitator_key
    if before == "voting":
        s.start_voting(w.id, key)
    if before == "revealed":
        s.reveal(w.id, key)
    closed = s.close_workshop(w.id, key)
    assert closed.phase == "closed" and closed.closed_at is not None
    with pytest.raises(WorkshopStateError) as err:
        s.close_workshop(w.id, key)
    assert str(err.value) == "Cannot close the workshop: the workshop is closed."


def test_the_time_box_extends_by_one_minute_up_to_a_day(store, monkeypatch):  # noqa: F811
    t0 = utcnow()
    monkeypatch.setattr(store_mod, "utcnow", lambda: t0)
    created = store.create_workshop("Timed", PROFILE, ROLE, "email", time_box_minutes=10)
    w, key = created.workshop, created.facilitator_key
    assert store.extend_time_box(w.id, key, 1).time_box_minutes == 11
    assert store.extend_time_box(w.id, key, MAX_TIME_BOX_MINUTES).time_box_minutes == 11 + MAX_TIME_BOX_MINUTES
    for bad in (0, MAX_TIME_BOX_MINUTES + 1):
        with pytest.raises(ValidationError) as err:
            store.extend_time_box(w.id, key, bad)
        assert str(err.value) == f"The time box must be between 1 and {MAX_TIME_BOX_MINUTES} minutes."


def test_a_time_box_added_later_counts_from_now_and_only_while_open(store, monkeypatch):  # noqa: F811
    t0 = utcnow()
    monkeypatch.setattr(store_mod, "utcnow", lambda: t0)
    created = store.create_workshop("Untimed", PROFILE, ROLE, "email", guess_round=True)
    w, key = created.workshop, created.facilitator_key
    assert w.time_box_minutes is None and w.deadline is None
    extended = store.extend_time_box(w.id, key, 5)
    assert extended.time_box_minutes == 5 and extended.seconds_left(t0) == 300
    store.start_voting(w.id, key)
    with pytest.raises(WorkshopStateError) as err:
        store.extend_time_box(w.id, key, 5)
    assert str(err.value) == "The time box can only be extended while the workshop is open for pitches."


# ---------------------------------------------------------------- what a participant or facilitator reads

def test_wrong_codes_and_pauses_are_counted_in_words():
    assert str(store_mod.WrongJoinCode(1)).endswith("(1 try left before joining slows down).")
    assert str(store_mod.WrongJoinCode(3)) == (
        "No open workshop has that code. Check it with your facilitator (3 tries left before joining slows down)."
    )
    assert str(store_mod.TooManyTries(60)) == (
        "Too many wrong codes from this browser or network. Try again in 60 seconds (the right code works "
        "then); meanwhile check the code with your facilitator."
    )
    paused = store_mod.TooManyTries(61)
    assert paused.retry_after_s == 61 and "in 61 seconds" in str(paused)
    assert "in 1 second (" in str(store_mod.TooManyTries(0))  # never "0 seconds"


def test_every_refusal_in_a_workshop_is_a_plain_sentence(room, monkeypatch):  # noqa: F811
    s, created, alice, bob = room
    w, key = created.workshop, created.facilitator_key

    def refusal(call, *args):
        with pytest.raises(store_mod.StoreError) as err:
            call(*args)
        return str(err.value)

    bad_link = "This facilitator link is not valid (the workshop id or key is missing or wrong)."
    assert refusal(s.facilitator_board, w.id, "wrong-key") == bad_link
    assert refusal(s.facilitator_board, "", key) == bad_link
    bad_token = "This participant link is not valid; join again with the workshop code."
    assert refusal(s.participant_view, w.id, "wrong-token") == bad_token
    assert refusal(s.participant_view, "", alice.token) == bad_token
    assert refusal(s.cast_vote, w.id, alice.token, "x") == (
        "Voting is not open: the facilitator starts the guess-the-winner round."
    )
    monkeypatch.setattr(store_mod, "MAX_SUBMISSIONS_PER_PARTICIPANT", 1)
    first = s.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    assert refusal(s.submit_pitch, w.id, alice.token, "", PITCH_BODY) == (
        "You have submitted 1 pitches, the limit."
    )
    monkeypatch.setattr(store_mod, "MAX_PARTICIPANTS", 2)
    assert refusal(s.join_workshop, w.join_code, "Cy", store_mod.ClientId("cy")) == (
        "This workshop is full (2 participants)."
    )
    s.start_voting(w.id, key)
    assert refusal(s.start_voting, w.id, key) == (
        "Cannot start the guess-the-winner round: the workshop is voting."
    )
    assert refusal(s.submit_pitch, w.id, bob.token, "", PITCH_BODY) == (
        "Pitches are closed: the facilitator has moved on to the guess-the-winner round."
    )
    assert refusal(s.cast_vote, w.id, bob.token, "no-such-pitch") == "That pitch is not part of this workshop."
    s.cast_vote(w.id, bob.token, first.id)
    s.reveal(w.id, key)
    assert refusal(s.submit_pitch, w.id, bob.token, "", PITCH_BODY) == (
        "Pitches are closed: the facilitator has moved on to the revealed phase."
    )
    s.delete_workshop(w.id, key)
    assert refusal(s.facilitator_board, w.id, key) == bad_link


def test_a_workshop_without_a_guess_round_says_so(store):  # noqa: F811
    created = store.create_workshop("No guessing", PROFILE, ROLE, "email", guess_round=False)
    with pytest.raises(WorkshopStateError) as err:
        store.start_voting(created.workshop.id, created.facilitator_key)
    assert str(err.value) == "This workshop has no guess-the-winner round."
    assert store.facilitator_board(created.workshop.id, created.facilitator_key).workshop.phase == "open"


def test_a_join_code_of_the_wrong_shape_and_a_taken_name(room):  # noqa: F811
    s, created, _alice, _bob = room
    with pytest.raises(ValidationError) as err:
        s.join_workshop("K7QM-2XP", "Dee", store_mod.ClientId("dee"))
    assert str(err.value) == (
        "The join code has 8 letters and digits, like K7QM-2XPD (check for a missing character)."
    )
    with pytest.raises(ValidationError) as err:
        s.join_workshop(created.workshop.join_code, "alice", store_mod.ClientId("dee"))
    assert str(err.value) == "The display name “alice” is already taken in this workshop; add an initial or a nickname."


def test_names_of_any_kind_and_a_vote_on_your_own_pitch(room):  # noqa: F811
    s, created, alice, _bob = room
    w = created.workshop
    with pytest.raises(ValidationError) as err:
        s.join_workshop(w.join_code, 42, store_mod.ClientId("num"))
    assert str(err.value) == "The display name must be text."
    # A letter Python knows no name for (a Tangut ideograph) is a letter like any other.
    assert s.join_workshop(w.join_code, "\U00017000 Lin", store_mod.ClientId("lin")).participant.name == (
        "\U00017000 Lin"
    )
    mine = s.submit_pitch(w.id, alice.token, "", PITCH_BODY)
    s.start_voting(w.id, created.facilitator_key)
    with pytest.raises(ValidationError) as err:
        s.cast_vote(w.id, alice.token, mine.id)
    assert str(err.value) == "The vote goes to someone else's pitch, not your own."


def test_a_participant_sees_their_own_vote(room):  # noqa: F811
    s, created, alice, bob = room
    w = created.workshop
    theirs = s.submit_pitch(w.id, bob.token, "", PITCH_BODY)
    s.start_voting(w.id, created.facilitator_key)
    assert s.participant_view(w.id, alice.token).my_vote is None
    s.cast_vote(w.id, alice.token, theirs.id)
    assert s.participant_view(w.id, alice.token).my_vote == theirs.id


def test_wrong_tries_spread_over_windows_still_lock(store, monkeypatch):  # noqa: F811
    """A try after the window restarts the count from that try: the next ones within ten minutes slow the client."""
    created = store.create_workshop("Room", PROFILE, ROLE, "email")
    wrong = "ZZZZZZZZ" if created.workshop.join_code != "ZZZZZZZZ" else "YYYYYYYY"
    limit = store_mod.JOIN_LIMITS["session"]
    client = store_mod.ClientId("slow-guesser")
    t0 = utcnow()
    monkeypatch.setattr(store_mod, "utcnow", lambda: t0)
    with pytest.raises(store_mod.WrongJoinCode):
        store.join_workshop(wrong, "Mallory", client)
    later = t0 + timedelta(seconds=limit.window_s + 60)
    monkeypatch.setattr(store_mod, "utcnow", lambda: later)
    left = []
    for _ in range(limit.max_wrong - 1):
        with pytest.raises(store_mod.WrongJoinCode) as err:
            store.join_workshop(wrong, "Mallory", client)
        left.append(err.value.tries_left)
    assert left == list(range(limit.max_wrong - 1, 0, -1))
    # the last wrong try of the window slows the client; the next one within the pause is refused
    with pytest.raises(store_mod.WrongJoinCode) as err:
        store.join_workshop(wrong, "Mallory", client)
    assert err.value.tries_left == 0
    with pytest.raises(store_mod.TooManyTries):
        store.join_workshop(wrong, "Mallory", client)


def test_saving_one_workspace_leaves_the_others_alone(store):  # noqa: F811
    a, b = make_workspace(), make_workspace()
    b.name = "Someone else's"
    store.save_workspace(a)
    store.save_workspace(b)
    a.name = "Renamed"
    store.save_workspace(a)
    assert store.load_workspace(b.id).to_dict() == b.to_dict()
    assert store.load_workspace(a.id).name == "Renamed"


def test_the_size_limit_counts_the_text_as_stored(store):  # noqa: F811
    """5 MB of UTF-8, not of \\u escapes: 1.2 million accented letters (2.4 MB) save."""
    ws = make_workspace()
    ws.cases[0].draft.body = "é" * 1_200_000
    store.save_workspace(ws)
    assert store.load_workspace(ws.id).cases[0].draft.body == ws.cases[0].draft.body


def test_outcomes_over_the_limit_and_in_a_stable_order(store, monkeypatch):  # noqa: F811
    from dataclasses import replace

    from pitch_lib.demo_outcomes import demo_outcomes

    ws = make_workspace()
    store.save_workspace(ws)
    same_day = [replace(o, sent_on=demo_outcomes(1)[0].sent_on) for o in demo_outcomes(6)]
    store.add_outcomes(ws.id, same_day)
    assert [o.id for o in store.list_outcomes(ws.id)] == sorted(o.id for o in same_day)
    monkeypatch.setattr(store_mod, "MAX_OUTCOMES_PER_WORKSPACE", 7)
    with pytest.raises(ValidationError) as err:
        store.add_outcomes(ws.id, demo_outcomes(2))
    assert str(err.value) == "A workspace keeps at most 7 logged messages (it has 6)."


def test_a_name_is_taken_only_within_its_own_workshop(room):  # noqa: F811
    s, _created, _alice, _bob = room
    other = s.create_workshop("Another room", PROFILE, ROLE, "email")
    again = s.join_workshop(other.workshop.join_code, "Alice", store_mod.ClientId("alice-2"))
    assert again.participant.name == "Alice" and again.workshop.id == other.workshop.id
    with pytest.raises(ValidationError) as err:
        s.create_workshop("   ", PROFILE, ROLE, "email")
    assert str(err.value) == "The title is required."


def test_a_join_code_that_keeps_clashing_gives_up_with_a_sentence(store, monkeypatch):  # noqa: F811
    taken = store.create_workshop("First", PROFILE, ROLE, "email").workshop.join_code
    tries = []
    monkeypatch.setattr(store_mod, "new_join_code", lambda: tries.append(1) or taken)
    with pytest.raises(store_mod.StoreError) as err:
        store.create_workshop("Second", PROFILE, ROLE, "email")
    assert str(err.value) == "Could not create a workshop code; try again." and len(tries) == 5
