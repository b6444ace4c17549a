"""Streamlit pieces shared by the training pages: the content, the learner, saving progress,
and the fix/write workbench. Logic lives in :mod:`pitch_lib.training`; this only draws it.

Progress lives in ``Workspace.training`` (a plain dict) and is saved with the workspace through
:func:`ui.state.commit_workspace`. Exercise drafts are kept there too, so a refresh loses nothing.
"""

from __future__ import annotations

import html
import logging

import streamlit as st

from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.engine.scorecard import DIMENSION_LABELS, Scorecard
from pitch_lib.models import Pitch, ValidationError
from pitch_lib.rendering import render
from pitch_lib.rendering.marks import editor_marks
from pitch_lib.sequence import SequencePlan, channel_label, format_date
from pitch_lib.training import (
    SEQUENCE_TOUCHES,
    GoalCheck,
    Learner,
    PrincipleProgress,
    Progress,
    Scenario,
    TrainingContent,
    TrainingContentError,
    check_sequence,
    default_content,
    describe_hint_key,
    evaluate,
    hints,
    next_hint,
    practice_case,
    practice_case_id,
    score_examples,
)
from ui.editor import doc_id, editor_enabled, pitch_editor, replace_doc, sent_text
from ui.persistence import ADMIN_HINT
from ui.state import commit_workspace, get_pref, get_workspace, set_pref

LEARNER_FORM = "training_learner_form"
log = logging.getLogger("pitch_workshop.training")


def content_or_stop() -> TrainingContent:
    """The training content; a broken content file stops the page with a message naming it."""
    try:
        return default_content()
    except TrainingContentError as e:
        log.error("training content: %s", e)  # which file and item: for whoever runs the app
        st.error("The training content could not be loaded: one of its lesson or scenario files has a mistake. "
                 f"{ADMIN_HINT}", icon=":material/error:")
        st.stop()
        raise  # unreachable: st.stop() ends the run


def kept_choice(key: str, options, default: str) -> None:
    """Before drawing the widget ``key``: bring back the learner's last choice when Streamlit has
    dropped the widget's state (it does when another page ran, say the outreach planner)."""
    if st.session_state.get(key) not in options:
        kept = get_pref(key)
        st.session_state[key] = kept if kept in options else default


def pick(label: str, ids: list[str], key: str, format_func) -> str:
    """A select box over ``ids`` whose choice survives reruns and visits to other pages; the first
    when none is chosen yet (or the chosen one is gone)."""
    kept_choice(key, ids, ids[0])
    value = st.selectbox(label, ids, key=key, format_func=format_func)
    set_pref(key, value)
    return value


def progress() -> Progress:
    return Progress.from_dict(get_workspace().training)


def save(p: Progress) -> None:
    """Write the progress back into the workspace and save it."""
    get_workspace().training = p.to_dict()
    commit_workspace()


@st.cache_data(max_entries=1000, show_spinner=False)
def _evaluate(scenario_id: str, channel: str, subject: str, body: str) -> GoalCheck:
    return evaluate(default_content().scenario(scenario_id), Pitch(channel, subject, body))


@st.cache_data(max_entries=50, show_spinner=False)
def lesson_scorecards(lesson_id: str) -> dict[str, Scorecard]:
    """A lesson's worse and better examples, scored live by the engine (cached: the text is fixed)."""
    content = default_content()
    return score_examples(content.lesson(lesson_id), content)


def evaluate_cached(scenario: Scenario, pitch: Pitch) -> GoalCheck:
    """:func:`pitch_lib.training.evaluate`, cached on the exact text (scoring is pure)."""
    return _evaluate(scenario.id, pitch.channel, pitch.subject, pitch.body)


# --- the learner -------------------------------------------------------------------------------


