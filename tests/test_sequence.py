"""The outreach sequence planner: the plan, templates, cadence rules (one examples row per
rule), the pestering risk, the first reply, CSV and iCalendar exports, the timeline chart."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitch_lib.models import CandidateProfile, Role, ValidationError
from pitch_lib.rendering.charts_sequence import STATE_COLOURS, timeline_chart, timeline_frame
from pitch_lib.sequence import (
    CADENCE_RULES,
    CHECKS,
    DATA_DIR,
    FIELD_HELP,
    FIELD_HINTS,
    KINDS,
    TEMPLATES,
    TOUCH_CHANNELS,
    SequencePlan,
    Touch,
    add_business_days,
    best_benefit,
    business_days_between,
    critique_plan,
    fill_plan,
    follow_up_flags,
    load_cadence_rules,
    merge_fields,
    plan_from_template,
    plan_to_csv,
    plan_to_ics,
    score_touches,
    similarity,
)
from pitch_lib.workspace import CandidateCase, Workspace

MONDAY = date(2025, 3, 10)
STAMP = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)

ADA = CandidateProfile(
    name="Ada Okafor",
    current_title="Senior Backend Engineer",
    current_company="Parcelly",
    skills=["Go", "Kafka"],
    achievements=["Cut checkout latency by 40% at Parcelly"],
    interests=["distributed tracing"],
    motivators=["flexibility", "growth"],
)
ROLE = Role(
    title="Staff Engineer",
    company="Northwind Health",
    location="Leeds",
    remote="hybrid",
    salary_min=90000,
    salary_max=105000,
    currency="GBP",
    benefits=["8% pension", "Four-day week", "£2,000 learning budget"],
    responsibilities=["Lead the patient-records platform team"],
)

SOCIAL = {"kind": "social_touch", "channel": "social_engagement", "note": "Comment on their post about tracing."}
CONNECT = "Hi Ada, I enjoyed your post on distributed tracing and would be glad to connect. Sam"
INMAIL = (
    "Hi Ada, your work cutting checkout latency by 40% at Parcelly stood out. Northwind Health needs a "
    "Staff Engineer to lead the patient-records platform team, with a four-day week. Would a 15-minute "
    "chat next week be useful? Happy either way."
)
VALUE = (
    "Hi Ada, this talk on tail-based sampling made me think of your tracing post: https://example.org/talk. "
    "One detail I left out: the pay is 90,000-105,000 GBP. Any questions, just ask."
)
CLOSE = (
    "Hi Ada, I won't keep writing about the Staff Engineer role. If the timing is ever right, or you'd like "
    "to swap notes on tracing, my door is open. All the best, Sam"
)


def plan_of(*touches: dict, **kw) -> SequencePlan:
    """A plan starting Monday 10 March 2025 (business days unless said), touches from dicts."""
    kw.setdefault("start", MONDAY.isoformat())
    return SequencePlan(touches=[Touch.from_dict(t) for t in touches], **kw)


def good_plan(**kw) -> SequencePlan:
    """Warm social touch, connect, InMail, a follow-up that adds value, a polite close."""
    return plan_of(
        {**SOCIAL, "day": 0},
        {"kind": "connection_note", "body": CONNECT, "day": 2},
        {"kind": "inmail", "subject": "Your tracing work", "body": INMAIL, "day": 5},
        {"kind": "follow_up", "subject": "A talk on sampling", "body": VALUE, "day": 10},
        {"kind": "follow_up", "subject": "Leaving the door open", "body": CLOSE, "day": 17},
        **kw,
    )


def rules_fired(plan: SequencePlan, profile=ADA, role=ROLE) -> set[str]:
    return critique_plan(plan, profile, role).rule_ids()


# ----------------------------------------------------------------------------- examples table
# (rule id, a plan that must flag it, the touch index it must flag, a plan that must pass)

EXAMPLES = [
    (
        "cadence.min_gap",
        lambda: plan_of({"kind": "connection_note", "body": CONNECT, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 1}),
        1,
        lambda: plan_of({"kind": "connection_note", "body": CONNECT, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 3}),
    ),
    (
        "cadence.weekend",
        # calendar days from Monday: day 5 is a Saturday
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "email", "body": INMAIL, "day": 5}, business_days=False),
        1,
        lambda: plan_of({**SOCIAL, "day": 5}, {"kind": "email", "body": INMAIL, "day": 7}, business_days=False),
    ),
    (
        "cadence.weak_day",
        # business day 4 from Monday is Friday: the weakest day for InMail
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 4}),
        1,
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "email", "body": INMAIL, "day": 4}),
    ),
    (
        "cadence.too_many_follow_ups",
        lambda: plan_of(
            {**SOCIAL, "day": 0},
            {"kind": "inmail", "body": INMAIL, "day": 2},
            {"kind": "follow_up", "body": VALUE, "day": 7},
            {"kind": "follow_up", "body": "Hi Ada, here is how hiring works at Northwind: three short conversations, no take-home test.", "day": 12},
            {"kind": "follow_up", "body": "Hi Ada, the team lead wrote about the platform here: https://example.org/post.", "day": 17},
            {"kind": "follow_up", "body": CLOSE, "day": 22},
        ),
        5,
        lambda: good_plan(),
    ),
    (
        "cadence.repeat",
        lambda: plan_of(
            {**SOCIAL, "day": 0},
            {"kind": "inmail", "body": INMAIL, "day": 2},
            {"kind": "follow_up", "body": "Just to repeat: " + INMAIL.replace("Happy either way.", "Thanks!"), "day": 7},
        ),
        2,
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 2}, {"kind": "follow_up", "body": VALUE, "day": 7}),
    ),
    (
        "cadence.pressure",
        lambda: plan_of(
            {**SOCIAL, "day": 0},
            {"kind": "inmail", "body": INMAIL, "day": 2},
            {"kind": "follow_up", "body": "Hi Ada, I haven't heard back from you. " + VALUE, "day": 7},
        ),
        2,
        # the same words in a first message are the scorecard's business, not a follow-up's
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": "Hi Ada, I haven't heard back from you. " + INMAIL, "day": 2}),
    ),
    (
        "cadence.pitch_before_rapport",
        lambda: plan_of({"kind": "inmail", "body": INMAIL, "day": 0}, {"kind": "follow_up", "body": VALUE, "day": 5}),
        0,
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 2}),
    ),
    (
        "cadence.call_not_agreed",
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 2}, {"kind": "call", "day": 5}),
        2,
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 2}, {"kind": "call", "day": 5}, call_agreed=True),
    ),
    (
        "cadence.unfilled_token",
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL.replace("Hi Ada", "Hi {first_name}"), "day": 2}),
        1,
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 2}),
    ),
    (
        "cadence.empty_message",
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": "  ", "day": 2}),
        1,
        lambda: plan_of({**SOCIAL, "day": 0}, {**SOCIAL, "day": 2}),
    ),
    (
        "cadence.order",
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 4}, {"kind": "follow_up", "body": VALUE, "day": 9, "date": "2025-03-12"}),
        2,
        lambda: plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 3}, {"kind": "follow_up", "body": VALUE, "day": 9, "date": "2025-03-24"}),
    ),
]


@pytest.mark.parametrize(("rule_id", "flag", "touch", "ok"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples_table(rule_id, flag, touch, ok):
    critique = critique_plan(flag(), ADA, ROLE)
    hits = [f for f in critique.findings if f.rule == rule_id]
    assert hits, f"{rule_id} did not flag its example; got {sorted(critique.rule_ids())}"
    assert touch in {f.touch for f in hits}
    rule = CADENCE_RULES.get(rule_id)
    for f in hits:
        assert f.severity == rule.severity and f.points == rule.points and f.risk == rule.risk
        assert f.message and f.suggestion and "{" not in f.message.replace("{first_name}", "")
    assert rule_id not in rules_fired(ok())


def test_every_rule_has_an_example_and_metadata():
    in_file = {r.id for r in CADENCE_RULES.rules}
    in_table = {e[0] for e in EXAMPLES}
    assert in_file - in_table == set(), f"rules with no example: {sorted(in_file - in_table)}"
    assert in_table - in_file == set(), f"examples for rules not in cadence.toml: {sorted(in_table - in_file)}"
    assert {r.check for r in CADENCE_RULES.rules} == set(CHECKS), "a check with no rule, or a rule with no check"
    for r in CADENCE_RULES.rules:
        assert r.id.startswith("cadence.") and r.label and r.reason and r.source, r.id
        assert r.enabled


def test_the_good_plan_passes_every_rule():
    critique = critique_plan(good_plan(), ADA, ROLE)
    assert critique.findings == [], [f.message for f in critique.findings]
    assert critique.risk_level == "low" and critique.score == 100
    assert critique.reasons == []


def test_examples_give_clear_messages():
    f = critique_plan(EXAMPLES[0][1](), ADA, ROLE).findings[0]
    assert f.message == (
        "Touch 2 comes 1 business day after touch 1; leave at least 3 business days between messages."
    )
    assert f.suggestion == "Move it to Thu 13 Mar 2025 or later."
    weak = [f for f in critique_plan(EXAMPLES[2][1](), ADA, ROLE).findings if f.rule == "cadence.weak_day"][0]
    assert "Friday" in weak.message and "Mon 17 Mar 2025" in weak.suggestion
    weekend = [f for f in critique_plan(EXAMPLES[1][1](), ADA, ROLE).findings if f.rule == "cadence.weekend"][0]
    assert weekend.message == "Touch 2 lands on a Saturday (Sat 15 Mar 2025)." and "Mon 17 Mar 2025" in weekend.suggestion


def test_social_engagement_is_exempt_from_gaps_and_weekends():
    plan = plan_of(
        {**SOCIAL, "day": 5},  # a Saturday like is fine
        {"kind": "connection_note", "body": CONNECT, "day": 7},
        business_days=False,
    )
    assert not rules_fired(plan) & {"cadence.min_gap", "cadence.weekend"}


def test_a_saturday_inmail_is_a_weekend_finding_not_also_a_weak_day():
    plan = plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": INMAIL, "day": 5}, business_days=False)
    fired = rules_fired(plan)
    assert "cadence.weekend" in fired and "cadence.weak_day" not in fired


def test_business_days_between_and_add():
    friday, monday = date(2025, 3, 14), date(2025, 3, 17)
    assert business_days_between(friday, monday) == 1
    assert business_days_between(MONDAY, date(2025, 3, 13)) == 3
    assert add_business_days(friday, 1) == monday
    assert add_business_days(date(2025, 3, 15), 0) == monday  # a Saturday start rolls to Monday


def test_similarity_measures():
    ratio, jac = similarity(INMAIL, INMAIL.upper() + "!!")
    assert ratio == 1.0 and jac == 1.0
    ratio, jac = similarity(INMAIL, VALUE)
    assert ratio < 0.5 and jac < 0.2
    assert similarity("", INMAIL) == (0.0, 0.0)


def test_short_follow_ups_are_not_near_duplicates():
    plan = plan_of({**SOCIAL, "day": 0}, {"kind": "inmail", "body": "Hi Ada, thanks!", "day": 3}, {"kind": "follow_up", "body": "Hi Ada, thanks!", "day": 8})
    assert "cadence.repeat" not in rules_fired(plan)


def test_follow_up_flags():
    plan = plan_of(
        {**SOCIAL, "day": 0}, {"kind": "connection_note", "body": CONNECT, "day": 2}, {"kind": "email", "body": INMAIL, "day": 5},
        {"kind": "email", "body": VALUE, "day": 10}, {"kind": "follow_up", "body": CLOSE, "day": 15},
    )
    assert follow_up_flags(plan) == [False, False, False, True, True]


# ----------------------------------------------------------------------------- risk and reply


def pestering_plan() -> SequencePlan:
    guilt = "Hi Ada, I haven't heard back from you. Please reply ASAP, this role won't last."
    return plan_of(
        {"kind": "inmail", "body": INMAIL, "day": 0},
        {"kind": "follow_up", "body": guilt, "day": 1},
        {"kind": "follow_up", "body": guilt + " Again.", "day": 2},
        {"kind": "follow_up", "body": guilt, "day": 3},
        {"kind": "follow_up", "body": guilt, "day": 4},
        {"kind": "call", "day": 5},
    )


def test_pestering_plan_is_high_risk_with_reasons():
    critique = critique_plan(pestering_plan(), ADA, ROLE)
    assert critique.risk_level == "high"
    assert critique.score < 50
    text = " ".join(critique.reasons)
    for label in ("Touches too close together", "Too many follow-ups", "Guilt or pressure", "not agreed", "repeat"):
        assert label.lower() in text.lower(), (label, critique.reasons)
    assert any(r.startswith("Touches too close together (touches 2, 3, 4, 5") for r in critique.reasons)


def test_risk_levels_follow_thresholds():
    medium = plan_of(
        {**SOCIAL, "day": 0},
        {"kind": "inmail", "body": INMAIL, "day": 2},
        {"kind": "follow_up", "body": VALUE, "day": 3},
        {"kind": "follow_up", "body": CLOSE, "day": 4},
    )
    critique = critique_plan(medium, ADA, ROLE)
    assert critique.risk_score == 4 and critique.risk_level == "medium"
    assert CADENCE_RULES.risk_medium <= 4 < CADENCE_RULES.risk_high


def test_plan_stops_at_first_reply():
    plan = pestering_plan()
    plan.mark_replied(1)
    assert plan.replied_at_touch == 1
    assert plan.active_indices() == [0, 1]
    assert [plan.status(i) for i in range(3)] == ["planned", "replied", "cancelled"]
    critique = critique_plan(plan, ADA, ROLE)
    assert all(f.touch in (0, 1) for f in critique.findings)
    assert "cadence.too_many_follow_ups" not in critique.rule_ids()
    assert "cadence.call_not_agreed" not in critique.rule_ids()
    assert critique.notes == ["The candidate replied to touch 2: the plan stops there and the 4 touches after it are cancelled."]


def test_reply_follows_its_touch_when_reordered_and_clears_when_removed():
    plan = good_plan()
    plan.mark_replied(2)
    replied = plan.touches[2].id
    plan.move_touch(2, 0)
    assert plan.replied_at_touch == 0 and plan.touches[0].id == replied
    plan.remove_touch(0)
    assert plan.replied_at_touch is None and plan.active_indices() == [0, 1, 2, 3]
    plan.mark_replied(None)
    assert plan.replied_touch_id == ""


def test_move_keeps_the_schedule_in_place():
    plan = good_plan()
    days = [t.day for t in plan.touches]
    kinds = [t.kind for t in plan.touches]
    plan.move_touch(4, 1)
    assert [t.day for t in plan.touches] == days
    assert [t.kind for t in plan.touches] == [kinds[0], kinds[4], kinds[1], kinds[2], kinds[3]]
    plan.move_touch(0, 0)
    plan.move_touch(0, 99)  # out of range: nothing happens
    assert [t.day for t in plan.touches] == days


def test_add_touch_defaults():
    plan = good_plan()
    t = plan.add_touch()
    assert t.kind == "follow_up" and t.channel == "linkedin_inmail" and t.day == 22
    t2 = SequencePlan(start=MONDAY.isoformat()).add_touch("social_touch")
    assert t2.channel == "social_engagement" and t2.day == 0
    with pytest.raises(ValueError):
        plan.add_touch("fax")


# ----------------------------------------------------------------------------- templates


def test_templates_include_the_warm_sequence_and_others():
    warm = TEMPLATES["warm_passive"]
    assert [t["kind"] for t in warm.touches] == ["social_touch", "connection_note", "inmail", "follow_up", "follow_up"]
    assert len(TEMPLATES) >= 3
    assert any(t["channel"] == "email" for tid in ("email_first",) for t in TEMPLATES[tid].touches)
    assert {t.audience for t in TEMPLATES.values()} >= {"passive", "active"}


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_template_fills_from_profile_and_role(template):
    plan = plan_from_template(template, ADA, ROLE, start=MONDAY, case_id="c1", fields={"your_name": "Sam", "useful_link": "https://example.org/x"})
    text = "\n".join(f"{t.subject}\n{t.body}\n{t.note}" for t in plan.touches)
    assert "{" not in text, text
    assert plan.case_id == "c1" and plan.template == template and plan.name == TEMPLATES[template].label
    assert plan.business_days == TEMPLATES[template].business_days
    if any(t.has_message for t in plan.touches):
        assert "Ada" in text
    critique = critique_plan(plan, ADA, ROLE)
    assert "cadence.unfilled_token" not in critique.rule_ids()
    assert "cadence.pitch_before_rapport" not in critique.rule_ids(), template
    assert critique.risk_level == "low", critique.reasons


def test_unfilled_tokens_are_flagged_with_a_hint():
    plan = plan_from_template("warm_passive", CandidateProfile(name="Ada Okafor"), Role(), start=MONDAY)
    found = [f for f in critique_plan(plan, CandidateProfile(name="Ada Okafor"), Role()).findings if f.rule == "cadence.unfilled_token"]
    tokens = {f.matched for f in found}
    assert {"{interest}", "{skill}", "{achievement}", "{your_name}", "{company}"} <= tokens
    assert "{first_name}" not in tokens
    note = next(f for f in found if f.matched == "{interest}" and f.touch == 0)
    assert "note" in note.message and "Add an interest to the profile" in note.suggestion
    # once the profile says more, "Fill merge fields" fills what is left
    left = fill_plan(plan, ADA, ROLE)
    assert {name for _, name in left} == {"your_name"}
    plan.touches[3].body += "\n{useful_link}"  # a link the recruiter asked for, not given yet
    plan.fields["your_name"] = "Sam"
    assert {name for _, name in fill_plan(plan, ADA, ROLE)} == {"useful_link"}
    plan.fields["useful_link"] = "https://example.org/talk"
    assert fill_plan(plan, ADA, ROLE) == [] and "https://example.org/talk" in plan.touches[3].body


def test_merge_fields_pick_the_benefit_that_fits_and_add_plan_fields():
    values = merge_fields(ADA, ROLE, {"your_name": " Sam ", "useful_link": ""})
    assert values["benefit"] == "Four-day week"  # flexibility is Ada's first motivator
    assert values["motivator"] == "flexibility"
    assert values["your_name"] == "Sam" and values["useful_link"] == ""
    assert values["salary_range"] == "90,000-105,000 GBP"
    assert best_benefit(CandidateProfile(), ROLE) == "8% pension"
    assert set(FIELD_HELP) <= set(values) | {"your_name"}
    assert set(values) <= set(FIELD_HINTS)


def test_kinds_and_channels():
    assert set(KINDS) == {"social_touch", "connection_note", "inmail", "email", "follow_up", "call"}
    assert "job_ad" not in TOUCH_CHANNELS and {"social_engagement", "call"} <= set(TOUCH_CHANNELS)
    assert Touch(kind="connection_note").channel == "linkedin_connection"
    assert Touch(kind="social_touch").pitch() is None
    assert Touch(kind="connection_note", subject="ignored", body="x").pitch().subject == ""


# ----------------------------------------------------------------------------- JSON


def test_round_trip_through_json_and_the_workspace():
    plan = plan_from_template("warm_passive", ADA, ROLE, start=MONDAY, case_id="c1", fields={"your_name": "Sam"})
    plan.touches[2].time = "09:30"
    plan.touches[3].date = "2025-03-26"
    plan.mark_replied(3)
    plan.call_agreed = True
    plan.timezone = "Europe/London"
    again = SequencePlan.from_dict(json.loads(json.dumps(plan.to_dict())))
    assert again == plan
    ws = Workspace()
    case = ws.add_case(CandidateCase(profile=ADA, role=ROLE))
    ws.sequences[case.id] = plan.to_dict()
    ws2 = Workspace.from_dict(json.loads(json.dumps(ws.to_dict())))
    assert SequencePlan.from_dict(ws2.sequences[case.id]) == plan


@pytest.mark.parametrize(
    ("data", "field_name"),
    [
        ([], "sequence"),
        ({"touches": []}, "sequence.start"),
        ({"start": "next week"}, "sequence.start"),
        ({"start": "2025-03-10", "touches": {}}, "sequence.touches"),
        ({"start": "2025-03-10", "touches": [{"kind": "fax"}]}, "sequence.touches[0].kind"),
        ({"start": "2025-03-10", "touches": [{"kind": "connection_note", "channel": "email"}]}, "sequence.touches[0].channel"),
        ({"start": "2025-03-10", "touches": [{"day": -1}]}, "sequence.touches[0].day"),
        ({"start": "2025-03-10", "touches": [{"day": "3"}]}, "sequence.touches[0].day"),
        ({"start": "2025-03-10", "touches": [{"time": "25:00"}]}, "sequence.touches[0].time"),
        ({"start": "2025-03-10", "touches": [{"body": 3}]}, "sequence.touches[0].body"),
        ({"start": "2025-03-10", "touches": [{"colour": "red"}]}, "sequence.touches[0].colour"),
        ({"start": "2025-03-10", "timezone": "Mars/Olympus"}, "sequence.timezone"),
        ({"start": "2025-03-10", "fields": {"your_name": 1}}, "sequence.fields"),
        ({"start": "2025-03-10", "version": 99}, "sequence"),
        ({"start": "2025-03-10", "touches": [{"id": "a"}, {"id": "a"}]}, "sequence.touches"),
    ],
)
def test_bad_plan_data_names_the_field(data, field_name):
    with pytest.raises(ValidationError) as e:
        SequencePlan.from_dict(data)
    assert e.value.field == field_name


# ----------------------------------------------------------------------------- rules file


def test_team_rules_file_changes_the_critique(tmp_path):
    text = (DATA_DIR / "cadence.toml").read_text()
    text = text.replace("min_business_days = 3", "min_business_days = 6")
    text = text.replace('[rules."cadence.weak_day"]\n', '[rules."cadence.weak_day"]\nenabled = false\n')
    custom = tmp_path / "cadence.toml"
    custom.write_text(text)
    rules = load_cadence_rules(custom)
    plan = good_plan()
    plan.touches[4].day = 14  # a Friday InMail
    default_ids = critique_plan(plan, ADA, ROLE).rule_ids()
    custom_ids = critique_plan(plan, ADA, ROLE, rules=rules).rule_ids()
    assert "cadence.weak_day" in default_ids and "cadence.weak_day" not in custom_ids
    assert "cadence.min_gap" not in default_ids and "cadence.min_gap" in custom_ids


def test_rules_that_flag_every_day_still_finish(tmp_path):
    text = (DATA_DIR / "cadence.toml").read_text()
    every = '["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]'
    text = text.replace('linkedin_inmail = ["Fri", "Sat"]', f"linkedin_inmail = {every}")
    text = text.replace('weekend_days = ["Sat", "Sun"]', f"weekend_days = {every}")
    path = tmp_path / "cadence.toml"
    path.write_text(text)
    critique = critique_plan(good_plan(), ADA, ROLE, rules=load_cadence_rules(path))
    assert len([f for f in critique.findings if f.rule == "cadence.weekend"]) == 4  # every message; not the like


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (('check = "min_gap"', 'check = "nope"'), "unknown check 'nope'"),
        (('severity = "suggestion"', 'severity = "fatal"'), "'cadence.weak_day' severity"),
        (('linkedin_inmail = ["Fri", "Sat"]', 'linkedin_inmail = ["Friday"]'), "'Friday' is not one of"),
        (('scorer_rules = ["tone.guilt"', 'scorer_rules = ["tone.sulking"'), "'tone.sulking', which does not exist"),
    ],
)
def test_bad_rules_file_names_the_rule(tmp_path, change, error):
    text = (DATA_DIR / "cadence.toml").read_text()
    assert change[0] in text
    path = tmp_path / "cadence.toml"
    path.write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(ValueError, match=error):
        load_cadence_rules(path)


# ----------------------------------------------------------------------------- exports


def test_csv_export():
    plan = good_plan()
    plan.touches[3].body = "=HYPERLINK(\"http://evil\")"
    plan.mark_replied(3)
    cards = score_touches(plan, ADA, ROLE)
    critique = critique_plan(plan, ADA, ROLE, scorecards=cards)
    rows = list(csv.DictReader(io.StringIO(plan_to_csv(plan, critique, cards))))
    assert len(rows) == 5
    assert [r["status"] for r in rows] == ["planned", "planned", "planned", "replied", "cancelled"]
    assert [r["date"] for r in rows] == [d.isoformat() for d in plan.dates()]
    assert rows[0]["weekday"] == "Monday" and rows[0]["channel"] == "Social engagement (no message)"
    assert rows[0]["score"] == "" and rows[2]["score"] == str(cards[2].overall)
    assert rows[3]["body"].startswith("'=")  # never run as a formula
    assert rows[2]["kind"] == "InMail" and rows[2]["subject"] == "Your tracing work"


def parse_events(ics: bytes) -> list:
    cal = icalendar.Calendar.from_ical(ics)
    return list(cal.walk("VEVENT"))


def test_ics_export_parses_and_matches_the_plan():
    plan = plan_from_template("warm_passive", ADA, ROLE, start=date(2025, 3, 14), fields={"your_name": "Sam"})  # a Friday
    ics = plan_to_ics(plan, title="Ada Okafor · Staff Engineer", stamp=STAMP)
    events = parse_events(ics)
    assert len(events) == len(plan.touches)
    starts = [e.start for e in events]
    assert starts == plan.dates()
    # business days: day 2 from Friday is Tuesday, and no event falls at a weekend
    assert starts[1] == date(2025, 3, 18)
    assert all(d.weekday() < 5 for d in starts)
    for e, t, d in zip(events, plan.touches, starts, strict=True):
        assert e.end == d + timedelta(days=1)  # all-day
        assert str(e["UID"]) == f"{t.id}@pitch-workshop"
        assert e["DTSTAMP"].dt == STAMP
        assert str(e["SUMMARY"]).startswith(f"Touch {plan.touches.index(t) + 1}/5: ")
        assert "Ada Okafor" in str(e["SUMMARY"])
    assert "Hi Ada" in str(events[1]["DESCRIPTION"])
    assert plan_to_ics(plan, title="x", stamp=STAMP) == plan_to_ics(plan, title="x", stamp=STAMP)  # stable


def test_ics_calendar_days_can_land_at_weekends_and_timed_events_have_a_zone():
    plan = plan_of({**SOCIAL, "day": 5, "time": "10:00"}, {"kind": "email", "body": INMAIL, "day": 7, "time": "09:30"}, business_days=False, timezone="Europe/London")
    events = parse_events(plan_to_ics(plan, stamp=STAMP))
    assert events[0].start.date() == date(2025, 3, 15)  # a Saturday, because the plan says calendar days
    assert events[1].start.hour == 9 and events[1].start.minute == 30
    assert str(events[1].start.tzinfo) == "Europe/London"
    assert events[1].end - events[1].start == timedelta(minutes=KINDS["email"].minutes)
    assert b"BEGIN:VTIMEZONE" in plan_to_ics(plan, stamp=STAMP)


def test_ics_stops_at_the_first_reply_and_lists_findings():
    plan = pestering_plan()
    plan.mark_replied(2)
    critique = critique_plan(plan, ADA, ROLE)
    events = parse_events(plan_to_ics(plan, stamp=STAMP, critique=critique))
    assert len(events) == 3
    assert "Check before sending" in str(events[1]["DESCRIPTION"])
    assert "the plan stops here" in str(events[2]["DESCRIPTION"])


def test_empty_plan_exports():
    plan = SequencePlan(start=MONDAY.isoformat())
    assert parse_events(plan_to_ics(plan, stamp=STAMP)) == []
    assert plan_to_csv(plan).startswith("touch,status,date")
    assert critique_plan(plan).notes == ["The plan has no touches yet."]


# ----------------------------------------------------------------------------- chart


def test_timeline_frame_and_chart():
    plan = pestering_plan()
    plan.mark_replied(4)
    cards = score_touches(plan, ADA, ROLE)
    critique = critique_plan(plan, ADA, ROLE, scorecards=cards)
    frame = timeline_frame(plan, critique, cards)
    assert list(frame["touch"]) == [1, 2, 3, 4, 5, 6]
    assert list(frame["status"]) == ["Planned"] * 4 + ["Replied here", "Cancelled"]
    assert frame.loc[4, "label"] == "5 ✓"
    assert frame.loc[5, "state"] == "Cancelled (after the reply)"
    assert frame.loc[1, "state"] == "Warning"
    assert frame.loc[0, "score"] == cards[0].overall
    spec = timeline_chart(plan, critique, cards).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["line", "circle", "text"]
    circle = spec["layer"][1]["encoding"]
    assert circle["color"]["scale"]["domain"] == list(STATE_COLOURS)
    assert circle["x"]["field"] == "date" and circle["y"]["field"] == "kind"
    (rows,) = spec["datasets"].values()
    assert len(rows) == 6
    # rows set the height: fit the width only, or Vega logs "Dropping fit-y" (Streamlit's default is "fit")
    assert spec["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_timeline_of_an_empty_plan_is_a_chart():
    spec = timeline_chart(SequencePlan(start=MONDAY.isoformat())).to_dict()
    (rows,) = spec["datasets"].values()
    assert rows == []


# ----------------------------------------------------------------------------- properties

touch_strategy = st.builds(
    lambda kind, idx, day, body, pinned: {
        "kind": kind,
        "channel": KINDS[kind].channels[idx % len(KINDS[kind].channels)],
        "day": day,
        "body": body,
        "date": pinned,
    },
    st.sampled_from(list(KINDS)),
    st.integers(0, 5),
    st.integers(0, 60),
    st.text(max_size=300),
    st.one_of(st.just(""), st.dates(date(2025, 1, 1), date(2025, 12, 31)).map(date.isoformat)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    touches=st.lists(touch_strategy, max_size=8),
    business=st.booleans(),
    reply=st.one_of(st.none(), st.integers(0, 7)),
    start=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
)
def test_critique_never_crashes_and_stays_in_range(touches, business, reply, start):
    plan = SequencePlan(start=start.isoformat(), touches=[Touch.from_dict(t) for t in touches], business_days=business)
    if reply is not None and reply < len(plan.touches):
        plan.mark_replied(reply)
    critique = critique_plan(plan, ADA, ROLE)
    assert 0 <= critique.score <= 100
    assert critique.risk_level in ("low", "medium", "high")
    active = set(plan.active_indices())
    assert all(f.touch in active for f in critique.findings)
    assert len(parse_events(plan_to_ics(plan, stamp=STAMP))) == len(active)
    assert SequencePlan.from_dict(json.loads(json.dumps(plan.to_dict()))) == plan


def test_a_line_break_in_a_name_or_title_does_not_break_the_calendar():
    """Issue 13, item 6: a candidate name with a newline crashed the .ics export."""
    plan = plan_from_template("warm_passive", CandidateProfile(name="Ada\nOkafor"), Role(title="Lead\r\nEngineer"),
                              start=MONDAY)
    plan.name = "Plan\nfor Ada"
    cal = icalendar.Calendar.from_ical(plan_to_ics(plan, title="Ada\nOkafor · Lead\r\nEngineer"))
    assert cal.get("X-WR-CALNAME") == "Ada Okafor · Lead Engineer"
    assert all("\n" not in str(e.get("SUMMARY")) for e in cal.walk("VEVENT"))


@pytest.mark.parametrize("template", list(TEMPLATES))
def test_every_sample_gets_a_filled_plan_that_fits_each_channel(template):
    """Issue 14, item 7: built from a sample and your name, no touch keeps a merge field the
    recruiter did not ask for, and every message is within its channel's target."""
    from pitch_lib.engine.channels import get_channel
    from pitch_lib.engine.scoring import score_pitch
    from pitch_lib.samples import load_samples

    for sample in load_samples():
        plan = plan_from_template(template, sample.profile, sample.role, start=MONDAY, fields={"your_name": "Sam Rivera"})
        assert "cadence.unfilled_token" not in critique_plan(plan, sample.profile, sample.role).rule_ids()
        for i, touch in enumerate(plan.touches):
            where = (sample.id, template, i + 1)
            assert "{" not in f"{touch.note}{touch.subject}{touch.body}", (where, touch)
            pitch = touch.pitch()
            if pitch is None:
                continue
            rules = {f.rule for f in score_pitch(pitch, sample.profile, sample.role).findings()}
            assert "personalisation.merge_token" not in rules, where
            assert not {r for r in rules if r.startswith("channel_fit.")}, (where, rules)
            spec = get_channel(pitch.channel)
            if spec.target_chars[1]:
                assert len(pitch.body) <= spec.target_chars[1], (where, len(pitch.body))
            if spec.target_words[1]:
                assert len(pitch.body.split()) <= spec.target_words[1], where
            assert "Sam Rivera" in pitch.body, where
