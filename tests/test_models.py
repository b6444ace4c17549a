"""Domain objects and their JSON format: exact field names, clear errors naming the field."""

import json
import re

import pytest

from pitch_lib import CandidateProfile, Pitch, Role, ValidationError
from pitch_lib.engine.vocab import MOTIVATOR_NAMES, MOTIVATORS
from pitch_lib.models import dump_json, field_words, load_json_file, parse_json
from pitch_lib.workspace import Workspace
from tests.rule_examples import PRIYA, ROLE


def test_profile_round_trip_keeps_exact_field_names():
    p = CandidateProfile.from_dict(PRIYA)
    assert p.to_dict() == PRIYA
    assert CandidateProfile.from_dict(json.loads(dump_json(p))) == p


def test_role_and_pitch_round_trip():
    r = Role.from_dict(ROLE)
    assert r.to_dict() == ROLE
    pitch = Pitch.from_dict({"channel": "linkedin_inmail", "subject": "Hi", "body": "Hello"})
    assert pitch.to_dict() == {"channel": "linkedin_inmail", "subject": "Hi", "body": "Hello"}


@pytest.mark.parametrize(
    "cls,data,field",
    [
        (CandidateProfile, {"name": "A", "favourite_colour": "blue"}, "profile.favourite_colour"),
        (CandidateProfile, {"name": 3}, "profile.name"),
        (CandidateProfile, {"skills": "Python"}, "profile.skills"),
        (CandidateProfile, {"skills": ["Python", 4]}, "profile.skills[1]"),
        (CandidateProfile, {"years_experience": "ten"}, "profile.years_experience"),
        (CandidateProfile, {"years_experience": -1}, "profile.years_experience"),
        (CandidateProfile, {"status": "looking"}, "profile.status"),
        (CandidateProfile, {"motivators": ["money"]}, "profile.motivators"),
        (CandidateProfile, ["not", "an", "object"], "profile"),
        (Role, {"salary_min": "lots"}, "role.salary_min"),
        (Role, {"salary_min": 100, "salary_max": 50}, "role.salary_max"),
        (Role, {"remote": "sometimes"}, "role.remote"),
        (Role, {"benefits": [None]}, "role.benefits[0]"),
        (Pitch, {"channel": "fax"}, "pitch.channel"),
        (Pitch, {"body": ["x"]}, "pitch.body"),
    ],
)
def test_wrong_fields_name_the_field(cls, data, field):
    with pytest.raises(ValidationError) as e:
        cls.from_dict(data)
    assert e.value.field == field  # the path, for programs
    said = str(e.value)  # the same in words, for people: no path, no Python type names or reprs
    assert field not in said or not re.search(r"[.\[]", field), said
    assert not re.search(r"\b(?:got|not) (?:int|str|list|dict|NoneType)\b|'\w+'", said), said
    leaf = re.findall(r"[a-z_]+", field)[-1]
    assert f"“{leaf}”" in said or field in ("profile", "role.salary_max", "role.remote"), said


def test_remote_accepts_true_false_and_motivators_are_normalised():
    assert Role.from_dict({"remote": True}).remote == "remote"
    assert Role.from_dict({"remote": False}).remote == "onsite"
    p = CandidateProfile.from_dict({"motivators": ["Work life balance", "GROWTH", "work_life balance"]})
    assert p.motivators == ["work-life balance", "growth", "work-life balance"]


def test_motivator_vocabulary_covers_the_documented_minimum():
    need = {"growth", "impact", "compensation", "flexibility", "work-life balance", "stability", "mission",
            "technology", "team", "recognition", "autonomy", "location"}
    assert need <= set(MOTIVATOR_NAMES)
    for m in MOTIVATORS.values():
        assert m.label and m.description and m.words


def test_parse_json_reports_line_and_column():
    with pytest.raises(ValidationError, match=r"line 2, column"):
        parse_json('{"name":\n}', "profile.json")
    with pytest.raises(ValidationError, match="UTF-8"):
        parse_json(b"\xff\xfe\x00", "profile.json")


def test_load_json_file(tmp_path):
    f = tmp_path / "p.json"
    f.write_text(json.dumps(PRIYA), encoding="utf-8")
    assert load_json_file(f, CandidateProfile).name == "Priya Natarajan"
    with pytest.raises(ValidationError, match="missing.json was not found"):
        load_json_file(tmp_path / "missing.json", CandidateProfile)


def test_slug_for_file_names():
    from pitch_lib.workspace import slug

    assert slug("Aoife Brennan", "candidate") == "aoife-brennan"
    assert slug("  <script>!! ", "candidate") == "script"
    assert slug("日本語", "candidate") == "candidate"
    assert slug("Priya Raman-Iyer the second", "learner", 20) == "priya-raman-iyer-the"


