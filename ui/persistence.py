"""Saving, the Streamlit side: one store per server process, the workspace id in the URL, saving
as the user works, and what the page says when the database is away.

``ui/state.py`` calls :func:`restore_workspace` from ``init_state()`` (every run) and
:func:`save_workspace` from ``commit_workspace()`` (every change). Pages never talk to the
database about the workspace themselves; the workshop pages use :func:`get_store` directly.

When the database cannot be reached or is locked, the workspace stays in session state, the
page shows :func:`render_status`'s warning, and the next commit (or the next rerun, at most every
``RETRY_SECONDS``) saves it. No exception from the database reaches a page.
"""

from __future__ import annotations

import logging
import os
import secrets
import time
from datetime import datetime

import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.models import ValidationError
from pitch_lib.storage.store import (
    SERVER_TRUSTED_DEFAULT,
    ClientId,
    Store,
    StoreError,
    StoreUnavailable,
    client_address,
    parse_proxies,
    resolve_url,
    socket_peer,
)
from pitch_lib.workshop import utcnow
from pitch_lib.workspace import Workspace
from ui.browser import copy_link, last_workspace_in_browser

log = logging.getLogger("pitch_workshop.store")

WS_PARAM = "ws"  # ?ws=<workspace id>: the link that brings a workspace back
RETRY_SECONDS = 5.0  # after a failure, do not wait on the database again sooner than this
RECOVERY_POLL_S = 3  # a page that waits for the database tries it this often

# Session-state keys (this module's only; the workspace itself is ui.state's WORKSPACE).
_SAVED_ID = "persist_saved_id"  # id of the workspace known to be in the database
_PENDING = "persist_pending"  # True while a change is not yet saved
_PROBLEM = "persist_problem"  # (message, detail) of the last failure, or None
_FAILED_AT = "persist_failed_at"  # time.monotonic() of the last failure
_SAVED_AT = "persist_saved_at"  # datetime (UTC) of the last successful save
_NOTICE = "persist_notice"  # a one-off message for the next page (e.g. "link not found")
_CLIENT = "persist_client"  # random id of this browser session, for the join-code rate limit
ADMIN_HINT = "Whoever runs Pitch Workshop finds the details in the server log."
_WANTED = "persist_wanted"  # a ?ws= id not loaded yet (database away): saving must not take over the link
_BOOKMARK = "persist_bookmark"  # id of a workspace just saved for the first time: "bookmark this link"
_OFFER = "persist_offer"  # (id, name, candidates) of the last workspace in this browser, or ()
_FORGET = "persist_forget"  # a workspace id this browser must stop offering (deleted, not found)


# ---------------------------------------------------------------- configuration and the store


def secrets_url() -> str | None:
    """``[connections.pitch_db] url`` from secrets.toml, or None (no file, no section: both fine)."""
    try:
        section = st.secrets.get("connections", {}).get("pitch_db", {})
        url = section.get("url") if hasattr(section, "get") else None
    except Exception:  # no secrets.toml, or a malformed one: run on the default database
        return None
    return str(url) if url else None


def configured_url() -> str:
    return resolve_url(secrets_url=secrets_url())


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_store(url: str) -> Store:
    # One engine (connection pool) per server process and URL. A failure is not cached, so the
    # next call tries again: that is how the app notices the database is back.
    return Store(url)


def get_store() -> Store:
    """The store; raises StoreError (StoreUnavailable, SchemaTooNew) when it cannot be used."""
    return _open_store(configured_url())


def log_store_error(err: StoreError) -> None:
    """The details of a failure (file path, host, driver message: never the password) go to the
    server log for whoever runs the app; visitors only ever see the sentence in ``str(err)``."""
    log.warning("%s %s", err, getattr(err, "detail", "") or "")


def _failed(err: StoreError) -> None:
    ss = st.session_state
    problem = (str(err), getattr(err, "detail", ""))
    if ss.get(_PROBLEM) != problem:  # once per problem, not on every rerun
        log_store_error(err)
    ss[_PROBLEM] = problem
    ss[_FAILED_AT] = time.monotonic()


def _recovered() -> None:
    ss = st.session_state
    if ss.get(_PROBLEM):
        st.toast("The database is back; everything is saved.", icon=":material/cloud_done:")
    ss[_PROBLEM] = None
    ss[_FAILED_AT] = None


def _may_try() -> bool:
    failed_at = st.session_state.get(_FAILED_AT)
    return failed_at is None or time.monotonic() - failed_at >= RETRY_SECONDS


# ---------------------------------------------------------------- the workspace


def save_workspace(ws: Workspace, *, force: bool = False) -> bool:
    """Save the whole workspace now; False (and the work kept in session) when that fails."""
    ss = st.session_state
    ss[_PENDING] = True
    if not (force or _may_try()):
        return False
    try:
        get_store().save_workspace(ws)
    except StoreError as err:
        _failed(err)
        return False
    except ValidationError as err:  # e.g. larger than the size limit: retrying will not help
        _failed(StoreError(f"This workspace cannot be saved. {err} Export it as JSON to keep it."))
        return False
    ss[_PENDING] = False
    if ss.get(_SAVED_ID) != ws.id and not ss.get(_WANTED):
        ss[_BOOKMARK] = ws.id  # its first save: say once how to come back to it
    ss[_SAVED_ID] = ws.id
    ss[_SAVED_AT] = utcnow()
    _recovered()
    if not ss.get(_WANTED):
        _set_param(ws.id)
    return True


