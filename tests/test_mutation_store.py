"""The store's behaviour pinned where the whole-package mutation run of issue 17
(scripts/mutation.py store) showed the other store tests let a planted fault through.

Runs on SQLite always and on PostgreSQL when PITCH_TEST_DATABASE_URL is set (the fixtures of
tests/test_store.py).
"""

from __future__ import annotations

import ipaddress
import json
from datetime import timedelta

import pytest
from sqlalchemy import text

import pitch_lib.storage.store as store_mod
from pitch_lib.models import ValidationError
from pitch_lib.storage.store import MAX_SHARES_PER_WORKSPACE, ClientId, NotFound, Store
from pitch_lib.workshop import utcnow
from pitch_lib.workspace import Workspace
from tests.test_store import (  # noqa: F401  (fixtures)
    PITCH_BODY,
    PROFILE,
    ROLE,
    Clock,
    _learner_workspace,
    db_url,
    make_workspace,
    room,
    store,
)

# ---------------------------------------------------------------- who is joining: addresses


def test_trusted_proxies_read_as_written():
    parse = store_mod.parse_proxies
    assert parse("") == () and parse(None) == ()  # nothing set: no proxy is trusted
    assert parse(" 10.0.0.5 ,, ::1 ") == (ipaddress.ip_network("10.0.0.5/32"), ipaddress.ip_network("::1/128"))
    # A network written with its host bits set ("10.1.2.3/16") is the network it lies in.
    assert parse("10.1.2.3/16") == (ipaddress.ip_network("10.1.0.0/16"),)
    with pytest.raises(ValueError) as err:
        parse("10.0.0.1 proxy.local")
    assert str(err.value) == "'proxy.local' is not an IP address or network"


def test_a_bracketed_or_unreadable_peer():
    trusted = store_mod.parse_proxies("::1, 10.0.0.5")
    # "[::1]" is how an IPv6 peer is often written: it is the trusted proxy.
    assert store_mod.client_address("[::1]", "203.0.113.7", trusted) == "203.0.113.7"
    assert store_mod.client_address("[10.0.0.5]", "203.0.113.7", trusted) == "203.0.113.7"
    assert store_mod.client_address(" 10.0.0.5 ", "203.0.113.7", trusted) == "203.0.113.7"
    # A peer that is not an address at all is nobody's proxy: it stands as it is.
    assert store_mod.client_address("unknown", "203.0.113.7", trusted) == "unknown"
    # A forwarded entry that is not an address is not a trusted hop either: it is the client.
    assert store_mod.client_address("10.0.0.5", "203.0.113.7, garbage", trusted) == "garbage"


def test_a_forwarded_address_is_cut_to_64_characters():
    trusted = store_mod.parse_proxies("10.0.0.5")
    long_hop = "x" * 100
    assert store_mod.client_address("10.0.0.5", long_hop, trusted) == "x" * 64
    # Every hop trusted: the left-most is the client, cut the same way.
    assert store_mod._forwarded_client("10.0.0.5, 10.0.0.5", trusted) == "10.0.0.5"
    # An IPv6 address may carry a zone of any length ("fe80::1%eth0"): a trusted hop can be long too.
    zoned = "fe80::1%" + "z" * 80
    assert store_mod._forwarded_client(f"{zoned}, {zoned}", store_mod.parse_proxies("fe80::/10")) == zoned[:64]
    everyone = store_mod.parse_proxies("0.0.0.0/0")
    assert store_mod._forwarded_client("198.51.100.1, 198.51.100.2", everyone) == "198.51.100.1"


def test_the_servers_own_trusted_hosts_decide_what_is_loopback():
    # The web server trusts 203.0.113.0/24: the address it took from the header is the client's,
    # so a reported address equal to that client is a connection from a trusted host.
    fwd = "198.51.100.7, 203.0.113.5"
    assert store_mod.socket_peer("198.51.100.7", fwd, "203.0.113.0/24") == store_mod.LOOPBACK
    assert store_mod.socket_peer("198.51.100.7", fwd) == "198.51.100.7"  # loopback only, by default
    # A setting that cannot be read falls back to the server's default (loopback).
    assert store_mod.socket_peer("198.51.100.7", "198.51.100.7, 127.0.0.1", "nonsense") == store_mod.LOOPBACK
    assert store_mod.socket_peer("", None) == store_mod.LOOPBACK


