"""The profile file (import/export) and the cited figures behind the help texts."""

import json

import pytest

from pitch_lib.evidence import CAVEAT, help_text, load_figures
from pitch_lib.models import CandidateProfile, Role, ValidationError
from pitch_lib.profile_io import lines_to_list, list_to_lines, profile_file_json, read_profile_file
from pitch_lib.samples import get_sample


def test_round_trip_profile_and_role():
    s = get_sample("warehouse-ops-poznan")
    text = profile_file_json(s.profile, s.role)
    doc = json.loads(text)
    assert doc["format"] == "pitch-workshop/profile" and doc["version"] == 1
    assert "Poznań" in text  # not \\u-escaped
    profile, role = read_profile_file(text.encode("utf-8"), "t.json")
    assert profile == s.profile and role == s.role


def test_bare_profile_and_role_only_files():
    profile, role = read_profile_file(b'{"name": "Sam Lee", "skills": ["SQL"]}')
    assert profile == CandidateProfile(name="Sam Lee", skills=["SQL"]) and role is None
    profile, role = read_profile_file(json.dumps({"role": Role(title="Analyst").to_dict()}))
    assert profile is None and role.title == "Analyst"
    # a BOM (Windows editors) is fine
    assert read_profile_file('\ufeff{"name": "Ana"}'.encode())[0].name == "Ana"


@pytest.mark.parametrize(
    ("raw", "field", "message"),
    [
        (b"not json", "f.json", "is not valid JSON"),
        (b"[1, 2]", "f.json", "not a list"),
        (b'"text"', "f.json", "not text"),
        (b'{"name": ""}', "profile.name", "is empty"),
        (b'{"name": "A", "age": 3}', "profile.age", "“age” in the candidate profile is not a field"),
        (b'{"profile": {"name": "A"}, "extra": 1}', "f.json", "has a field “extra” that Pitch Workshop does not know"),
        (b'{"profile": {"name": "A"}, "version": 9}', "f.json", "is of version 9; this version of Pitch Workshop reads up to 1"),
        (b'{"format": "pitch-workshop/workspace", "cases": []}', "f.json", "workspace export"),
        (b'{"profile": {"name": "A"}, "role": {"salary_min": 9, "salary_max": 1}}', "role.salary_max", "below"),
        (b'{"profile": {"name": "A", "skills": "SQL"}}', "profile.skills", "“skills” in the candidate profile must be a list of texts, not text"),
        ("{\"name\": \"Jos\u00e9\"}".encode("latin-1"), "f.json", "not UTF-8"),
    ],
)
def test_bad_files_name_what_is_wrong(raw, field, message):
    with pytest.raises(ValidationError) as err:
        read_profile_file(raw, "f.json")
    assert err.value.field == field
    assert message in str(err.value)


def test_lines_to_list_drops_bullets_and_blanks():
    assert lines_to_list("- one\n\n• two\n* three\n1. four\n2) five\n  six  \n") == [
        "one", "two", "three", "four", "five", "six"
    ]
    assert lines_to_list("") == [] and lines_to_list(None) == []
    assert lines_to_list("-5% scrap") == ["-5% scrap"]  # a minus sign without a space is not a bullet
    assert lines_to_list(list_to_lines(["a", "b"])) == ["a", "b"]


def test_every_figure_is_cited_and_called_a_correlation():
    figures = load_figures()
    assert {"length_email", "length_inmail", "reading_level", "questions", "connection_note"} <= set(figures)
    for f in figures.values():
        assert f.topic and f.claim and f.source
    text = help_text("reading_level", "questions")
    assert "Boomerang" in text and "53%" in text and "1-3 questions" in text
    assert text.endswith(CAVEAT) and "not a law" in CAVEAT