def restore_workspace(key: str) -> None:
    """Called on every run with the session-state key holding the Workspace.

    * A ``?ws=`` link to another workspace than the one in the session loads that workspace
      (a refresh, a new tab, the same link tomorrow).
    * Unsaved work from a failed save is retried (at most every RETRY_SECONDS).
    * The URL keeps pointing at the saved workspace, also after a page switch cleared it.
    """
    ss = st.session_state
    ss.setdefault(_CLIENT, secrets.token_urlsafe(16))
    current: Workspace = ss[key]
    wanted = _get_param()
    if wanted and wanted != current.id:
        _open_link(key, current, wanted)
    elif ss.get(_PENDING):
        save_workspace(current)
    elif not wanted and ss.get(_SAVED_ID) == current.id:
        _set_param(current.id)


def _open_link(key: str, current: Workspace, wanted: str) -> None:
    ss = st.session_state
    if not _may_try():
        return
    ss[_WANTED] = wanted
    # Work done in this tab while the database was away is saved (under its own id) first.
    if ss.get(_PENDING) and not save_workspace(current):
        return
    try:
        loaded = get_store().load_workspace(wanted)
    except StoreError as err:
        _failed(err)
        return
    except ValidationError as err:
        loaded, unreadable = None, str(err)
    else:
        unreadable = ""
    ss[_WANTED] = None
    _recovered()
    if loaded is None:
        ss[_NOTICE] = (
            f"The workspace at this link could not be read. {unreadable}"
            if unreadable
            else "There is no saved workspace at this link (it may have been deleted)."
        ) + " You are in a new workspace; it is saved as soon as you change something."
        if ss.get(_SAVED_ID) == current.id:
            _set_param(current.id)
        else:
            _drop_param()
        return
    if current.cases and ss.get(_SAVED_ID) == current.id:
        ss[_NOTICE] = (
            f"Opened the workspace from the link. The one you had open is still saved: {workspace_link(current)}"
        )
    ss[key] = loaded
    ss[_SAVED_ID] = loaded.id
    ss[_PENDING] = False


def replace_workspace(key: str, ws: Workspace) -> None:
    """Switch the session to ``ws`` (imported, or a fresh one after delete) and its link."""
    ss = st.session_state
    ss[key] = ws
    ss[_PENDING] = False
    if ss.get(_SAVED_ID) != ws.id:
        ss[_SAVED_ID] = None
        _drop_param()
    else:
        _set_param(ws.id)


def mark_saved(ws: Workspace) -> None:
    """Tell the session that ``ws`` is in the database (the page saved it through the store)."""
    ss = st.session_state
    ss[_SAVED_ID] = ws.id
    ss[_SAVED_AT] = utcnow()
    ss[_PENDING] = False
    _recovered()


def is_saved(ws: Workspace) -> bool:
    ss = st.session_state
    return ss.get(_SAVED_ID) == ws.id and not ss.get(_PENDING)


def saved_at() -> datetime | None:
    return st.session_state.get(_SAVED_AT)


def has_unsaved_changes() -> bool:
    return bool(st.session_state.get(_PENDING))


def workspace_link(ws: Workspace) -> str:
    """The address that brings this workspace back: this page's URL with ``?ws=<id>`` (any page
    of the app restores the workspace from it). Relative when the browser has not told us its URL."""
    try:
        base = st.context.url or ""
    except Exception:
        base = ""
    return f"{base}?{WS_PARAM}={ws.id}"


def _get_param() -> str | None:
    value = st.query_params.get(WS_PARAM)
    return value or None


def _set_param(ws_id: str) -> None:
    if st.query_params.get(WS_PARAM) != ws_id:
        st.query_params[WS_PARAM] = ws_id


def _drop_param() -> None:
    if WS_PARAM in st.query_params:
        del st.query_params[WS_PARAM]


# ---------------------------------------------------------------- what the page shows


def render_status(key: str) -> None:
    """At the top of every page: a warning while saving fails, one-off notices, "bookmark this
    link" after a workspace's first save, and the offer to reopen this browser's last workspace."""
    ss = st.session_state
    ws: Workspace = ss[key]
    _render_return_paths(ws)
    notice = ss.pop(_NOTICE, None)
    if notice:
        st.info(notice, icon=":material/link_off:")
    problem = ss.get(_PROBLEM)
    if problem:
        message, _detail = problem
        st.warning(
            message + (" **Keep this tab open** until it is saved." if ss.get(_PENDING) else ""),
            icon=":material/cloud_off:",
        )
        st.caption(ADMIN_HINT)