def _add_learner() -> None:
    name = st.session_state.get("training_new_learner", "")
    p = progress()
    try:
        learner = p.add_learner(name)
    except ValueError as e:
        st.session_state["training_learner_error"] = str(e)
        return
    st.session_state.pop("training_learner_error", None)
    st.session_state["training_new_learner"] = ""
    save(p)
    st.toast(f"Welcome, {_md(learner.name)}. Your progress is kept with this workspace.", icon="👋")


def _switch_learner() -> None:
    p = progress()
    chosen = st.session_state.get("training_learner_pick")
    if chosen in p.learners:
        p.active = chosen
        save(p)


def learner_bar(*, required: bool = True) -> Learner | None:
    """Who is learning. Without a learner, asks for a name (and stops the page if ``required``)."""
    p = progress()
    learner = p.active_learner
    if learner is None:
        with st.container(border=True):
            st.markdown("**Who is learning?** Type your name to keep your progress with this workspace.")
            c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
            c1.text_input("Your name", key="training_new_learner", max_chars=60, placeholder="e.g. Sam Taylor")
            c2.button("Start", key="training_start", on_click=_add_learner, type="primary", width="stretch")
            if st.session_state.get("training_learner_error"):
                st.error(st.session_state["training_learner_error"])
        if required:
            st.stop()
        return None
    with st.expander(f"Learning as **{_md(learner.name)}** · switch or add a learner", icon=":material/person:"):
        if len(p.learners) > 1:
            ids = list(p.learners)
            st.session_state["training_learner_pick"] = learner.id
            st.selectbox(
                "Learner", ids, format_func=lambda i: p.learners[i].name, key="training_learner_pick",
                on_change=_switch_learner,
            )
        c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
        c1.text_input("Add a learner", key="training_new_learner", max_chars=60, placeholder="Their name")
        c2.button("Add", key="training_add", on_click=_add_learner, width="stretch")
        if st.session_state.get("training_learner_error"):
            st.error(st.session_state["training_learner_error"])
        st.caption("Several people can learn in one workspace (a shared laptop in a training room): "
                   "each gets their own progress.")
    return learner


def record(kind: str, item: str, score: int, passed: bool, hints_used: int = 0) -> None:
    p = progress()
    learner = p.active_learner
    if learner is None:
        return
    p.record(learner.id, kind, item, score, passed, hints=hints_used)
    save(p)


def record_pick(scenario: Scenario, choice: str) -> None:
    """Record a pick; only the learner's first pick for a scenario counts (the library decides)."""
    p = progress()
    learner = p.active_learner
    if learner is None:
        return
    p.record_pick(learner.id, scenario, choice)
    save(p)


# --- showing scores ------------------------------------------------------------------------------


def goal_table(check: GoalCheck) -> None:
    """Score against goal for each dimension, as a compact table (fits a narrow column and a phone)."""
    lines = ["| Dimension | Score | Goal | |", "| --- | ---: | ---: | --- |"]
    for r in check.rows():
        status = "✓ met" if r["met"] else f"{r['goal'] - r['score']} to go"
        lines.append(f"| {r['label']} | {r['score']} | {r['goal']} | {status} |")
    st.markdown("\n".join(lines))


def principles_table(rows: list[PrincipleProgress]) -> None:
    """Per principle: lesson passed, exercises done, the levels shown (a compact Markdown table)."""
    lines = ["| Principle | Lesson | Exercises done | Levels shown |", "| --- | :---: | --- | --- |"]
    for r in rows:
        done = f"{r.exercises_done} of {r.exercises_total}" if r.exercises_total else "no exercise yet"
        levels = ", ".join(f"L{x}" for x in r.levels) or "–"
        lines.append(f"| {_md(r.title)} | {'✓' if r.lesson_passed else '–'} | {done} | {levels} |")
    st.markdown("\n".join(lines))


