"""The app as a user drives it: AppTest from app.py, pages switched by path, widgets by key."""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from pitch_lib.compare import md_escape
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS
from pitch_lib.engine.scoring import score_pitch
from tests.editor_driver import type_text

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TIMEOUT = 60  # generous: CI machines are slow; speed is measured in bench/, not here


def listed_pages() -> list[str]:
    """Every page path app.py passes to st.Page (comments are not code, so not listed)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            out.append(node.args[0].value)
    return out


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT).run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def workspace(at: AppTest):
    return at.session_state["workspace"]


def load_sample(at: AppTest, sample_id: str = "icu-nurse-dublin") -> AppTest:
    at.switch_page("pages/home.py").run()
    at.button(key=f"home_sample_{sample_id}").click().run()
    ok(at)
    assert at.title[0].value.endswith("Draft")  # the page's st.switch_page took us there
    # AppTest keeps re-running the page last chosen with at.switch_page; follow the app's switch.
    return at.switch_page("pages/draft.py")


def metric(at: AppTest, label: str):
    return next(m for m in at.metric if m.label == label)


def assert_scores_shown(at: AppTest, pitch, profile, role) -> None:
    """The Draft page's figures are score_pitch's on the same pitch, profile and role (values, not formats)."""
    card = score_pitch(pitch, profile, role)
    assert metric(at, "Overall score").value == f"{card.overall}/100"
    for name in DIMENSIONS:
        assert metric(at, DIMENSION_LABELS[name]).value == str(card.dimensions[name].score), name
    m = card.metrics
    assert metric(at, "Words").value == f"{m['words']:,}"
    assert metric(at, "Characters").value == f"{m['characters']:,}"
    assert metric(at, "Questions").value == f"{m['questions']:,}"


def html_text(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


@pytest.fixture
def downloads(monkeypatch):
    """Record what each download button would hand the browser (AppTest cannot download)."""
    seen: dict[str, dict] = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, mime=None, **kw):
        seen[kw.get("key") or label] = {"data": data, "file_name": file_name, "mime": mime}
        return original(self, label, data, file_name=file_name, mime=mime, **kw)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(st, "download_button", lambda *a, **kw: record(st._main, *a, **kw))
    return seen


# --- every page ----------------------------------------------------------------------------------


def test_app_lists_only_pages_that_exist():
    pages = listed_pages()
    assert {"pages/home.py", "pages/profile.py", "pages/draft.py", "pages/compare.py"} <= set(pages)
    for p in pages:
        assert (ROOT / p).is_file(), p


@pytest.mark.parametrize("with_sample", [False, True], ids=["empty-workspace", "sample-loaded"])
def test_smoke_every_listed_page_runs_without_exception(with_sample):
    at = new_app()
    if with_sample:
        load_sample(at)
    for page in listed_pages():
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, f"{page} has no title"


def test_pages_without_a_candidate_say_what_to_do():
    at = new_app()
    for page in ("pages/profile.py", "pages/draft.py", "pages/compare.py"):
        ok(at.switch_page(page).run())
        assert any("No candidate yet" in m.value for m in at.markdown), page
        assert at.button(key=f"{page[6:-3]}_new_blank")


# --- home ------------------------------------------------------------------------------------------


def test_home_explains_and_offers_samples():
    at = ok(new_app())
    assert at.title[0].value.endswith("Pitch Workshop")
    text = " ".join(m.value for m in at.markdown)
    assert "1 · Profile" in text and "2 · Draft" in text and "3 · Compare" in text
    sample_buttons = [b for b in at.button if b.key and b.key.startswith("home_sample_")]
    assert len(sample_buttons) >= 6


@pytest.mark.usefixtures("plain_editor")
def test_load_a_sample_opens_draft_with_scores_and_highlights():
    at = load_sample(new_app())
    assert at.title[0].value.endswith("Draft")
    case = workspace(at).active
    assert case.profile.name == "Aoife Brennan" and case.sample == "icu-nurse-dublin"
    assert at.text_area(key="draft_body").value == case.draft.body
    assert_scores_shown(at, case.draft, case.profile, case.role)
    assert case.profile.name and case.role.title  # scored against this candidate, not an empty one
    html = html_text(at)
    assert '<mark class="pw-m' in html and 'class="pw-n"' in html  # findings marked in place
    assert "Must fix" in html or "Should fix" in html  # legend
    # opening the same sample again does not duplicate it
    load_sample(at)
    assert len(workspace(at).cases) == 1


# --- profile -------------------------------------------------------------------------------------


def test_fill_the_profile_from_blank():
    at = new_app()
    at.button(key="home_new_blank").click().run()
    ok(at)
    assert at.title[0].value.endswith("Profile")
    at.switch_page("pages/profile.py")
    at.text_input(key="profile_profile_name").input("Dana Cohen").run()
    at.text_input(key="profile_profile_current_title").input("Charge Nurse").run()
    at.text_area(key="profile_profile_achievements").input("- cut falls by 30%\n\n• trained 12 nurses\n").run()
    at.multiselect(key="profile_profile_motivators").set_value(["growth", "work-life balance"]).run()
    at.number_input(key="profile_profile_years_experience").set_value(8).run()
    at.selectbox(key="profile_profile_status").set_value("active").run()
    at.text_input(key="profile_role_title").input("Ward Manager").run()
    at.number_input(key="profile_role_salary_min").set_value(50000).run()
    at.number_input(key="profile_role_salary_max").set_value(60000).run()
    at.text_area(key="profile_role_benefits").input("35 days' leave\nno nights").run()
    at.text_input(key="profile_role_remote").input("hybrid").run()
    ok(at)
    case = workspace(at).active
    p, r = case.profile, case.role
    assert p.name == "Dana Cohen" and p.current_title == "Charge Nurse"
    assert p.achievements == ["cut falls by 30%", "trained 12 nurses"]
    assert p.motivators == ["growth", "work-life balance"]
    assert p.years_experience == 8 and p.status == "active"
    assert r.title == "Ward Manager" and (r.salary_min, r.salary_max) == (50000, 60000)
    assert r.benefits == ["35 days' leave", "no nights"] and r.remote == "hybrid"
    assert case.title == "Dana Cohen · Ward Manager"


def test_invalid_field_is_refused_with_a_message_and_the_old_value_kept():
    at = load_sample(new_app())
    at.switch_page("pages/profile.py").run()
    at.number_input(key="profile_role_salary_min").set_value(99_000_000).run()
    ok(at)
    errors = [e.value for e in at.error]
    assert errors == ["The top of the salary range is below the bottom. The previous value is kept."]
    assert "salary_m" not in str(errors) and "role." not in str(errors)  # words, not field paths
    assert workspace(at).active.role.salary_min == 62000
    assert at.number_input(key="profile_role_salary_min").value == 62000


def test_where_they_work_takes_what_people_write():
    at = load_sample(new_app())
    at.switch_page("pages/profile.py").run()
    for written, mode in (("on site", "onsite"), ("hybrid, two days in the office", "hybrid"),
                          ("remote within Ireland", "remote")):
        at.text_input(key="profile_role_remote").input(written).run()
        role = ok(at) and workspace(at).active.role
        assert (role.remote, role.work_mode_text) == (mode, written)
        assert at.text_input(key="profile_role_remote").value == written
    assert any("Read as **remote**" in c.value for c in at.caption)
    at.text_input(key="profile_role_remote").input("see notes").run()
    assert [e.value for e in ok(at).error] == [
        "“see notes” does not say on site, hybrid or remote. Say on site, hybrid or remote; details after "
        'it are kept (for example "hybrid, two days in the office").'
    ]
    assert at.text_input(key="profile_role_remote").value == "see notes"  # kept to fix, not lost
    assert workspace(at).active.role.work_mode_text == "remote within Ireland"


def test_several_candidates_switch_and_delete():
    at = load_sample(new_app())
    load_sample(at, "warehouse-ops-poznan")
    ws = workspace(at)
    first, second = ws.cases
    at.switch_page("pages/profile.py").run()
    assert at.text_input(key="profile_profile_name").value == "Tomasz Kowalski"
    at.selectbox(key="profile_case_picker").set_value(first.id).run()
    assert at.text_input(key="profile_profile_name").value == "Aoife Brennan"
    at.button(key="profile_new").click().run()
    assert len(workspace(at).cases) == 3 and at.text_input(key="profile_profile_name").value == ""
    at.button(key="profile_delete_confirm").click().run()
    ok(at)
    assert [c.id for c in workspace(at).cases] == [first.id, second.id]


def test_export_profile_json(downloads):
    at = load_sample(new_app())
    at.switch_page("pages/profile.py").run()
    ok(at)
    got = downloads["profile_download"]
    assert got["file_name"] == "aoife-brennan-profile.json" and got["mime"] == "application/json"
    doc = json.loads(got["data"])
    assert doc["profile"]["name"] == "Aoife Brennan" and doc["role"]["currency"] == "EUR"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.json", b'{"name": "X",', "is not valid JSON"),
        ("list.json", b'[{"name": "X"}]', "not a list"),
        ("typo.json", b'{"name": "X", "skils": ["a"]}', "“skils” in the candidate profile is not a field"),
        ("bad.json", b'{"profile": {"name": "X", "motivators": ["money"]}}', "has “money”, which is not one of the motivators"),
        ("ws.json", b'{"format": "pitch-workshop/workspace", "cases": []}', "workspace export"),
        ("latin1.json", '{"name": "Jos\u00e9"}'.encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_import_names_the_problem_and_changes_nothing(name, content, message):
    at = load_sample(new_app())
    at.switch_page("pages/profile.py").run()
    before = workspace(at).active.profile.to_dict()
    at.file_uploader[0].set_value((name, content, "application/json")).run()
    ok(at)
    errors = [e.value for e in at.error]
    assert any(message in e and name in e and "Nothing was changed" in e for e in errors), errors
    assert workspace(at).active.profile.to_dict() == before
    assert "profile_import_replace" not in [b.key for b in at.button]


def test_good_import_replaces_or_adds():
    from pitch_lib.models import CandidateProfile, Role
    from pitch_lib.profile_io import profile_file_json

    doc = profile_file_json(CandidateProfile(name="Sam Lee", skills=["SQL"]), Role(title="Analyst")).encode()
    at = load_sample(new_app())
    at.switch_page("pages/profile.py").run()
    at.file_uploader[0].set_value(("sam.json", doc, "application/json")).run()
    assert any("valid profile and role for Sam Lee" in s.value for s in at.success)
    at.button(key="profile_import_new").click().run()
    ok(at)
    ws = workspace(at)
    assert [c.profile.name for c in ws.cases] == ["Aoife Brennan", "Sam Lee"]
    assert ws.cases[1].role.title == "Analyst"
    assert at.file_uploader[0].value is None or at.file_uploader[0].value == []  # uploader reset
    at.file_uploader[0].set_value(("sam.json", doc, "application/json")).run()
    at.button(key="profile_import_replace").click().run()
    assert workspace(at).active.profile.name == "Sam Lee" and len(workspace(at).cases) == 2


# --- draft ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("plain_editor")
def test_scores_update_with_deltas_when_text_is_committed():
    at = load_sample(new_app())
    before = metric(at, "Overall score").value
    assert not metric(at, "Overall score").delta  # no previous version yet
    better = (
        "Hi Aoife,\n\nYour sepsis screening tool cut time-to-antibiotics from 90 to 45 minutes. "
        "Northside Community Hospital wants that on eight wards: we are hiring a Clinical Nurse Manager 2 "
        "for Critical Care Outreach, 62,000-71,000 EUR, with no night shifts and a funded MSc.\n\n"
        "Would a 15-minute call next week work for you?\n\nBest wishes,\nSarah"
    )
    at.text_area(key="draft_body").input(better).run()
    ok(at)
    after = metric(at, "Overall score")
    assert workspace(at).active.draft.body == better
    assert after.value != before
    assert after.delta and int(after.delta) == int(after.value.split("/")[0]) - int(before.split("/")[0])
    case = workspace(at).active
    assert_scores_shown(at, case.draft, case.profile, case.role)


@pytest.mark.usefixtures("plain_editor")
def test_channel_switch_shows_subject_only_where_it_exists():
    at = load_sample(new_app())
    assert at.text_input(key="draft_subject")
    at.selectbox(key="draft_channel").set_value("linkedin_connection").run()
    ok(at)
    assert "draft_subject" not in [t.key for t in at.text_input]
    assert workspace(at).active.draft.channel == "linkedin_connection"
    assert "wants to connect" in html_text(at)  # the connection-note preview
    assert any("of 300 allowed" in p.proto.text for p in at.get("progress"))


@pytest.mark.usefixtures("plain_editor")
def test_empty_text_gets_an_empty_state_and_template_fills_it():
    at = load_sample(new_app(), "backend-engineer-sao-paulo")
    assert any("Nothing to score yet" in m.value for m in at.markdown)
    assert not [m for m in at.metric if m.label == "Overall score"]
    at.button(key="draft_empty_template").click().run()
    ok(at)
    body = workspace(at).active.draft.body
    assert body.startswith("Hi Ana,") and body.endswith("Best wishes,\n{signature}")  # no name given yet
    assert at.text_area(key="draft_body").value == body
    assert any("{signature}" in c.value for c in at.caption)  # what is left to fill


def test_your_name_asked_once_signs_every_template():
    at = load_sample(new_app(), "backend-engineer-sao-paulo")
    at.text_input(key="draft_your_name").input("Sam Rivera").run()
    ok(at)
    assert workspace(at).your_name == "Sam Rivera"
    assert "draft_your_name" not in [t.key for t in at.text_input]  # asked once
    at.button(key="draft_from_template").click().run()
    assert ok(at) and workspace(at).active.draft.body.endswith("Best wishes,\nSam Rivera")
    at.switch_page("pages/workspace.py").run()
    at.text_area(key="workspace_signature").input("Sam Rivera\nSenior Recruiter, Northwind").run()
    at.switch_page("pages/draft.py").run()
    at.selectbox(key="draft_channel").set_value("linkedin_inmail").run()
    at.button(key="draft_from_template").click().run()
    assert ok(at) and workspace(at).active.draft.body.endswith("\nSam Rivera")  # short channels: the name
    at.selectbox(key="draft_channel").set_value("email").run()
    at.button(key="draft_from_template").click().run()
    assert workspace(at).active.draft.body.endswith("Best wishes,\nSam Rivera\nSenior Recruiter, Northwind")
    assert "{your_name}" not in workspace(at).active.draft.body
    at.switch_page("pages/sequence.py").run()
    assert ok(at).text_input(key="seq_new_your_name").value == "Sam Rivera"
    at.switch_page("pages/workshop_join.py").run()
    assert ok(at).text_input(key="wsj_name").value == "Sam Rivera"


@pytest.mark.usefixtures("plain_editor")
def test_start_from_blank_then_undo():
    at = load_sample(new_app())
    original = workspace(at).active.draft.body
    at.button(key="draft_from_blank").click().run()
    assert workspace(at).active.draft.body == "" and at.text_area(key="draft_body").value == ""
    at.button(key="draft_undo").click().run()
    ok(at)
    assert workspace(at).active.draft.body == original
    assert at.text_area(key="draft_body").value == original


@pytest.mark.usefixtures("plain_editor")
def test_save_two_variants_then_load_one_back():
    at = load_sample(new_app())
    first = workspace(at).active.draft.body
    at.text_input(key="draft_variant_name").input("First try").run()
    at.button(key="draft_save_variant").click().run()
    at.text_area(key="draft_body").input("Hi Aoife, a shorter one. Can we talk?").run()
    at.button(key="draft_save_variant").click().run()
    ok(at)
    variants = workspace(at).active.variants
    assert [v.name for v in variants] == ["First try", "Variant 2"]
    assert variants[0].pitch.body == first
    at.selectbox(key="draft_from_variant").set_value(variants[0].id).run()
    at.button(key="draft_from_variant_load").click().run()
    assert workspace(at).active.draft.body == first
    # saving the draft again does not overwrite the variant, and names stay unique
    at.text_input(key="draft_variant_name").input("First try").run()
    at.button(key="draft_save_variant").click().run()
    assert [v.name for v in workspace(at).active.variants] == ["First try", "Variant 2", "First try (2)"]


@pytest.mark.usefixtures("plain_editor")
def test_escaping_emoji_and_rtl_in_the_draft():
    at = load_sample(new_app())
    nasty = '<script>alert(1)</script> <img src=x onerror="alert(2)"> שלום Aoife 👋🏽 مرحبا'
    at.text_area(key="draft_body").input(nasty).run()
    ok(at)
    html = html_text(at)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "שלום" in html and "👋🏽" in html and "مرحبا" in html
    assert 'dir="auto"' in html


@pytest.mark.usefixtures("plain_editor")
def test_a_megabyte_paste_warns_and_does_not_crash():
    at = load_sample(new_app())
    big = ("Hello Aoife, this is a very long pasted text. " * 25_000)[:1_000_000]
    at.text_area(key="draft_body").input(big).run()
    ok(at)
    assert any("100,000 characters long" in w.value for w in at.warning)  # cut to one pitch's limit
    assert any("900,000 were cut" in e.value for e in at.error)
    assert "showing the first 20,000" in html_text(at)
    assert workspace(at).active.draft.body == big[:100_000]  # the start is kept


# --- compare -------------------------------------------------------------------------------------


def two_variants(at: AppTest) -> AppTest:
    at.text_input(key="draft_variant_name").input("Original").run()
    at.button(key="draft_save_variant").click().run()
    type_text(
        at,
        "Hi Aoife, your sepsis tool halved time-to-antibiotics. Northside is hiring a Clinical Nurse "
        "Manager 2: no night shifts, 62,000-71,000 EUR. Would a short call next week suit you?",
    )
    at.text_input(key="draft_variant_name").input("Specific | short").run()
    at.button(key="draft_save_variant").click().run()
    return ok(at)


def test_compare_needs_two_variants():
    at = load_sample(new_app())
    at.switch_page("pages/compare.py").run()
    ok(at)
    assert any("Save at least two variants" in m.value for m in at.markdown)


def test_compare_two_variants_with_chart_winners_diff_and_exports(downloads):
    at = two_variants(load_sample(new_app()))
    at.switch_page("pages/compare.py").run()
    ok(at)
    case = workspace(at).active
    assert at.multiselect(key="compare_selection").value == [v.id for v in case.variants]
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Original", "Specific | short"]
    overall = {v.name: score_pitch(v.pitch, case.profile, case.role).overall for v in case.variants}
    best = max(overall, key=overall.get)
    assert sorted(overall.values())[0] < overall[best], overall  # these two variants do not tie
    assert [s.value for s in at.success] == [
        f"**Best overall: {md_escape(best)}**. Winners per dimension are marked 🏆 best."
    ]
    html = html_text(at)
    assert "🏆 best" in html  # a winner per dimension is marked in words, not colour alone
    assert "<ins" in html and "<del" in html  # the word diff
    # exports
    rows = list(csv.DictReader(io.StringIO(downloads["compare_export_csv"]["data"])))
    assert [r["variant"] for r in rows] == ["Original", "Specific | short"]
    assert {r["variant"]: int(r["overall"]) for r in rows} == overall
    assert downloads["compare_export_csv"]["file_name"] == "aoife-brennan-comparison.csv"
    md = downloads["compare_export_md"]["data"]
    assert r"Specific \| short" in md and md.startswith("# Pitches for Aoife Brennan")
    assert downloads["compare_export_md"]["mime"] == "text/markdown"


def test_compare_rename_delete_and_selection_kept():
    at = two_variants(load_sample(new_app()))
    type_text(at, "Third version. Would you talk?")
    at.button(key="draft_save_variant").click().run()
    at.switch_page("pages/compare.py").run()
    case = workspace(at).active
    ids = [v.id for v in case.variants]
    assert at.multiselect(key="compare_selection").value == ids
    at.multiselect(key="compare_selection").set_value(ids[:2]).run()
    at.switch_page("pages/draft.py").run()
    at.switch_page("pages/compare.py").run()
    assert at.multiselect(key="compare_selection").value == ids[:2]  # kept across page switches
    at.text_input(key=f"compare_rename_{ids[0]}").input("Renamed").run()
    assert workspace(at).active.variants[0].name == "Renamed"
    at.button(key=f"compare_delete_{ids[2]}").click().run()
    ok(at)
    assert [v.id for v in workspace(at).active.variants] == ids[:2]


# --- state survives page switches ----------------------------------------------------------------


@pytest.mark.usefixtures("plain_editor")
def test_switching_pages_loses_nothing():
    at = load_sample(new_app())
    at.text_area(key="draft_body").input("Hi Aoife, kept text.").run()
    at.switch_page("pages/profile.py").run()
    at.text_input(key="profile_profile_location").input("Cork, Ireland").run()
    for page in ("pages/compare.py", "pages/home.py", "pages/draft.py"):
        ok(at.switch_page(page).run())
    assert at.text_area(key="draft_body").value == "Hi Aoife, kept text."
    at.switch_page("pages/profile.py").run()
    assert at.text_input(key="profile_profile_location").value == "Cork, Ireland"
    assert at.text_area(key="profile_profile_skills").value.splitlines()[0] == "critical care nursing"


@pytest.mark.usefixtures("plain_editor")
def test_help_texts_cite_the_figures_as_correlations():
    at = load_sample(new_app())
    helps = {m.label: m.help for m in at.metric}
    assert "Boomerang" in helps["Words"] and "not a law" in helps["Words"]
    assert "53%" in helps["Grade"] and "1-3 questions" in helps["Questions"]
    assert "Boomerang" in at.text_input(key="draft_subject").help
    assert "Source:" in at.selectbox(key="draft_channel").help


def test_a_pasted_document_is_cut_to_one_pitch_and_the_page_says_what_was_cut(plain_editor):
    """Issue 13, item 8: a 10 MB paste took 9 s a rerun; the draft keeps the first 100,000 characters."""
    from pitch_lib.models import MAX_PITCH_CHARS

    at = load_sample(new_app())
    pasted = "Hi Aoife, a long paste. " * 6250 + "THE END"  # 150,007 characters
    at.text_area(key="draft_body").input(pasted).run()
    ok(at)
    body = workspace(at).active.draft.body
    assert body == pasted[:MAX_PITCH_CHARS]
    assert at.text_area(key="draft_body").value == body  # the box shows what is kept
    message = " ".join(e.value for e in at.error)
    assert "150,007 characters" in message and "50,007 were cut" in message
