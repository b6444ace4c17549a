"""The menu a visitor sees, from the first paint: only the app's own (ui/menu.py), never
Streamlit's file list of pages/ ("app, compare, draft, ..."), on a freshly started server as
on a warm one; and on a phone the sidebar closes once a page is picked.

A script added before the page loads records every menu entry and every Streamlit menu
(stSidebarNav) that is ever in the page, on every change of the document.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browser_harness import PHONE, StreamlitPage, StreamlitServer

pytestmark = pytest.mark.browser

# What Streamlit's own menu is made of, and what the app's menu is made of.
RECORD_MENUS = """
window.menuSamples = [];
const sample = () => {
  const own = document.querySelectorAll('[data-testid="stSidebarNav"], [data-testid="stSidebarNavLink"]');
  const ours = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')].map(a => a.innerText.trim());
  window.menuSamples.push({streamlitMenu: own.length, links: ours});
};
new MutationObserver(sample).observe(document, {childList: true, subtree: true, characterData: true});
"""

MENU_TITLES = {
    "Home", "Profile", "Draft", "Compare", "Outreach plan", "Saved work", "Join a workshop",
    "Run a workshop", "Outcomes", "Training", "Lessons", "Exercises", "Progress",
}


def _first_load(browser, server: StreamlitServer, path: str = "") -> tuple[list[dict], StreamlitPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_MENUS)
    page = context.new_page()
    page.goto(f"{server.url}/{path}")
    app = StreamlitPage(page, server.url)
    app.wait_idle()
    expect(app.nav_link_locator().first).to_be_visible()
    # The first run draws the menu entry by entry; on a busy machine the page can be idle between
    # them. Wait for the whole menu before reading it (the recorder has seen every paint so far).
    expect(app.nav_link_locator()).to_have_count(len(MENU_TITLES), timeout=30_000)
    samples = page.evaluate("window.menuSamples")
    return samples, app


def _problems(samples: list[dict]) -> list[str]:
    problems = []
    if not samples:
        return ["no sample of the page was recorded"]
    if any(s["streamlitMenu"] for s in samples):
        problems.append("Streamlit's own menu (the file list of pages/) was in the page")
    seen = {label.splitlines()[-1].strip() for s in samples for label in s["links"]}
    if seen - MENU_TITLES:
        problems.append(f"menu entries that are not the app's pages: {sorted(seen - MENU_TITLES)}")
    return problems


@pytest.mark.parametrize("path", ["", "draft"])
def test_no_file_list_menu_on_a_cold_or_a_warm_server(browser, tmp_path, path):
    with StreamlitServer(tmp_path / "data") as server:
        cold, app = _first_load(browser, server, path)
        assert len(cold) > 3, "the recorder saw too little of the first paint"
        labels = [label for label, _ in app.nav_links()]
        assert set(labels) == MENU_TITLES
        assert not app.page.get_by_text("does not seem to exist").count()
        app.page.context.close()
        warm, app = _first_load(browser, server, path)
        app.page.context.close()
    assert not _problems(cold), _problems(cold)
    assert not _problems(warm), _problems(warm)


def test_on_a_phone_the_sidebar_closes_after_picking_a_page(make_page, app_url):
    app = StreamlitPage(make_page(viewport=PHONE), app_url)
    app.open()
    sidebar = app.sidebar
    for label in ("Profile", "Saved work"):
        app.nav(label)  # opens the sidebar first, as a user does, then taps the link
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(app.main.locator("h1").first).to_be_visible()
        box = app.main.locator("h1").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] < PHONE["width"] / 2, "the page is not in view"
