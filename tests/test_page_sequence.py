"""The Outreach plan page, driven with Streamlit's AppTest from the app's router."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pitch_lib.samples import get_sample
from pitch_lib.sequence import SequencePlan, critique_plan, next_business_day
from pitch_lib.workspace import Workspace

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "pages/sequence.py"


def open_page(ws: Workspace | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if ws is not None:
        at.session_state["workspace"] = ws
    at.run()
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def workspace_with(sample_id: str = "backend-engineer-sao-paulo") -> Workspace:
    ws = Workspace()
    ws.add_case(get_sample(sample_id).to_case())
    return ws


def plan_of(at: AppTest) -> SequencePlan:
    ws = at.session_state["workspace"]
    return SequencePlan.from_dict(ws.sequences[ws.active.id])


def assert_critique_shown(at: AppTest) -> None:
    """The page's risk and cadence score are critique_plan's on the same plan (values, not formats)."""
    ws = at.session_state["workspace"]
    case = ws.active
    critique = critique_plan(plan_of(at), case.profile, case.role)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Pestering risk"] == critique.risk_level.capitalize()
    assert metrics["Cadence score"] == f"{critique.score}/100"


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption]
    parts += [str(e.value) for kind in ("success", "warning", "error", "info") for e in getattr(at, kind)]
    return "\n".join(parts)


def built(sample_id: str = "backend-engineer-sao-paulo", template: str = "warm_passive", name: str = "Sam") -> AppTest:
    at = open_page(workspace_with(sample_id))
    at.radio(key="seq_template").set_value(template)
    at.text_input(key="seq_new_your_name").set_value(name)
    at.button(key="seq_build").click().run()
    assert not at.exception, at.exception
    return at


def test_no_candidate_tells_what_to_do():
    at = open_page()
    assert "No candidate yet" in texts(at)
    assert not at.exception


def test_no_plan_offers_templates():
    at = open_page(workspace_with())
    assert "No plan for Ana Souza yet" in texts(at)
    radio = at.radio(key="seq_template")
    assert radio.value == "warm_passive"
    assert len(radio.options) >= 3
    assert at.date_input(key="seq_new_start").value == next_business_day(date.today())


def test_an_active_candidate_gets_the_active_template_first():
    at = open_page(workspace_with("pharmacist-accra"))
    assert at.radio(key="seq_template").value == "active_direct"


def test_build_from_template_shows_scores_critique_chart_and_downloads():
    at = built()
    plan = plan_of(at)
    assert [t.kind for t in plan.touches] == ["social_touch", "connection_note", "inmail", "follow_up", "follow_up"]
    assert plan.fields == {"your_name": "Sam"}
    assert "Sam" in plan.touches[1].body and "Ana" in plan.touches[1].body
    assert_critique_shown(at)
    metrics = {m.label: m.value for m in at.metric}
    assert "Message score" in metrics
    # the template fills every merge field from the profile, the role and your name
    assert "still has the merge field" not in texts(at)
    assert not any("{" in f"{t.subject}{t.body}{t.note}" for t in plan.touches)
    assert len(at.get("vega_lite_chart")) == 1
    downloads = at.get("download_button")
    assert len(downloads) == 2
    for t in plan.touches:
        assert at.selectbox(key=f"seq_kind_{t.id}").value == t.kind


def test_edit_a_touch_and_see_the_critique_change():
    at = built()
    plan = plan_of(at)
    follow_up = plan.touches[3]
    at.text_area(key=f"seq_body_{follow_up.id}").set_value(
        "Hi Ana, I haven't heard back from you. Please reply ASAP, this role won't last."
    ).run()
    assert not at.exception
    assert plan_of(at).touches[3].body.startswith("Hi Ana, I haven't heard back")
    assert "Follow-up touch 4 adds pressure" in texts(at)
    # move the connection note to the day after the social touch: too close to the InMail? no: to touch 1
    at.number_input(key=f"seq_day_{plan.touches[2].id}").set_value(3).run()
    assert plan_of(at).touches[2].day == 3
    assert "Touch 3 comes 1 business day after touch 2" in texts(at)
    assert_critique_shown(at)
    assert {m.label: m.value for m in at.metric}["Pestering risk"] in ("Medium", "High")


def test_add_move_remove_and_change_kind():
    at = built()
    at.selectbox(key="seq_add_kind").set_value("call")
    at.button(key="seq_add").click().run()
    plan = plan_of(at)
    assert len(plan.touches) == 6 and plan.touches[-1].kind == "call"
    assert "is a call, but the candidate has not agreed to one" in texts(at)
    at.checkbox(key="seq_call_agreed").check().run()
    assert "has not agreed" not in texts(at)
    call = plan.touches[-1]
    at.button(key=f"seq_up_{call.id}").click().run()
    moved = plan_of(at)
    assert moved.touches[4].id == call.id and moved.touches[4].day == plan.touches[4].day
    at.button(key=f"seq_remove_{call.id}").click().run()
    assert [t.id for t in plan_of(at).touches] == [t.id for t in plan.touches[:5]]
    # a kind that needs another channel switches the channel too
    first = plan.touches[0]
    at.selectbox(key=f"seq_kind_{first.id}").set_value("email").run()
    changed = plan_of(at).touches[0]
    assert changed.kind == "email" and changed.channel == "email"
    assert "opens with a pitch" not in texts(at)  # its message is still empty: no pitch
    assert "Touch 1 (Email) has no message yet." in texts(at)
    assert not at.exception


def test_replied_at_touch_stops_the_plan():
    at = built()
    plan = plan_of(at)
    at.selectbox(key="seq_replied").set_value(plan.touches[2].id).run()
    assert plan_of(at).replied_at_touch == 2
    assert "The candidate replied to touch 3: the plan stops there" in texts(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Touches"] == "3 of 5"


def test_fill_merge_fields_after_typing_a_link():
    at = built(name="")
    assert "{your_name}" in plan_of(at).touches[1].body
    follow_up = plan_of(at).touches[3]
    at.text_area(key=f"seq_body_{follow_up.id}").set_value(f"This made me think of you: {{useful_link}}\n{follow_up.body}").run()
    assert "still has the merge field {useful_link}" in texts(at).replace("\\", "")  # a field the user wrote
    at.text_input(key="seq_field_your_name").set_value("Sam Rivera").run()
    at.text_input(key="seq_field_useful_link").set_value("https://example.org/talk").run()
    at.button(key="seq_fill").click().run()
    text = "\n".join(t.body for t in plan_of(at).touches)
    assert "{" not in text and "Sam Rivera" in text and "https://example.org/talk" in text
    assert "still has the merge field" not in texts(at)


def test_plan_settings_change_the_dates():
    at = built()
    at.date_input(key="seq_start").set_value(date(2025, 3, 14)).run()
    plan = plan_of(at)
    assert plan.start == "2025-03-14"
    assert plan.dates()[1] == date(2025, 3, 18)  # two business days after a Friday
    at.toggle(key="seq_business_days").set_value(False).run()
    plan = plan_of(at)
    assert not plan.business_days and plan.dates()[1] == date(2025, 3, 16)
    assert "lands on a Sunday" in texts(at)


def test_delete_and_empty_plan():
    at = built()
    at.button(key="seq_delete").click().run()
    assert at.session_state["workspace"].sequences == {}
    assert "No plan for Ana Souza yet" in texts(at)
    at.button(key="seq_build_empty").click().run()
    assert plan_of(at).touches == []
    assert "This plan has no touches yet" in texts(at)
    assert not at.exception


@pytest.mark.parametrize("bad", [{"start": "soon"}, {"start": "2025-03-10", "touches": [{"kind": "fax"}]}, ["x"]])
def test_a_broken_saved_plan_is_explained_not_a_traceback(bad):
    ws = workspace_with()
    ws.sequences[ws.active.id] = bad
    at = open_page(ws)
    assert not at.exception
    assert any("can't be read" in e.value for e in at.error)
    at.button(key="seq_broken_delete").click().run()
    assert "No plan for Ana Souza yet" in texts(at)


def test_the_plan_is_saved_with_the_workspace_and_comes_back_by_link():
    at = built()
    plan = plan_of(at)
    at.text_area(key=f"seq_body_{plan.touches[3].id}").set_value("Hi Ana, a new detail: the team ships weekly.").run()
    ws_id = at.query_params["ws"]
    again = AppTest.from_file(APP, default_timeout=60)
    again.query_params["ws"] = ws_id
    again.run()
    again.switch_page(PAGE).run()
    assert not again.exception
    restored = plan_of(again)
    assert restored.touches[3].body == "Hi Ana, a new detail: the team ships weekly."
    assert [t.id for t in restored.touches] == [t.id for t in plan.touches]
    assert again.text_area(key=f"seq_body_{plan.touches[3].id}").value == restored.touches[3].body
