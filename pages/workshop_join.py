"""Join a workshop: code and display name; draft pitches with live scores; submit; vote; see the reveal.

Access is the join code; after joining, this browser holds a participant token (also in the
link as ``?workshop=<id>&p=<token>``, so a refresh keeps you in). Other participants' pitches
are shown only once the facilitator reveals them; the store enforces that.
"""

from __future__ import annotations

import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.engine.channels import get_channel
from pitch_lib.models import Pitch, ValidationError
from pitch_lib.rendering.marks import editor_marks
from pitch_lib.rendering.render import highlight_html, legend_html, number_findings, suggestions_html
from pitch_lib.storage.store import (
    MAX_BODY_CHARS,
    MAX_NAME_CHARS,
    AccessDenied,
    StoreError,
    StoreUnavailable,
    TooManyTries,
    WrongJoinCode,
)
from pitch_lib.templates import merge_fields
from pitch_lib.workshop import ParticipantView, time_left_text
from ui import persistence
from ui.components import page_header, pitch_key, score, scores_panel
from ui.editor import doc_id, editor_enabled, pitch_editor, replace_doc, sent_text
from ui.state import (
    ensure_routed,
    flash,
    get_workspace,
    init_state,
    score_deltas,
)
from ui.workshop_views import (
    candidate_brief,
    drop_access,
    link_access,
    phase_badge,
    pitch_text,
    results,
    scores_line,
)

ensure_routed(__file__)

ACCESS = "wsj_access"  # (workshop id, participant token)
SEEDED = "wsj_seeded"  # participant id whose saved draft was loaded into the editor
EDITOR = "wsj_editor"
SEEN = "wsj_seen"  # (phase, revealed) the page was drawn for
MESSAGE = "wsj_message"  # (kind, text) from a callback, shown on the next run
LAST_VIEW = "wsj_last_view"  # the last ParticipantView read: the editor keeps working while the database is away
KEPT = "wsj_kept"  # (subject, body) as last drawn: the draft, even if its widgets were not drawn in a run
PENDING = "wsj_pending"  # (subject, body) the participant pressed Submit on while the database was away
UNSAVED = "wsj_unsaved"  # True when saving the draft failed: save it once the database is back
ORPHAN = "wsj_orphan"  # (subject, body) that waited for the database until pitches closed: shown to copy
OFFLINE = "wsj_offline"  # True while reading the workshop fails: the status poll reloads the page when it is back
STATUS_REFRESH_S = 3

# Opened from shared links: until app.py's st.navigation has run once in this server process,
# Streamlit runs a file in pages/ on its own (old multipage mode), so set up state here too.
init_state()
page_header(
    "Join a workshop",
    ":material/groups:",
    "Pitch the same candidate as the rest of the room, with live scores; see everyone's pitches at the reveal.",
)


def current_access() -> tuple[str, str] | None:
    """The workshop this browser joined: from the participant link, or remembered after a page switch."""
    return link_access(ACCESS, "p")


def forget_access() -> None:
    drop_access("p", ACCESS, SEEDED, SEEN, LAST_VIEW, KEPT, PENDING, UNSAVED, OFFLINE, ORPHAN)


def say(kind: str, text: str) -> None:
    st.session_state[MESSAGE] = (kind, text)


def show_message() -> None:
    msg = st.session_state.pop(MESSAGE, None)
    if msg:
        kind, text = msg
        show, icon = {
            "error": (st.error, ":material/error:"),
            "warning": (st.warning, ":material/cloud_off:"),
        }.get(kind, (st.success, ":material/check_circle:"))
        show(text, icon=icon)


# --- joining -----------------------------------------------------------------------------------


def join_form() -> None:
    code_from_link = st.query_params.get("code", "")
    if code_from_link and "wsj_code" not in st.session_state:
        st.session_state["wsj_code"] = code_from_link
    if "wsj_name" not in st.session_state:  # your name as given once (Saved work, Draft, Outreach plan)
        st.session_state["wsj_name"] = get_workspace().your_name[:MAX_NAME_CHARS]
    with st.form("wsj_join_form", border=True):
        st.markdown("#### :material/login: Join with the room's code")
        st.text_input(
            "Join code",
            key="wsj_code",
            max_chars=12,
            placeholder="K7QM-2XPD",
            help="8 letters and digits; your facilitator has it.",
        )
        st.text_input(
            "Your name, as the room will see it",
            key="wsj_name",
            max_chars=MAX_NAME_CHARS,
            help="Shown to everyone at the reveal. A first name is enough.",
        )
        submitted = st.form_submit_button("Join", type="primary", icon=":material/login:")
    if not submitted:
        st.caption(
            ":material/lock: Without the code nothing of a workshop is visible. Wrong codes are "
            "limited: after 5 in 10 minutes (30 from one network) joining allows one try every "
            "20 seconds; the right code still works on that try."
        )
        return
    try:
        joined = persistence.get_store().join_workshop(
            st.session_state.get("wsj_code", ""),
            st.session_state.get("wsj_name", ""),
            persistence.client_id(),
        )
    except (WrongJoinCode, TooManyTries) as err:
        st.error(str(err), icon=":material/block:")
    except ValidationError as err:
        st.error(f"Check the form. {md_escape(str(err))}", icon=":material/error:")
    except StoreError as err:
        persistence.show_store_error(err)
    else:
        st.session_state[ACCESS] = (joined.workshop.id, joined.token)
        if "code" in st.query_params:
            del st.query_params["code"]
        st.query_params["workshop"], st.query_params["p"] = joined.workshop.id, joined.token
        flash(f"Welcome, {md_escape(joined.participant.name)}!", icon=":material/waving_hand:")
        st.rerun()


