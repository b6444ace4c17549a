"""The pitch editor on the Draft page, in a real browser: marks and scores follow the typing
with nothing to commit, a mark's card opens by click, tap or keyboard, "Apply" and "Ignore
here" work, a huge paste stays usable, and with the editor switched off the text area works.

No score is hard-coded: the journeys check that what the page shows belongs to the text typed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_harness import PHONE, StreamlitPage, StreamlitServer

pytestmark = pytest.mark.browser

SAMPLE_ID = "icu-nurse-dublin"  # Aoife Brennan


def _open_sample(app: StreamlitPage) -> None:
    with app.rerun():
        app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
    expect(app.page).to_have_url(re.compile(r"/draft(\?.*)?$"))
    expect(app.editor).not_to_have_value("")
    app.wait_scored()


def _blank(app: StreamlitPage) -> None:
    app.main.get_by_role("button", name="Start from…").click()
    with app.rerun():
        app.key("draft_from_blank").get_by_role("button").click()
    expect(app.editor).to_have_value("")


def _marks(app: StreamlitPage):
    return app.main.locator(".pe-back .pe-m")


def _card(app: StreamlitPage):
    return app.main.locator(".pe-card")


def _tap_mark(app: StreamlitPage, mark, *, touch: bool = False) -> None:
    """Put the caret in a mark's words the way a person does: click (or tap) on them. The
    marks are drawn behind the text box, so the click lands in the box, over the words."""
    box = mark.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if touch:
        app.page.touchscreen.tap(x, y)
    else:
        app.page.mouse.click(x, y)


def test_marks_and_scores_follow_typing_without_committing(app: StreamlitPage, console_errors):
    _open_sample(app)
    _blank(app)
    app.editor.click()
    # Typed as a person types, with no Ctrl+Enter and without leaving the box.
    app.editor.press_sequentially("Hi Aoife, we need a rockstar nurse ASAP.", delay=30)
    app.wait_scored()
    expect(app.editor).to_be_focused()  # the caret never left the box
    assert app.scored_words() == 8
    assert app.metric_value("Words") == "8"
    expect(_marks(app).filter(has_text="ASAP")).to_have_count(1)
    expect(_marks(app).filter(has_text="rockstar")).to_have_count(1)
    before = app.metric_value("Overall score")

    app.editor.press_sequentially(" Would a short call next week suit you? No worries if not.", delay=30)
    app.wait_scored()
    assert app.scored_words() == 8 + 12
    assert app.metric_value("Words") == "20"
    expect(app.metric("Overall score").locator('[data-testid="stMetricValue"]')).not_to_have_text(before)
    # the caret stayed at the end of what was typed
    assert app.editor.evaluate("el => el.selectionStart") == len(app.editor.input_value())
    # the editor's script and styles came from the app's static files (once), not with each rerun
    fetched = app.page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    for name in ("editor.js", "editor.css"):
        assert [u for u in fetched if f"/app/static/pitch_editor/{name}?v=" in u], (name, fetched)
    assert not console_errors, console_errors


def test_suggestions_and_preview_follow_once_typing_settles(app: StreamlitPage, console_errors):
    """The suggestions and the channel preview are not redrawn on every pause in typing (that
    keeps the round trip short) but follow by themselves once the writer stops for a moment."""
    _open_sample(app)
    _blank(app)
    suggestions = app.main.get_by_role("heading", name=re.compile(r"Suggestions \(\d+\)"))
    preview = app.main.locator(".pw-inbox-first")
    expect(suggestions).to_have_count(0)  # a blank draft has none
    app.editor.click()
    app.editor.press_sequentially("Hi Aoife, we need a rockstar nurse ASAP.", delay=30)
    app.wait_scored()
    expect(suggestions).to_be_visible()
    expect(preview).to_have_text("Hi Aoife, we need a rockstar nurse ASAP.")
    first = suggestions.inner_text()
    app.editor.press_sequentially(" Competitive salary, exciting opportunity!", delay=30)
    app.wait_scored()
    expect(preview).to_contain_text("Competitive salary, exciting opportunity!")
    expect(suggestions).not_to_have_text(first)  # more findings, counted
    # Copy sits with the editor and follows every pause: straight after the scores catch up it
    # copies what was just typed, not what the preview last showed.
    app.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    app.editor.press_sequentially(" Call me?", delay=30)
    app.wait_scored()
    app.main.get_by_test_id("copy-pitch").click()
    expect(app.main.get_by_text("Copied.")).to_be_visible()
    assert app.page.evaluate("navigator.clipboard.readText()").endswith("exciting opportunity! Call me?")
    assert not console_errors, console_errors


def test_a_card_applies_a_fix_and_ignores_a_finding(app: StreamlitPage, console_errors):
    _open_sample(app)
    _blank(app)
    app.enter_text(app.editor, "Hi {first_name}, your sepsis tool work is great. Please reply ASAP.")
    field_mark = _marks(app).filter(has_text="{first_name}")
    expect(field_mark).to_have_count(1)
    _tap_mark(app, field_mark)
    card = _card(app)
    expect(card).to_be_visible()
    apply = card.get_by_role("button", name=re.compile("Apply: “Aoife”"))
    apply.click()
    app.wait_scored()
    expect(app.editor).to_have_value(re.compile(r"^Hi Aoife, your sepsis"))
    expect(_marks(app).filter(has_text="{first_name}")).to_have_count(0)
    # The fix is on the browser's own undo stack.
    app.editor.press("Control+z")
    expect(app.editor).to_have_value(re.compile(r"^Hi \{first_name\},"))
    app.wait_scored()

    asap = _marks(app).filter(has_text="ASAP")
    _tap_mark(app, asap)
    with app.rerun():
        card.get_by_role("button", name="Ignore here").click()
    app.wait_scored()
    expect(_marks(app).filter(has_text="ASAP")).to_have_count(0)
    ignored = app.main.locator('[data-testid="stExpander"]').filter(has_text="Ignored here (1)")
    expect(ignored).to_be_visible()
    ignored.locator("summary").click()
    expect(ignored).to_contain_text("ASAP")
    assert not console_errors, console_errors


def test_keyboard_only_through_the_marks(app: StreamlitPage, console_errors):
    _open_sample(app)
    _blank(app)
    text = "Hi Aoife, we need a rockstar nurse ASAP. Competitive salary."
    app.enter_text(app.editor, text)
    app.editor.focus()
    app.editor.press("Control+Home")
    seen = []
    for _ in range(3):
        app.editor.press("Alt+ArrowDown")
        selected = app.editor.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
        expect(_card(app)).to_be_visible()
        seen.append(selected)
        assert selected and selected in text
        # the card's reason is announced to screen readers, not only drawn
        expect(app.main.locator(".pe-root [aria-live=polite]")).to_contain_text("Mark ")
    assert len(set(seen)) >= 2, seen  # it moved from mark to mark
    app.editor.press("Escape")
    expect(_card(app)).to_be_hidden()
    # Tab reaches the card's buttons from the box
    app.editor.press("Alt+ArrowDown")
    app.editor.press("Tab")
    focused = app.page.evaluate("() => { let a = document.activeElement; "
                                "while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement; "
                                "return a ? a.textContent : ''; }")
    assert "Apply" in focused or "Ignore here" in focused, focused

    # Copy puts subject and body on the clipboard as plain text.
    app.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    app.main.get_by_test_id("copy-pitch").click()
    expect(app.main.get_by_text("Copied.")).to_be_visible()
    subject = app.editor_subject.input_value()
    expected = (f"{subject.strip()}\n\n" if subject.strip() else "") + text
    assert app.page.evaluate("navigator.clipboard.readText()") == expected
    assert not console_errors, console_errors


def test_phone_touch(make_page, app_url, console_errors):
    page = make_page(viewport=PHONE, has_touch=True, is_mobile=True)
    app = StreamlitPage(page, app_url)
    app.open()
    _open_sample(app)
    mark = _marks(app).filter(has_text="ASAP").first
    mark.scroll_into_view_if_needed()
    _tap_mark(app, mark, touch=True)
    card = _card(app)
    expect(card).to_be_visible()
    expect(card).to_contain_text("pts")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways on a phone: {width}px"
    assert not console_errors, console_errors


def test_a_200_kb_paste_stays_usable(app: StreamlitPage, console_errors):
    _open_sample(app)
    paragraph = "We need a rockstar nurse ASAP for an exciting opportunity with a competitive salary. " * 4 + "\n\n"
    big = paragraph * (200_000 // len(paragraph) + 1)
    # A paste: the whole text lands in one edit (the browser's own insertText, as a paste does).
    app.editor.evaluate("(el, text) => { el.focus(); el.select(); document.execCommand('insertText', false, text); }", big)
    app.wait_scored(timeout=60_000)
    # A pitch keeps its first 100,000 characters (issue 13), and the page says what was cut.
    expect(app.editor).to_have_value(big[:100_000], timeout=60_000)
    assert 15_000 < app.scored_words() < 17_500
    expect(app.main.get_by_text("more than any pitch", exact=False).first).to_be_visible()
    expect(app.main.locator(".pe-note")).to_contain_text("not marked in the text")
    expect(app.main.locator('[data-testid="stAlert"]').filter(has_text="characters long")).to_be_visible()
    # typing still works and is scored
    app.editor.press("Control+Home")
    app.editor.press_sequentially("Thanks ", delay=20)
    app.wait_scored(timeout=60_000)
    assert app.editor.input_value().startswith("Thanks ")
    assert not console_errors, console_errors


def test_the_text_area_when_the_editor_is_switched_off(browser, tmp_path, console_errors):
    with StreamlitServer(tmp_path / "data", extra_env={"PITCH_PLAIN_EDITOR": "1"}) as server:
        context = browser.new_context()
        app = StreamlitPage(context.new_page(), server.url)
        app.page.goto(server.url)
        app.wait_idle(timeout=90_000)  # a new server's first run imports everything
        with app.rerun(timeout=90_000):
            app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
        body = app.key("draft_body").locator("textarea")
        expect(body).not_to_have_value("", timeout=90_000)  # the Draft page's first run on this server
        expect(app.editor).to_have_count(0)
        app.enter_text(body, "Hi Aoife, we need a rockstar nurse ASAP.")
        expect(app.main.locator(".pw-draft mark.pw-m").first).to_be_visible()
        assert app.metric_value("Words") == "8"
        context.close()


def test_an_input_method_composition_is_scored_once_it_is_committed(app: StreamlitPage, console_errors):
    """Typing through an input method (Japanese, Chinese, dead keys): nothing is sent while
    the composition is open, and the committed text is scored. Chromium's own IME events,
    through the DevTools protocol, as an IME would send them."""
    _open_sample(app)
    _blank(app)
    app.editor.click()
    app.editor.press_sequentially("Hi Aoife, your sepsis audit is", delay=20)
    app.wait_scored()
    before = app.scored_words()
    cdp = app.page.context.new_cdp_session(app.page)
    status = app.page.get_by_test_id("pitch-editor-status")
    for partial in (" に", " にほ", " にほん"):
        cdp.send("Input.imeSetComposition", {"text": partial, "selectionStart": len(partial), "selectionEnd": len(partial)})
        # mid-composition the text box shows it, and nothing is waiting to be sent
        expect(app.editor).to_have_value(re.compile(re.escape(partial) + "$"))
        expect(status).to_have_attribute("data-pending", "false")
    app.wait_idle()
    assert app.scored_words() == before  # the open composition was never scored
    cdp.send("Input.insertText", {"text": " 日本 famous."})
    expect(app.editor).to_have_value("Hi Aoife, your sepsis audit is 日本 famous.")
    app.wait_scored()
    assert app.scored_words() > before
    assert app.metric_value("Words") == str(app.scored_words())
    assert not console_errors, console_errors


def test_what_a_screen_reader_is_given(app: StreamlitPage, console_errors):
    """The accessibility tree, as a screen reader reads it: each box has its name and the
    keyboard hint as its description, the marks drawn behind the text are hidden from it (the
    words are read once, from the box), and the card of a mark is a named group whose reason is
    also spoken through the live region."""
    _open_sample(app)
    expect(app.editor).to_have_accessible_name(re.compile("message|body|pitch", re.I))
    expect(app.editor).to_have_accessible_description(re.compile(r"Alt\+↓.*F8"))
    expect(app.editor_subject).to_have_accessible_name(re.compile("subject", re.I))
    for back in app.main.locator(".pe-back").all():
        expect(back).to_have_attribute("aria-hidden", "true")
    app.editor.focus()
    app.editor.press("Control+Home")
    app.editor.press("Alt+ArrowDown")
    card = _card(app)
    expect(card).to_be_visible()
    expect(card).to_have_accessible_name("The mark at the caret")
    reason = app.main.locator(".pe-root [aria-live=polite]")
    expect(reason).to_contain_text("Mark ")
    assert not console_errors, console_errors
