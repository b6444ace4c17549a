"""Streamlit pieces shared by the pages: cached scoring, headers, the candidate picker, empty
states and the score panel. Domain logic stays in pitch_lib; session state in ui/state.py."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import streamlit as st

from pitch_lib.engine.channels import get_channel
from pitch_lib.engine.ruleset import RulesError, RuleSet, rules_from_toml_text
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.evidence import help_text
from pitch_lib.models import CandidateProfile, Pitch, Role
from pitch_lib.rendering.render import CSS
from pitch_lib.samples import get_sample
from pitch_lib.workspace import CandidateCase
from ui.state import commit_workspace, get_workspace, seed_widget, take_flashes, widget_value

# Past this length a draft is surely a paste gone wrong; the page says so (the engine copes).
LONG_TEXT_CHARS = 20_000

DIMENSION_HELP: dict[str, str] = {
    "personalisation": "Does it read as written for this person? Earned by a fact about them (a piece of "
    "their work, named as a phrase), their motivators and their name right; lost to template phrases, "
    "unfilled {fields} and pushed dealbreakers. "
    + help_text("personalisation"),
    "readability": "Short sentences, plain words, a low reading grade, one idea per paragraph. "
    + help_text("reading_level"),
    "benefit_clarity": "Earned by concrete benefits (not funding or hype), the pay, what the job is and one "
    "small, clear ask; lost to vague claims, big asks and claims the role brief contradicts.",
    "tone": "Respectful, low pressure: no urgency, guilt, shouting or flattery.",
    "inclusivity": "Wording that welcomes everyone: no gender-coded, age-coded or exclusionary terms. "
    + help_text("inclusive_wording"),
    "channel_fit": "Length, subject and first line suited to the channel, under its hard limit.",
}
OVERALL_HELP = (
    "Earned, not given: substance (personalisation and benefit clarity: a fact about them, a concrete "
    "benefit, the pay, what the job is, one small ask) multiplied by delivery (readability, tone, "
    "inclusivity and channel fit) and by any gate (an unfilled merge field, a wrong name, text that isn't "
    "sentences, a claim the role brief contradicts). Every point lost is a suggestion below."
)


# --- scoring -----------------------------------------------------------------------------------


@st.cache_resource(max_entries=16, show_spinner=False)
def _team_ruleset(rules_toml: str) -> RuleSet:
    """A team rules file, compiled once per text (read-only, shared)."""
    return rules_from_toml_text(rules_toml, "team rules")


def team_rules() -> RuleSet | None:
    """The workspace's team rules (Outcomes → "Use these weights"); None: the shipped rules,
    also when the file no longer fits the engine (the Outcomes page says so)."""
    text = get_workspace().team_rules
    if not text:
        return None
    try:
        return _team_ruleset(text)
    except RulesError:
        return None


@st.cache_data(max_entries=512, show_spinner=False)
def _score_cached(pitch_json: str, profile_json: str, role_json: str, ignore: tuple[str, ...] = (),
                  rules_toml: str = "") -> Scorecard:
    pitch = Pitch.from_dict(json.loads(pitch_json))
    profile = CandidateProfile.from_dict(json.loads(profile_json))
    role = Role.from_dict(json.loads(role_json))
    rules = None
    if rules_toml:
        try:
            rules = _team_ruleset(rules_toml)
        except RulesError:
            rules = None  # a file that no longer fits the engine: the shipped rules (Outcomes says so)
    return score_pitch(pitch, profile, role, rules, ignore=ignore)


def score(pitch: Pitch, profile: CandidateProfile, role: Role, ignore: Iterable[str] = (), *,
          team: bool = True) -> Scorecard:
    """Score a pitch, cached on the exact text, profile, role, ignored findings and team rules
    (scoring is pure). ``team=False``: the shipped rules (a workshop compares everyone on the
    same ones)."""
    return _score_cached(
        json.dumps(pitch.to_dict(), sort_keys=True),
        json.dumps(profile.to_dict(), sort_keys=True),
        json.dumps(role.to_dict(), sort_keys=True),
        tuple(sorted(set(ignore))),
        get_workspace().team_rules if team else "",
    )


def pitch_key(pitch: Pitch) -> str:
    """A short fingerprint of a pitch version (for "change since the last version")."""
    raw = json.dumps(pitch.to_dict(), sort_keys=True).encode()
    return hashlib.blake2b(raw, digest_size=12).hexdigest()


# --- page frame --------------------------------------------------------------------------------


def page_header(title: str, icon: str, caption: str = "") -> None:
    """Title, the shared CSS, and any messages queued by the previous page."""
    st.html(CSS)
    st.title(f"{icon} {title}", anchor=False)
    if caption:
        st.caption(caption)
    show_flashes()


def show_flashes() -> None:
    """Show messages queued by callbacks (call it at the top of a fragment too)."""
    for text, flash_icon, kind in take_flashes():
        if kind == "error":
            st.error(text, icon=flash_icon)
        elif kind == "warning":
            st.warning(text, icon=flash_icon)
        else:
            st.toast(text, icon=flash_icon)


def _switch_case(key: str) -> None:
    ws = get_workspace()
    case_id = widget_value(key)
    if case_id and ws.case(case_id):
        ws.active_case_id = case_id
        commit_workspace()


def case_picker(prefix: str) -> CandidateCase | None:
    """The "which candidate" selector in the sidebar; returns the active case."""
    ws = get_workspace()
    case = ws.active
    if not ws.cases:
        return None
    key = f"{prefix}_case_picker"
    seed_widget(key, case.id)
    with st.sidebar:
        st.selectbox(
            "Candidate",
            options=[c.id for c in ws.cases],
            format_func=lambda cid: ws.case(cid).title if ws.case(cid) else cid,
            key=key,
            on_change=_switch_case,
            args=(key,),
            help="Every candidate keeps their own role, draft and variants. Add one on the Profile page.",
        )
        n = len(case.variants)
        st.caption(f"{n} saved variant{'s' if n != 1 else ''} · channel: {get_channel(case.draft.channel).label}")
    return case


def new_blank_case() -> CandidateCase:
    ws = get_workspace()
    case = ws.add_case(CandidateCase(profile=CandidateProfile()))
    commit_workspace()
    return case


def open_sample(sample_id: str) -> CandidateCase:
    """Activate the case loaded from this sample, or load a fresh copy of it."""
    ws = get_workspace()
    existing = next((c for c in ws.cases if c.sample == sample_id), None)
    if existing:
        ws.active_case_id = existing.id
    else:
        existing = ws.add_case(get_sample(sample_id).to_case())
    commit_workspace()
    return existing


def no_case_state(prefix: str) -> None:
    """What a page shows when there is no candidate yet: what to do next."""
    with st.container(border=True):
        st.markdown("#### :material/person_add: No candidate yet")
        st.markdown(
            "Every pitch is written for one person. Start with a sample candidate (a nurse, a "
            "warehouse manager, a teacher...) or describe your own."
        )
        c1, c2 = st.columns(2, vertical_alignment="center")
        c1.page_link("pages/home.py", label="Pick a sample candidate", icon=":material/group:")
        if c2.button("Start a blank candidate", key=f"{prefix}_new_blank", icon=":material/add:"):
            new_blank_case()
            st.switch_page("pages/profile.py")


# --- scores ------------------------------------------------------------------------------------


def _delta(deltas: dict[str, int] | None, key: str) -> int | None:
    if not deltas:
        return None
    d = deltas.get(key)
    return d if d else None


def scores_panel(card: Scorecard, deltas: dict[str, int] | None, *, team: bool = True) -> None:
    """The overall score and the six dimensions, each with its change since the last version."""
    dims = card.dimensions
    st.metric(
        "Overall score",
        f"{card.overall}/100",
        delta=_delta(deltas, "overall"),
        help=f"{OVERALL_HELP}\n\n**This pitch:** {card.explain_overall()}",
        border=True,
    )
    if team and team_rules() is not None:
        st.caption(":material/tune: Scored with your team's weights (Outcomes → Calibrate).")
    # A wrapping row rather than columns: two per line in the side panel and on a phone,
    # instead of one tall stack.
    with st.container(horizontal=True, wrap=True, gap="small"):
        for name in DIMENSIONS:
            d = dims.get(name)
            help_parts = [DIMENSION_HELP[name]]
            if d and d.next_step:
                help_parts.insert(0, f"**Next step:** {d.next_step}")
            st.metric(
                DIMENSION_LABELS[name],
                d.score if d else 0,
                delta=_delta(deltas, name),
                help="\n\n".join(help_parts),
                width=135,
            )


def stats_row(card: Scorecard) -> None:
    """Plain statistics: words, characters, reading grade, reading time, questions."""
    m = card.metrics
    seconds = int(round(m.get("reading_time_seconds", 0) or 0))
    if seconds < 90:
        reading = f"{seconds} s"
    elif seconds < 3600:
        reading = f"{seconds // 60} min {seconds % 60:02d} s"
    else:
        reading = f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"
    grade = m.get("grade")
    with st.container(horizontal=True, wrap=True, gap="small"):
        st.metric("Words", f"{m.get('words', 0):,}", help=help_text("length_email", "length_inmail"), width="content")
        st.metric("Characters", f"{m.get('characters', 0):,}", width="content",
                  help="Counted as Unicode characters, as the platforms count them.")
        st.metric(
            "Grade",
            "–" if grade is None else ("below 1" if grade < 1 else f"{grade:.1f}"),
            help="US school grade needed to read it easily (Flesch-Kincaid). " + help_text("reading_level"),
            width="content",
        )
        st.metric("Read time", reading, width="content",
                  help="At about 238 words a minute, an adult's average silent reading speed.")
        st.metric("Questions", f"{m.get('questions', 0):,}", width="content", help=help_text("questions"))


# --- the recruiter's own name and signature ------------------------------------------------------

SIGNATURE_PLACEHOLDER = "Sam Rivera\nSenior Recruiter, Northwind Health\n+353 1 555 0100"


def _set_sender(attr: str, key: str) -> None:
    setattr(get_workspace(), attr, (widget_value(key) or "").strip())
    commit_workspace()


def sender_fields(prefix: str) -> None:
    """Your name and email signature, kept with the workspace and used by every template
    ({your_name}, {signature}): the Draft templates, the outreach plan, the workshop name."""
    ws = get_workspace()
    name_key, sig_key = f"{prefix}_your_name", f"{prefix}_signature"
    seed_widget(name_key, ws.your_name)
    st.text_input("Your name", key=name_key, on_change=_set_sender, args=("your_name", name_key),
                  placeholder="Sam Rivera", max_chars=120,
                  help="Signs your templates ({your_name}); asked once, kept with this workspace.")
    seed_widget(sig_key, ws.signature)
    st.text_area("Email signature (optional)", key=sig_key, on_change=_set_sender, args=("signature", sig_key),
                 placeholder=SIGNATURE_PLACEHOLDER, height=100, max_chars=600,
                 help="Ends email templates ({signature}); your name alone when empty. Ctrl+Enter to keep it.")