def forget_in_browser(ws_id: str) -> None:
    """Stop offering ``ws_id`` in this browser (it was deleted)."""
    st.session_state[_FORGET] = ws_id


def _render_return_paths(ws: Workspace) -> None:
    ss = st.session_state
    saved = is_saved(ws)
    could_reopen = not (_get_param() or ws.cases or saved or ss.get(_OFFER) == ())
    last = last_workspace_in_browser(remember=ws.id if saved else None, forget=ss.get(_FORGET), wanted=could_reopen)
    if ss.get(_BOOKMARK) == ws.id and saved:
        with st.container(border=True, key="persist_bookmark_box"):
            st.markdown(
                ":material/bookmark: **Saved. Bookmark this link to come back to this work** (on any "
                "device, tomorrow or next month). This browser also remembers it and offers to reopen it."
            )
            copied = copy_link(workspace_link(ws), key="persist_bookmark_copy")
            if st.button("Got it", key="persist_bookmark_done") or copied:
                ss[_BOOKMARK] = None
                if copied:
                    st.toast("Link copied: bookmark it, or keep it with your notes.", icon=":material/link:")
                st.rerun()
    if not could_reopen or not last or last == ws.id:
        return
    offer = ss.get(_OFFER)
    if not offer or offer[0] != last:
        try:
            offer = _describe(last)
        except StoreError:  # the database is away: offer it on a later run
            return
        ss[_OFFER] = offer
        if not offer:  # deleted since, or unreadable: stop offering it
            ss[_FORGET] = last
            return
    _, name, n_cases = offer
    with st.container(border=True, key="persist_offer_box"):
        st.markdown(
            f":material/history: **Last time in this browser you worked in {md_escape(name)}** "
            f"({n_cases} candidate{'s' if n_cases != 1 else ''})."
        )
        c1, c2 = st.columns(2)
        c1.button("Reopen it", key="persist_offer_open", icon=":material/folder_open:", type="primary",
                  on_click=_set_param, args=(last,), width="stretch")
        if c2.button("Start fresh", key="persist_offer_dismiss", width="stretch"):
            ss[_OFFER] = ()
            st.rerun()


def _describe(ws_id: str) -> tuple[str, str, int] | None:
    """(id, name, number of candidates) of a saved workspace, or None when it is gone or unreadable."""
    try:
        found = get_store().load_workspace(ws_id)
    except ValidationError:
        return None
    return (ws_id, found.name, len(found.cases)) if found is not None else None


def show_store_error(err: StoreError) -> None:
    """For the workshop pages: a store failure as a message, never a traceback."""
    if isinstance(err, StoreUnavailable):
        log_store_error(err)
        st.warning(str(err), icon=":material/cloud_off:")
        st.caption(ADMIN_HINT)
    else:
        st.error(str(err), icon=":material/error:")


@st.fragment(run_every=RECOVERY_POLL_S)
def wait_for_database() -> None:
    """While the store cannot be opened: try again every few seconds, and redraw the page as soon
    as the database answers (nobody has to click or reload)."""
    try:
        get_store().ping()
    except StoreError:
        return
    st.rerun(scope="app")


def trusted_proxies() -> tuple:
    """The proxies named in ``PITCH_TRUSTED_PROXIES`` (addresses or networks, comma-separated; a
    root-level key of that name in secrets.toml becomes the same environment variable). A
    malformed value is logged and ignored: then every visitor counts as the proxy's address,
    which slows nobody with the right code for long."""
    raw = os.environ.get("PITCH_TRUSTED_PROXIES", "")
    try:
        return parse_proxies(raw)
    except ValueError as err:
        log.warning("PITCH_TRUSTED_PROXIES is ignored: %s", err)
        return ()


def client_id() -> ClientId:
    """This browser session and the client's address, for the join-code limit.

    The address is the connection's peer; X-Forwarded-For counts only when the peer is one of
    the trusted proxies (see :func:`pitch_lib.storage.store.client_address`)."""
    ss = st.session_state
    ss.setdefault(_CLIENT, secrets.token_urlsafe(16))
    try:
        reported = st.context.ip_address
        forwarded = ", ".join(st.context.headers.get_all("X-Forwarded-For"))
    except Exception:  # no request (a test harness, a script run): a local client
        reported, forwarded = None, ""
    peer = socket_peer(
        reported if isinstance(reported, str) else None,
        forwarded,
        os.environ.get("FORWARDED_ALLOW_IPS", SERVER_TRUSTED_DEFAULT),
    )
    return ClientId(session=ss[_CLIENT], address=client_address(peer, forwarded, trusted_proxies()))


def where_saved() -> str:
    """"saved on this server" or "saved in the team database": never a path, host or user."""
    try:
        return get_store().where
    except StoreError:
        url = configured_url()
        if url.startswith("sqlite"):
            return "saved on this server (not usable right now)"
        return "saved in the team database (not reachable right now)"


def using_default_sqlite() -> bool:
    return not (os.environ.get("PITCH_DB_URL") or secrets_url())
