"""Outreach plan: a multi-touch sequence for the active candidate, critiqued for pestering."""

import json
import re
from datetime import date, time
from zoneinfo import available_timezones

import streamlit as st

from pitch_lib.compare import md_escape
from pitch_lib.engine.channels import CHANNELS
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS
from pitch_lib.evidence import help_text
from pitch_lib.models import ValidationError
from pitch_lib.rendering.charts_sequence import timeline_chart
from pitch_lib.sequence import (
    CADENCE_RULES,
    FIELD_HELP,
    KIND_NAMES,
    KINDS,
    TEMPLATES,
    SequencePlan,
    channel_icon,
    channel_label,
    critique_plan,
    fill_plan,
    format_date,
    next_business_day,
    plan_from_template,
    plan_to_csv,
    plan_to_ics,
)
from pitch_lib.training import is_practice_case
from ui.components import case_picker, no_case_state, page_header, score
from ui.state import (
    active_case,
    commit_workspace,
    ensure_routed,
    flash,
    get_workspace,
    seed_widget,
    widget_value,
)

ensure_routed(__file__)

RISK_BADGE = {"low": ("Low", "green", ":material/sentiment_satisfied:"),
              "medium": ("Medium", "orange", ":material/sentiment_neutral:"),
              "high": ("High", "red", ":material/sentiment_dissatisfied:")}
SEVERITY_ICON = {"error": ":material/error:", "warning": ":material/warning:", "suggestion": ":material/lightbulb:"}
TIMEZONES = ["", *sorted(available_timezones())]

HELP = f"""
**Why a plan?** One message rarely moves someone who is happy where they are; steady contact does,
as long as it never turns into pestering. Engage first (a like, a thoughtful comment, something
useful), connect with one reason, pitch briefly, follow up only with something new, and close politely.

**How to use it.** Start from a template: merge fields such as `{{first_name}}` are filled from the
candidate's profile and the role, and anything left unfilled is flagged. Edit each touch: its kind,
channel, day and message. Each message is scored in its own channel, like on the Draft page. When the
candidate replies, set **Replied at touch**: the plan stops there, and later touches are cancelled and
left out of the calendar file. Download the plan as a spreadsheet (CSV) or as calendar events (.ics).

**The critique** checks the cadence: at least {CADENCE_RULES.get("cadence.min_gap").params["min_business_days"]}
business days between messages, no weekend messages, not on the weakest day for the channel, at most
{CADENCE_RULES.get("cadence.too_many_follow_ups").params["limit"]} follow-ups without a reply, no
follow-up that repeats an earlier message, no guilt or pressure in follow-ups, no pitch before any
rapport, and no call unless they agreed to one. The **pestering risk** adds up the findings that
make a plan feel pushy: low, medium or high. The rules and their thresholds are data
(`pitch_lib/data/cadence.toml`; see the README, "Outreach sequence planner").

{help_text("follow_ups")}

**Weakest days:** LinkedIn's InMail data (May 2021 to Apr 2022) found Friday and Saturday the weakest
days. *Source: LinkedIn via Search Engine Journal.*
"""


# --- the plan: the workspace holds it as a dict; callbacks load, change and save it ----------


def _load() -> SequencePlan | None:
    case = active_case()
    raw = get_workspace().sequences.get(case.id) if case else None
    return None if raw is None else SequencePlan.from_dict(raw)


def _save(plan: SequencePlan) -> None:
    plan.revision += 1
    get_workspace().sequences[active_case().id] = plan.to_dict()
    commit_workspace()


def _build() -> None:
    case = active_case()
    template = widget_value("seq_template") or "warm_passive"
    start = widget_value("seq_new_start") or next_business_day(date.today())
    ws = get_workspace()
    name = (widget_value("seq_new_your_name") or "").strip() or ws.your_name
    if name and not ws.your_name:
        ws.your_name = name  # asked once: every template uses it from now on
    plan = plan_from_template(template, case.profile, case.role, start=start, case_id=case.id,
                              fields={"your_name": name} if name else {})
    _save(plan)
    flash(f"Built the plan from “{TEMPLATES[template].label}”. Check the critique, then edit each touch.",
          ":material/timeline:")


def _build_empty() -> None:
    case = active_case()
    start = widget_value("seq_new_start") or next_business_day(date.today())
    _save(SequencePlan(case_id=case.id, start=start.isoformat(), name="My plan"))


