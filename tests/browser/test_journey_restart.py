"""Deploy readiness: a saved-work link opened as the very first request after the server
restarts (Community Cloud puts idle apps to sleep and wakes them on the next visit) opens the
page it names, inside the app's frame, with the work back.

Needs its own servers (the session server has long since run ``app.py``), sharing one data
folder as a permanent database would be shared across restarts. Streamlit runs the first
request on a fresh server in its old pages/ directory mode (``_mpa_v1``), without ``app.py``;
``ui.state.ensure_routed`` sends such a request through the router.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser_harness import StreamlitPage, StreamlitServer

pytestmark = pytest.mark.browser

SAMPLE_ID = "icu-nurse-dublin"


def test_a_saved_link_opened_first_after_a_restart(browser, tmp_path, console_errors):
    data_dir = tmp_path / "data"

    # Before the restart: load a sample on a fresh server; the address bar holds the link.
    with StreamlitServer(data_dir) as server:
        context = browser.new_context()
        app = StreamlitPage(context.new_page(), server.url)
        app.open()
        with app.rerun():
            app.key(f"home_sample_{SAMPLE_ID}").get_by_role("button").click()
        draft = app.editor
        expect(draft).not_to_have_value("")
        expect(app.page).to_have_url(re.compile(r"/draft\?ws=[\w-]+$"))
        saved_text = draft.input_value()
        path_and_query = app.page.url.split(str(server.port), 1)[1]
        context.close()

    # After the restart: the link is the first thing the new server sees.
    with StreamlitServer(data_dir) as server:
        context = browser.new_context()
        app = StreamlitPage(context.new_page(), server.url)
        app.open(path_and_query)
        assert not app.exceptions.count(), app.exceptions.first.inner_text()
        expect(app.main.get_by_role("heading", name=re.compile("Draft"))).to_be_visible()
        expect(app.editor).to_have_value(saved_text)
        labels = [label for label, _ in app.nav_links()]
        assert labels[:4] == ["Home", "Profile", "Draft", "Compare"], labels
        context.close()
