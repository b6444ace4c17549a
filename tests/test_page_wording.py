"""Issue 14, item 4: what a user reads when their input is refused is said in words.

Every page is driven with bad input (AppTest from app.py), and every message it then shows
(errors, warnings, notes, toasts, captions, the table of skipped rows) is checked for developer
wording: a field path ("role.salary_max", "cases[1]"), an exception's class name, a traceback,
a Python type name ("got int") or a Python repr ('fax').
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pitch_lib.samples import get_sample
from pitch_lib.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 90

DEVELOPER_WORDING = re.compile(
    r"\b(?:profile|role|pitch|draft|workspace|cases?|variants?|sequence|plan|touch(?:es)?|samples|fields)"
    r"(?:\[\d+\])?\.[a-z_]+"  # a field path: role.salary_max, workspace.cases, sequence.touches[0].kind
    r"|\w\[\d+\]"  # an index: cases[1], skills[0]
    r"|\$\."  # a JSON path: $.name
    r"|\w*Error:|\bException\b|Traceback"  # an exception's name, a traceback
    r"|\bgot (?:an? )?(?:int|str|float|list|dict|bool|NoneType)\b"  # a Python type name
    r"|(?<![\w'])'[\w .:/-]+'(?![\w'])"  # a Python repr: 'fax' (an apostrophe inside a word is fine)
)


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def messages(at: AppTest) -> list[str]:
    """Every message the page shows a user, and the reasons in its tables."""
    out = [str(e.value) for e in (*at.error, *at.warning, *at.info, *at.success, *at.toast, *at.caption)]
    for df in at.dataframe:
        if "reason" in df.value.columns:
            out += [str(r) for r in df.value["reason"]]
    return out


def assert_in_words(at: AppTest, *, expect: str = "") -> list[str]:
    """No developer wording in any message; ``expect`` (if given) is in one of them."""
    ok(at)
    said = messages(at)
    wrong = [(m, DEVELOPER_WORDING.search(m).group()) for m in said if DEVELOPER_WORDING.search(m)]
    assert not wrong, wrong
    if expect:
        assert any(expect in m for m in said), said
    return said


def app_on(page: str, ws: Workspace | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if ws is not None:
        at.session_state["workspace"] = ws
    at.query_params.update(query)
    ok(at.run())
    return ok(at.switch_page(page).run())


def one_candidate(sample_id: str = "icu-nurse-dublin") -> Workspace:
    ws = Workspace()
    ws.add_case(get_sample(sample_id).to_case())
    return ws


def test_the_pattern_catches_what_it_should():
    for bad in ("Not saved: role.salary_max: must not be below salary_min", "workspace.cases[1].profile: x",
                "ValueError: x", "Traceback (most recent call last)", "must be text, got int",
                "unknown channel 'fax'", "not valid Unicode at $.name", "skills[0] must be text"):
        assert DEVELOPER_WORDING.search(bad), bad
    for fine in ("The top of the salary range is below the bottom.", "Aoife's draft is saved.",
                 "“skills” in the candidate profile must be a list of texts, not text.",
                 "bad.json was not imported.", "Read as **remote**."):
        assert not DEVELOPER_WORDING.search(fine), fine


# ------------------------------------------------------------------------------------ Profile


def test_profile_form_refusals_are_in_words_next_to_the_field():
    at = app_on("pages/profile.py", one_candidate())
    at.number_input(key="profile_role_salary_min").set_value(99_000_000).run()
    assert_in_words(at, expect="The top of the salary range is below the bottom.")
    at.text_input(key="profile_role_remote").input("see notes").run()
    assert_in_words(at, expect="does not say on site, hybrid or remote")


PROFILE_FILES = [
    (b'{"name": "X",', "The file is not valid JSON"),
    (b'[{"name": "X"}]', "not a list"),
    (b'"just text"', "not text"),
    (b'{"name": "X", "skils": ["a"]}', "“skils” in the candidate profile is not a field"),
    (b'{"name": "X", "skills": ["SQL", 7]}', "Item 2 of “skills” in the candidate profile must be text, not a number"),
    (b'{"name": "X", "years_experience": "ten"}', "in the candidate profile must be a number, not text"),
    (b'{"name": "X", "status": "looking"}', "must be passive or active, not “looking”"),
    (b'{"profile": {"name": "X", "motivators": ["money"]}}', "has “money”, which is not one of the motivators"),
    (b'{"profile": {"name": "X"}, "role": {"salary_min": 9, "salary_max": 1}}', "top of the salary range"),
    (b'{"profile": {"name": "X"}, "role": {"remote": "sometimes"}}', "“sometimes” does not say on site"),
    (b'{"profile": {"name": "X"}, "version": 9}', "is of version 9"),
    (b'{"profile": {"name": "X"}, "extra": 1}', "has a field “extra”"),
    (b'{"name": ""}', "“name” in the candidate profile is empty"),
    (b'{"name": "x\\ud800"}', "not valid Unicode at “name”"),
    (b'{"name": ' + b"9" * 5000 + b"}", "number too long to read"),
    (b"[" * 5000, "nested too deeply"),
    ('{"name": "Jos\u00e9"}'.encode("latin-1"), "not UTF-8"),
    (b'{"format": "pitch-workshop/workspace", "cases": []}', "whole workspace export"),
]


@pytest.mark.parametrize(("content", "expect"), PROFILE_FILES)
def test_a_refused_profile_file_is_explained_in_words(content, expect):
    at = app_on("pages/profile.py", one_candidate())
    at.file_uploader[0].set_value(("aoife.json", content, "application/json")).run()
    said = assert_in_words(at, expect=expect)
    assert any("was not imported" in m and "Nothing was changed" in m for m in said), said


# ------------------------------------------------------------------------------------ Saved work

WORKSPACE_FILES = [
    (b"{broken", "The file is not valid JSON"),
    (json.dumps({"name": "Aoife"}).encode(), "not a Pitch Workshop workspace export"),
    (json.dumps({"format": "pitch-workshop/workspace", "version": 99}).encode(), "The workspace is of version 99"),
    (json.dumps({"format": "pitch-workshop/workspace", "cases": "nope"}).encode(), "“cases” in the workspace must be"),
    (json.dumps({"format": "pitch-workshop/workspace", "cases": [
        {"profile": {"name": "Ada"}}, {"profile": {"name": "Bo", "skills": [1]}}]}).encode(),
     "Item 1 of “skills” in the candidate profile of candidate 2 must be text, not a number"),
    (json.dumps({"format": "pitch-workshop/workspace", "cases": [
        {"profile": {"name": "Ada"}, "variants": [{"name": "v1", "pitch": {"channel": "fax"}}]}]}).encode(),
     "“channel” in the pitch of variant 1 of candidate 1 is “fax”, which is not a channel"),
    (json.dumps({"format": "pitch-workshop/workspace", "cases": [
        {"profile": {"name": "Ada"}, "role": {"salary_min": 5, "salary_max": 1}}]}).encode(),
     "In candidate 1, the top of the salary range is below the bottom"),
    (b'{"format": "pitch-workshop/workspace", "name": "x\\ud800"}', "not valid Unicode at “name”"),
]


@pytest.mark.parametrize(("content", "expect"), WORKSPACE_FILES)
def test_a_refused_workspace_file_is_explained_in_words(content, expect):
    at = app_on("pages/workspace.py", one_candidate())
    at.file_uploader(key="workspace_import_file").upload("team.json", content, "application/json").run()
    at.button(key="workspace_import").click().run()
    assert_in_words(at, expect=expect)


def test_training_team_files_that_are_refused_are_explained_in_words():
    at = app_on("pages/training_progress.py")
    uploader = at.file_uploader(key="training_team_upload")
    uploader.upload("broken.json", b"{nope", "application/json")
    uploader.upload("list.json", json.dumps({"format": "pitch-workshop/workspace", "cases": [
        {"profile": {"name": 3}}]}).encode(), "application/json").run()
    assert_in_words(at, expect="“name” in the candidate profile of candidate 1 must be text, not a number")


# ------------------------------------------------------------------------------------ Outreach plan


@pytest.mark.parametrize(
    ("plan", "expect"),
    [
        ({"start": "soon"}, "“start” in the outreach plan must be a date like 2025-03-17, not “soon”"),
        ({"start": "2025-03-10", "touches": [{"kind": "fax"}]}, "“kind” in touch 1 of the outreach plan is “fax”"),
        ({"start": "2025-03-10", "touches": [{"kind": "email", "channel": "carrier pigeon"}]},
         "“channel” in touch 1 of the outreach plan is “carrier pigeon”"),
        ({"start": "2025-03-10", "touches": [{"day": -2}]}, "must be a whole number of days, 0 or more, not -2"),
        ({"start": "2025-03-10", "timezone": "Mars/Olympus"}, "“Mars/Olympus”, which is not a time zone"),
        ({"start": "2025-03-10", "version": 99}, "The outreach plan is of version 99"),
        (["x"], "The outreach plan must be a JSON object (fields in braces), not a list"),
    ],
)
def test_a_saved_plan_that_cannot_be_read_is_explained_in_words(plan, expect):
    ws = one_candidate()
    ws.sequences[ws.active.id] = plan
    assert_in_words(app_on("pages/sequence.py", ws), expect=expect)


# ------------------------------------------------------------------------------------ Workshops


def test_workshop_forms_refuse_in_words():
    fac = app_on("pages/workshop_facilitate.py")
    fac.text_input(key="wsf_title").input("   ")
    fac.button(key="wsf_create").click().run()
    assert_in_words(fac, expect="The title is required")

    for code, name, expect in (
        ("123", "Ann", "The join code has 8 letters and digits"),
        ("K7QM-2XPD", "   ", "The display name is required"),
        ("K7QM-2XPD", "Ann\u200b", "The display name contains invisible characters"),
        ("K7QM-2XPD", "P\u0430ul", "The display name mixes"),
    ):
        p = app_on("pages/workshop_join.py")
        p.text_input(key="wsj_code").input(code)
        p.text_input(key="wsj_name").input(name)
        next(b for b in p.button if b.label == "Join").click().run()
        assert_in_words(p, expect=expect)


# ------------------------------------------------------------------------------------ Outcomes


def test_an_outcomes_file_and_its_bad_rows_are_explained_in_words():
    at = app_on("pages/outcomes.py", one_candidate())
    at.get("file_uploader")[0].set_value(("ragged.csv", b"body,replied\nHi,yes\nHi,yes,extra,cells\n", "text/csv"))
    assert_in_words(at.run(), expect="line 3 has 4 cells; the header has 2")

    at = app_on("pages/outcomes.py", one_candidate())
    rows = "body,replied,channel,sent_on\nHello Aoife,maybe,email,2025-01-07\nHello Aoife,no,fax,2025-01-07\n"
    rows += "Hello Aoife,yes,email,last Tuesday\nHello Aoife,yes,email,2025-01-07\n"
    at.get("file_uploader")[0].set_value(("log.csv", rows.encode(), "text/csv"))
    ok(at.run())
    submit = next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:outcomes_import_form"))
    submit.click()
    said = assert_in_words(at.run(), expect="replied “maybe” is not yes/no")
    assert any("channel “fax”" in m for m in said) and any("“last Tuesday” is not a date" in m for m in said)


# ------------------------------------------------------------------------------------ Training


def test_training_refusals_are_in_words():
    at = app_on("pages/training.py")
    at.text_input(key="training_new_learner").input("   ")
    at.button(key="training_start").click().run()
    assert_in_words(at, expect="Type your name first.")


# ------------------------------------------------------------------------------------ Saved work link


def test_a_saved_workspace_that_cannot_be_read_is_explained_in_words():
    from pitch_lib.storage.store import open_store, workspaces

    store = open_store()
    ws = one_candidate()
    store.save_workspace(ws)
    broken = ws.to_dict()
    broken["cases"][0]["profile"]["skills"] = ["triage", 3]  # as an older or hand-edited copy might hold
    with store.engine.begin() as conn:
        conn.execute(workspaces.update().where(workspaces.c.id == ws.id).values(data=json.dumps(broken)))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["ws"] = ws.id
    said = assert_in_words(at.run(), expect="The workspace at this link could not be read.")
    assert any("Item 2 of “skills” in the candidate profile of candidate 1 must be text, not a number" in m
               for m in said), said