def _delete_plan() -> None:
    get_workspace().sequences.pop(active_case().id, None)
    commit_workspace()
    flash("Plan deleted. Start again from a template.", ":material/delete:")


def _set_plan(attr: str, key: str) -> None:
    plan, value = _load(), widget_value(key)
    if attr == "start":
        if value is None:
            return
        value = value.isoformat()
    setattr(plan, attr, value if value is not None else "")
    _save(plan)


def _set_field(name: str, key: str) -> None:
    plan = _load()
    plan.fields[name] = (widget_value(key) or "").strip()
    if not plan.fields[name]:
        del plan.fields[name]
    _save(plan)


def _set_reply() -> None:
    plan = _load()
    plan.replied_touch_id = widget_value("seq_replied") or ""
    _save(plan)


def _set_touch(touch_id: str, attr: str, key: str) -> None:
    plan = _load()
    i = _index(plan, touch_id)
    if i is None:
        return
    t = plan.touches[i]
    value = widget_value(key)
    if attr == "kind":
        t.kind = value
        if t.channel not in KINDS[value].channels:
            t.channel = KINDS[value].default_channel
    elif attr == "day":
        t.day = int(value or 0)
    elif attr == "date":
        t.date = value.isoformat() if isinstance(value, date) else ""
    elif attr == "time":
        t.time = value.strftime("%H:%M") if isinstance(value, time) else ""
    else:
        setattr(t, attr, value or "")
    _save(plan)


def _index(plan: SequencePlan, touch_id: str) -> int | None:
    """Where the touch is now (None if it is gone, say removed in another tab)."""
    return next((i for i, t in enumerate(plan.touches) if t.id == touch_id), None)


def _move(touch_id: str, step: int) -> None:
    plan = _load()
    i = _index(plan, touch_id)
    if i is not None:
        plan.move_touch(i, i + step)
        _save(plan)


def _remove(touch_id: str) -> None:
    plan = _load()
    i = _index(plan, touch_id)
    if i is None:
        return
    plan.remove_touch(i)
    _save(plan)
    flash(f"Removed touch {i + 1}.", ":material/delete:")


def _add() -> None:
    plan = _load()
    gap = int(CADENCE_RULES.get("cadence.min_gap").params.get("min_business_days", 3)) + 2
    plan.add_touch(widget_value("seq_add_kind") or "follow_up", gap_days=gap)
    _save(plan)


def _fill() -> None:
    case = active_case()
    plan = _load()
    left = fill_plan(plan, case.profile, case.role)
    _save(plan)
    names = sorted({"{" + n + "}" for _, n in left})
    if names:
        flash("Still unfilled: " + ", ".join(names) + ". Add them to the profile, the role or the fields above.",
              ":material/info:")
    else:
        flash("Every merge field is filled.", ":material/check_circle:")


def _file_stem(case) -> str:
    stem = re.sub(r"[^A-Za-z0-9]+", "-", f"outreach {case.profile.name or 'candidate'}").strip("-").lower()
    return stem or "outreach-plan"


# --- the page ----------------------------------------------------------------------------------

page_header("Outreach plan", ":material/timeline:",
            "Keep in touch without pestering: a few useful touches, and stop at the first reply.")
with st.expander("How the planner works", icon=":material/help:"):
    st.markdown(HELP)

case = case_picker("seq")
if case is None:
    no_case_state("seq")
    st.stop()

who = md_escape(case.profile.name or "this candidate")
try:
    plan = _load()
except ValidationError as error:
    st.error(f"The saved plan for {who} can't be read. {md_escape(str(error))} Download it to keep a copy, then start a new one.",
             icon=":material/error:")
    st.download_button("Download the saved plan (JSON)", json.dumps(get_workspace().sequences[case.id], indent=2),
                       file_name=f"{_file_stem(case)}.json", mime="application/json", key="seq_broken_json",
                       on_click="ignore", icon=":material/download:")
    st.button("Delete it and start again", key="seq_broken_delete", on_click=_delete_plan, icon=":material/delete:")
    st.stop()

