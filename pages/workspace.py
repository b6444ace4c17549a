"""Saved work: the workspace's link, rename, export and import everything, delete."""

from __future__ import annotations

import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.models import ValidationError
from pitch_lib.storage.store import StoreError, export_workspace_json, parse_workspace_json
from pitch_lib.workspace import Workspace, new_id
from pitch_lib.workspace import slug as file_slug
from ui import persistence
from ui.browser import copy_link
from ui.components import page_header, sender_fields
from ui.state import (
    WORKSPACE,
    commit_workspace,
    ensure_routed,
    flash,
    get_workspace,
    init_state,
)

ensure_routed(__file__)

# Opened from shared links: until app.py's st.navigation has run once in this server process,
# Streamlit runs a file in pages/ on its own (old multipage mode), so set up state here too.
init_state()
page_header(
    "Saved work",
    ":material/cloud_done:",
    "Everything you do is saved as you work. This page holds your link, and lets you rename, "
    "export, import or delete the workspace.",
)

ws = get_workspace()
n_cases = len(ws.cases)
n_variants = sum(len(c.variants) for c in ws.cases)

# --- status and link ----------------------------------------------------------------------------

with st.container(border=True):
    st.markdown(f"#### :material/folder: {md_escape(ws.name)}")
    st.caption(
        f"{n_cases} candidate{'s' if n_cases != 1 else ''} · {n_variants} saved variant{'s' if n_variants != 1 else ''}"
        f" · {persistence.where_saved()}"
    )
    if persistence.is_saved(ws):
        when = persistence.saved_at()
        st.markdown(
            ":material/check_circle: **Saved**"
            + (f" (last change saved {when:%H:%M} UTC)" if when else "")
            + ". Open this link on any device, tomorrow or next month, to carry on where you left off:"
        )
        copy_link(persistence.workspace_link(ws), key="workspace_link_copy")
        st.caption(
            ":material/lock: The link is the key: anyone who has it can open and change this "
            "workspace, so share it only with people you would hand your notes to. Bookmark it; "
            "there is no other way back to it."
        )
    elif persistence.has_unsaved_changes():
        st.markdown(
            ":material/cloud_off: **Not saved yet**: the database is not answering. Your work is "
            "safe in this tab and is saved as soon as it is back; you can also export it below."
        )
    else:
        st.markdown(
            ":material/info: **Nothing to save yet.** Add a candidate (on Home or Profile) and the "
            "workspace is saved, with a link of its own that appears here."
        )

# --- your name ---------------------------------------------------------------------------------

with st.container(border=True):
    st.markdown("#### :material/badge: Your name and signature")
    st.caption("Every template signs with them: Draft's starters, the outreach plan, your name in a workshop.")
    sender_fields("workspace")

# --- rename ------------------------------------------------------------------------------------

with st.form("workspace_rename_form", border=True):
    st.markdown("#### :material/edit: Name")
    name = st.text_input(
        "Workspace name", value=ws.name, max_chars=200, key="workspace_name", help="Only you see it."
    )
    if st.form_submit_button("Rename", icon=":material/save:"):
        if not name.strip():
            st.error("Give the workspace a name (or keep the old one).", icon=":material/error:")
        else:
            ws.name = name.strip()
            commit_workspace()
            st.success(f"Renamed to {md_escape(ws.name)}.", icon=":material/check:")

# --- export and import ------------------------------------------------------------------------

left, right = st.columns(2)
with left.container(border=True, height="stretch"):
    st.markdown("#### :material/download: Export everything")
    st.write(
        "One JSON file with every candidate, role, draft and variant, and your outreach plans "
        "and training progress. Keep it as a backup or move it to another Pitch Workshop."
    )
    slug = file_slug(ws.name, "workspace")
    st.download_button(
        "Download workspace (JSON)",
        data=export_workspace_json(ws),
        file_name=f"pitch-workshop-{slug}.json",
        mime="application/json",
        icon=":material/download:",
        key="workspace_export",
        width="stretch",
    )

with right.container(border=True, height="stretch"):
    st.markdown("#### :material/upload: Import a workspace")
    st.write(
        "Opens an exported file as a **new** workspace with its own link. The one you have open "
        "now is not changed (its link keeps working)."
    )
    upload = st.file_uploader("Workspace file (JSON)", type=["json"], key="workspace_import_file")
    if st.button(
        "Open as a new workspace",
        icon=":material/file_open:",
        key="workspace_import",
        disabled=upload is None,
    ):
        try:
            imported = parse_workspace_json(upload.getvalue())
        except ValidationError as err:
            st.error(
                f"That file could not be imported. {md_escape(str(err))} Nothing was changed.",
                icon=":material/error:",
            )
        else:
            previous = persistence.workspace_link(ws) if persistence.is_saved(ws) else ""
            imported.id = new_id(16)
            persistence.replace_workspace(WORKSPACE, imported)
            commit_workspace()  # saves it (or keeps it in the tab until the database is back)
            flash(
                f"Imported {len(imported.cases)} candidate{'s' if len(imported.cases) != 1 else ''} into a new workspace."
                + (f" Your previous workspace is still at {previous}" if previous else ""),
                icon=":material/file_open:",
            )
            if imported.dropped_follow_ids:
                n = imported.dropped_follow_ids
                flash(
                    f"The file followed {n} learner{'s' if n != 1 else ''} by their workspace links, which "
                    "would let you change their work, so those were left out. Ask each learner for a "
                    "progress share link (Progress → Share your progress) and follow that instead.",
                    icon=":material/link_off:",
                    kind="warning",
                )
            st.rerun()

# --- delete ------------------------------------------------------------------------------------

with st.expander(":material/delete: Delete this workspace"):
    st.write(
        f"Deletes **{md_escape(ws.name)}** with its {n_cases} candidate{'s' if n_cases != 1 else ''} and "
        f"{n_variants} variant{'s' if n_variants != 1 else ''} from the database. The link stops "
        "working. This cannot be undone; export it first if you may want it back."
    )
    sure = st.checkbox("Yes, delete everything in this workspace", key="workspace_delete_confirm")
    if st.button(
        "Delete workspace",
        type="primary",
        icon=":material/delete_forever:",
        disabled=not sure,
        key="workspace_delete",
    ):
        try:
            persistence.get_store().delete_workspace(ws.id)
        except StoreError as err:
            persistence.show_store_error(err)
            st.error("Nothing was deleted.", icon=":material/error:")
        else:
            persistence.forget_in_browser(ws.id)
            persistence.replace_workspace(WORKSPACE, Workspace())
            flash("Workspace deleted. You are in a new, empty workspace.", icon=":material/delete:")
            st.rerun()

with st.expander(":material/help: How saving works"):
    st.markdown(
        """
- **Saved as you work.** Every change to a candidate, role, draft or variant is saved at once.
  There is no save button.
- **Your link.** Your workspace has a long random id, in the address bar as `?ws=...`. A
  refresh, a new tab or the same link tomorrow brings everything back. Nobody can find the
  workspace without the link, so keep it somewhere safe.
- **When the database is away**, a yellow box says so. Keep the tab open: your work stays in
  it and is saved with your next change once the database answers again.
- **Export** gives you everything as one JSON file; **import** opens such a file as a new
  workspace.
- **Where it is stored** depends on how Pitch Workshop was set up: a SQLite file on the server
  by default, or a PostgreSQL database. On Streamlit Community Cloud without a database, the
  server's disk is wiped on restarts, so export what you want to keep.
"""
    )