# --- drafting and submitting -------------------------------------------------------------------


def _typed() -> tuple[str, str]:
    return st.session_state.get("wsj_subject", ""), st.session_state.get("wsj_body", "")


def _save_draft(wid: str, token: str) -> None:
    st.session_state[KEPT] = _typed()
    try:
        persistence.get_store().save_participant_draft(wid, token, *_typed())
    except StoreUnavailable:
        st.session_state[UNSAVED] = True  # kept in this tab; saved once the database is back
    except (StoreError, ValidationError):
        pass  # the draft stays in this tab; the submit button reports any real problem
    else:
        st.session_state[UNSAVED] = False


def _send(wid: str, token: str, subject: str, body: str, *, resent: bool = False) -> None:
    """Submit; while the database is away, keep the pitch to submit by itself when it is back."""
    ss = st.session_state
    try:
        sub = persistence.get_store().submit_pitch(wid, token, subject, body)
    except ValidationError as err:
        ss.pop(PENDING, None)
        say("error", f"Not submitted. {md_escape(str(err))}")
    except StoreUnavailable:
        ss[PENDING] = (subject, body)
        say(
            "warning",
            "Not submitted yet: the database cannot be reached. Your pitch stays here and is submitted "
            "by itself as soon as the database is back. **Keep this tab open.**",
        )
    except StoreError as err:
        ss.pop(PENDING, None)
        say("error", f"Not submitted: {md_escape(str(err))} Your pitch is still in the editor.")
    else:
        ss.pop(PENDING, None)
        ss["wsj_body"] = ss["wsj_subject"] = ""
        ss[KEPT] = ("", "")
        ss[UNSAVED] = False
        replace_doc(EDITOR, wid)
        say(
            "success",
            f"Submitted as pitch {sub.label} (overall {sub.overall})"
            + (", now that the database is back" if resent else "")
            + ". Write another or wait for the reveal.",
        )


def _editor_text(wid: str, token: str) -> None:
    """Take the editor's text. Also called on every run: a send that lands in a rerun of the
    status fragment (every few seconds) updates the editor's value without its callback."""
    sent = sent_text(EDITOR, doc_id(EDITOR, wid))
    current = (st.session_state.get("wsj_subject", ""), st.session_state.get("wsj_body", ""))
    if sent is not None and (sent["subject"], sent["body"]) != current:
        st.session_state["wsj_subject"], st.session_state["wsj_body"] = sent["subject"], sent["body"]
        _save_draft(wid, token)


def _submit(wid: str, token: str) -> None:
    _send(wid, token, *_typed())


def catch_up(view: ParticipantView, wid: str, token: str) -> None:
    """The database answers again: submit the pitch that waited for it, or save the draft."""
    ss = st.session_state
    pending = ss.get(PENDING)
    if pending:
        subject, body = pending
        if any(s.subject == subject.strip() and s.body == body for s in view.mine):
            ss.pop(PENDING, None)  # it did arrive before the connection dropped: never twice
        elif view.can_submit:
            _send(wid, token, subject, body, resent=True)
        else:
            ss.pop(PENDING, None)
            say("error", "Not submitted: pitches closed while the database was away. Your text is below to copy.")
            ss[ORPHAN] = pending
    elif ss.get(UNSAVED):
        _save_draft(wid, token)


