"""Streamlit pieces shared by the two workshop pages (facilitator board and participant page).

Every piece of user text (titles, names, pitches, profile fields) is either Markdown-escaped
with :func:`~pitch_lib.compare.md_escape`, shown in a dataframe cell, or HTML-escaped by
:func:`~pitch_lib.rendering.render.highlight_html`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from pitch_lib.compare import COLUMN_LABELS, md_escape
from pitch_lib.engine.scorecard import DIMENSIONS
from pitch_lib.models import Pitch
from pitch_lib.rendering.render import highlight_html
from pitch_lib.sending import plain_text
from pitch_lib.workshop import (
    PHASE_LABELS,
    Board,
    Submission,
    WorkshopInfo,
    correct_guessers,
    dimension_chart,
    ranked,
    results_frame,
    time_left_text,
    vote_counts,
    winners,
)
from ui.editor import copy_button

PHASE_ICONS = {
    "open": ":material/edit_note:",
    "voting": ":material/how_to_vote:",
    "revealed": ":material/visibility:",
    "closed": ":material/lock:",
}


def page_url(target: str, here: str, **params: str) -> str:
    """A link to another page of this app, absolute when the browser has told us where we are.

    ``here`` is the current page's URL path ("workshop_facilitate"), ``target`` the other one
    ("workshop_join"; "" for Home).
    """
    try:
        url = st.context.url or ""
    except Exception:
        url = ""
    if url.endswith("/" + here) and here:
        base = url[: -len(here)]
    elif url:
        base = url.rstrip("/") + "/"
    else:
        base = ""
    query = ("?" + urlencode(params)) if params else ""
    return f"{base}{target}{query}" if base or target else query


def link_access(state_key: str, secret_param: str) -> tuple[str, str] | None:
    """(workshop id, secret) from the link (``?workshop=...&<secret_param>=...``), or remembered.

    Page switches clear the URL's query parameters; the remembered pair is put back so a
    refresh keeps working.
    """
    wid, secret = st.query_params.get("workshop"), st.query_params.get(secret_param)
    if wid and secret:
        st.session_state[state_key] = (wid, secret)
        return wid, secret
    saved = st.session_state.get(state_key)
    if saved:
        st.query_params["workshop"], st.query_params[secret_param] = saved
    return saved


def drop_access(secret_param: str, *state_keys: str) -> None:
    for name in state_keys:
        st.session_state.pop(name, None)
    for name in ("workshop", secret_param):
        if name in st.query_params:
            del st.query_params[name]


def phase_badge(w: WorkshopInfo) -> str:
    extra = ""
    if w.phase == "open" and w.deadline is not None:
        extra = f" · {time_left_text(w.seconds_left())}"
    elif w.phase == "closed" and w.revealed:
        extra = " · results shown"
    return f"{PHASE_ICONS[w.phase]} **{PHASE_LABELS[w.phase]}**{extra}"


def candidate_brief(w: WorkshopInfo) -> None:
    """Who the pitch is for and what the role offers: what every participant writes to."""
    p, r = w.profile, w.role
    left, right = st.columns(2)
    with left:
        st.markdown(f"**Candidate:** {md_escape(p.name or 'unnamed')}")
        facts = [
            ("Now", " at ".join(x for x in (p.current_title, p.current_company) if x)),
            ("Location", p.location),
            ("Experience", f"{p.years_experience:g} years" if p.years_experience is not None else ""),
            ("Skills", ", ".join(p.skills)),
            ("Achievements", "; ".join(p.achievements)),
            ("Interests", ", ".join(p.interests)),
            ("What moves them", ", ".join(p.motivators)),
            ("Dealbreakers", ", ".join(p.dealbreakers)),
            ("Status", p.status),
            ("Notes", p.notes),
        ]
        st.markdown("\n".join(f"- {label}: {md_escape(value)}" for label, value in facts if value))
    with right:
        title = " at ".join(x for x in (r.title, r.company) if x) or "not set"
        st.markdown(f"**Role:** {md_escape(title)}")
        salary = ""
        if r.salary_min is not None or r.salary_max is not None:
            lo = f"{r.salary_min:,.0f}" if r.salary_min is not None else ""
            hi = f"{r.salary_max:,.0f}" if r.salary_max is not None else ""
            salary = f"{lo}-{hi} {r.currency}".strip(" -")
        facts = [
            ("Where", ", ".join(x for x in (r.location, r.work_mode_text) if x)),
            ("Salary", salary),
            ("Benefits", "; ".join(r.benefits)),
            ("Responsibilities", "; ".join(r.responsibilities)),
            ("Mission", r.mission),
        ]
        st.markdown("\n".join(f"- {label}: {md_escape(value)}" for label, value in facts if value))
    st.caption(f"Channel: {md_escape(w.channel_label)}")


def pitch_text(sub: Submission) -> None:
    if sub.subject.strip():
        st.markdown(f"**Subject:** {md_escape(sub.subject)}")
    st.html(highlight_html(sub.body, [], compact=True))


def scores_line(sub: Submission) -> str:
    return " · ".join(
        [f"Overall **{sub.overall}**"] + [f"{COLUMN_LABELS[d]} {sub.scores.get(d, 0)}" for d in DIMENSIONS]
    )


def anonymous_pitches(board: Board) -> None:
    """Blind mode before the reveal: the texts under their letters, in the order they came in."""
    if not board.submissions:
        st.info(
            "No pitches yet. They appear here as participants submit them.", icon=":material/hourglass_empty:"
        )
        return
    cols = st.columns(2)
    for i, sub in enumerate(sorted(board.submissions, key=lambda s: s.number)):
        with cols[i % 2].container(border=True):
            st.markdown(f"##### Pitch {sub.label}")
            pitch_text(sub)


def ranking_table(board: Board) -> None:
    frame = results_frame(board, hide_identities=False).drop(columns=["submitted_at"])
    if not board.workshop.guess_round:
        frame = frame.drop(columns=["votes"])
    frame = frame.rename(columns={d: COLUMN_LABELS[d] for d in DIMENSIONS})
    config = {
        "rank": st.column_config.NumberColumn("Rank", format="%d", width="small"),
        "pitch": st.column_config.TextColumn("Pitch", width="small"),
        "participant": st.column_config.TextColumn("Participant"),
        "overall": st.column_config.ProgressColumn("Overall", min_value=0, max_value=100, format="%d"),
        "words": st.column_config.NumberColumn("Words", format="%d"),
        "votes": st.column_config.NumberColumn("Votes", format="%d"),
    }
    st.dataframe(frame, hide_index=True, column_config=config, width="stretch")


def results(board: Board, key_prefix: str) -> None:
    """The ranking, the chart, the guess-the-winner outcome and every pitch with its scores."""
    if not board.submissions:
        st.info("No pitches were submitted.", icon=":material/inbox:")
        return
    ranking_table(board)
    st.altair_chart(dimension_chart(board), width="stretch")
    if board.workshop.guess_round and board.workshop.revealed:
        top = winners(board.submissions)
        right = correct_guessers(board)
        names = ", ".join(md_escape(f"{s.label} ({s.participant_name})") for s in top)
        st.markdown(
            f":material/emoji_events: **Winner{'s' if len(top) > 1 else ''}:** {names}. "
            f"{len(board.votes)} vote{'s' if len(board.votes) != 1 else ''}; guessed right: "
            + (", ".join(md_escape(p.name) for p in right) if right else "nobody")
        )
    counts = vote_counts(board)
    for rank, sub in ranked(board.submissions):
        votes = (
            f" · {counts[sub.id]} vote{'s' if counts[sub.id] != 1 else ''}"
            if board.workshop.guess_round
            else ""
        )
        with st.expander(f"#{rank} · {sub.label} · {md_escape(sub.participant_name)} · {sub.overall}{votes}"):
            pitch_text(sub)
            # Keyed by number: a random id may hold "__", which a component key may not.
            copy_button(f"{key_prefix}_copy_{sub.number}", plain_text(Pitch(board.workshop.channel, sub.subject, sub.body)))
            st.caption(scores_line(sub))
            if sub.top_findings:
                st.markdown("**What would gain the most points:**")
                st.markdown("\n".join(f"- {md_escape(f)}" for f in sub.top_findings))


def people_frame(board: Board) -> pd.DataFrame:
    """Who joined, how many pitches each sent, and whether they voted (for the facilitator)."""
    sent: dict[str, int] = {}
    for s in board.submissions:
        sent[s.participant_id] = sent.get(s.participant_id, 0) + 1
    voted = {v.participant_id for v in board.votes}
    return pd.DataFrame(
        [
            {"participant": p.name, "pitches": sent.get(p.id, 0), "voted": p.id in voted}
            for p in board.participants
        ],
        columns=["participant", "pitches", "voted"],
    )