# ---------------------------------------------------------------- progress shares


def test_revoking_one_share_keeps_the_others(store):  # noqa: F811
    ws = make_workspace()
    store.save_workspace(ws)
    other = make_workspace()
    store.save_workspace(other)
    keep = store.create_progress_share(ws.id, "mentor")
    store.create_progress_share(ws.id, "manager")
    theirs = store.create_progress_share(other.id, "theirs")
    shares = store.progress_shares(ws.id)
    assert [s.label for s in shares] == ["mentor", "manager"]
    # Another workspace's share cannot be revoked from this one.
    [their_share] = store.progress_shares(other.id)
    assert store.revoke_progress_share(ws.id, their_share.id) is False
    assert store.revoke_progress_share(ws.id, shares[1].id) is True
    assert [s.label for s in store.progress_shares(ws.id)] == ["mentor"]
    assert store.shared_progress(keep).workspace_name == ws.name
    assert store.shared_progress(theirs).workspace_name == other.name
    assert store.revoke_progress_share(ws.id, shares[1].id) is False  # already gone


def _saved(s: Store, name: str = "Dee's practice") -> Workspace:
    ws = Workspace(name=name)
    s.save_workspace(ws)
    return ws


def test_a_share_is_labelled_dated_and_listed_oldest_first(db_url):  # noqa: F811
    clock = Clock()
    s = Store(db_url, clock=clock)
    try:
        ws = _saved(s)
        first_at = clock.now
        s.create_progress_share(ws.id)  # no label: an empty one, not a placeholder
        s.create_progress_share(ws.id, None)
        clock.advance(60)
        s.create_progress_share(ws.id, "  for Fran  ")
        shares = s.progress_shares(ws.id)
        assert [sh.label for sh in shares] == ["", "", "for Fran"]
        assert [sh.created_at.replace(tzinfo=None) for sh in shares] == [
            first_at.replace(tzinfo=None)] * 2 + [clock.now.replace(tzinfo=None)]
        # (made at the same instant: by id, see test_shares_made_at_the_same_instant_are_listed_by_id)
        assert all(len(sh.id) <= 32 for sh in shares)  # fits its column on every database
        clock.advance(-60)
        for _ in range(5):
            clock.advance(-1)  # made later but dated earlier: listed by the date
            s.create_progress_share(ws.id, "earlier")
        assert [sh.label for sh in s.progress_shares(ws.id)][:5] == ["earlier"] * 5  # (random ids)
        assert [sh.label for sh in s.progress_shares(ws.id)][5:] == ["", "", "for Fran"]
    finally:
        s.close()


def test_a_share_refuses_a_bad_label_or_workspace_in_words(store):  # noqa: F811
    ws = _saved(store)
    with pytest.raises(ValidationError) as err:
        store.create_progress_share(ws.id, "x" * (store_mod.MAX_SHARE_LABEL_CHARS + 1))
    assert err.value.field == "label"
    assert err.value.message == f"is too long (61 characters; the limit is {store_mod.MAX_SHARE_LABEL_CHARS})"
    assert store.create_progress_share(ws.id, "x" * store_mod.MAX_SHARE_LABEL_CHARS)
    for bad in ("short", "has spaces in it", None):
        with pytest.raises(ValidationError) as err:
            store.create_progress_share(bad)
        assert (err.value.field, err.value.message) == ("workspace.id", "must be 8-64 letters, digits, - or _")
    with pytest.raises(NotFound) as err:
        store.create_progress_share("never-saved-workspace")
    assert str(err.value) == "Save your work first (make any change): a share points to a saved workspace."


