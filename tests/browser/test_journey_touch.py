"""Issue 14, item 3: on a phone, with touch only, every action and every piece of help is
reachable. A 390 x 844 touch screen (no mouse, no hover) opens a sample, taps the score help
and reads it, taps a mark for its card, and walks the main pages; nothing overflows sideways.

Streamlit's help icons are buttons: a tap opens their text. What was only in a hover title (a
button's help, the card's "Ignore here", the ✂ of a connection note) is visible text now;
tests/test_touch.py keeps it that way in the code.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_harness import PHONE, StreamlitPage
from .test_journey_editor import _marks, _tap_mark

pytestmark = pytest.mark.browser

MAIN_PAGES = ("Profile", "Draft", "Compare", "Outreach plan", "Saved work", "Training", "Lessons", "Exercises",
              "Progress", "Join a workshop", "Run a workshop", "Outcomes")


def _phone(make_page, app_url) -> StreamlitPage:
    page = make_page(viewport=PHONE, has_touch=True, is_mobile=True)
    app = StreamlitPage(page, app_url)
    app.open()
    return app


def _tap_help(app: StreamlitPage, label: str):
    """Tap the (?) of the widget or metric labelled ``label``; return the tooltip it opened."""
    button = app.main.get_by_role("button", name=f"Help for {label}")
    button.tap()
    tip = app.page.locator('[data-testid="stTooltipContent"]').last
    expect(tip).to_be_visible()
    return tip


def _not_wider_than_the_phone(app: StreamlitPage, where: str) -> None:
    width = app.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"{where}: the page is {width} px wide on a {PHONE['width']} px screen"


def test_score_help_and_marks_answer_a_tap(make_page, app_url, console_errors):
    app = _phone(make_page, app_url)
    with app.rerun():
        app.main.get_by_role("button", name="Start with Aoife").tap()
    expect(app.page).to_have_url(re.compile(r"/draft(\?.*)?$"))
    app.wait_scored()

    tip = _tap_help(app, "Overall score")
    expect(tip).to_contain_text("Earned, not given")
    expect(tip).to_contain_text("This pitch:")
    app.main.locator("h1").first.tap()  # a tap elsewhere closes it
    tip = _tap_help(app, "Personalisation")
    expect(tip).to_contain_text("Next step:")

    app.main.locator("h1").first.tap()
    mark = _marks(app).filter(has_text="ASAP").first
    mark.scroll_into_view_if_needed()
    _tap_mark(app, mark, touch=True)
    card = app.main.locator(".pe-card")
    expect(card).to_be_visible()
    expect(card).to_contain_text("Ignore here keeps this wording")  # said on the card, not in a hover title
    expect(card.get_by_role("button", name="Ignore here")).to_be_visible()
    _not_wider_than_the_phone(app, "Draft")
    assert not console_errors, console_errors


def test_the_main_pages_by_touch(make_page, app_url, console_errors):
    app = _phone(make_page, app_url)
    with app.rerun():
        app.main.get_by_role("button", name="Start with Aoife").tap()
    app.wait_scored()
    for label in MAIN_PAGES:
        app.nav(label)
        expect(app.main.locator("h1").first).to_be_visible()
        assert not app.exceptions.count(), (label, app.exceptions.first.inner_text())
        _not_wider_than_the_phone(app, label)
        if label == "Profile":
            expect(_tap_help(app, "Full name")).to_contain_text("The pitch is checked for this name")
    app.nav("Home")
    # The sample's summary is on its card, not in a hover title on its button.
    expect(app.main).to_contain_text("A senior ICU nurse who built a sepsis-screening routine")
    assert not console_errors, console_errors
