"""The training pages as a learner drives them: AppTest from app.py, widgets by key."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pitch_lib.training import Progress, default_content, grade_pick
from tests.editor_driver import editor_data, type_text
from ui import training_parts

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60  # generous: CI machines are slow; speed is not measured here
CONTENT = default_content()
PAGES = ["pages/training.py", "pages/training_lessons.py", "pages/training_exercises.py", "pages/training_progress.py"]


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    """Saved work goes to a throw-away SQLite file, never the repository's data folder."""
    monkeypatch.setenv("PITCH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PITCH_DB_URL", raising=False)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def progress(at: AppTest) -> Progress:
    return Progress.from_dict(at.session_state["workspace"].training)


def texts(at: AppTest) -> str:
    """Everything the page wrote as markdown, captions, alerts and HTML, in one string."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.success, *at.error, *at.warning, *at.info)]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


def start(page: str = "pages/training.py", name: str = "Sam Taylor") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(page).run()
    ok(at)
    at.text_input(key="training_new_learner").input(name)
    at.button(key="training_start").click().run()
    return ok(at)


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


@pytest.mark.parametrize("page", PAGES)
def test_every_training_page_runs_and_asks_for_a_name_first(page):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page(page).run()
    ok(at)
    assert at.text_input(key="training_new_learner")
    assert at.title[0].value.split()[-1] in {"Training", "Lessons", "Exercises", "Progress"}


def test_blank_name_gets_a_message_and_no_learner():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/training.py").run()
    at.text_input(key="training_new_learner").input("   ")
    at.button(key="training_start").click().run()
    ok(at)
    assert "Type your name first." in [e.value for e in at.error]
    assert progress(at).learners == {}


def test_hub_lists_lessons_and_exercises_and_opens_the_next_lesson():
    at = start()
    assert progress(at).active_learner.name == "Sam Taylor"
    assert {m.label for m in at.metric} >= {"Lessons done", "Pitches fixed"}
    for lesson in CONTENT.lessons:
        assert at.button(key=f"training_open_lesson_{lesson.id}")
    for s in CONTENT.scenarios:
        assert at.button(key=f"training_open_fix_{s.id}")
    at.button(key="training_next_lesson").click().run()
    ok(at)
    assert at.session_state["training_lesson_id"] == CONTENT.lessons[0].id


def _answer(at: AppTest, lesson, answers):
    for i, a in enumerate(answers):
        at.radio(key=f"training_q_{lesson.id}_{i}").set_value(a)
    button(at, "Check my answers").click().run()
    return ok(at)


def test_lesson_shows_scored_examples_and_completes_its_check():
    at = start("pages/training_lessons.py")
    lesson = CONTENT.lesson("personalise")
    at.selectbox(key="training_lesson_id").set_value(lesson.id).run()
    ok(at)
    assert at.header[0].value == lesson.title
    labels = [m.label for m in at.metric]
    assert labels.count("Overall") == 2 and labels.count("Personalisation") == 2
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    # a wrong answer first: not complete, the right answer is explained
    wrong = [(q.answer + 1) % len(q.options) for q in lesson.check]
    _answer(at, lesson, wrong)
    assert any("you need" in e.value for e in at.error)
    assert not progress(at).active_learner.is_completed("lesson", lesson.id)
    assert "The answer:" in texts(at)
    # then the right answers
    _answer(at, lesson, [q.answer for q in lesson.check])
    assert any("lesson complete" in s.value for s in at.success)
    learner = progress(at).active_learner
    assert learner.is_completed("lesson", lesson.id)
    assert learner.best[f"lesson:{lesson.id}"] == 100
    assert [a.score for a in learner.history] == [0, 100]


def test_unanswered_check_is_not_graded():
    at = start("pages/training_lessons.py")
    button(at, "Check my answers").click().run()
    ok(at)
    assert "Answer every question first." in [w.value for w in at.warning]
    assert progress(at).active_learner.history == []


def _open_exercise(at: AppTest, scenario_id: str, mode: str) -> AppTest:
    at.switch_page("pages/training_exercises.py").run()
    at.selectbox(key="training_scenario_id").set_value(scenario_id).run()
    at.segmented_control(key="training_mode").set_value(mode).run()
    return ok(at)


def test_fix_this_pitch_with_hints_to_the_goal():
    s = CONTENT.scenario("icu-nurse-dublin")
    at = _open_exercise(start(), s.id, "fix")
    assert editor_data(at)["body"] == s.draft.body
    assert any("Not there yet" in w.value for w in at.warning)
    # hints come one at a time
    at.button(key="training_fix_hint").click().run()
    ok(at)
    assert "Hint 1" in texts(at) and "Hint 2" not in texts(at)
    at.button(key="training_fix_hint").click().run()
    assert "Hint 2" in texts(at)
    _, shown = progress(at).active_learner.get_work("fix", s.id)
    assert len(shown) == 2 and shown[0] != shown[1]
    # a first, unfinished attempt is recorded as such
    at.button(key="training_fix_submit").click().run()
    ok(at)
    assert not progress(at).active_learner.is_completed("fix", s.id)
    # rewrite it to the goal
    better = s.variants[s.better]
    type_text(at, better.body, subject=better.subject)
    ok(at)
    assert any("Goal reached" in m.value for m in at.success)
    at.button(key="training_fix_submit").click().run()
    ok(at)
    learner = progress(at).active_learner
    assert learner.is_completed("fix", s.id)
    assert [a.passed for a in learner.history] == [False, True]
    assert learner.history[-1].hints == 2
    assert any("Recorded: goal reached" in m.value for m in at.success)
    assert "Hint 2 fixed" in texts(at) and "Hint 1 fixed" in texts(at)


def test_the_exercise_draft_survives_switching_pages():
    s = CONTENT.scenario("cfo-singapore")
    at = _open_exercise(start(), s.id, "fix")
    type_text(at, "Dear Mei Ling, my own first line.")
    at.switch_page("pages/training_progress.py").run()
    at = _open_exercise(at, s.id, "fix")
    assert editor_data(at)["body"] == "Dear Mei Ling, my own first line."
    at.button(key="training_fix_restart").click().run()
    assert editor_data(at)["body"] == s.draft.body


def test_wrong_channel_scenario_needs_the_channel_switched():
    s = CONTENT.scenario("data-engineer-toronto")
    at = _open_exercise(start(), s.id, "fix")
    assert at.selectbox(key="training_fix_channel").value == "email"
    at.button(key="training_fix_hint").click().run()
    assert "Social DM" in texts(at)  # the first hint is the channel
    better = s.variants[s.better]
    type_text(at, better.body)
    assert not any("Goal reached" in m.value for m in at.success)
    at.selectbox(key="training_fix_channel").set_value("social_dm").run()
    ok(at)
    assert any("Goal reached" in m.value for m in at.success)


def test_pick_the_better_variant_only_the_first_pick_counts():
    s = CONTENT.scenario("warehouse-manager-rotterdam")
    at = _open_exercise(start(), s.id, "pick")
    assert "Only your first pick counts" in texts(at)
    button(at, "Check my choice").click().run()
    assert "Choose A or B first." in [w.value for w in at.warning]
    wrong = "b" if s.better == "a" else "a"
    at.radio(key=f"training_pick_choice_{s.id}").set_value(wrong)
    button(at, "Check my choice").click().run()
    ok(at)
    assert any(e.value.startswith(f"Your pick was {wrong.upper()}") for e in at.error)
    table = at.table[0].value
    assert list(table.index)[:6] == ["Personalisation", "Readability", "Benefit clarity", "Respectful tone",
                                     "Inclusive wording", "Channel fit"]
    assert all(table["Why"].iloc[:6].str.len() > 0)
    # no second try: the choice is gone, and a rerun keeps the first pick
    assert not [b for b in at.button if b.label == "Check my choice"]
    at.run()
    learner = progress(at).active_learner
    assert [a.score for a in learner.history] == [0]
    assert learner.picks == {s.id: wrong} and not learner.is_completed("pick", s.id)


def test_give_up_is_recorded_and_opens_the_model_answer():
    s = CONTENT.scenario("cfo-singapore")
    at = _open_exercise(start(), s.id, "fix")
    model = s.variants[s.better].body
    assert model not in texts(at) and "A model answer appears here once you reach the goal" in texts(at)
    at.button(key="training_fix_submit").click().run()  # a failed submission does not open it
    assert model not in texts(at)
    at.button(key="training_fix_give_up").click().run()
    ok(at)
    learner = progress(at).active_learner
    assert f"fix:{s.id}" in learner.gave_up and learner.history[-1].gave_up
    assert not learner.is_completed("fix", s.id)
    assert "You gave up on this one" in texts(at), texts(at)[-3000:]


DISAGREE_NOTE = "Here the scores alone favour the other variant"


def _pick(at: AppTest, s, choice: str) -> AppTest:
    at.radio(key=f"training_pick_choice_{s.id}").set_value(choice)
    button(at, "Check my choice").click().run()
    return ok(at)


def test_pick_where_the_scores_agree_with_the_answer_adds_no_note():
    s = CONTENT.scenario("maths-teacher-manchester")
    assert grade_pick(s, s.better).engine_winner == s.better
    at = _pick(_open_exercise(start(), s.id, "pick"), s, s.better)
    assert any(m.value.startswith(f"Your pick, {s.better.upper()}, is right") for m in at.success)
    assert "falls into the trap" in texts(at)
    assert DISAGREE_NOTE not in texts(at)


def test_pick_where_the_scores_disagree_with_the_answer_says_so(monkeypatch):
    """An author's answer that the overall scores contradict: the page says the scores favour the
    other variant. Built from a real scenario with the answer turned round, so the test does not
    depend on the engine happening to disagree with a shipped scenario."""
    real = CONTENT.scenario("maths-teacher-manchester")
    loser = "b" if grade_pick(real, "a").engine_winner == "a" else "a"
    flipped = replace(real, better=loser, why="The author prefers this one.")
    content = replace(CONTENT, scenarios=tuple(flipped if x.id == real.id else x for x in CONTENT.scenarios))
    monkeypatch.setattr(training_parts, "default_content", lambda: content)
    at = _pick(_open_exercise(start(), real.id, "pick"), flipped, loser)
    assert any(m.value.startswith(f"Your pick, {loser.upper()}, is right") for m in at.success)
    assert any(i.value.startswith(DISAGREE_NOTE) for i in at.info)


def test_write_from_scratch_starts_blank_and_reaches_the_goal():
    s = CONTENT.scenario("wind-technician-aberdeen")
    at = _open_exercise(start(), s.id, "write")
    assert editor_data(at)["body"] == ""
    assert any("Nothing to score yet" in i.value for i in at.info)
    better = s.variants[s.better]
    type_text(at, better.body, subject=better.subject)
    at.button(key="training_write_submit").click().run()
    ok(at)
    assert progress(at).active_learner.is_completed("write", s.id)


def test_spot_the_trap_question():
    s = CONTENT.scenario("sous-chef-barcelona")
    at = _open_exercise(start(), s.id, "fix")
    wrong = (s.trap.answer + 1) % len(s.trap.options)
    at.radio(key=f"training_trap_{s.id}").set_value(wrong).run()
    assert any(e.value.startswith("Not quite") for e in at.error)
    at.radio(key=f"training_trap_{s.id}").set_value(s.trap.answer).run()
    assert any(s.trap.explanation in m.value for m in at.success)


def test_progress_page_shows_chart_completions_and_team():
    at = start("pages/training_lessons.py")
    lesson = CONTENT.lessons[0]
    _answer(at, lesson, [q.answer for q in lesson.check])
    at.switch_page("pages/training_progress.py").run()
    ok(at)
    assert next(m for m in at.metric if m.label == "Lessons done").value == f"1 of {len(CONTENT.lessons)}"
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    frames = [d.value for d in at.dataframe]
    assert any("Item" in f.columns and lesson.title in list(f["Item"]) for f in frames)
    team = next(f for f in frames if "Learner" in f.columns and "Workspace" in f.columns)
    assert list(team["Learner"]) == ["Sam Taylor"]
    # a second learner on the same laptop shows up in the team view
    at.text_input(key="training_new_learner").input("Ana Souza")
    at.button(key="training_add").click().run()
    ok(at)
    team = next(d.value for d in at.dataframe if "Learner" in d.value.columns and "Workspace" in d.value.columns)
    assert sorted(team["Learner"]) == ["Ana Souza", "Sam Taylor"]
    assert progress(at).active_learner.name == "Ana Souza"


def test_team_view_reads_exported_workspace_files_and_rejects_bad_ones():
    at = start("pages/training_progress.py")
    other = Progress()
    cy = other.add_learner("Cy Ng")
    other.record(cy.id, "fix", "icu-nurse-dublin", 91, True)
    export = {"format": "pitch-workshop/workspace", "version": 1, "name": "Cy's workspace", "cases": [],
              "training": other.to_dict()}
    uploader = at.file_uploader(key="training_team_upload")
    uploader.upload("cy.json", json.dumps(export).encode(), "application/json")
    uploader.upload("bad.json", b"{not json", "application/json").run()
    ok(at)
    team = next(d.value for d in at.dataframe if "Learner" in d.value.columns and "Workspace" in d.value.columns)
    assert "Cy Ng" in list(team["Learner"])
    assert any(e.value.startswith("bad.json") for e in at.error)


def test_following_a_bad_link_explains_what_a_link_looks_like():
    at = start("pages/training_progress.py")
    at.text_input(key="training_team_link").input("not a link")
    at.button(key="training_team_follow").click().run()
    ok(at)
    assert any("That is not a workspace link" in e.value for e in at.error)
    assert progress(at).team == []


def test_facilitator_follows_a_learners_saved_workspace_by_its_link(tmp_path):
    """A learner's workspace saved in the database appears in the facilitator's team view."""
    from pitch_lib.storage.store import open_store
    from pitch_lib.workspace import Workspace

    learner_progress = Progress()
    dee = learner_progress.add_learner("Dee Osei")
    learner_progress.record(dee.id, "lesson", "personalise", 100, True)
    theirs = Workspace(name="Dee's practice", training=learner_progress.to_dict())
    store = open_store(data_dir=tmp_path)
    try:
        store.save_workspace(theirs)
    finally:
        store.close()

    at = start("pages/training_progress.py", name="Fran Facilitator")
    at.text_input(key="training_team_link").input(f"http://127.0.0.1:8501/?ws={theirs.id}")
    at.button(key="training_team_follow").click().run()
    ok(at)
    assert progress(at).team == [theirs.id]
    team = next(d.value for d in at.dataframe if "Learner" in d.value.columns and "Workspace" in d.value.columns)
    assert dict(zip(team["Learner"], team["Workspace"], strict=True))["Dee Osei"] == "Dee's practice"
    # their workspace is only read: nothing of it changed
    store = open_store(data_dir=tmp_path)
    try:
        assert Progress.from_dict(store.load_workspace(theirs.id).training).to_dict() == learner_progress.to_dict()
    finally:
        store.close()
    at.button(key="training_team_clear").click().run()
    assert progress(at).team == []


def test_a_followed_workspace_that_was_deleted_is_reported():
    at = start("pages/training_progress.py", name="Fran Facilitator")
    at.text_input(key="training_team_link").input("?ws=" + "Z" * 22)
    at.button(key="training_team_follow").click().run()
    ok(at)
    assert any("No saved workspace has the id ZZZZZZ" in w.value for w in at.warning)


def test_a_name_with_markup_is_shown_as_text():
    at = start(name="**Bold** [link](http://evil.example) <b>x</b>")
    ok(at)
    assert progress(at).active_learner.name == "**Bold** [link](http://evil.example) <b>x</b>"
    label = at.expander[0].label
    assert "\\*\\*Bold\\*\\*" in label and "\\[link\\]" in label and "\\<b\\>" in label


def test_a_passed_lesson_is_ticked_in_the_lesson_list_at_once():
    at = start("pages/training_lessons.py")
    lesson = CONTENT.lessons[0]
    _answer(at, lesson, [q.answer for q in lesson.check])
    assert at.selectbox(key="training_lesson_id").format_func(lesson.id).startswith("✅")


def test_a_lesson_can_be_read_before_giving_a_name():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.switch_page("pages/training_lessons.py").run()
    lesson = CONTENT.lesson("personalise")
    at.selectbox(key="training_lesson_id").set_value(lesson.id).run()
    ok(at)
    assert at.header[0].value == lesson.title  # the lesson and its scored examples
    assert [m.label for m in at.metric].count("Overall") == 2
    assert "to take the check and keep your result" in texts(at)
    assert not [r for r in at.radio if r.key and r.key.startswith("training_q_")]  # the check waits for a name
    at.text_input(key="training_new_learner").input("Sam Taylor")
    at.button(key="training_start").click().run()
    assert [r for r in ok(at).radio if r.key and r.key.startswith("training_q_")]


def test_progress_shows_principles_levels_and_what_to_practise_next():
    s = CONTENT.scenario("icu-nurse-dublin")
    at = _open_exercise(start(), s.id, "write")
    better = s.variants[s.better]
    type_text(at, better.body, subject=better.subject)
    at.button(key="training_write_submit").click().run()
    at.switch_page("pages/training_progress.py").run()
    ok(at)
    table = next(m.value for m in at.markdown if m.value.startswith("| Principle |"))
    rows = table.splitlines()[2:]
    assert len(rows) == len(CONTENT.lessons)
    personalise = next(r for r in rows if r.startswith(f"| {CONTENT.lesson('personalise').title} |"))
    cells = [c.strip() for c in personalise.strip("|").split("|")]
    assert cells[1] == "–" and cells[3] == "L1", cells
    assert any(i.value.startswith("**Practise next.** You have not passed the lesson") for i in at.info)


def test_find_it_yourself_scenarios_do_not_list_the_dealbreaker():
    s = CONTENT.scenario("wind-technician-aberdeen")
    assert s.find_it_yourself
    at = _open_exercise(start(), s.id, "fix")
    page = texts(at)
    assert "Find it yourself" in page and "Dealbreakers" not in page and s.profile.dealbreakers[0] not in page
    assert "offshore" in s.known  # the clue is in what the recruiter knows
    listed = CONTENT.scenario("icu-nurse-dublin")
    at = _open_exercise(at, listed.id, "fix")
    assert "Dealbreakers" in texts(at)


def _planner_touch_ids(at: AppTest, s) -> list[str]:
    plan = at.session_state["workspace"].sequences[training_parts.practice_case_id(s)]
    return [t["id"] for t in plan["touches"]]


def _edit_touch(at: AppTest, touch_id: str, model: dict) -> None:
    """What a learner does in the outreach planner: one widget at a time, each a rerun."""
    if "kind" in model:
        at.selectbox(key=f"seq_kind_{touch_id}").set_value(model["kind"]).run()
    at.number_input(key=f"seq_day_{touch_id}").set_value(model["day"]).run()
    if model.get("subject"):
        at.text_input(key=f"seq_subject_{touch_id}").input(model["subject"]).run()
    if model.get("body"):
        at.text_area(key=f"seq_body_{touch_id}").input(model["body"]).run()
    ok(at)


def test_plan_the_follow_ups_in_the_outreach_planner_to_the_goal():
    s = CONTENT.scenario("wind-technician-aberdeen")
    at = _open_exercise(start(), s.id, "sequence")
    assert "Open in the outreach planner" in texts(at)
    at.button(key="training_sequence_open").click().run()
    ok(at)
    # the planner opens on the practice case, with the colleague's pushy plan and a way back
    ws = at.session_state["workspace"]
    case_id = training_parts.practice_case_id(s)
    assert ws.active_case_id == case_id and ws.case(case_id).profile.name == "Callum Reid"
    assert "practice plan for the training exercise" in texts(at)
    ids = _planner_touch_ids(at, s)
    assert len(ids) == 6 and at.button(key=f"seq_remove_{ids[5]}")
    # back in the exercise, the critique says what is wrong with it
    at = _open_exercise(at, s.id, "sequence")
    assert any("Not there yet" in w.value for w in at.warning)
    assert "A model plan appears here once you reach the goal" in texts(at)
    assert "too many without a reply" in texts(at) and "does not let them stop" in texts(at)
    assert "pestering risk is high" in texts(at)
    at.button(key="training_sequence_submit").click().run()
    assert not progress(at).active_learner.is_completed("sequence", s.id)
    # fix it in the planner: drop the call and one follow-up, rapport first, new value, a close
    at.button(key="training_sequence_edit").click().run()
    assert at.title[0].value.endswith("Outreach plan")
    # AppTest reruns the page it last switched to itself, so follow the script's switch
    at.switch_page("pages/sequence.py").run()
    at.button(key=f"seq_remove_{ids[5]}").click().run()
    at.button(key=f"seq_remove_{ids[4]}").click().run()
    at.text_area(key=f"seq_body_{ids[0]}").input("").run()
    for touch_id, model in zip(ids[:4], s.sequence.model, strict=True):
        _edit_touch(at, touch_id, model)
    at = _open_exercise(at, s.id, "sequence")
    assert any("Goal reached" in m.value for m in at.success), texts(at)[-2000:]
    at.button(key="training_sequence_submit").click().run()
    ok(at)
    learner = progress(at).active_learner
    assert learner.is_completed("sequence", s.id)
    assert [a.passed for a in learner.history if a.kind == "sequence"] == [False, True]
    assert "See a plan that reaches the goal" in [e.label for e in at.expander]


def test_plan_the_follow_ups_is_offered_only_where_there_is_a_plan_to_fix():
    at = _open_exercise(start(), "icu-nurse-dublin", "fix")
    assert "sequence" not in at.segmented_control(key="training_mode").options
    at = _open_exercise(at, "wind-technician-aberdeen", "sequence")
    at.button(key="training_sequence_open").click().run()
    at = _open_exercise(at, "wind-technician-aberdeen", "sequence")
    at.button(key="training_sequence_give_up").click().run()
    ok(at)
    learner = progress(at).active_learner
    assert "sequence:wind-technician-aberdeen" in learner.gave_up
    assert not learner.is_completed("sequence", "wind-technician-aberdeen")
    assert "Leaving it with you" in texts(at)  # the model plan's close