def test_a_workspace_keeps_at_most_twenty_shares_of_its_own(store):  # noqa: F811
    ws, other = _saved(store), _saved(store, "Another")
    for _ in range(MAX_SHARES_PER_WORKSPACE - 1):
        store.create_progress_share(ws.id)
    theirs = store.create_progress_share(other.id)  # another workspace's shares do not count
    assert store.create_progress_share(ws.id)  # the twentieth
    with pytest.raises(ValidationError) as err:
        store.create_progress_share(ws.id)
    assert err.value.field == "shares"
    assert err.value.message == "a workspace keeps at most 20; revoke one you no longer need"
    assert str(err.value) == "A workspace keeps at most 20 share links: revoke one you no longer need."
    assert len(store.progress_shares(ws.id)) == MAX_SHARES_PER_WORKSPACE
    assert store.create_progress_share(other.id) and store.shared_progress(theirs).workspace_name == "Another"


def test_deleting_a_workspace_ends_its_own_shares_only(store):  # noqa: F811
    ws, other = _saved(store), _saved(store, "Another")
    mine = store.create_progress_share(ws.id)
    theirs = store.create_progress_share(other.id)
    assert store.delete_workspace("not an id") is False
    assert store.delete_workspace(ws.id) is True
    with pytest.raises(NotFound):
        store.shared_progress(mine)
    assert store.shared_progress(theirs).workspace_name == "Another"
    assert len(store.progress_shares(other.id)) == 1
    assert store.progress_shares(ws.id) == []  # no share is left behind
    assert store.delete_workspace(ws.id) is False  # already gone


def test_a_share_token_that_is_not_one_says_so(store):  # noqa: F811
    words = "This progress share is not valid: the learner may have revoked it."
    for token in ("", None, 12345, ["a"], "x" * 65, "no-such-token"):
        with pytest.raises(NotFound) as err:
            store.shared_progress(token)
        assert str(err.value) == words


def test_a_share_of_a_workspace_whose_data_is_unreadable_shows_no_learners(store):  # noqa: F811
    ws = _saved(store)
    token = store.create_progress_share(ws.id)
    for data in ("[1, 2]", "not json"):
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE pitch_workspaces SET data = :d WHERE id = :i"), {"d": data, "i": ws.id})
        shared = store.shared_progress(token)
        assert (shared.workspace_name, shared.training) == ("Dee's practice", {"learners": {}})


# ---------------------------------------------------------------- workshops


def test_blind_mode_changes_in_every_phase(room):  # noqa: F811
    s, created, alice, _ = room
    w, key = created.workshop, created.facilitator_key
    s.submit_pitch(w.id, alice.token, "Hello", PITCH_BODY)
    assert w.blind is True
    steps = [lambda: None, lambda: s.start_voting(w.id, key), lambda: s.reveal(w.id, key),
             lambda: s.close_workshop(w.id, key)]
    for step, phase in zip(steps, ("open", "voting", "revealed", "closed"), strict=True):
        step()
        assert s.set_blind(w.id, key, False).blind is False
        info = s.set_blind(w.id, key, 1)  # any true value
        assert (info.phase, info.blind) == (phase, True)
        assert s.facilitator_board(w.id, key).workshop.blind is True


def test_the_letters_to_vote_for_are_the_other_pitches_of_this_workshop(store):  # noqa: F811
    rooms = []
    for title in ("First room", "Second room"):
        created = store.create_workshop(title, PROFILE, ROLE, "email", blind=True, guess_round=True)
        people = [store.join_workshop(created.workshop.join_code, name, ClientId(f"s-{title}-{name}"))
                  for name in ("Alice", "Bob", "Cem")]
        for p in people:
            store.submit_pitch(created.workshop.id, p.token, "Hello", PITCH_BODY)
        store.start_voting(created.workshop.id, created.facilitator_key)
        rooms.append((created, people))
    (first, (alice, bob, cem)), _ = rooms
    view = store.participant_view(first.workshop.id, alice.token)
    mine = {s.id for s in view.mine}
    board = store.facilitator_board(first.workshop.id, first.facilitator_key)
    others = [s for s in board.submissions if s.id not in mine]
    assert [label for _, label in view.vote_options] == ["B", "C"]
    assert {sid for sid, _ in view.vote_options} == {s.id for s in others}
    assert (view.participant_count, view.submission_count) == (3, 3)


