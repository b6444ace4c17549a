"""Findings as editor marks: spans inside the text, exact fixes, the limit on a huge paste;
ignored findings kept with the workspace (and old workspaces without them still load)."""

from __future__ import annotations

import pytest

from pitch_lib.engine.scorecard import Finding
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError
from pitch_lib.rendering.marks import editor_marks, exact_fixes, merge_field_fix
from pitch_lib.rendering.render import number_findings
from pitch_lib.templates import merge_fields
from pitch_lib.workspace import CandidateCase, Variant, Workspace

PROFILE = CandidateProfile(name="Aoife Brennan", current_company="St Brigid's")
ROLE = Role(title="Clinical Nurse Manager 2", company="Northside Community Hospital")
VALUES = merge_fields(PROFILE, ROLE)


@pytest.mark.parametrize(
    ("placeholder", "value"),
    [
        ("{first_name}", "Aoife"),
        ("[First Name]", "Aoife"),
        ("<Company>", "Northside Community Hospital"),
        ("{{firstname}}", "Aoife"),
        ("[JOB TITLE]", "Clinical Nurse Manager 2"),
        ("{your_name}", ""),  # never filled in for the writer
        ("{achievement}", ""),  # no data: no exact fix
        ("{nonsense}", ""),
        ("hello", ""),
    ],
)
def test_merge_field_fix(placeholder, value):
    assert merge_field_fix(placeholder, VALUES) == value


def _finding(**kw) -> Finding:
    base = dict(rule="tone.urgency", dimension="tone", severity="warning", message="m", suggestion="s",
                start=0, end=4, points=3.0, matched="ASAP")
    base.update(kw)
    return Finding(**base)


def test_exact_fixes_come_from_the_engine_or_the_profile():
    assert exact_fixes(_finding(replacements=("soon", "ASAP", ""))) == ["soon", ""]  # the same text is no fix
    token = _finding(rule="personalisation.merge_token", matched="{first_name}", replacements=())
    assert exact_fixes(token, VALUES) == ["Aoife"]
    assert exact_fixes(token) == []  # without the profile's values, nothing to fill


def test_marks_are_spans_of_the_scored_text():
    pitch = Pitch(subject="Exciting opportunity!!", body="Hi {first_name}, we need a rockstar ASAP. Competitive salary.")
    card = score_pitch(pitch, PROFILE, ROLE)
    marks, note = editor_marks(number_findings(card.findings()), pitch, VALUES)
    assert marks and not note
    for m in marks:
        text = pitch.subject if m["field"] == "subject" else pitch.body
        assert m["matched"] == text[m["start"]:m["end"]] != ""
        assert m["key"] and m["dim_label"] and m["sev"] in ("error", "warning", "suggestion")
    token = next(m for m in marks if m["matched"] == "{first_name}")
    assert token["fixes"] == ["Aoife"]
    # whole-text and missing findings are not marks (the suggestions list them)
    assert len(marks) < len(card.findings())


def test_a_huge_paste_gets_a_limited_number_of_marks_and_a_note():
    body = "We need a rockstar ASAP. " * 8000
    pitch = Pitch(body=body)
    card = score_pitch(pitch)
    marks, note = editor_marks(number_findings(card.findings()), pitch, max_marks=50)
    assert len(marks) <= 50 and all(m["end"] <= 20_000 for m in marks)
    assert "not marked in the text" in note


def test_ignored_keys_are_saved_and_old_workspaces_still_load():
    case = CandidateCase(profile=PROFILE, role=ROLE, draft=Pitch(body="Hi"), draft_ignored=["tone.urgency|body|asap"])
    case.variants.append(Variant(name="v", pitch=Pitch(body="Hi"), ignored=["a|body|b"]))
    ws = Workspace(cases=[case])
    again = Workspace.from_dict(ws.to_dict())
    assert again.cases[0].draft_ignored == ["tone.urgency|body|asap"]
    assert again.cases[0].variants[0].ignored == ["a|body|b"]
    old = ws.to_dict()
    del old["cases"][0]["draft_ignored"]
    del old["cases"][0]["variants"][0]["ignored"]
    before = Workspace.from_dict(old)
    assert before.cases[0].draft_ignored == [] and before.cases[0].variants[0].ignored == []
    old["cases"][0]["draft_ignored"] = "asap"
    with pytest.raises(ValidationError, match="draft_ignored"):
        Workspace.from_dict(old)
