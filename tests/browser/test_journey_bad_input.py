"""Journey 2, bad input, in a real browser: a 200 KB paste, markup in a name and a pitch (shown as
text, nothing runs), malformed and wrong JSON imports (a clear message, the profile untouched),
and emoji with right-to-left text. No traceback on any page, no draft lost.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.xss_payloads import XSS_BODY, XSS_NAME, XSS_VARIANT

from .browser_harness import StreamlitPage

pytestmark = pytest.mark.browser

SAMPLE_ID = "icu-nurse-dublin"
CANDIDATE = "Aoife Brennan"


def _open_sample(app: StreamlitPage) -> None:
    with app.rerun():
        app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
    expect(app.page).to_have_url(re.compile(r"/draft(\?.*)?$"))
    expect(_body(app)).not_to_have_value("")  # the sample's first draft


def _body(app: StreamlitPage):
    return app.editor


def _marked_up(app: StreamlitPage, containing: str):
    """The editor's marked mirror of its text (subject and body each have one) showing ``containing``."""
    return app.main.locator(".pe-back").filter(has_text=containing)


def _save_variant(app: StreamlitPage, name: str) -> None:
    app.enter_text(app.key("draft_variant_name").locator("input"), name)
    with app.rerun():
        app.key("draft_save_variant").get_by_role("button").click()


def _nothing_ran(app: StreamlitPage, where: str, dialogs: list[str]) -> None:
    assert app.page.evaluate("typeof window.__xss") == "undefined", f"{where}: injected script ran"
    assert not dialogs, f"{where}: a dialog opened: {dialogs}"
    injected = app.page.locator('img[src="x"], svg[onload], [onerror]')
    assert injected.count() == 0, f"{where}: user markup became elements"
    assert not app.page.evaluate("[...document.scripts].some(s => s.textContent.includes('__xss'))"), where
    assert not app.exceptions.count(), f"{where}: {app.exceptions.first.inner_text()}"


