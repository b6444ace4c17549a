"""Journeys: a new recruiter, alone, completes one lesson and a level-2 "fix this pitch" exercise,
and plans the follow-ups in the outreach planner.

In a real browser: types their name, reads the first lesson, answers its check, then opens a
level-2 scenario from the Training hub, asks for a hint (the trap comes first), fixes the draft
to the goal, submits it, sees the model answer open, and sees the principle shown on Progress.
Then a sequence exercise: opens a colleague's pushy plan in the outreach planner, removes the
unagreed call there, comes back by the planner's link, sees the critique change, and gives up to
see a model plan.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pitch_lib.training import default_content

from .browser_harness import StreamlitPage

pytestmark = pytest.mark.browser

CONTENT = default_content()


def _type_and_commit(app: StreamlitPage, key: str, text: str, *, multiline: bool = False) -> None:
    """Type into a text widget and commit it the way a user does (Enter, or Ctrl+Enter in a text area)."""
    box = app.key(key).locator("textarea" if multiline else "input")
    box.fill(text)
    with app.rerun():
        box.press("Control+Enter" if multiline else "Enter")


def _click(app: StreamlitPage, name: str) -> None:
    with app.rerun():
        app.main.get_by_role("button", name=name).click()


def test_a_learner_completes_a_lesson_and_fixes_a_pitch(app: StreamlitPage, console_errors):
    app.nav("Training")
    expect(app.main.get_by_text("Who is learning?")).to_be_visible()
    _type_and_commit(app, "training_new_learner", "Sam Taylor")
    _click(app, "Start")
    expect(app.main.get_by_text("Learning as")).to_be_visible()

    # --- the first lesson, from the hub's "next step" ---------------------------------------------
    lesson = CONTENT.lessons[0]
    _click(app, "Start this lesson")
    expect(app.main.get_by_role("heading", name=lesson.title)).to_be_visible()
    expect(app.main.get_by_role("heading", name="See it scored")).to_be_visible()
    expect(app.main.locator("mark").first).to_be_attached()  # the worse example's findings, marked in place
    form = app.page.locator('[data-testid="stForm"]')
    for i, q in enumerate(lesson.check):
        group = form.get_by_role("radiogroup").nth(i)
        group.get_by_text(q.options[q.answer], exact=True).click()
    _click(app, "Check my answers")
    expect(app.main.get_by_text("lesson complete")).to_be_visible()

    # --- fix this pitch: a level-2 scenario, opened from the hub, to the goal ---------------------
    scenario = next(s for s in CONTENT.by_level() if s.level == 2)
    app.nav("Training")
    with app.rerun():
        app.key(f"training_open_fix_{scenario.id}").get_by_role("button").click()
    expect(app.editor).to_have_value(scenario.draft.body)
    expect(app.main.get_by_text("Level 2 · plausible")).to_be_visible()
    expect(app.main.get_by_text("Not there yet")).to_be_visible()
    expect(app.main.get_by_text("A model answer appears here once you reach the goal")).to_be_visible()
    _click(app, "Give me a hint")
    expect(app.main.get_by_text("Before the points: read what you know about")).to_be_visible()

    better = scenario.variants[scenario.better]
    if better.subject:
        app.enter_text(app.editor_subject, better.subject)
    app.enter_text(app.editor, better.body)
    expect(app.main.get_by_text("Goal reached")).to_be_visible()
    _click(app, "Submit this version")
    expect(app.main.get_by_text("Recorded: goal reached")).to_be_visible()
    expect(app.main.get_by_text("See a pitch that reaches the goal")).to_be_visible()

    # --- progress shows both, by principle -----------------------------------------------------------
    app.nav("Progress")
    expect(app.main.get_by_text(f"1 of {len(CONTENT.lessons)}")).to_be_visible()
    expect(app.main.get_by_text("Practise next.")).to_be_visible()
    expect(app.main.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    expect(app.main.get_by_text(scenario.title).first).to_be_attached()

    assert not app.exceptions.count()
    assert not [e for e in console_errors if "_stcore/" not in e], console_errors


def test_a_learner_plans_the_follow_ups_in_the_outreach_planner(app: StreamlitPage, console_errors):
    scenario = next(s for s in CONTENT.scenarios if s.sequence is not None)
    app.nav("Training")
    _type_and_commit(app, "training_new_learner", "Sam Taylor")
    _click(app, "Start")
    with app.rerun():
        app.key(f"training_open_sequence_{scenario.id}").get_by_role("button").click()
    expect(app.main.get_by_text("Your colleague planned the outreach")).to_be_visible()
    # the button's run ends by switching page: wait for the planner itself, not for one rerun
    app.main.get_by_role("button", name="Open in the outreach planner").click()

    # --- in the planner: the practice case, the pushy plan, a way back --------------------------
    expect(app.main.get_by_text("practice plan for the training exercise")).to_be_visible(timeout=60_000)
    app.wait_idle()
    expect(app.metric("Pestering risk")).to_contain_text("High")
    touches = app.page.locator('[class*="st-key-seq_touch_box_"]')
    expect(touches).to_have_count(6)
    with app.rerun():
        touches.nth(5).get_by_role("button", name="Remove").click()  # the call he never agreed to
    expect(touches).to_have_count(5)
    app.main.get_by_role("link", name="Back to the exercise").click()

    # --- back in the exercise: the critique follows the planner ------------------------------------
    expect(app.main.get_by_text("Your plan in the outreach planner")).to_be_visible(timeout=60_000)
    app.wait_idle()
    expect(app.main.get_by_text("Not there yet")).to_be_visible()
    expect(app.main.get_by_text("but the candidate has not agreed")).to_have_count(0)
    expect(app.main.get_by_text("Just bumping this", exact=False).first).to_be_visible()
    _click(app, "I give up: show a plan")
    expect(app.main.get_by_text("See a plan that reaches the goal")).to_be_visible()
    expect(app.main.get_by_text("this is my last note about the site lead role", exact=False).first).to_be_visible()

    assert not app.exceptions.count()
    assert not [e for e in console_errors if "_stcore/" not in e], console_errors