def highlighted(pitch: Pitch, card: Scorecard, *, suggestions: bool = True) -> None:
    """The pitch with its findings marked in place (escaped), a legend and the numbered fixes."""
    numbered = render.number_findings(card.findings())
    spec = get_channel(pitch.channel)
    parts = [render.CSS]
    if spec.has_subject and pitch.subject:
        parts.append(f"<p><b>Subject:</b> {render.highlight_html(pitch.subject, numbered, 'subject')}</p>")
    parts.append(render.highlight_html(pitch.body, numbered, "body"))
    if numbered:
        parts.append(render.legend_html(card.findings()))
    st.html("".join(parts))
    if suggestions and numbered:
        with st.expander(f"What the engine found ({len(numbered)})"):
            st.html(render.CSS + render.suggestions_html(numbered))


def plain_pitch(pitch: Pitch) -> None:
    """A pitch shown as text (escaped), for choosing between variants before seeing scores."""
    spec = get_channel(pitch.channel)
    subject = (f'<p style="margin:0 0 .4rem 0"><b>Subject:</b> {html.escape(pitch.subject)}</p>'
               if spec.has_subject and pitch.subject else "")
    st.html(render.CSS + subject
            + f'<div class="pw-draft" style="max-height:none" dir="auto">{html.escape(pitch.body)}</div>')


def scenario_brief(scenario: Scenario) -> None:
    """Everything the recruiter knows: the candidate, the role, the channel, the goal."""
    p, r = scenario.profile, scenario.role
    st.markdown(f"**What you know.** {scenario.known}")
    c1, c2 = st.columns(2)
    with c1.container(border=True):
        status = "actively looking" if p.status == "active" else "not looking (passive)"
        years = f"{p.years_experience:g} years" if p.years_experience is not None else ""
        st.markdown(f"**{p.name}**, {p.current_title} at {p.current_company}  \n"
                    f"{p.location} · {years} · {status}")
        card = _bullets("Achievements", p.achievements) + _bullets("Skills", p.skills, inline=True)
        card += _bullets("Interests", p.interests, inline=True)
        if scenario.find_it_yourself:
            st.markdown(card)
            st.caption("Find it yourself: what moves this candidate and what would rule the role out are "
                       "not listed here. Read what you know, and their own words, above.")
        else:
            st.markdown(card + _bullets("What moves them", p.motivators, inline=True)
                        + _bullets("Dealbreakers", p.dealbreakers, inline=True))
            if p.notes:
                st.caption(p.notes)
    with c2.container(border=True):
        pay = ""
        if r.salary_min or r.salary_max:
            pay = f" · {r.currency} {r.salary_min or 0:,.0f}–{r.salary_max or 0:,.0f}"
        st.markdown(f"**{r.title}**, {r.company}  \n{r.location} · {r.work_mode_text}{pay}")
        st.markdown(_bullets("Responsibilities", r.responsibilities) + _bullets("Benefits", r.benefits))
        if r.mission:
            st.caption(f"Mission: {r.mission}")
    spec = get_channel(scenario.channel)
    st.markdown(f"**Channel for this touch:** {spec.icon} {spec.label}. {spec.advice}")


def _bullets(title: str, items: list[str], *, inline: bool = False) -> str:
    if not items:
        return ""
    if inline:
        return f"**{title}:** " + "; ".join(items) + "\n\n"
    return f"**{title}:**\n" + "".join(f"\n- {i}" for i in items) + "\n\n"


# --- the fix / write workbench -----------------------------------------------------------------


def _keys(kind: str) -> dict[str, str]:
    return {k: f"training_{kind}_{k}" for k in ("channel", "subject", "body", "editor")}


def _store_work(kind: str, scenario_id: str) -> None:
    """on_change: the widgets' text goes into the learner's work in the workspace at once."""
    keys = _keys(kind)
    p = progress()
    learner = p.active_learner
    if learner is None:
        return
    pitch = Pitch(
        st.session_state.get(keys["channel"], "email"),
        st.session_state.get(keys["subject"], ""),
        st.session_state.get(keys["body"], ""),
    )
    learner.set_work(kind, scenario_id, pitch)
    save(p)


