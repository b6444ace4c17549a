"""THE place session state is created and read.

Session state holds typed domain objects (a :class:`~pitch_lib.workspace.Workspace` with its
cases and variants), never the truth in widget keys: pages re-seed widgets from these objects
on every run (:func:`seed_widget`), so switching pages and coming back loses nothing.

Pages call :func:`commit_workspace` after every change to the workspace; it saves the workspace
to the database (``ui/persistence.py``, saved work). :func:`init_state` brings a saved workspace
back from the ``?ws=`` link.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from pitch_lib.models import Pitch
from pitch_lib.workspace import CandidateCase, Workspace
from ui import persistence

WORKSPACE = "workspace"  # the Workspace object
DIRTY = "workspace_dirty"  # True after a change not yet persisted
REVISION = "workspace_revision"  # bumped on every commit
SCORE_HISTORY = "score_history"  # case id -> {"key": pitch key, "scores": {...}, "previous": {...}}
REPLACED_DRAFTS = "replaced_drafts"  # case id -> (Pitch, ignored keys) a "start from" replaced (for undo)
FLASHES = "flashes"  # messages to show on the next page run: [(text, icon, kind)]
COUNTERS = "counters"  # name -> int, e.g. to reset a file uploader by changing its key
PREFS = "prefs"  # UI choices kept across page switches (e.g. which variants are compared)


def init_state() -> None:
    """Create the shared keys once per session (called by app.py on every run; idempotent)."""
    ss = st.session_state
    ss.setdefault(WORKSPACE, Workspace())
    ss.setdefault(DIRTY, False)
    ss.setdefault(REVISION, 0)
    ss.setdefault(SCORE_HISTORY, {})
    ss.setdefault(REPLACED_DRAFTS, {})
    ss.setdefault(FLASHES, [])
    ss.setdefault(COUNTERS, {})
    ss.setdefault(PREFS, {})
    # Saved work: load the workspace named by ?ws=<id>, retry a failed save, keep the link in the URL.
    persistence.restore_workspace(WORKSPACE)


ROUTED = "routed"  # set once app.py, the router, has run in this session
PAGE_PARAM = "page"


def mark_routed() -> None:
    st.session_state[ROUTED] = True


def ensure_routed(page_file: str) -> None:
    """Send a page that runs without the router through it, keeping the link.

    Until some session on a freshly started server has run app.py, Streamlit runs a file in
    pages/ on its own, with its old file-list navigation (a shared join link opened after the
    app slept is such a first request). Such a page asks app.py to open it instead."""
    if st.session_state.get(ROUTED):
        return
    params = {k: st.query_params[k] for k in st.query_params}
    params[PAGE_PARAM] = Path(page_file).stem
    st.switch_page("app.py", query_params=params)


def open_linked_page(pages: list) -> None:
    """In app.py: open the page a redirected link asked for (see :func:`ensure_routed`)."""
    wanted = st.query_params.get(PAGE_PARAM)
    if not wanted:
        return
    del st.query_params[PAGE_PARAM]
    target = next((p for p in pages if p.url_path == wanted), None)
    if target is not None:
        st.switch_page(target, query_params={k: st.query_params[k] for k in st.query_params})


def get_workspace() -> Workspace:
    init_state()
    return st.session_state[WORKSPACE]


def active_case() -> CandidateCase | None:
    return get_workspace().active


def commit_workspace() -> None:
    """Record that the workspace changed, and save it (kept in the session if the database is away)."""
    st.session_state[DIRTY] = True
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1
    st.session_state[DIRTY] = not persistence.save_workspace(get_workspace())


# --- widgets seeded from the domain objects ---------------------------------------------------


def seed_widget(key: str, value: Any) -> None:
    """Set a widget's value from the domain object before the widget is drawn."""
    st.session_state[key] = value


def widget_value(key: str, default: Any = None) -> Any:
    """A widget's current value (read in on_change callbacks)."""
    return st.session_state.get(key, default)


def counter(name: str) -> int:
    return st.session_state[COUNTERS].get(name, 0)


def bump_counter(name: str) -> int:
    st.session_state[COUNTERS][name] = counter(name) + 1
    return counter(name)


# --- per-session memory that is not part of the saved workspace ------------------------------


def get_pref(name: str, default: Any = None) -> Any:
    return st.session_state[PREFS].get(name, default)


def set_pref(name: str, value: Any) -> None:
    st.session_state[PREFS][name] = value


def score_deltas(case_id: str, pitch_key: str, scores: dict[str, int]) -> dict[str, int] | None:
    """Change of each score since the last *different* version of the case's draft.

    Called with the current version on every run; a new ``pitch_key`` (the draft changed)
    moves the stored scores to "previous". Returns None before there is a previous version.
    """
    history = st.session_state[SCORE_HISTORY]
    entry = history.get(case_id)
    if entry is None:
        history[case_id] = {"key": pitch_key, "scores": dict(scores), "previous": None}
        return None
    if entry["key"] != pitch_key:
        entry["previous"] = entry["scores"]
        entry["key"], entry["scores"] = pitch_key, dict(scores)
    prev = entry["previous"]
    if prev is None:
        return None
    return {k: v - prev.get(k, v) for k, v in scores.items()}


def remember_replaced_draft(case_id: str, pitch: Pitch, ignored: list[str] = ()) -> None:
    st.session_state[REPLACED_DRAFTS][case_id] = (Pitch(pitch.channel, pitch.subject, pitch.body), list(ignored))


def replaced_draft(case_id: str) -> tuple[Pitch, list[str]] | None:
    return st.session_state[REPLACED_DRAFTS].get(case_id)


def forget_replaced_draft(case_id: str) -> None:
    st.session_state[REPLACED_DRAFTS].pop(case_id, None)


def flash(text: str, icon: str = ":material/check_circle:", kind: str = "toast") -> None:
    """Queue a message for the next page run (survives st.switch_page).

    ``kind`` is "toast" (a passing note), "warning" or "error" (both stay on the page until the
    next run).
    """
    st.session_state[FLASHES].append((text, icon, kind))


def take_flashes() -> list[tuple[str, str, str]]:
    out = list(st.session_state[FLASHES])
    st.session_state[FLASHES].clear()
    return out
