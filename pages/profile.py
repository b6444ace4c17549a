"""Profile: the candidate and the role brief, several candidates, JSON import and export."""


import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.engine.vocab import MOTIVATOR_NAMES, MOTIVATORS
from pitch_lib.models import REMOTE_HINT, REMOTE_LABELS, STATUSES, CandidateProfile, Role, ValidationError
from pitch_lib.profile_io import lines_to_list, list_to_lines, profile_file_json, read_profile_file
from pitch_lib.workspace import CandidateCase
from pitch_lib.workspace import slug as file_slug
from ui.components import case_picker, new_blank_case, no_case_state, page_header
from ui.state import (
    active_case,
    bump_counter,
    commit_workspace,
    counter,
    ensure_routed,
    flash,
    get_pref,
    get_workspace,
    seed_widget,
    set_pref,
    widget_value,
)

ensure_routed(__file__)

LIST_FIELDS = {"skills", "achievements", "interests", "dealbreakers", "benefits", "responsibilities"}
MODELS = {"profile": CandidateProfile, "role": Role}


def _update(kind: str, field: str) -> None:
    """Copy one widget into the profile or role, through the model's validation."""
    case = active_case()
    if case is None:
        return
    value = widget_value(f"profile_{kind}_{field}")
    if field in LIST_FIELDS:
        value = lines_to_list(value or "")
    data = getattr(case, kind).to_dict()
    data[field] = value
    if field == "remote":
        data["remote_details"] = ""  # the text typed replaces the words kept before
    try:
        setattr(case, kind, MODELS[kind].from_dict(data))
    except ValidationError as e:
        # Said in words, next to the field (drawn by _widget on this run); the form keeps the old value.
        set_pref(f"error_{kind}_{field}", (e.words, value))
        return
    commit_workspace()


def _widget(kind: str, field: str, fn, label: str, **kwargs):
    """Draw a widget seeded from the domain object, saving back on change."""
    key = f"profile_{kind}_{field}"
    value = getattr(active_case().profile if kind == "profile" else active_case().role, field)
    if field in LIST_FIELDS:
        value = list_to_lines(value)
    elif kind == "role" and field == "remote":
        value = active_case().role.work_mode_text  # what was written, as written
    elif fn is st.number_input and value is not None:
        value = float(value)  # one numeric type for the widget, whatever the JSON held
    problem = get_pref(f"error_{kind}_{field}")
    seed_widget(key, problem[1] if problem and fn is st.text_input else value)  # a refused text stays to fix
    widget = fn(label, key=key, on_change=_update, args=(kind, field), **kwargs)
    if problem:
        set_pref(f"error_{kind}_{field}", None)
        st.error(problem[0] + ("" if fn is st.text_input else " The previous value is kept."),
                 icon=":material/error:")
    return widget


def _list_area(kind: str, field: str, label: str, help: str, height: int = 110):
    return _widget(kind, field, st.text_area, label, help=help + " One per line.", height=height)


page_header("Profile", ":material/person:", "Who the candidate is, what moves them, and the role you offer.")

case = case_picker("profile")
if case is None:
    no_case_state("profile")
    st.stop()

# --- candidates in the workspace ---------------------------------------------------------------
top = st.columns([3, 1, 1], vertical_alignment="bottom")
top[0].markdown(f"**Editing:** {md_escape(case.title)}  \nChanges save as you leave each field.")
if top[1].button("New candidate", key="profile_new", icon=":material/person_add:", width="stretch"):
    new_blank_case()
    st.rerun()
with top[2].popover("Delete", icon=":material/delete:", width="stretch"):
    st.markdown(f"Delete **{md_escape(case.title)}** with their draft and {len(case.variants)} variant(s)? This cannot be undone.")
    if st.button("Yes, delete", key="profile_delete_confirm", type="primary"):
        get_workspace().remove_case(case.id)
        commit_workspace()
        flash(f"Deleted {md_escape(case.title)}.", ":material/delete:")
        st.rerun()

left, right = st.columns(2, gap="large")