def test_a_200_kb_paste_is_cut_to_one_pitch_and_flagged(app: StreamlitPage, console_errors):
    """A pitch keeps at most 100,000 characters (issue 13, item 8): the start is kept, the page says
    how much was cut."""
    _open_sample(app)
    paragraph = (
        "Dear Aoife, your sepsis screening tool cut time-to-antibiotics from 90 to 45 minutes. "
        "We are hiring a Clinical Nurse Manager 2 in Dublin, with no night shifts. "
    )
    pasted = (paragraph * (200_000 // len(paragraph) + 1))[:200_000]
    kept = pasted[:100_000]
    body = _body(app)
    with app.rerun():
        body.fill("")
    body.focus()
    with app.rerun():  # the editor sends the text after a pause in typing
        app.page.keyboard.insert_text(pasted)  # one input event, as a paste is

    expect(app.main.get_by_text("200,000 characters, more than any pitch")).to_be_visible()
    expect(app.main.get_by_text("the last 100,000 were cut", exact=False)).to_be_visible()
    expect(app.metric("Overall score")).to_be_visible()
    expect(body).to_have_value(kept)
    assert body.input_value() == kept, "the first 100,000 characters must be kept"
    assert not app.exceptions.count()

    # Switching page and back loses nothing of what was kept.
    app.nav("Profile")
    app.nav("Draft")
    assert _body(app).input_value() == kept
    assert not app.exceptions.count()
    assert not console_errors, console_errors


def test_markup_in_names_and_pitches_is_shown_as_text(app: StreamlitPage, console_errors):
    dialogs: list[str] = []
    app.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _open_sample(app)

    app.nav("Profile")
    app.enter_text(app.key("profile_profile_name").locator("input"), XSS_NAME)
    expect(app.main.get_by_text("<script>window.__xss='script'</script>", exact=False).first).to_be_visible()
    _nothing_ran(app, "Profile", dialogs)

    app.nav("Draft")
    expect(app.main.get_by_text(XSS_NAME, exact=False).first).to_be_visible()  # "Pitching ... to <name>"
    body = _body(app)
    app.enter_text(body, XSS_BODY)
    marked_up = _marked_up(app, "<img src=x onerror=")
    expect(marked_up).to_be_visible()
    expect(marked_up).to_contain_text("<b>Your</b>")
    _nothing_ran(app, "Draft", dialogs)

    _save_variant(app, XSS_VARIANT)
    app.enter_text(body, XSS_BODY + " Thanks!")
    _save_variant(app, "plain")
    app.nav("Compare")
    expect(app.main.get_by_text(XSS_VARIANT, exact=False).first).to_be_visible()
    _nothing_ran(app, "Compare", dialogs)

    # Every other page shows the candidate somewhere (picker, titles): still nothing runs.
    for label, _ in app.nav_links():
        app.nav(label)
        _nothing_ran(app, label, dialogs)
    assert not console_errors, console_errors


def _upload(app: StreamlitPage, name: str, content: bytes) -> None:
    file_input = app.main.locator('[data-testid="stFileUploader"] input[type="file"]')
    with app.rerun():
        file_input.set_input_files({"name": name, "mimeType": "application/json", "buffer": content})


def test_bad_profile_files_get_a_clear_message_and_change_nothing(app: StreamlitPage, console_errors):
    _open_sample(app)
    draft_before = _body(app).input_value()
    app.nav("Profile")
    name_field = app.key("profile_profile_name").locator("input")
    expect(name_field).to_have_value(CANDIDATE)

    cases = [
        ("broken.json", b'{"name": "Broken", "skills": [', "is not valid JSON"),
        ("wrong.json", json.dumps({"name": 42}).encode(), "name"),
        ("list.json", b"[1, 2, 3]", "must be a JSON object"),
        ("photo.json", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
    ]
    for filename, content, reason in cases:
        _upload(app, filename, content)
        error = app.main.locator('[data-testid="stAlert"]').filter(has_text=f"{filename} was not imported")
        expect(error).to_be_visible()
        expect(error).to_contain_text(reason)
        expect(error).to_contain_text("Nothing was changed")
        expect(name_field).to_have_value(CANDIDATE)
        assert not app.exceptions.count(), filename

    app.nav("Draft")
    assert _body(app).input_value() == draft_before, "a failed import must not touch the draft"
    assert not console_errors, console_errors


def test_emoji_and_right_to_left_text_round_trip(app: StreamlitPage, console_errors):
    _open_sample(app)
    app.nav("Profile")
    name = "ليلى حداد 👩🏽‍⚕️"
    app.enter_text(app.key("profile_profile_name").locator("input"), name)
    expect(app.key("profile_profile_name").locator("input")).to_have_value(name)

    app.nav("Draft")
    expect(app.main.get_by_text(name, exact=False).first).to_be_visible()
    pitch = (
        "مرحبا ليلى 👋\n\nرأيت عملك على أداة فحص الإنتان، وخفض وقت المضادات الحيوية من 90 إلى 45 دقيقة. "
        "שלום! 🏥 We are hiring a Clinical Nurse Manager 2 in Dublin, no night shifts. "
        "Would you be open to a 15-minute call next week? 🙂"
    )
    body = _body(app)
    app.enter_text(body, pitch)
    expect(body).to_have_value(pitch)
    marked_up = _marked_up(app, "مرحبا ليلى 👋")
    expect(marked_up).to_be_visible()
    expect(marked_up).to_have_attribute("dir", "auto")
    expect(marked_up).to_contain_text("שלום! 🏥")
    expect(app.metric("Overall score")).to_be_visible()
    assert int(app.metric_value("Words").replace(",", "")) > 10
    assert not app.exceptions.count()

    # The text survives a round trip through another page.
    app.nav("Compare")
    app.nav("Draft")
    expect(_body(app)).to_have_value(pitch)
    assert not console_errors, console_errors