def test_a_saved_workspace_up_to_the_size_limit(store):  # noqa: F811
    limit = store_mod.MAX_WORKSPACE_BYTES
    ws = Workspace(name="Big")
    ws.training = {"pad": ""}
    base = len(json.dumps(ws.to_dict(), ensure_ascii=False).encode("utf-8"))
    ws.training = {"pad": "x" * (limit - base)}  # exactly the limit: kept
    store.save_workspace(ws)
    assert store.load_workspace(ws.id).training["pad"] == ws.training["pad"]
    ws.training = {"pad": "x" * (limit - base + 1)}
    with pytest.raises(ValidationError) as err:
        store.save_workspace(ws)
    assert (err.value.field, err.value.message) == ("workspace", "is larger than 5 MB")
    for bad in ("short", "has spaces in it"):
        with pytest.raises(ValidationError) as err:
            store.save_workspace(Workspace(id=bad, name="x"))
        assert (err.value.field, err.value.message) == ("workspace id", "must be 8-64 letters, digits, - or _")


def test_a_submission_reads_back_as_scored(room):  # noqa: F811
    from pitch_lib.engine.scoring import score_pitch
    from pitch_lib.models import Pitch

    s, created, alice, bob = room
    w, key = created.workshop, created.facilitator_key
    s.submit_pitch(w.id, alice.token, "Your forecasting talk", PITCH_BODY)
    card = score_pitch(Pitch("email", "Your forecasting talk", PITCH_BODY), PROFILE, ROLE)
    [sub] = s.facilitator_board(w.id, key).submissions
    assert (sub.participant_id, sub.participant_name) == (alice.participant.id, "Alice")
    assert (sub.channel, sub.subject, sub.body, sub.number) == ("email", "Your forecasting talk", PITCH_BODY, 1)
    assert sub.overall == card.overall
    assert sub.scores == {k: v for k, v in card.scores().items() if k != "overall"}
    assert sub.metrics and sub.metrics["words"] == card.metrics["words"]
    assert isinstance(sub.top_findings, tuple) and sub.top_findings
    assert s.participant_view(w.id, alice.token).mine == (sub,)


def test_the_board_lists_people_by_arrival_with_their_times(db_url):  # noqa: F811
    clock = Clock()
    s = Store(db_url, clock=clock)
    try:
        created = s.create_workshop("Room", PROFILE, ROLE, "email", blind=True, guess_round=True)
        w, key, code = created.workshop, created.facilitator_key, created.workshop.join_code
        zed = s.join_workshop(code, "Zed", ClientId("s-zed"))
        arrived = clock.now
        clock.advance(5)
        cat = s.join_workshop(code, "Cat", ClientId("s-cat"))
        amy = s.join_workshop(code, "Amy", ClientId("s-amy"))  # the same instant as Cat: by name
        board = s.facilitator_board(w.id, key)
        assert [p.name for p in board.participants] == ["Zed", "Amy", "Cat"]
        assert [p.id for p in board.participants] == [zed.participant.id, amy.participant.id, cat.participant.id]
        assert board.participants[0].joined_at.replace(tzinfo=None) == arrived.replace(tzinfo=None)
        for p in (zed, amy):
            s.submit_pitch(w.id, p.token, "Hello", PITCH_BODY)
        s.start_voting(w.id, key)
        clock.advance(7)
        amy_pitch = next(x for x in s.facilitator_board(w.id, key).submissions if x.participant_name == "Amy")
        s.cast_vote(w.id, zed.token, amy_pitch.id)
        [vote] = s.facilitator_board(w.id, key).votes
        assert (vote.participant_id, vote.submission_id) == (zed.participant.id, amy_pitch.id)
        assert vote.voted_at.replace(tzinfo=None) == clock.now.replace(tzinfo=None)
    finally:
        s.close()


