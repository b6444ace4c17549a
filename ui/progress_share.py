"""The Progress page's sharing: a learner's read-only share links, and following them.

A share link (``…/training_progress?share=<token>``) lets a facilitator read this workspace's
training progress and nothing else; the learner revokes it here. The logic is in the store
(:meth:`pitch_lib.storage.store.Store.create_progress_share` and its kin).
"""

from __future__ import annotations

import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.models import ValidationError
from pitch_lib.progress_share import SHARE_PARAM
from pitch_lib.storage.store import MAX_SHARE_LABEL_CHARS, StoreError
from ui import persistence
from ui.browser import copy_link
from ui.state import get_workspace
from ui.workshop_views import page_url

HERE = "training_progress"
_NEW = "training_share_new"  # the link just created: shown once, its token is not stored
_LABEL = "training_share_label"
_ERROR = "training_share_error"


def _create() -> None:
    ws = get_workspace()
    try:
        token = persistence.get_store().create_progress_share(ws.id, st.session_state.get(_LABEL, ""))
    except (StoreError, ValidationError) as err:
        st.session_state[_ERROR] = str(err)
        return
    st.session_state[_NEW] = page_url(HERE, HERE, **{SHARE_PARAM: token})
    st.session_state[_LABEL] = ""
    st.session_state.pop(_ERROR, None)


def _revoke(share_id: str) -> None:
    try:
        persistence.get_store().revoke_progress_share(get_workspace().id, share_id)
    except StoreError as err:
        st.session_state[_ERROR] = str(err)
        return
    st.session_state.pop(_NEW, None)
    st.toast("That share link no longer shows anything.", icon=":material/link_off:")


def share_panel() -> None:
    """Create, copy and revoke read-only share links of this workspace's progress."""
    st.subheader("Share your progress", anchor=False)
    st.caption(
        "A share link lets a facilitator or coach follow this workspace's progress in their Team "
        "view: lessons, exercises, scores and attempts, read-only. Not your drafts, and nothing they "
        "can change. Revoke a link here at any time. (Your workspace link is different: it opens "
        "everything for editing, so keep that one to yourself.)"
    )
    ws = get_workspace()
    try:
        shares = persistence.get_store().progress_shares(ws.id)
    except StoreError as err:
        persistence.show_store_error(err)
        return
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    c1.text_input("Who is it for? (optional, only you see it)", key=_LABEL, max_chars=MAX_SHARE_LABEL_CHARS,
                  placeholder="Maria, our team lead")
    c2.button("New share link", key="training_share_create", on_click=_create, width="stretch",
              icon=":material/share:")
    if st.session_state.get(_ERROR):
        st.error(md_escape(st.session_state[_ERROR]), icon=":material/error:")
    if st.session_state.get(_NEW):
        st.success("Your new share link. Copy it now: it is shown only once.", icon=":material/link:")
        copy_link(st.session_state[_NEW], key="training_share_copy")
    for i, share in enumerate(shares):
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.markdown(
            f":material/link: **{md_escape(share.label) if share.label else 'A share link'}** · "
            f"made {share.created_at:%d %b %Y, %H:%M} UTC"
        )
        right.button("Revoke", key=f"training_share_revoke_{i}", on_click=_revoke, args=(share.id,),
                     width="stretch")
