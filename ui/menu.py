"""The app's menu in the sidebar, drawn by the app itself.

Streamlit's own sidebar menu is switched off (``client.showSidebarNavigation = false`` in
``.streamlit/config.toml``): on a freshly started server Streamlit first shows the file list of
``pages/`` there, until app.py has run once. With it off, that list is never shown, and this
menu (the same sections, titles and icons as ``st.navigation``) is the only one.
"""

from __future__ import annotations

import streamlit as st

from ui.browser import close_sidebar_on_navigation

MENU_KEY = "app_menu"  # the container's class is st-key-app_menu (the browser tests find it)


def render_menu(sections: dict[str, list]) -> None:
    """One link per page, under its section's name; the current page is highlighted."""
    with st.sidebar.container(key=MENU_KEY, gap="small"):
        for name, pages in sections.items():
            st.markdown(f"**{name}**")
            for page in pages:
                st.page_link(page, label=page.title, icon=page.icon or None)
        close_sidebar_on_navigation()
    st.sidebar.divider()
