"""Pitch Workshop: the router. Page config, shared state created once, navigation.

Pages live in ``pages/`` and are thin; shared state lives in ``ui/state.py``.
Helpers adding a page: append ``st.Page(...)`` to the right section below (only pages that exist).
"""

import streamlit as st

from ui.menu import render_menu
from ui.persistence import render_status
from ui.state import WORKSPACE, init_state, mark_routed, open_linked_page

st.set_page_config(
    page_title="Pitch Workshop",
    # An emoji favicon is drawn in the browser; a ":material/...:" one is fetched from Google at run time.
    page_icon="📣",
    layout="wide",
    initial_sidebar_state="auto",
)

init_state()
mark_routed()
render_status(WORKSPACE)  # saved work: the database away, "bookmark this link", reopen the last one

home = st.Page("pages/home.py", title="Home", icon=":material/home:", default=True)
profile = st.Page("pages/profile.py", title="Profile", icon=":material/person:")
draft = st.Page("pages/draft.py", title="Draft", icon=":material/edit:")
compare = st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:")

sections = {
    "Write": [home, profile, draft, compare],
    "Plan": [st.Page("pages/sequence.py", title="Outreach plan", icon=":material/timeline:")],
    "Team": [
        st.Page("pages/workspace.py", title="Saved work", icon=":material/cloud_done:"),
        st.Page("pages/workshop_join.py", title="Join a workshop", icon=":material/groups:"),
        st.Page("pages/workshop_facilitate.py", title="Run a workshop", icon=":material/co_present:"),
        st.Page("pages/outcomes.py", title="Outcomes", icon=":material/query_stats:"),
    ],
    "Learn": [
        st.Page("pages/training.py", title="Training", icon=":material/school:"),
        st.Page("pages/training_lessons.py", title="Lessons", icon=":material/menu_book:"),
        st.Page("pages/training_exercises.py", title="Exercises", icon=":material/fitness_center:"),
        st.Page("pages/training_progress.py", title="Progress", icon=":material/insights:"),
    ],
}

sections = {name: pages for name, pages in sections.items() if pages}
# Streamlit's own menu is off (see ui/menu.py): it would show pages/ as a file list on a cold start.
navigation = st.navigation(sections, position="hidden")
render_menu(sections)
open_linked_page([p for pages in sections.values() for p in pages])
navigation.run()
