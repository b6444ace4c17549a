"""Team workshops as the facilitator and the participants meet them, one AppTest session each.

All sessions of a test share one SQLite file (tests/conftest.py gives each test its own folder),
as the browsers of a real room share the server's database.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import pitch_lib.storage.store as store_mod
from pitch_lib.storage.store import GUESSING_NOTICE_AT, ClientId, WrongJoinCode, open_store
from pitch_lib.workshop import utcnow
from tests.editor_driver import editor_data, type_text
from tests.test_app_pages import downloads  # noqa: F401  (fixture: what each download button hands over)
from tests.test_page_workspace import copy_links

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60
FACILITATE = "pages/workshop_facilitate.py"
JOIN = "pages/workshop_join.py"
UNREACHABLE = "postgresql+psycopg://pitch:pw@127.0.0.1:1/pitch"

ALICE_PITCH = (
    "Hi Aoife, your sepsis screening tool that cut time-to-antibiotics from 90 to 45 minutes is the "
    "kind of work our outreach team is built on. The role is days only, 8:00-20:00, with a funded MSc. "
    "Would a 15-minute call next week suit you?"
)
BOB_PITCH = "Dear candidate, exciting opportunity!!! Apply now, we need rockstars ASAP."


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def session(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.query_params.update(query)
    return ok(at.switch_page(page).run())


def shown(at: AppTest) -> str:
    """Every text the page shows: Markdown, captions, alerts, HTML blocks, expander labels, tables."""
    parts = [str(e.value) for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)]
    parts += [str(h.proto.body) for h in at.get("html")]
    parts += [e.label for e in at.expander]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(parts)


def create_workshop(
    at: AppTest, *, blind: bool = True, guess: bool = True, minutes: int = 20
) -> tuple[str, str]:
    at.text_input(key="wsf_title").input("Pitch clinic: Aoife")
    at.toggle(key="wsf_blind").set_value(blind)
    at.toggle(key="wsf_guess").set_value(guess)
    at.number_input(key="wsf_minutes").set_value(minutes)
    at.button(key="wsf_create").click().run()
    ok(at)
    return at.query_params["workshop"], at.query_params["key"]


def join(code: str, name: str) -> AppTest:
    p = session(JOIN)
    p.text_input(key="wsj_code").input(code)
    p.text_input(key="wsj_name").input(name)
    next(b for b in p.button if b.label == "Join").click().run()
    return ok(p)


def submit(p: AppTest, body: str) -> AppTest:
    type_text(p, body)
    ok(p)
    p.button(key="wsj_submit").click().run()
    return ok(p)


@pytest.fixture
def room():
    """A blind workshop with a guess round; Alice and Bob joined; returns (facilitator, code, ids)."""
    fac = session(FACILITATE)
    wid, key = create_workshop(fac)
    code = open_store().facilitator_board(wid, key).workshop.join_code
    return fac, code, wid, key


def test_create_shows_the_code_and_the_private_link(room):
    fac, code, wid, key = room
    text = shown(fac)
    assert f"`{code[:4]}-{code[4:]}`" in text
    assert any(f"workshop_join?code={code}" in c.value for c in fac.code)
    assert any(f"workshop={wid}" in link and f"key={key}" in link for link in copy_links(fac))
    assert "Open for pitches" in text and "min" in text  # the time box is running
    assert "No pitches yet" in text


def test_join_draft_with_live_scores_and_submit(room):
    fac, code, wid, key = room
    alice = join(code, "Alice")
    assert "You are **Alice**" in shown(alice)
    assert "Aoife Brennan" in shown(alice)  # the candidate brief
    type_text(alice, ALICE_PITCH)
    ok(alice)
    overall = next(m for m in alice.metric if m.label == "Overall score")
    assert overall.value.endswith("/100")
    alice.button(key="wsj_submit").click().run()
    ok(alice)
    assert any("Submitted as pitch A" in s.value for s in alice.success)
    assert editor_data(alice)["body"] == ""  # ready for another one
    assert "Your submitted pitches (1)" in shown(alice)
    board = open_store().facilitator_board(wid, key)
    assert [(s.label, s.participant_name, s.body) for s in board.submissions] == [("A", "Alice", ALICE_PITCH)]


def test_a_draft_survives_a_refresh(room):
    _fac, code, wid, _key = room
    alice = join(code, "Alice")
    type_text(alice, "Half a pitch for Aoife")
    # A refresh: a new session with the participant link from the address bar.
    again = session(JOIN, workshop=alice.query_params["workshop"], p=alice.query_params["p"])
    assert editor_data(again)["body"] == "Half a pitch for Aoife"
    assert alice.query_params["workshop"] == wid


def test_blind_board_then_reveal_then_export(room, downloads):  # noqa: F811
    fac, code, wid, key = room
    alice = submit(join(code, "Alice"), ALICE_PITCH)
    bob = submit(join(code, "Bob"), BOB_PITCH)
    fac.run()
    ok(fac)
    text = shown(fac)
    assert "Pitch A" in text and "Pitch B" in text and "rockstars" in text  # the words, by letter
    assert "Alice" not in text and "Bob" not in text  # blind: no names ...
    assert not fac.dataframe and not fac.get("vega_lite_chart")  # ... and no scores
    assert not fac.download_button  # exports carry names: only after the reveal

    # Before the reveal, participants see only their own pitch.
    assert "rockstars" not in shown(alice.run()) and ALICE_PITCH[:40] not in shown(bob.run())

    fac.button(key="wsf_reveal").click().run()
    ok(fac)
    table = fac.dataframe[0].value
    assert isinstance(table, pd.DataFrame) and set(table["participant"]) == {"Alice", "Bob"}
    assert list(table["rank"]) == [1, 2] and table.iloc[0]["participant"] == "Alice"
    assert fac.get("vega_lite_chart")
    csv_text = downloads["wsf_export_csv"]["data"]
    assert (
        "Alice" in csv_text and "rockstars" in csv_text and downloads["wsf_export_csv"]["mime"] == "text/csv"
    )
    md = downloads["wsf_export_md"]["data"]
    assert md.startswith("# Pitch clinic: Aoife") and "## Ranking" in md

    # After the reveal everyone sees everyone's pitch.
    text = shown(alice.run())
    assert "Everyone's pitches" in text and "rockstars" in text and "Bob" in text


def test_guess_the_winner_round(room):
    fac, code, wid, key = room
    alice = submit(join(code, "Alice"), ALICE_PITCH)
    bob = submit(join(code, "Bob"), BOB_PITCH)
    cy = join(code, "Cy")
    fac.run()
    fac.button(key="wsf_start_voting").click().run()
    ok(fac)
    assert "Guess-the-winner round" in shown(fac)

    cy.run()
    ok(cy)
    radio = cy.radio(key="wsj_vote_choice")
    assert radio.options == ["Pitch A", "Pitch B"]
    assert "rockstars" not in shown(cy)  # letters only: the texts are on the facilitator's screen
    first_id = open_store().participant_view(wid, cy.query_params["p"]).vote_options[0][0]
    radio.set_value(first_id).run()
    cy.button(key="wsj_vote").click().run()
    ok(cy)
    assert any("Vote recorded: pitch A" in s.value for s in cy.success)
    bob.run()
    assert bob.radio(key="wsj_vote_choice").options == ["Pitch A"]  # not their own
    alice.run()
    assert not alice.get("text_area")  # pitches are frozen during the round

    fac.run()
    assert "1 of 3" in [m.value for m in fac.metric if m.label == "Votes"][0]
    fac.button(key="wsf_reveal").click().run()
    text = shown(cy.run())
    assert "Winner:** A (Alice)" in text  # the specific pitch beats the spam
    assert "guessed right: Cy" in text


def test_close_stops_joining(room):
    fac, code, wid, key = room
    fac.checkbox(key="wsf_close_confirm").check().run()
    fac.button(key="wsf_close").click().run()
    ok(fac)
    assert "Closed" in shown(fac)
    late = session(JOIN)
    late.text_input(key="wsj_code").input(code)
    late.text_input(key="wsj_name").input("Late")
    next(b for b in late.button if b.label == "Join").click().run()
    assert any("No open workshop has that code" in e.value for e in late.error)


def test_a_wrong_code_is_explained_and_tries_are_slowed_not_shut(room, monkeypatch):
    _fac, code, _wid, _key = room
    now = [utcnow()]
    monkeypatch.setattr(store_mod, "utcnow", lambda: now[0])  # the store's clock, moved by hand
    wrong = "ZZZZ-ZZZZ" if code != "ZZZZZZZZ" else "YYYY-YYYY"
    p = session(JOIN)
    for i in range(5):
        p.text_input(key="wsj_code").input(wrong)
        p.text_input(key="wsj_name").input("Mallory")
        next(b for b in p.button if b.label == "Join").click().run()
        ok(p)
        assert any("No open workshop has that code" in e.value for e in p.error)
        if i < 4:
            assert any(f"{4 - i} tr" in e.value and "before joining slows down" in e.value for e in p.error)
    assert any("one try every 20 seconds" in e.value for e in p.error)
    p.text_input(key="wsj_code").input(code)  # within the pause even the right code waits
    next(b for b in p.button if b.label == "Join").click().run()
    assert any("Too many wrong codes" in e.value and "Try again in 20 seconds" in e.value for e in p.error)
    assert "workshop" not in p.query_params
    # A reload is a new session, but the address (local here) has the same count in the store.
    again = session(JOIN)
    again.text_input(key="wsj_code").input(wrong)
    again.text_input(key="wsj_name").input("Mallory")
    next(b for b in again.button if b.label == "Join").click().run()
    assert any("4 tries left" in e.value for e in again.error)  # its own session's count ...
    # ... and the pause over, the right code joins: the limit is on guessing, not on the room.
    now[0] += timedelta(seconds=20)
    next(b for b in p.button if b.label == "Join").click().run()
    ok(p)
    assert "workshop" in p.query_params


def test_the_facilitator_is_told_when_many_wrong_codes_are_tried(room):
    fac, code, _wid, _key = room
    assert "wrong join codes" not in shown(fac)
    store = open_store()
    for i in range(GUESSING_NOTICE_AT):
        with pytest.raises(WrongJoinCode):
            store.join_workshop("ZZZZZZZZ" if code != "ZZZZZZZZ" else "YYYYYYYY", "X", ClientId(f"s{i}", f"192.0.2.{i}"))
    ok(fac.run())
    assert f"{GUESSING_NOTICE_AT} wrong join codes" in shown(fac)
    p = session(JOIN)
    p.text_input(key="wsj_code").input("ZZZZ-ZZZZ" if code != "ZZZZZZZZ" else "YYYY-YYYY")
    p.text_input(key="wsj_name").input("Nina")
    next(b for b in p.button if b.label == "Join").click().run()
    assert any("ask your facilitator to show the code again" in e.value for e in p.error)


def test_a_malformed_code_or_missing_name_is_explained():
    p = session(JOIN)
    p.text_input(key="wsj_code").input("123")
    p.text_input(key="wsj_name").input("Ann")
    next(b for b in p.button if b.label == "Join").click().run()
    assert any("8 letters and digits" in e.value for e in p.error)


def test_without_the_key_the_board_stays_shut(room):
    _fac, _code, wid, _key = room
    intruder = session(FACILITATE, workshop=wid, key="not-the-key")
    assert any("facilitator link is not valid" in e.value for e in intruder.error)
    assert "Pitch clinic" not in shown(intruder)
    stranger = session(JOIN, workshop=wid, p="made-up-token")
    assert any("participant link is not valid" in e.value for e in stranger.error)
    assert "Aoife Brennan" not in shown(stranger)


def test_names_and_pitches_are_escaped(room):
    fac, code, _wid, _key = room
    fac.toggle(key="wsf_blind_toggle").set_value(False).run()
    submit(join(code, "<b>Eve</b> *star*"), "<script>alert('x')</script> Hi Aoife")
    fac.run()
    ok(fac)
    for md in (*fac.markdown, *fac.caption):
        assert "<b>Eve" not in md.value and "<script>" not in md.value
    assert any("\\<b\\>Eve\\</b\\> \\*star\\*" in e.label for e in fac.expander)
    assert any("&lt;script&gt;" in h.proto.body for h in fac.get("html"))


def test_the_database_being_away_is_a_message_on_both_pages(monkeypatch):
    monkeypatch.setenv("PITCH_DB_URL", UNREACHABLE)
    for page in (FACILITATE, JOIN):
        at = session(page)
        assert any("cannot be reached" in w.value for w in at.warning), page


def test_create_with_a_bad_title_is_explained():
    fac = session(FACILITATE)
    fac.text_input(key="wsf_title").input("   ")
    fac.button(key="wsf_create").click().run()
    ok(fac)
    assert any("title" in e.value for e in fac.error)
    assert "workshop" not in fac.query_params


def test_a_deleted_database_file_is_never_reported_as_a_submission(room):
    """Issue 13, item 2: with the SQLite file removed under the server, Submit says so."""
    import os

    from pitch_lib.storage.store import default_sqlite_path

    _fac, code, _wid, _key = room
    alice = submit(join(code, "Alice"), ALICE_PITCH)
    type_text(alice, BOB_PITCH)
    os.remove(default_sqlite_path())
    alice.button(key="wsj_submit").click().run()
    ok(alice)
    text = shown(alice)
    assert "Submitted as pitch B" not in text
    assert "database file was removed" in text
    assert str(default_sqlite_path()) not in text


OUTAGE = "The database cannot be reached, so nothing could be saved just now. Your work is kept in this tab; it is saved when the database is back."


@pytest.fixture
def outage(monkeypatch):
    """Switch the database off and on: every store call fails as an unreachable PostgreSQL does."""
    import contextlib

    from pitch_lib.storage.store import Store, StoreUnavailable

    real = {name: getattr(Store, name) for name in ("_read", "_write")}

    @contextlib.contextmanager
    def down(self):
        raise StoreUnavailable(OUTAGE, detail="test: connection refused")
        yield  # pragma: no cover

    class Switch:
        def off(self):
            for name in real:
                monkeypatch.setattr(Store, name, down)

        def on(self):
            for name, fn in real.items():
                monkeypatch.setattr(Store, name, fn)

    return Switch()


def test_a_pitch_submitted_during_an_outage_arrives_when_the_database_is_back(room, outage, plain_editor):
    """Issue 13, item 1: typed text survives, the message is true, and the pitch is submitted later."""
    _fac, code, wid, key = room
    alice = join(code, "Alice")
    alice.text_area(key="wsj_body").input("Half a pitch").run()
    outage.off()
    alice.text_area(key="wsj_body").input(ALICE_PITCH)
    alice.button(key="wsj_submit").click().run()
    ok(alice)
    text = shown(alice)
    assert "Submitted as" not in text and "Nothing is lost" not in text
    assert "Not submitted yet" in text and "submitted by itself" in text
    assert alice.text_area(key="wsj_body").value == ALICE_PITCH  # the editor keeps the text
    alice.run()  # still away: a rerun (the status poll) loses nothing
    ok(alice)
    assert alice.text_area(key="wsj_body").value == ALICE_PITCH
    assert any(m.label == "Overall score" for m in alice.metric)  # scoring needs no database

    outage.on()
    alice.run()  # what the status poll does when the database answers: redraw the page
    ok(alice)
    assert "Submitted as pitch A" in shown(alice)
    assert alice.text_area(key="wsj_body").value == ""
    board = open_store().facilitator_board(wid, key)
    assert [(s.label, s.body) for s in board.submissions] == [("A", ALICE_PITCH)]
    alice.run()
    assert len(open_store().facilitator_board(wid, key).submissions) == 1  # never twice


def test_a_draft_typed_during_an_outage_is_saved_when_the_database_is_back(room, outage, plain_editor):
    _fac, code, wid, _key = room
    alice = join(code, "Alice")
    outage.off()
    alice.text_area(key="wsj_body").input("Typed while the database was away").run()
    ok(alice)
    assert alice.text_area(key="wsj_body").value == "Typed while the database was away"
    outage.on()
    alice.run()
    ok(alice)
    again = session(JOIN, workshop=alice.query_params["workshop"], p=alice.query_params["p"])
    assert again.text_area(key="wsj_body").value == "Typed while the database was away"


def test_a_pitch_that_waited_past_the_close_is_shown_to_copy(room, outage, plain_editor):
    fac, code, wid, key = room
    alice = join(code, "Alice")
    outage.off()
    alice.text_area(key="wsj_body").input(ALICE_PITCH)
    alice.button(key="wsj_submit").click().run()
    outage.on()
    open_store().close_workshop(wid, key)
    alice.run()
    ok(alice)
    assert "pitches closed while the database was away" in shown(alice)
    assert any(ALICE_PITCH in c.value for c in alice.code)
    assert open_store().facilitator_board(wid, key).submissions == ()


def test_the_revealed_board_copes_with_ids_holding_a_double_underscore(room, monkeypatch):
    """Random ids are URL-safe base64, so now and then one holds "__", which Streamlit refuses in
    a component's key: the board crashed on about one pitch in a hundred."""
    fac, code, wid, key = room
    store = open_store()
    made = iter(range(100))
    monkeypatch.setattr(store_mod, "new_id", lambda nbytes=9: f"id__{next(made):04d}__x")
    person = store.join_workshop(code, "Dee", ClientId("dee"))
    store.submit_pitch(wid, person.token, "", ALICE_PITCH)
    store.reveal(wid, key)
    ok(fac.run())
    assert "Dee" in shown(fac)