def editor(view: ParticipantView, wid: str, token: str) -> None:
    w = view.workshop
    spec = get_channel(w.channel)
    ss = st.session_state
    if ss.get(SEEDED) != view.me.id:  # first visit in this tab: bring back the saved draft
        ss["wsj_subject"] = view.draft.get("subject", "")
        ss["wsj_body"] = view.draft.get("body", "")
        ss[SEEDED] = view.me.id
    elif "wsj_body" not in ss and ss.get(KEPT):  # the editor was not drawn for a run: what was typed
        ss["wsj_subject"], ss["wsj_body"] = ss[KEPT]
    st.markdown(f"#### :material/edit: Your pitch ({md_escape(spec.label)})")
    live = editor_enabled()
    if live:
        _editor_text(wid, token)
    pitch = Pitch(
        channel=w.channel,
        subject=st.session_state.get("wsj_subject", "") if spec.has_subject else "",
        body=st.session_state.get("wsj_body", ""),
    )
    card = score(pitch, w.profile, w.role, team=False) if pitch.body.strip() else None
    numbered = number_findings(card.findings()) if card is not None else []
    left, right = st.columns([3, 2])
    with left:
        if live:
            marks, note = editor_marks(numbered, pitch, merge_fields(w.profile, w.role))
            pitch_editor(
                EDITOR,
                doc=doc_id(EDITOR, wid),
                subject=st.session_state.get("wsj_subject", ""),
                body=pitch.body,
                has_subject=spec.has_subject,
                marks=marks,
                note=note,
                words=int(card.metrics.get("words", 0)) if card else 0,
                on_text=_editor_text,
                on_ignore=None,
                args=(wid, token),
                body_placeholder=f"Write to {w.profile.first_name or 'the candidate'}. Scores follow as you type.",
                max_chars=MAX_BODY_CHARS,
            )
        else:
            if spec.has_subject:
                st.text_input(
                    "Subject",
                    key="wsj_subject",
                    max_chars=spec.subject_hard_limit or 300,
                    on_change=_save_draft,
                    args=(wid, token),
                )
            st.text_area(
                "Message",
                key="wsj_body",
                height=260,
                max_chars=MAX_BODY_CHARS,
                on_change=_save_draft,
                args=(wid, token),
                placeholder=f"Write to {w.profile.first_name or 'the candidate'}. "
                "Scores update when you press Ctrl+Enter or click outside the box.",
            )
        st.button(
            "Submit this pitch",
            type="primary",
            icon=":material/send:",
            key="wsj_submit",
            on_click=_submit,
            args=(wid, token),
        )
        st.caption("You can submit more than one; each is scored and shown on the facilitator's board.")
        if ss.get(PENDING):
            st.caption(
                ":material/schedule_send: A pitch is waiting for the database; it is submitted by itself "
                "when the database is back."
            )
    ss[KEPT] = _typed()
    with right:
        if card is None:
            st.info("Your live scores appear here as you write.", icon=":material/insights:")
        else:
            scores_panel(card, score_deltas(f"workshop:{view.me.id}", pitch_key(pitch), card.scores()), team=False)
    if card is not None and not live:
        with st.expander(
            f":material/find_in_page: Your draft with findings ({len(numbered)})", expanded=False
        ):
            st.html(highlight_html(pitch.body, numbered, "body", compact=True))
            st.html(legend_html(f for _, f in numbered))
            for n, f in numbered[:5]:
                st.markdown(f"**{n}.** {md_escape(f.message)} {md_escape(f.suggestion)}")
    elif card is not None and numbered:
        with st.expander(f":material/checklist: Suggestions ({len(numbered)})", expanded=False):
            st.html(suggestions_html(numbered))


def my_pitches(view: ParticipantView) -> None:
    if not view.mine:
        return
    st.markdown(f"#### :material/outbox: Your submitted pitches ({len(view.mine)})")
    for sub in view.mine:
        with st.expander(f"Pitch {sub.label} · overall {sub.overall}"):
            pitch_text(sub)
            st.caption(scores_line(sub))


def vote_box(view: ParticipantView, wid: str, token: str) -> None:
    st.markdown("#### :material/how_to_vote: Guess the winner")
    if not view.vote_options:
        st.info("There are no other pitches to vote for.", icon=":material/info:")
        return
    labels = dict(view.vote_options)
    st.write(
        "Which pitch will score best? The pitches are on the facilitator's screen, by letter. "
        "You cannot vote for your own; you can change your vote until the reveal."
    )
    current = view.my_vote if view.my_vote in labels else None
    choice = st.radio(
        "Your guess",
        options=list(labels),
        format_func=lambda sid: f"Pitch {labels[sid]}",
        index=list(labels).index(current) if current else None,
        horizontal=True,
        key="wsj_vote_choice",
    )
    if current:
        st.caption(f":material/check: You voted for pitch {labels[current]}.")
    if st.button(
        "Vote" if not current else "Change my vote",
        key="wsj_vote",
        icon=":material/how_to_vote:",
        disabled=choice is None,
    ):
        try:
            persistence.get_store().cast_vote(wid, token, choice)
        except (StoreError, ValidationError) as err:
            st.error(str(err), icon=":material/error:")
        else:
            say("success", f"Vote recorded: pitch {labels[choice]}.")
            st.rerun()