def test_revealing_a_closed_workshop_keeps_it_closed(room):  # noqa: F811
    s, created, alice, _ = room
    w, key = created.workshop, created.facilitator_key
    s.submit_pitch(w.id, alice.token, "Hello", PITCH_BODY)
    s.close_workshop(w.id, key)
    info = s.reveal(w.id, key)
    assert (info.phase, info.revealed) == ("closed", True)
    assert s.participant_view(w.id, alice.token).results is not None
    other = s.create_workshop("Open room", PROFILE, ROLE, "email", blind=True, guess_round=False)
    assert s.reveal(other.workshop.id, other.facilitator_key).phase == "revealed"


def test_a_wrong_code_while_many_are_tried_says_both_things():
    err = store_mod.WrongJoinCode(0, slow_s=30, busy=True)
    assert str(err) == (
        "No open workshop has that code. Check it with your facilitator (from now on one try every 30 seconds)."
        " Many wrong codes are being tried on this server just now: ask your facilitator to show the code "
        "again, and type it as shown."
    )
    assert str(store_mod.WrongJoinCode(0)) == (
        "No open workshop has that code. Check it with your facilitator (from now on one try every 0 seconds).")


def test_a_vote_goes_only_to_this_workshops_pitches_and_a_changed_vote_is_re_dated(db_url):  # noqa: F811
    clock = Clock()
    s = Store(db_url, clock=clock)
    try:
        rooms = []
        for title in ("First room", "Second room"):
            created = s.create_workshop(title, PROFILE, ROLE, "email", blind=True, guess_round=True)
            people = [s.join_workshop(created.workshop.join_code, n, ClientId(f"s-{title}-{n}")) for n in "AB"]
            for p in people:
                s.submit_pitch(created.workshop.id, p.token, "Hello", PITCH_BODY)
            s.start_voting(created.workshop.id, created.facilitator_key)
            rooms.append((created, people))
        (first, (a, b)), (second, _) = rooms
        elsewhere = s.facilitator_board(second.workshop.id, second.facilitator_key).submissions[0]
        with pytest.raises(NotFound) as err:
            s.cast_vote(first.workshop.id, a.token, elsewhere.id)
        assert str(err.value) == "That pitch is not part of this workshop."
        board = s.facilitator_board(first.workshop.id, first.facilitator_key)
        theirs = next(x for x in board.submissions if x.participant_id == b.participant.id)
        s.cast_vote(first.workshop.id, a.token, theirs.id)
        clock.advance(90)
        s.cast_vote(first.workshop.id, a.token, theirs.id)  # the vote again, later
        [vote] = s.facilitator_board(first.workshop.id, first.facilitator_key).votes
        assert vote.voted_at.replace(tzinfo=None) == clock.now.replace(tzinfo=None)
    finally:
        s.close()


def test_a_participant_sees_themselves_the_counts_and_their_draft(room):  # noqa: F811
    s, created, alice, bob = room
    w = created.workshop
    view = s.participant_view(w.id, alice.token)
    assert view.me == alice.participant
    assert (view.me.id, view.me.name) == (alice.participant.id, "Alice") and view.me.joined_at is not None
    assert (view.participant_count, view.submission_count, view.draft) == (2, 0, {})
    s.save_participant_draft(w.id, alice.token, "Hi", "Draft body")
    assert s.participant_view(w.id, alice.token).draft == {"subject": "Hi", "body": "Draft body"}
    with s.engine.begin() as conn:  # a draft that is JSON but not an object reads as none
        conn.execute(text("UPDATE pitch_participants SET draft = '[1, 2]' WHERE id = :i"), {"i": alice.participant.id})
    assert s.participant_view(w.id, alice.token).draft == {}


def test_saving_again_renames_and_re_dates_the_workspace(db_url):  # noqa: F811
    clock = Clock()
    s = Store(db_url, clock=clock)
    try:
        ws = Workspace(name="")
        s.save_workspace(ws)
        token = s.create_progress_share(ws.id)
        assert s.shared_progress(token).workspace_name == "My workspace"  # a name is never blank
        first = s.workspace_saved_at(ws.id)
        clock.advance(120)
        ws.name = "  " + "N" * 250
        s.save_workspace(ws)
        assert s.shared_progress(token).workspace_name == "N" * 198  # the first 200 characters, trimmed
        assert s.workspace_saved_at(ws.id) - first == timedelta(seconds=120)
        assert s.load_workspace(ws.id).name == ws.name  # the document keeps what was typed
    finally:
        s.close()