def test_the_recruiters_name_and_signature_travel_with_the_workspace():
    ws = Workspace(your_name="Sam Rivera", signature="Sam Rivera\nSenior Recruiter")
    again = Workspace.from_dict(json.loads(json.dumps(ws.to_dict())))
    assert (again.your_name, again.signature) == ("Sam Rivera", "Sam Rivera\nSenior Recruiter")
    older = ws.to_dict()
    del older["sender"]  # saved before the name was asked
    assert (Workspace.from_dict(older).your_name, Workspace.from_dict(older).signature) == ("", "")


@pytest.mark.parametrize(
    ("written", "mode", "shown"),
    [
        ("on site", "onsite", "on site"),
        ("On-site", "onsite", "on site"),
        ("onsite", "onsite", "on site"),
        ("", "onsite", "on site"),
        ("hybrid, two days in the office", "hybrid", "hybrid, two days in the office"),
        ("two days a week in the office", "hybrid", "two days a week in the office"),
        ("remote within Ireland", "remote", "remote within Ireland"),
        ("Remote", "remote", "remote"),
        ("fully remote", "remote", "remote"),
        (True, "remote", "remote"),
        (False, "onsite", "on site"),
    ],
)
def test_where_the_work_happens_in_peoples_words(written, mode, shown):
    role = Role.from_dict({"title": "Nurse", "remote": written})
    assert (role.remote, role.work_mode_text) == (mode, shown)
    assert Role.from_dict(json.loads(json.dumps(role.to_dict()))) == role  # the JSON round trip keeps the words


def test_a_remote_field_that_names_no_mode_says_what_to_write():
    with pytest.raises(ValidationError) as err:
        Role.from_dict({"remote": "see notes"})
    assert err.value.field == "role.remote"
    assert err.value.words.startswith("“see notes” does not say on site, hybrid or remote.")
    details = Role.from_dict({"remote": "remote", "remote_details": "within Ireland"})
    assert (details.remote, details.work_mode_text) == ("remote", "remote, within Ireland")


def test_the_salary_range_error_in_words():
    with pytest.raises(ValidationError) as err:
        Role.from_dict({"salary_min": 70000, "salary_max": 60000})
    assert err.value.field == "role.salary_max"
    assert err.value.words == "The top of the salary range is below the bottom."


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("role.salary_max", "“salary_max” in the role brief"),
        ("workspace.cases[1].profile.skills[0]", "item 1 of “skills” in the candidate profile of candidate 2"),
        ("cases[0].variants[2].pitch.channel", "“channel” in the pitch of variant 3 of candidate 1"),
        ("sequence.touches[3].day", "“day” in touch 4 of the outreach plan"),
        ("profile", "the candidate profile"),
        ("display name", "the display name"),
        ("profile.json", "profile.json"),  # a file name is not a path
    ],
)
def test_field_paths_in_words(path, words):
    assert field_words(path) == words


def test_a_workspace_file_names_the_candidate_and_the_field_in_words():
    bad = {"cases": [{"profile": {"name": "Ada"}}, {"profile": {"name": "Bo", "skills": ["SQL", 7]}}]}
    with pytest.raises(ValidationError) as err:
        Workspace.from_dict(bad)
    assert err.value.field == "cases[1].profile.skills[1]"
    assert str(err.value) == "Item 2 of “skills” in the candidate profile of candidate 2 must be text, not a number."
    with pytest.raises(ValidationError) as err:
        Workspace.from_dict({"cases": [{"role": {"salary_min": 9, "salary_max": 1}}]})
    assert str(err.value) == "In candidate 1, the top of the salary range is below the bottom."
    with pytest.raises(ValidationError, match=r"at “cases” › item 1 › “profile” › “name” \(a lone surrogate"):
        parse_json('{"cases": [{"profile": {"name": "\\ud800"}}]}', "file")


@pytest.mark.parametrize("name, notes, first", [
    ("Nguyễn Thị Lan", "Goes by Lan with colleagues.", "Lan"),
    ("Olúwatóbilọ́ba Adé", "Prefers 'Tobi'.", "Tobi"),
    ("Dr Ifeoma Chukwu", "", "Ifeoma"),
    ("Prof. Ana Ruiz", "", "Ana"),
    ("Dr", "", "Dr"),
    ("Priya Natarajan", "Met at PyData.", "Priya"),
])
def test_first_name_is_what_to_call_them(name, notes, first):
    assert CandidateProfile(name=name, notes=notes).first_name == first
