"""Run a workshop: create it, share the code, watch pitches arrive, reveal, export, close.

Access is the private facilitator link (``?workshop=<id>&key=<key>``); the key is checked by the
store on every read and every action.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.models import CandidateProfile, Role, ValidationError
from pitch_lib.samples import load_samples
from pitch_lib.storage.store import GUESSING_NOTICE_AT, MAX_TIME_BOX_MINUTES, StoreError
from pitch_lib.workshop import results_csv, results_markdown
from ui import persistence
from ui.browser import copy_link
from ui.components import page_header
from ui.state import (
    ensure_routed,
    flash,
    get_workspace,
    init_state,
)
from ui.workshop_views import (
    anonymous_pitches,
    candidate_brief,
    drop_access,
    link_access,
    page_url,
    people_frame,
    phase_badge,
    results,
)

ensure_routed(__file__)

HERE = "workshop_facilitate"
ACCESS = "wsf_access"  # (workshop id, facilitator key) this session runs
PHASE_SEEN = "wsf_phase_seen"  # (phase, revealed, blind) the controls were drawn for
BOARD_REFRESH_S = 3

# Opened from shared links: until app.py's st.navigation has run once in this server process,
# Streamlit runs a file in pages/ on its own (old multipage mode), so set up state here too.
init_state()
page_header(
    "Run a workshop",
    ":material/co_present:",
    "A room of recruiters pitches the same candidate; the board shows every pitch and its scores as they come in.",
)


def current_access() -> tuple[str, str] | None:
    """The workshop this session facilitates: from the private link, or remembered after a page switch."""
    return link_access(ACCESS, "key")


def forget_access() -> None:
    drop_access("key", ACCESS, PHASE_SEEN)


def run_action(action, *args, done: str = "") -> None:  # noqa: ANN001
    """A facilitator action; errors become messages on the next run, never a traceback."""
    try:
        action(*args)
    except (StoreError, ValidationError) as err:
        flash(str(err), icon=":material/error:", kind="error")
    else:
        if done:
            flash(done, icon=":material/check_circle:")
    st.rerun()


def _toggle_blind(wid: str, key: str) -> None:
    try:
        persistence.get_store().set_blind(wid, key, bool(st.session_state["wsf_blind_toggle"]))
    except StoreError as err:
        flash(str(err), icon=":material/error:", kind="error")


# --- create ----------------------------------------------------------------------------------


def candidate_options() -> dict[str, tuple[str, CandidateProfile, Role, str]]:
    """'case:<id>' / 'sample:<id>' -> (label, profile, role, channel)."""
    out = {}
    for case in get_workspace().cases:
        out[f"case:{case.id}"] = (f"Mine · {case.title}", case.profile, case.role, case.draft.channel)
    for s in load_samples():
        out[f"sample:{s.id}"] = (f"Sample · {s.title} ({s.industry})", s.profile, s.role, s.channel)
    return out


def _candidate_changed() -> None:
    chosen = candidate_options().get(st.session_state.get("wsf_candidate"))
    if chosen:
        st.session_state["wsf_channel"] = chosen[3]
        st.session_state["wsf_title"] = f"Pitch clinic: {chosen[1].name or 'our candidate'}" + (
            f", {chosen[2].title}" if chosen[2].title else ""
        )


def create_form() -> None:
    options = candidate_options()
    ws = get_workspace()
    default = f"case:{ws.active.id}" if ws.active else next(iter(options))
    if st.session_state.get("wsf_candidate") not in options:
        st.session_state["wsf_candidate"] = default
        _candidate_changed()
    with st.container(border=True):
        st.markdown("#### :material/add_circle: Create a workshop")
        st.selectbox(
            "Candidate everyone pitches",
            options=list(options),
            format_func=lambda k: options[k][0],
            key="wsf_candidate",
            on_change=_candidate_changed,
            help="One of your own candidates (with their role), or a sample. Participants see the profile and the role brief.",
        )
        st.text_input("Title", key="wsf_title", max_chars=120)
        c1, c2 = st.columns(2)
        c1.selectbox(
            "Channel",
            options=list(CHANNEL_NAMES),
            format_func=lambda n: f"{get_channel(n).icon} {get_channel(n).label}",
            key="wsf_channel",
        )
        c2.number_input(
            "Time box (minutes; 0 for none)",
            min_value=0,
            max_value=MAX_TIME_BOX_MINUTES,
            value=20,
            step=5,
            key="wsf_minutes",
            help="Pitches are accepted until the time is up. You can add minutes while it runs.",
        )
        c3, c4 = st.columns(2)
        c3.toggle(
            "Blind mode",
            value=True,
            key="wsf_blind",
            help="Hide names and scores on the board until you reveal them, so the room judges the words.",
        )
        c4.toggle(
            "Guess-the-winner round",
            value=True,
            key="wsf_guess",
            help="Before the reveal, everyone votes for the pitch they think scores best (not their own).",
        )
        if st.button("Create workshop", type="primary", icon=":material/rocket_launch:", key="wsf_create"):
            label, profile, role, _ = options[st.session_state["wsf_candidate"]]
            minutes = int(st.session_state["wsf_minutes"] or 0)
            try:
                created = persistence.get_store().create_workshop(
                    st.session_state["wsf_title"],
                    profile,
                    role,
                    st.session_state["wsf_channel"],
                    time_box_minutes=minutes or None,
                    blind=st.session_state["wsf_blind"],
                    guess_round=st.session_state["wsf_guess"],
                )
            except ValidationError as err:
                st.error(f"Check the form. {md_escape(str(err))}", icon=":material/error:")
            except StoreError as err:
                persistence.show_store_error(err)
            else:
                st.session_state[ACCESS] = (created.workshop.id, created.facilitator_key)
                st.query_params["workshop"] = created.workshop.id
                st.query_params["key"] = created.facilitator_key
                flash("Workshop created. Share the join code with the room.", icon=":material/rocket_launch:")
                st.rerun()


def open_link_form() -> None:
    with st.expander(":material/link: Open a workshop you already run"):
        link = st.text_input(
            "Your private facilitator link",
            key="wsf_link",
            placeholder="https://.../workshop_facilitate?workshop=...&key=...",
        )
        if st.button("Open board", key="wsf_open_link", icon=":material/open_in_new:"):
            query = parse_qs(urlsplit(link.strip()).query)
            wid, key = (query.get("workshop") or [""])[0], (query.get("key") or [""])[0]
            if not (wid and key):
                st.error(
                    "That is not a facilitator link: it needs both `workshop=` and `key=`.",
                    icon=":material/error:",
                )
            else:
                st.session_state[ACCESS] = (wid, key)
                st.query_params["workshop"], st.query_params["key"] = wid, key
                st.rerun()


# --- the board -------------------------------------------------------------------------------


def share_panel(wid: str, key: str, code: str, closed: bool) -> None:
    join_url = page_url("workshop_join", HERE, code=code)
    with st.container(border=True):
        left, right = st.columns([1, 2], vertical_alignment="center")
        left.markdown("Join code")
        left.markdown(f"# `{code[:4]}-{code[4:]}`" if not closed else f"~~`{code[:4]}-{code[4:]}`~~ (closed)")
        right.markdown(
            "Participants open **Join a workshop** (Team section) and type the code, or use this link:"
        )
        right.code(join_url, language=None, wrap_lines=True)
    with st.expander(":material/key: Your private facilitator link (do not share it)"):
        copy_link(page_url(HERE, HERE, workshop=wid, key=key), key="wsf_private_link")
        st.caption(
            "Anyone with this link can run the board: reveal, close, delete. Bookmark it to come back. "
            "When you project the board, share only this window's content: the address bar shows the key."
        )


def guessing_notice(wid: str, key: str) -> None:
    """Wrong codes name no workshop, so the count is the server's: many of them mean someone
    is guessing (or the room is struggling with the code)."""
    try:
        wrong = persistence.get_store().wrong_join_codes(wid, key)
    except StoreError:
        return  # the board itself says what is wrong with the database
    if wrong >= GUESSING_NOTICE_AT:
        st.warning(
            f"**{wrong} wrong join codes** were tried on this server in the last 10 minutes. If people "
            "in your room are struggling, show the code again. If not, someone may be guessing codes: "
            "a browser or network that keeps getting it wrong gets one try every 20 seconds, so your "
            "code (one of 1.1 trillion) is very unlikely to be found; close the workshop when you are "
            "done and it stops working.",
            icon=":material/shield:",
        )


@st.fragment(run_every=BOARD_REFRESH_S)
def live_board(wid: str, key: str) -> None:
    """Re-reads the board every few seconds, so submissions and votes appear without a click."""
    try:
        board = persistence.get_store().facilitator_board(wid, key)
    except StoreError as err:
        persistence.show_store_error(err)
        return
    w = board.workshop
    seen = (w.phase, w.revealed, w.blind)
    if st.session_state.get(PHASE_SEEN) not in (None, seen):
        st.session_state[PHASE_SEEN] = seen
        st.rerun(scope="app")  # another tab changed the phase: redraw the controls too
    st.session_state[PHASE_SEEN] = seen

    if w.phase == "open":
        guessing_notice(wid, key)
    hidden = w.hides_identities
    cols = st.columns(4)
    cols[0].metric("Participants", len(board.participants), border=True)
    cols[1].metric("Pitches", len(board.submissions), border=True)
    if w.guess_round:
        cols[2].metric("Votes", f"{len(board.votes)} of {len(board.participants)}", border=True)
    cols[3].markdown(phase_badge(w))

    if hidden:
        st.info(
            "**Blind mode**: names and scores stay hidden until you reveal. The pitches are shown "
            "by letter, so the room can discuss (and guess) on the words alone.",
            icon=":material/visibility_off:",
        )
        anonymous_pitches(board)
    else:
        results(board, "wsf")
        if board.participants:
            with st.expander(f":material/group: Participants ({len(board.participants)})"):
                st.dataframe(people_frame(board), hide_index=True, width="stretch")

    if board.submissions:
        if hidden:
            st.caption(
                ":material/download: The CSV and Markdown exports include names and scores: they appear after the reveal."
            )
        else:
            slug = (
                "".join(ch if ch.isalnum() else "-" for ch in w.title.lower()).strip("-")[:40] or "workshop"
            )
            c1, c2 = st.columns(2)
            c1.download_button(
                "Export results (CSV)",
                data=results_csv(board),
                file_name=f"{slug}-results.csv",
                mime="text/csv",
                icon=":material/table:",
                key="wsf_export_csv",
                width="stretch",
            )
            c2.download_button(
                "Export report (Markdown)",
                data=results_markdown(board),
                file_name=f"{slug}-report.md",
                mime="text/markdown",
                icon=":material/description:",
                key="wsf_export_md",
                width="stretch",
            )


def controls(wid: str, key: str) -> None:
    store = persistence.get_store()
    try:
        w = store.facilitator_board(wid, key).workshop
    except StoreError as err:
        persistence.show_store_error(err)
        if st.button("Leave this board", key="wsf_leave_error", icon=":material/logout:"):
            forget_access()
            st.rerun()
        return
    st.session_state[PHASE_SEEN] = (w.phase, w.revealed, w.blind)
    st.subheader(md_escape(w.title), anchor=False)
    share_panel(wid, key, w.join_code, w.phase == "closed")
    with st.expander(":material/person: The candidate and the role", expanded=False):
        candidate_brief(w)

    buttons = st.columns(5)
    if w.guess_round and w.phase == "open":
        if buttons[0].button(
            "Start voting",
            key="wsf_start_voting",
            icon=":material/how_to_vote:",
            width="stretch",
        ):
            run_action(store.start_voting, wid, key, done="Voting is open. Pitches are frozen.")
    if not w.revealed:
        if buttons[1].button(
            "Reveal",
            key="wsf_reveal",
            type="primary",
            icon=":material/visibility:",
            width="stretch",
        ):
            run_action(store.reveal, wid, key, done="Revealed.")
    if w.phase == "open" and w.deadline is not None:
        if buttons[2].button("+5 minutes", key="wsf_extend", icon=":material/more_time:", width="stretch"):
            run_action(store.extend_time_box, wid, key, 5, done="Five more minutes.")
    st.session_state["wsf_blind_toggle"] = (
        w.blind
    )  # seeded from the database: another tab may have changed it
    buttons[3].toggle(
        "Blind mode",
        key="wsf_blind_toggle",
        disabled=w.revealed,
        on_change=_toggle_blind,
        args=(wid, key),
        help="Hide names and scores on this board until the reveal.",
    )
    if buttons[4].button(
        "Leave board",
        key="wsf_leave",
        icon=":material/logout:",
        width="stretch",
    ):
        forget_access()
        st.rerun()
    st.caption(
        ("**Start voting** starts the guess-the-winner round: no new pitches; participants vote for the pitch "
         "they think scores best. " if w.guess_round and w.phase == "open" else "")
        + ("**Reveal** shows names and scores here, and every pitch to the participants. " if not w.revealed else "")
        + "**Leave board** goes back to creating a workshop; your private link still opens this one."
    )

    live_board(wid, key)

    with st.expander(":material/settings: Close or delete"):
        if w.phase != "closed":
            st.write("Closing stops joins, pitches and votes. Participants keep seeing what was revealed.")
            if st.checkbox("Yes, close this workshop", key="wsf_close_confirm"):
                if st.button("Close workshop", key="wsf_close", icon=":material/lock:"):
                    run_action(store.close_workshop, wid, key, done="Workshop closed.")
        st.write(
            "Deleting removes the workshop with every participant, pitch and vote. Export first if you want to keep the results."
        )
        if st.checkbox("Yes, delete this workshop and all its pitches", key="wsf_delete_confirm"):
            if st.button(
                "Delete workshop", key="wsf_delete", type="primary", icon=":material/delete_forever:"
            ):
                try:
                    store.delete_workshop(wid, key)
                except StoreError as err:
                    persistence.show_store_error(err)
                else:
                    forget_access()
                    flash("Workshop deleted.", icon=":material/delete:")
                    st.rerun()


def help_box() -> None:
    with st.expander(":material/help: How a workshop runs"):
        st.markdown(
            f"""
1. **Create** the workshop: a candidate and role everyone pitches, a channel, a time box.
2. **Share the join code** (8 characters) with the room; keep your private facilitator link to yourself.
3. Participants draft with live scores and **submit** one or more pitches. The board refreshes
   every {BOARD_REFRESH_S} seconds.
4. In **blind mode** the board shows pitches by letter only. Discuss them; then start the
   **guess-the-winner** round: pitches are frozen and everyone votes for the pitch they think
   scores best.
5. **Reveal**: names, scores, the ranking, the chart, and who guessed right, here and on every
   participant's screen. **Export** the results as CSV or a Markdown report.
6. **Close** the workshop when you are done; the code stops working.

Wrong join codes are limited: after 5 wrong codes in 10 minutes from a browser (30 from one
network) it gets one try every 20 seconds, so codes cannot be guessed quickly, while someone
with the right code still gets in. If {GUESSING_NOTICE_AT} or more wrong codes are tried on
this server within 10 minutes, this board says so.
"""
        )


access = current_access()
try:
    persistence.get_store()
except StoreError as err:
    persistence.show_store_error(err)
    st.stop()

if access:
    controls(*access)
else:
    create_form()
    open_link_form()
help_box()
