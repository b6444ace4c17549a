"""THE place session state is created and read.

Session state holds typed domain objects (a :class:`~pitch_lib.workspace.Workspace` with its
cases and variants), never the truth in widget keys: pages re-seed widgets from these objects,
so switching pages loses nothing.

Pages call :func:`commit_workspace` after every change to the workspace. Today it only marks
the workspace dirty; the saved-work feature makes it persist.
"""

from __future__ import annotations

import streamlit as st

from pitch_lib.workspace import CandidateCase, Workspace

WORKSPACE = "workspace"  # the Workspace object
DIRTY = "workspace_dirty"  # True after a change not yet persisted
REVISION = "workspace_revision"  # bumped on every commit; widgets re-seed when it changes


def init_state() -> None:
    """Create the shared keys once per session (called by app.py on every run; idempotent)."""
    st.session_state.setdefault(WORKSPACE, Workspace())
    st.session_state.setdefault(DIRTY, False)
    st.session_state.setdefault(REVISION, 0)


def get_workspace() -> Workspace:
    init_state()
    return st.session_state[WORKSPACE]


def active_case() -> CandidateCase | None:
    return get_workspace().active


def commit_workspace() -> None:
    """Record that the workspace changed. The hook where saving to a database goes."""
    st.session_state[DIRTY] = True
    st.session_state[REVISION] = st.session_state.get(REVISION, 0) + 1