def test_shares_made_at_the_same_instant_are_listed_by_id(db_url):  # noqa: F811
    s = Store(db_url, clock=Clock())  # the clock never moves: every share has the same date
    try:
        ws = _saved(s)
        for n in range(8):
            s.create_progress_share(ws.id, f"share {n}")
            ids = [sh.id for sh in s.progress_shares(ws.id)]
        with s.engine.connect() as conn:  # the database's own order of ids (its collation decides)
            by_id = conn.execute(text("SELECT id FROM pitch_progress_shares WHERE workspace_id = :w ORDER BY id"),
                                 {"w": ws.id}).scalars().all()
        assert ids == by_id and len(set(ids)) == 8  # (random ids: made in another order)
    finally:
        s.close()


def test_a_save_that_races_another_tab_writes_the_name_and_time_too(db_url, monkeypatch):  # noqa: F811
    """As tests/test_store.py's race test (the row appears between our UPDATE and our INSERT),
    checking everything the fallback UPDATE writes, not only the document."""
    from sqlalchemy import false

    clock = Clock()
    s = Store(db_url, clock=clock)
    try:
        ws = Workspace(name="The other tab's name")
        s.save_workspace(ws)
        token = s.create_progress_share(ws.id)
        first = s.workspace_saved_at(ws.id)
        clock.advance(30)
        ws.name = "This tab's name"
        real_update = store_mod.update
        calls = []

        def update_that_first_misses(table):
            calls.append(table.name)
            stmt = real_update(table)
            return stmt.where(false()) if len(calls) == 1 else stmt

        monkeypatch.setattr(store_mod, "update", update_that_first_misses)
        s.save_workspace(ws)
        monkeypatch.undo()
        assert len(calls) == 2, "the race path (insert refused, then update) did not run"
        assert s.shared_progress(token).workspace_name == "This tab's name"
        assert s.workspace_saved_at(ws.id) - first == timedelta(seconds=30)
    finally:
        s.close()


# ---------------------------------------------------------------- schema 4: followed ids become shares