def _editor_text(kind: str, scenario_id: str, doc: str) -> None:
    """on_text of the pitch editor: what it sent goes where the text boxes' values go."""
    sent = sent_text(_keys(kind)["editor"], doc)
    if sent is not None:
        st.session_state[_keys(kind)["subject"]], st.session_state[_keys(kind)["body"]] = sent["subject"], sent["body"]
        _store_work(kind, scenario_id)


def _start_pitch(kind: str, scenario: Scenario) -> Pitch:
    return scenario.starting_draft() if kind == "fix" else scenario.blank_pitch()


def _restart(kind: str, scenario_id: str) -> None:
    p = progress()
    learner = p.active_learner
    if learner is not None:
        learner.clear_work(kind, scenario_id)
        replace_doc(_keys(kind)["editor"], f"{scenario_id}:{learner.id}")
        save(p)


def _current_work(kind: str, scenario: Scenario):
    """(progress, learner, pitch, hints shown, goal check) for the learner's work, or None."""
    p = progress()
    learner = p.active_learner
    if learner is None:
        return None
    pitch, shown = learner.get_work(kind, scenario.id)
    pitch = pitch or _start_pitch(kind, scenario)
    return p, learner, pitch, shown, evaluate_cached(scenario, pitch)


def _reveal_hint(kind: str, scenario: Scenario) -> None:
    current = _current_work(kind, scenario)
    if current is None:
        return
    p, learner, pitch, shown, check = current
    hint = next_hint(check, shown)
    if hint is not None:
        learner.set_work(kind, scenario.id, pitch, [h for h in shown if h != hint.key] + [hint.key])
        save(p)


def _submit(kind: str, scenario: Scenario) -> None:
    current = _current_work(kind, scenario)
    if current is None:
        return
    p, learner, _, shown, check = current
    p.record(learner.id, kind, scenario.id, check.scorecard.overall, check.reached, hints=len(shown))
    save(p)
    st.session_state[f"training_{kind}_submitted"] = (scenario.id, check.reached, check.scorecard.overall)


def _give_up(kind: str, scenario: Scenario) -> None:
    current = _current_work(kind, scenario)
    if current is None:
        return
    p, learner, _, shown, check = current
    p.give_up(learner.id, kind, scenario.id, check.scorecard.overall, hints=len(shown))
    save(p)