# --- no plan yet: choose a template --------------------------------------------------------------
if plan is None:
    with st.container(border=True):
        st.markdown(f"#### :material/add_road: No plan for {who} yet")
        st.markdown(
            "Pick a starter template. Its merge fields are filled from the candidate's profile and the role; "
            "you can change every touch afterwards."
        )
        names = list(TEMPLATES)
        st.radio("Template", names, key="seq_template", format_func=lambda n: TEMPLATES[n].label,
                 captions=[TEMPLATES[n].description for n in names],
                 index=names.index("active_direct" if case.profile.status == "active" else "warm_passive"))
        c1, c2 = st.columns(2)
        c1.date_input("Start on", value=next_business_day(date.today()), key="seq_new_start", format="YYYY-MM-DD",
                      help="The day of the first touch. Business-day templates skip weekends.")
        st.session_state.setdefault("seq_new_your_name", get_workspace().your_name)
        c2.text_input("Your name (for sign-offs)", key="seq_new_your_name", placeholder="Sam Rivera",
                      help="Kept with the workspace for every template (change it on Saved work).")
        b1, b2 = st.columns(2)
        b1.button("Build the plan", key="seq_build", type="primary", on_click=_build, icon=":material/timeline:",
                  width="stretch")
        b2.button("Start with an empty plan", key="seq_build_empty", on_click=_build_empty, icon=":material/add:",
                  width="stretch")
    st.stop()

# --- the plan ------------------------------------------------------------------------------------
if is_practice_case(case.id):
    st.info("This is a practice plan for the training exercise *Plan the follow-ups*. Edit the touches "
            "below, then go back to the exercise to check it.", icon=":material/fitness_center:")
    st.page_link("pages/training_exercises.py", label="Back to the exercise", icon=":material/arrow_back:")
cards = [None if t.pitch() is None else score(t.pitch(), case.profile, case.role) for t in plan.touches]
critique = critique_plan(plan, case.profile, case.role, scorecards=cards)
dates = plan.dates()
active = plan.active_indices()

st.markdown(f"**{md_escape(plan.name or 'Outreach plan')}** for **{who}**"
            + (f", pitching **{md_escape(case.role.title)}**" if case.role.title else "") + ".")

label, colour, icon = RISK_BADGE[critique.risk_level]
m1, m2, m3, m4 = st.columns(4)
m1.metric("Pestering risk", label, help="The sum of the findings' risk weights: low below "
          f"{CADENCE_RULES.risk_medium:g}, high from {CADENCE_RULES.risk_high:g}.", border=True)
m2.metric("Cadence score", f"{critique.score}/100", help="100 minus the points of every cadence finding.", border=True)
m3.metric("Touches", f"{len(active)} of {len(plan.touches)}" if len(active) != len(plan.touches) else len(plan.touches),
          help="Touches that still happen (the plan stops at the first reply).", border=True)
days = (dates[active[-1]] - dates[active[0]]).days + 1 if active else 0
m4.metric("Runs for", f"{days} day{'s' if days != 1 else ''}" if active else "–", border=True,
          help=f"From {format_date(dates[active[0]])} to {format_date(dates[active[-1]])}, the last touch that "
          "still happens." if active else "No touches yet.")

if critique.risk_level == "low":
    st.success("Low pestering risk." + (" No cadence issues." if not critique.findings else
               " See the suggestions on each touch below."), icon=icon)
else:
    box = st.error if critique.risk_level == "high" else st.warning
    box(f"**{label} pestering risk:** " + "; ".join(md_escape(r) for r in critique.reasons) + ".", icon=icon)
for note in critique.notes:
    st.info(note, icon=":material/info:")

if plan.touches:
    st.altair_chart(timeline_chart(plan, critique, cards), width="stretch")