def test_the_schema_4_migration_reads_every_kind_of_stored_workspace(db_url):  # noqa: F811
    """Each saved document the migration meets, as a version 3 database could hold it: only a
    facilitator's list of followed ids changes; whatever else mentions "team" is left byte for byte."""
    s = Store(db_url)
    learner, other = _learner_workspace(), _learner_workspace("learner-workspace-2")
    other.name = "Eve's practice"
    s.save_workspace(learner)
    s.save_workspace(other)
    # Fran follows Dee twice, herself, a deleted workspace and Eve's; she already follows one token
    # and a number crept into her list. Gus follows Dee too: his share is a share of its own.
    fran = {"format": "pitch-workshop/workspace", "version": 1, "name": "Fran’s café", "cases": [],
            "training": {"version": 1, "learners": {}, "following": ["kept-token", 7],
                         "team": [learner.id, "facilitator-ws-1", learner.id, "gone-workspace-123", other.id]}}
    gus = {"name": "Gus", "cases": [], "training": {"team": [learner.id]}}
    left_alone = {
        "unreadable-json-1": '{"team": [',
        "not-an-object-1": json.dumps(["team", learner.id]),
        "training-a-list-1": json.dumps({"name": "team", "training": ["team", learner.id]}),
        "no-team-key-1": json.dumps({"name": "The team", "training": {"teamwork": [learner.id]}}),
    }
    before = utcnow()
    with s.engine.begin() as conn:  # what version 3 had
        conn.execute(text("DROP TABLE pitch_progress_shares"))
        # The documents to leave alone first: one of them must not end the migration early.
        rows = {**left_alone, "facilitator-ws-1": json.dumps(fran, ensure_ascii=False),
                "gus-workspace-1": json.dumps(gus)}
        for ws_id, data in rows.items():
            conn.execute(text("INSERT INTO pitch_workspaces (id, name, data, created_at, updated_at) "
                              "VALUES (:i, :i, :d, :t, :t)"), {"i": ws_id, "d": data, "t": before})
        conn.execute(text("UPDATE pitch_schema SET version = 3"))
    s.close()
    s = Store(db_url)
    try:
        after = utcnow()
        with s.engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT id, data FROM pitch_workspaces")).all())
        for ws_id, data in left_alone.items():
            assert stored[ws_id] == data
        # The letters as typed, as every save writes them (not \u escapes).
        assert "Fran’s café" in stored["facilitator-ws-1"]
        training = json.loads(stored["facilitator-ws-1"])["training"]
        assert set(training) == {"version", "learners", "following"}
        kept, dee, eve = training["following"]  # Dee once, not herself, not the deleted one
        assert kept == "kept-token"
        assert s.shared_progress(dee).workspace_name == "Dee's practice"
        assert s.shared_progress(eve).workspace_name == "Eve's practice"
        gus_token, = json.loads(stored["gus-workspace-1"])["training"]["following"]
        assert s.shared_progress(gus_token).workspace_name == "Dee's practice" and gus_token != dee
        dee_shares = s.progress_shares(learner.id)
        assert len(dee_shares) == 2 and len({sh.id for sh in dee_shares}) == 2
        for share in [*dee_shares, *s.progress_shares(other.id)]:
            assert share.label == store_mod.MIGRATED_SHARE_LABEL
            assert before <= share.created_at <= after
        assert s.progress_shares("facilitator-ws-1") == []
    finally:
        s.close()


# ---------------------------------------------------------------- row locks on PostgreSQL


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_every_change_to_a_workshop_locks_its_row_first(db_url):  # noqa: F811
    """On PostgreSQL a check and the write that depends on it ("is the workshop still open?", then
    the insert) hold the workshop's row (SELECT ... FOR UPDATE) so that two facilitators or
    participants acting at the same instant cannot both pass the check. SQLite needs no row lock:
    every write there holds the whole database's."""
    from sqlalchemy import event

    s = Store(db_url)
    said: list[str] = []
    event.listen(s.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: said.append(" ".join(statement.split())))

    def locked_before_writing(action) -> bool:
        said.clear()
        action()
        lock = next((i for i, q in enumerate(said) if q.endswith("FOR UPDATE") and "FROM pitch_workshops" in q), None)
        write = next((i for i, q in enumerate(said) if q.split()[0] in ("INSERT", "UPDATE", "DELETE")), None)
        return lock is not None and write is not None and lock < write

    try:
        created = s.create_workshop("Room", PROFILE, ROLE, "email", time_box_minutes=30)
        w, key = created.workshop.id, created.facilitator_key
        people = []
        assert locked_before_writing(lambda: people.append(s.join_workshop(created.workshop.join_code, "Ana", ClientId("a"))))
        people.append(s.join_workshop(created.workshop.join_code, "Bo", ClientId("b")))
        subs = []
        for p in people:
            assert locked_before_writing(lambda p=p: subs.append(s.submit_pitch(w, p.token, "Hello", PITCH_BODY)))
        assert locked_before_writing(lambda: s.extend_time_box(w, key, 10))
        assert locked_before_writing(lambda: s.set_blind(w, key, False))
        assert locked_before_writing(lambda: s.start_voting(w, key))
        assert locked_before_writing(lambda: s.cast_vote(w, people[0].token, subs[1].id))
        assert locked_before_writing(lambda: s.reveal(w, key))
        assert locked_before_writing(lambda: s.close_workshop(w, key))
        assert locked_before_writing(lambda: s.delete_workshop(w, key))
    finally:
        s.close()


def test_an_outage_made_without_a_detail_has_none():
    # Every outage the store raises names its detail for the admin; one made without says nothing.
    assert store_mod.StoreUnavailable("The database is down.").detail == ""