def workbench(kind: str, scenario: Scenario, learner: Learner) -> None:
    """Fix this pitch (``kind="fix"``) or write from scratch (``"write"``): edit, see the goal, get hints."""
    keys = _keys(kind)
    pitch, shown = learner.get_work(kind, scenario.id)
    pitch = pitch or _start_pitch(kind, scenario)
    # Seed the widgets from the saved work on every run (the workspace is the truth).
    st.session_state[keys["channel"]] = pitch.channel
    st.session_state[keys["subject"]] = pitch.subject
    st.session_state[keys["body"]] = pitch.body

    live = editor_enabled()
    when = ("Scores and marks follow as you type." if live
            else "Scores update when you leave the text box or press Ctrl+Enter.")
    if kind == "fix":
        st.markdown("Start from this flawed draft and edit it until every dimension reaches its goal "
                    f"and the trap is handled. {when}")
    else:
        st.markdown(f"Write the pitch yourself, from a blank page. {when}")
    spec = get_channel(pitch.channel)
    left, right = st.columns(2, gap="large")
    with left:
        st.selectbox(
            "Channel", CHANNEL_NAMES, key=keys["channel"],
            format_func=lambda c: f"{get_channel(c).icon} {get_channel(c).label}",
            on_change=_store_work, args=(kind, scenario.id),
            help="Is this the right channel for this touch? Read what you know about the candidate.",
        )
        check = evaluate_cached(scenario, pitch)
        if live:
            doc = doc_id(keys["editor"], f"{scenario.id}:{learner.id}")
            numbered = render.number_findings(check.scorecard.findings())
            marks, note = editor_marks(numbered, pitch)
            pitch_editor(
                keys["editor"], doc=doc, subject=pitch.subject, body=pitch.body, has_subject=spec.has_subject,
                marks=marks, note=note, words=int(check.scorecard.metrics.get("words", 0)),
                on_text=_editor_text, on_ignore=None, args=(kind, scenario.id, doc), body_label="Your pitch",
                body_placeholder="Write your pitch here." if kind == "write" else "",
            )
        else:
            if spec.has_subject:
                st.text_input("Subject", key=keys["subject"], on_change=_store_work, args=(kind, scenario.id))
            st.text_area("Your pitch", key=keys["body"], height=260, on_change=_store_work,
                         args=(kind, scenario.id), placeholder="Write your pitch here." if kind == "write" else None)

    with right:
        if check.scorecard.empty:
            st.info("Nothing to score yet: write your pitch on the left.", icon=":material/edit:")
        elif check.reached:
            st.success(f"Goal reached: every dimension is at its goal and the trap is handled "
                       f"(overall {check.scorecard.overall}). Submit it to record it.", icon=":material/check_circle:")
        else:
            todo = len(check.gaps) + (0 if check.trap.handled else 1)
            st.warning(f"Not there yet: {todo} thing{'s' if todo != 1 else ''} to fix "
                       f"(overall {check.scorecard.overall}).", icon=":material/flag:")
        goal_table(check)
        if not check.scorecard.empty:
            trap_state = "handled ✓" if check.trap.handled else "not handled yet"
            st.caption(f"The trap: {trap_state}.")

    b1, b2, b3, b4 = st.columns(4)
    b1.button("Submit this version", key=f"training_{kind}_submit", type="primary", width="stretch",
              on_click=_submit, args=(kind, scenario))
    b2.button("Give me a hint", key=f"training_{kind}_hint", width="stretch",
              on_click=_reveal_hint, args=(kind, scenario), icon=":material/lightbulb:")
    b3.button("Start again", key=f"training_{kind}_restart", width="stretch",
              on_click=_restart, args=(kind, scenario.id), icon=":material/restart_alt:")
    if not learner.may_see_model(kind, scenario.id):
        b4.button("I give up: show an answer", key=f"training_{kind}_give_up", width="stretch",
                  on_click=_give_up, args=(kind, scenario), icon=":material/flag:")
        st.caption("**I give up** shows a pitch that reaches the goal. It is recorded as given up; you can still "
                   "reach the goal yourself afterwards.")

    submitted = st.session_state.get(f"training_{kind}_submitted")
    if submitted and submitted[0] == scenario.id:
        _, passed, overall = submitted
        if passed:
            st.success(f"Recorded: goal reached with {overall}. Well done.", icon=":material/emoji_events:")
        else:
            st.info(f"Recorded: {overall}, goal not reached yet. Keep going: ask for a hint if you are stuck.",
                    icon=":material/history:")

    _hint_panel(check, shown)
    if learner.may_see_model(kind, scenario.id):
        gave_up = not learner.is_completed(kind, scenario.id)
        with st.expander("See a pitch that reaches the goal", expanded=gave_up):
            st.caption("One way to do it, not the only one."
                       + (" You gave up on this one: it is recorded, and you can still reach the goal yourself."
                          if gave_up else ""))
            plain_pitch(scenario.variants[scenario.better])
    else:
        st.caption("A model answer appears here once you reach the goal (or give up).")


# --- "Plan the follow-ups": the practice plan lives in the outreach planner -----------------------


def open_practice_plan(scenario: Scenario) -> None:
    """Put the scenario's candidate in the workspace (once) with the pushy starting plan (if it has
    no plan yet), and make it the active case, so the outreach planner opens on it."""
    ws = get_workspace()
    case_id = practice_case_id(scenario)
    if ws.case(case_id) is None:
        ws.add_case(practice_case(scenario), activate=False)
    if case_id not in ws.sequences:
        ws.sequences[case_id] = scenario.sequence.plan("start", case_id=case_id).to_dict()
    ws.active_case_id = case_id
    commit_workspace()