# --- the candidate -----------------------------------------------------------------------------
with left:
    st.subheader(":material/badge: Candidate", anchor=False)
    _widget("profile", "name", st.text_input, "Full name", placeholder="e.g. Aoife Brennan",
            help="The pitch is checked for this name: a wrong or missing name costs points.")
    _widget("profile", "current_title", st.text_input, "Current title", placeholder="e.g. Senior Staff Nurse")
    c1, c2 = st.columns(2)
    with c1:
        _widget("profile", "current_company", st.text_input, "Current employer")
    with c2:
        _widget("profile", "location", st.text_input, "Location", placeholder="City, country")
    c1, c2 = st.columns(2)
    with c1:
        _widget("profile", "years_experience", st.number_input, "Years of experience",
                min_value=0.0, max_value=70.0, step=1.0, format="%g", placeholder="–")
    with c2:
        _widget("profile", "status", st.selectbox, "Status", options=list(STATUSES),
                format_func=str.capitalize,
                help="Passive: happily employed and not looking. Active: looking. The rules of good "
                "communication are the same; only some advice changes.")
    _list_area("profile", "achievements", "Achievements",
               "Concrete and checkable, with numbers where you have them: 'cut scrap from 3.1% to 0.9%'. "
               "Naming their actual work beats flattery; the scorer looks for these facts in your pitch.")
    _list_area("profile", "skills", "Skills", "What they are good at, in their words.")
    _widget("profile", "motivators", st.multiselect, "What moves them", options=list(MOTIVATOR_NAMES),
            format_func=lambda m: MOTIVATORS[m].label,
            placeholder="Pick two or three",
            help="Benefit clarity is scored against these: a pitch should speak to what this person values.\n\n"
            + "\n".join(f"- **{m.label}**: {m.description}" for m in MOTIVATORS.values()))
    _list_area("profile", "interests", "Interests", "Topics, talks, side projects: openers that show you looked.",
               height=80)
    _list_area("profile", "dealbreakers", "Dealbreakers", "What would make them say no.", height=80)
    _widget("profile", "notes", st.text_area, "Notes",
            help="Anything else: where you met, what they posted, what they said last time. "
            "A pitch that uses a note earns personalisation, as naming an achievement does.", height=90)

# --- the role ----------------------------------------------------------------------------------
with right:
    st.subheader(":material/work: Role brief", anchor=False)
    _widget("role", "title", st.text_input, "Role title", placeholder="e.g. Clinical Nurse Manager 2")
    c1, c2 = st.columns(2)
    with c1:
        _widget("role", "company", st.text_input, "Hiring company")
    with c2:
        _widget("role", "location", st.text_input, "Role location")
    c1, c2 = st.columns(2)
    with c1:
        role = active_case().role
        _widget("role", "remote", st.text_input, "Where they work", placeholder="on site / hybrid, two days in the office",
                help=REMOTE_HINT)
        if role.remote_details:
            st.caption(f"Read as **{REMOTE_LABELS[role.remote]}**.")
    with c2:
        _widget("role", "currency", st.text_input, "Currency", placeholder="EUR, or 'GBP per year'")
    c1, c2 = st.columns(2)
    with c1:
        _widget("role", "salary_min", st.number_input, "Salary from", min_value=0.0, step=1000.0,
                format="%g", placeholder="–",
                help="A stated range is a concrete benefit; 'competitive salary' alone is vague.")
    with c2:
        _widget("role", "salary_max", st.number_input, "Salary to", min_value=0.0, step=1000.0,
                format="%g", placeholder="–")
    _list_area("role", "benefits", "Benefits", "Concrete and quantified: '30 days' leave', not 'great benefits'.")
    _list_area("role", "responsibilities", "Responsibilities", "What they would own and do.")
    _widget("role", "mission", st.text_area, "Mission", height=80,
            help="What the organisation exists to do, in one or two sentences.")

# --- import and export -------------------------------------------------------------------------
st.divider()
st.subheader(":material/swap_vert: Import or export", anchor=False)
exp, imp = st.columns(2, gap="large")
with exp:
    st.markdown("Download this candidate's profile and role as a JSON file, to share it or keep a copy.")
    slug = file_slug(case.profile.name, "candidate")
    st.download_button(
        "Download profile (JSON)",
        data=profile_file_json(case.profile, case.role),
        file_name=f"{slug}-profile.json",
        mime="application/json",
        key="profile_download",
        icon=":material/download:",
        on_click="ignore",
    )
with imp:
    upload = st.file_uploader(
        "Import a profile JSON",
        type=["json", "txt"],
        key=f"profile_upload_{counter('profile_upload')}",
        help="A file exported from here, or a JSON object with the profile's fields "
        "(name, current_title, skills, ...), optionally with a role.",
    )
    if upload is not None:
        try:
            new_profile, new_role = read_profile_file(upload.getvalue(), "file")
        except ValidationError as e:
            st.error(f"**{md_escape(upload.name)}** was not imported. {md_escape(str(e))} Nothing was changed.",
                     icon=":material/error:")
        else:
            what = " and ".join(x for x, v in (("profile", new_profile), ("role", new_role)) if v)
            who = new_profile.name if new_profile else case.profile.name or "this candidate"
            st.success(f"**{md_escape(upload.name)}** is a valid {what} for {md_escape(who)}.",
                       icon=":material/task_alt:")
            b1, b2 = st.columns(2)
            if b1.button(f"Replace {what} here", key="profile_import_replace", icon=":material/sync:"):
                if new_profile:
                    case.profile = new_profile
                if new_role:
                    case.role = new_role
                commit_workspace()
                bump_counter("profile_upload")
                flash(f"Imported {what} from {md_escape(upload.name)}.")
                st.rerun()
            if new_profile and b2.button("Add as a new candidate", key="profile_import_new", icon=":material/person_add:"):
                get_workspace().add_case(CandidateCase(profile=new_profile, role=new_role or Role()))
                commit_workspace()
                bump_counter("profile_upload")
                flash(f"Added {md_escape(new_profile.name)} from {md_escape(upload.name)}.")
                st.rerun()

st.page_link("pages/draft.py", label="Next: write the pitch", icon=":material/arrow_forward:")
