"""Coming back: after the first save the page says once to bookmark the link (with a Copy
button that works by touch), and the plain address opened later in the same browser offers to
reopen the last workspace."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_harness import StreamlitPage

pytestmark = pytest.mark.browser

SAMPLE_ID = "icu-nurse-dublin"


def test_bookmark_once_then_the_plain_address_offers_the_last_workspace(make_page, app_url):
    page = make_page(permissions=["clipboard-read", "clipboard-write"])
    app = StreamlitPage(page, app_url)
    app.open()
    expect(app.key("persist_offer_box")).to_have_count(0)  # a new browser: nothing to offer
    with app.rerun():
        app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"\?ws=[\w-]+$"))
    ws_id = page.url.rsplit("ws=", 1)[1]

    box = app.key("persist_bookmark_box")
    expect(box).to_contain_text("Bookmark this link")
    copy = box.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()  # there to tap, not revealed by hovering
    with app.rerun():
        copy.click()
    assert page.evaluate("navigator.clipboard.readText()").endswith(f"?ws={ws_id}")
    expect(box).to_have_count(0)  # said once
    app.nav("Profile")
    expect(app.key("persist_bookmark_box")).to_have_count(0)

    # Tomorrow, the plain address in the same browser (a new tab: a new session).
    later = StreamlitPage(page.context.new_page(), app_url)
    later.open()
    offer = later.key("persist_offer_box")
    expect(offer).to_contain_text("Last time in this browser you worked in My workspace (1 candidate)")
    with later.rerun():
        offer.get_by_role("button", name="Reopen it").click()
    expect(later.page).to_have_url(re.compile(rf"\?ws={ws_id}$"))
    expect(later.key("persist_offer_box")).to_have_count(0)
    later.nav("Draft")
    expect(later.editor).to_have_value(re.compile("Aoife"))
    later.page.close()

    # "Start fresh" puts the offer away for this visit.
    fresh = StreamlitPage(page.context.new_page(), app_url)
    fresh.open()
    with fresh.rerun():
        fresh.key("persist_offer_box").get_by_role("button", name="Start fresh").click()
    expect(fresh.key("persist_offer_box")).to_have_count(0)
    assert "ws=" not in fresh.page.url