# --- plan settings -----------------------------------------------------------------------------
with st.expander("Plan settings: start, reply, call, merge fields", icon=":material/tune:",
                 expanded=not plan.touches):
    c1, c2, c3 = st.columns(3)
    seed_widget("seq_start", plan.start_date)
    c1.date_input("Start on", key="seq_start", format="YYYY-MM-DD", on_change=_set_plan, args=("start", "seq_start"))
    seed_widget("seq_business_days", plan.business_days)
    c2.toggle("Count business days", key="seq_business_days", on_change=_set_plan,
              args=("business_days", "seq_business_days"),
              help="On: a touch's day counts Monday to Friday only, so no touch lands at a weekend. "
              "Off: calendar days.")
    seed_widget("seq_call_agreed", plan.call_agreed)
    c3.checkbox("Call agreed", key="seq_call_agreed", on_change=_set_plan, args=("call_agreed", "seq_call_agreed"),
                help="Tick once the candidate has agreed to a call. Until then a call touch is flagged: "
                "cold calls are heavy-handed.")
    c1, c2 = st.columns(2)
    ids = ["", *(t.id for t in plan.touches)]
    seed_widget("seq_replied", plan.replied_touch_id if plan.replied_touch_id in ids else "")
    c1.selectbox("Replied at touch", ids, key="seq_replied", on_change=_set_reply,
                 format_func=lambda tid: "No reply yet" if not tid else
                 next(f"Touch {i + 1}: {t.kind_label}, {format_date(dates[i])}"
                      for i, t in enumerate(plan.touches) if t.id == tid),
                 help="The plan stops at the first reply: later touches are cancelled.")
    seed_widget("seq_timezone", plan.timezone if plan.timezone in TIMEZONES else "")
    c2.selectbox("Time zone for timed touches", TIMEZONES, key="seq_timezone", on_change=_set_plan,
                 args=("timezone", "seq_timezone"),
                 format_func=lambda z: z or "The calendar's own time zone",
                 help="Only touches with a time of day use it; the others are all-day reminders.")
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    for col, name in ((c1, "your_name"), (c2, "useful_link")):
        key = f"seq_field_{name}"
        seed_widget(key, plan.fields.get(name, ""))
        col.text_input(f"{{{name}}}", key=key, on_change=_set_field, args=(name, key), help=FIELD_HELP[name])
    c3.button("Fill merge fields", key="seq_fill", on_click=_fill, icon=":material/auto_fix_high:", width="stretch")
    st.caption("**Fill merge fields** fills every {field} still in the plan from the profile, the role and the "
               "fields here. **Up** and **Down** on a touch move it; it takes that slot's day.")
    with st.popover("Delete this plan", icon=":material/delete:"):
        st.markdown("This deletes every touch and message in the plan. Download it first if you want a copy.")
        st.button("Delete the plan", key="seq_delete", on_click=_delete_plan, type="primary")

# --- touches ---------------------------------------------------------------------------------
st.subheader(":material/format_list_numbered: Touches", anchor=False)
if not plan.touches:
    st.info("This plan has no touches yet. Add the first one below: a social touch is a gentle start.",
            icon=":material/info:")
day_help = ("Business days after the start (weekends skipped)." if plan.business_days
            else "Calendar days after the start.") + " A pinned date overrides it."