def _restart_plan(scenario: Scenario) -> None:
    ws = get_workspace()
    case_id = practice_case_id(scenario)
    if ws.case(case_id) is not None:
        ws.sequences[case_id] = scenario.sequence.plan("start", case_id=case_id).to_dict()
        commit_workspace()


def _practice_plan(scenario: Scenario) -> SequencePlan | None:
    raw = get_workspace().sequences.get(practice_case_id(scenario))
    try:
        return None if raw is None else SequencePlan.from_dict(raw)
    except ValidationError:
        return None


def _plan_table(plan: SequencePlan) -> None:
    """The touches of a plan as a compact table: when, what, and the first words of the message."""
    lines = ["| # | When | Touch | Message |", "| ---: | --- | --- | --- |"]
    for i, (touch, day) in enumerate(zip(plan.touches, plan.dates(), strict=True)):
        words = " ".join((touch.body or touch.note).split())
        text = words if len(words) <= 90 else words[:89] + "…"
        lines.append(f"| {i + 1} | {format_date(day)} | {_md(touch.kind_label)} · {_md(channel_label(touch.channel))} "
                     f"| {_md(text)} |")
    st.markdown("\n".join(lines))


def _submit_plan(scenario: Scenario) -> None:
    plan = _practice_plan(scenario)
    if plan is None:
        return
    check = check_sequence(scenario, plan)
    record("sequence", scenario.id, check.score, check.reached)
    st.session_state["training_sequence_submitted"] = (scenario.id, check.reached, check.score)


def _give_up_plan(scenario: Scenario) -> None:
    p = progress()
    learner = p.active_learner
    plan = _practice_plan(scenario)
    if learner is None:
        return
    p.give_up(learner.id, "sequence", scenario.id, check_sequence(scenario, plan).score if plan else 0)
    save(p)


