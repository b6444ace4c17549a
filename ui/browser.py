"""What only the browser can do, as small inline components (``st.components.v2``): close the
sidebar after a menu click on a phone.

The JavaScript runs in the app's page and touches nothing but what each docstring names.
"""

from __future__ import annotations

import streamlit as st

# --- the sidebar menu closes itself on a phone ---------------------------------------------------

_CLOSE_ON_NAVIGATION_JS = """
export default function () {
  // Once per page load: a click on a link of the app's menu closes the sidebar when the sidebar
  // covers most of the screen (a phone), as a phone's own menus do.
  if (window.pitchMenuClosesSidebar) return;
  window.pitchMenuClosesSidebar = true;
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest(".st-key-app_menu a");
    if (!link) return;
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (!sidebar || sidebar.getBoundingClientRect().width < window.innerWidth * 0.5) return;
    const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (close) close.click();
  });
}
"""

_close_on_navigation = st.components.v2.component("pitch_close_menu", js=_CLOSE_ON_NAVIGATION_JS)


def close_sidebar_on_navigation() -> None:
    _close_on_navigation(key="browser_close_menu")
