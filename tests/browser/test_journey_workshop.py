"""Journey: a team workshop in a real browser, three people in three browser contexts (separate
cookies and sessions, as on three laptops): a facilitator creates a blind workshop with a
guess-the-winner round; two participants join with the code, draft with live scores and submit;
the board shows both pitches by letter without names; the facilitator opens the round, a
participant votes; the facilitator reveals; names, scores and everyone's pitches appear on the
board and on the participants' pages; the CSV export holds both pitches.

No score is hard-coded: the journey only relies on a specific pitch beating a spammy one.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from .browser_harness import StreamlitPage

pytestmark = pytest.mark.browser

LIVE_TIMEOUT_MS = 20_000  # the board re-reads every 3 s, the participant page every 4 s

SPECIFIC = (
    "Hi Aoife, your nurse-led sepsis screening tool cut time-to-antibiotics from 90 to 45 minutes. "
    "Northside's outreach team works days only, 8:00-20:00 Monday to Friday, and funds an MSc in "
    "Advanced Practice. Would a 15-minute call next week suit you?"
)
SPAMMY = "Dear candidate, exciting opportunity!!! We need rockstars ASAP. Apply now."


def _join(app: StreamlitPage, code: str, name: str, pitch: str) -> None:
    app.open(f"workshop_join?code={code}")
    expect(app.main.get_by_role("textbox", name="Join code")).to_have_value(code)  # from the link
    app.main.get_by_role("textbox", name="Your name, as the room will see it").fill(name)
    with app.rerun():
        app.main.get_by_role("button", name="Join", exact=True).click()
    expect(app.main.get_by_text(f"You are {name}.")).to_be_visible()
    app.enter_text(app.main.get_by_role("textbox", name="Message"), pitch)
    assert re.fullmatch(r"\d+/100", app.metric_value("Overall score"))  # live score
    with app.rerun():
        app.main.get_by_role("button", name="Submit this pitch").click()
    expect(app.main.get_by_text(re.compile(r"Submitted as pitch [AB]"))).to_be_visible()
    assert app.exceptions.count() == 0


def test_facilitator_and_two_participants_from_creation_to_reveal(
    make_page, app_url, console_errors, tmp_path
):
    facilitator = StreamlitPage(make_page(), app_url)  # each make_page() is a new browser context
    alice = StreamlitPage(make_page(), app_url)
    bob = StreamlitPage(make_page(), app_url)

    # The facilitator creates a workshop (blind mode and the guess round are on by default).
    facilitator.open()
    facilitator.nav("Run a workshop")
    with facilitator.rerun():
        facilitator.main.get_by_role("button", name="Create workshop").click()
    code_text = facilitator.main.locator("h1 code").first.inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", code_text)
    code = code_text.replace("-", "")
    assert "key=" in facilitator.page.url  # the private link is in the address bar

    _join(alice, code, "Alice", SPECIFIC)
    _join(bob, code, "Bob", SPAMMY)

    # The board updates by itself: both pitches by letter, no names, no scores.
    board = facilitator.main
    expect(board.get_by_role("heading", name="Pitch B")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(board.get_by_role("heading", name="Pitch A")).to_be_visible()
    expect(board.get_by_text("rockstars", exact=False)).to_be_visible()
    expect(board.get_by_text("Alice", exact=True)).to_have_count(0)
    expect(board.get_by_text("Bob", exact=True)).to_have_count(0)
    expect(board.locator('[data-testid="stDataFrame"]')).to_have_count(0)

    # Participants see only their own pitch before the reveal.
    expect(alice.main.get_by_text("rockstars", exact=False)).to_have_count(0)

    # The guess-the-winner round: Bob's page follows by itself and offers Alice's letter only.
    with facilitator.rerun():
        board.get_by_role("button", name="Start voting").click()
    guess = bob.main.get_by_role("radiogroup", name="Your guess")
    expect(guess).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    bob.wait_idle()
    options = guess.get_by_role("radio")
    expect(options).to_have_count(1)
    with bob.rerun():
        guess.get_by_text(re.compile(r"Pitch [AB]")).click()
    with bob.rerun():
        bob.main.get_by_role("button", name="Vote").click()
    expect(bob.main.get_by_text(re.compile(r"Vote recorded: pitch [AB]"))).to_be_visible()

    # The reveal: names and scores on the board, a ranking with Alice first, and the export.
    with facilitator.rerun():
        board.get_by_role("button", name="Reveal").click()
    table = board.locator('[data-testid="stDataFrame"]').first
    expect(table).to_be_visible()
    expect(board.get_by_text(re.compile(r"Winner:"))).to_be_visible()
    expect(board.get_by_text(re.compile(r"guessed right: Bob"))).to_be_visible()
    download_button = board.get_by_role("button", name="Export results (CSV)")
    expect(download_button).to_be_visible()
    with facilitator.page.expect_download() as info:
        download_button.click()
    path = tmp_path / "results.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["participant"] for r in rows] == ["Alice", "Bob"]  # the specific pitch wins
    assert rows[1]["body"] == SPAMMY

    # Both participants' pages show everyone's pitches once revealed.
    for person, other_text in ((alice, "rockstars"), (bob, "sepsis screening tool")):
        expect(person.main.get_by_role("heading", name="Everyone's pitches")).to_be_visible(
            timeout=LIVE_TIMEOUT_MS
        )
        person.wait_idle()
        expect(person.main.get_by_text(other_text, exact=False).first).to_be_attached()
        assert person.exceptions.count() == 0

    assert facilitator.exceptions.count() == 0
    # Opening a page's own address (the join link) makes Streamlit's frontend probe
    # <page>/_stcore/health and /host-config before it finds the server root: 404s that are
    # Streamlit's, not the app's. Anything else is a failure.
    probes = re.compile(r"404 .*/workshop_join/_stcore/(health|host-config)\)$")
    assert [e for e in console_errors if not probes.search(e)] == []