for i, t in enumerate(plan.touches):
    status = plan.status(i)
    found = critique.for_touch(i)
    card = cards[i]
    with st.container(border=True, key=f"seq_touch_box_{t.id}"):
        head, badges = st.columns([3, 2], vertical_alignment="center")
        head.markdown(f"**{i + 1}. {channel_icon(t.channel)} {t.kind_label}** · {format_date(dates[i])}")
        with badges:
            if status == "replied":
                st.badge("Replied here: the plan stops", icon=":material/mark_email_read:", color="green")
            elif status == "cancelled":
                st.badge("Cancelled: after the reply", icon=":material/block:", color="gray")
            elif found:
                worst = max(found, key=lambda f: ("suggestion", "warning", "error").index(f.severity))
                st.badge(f"{len(found)} cadence finding{'s' if len(found) != 1 else ''}",
                         icon=SEVERITY_ICON[worst.severity], color="red" if worst.severity == "error" else "orange")
            else:
                st.badge("No cadence issues", icon=":material/check:", color="green")

        edit, side = st.columns([3, 2], gap="large")
        with edit:
            c1, c2 = st.columns(2)
            key = f"seq_kind_{t.id}"
            seed_widget(key, t.kind)
            c1.selectbox("Kind", KIND_NAMES, key=key, format_func=lambda k: KINDS[k].label, on_change=_set_touch,
                         args=(t.id, "kind", key), help=KINDS[t.kind].help)
            key = f"seq_channel_{t.id}"
            seed_widget(key, t.channel)
            c2.selectbox("Channel", KINDS[t.kind].channels, key=key,
                         format_func=lambda ch: f"{channel_icon(ch)} {channel_label(ch)}",
                         on_change=_set_touch, args=(t.id, "channel", key),
                         help=CHANNELS[t.channel].advice if t.channel in CHANNELS else None)
            c1, c2, c3 = st.columns(3)
            key = f"seq_day_{t.id}"
            seed_widget(key, t.day)
            c1.number_input("Day", min_value=0, max_value=730, step=1, key=key, on_change=_set_touch,
                            args=(t.id, "day", key), help=day_help)
            key = f"seq_date_{t.id}"
            seed_widget(key, date.fromisoformat(t.date) if t.date else None)
            c2.date_input("Pinned date", value=None, key=key, format="YYYY-MM-DD", on_change=_set_touch,
                          args=(t.id, "date", key), help="Optional: a fixed date instead of the day number.")
            key = f"seq_time_{t.id}"
            seed_widget(key, time.fromisoformat(t.time) if t.time else None)
            c3.time_input("Time", value=None, key=key, step=900, on_change=_set_touch, args=(t.id, "time", key),
                          help="Optional: makes a timed calendar event. Empty: an all-day reminder.")
            key = f"seq_note_{t.id}"
            seed_widget(key, t.note)
            st.text_input("What to do", key=key, on_change=_set_touch, args=(t.id, "note", key),
                          placeholder="e.g. Comment on their post about the hospital's new triage process")
            if t.has_message:
                if CHANNELS[t.channel].has_subject:
                    key = f"seq_subject_{t.id}"
                    seed_widget(key, t.subject)
                    st.text_input("Subject", key=key, on_change=_set_touch, args=(t.id, "subject", key))
                key = f"seq_body_{t.id}"
                seed_widget(key, t.body)
                st.text_area("Message", key=key, height=150, on_change=_set_touch, args=(t.id, "body", key),
                             placeholder="Write the message. Each follow-up should add something new.")
            else:
                st.caption(f"{channel_label(t.channel)}: nothing to write, just do it and note what you did.")
            with st.container(horizontal=True):
                st.button("Up", key=f"seq_up_{t.id}", on_click=_move, args=(t.id, -1), icon=":material/arrow_upward:",
                          disabled=i == 0)
                st.button("Down", key=f"seq_down_{t.id}", on_click=_move, args=(t.id, 1),
                          icon=":material/arrow_downward:", disabled=i == len(plan.touches) - 1)
                st.button("Remove", key=f"seq_remove_{t.id}", on_click=_remove, args=(t.id,),
                          icon=":material/delete:")

        with side:
            if card is None:
                st.caption("No message to score.")
            elif card.empty:
                st.caption("Write the message to score it.")
            else:
                st.metric("Message score", f"{card.overall}/100", border=True,
                          help="Scored in this channel by the same rules as the Draft page.")
                st.caption(" · ".join(f"{DIMENSION_LABELS[d]} {card.dimensions[d].score}"
                                      for d in DIMENSIONS if d in card.dimensions))
                # What the cadence critique already says about this touch is not listed twice.
                fired = {f.rule for f in found}
                reused = {r for rule in CADENCE_RULES.rules if rule.id in fired
                          for r in rule.params.get("scorer_rules", [])}
                top = [f for f in card.findings() if f.rule not in reused][:3]
                if top:
                    st.markdown("**Fix first in this message**")
                    for f in top:
                        st.markdown(f"- {md_escape(f.message)}")
            if found:
                st.markdown("**Cadence**")
                for f in found:
                    st.markdown(f"{SEVERITY_ICON[f.severity]} {md_escape(f.message)}  \n"
                                f"*{md_escape(f.suggestion)}*")

c1, c2, _ = st.columns([2, 1, 3], vertical_alignment="bottom")
c1.selectbox("Add a touch", KIND_NAMES, key="seq_add_kind", format_func=lambda k: KINDS[k].label,
             index=KIND_NAMES.index("follow_up"))
c2.button("Add", key="seq_add", on_click=_add, icon=":material/add:", width="stretch")

# --- downloads ---------------------------------------------------------------------------------
st.subheader(":material/download: Take it with you", anchor=False)
st.caption("The calendar file has one event per touch that still happens, with the message in its description. "
           "Importing it again updates the same events.")
title = " · ".join(x for x in (case.profile.name, case.role.title) if x) or "Outreach plan"
d1, d2 = st.columns(2)
d1.download_button("Download the plan (CSV)", plan_to_csv(plan, critique, cards), file_name=f"{_file_stem(case)}.csv",
                   mime="text/csv", key="seq_csv", on_click="ignore", icon=":material/table:", width="stretch")
d2.download_button("Download calendar events (.ics)", plan_to_ics(plan, title=title, critique=critique),
                   file_name=f"{_file_stem(case)}.ics", mime="text/calendar", key="seq_ics", on_click="ignore",
                   icon=":material/event:", width="stretch")