def sequence_bench(scenario: Scenario, learner: Learner) -> bool:
    """Plan the follow-ups: the brief, the practice plan's check, and the model plan once earned.
    Returns True when the learner asked to open the outreach planner (the page switches to it)."""
    st.markdown(_md(scenario.sequence.brief))
    st.caption(f"A good plan: {SEQUENCE_TOUCHES[0]} to {SEQUENCE_TOUCHES[1]} touches, a few working days apart; "
               "rapport before the pitch; every follow-up adds something new; no guilt or pressure; no call "
               "until they agree to one; and a last message that says you will stop. When they reply, the plan "
               "stops: mark the reply in the planner and answer them yourself.")
    plan = _practice_plan(scenario)
    opened = False
    if plan is None:
        st.info(f"**Open in the outreach planner** adds {_md(scenario.profile.name)} to your candidates as a "
                "practice case, with your colleague's plan, and opens the planner on it. Edit the touches there "
                "(days, kinds, channels, messages), then come back here to check the plan.",
                icon=":material/timeline:")
        return st.button("Open in the outreach planner", key="training_sequence_open", type="primary",
                         icon=":material/timeline:")
    check = check_sequence(scenario, plan)
    c1, c2, c3 = st.columns(3)
    c1.metric("Touches", check.touches, help=f"{SEQUENCE_TOUCHES[0]} to {SEQUENCE_TOUCHES[1]} is the goal.",
              border=True)
    c2.metric("Cadence score", check.score, border=True,
              help="The planner's cadence score: 100 less the points of its findings.")
    c3.metric("Pestering risk", check.critique.risk_level.capitalize(), border=True)
    st.markdown(f"**Your plan in the outreach planner** ({_md(scenario.profile.name)})")
    _plan_table(plan)
    opened = st.button("Edit it in the outreach planner", key="training_sequence_edit", icon=":material/edit:")
    if check.reached:
        st.success(f"Goal reached: {check.touches} touches, spaced and varied, with a polite close. "
                   "Submit it to record it.", icon=":material/check_circle:")
    else:
        n = len(check.problems)
        st.warning(f"Not there yet: {n} thing{'s' if n != 1 else ''} to fix.", icon=":material/flag:")
        st.markdown("\n".join(f"- {_md(problem)}" for problem in check.problems))
    b1, b2, b3 = st.columns(3)
    b1.button("Submit this plan", key="training_sequence_submit", type="primary", width="stretch",
              on_click=_submit_plan, args=(scenario,))
    b2.button("Start again", key="training_sequence_restart", width="stretch", icon=":material/restart_alt:",
              on_click=_restart_plan, args=(scenario,))
    may_give_up = not learner.may_see_model("sequence", scenario.id)
    if may_give_up:
        b3.button("I give up: show a plan", key="training_sequence_give_up", width="stretch", icon=":material/flag:",
                  on_click=_give_up_plan, args=(scenario,))
    st.caption("**Start again** puts your colleague's plan back in the planner."
               + (" **I give up** shows a plan that reaches the goal; it is recorded as given up." if may_give_up else ""))
    submitted = st.session_state.get("training_sequence_submitted")
    if submitted and submitted[0] == scenario.id:
        _, passed, score = submitted
        if passed:
            st.success(f"Recorded: goal reached, cadence score {score}. Well done.", icon=":material/emoji_events:")
        else:
            st.info(f"Recorded: cadence score {score}, goal not reached yet.", icon=":material/history:")
    if learner.may_see_model("sequence", scenario.id):
        gave_up = not learner.is_completed("sequence", scenario.id)
        with st.expander("See a plan that reaches the goal", expanded=gave_up):
            st.caption("One way to do it, not the only one: a social touch first, then one pitch, one follow-up "
                       "with new details, and a close that says you will stop.")
            model = scenario.sequence.plan("model", start=plan.start)
            _plan_table(model)
            for i, touch in enumerate(model.touches):
                if touch.body:
                    st.markdown(f"**Touch {i + 1}**")
                    plain_pitch(touch.pitch())
    else:
        st.caption("A model plan appears here once you reach the goal (or give up).")
    return opened


def _hint_panel(check: GoalCheck, shown: list[str]) -> None:
    """The hints revealed so far: open ones with their fix, fixed ones ticked off."""
    if not shown:
        return
    current = {h.key: h for h in hints(check)}
    st.markdown(f"**Hints** ({len(shown)} used)")
    for n, key in enumerate(reversed(shown)):
        hint = current.get(key)
        if hint is None:
            st.markdown(f"- ✓ Hint {len(shown) - n} fixed: {_md(describe_hint_key(key))}.")
            continue
        where = f" “{hint.matched}”" if hint.matched and hint.matched not in hint.message else ""
        fix = f"  \n  *Fix:* {_md(hint.suggestion)}" if hint.suggestion else ""
        st.markdown(f"- **Hint {len(shown) - n} · {hint.label}:** {_md(hint.message)}{_md(where)}{fix}")


def _md(text: str) -> str:
    """Text from the engine or the learner, made safe for st.markdown (no markup from input)."""
    for ch in "\\`*_[]<>#|~$":
        text = text.replace(ch, "\\" + ch)
    return text


def dimension_label(d: str) -> str:
    return DIMENSION_LABELS.get(d, d)


def exercise_status(learner: Learner | None, scenario: Scenario) -> str:
    """'Done here: Fix this pitch, Pick the better variant' or what is left to do."""
    if learner is None:
        return ""
    kinds = scenario.exercise_kinds
    done = [label for k, label in kinds.items() if learner.is_completed(k, scenario.id)]
    if not done:
        return ("Not done yet: fix the pitch, pick the better variant, or write your own"
                + (", or plan the follow-ups." if "sequence" in kinds else "."))
    if len(done) == len(kinds):
        return f"✓ All {len(kinds)} exercises done for this scenario."
    return "✓ Done here: " + ", ".join(done) + "."
