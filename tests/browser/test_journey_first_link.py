"""A shared link opened as the very first request to a freshly started server.

Until some session has run app.py, Streamlit runs a file in pages/ on its own, with its old
file-list navigation. ui.state.ensure_routed sends such a page through the router; this checks
it in a real browser, on a server of its own (the shared one has served other pages already).
"""

from __future__ import annotations

import pytest

from tests.browser.browser_harness import StreamlitPage, StreamlitServer

pytestmark = pytest.mark.browser


def test_join_link_first_request_uses_the_app_navigation(browser, tmp_path):
    from playwright.sync_api import expect

    with StreamlitServer(tmp_path / "data") as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{server.url}/workshop_join?code=ABCDEFGH")
            app = StreamlitPage(page, server.url)
            expect(page.get_by_role("heading", name="Join a workshop")).to_be_visible()
            app.wait_idle()
            nav = app.key("app_menu")
            # the app's own menu (ui/menu.py), not the file list of pages/
            expect(nav).to_contain_text("Run a workshop")
            expect(nav).not_to_contain_text("workshop_join")
            expect(nav).not_to_contain_text("workshop join")
            expect(page.get_by_role("textbox", name="Join code")).to_have_value("ABCDEFGH")
            assert page.url.endswith("/workshop_join?code=ABCDEFGH")
            assert app.exceptions.count() == 0
        finally:
            context.close()