@st.fragment(run_every=STATUS_REFRESH_S)
def live_status(wid: str, token: str) -> None:
    """Re-reads the workshop every few seconds; when the facilitator moves on, the page follows."""
    ss = st.session_state
    try:
        view = persistence.get_store().participant_view(wid, token)
    except StoreError as err:
        ss[OFFLINE] = True
        persistence.show_store_error(err)
        return
    if ss.pop(OFFLINE, False):  # the database is back: redraw the page (and submit what waited)
        st.rerun(scope="app")
    w = view.workshop
    seen = (w.phase, w.revealed)
    if st.session_state.get(SEEN) not in (None, seen):
        st.session_state[SEEN] = seen
        st.rerun(scope="app")
    st.session_state[SEEN] = seen
    cols = st.columns(3)
    cols[0].markdown(phase_badge(w))
    cols[1].markdown(f":material/group: {view.participant_count} in the room")
    cols[2].markdown(f":material/inbox: {view.submission_count} pitches so far")
    if w.phase == "open" and w.deadline is not None and w.seconds_left() == 0:
        st.warning(f"{time_left_text(0)}: the facilitator may add minutes.", icon=":material/timer_off:")


def workshop_page(wid: str, token: str) -> None:
    try:
        view = persistence.get_store().participant_view(wid, token)
    except AccessDenied as err:
        st.error(str(err), icon=":material/block:")
        forget_access()
        join_form()
        return
    except StoreUnavailable:
        offline_page(wid, token)
        return
    except StoreError as err:
        persistence.show_store_error(err)
        return
    st.session_state.pop(OFFLINE, None)
    st.session_state[LAST_VIEW] = view
    catch_up(view, wid, token)
    w = view.workshop
    st.session_state[SEEN] = (w.phase, w.revealed)
    st.subheader(md_escape(w.title), anchor=False)
    st.caption(f"You are **{md_escape(view.me.name)}**.")
    live_status(wid, token)
    show_message()
    with st.expander(
        ":material/person: The candidate and the role", expanded=not view.mine and w.phase == "open"
    ):
        candidate_brief(w)

    if view.can_submit:
        editor(view, wid, token)
    elif w.phase == "open":
        st.info(
            "Time is up: no more pitches unless the facilitator adds minutes.", icon=":material/timer_off:"
        )
    elif not w.revealed:
        st.info("Pitches are closed. Wait for the facilitator's reveal.", icon=":material/hourglass_top:")
    if not view.can_submit:
        kept_text(st.session_state.pop(ORPHAN, None))
    my_pitches(view)

    if view.can_vote:
        vote_box(view, wid, token)
    if view.results is not None:
        st.markdown("#### :material/visibility: Everyone's pitches")
        results(view.results, "wsj")
    elif w.phase != "closed":
        st.caption(
            ":material/visibility_off: The other pitches appear here when the facilitator reveals them."
        )

    if st.button("Leave this workshop", key="wsj_leave", icon=":material/logout:"):
        forget_access()
        st.rerun()


def offline_page(wid: str, token: str) -> None:
    """The database is away: say so, keep the editor (drafting and scoring need no database) and
    poll, so the page comes back by itself when the database does."""
    live_status(wid, token)  # shows the warning; reloads the page once the database answers
    show_message()
    view = st.session_state.get(LAST_VIEW)
    if view is not None and view.workshop.id == wid and view.can_submit:
        editor(view, wid, token)
    else:
        kept_text(st.session_state.get(KEPT))


def kept_text(kept: tuple[str, str] | None) -> None:
    """A pitch that could not go anywhere, shown to copy."""
    subject, body = kept or ("", "")
    if body.strip():
        st.markdown("#### :material/edit: Your pitch, kept in this tab")
        st.code((subject + "\n\n" if subject else "") + body, language=None, wrap_lines=True)


def help_box() -> None:
    with st.expander(":material/help: How it works"):
        st.markdown(
            """
- **Join** with the 8-character code from your facilitator and the name the room will see.
- **Write** to the candidate in the brief. Scores and marks follow as you type (tap a mark for
  its reason and fix); your draft is kept if you refresh.
- **Submit** as many pitches as you like. Only the facilitator's board shows them until the reveal.
- **If the database goes away**, keep this tab open: writing and scores keep working, and a
  pitch you submit meanwhile is sent by itself as soon as the database is back.
- **Guess the winner**: when the facilitator opens the round, vote for the pitch (by letter)
  you think scores best.
- **Reveal**: everyone's pitches, names, scores and the ranking appear here.
"""
        )


try:
    persistence.get_store()
except StoreError as err:
    persistence.show_store_error(err)
    persistence.wait_for_database()
    st.stop()

access = current_access()
if access:
    workshop_page(*access)
else:
    join_form()
help_box()
