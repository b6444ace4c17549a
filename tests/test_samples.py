"""Samples and starter templates: valid data, variety, fresh copies, merge fields."""

import json

import pytest

from pitch_lib.engine.channels import CHANNEL_NAMES, get_channel
from pitch_lib.engine.vocab import MOTIVATOR_NAMES
from pitch_lib.models import CandidateProfile, Role, ValidationError
from pitch_lib.samples import DATA_FILE, get_sample, load_samples, parse_samples
from pitch_lib.templates import (
    fill,
    format_salary,
    load_templates,
    merge_fields,
    starter_pitch,
    unfilled_fields,
)


def test_at_least_six_samples_with_variety():
    samples = load_samples()
    assert len(samples) >= 6
    assert len({s.industry for s in samples}) >= 6
    assert len({s.country for s in samples}) >= 6
    assert len({s.seniority for s in samples}) >= 4
    assert len({s.channel for s in samples}) >= 4
    software = [s for s in samples if "software" in s.industry.lower()]
    assert len(software) <= 1


def test_sample_json_uses_the_exact_model_field_names():
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for s in raw["samples"]:
        # from_dict rejects unknown fields, and the round trip keeps every field
        assert CandidateProfile.from_dict(s["profile"]).to_dict() == {**CandidateProfile().to_dict(), **s["profile"]}
        assert Role.from_dict(s["role"]).to_dict() == {**Role().to_dict(), **s["role"]}


def test_samples_are_complete_enough_to_pitch():
    for s in load_samples():
        assert s.profile.name and s.profile.current_title and s.profile.location
        assert s.profile.skills and s.profile.achievements
        assert s.profile.motivators and set(s.profile.motivators) <= set(MOTIVATOR_NAMES)
        assert s.role.title and s.role.company and s.role.benefits and s.role.responsibilities
        assert s.role.salary_min is not None and s.role.currency
        assert s.channel in CHANNEL_NAMES
        if not get_channel(s.channel).has_subject:
            assert s.draft.subject == ""


def test_to_case_is_a_fresh_copy():
    s = get_sample("icu-nurse-dublin")
    a, b = s.to_case(), s.to_case()
    assert a.id != b.id and a.sample == "icu-nurse-dublin"
    a.profile.skills.append("changed")
    a.draft.body = "changed"
    assert "changed" not in s.profile.skills and s.draft.body != "changed"
    assert "changed" not in b.profile.skills


def test_unknown_sample_and_bad_sample_data():
    with pytest.raises(KeyError):
        get_sample("nope")
    with pytest.raises(ValidationError, match="The candidate profile in sample 1 is missing") as err:
        parse_samples({"samples": [{"id": "x", "role": {}}]})
    assert err.value.field == "samples[0].profile"
    with pytest.raises(ValidationError, match="“motivators” in the candidate profile of sample 1 has “money”") as err:
        parse_samples({"samples": [{"id": "x", "profile": {"motivators": ["money"]}, "role": {}}]})
    assert err.value.field == "samples[0].profile.motivators"


def test_a_starter_template_for_every_channel():
    templates = load_templates()
    assert set(templates) == set(CHANNEL_NAMES)
    for name, t in templates.items():
        assert bool(t.subject) == get_channel(name).has_subject
        assert "{first_name}" in t.body or "{company}" in t.body


def test_starter_pitch_fills_known_fields_and_leaves_the_rest_visible():
    s = get_sample("icu-nurse-dublin")
    p = starter_pitch("email", s.profile, s.role)
    assert p.channel == "email"
    assert "Hi Aoife," in p.body
    assert s.profile.achievements[0] in p.body
    assert "62,000-71,000 EUR" in p.body
    assert unfilled_fields(p.subject + p.body) == ["signature"]  # the recruiter's own, not asked yet
    signed = starter_pitch("email", s.profile, s.role, your_name="Sam Rivera")
    assert signed.body.endswith("Best wishes,\nSam Rivera") and not unfilled_fields(signed.subject + signed.body)
    with_signature = starter_pitch("email", s.profile, s.role, your_name="Sam", signature="Sam Rivera\nRecruiter")
    assert with_signature.body.endswith("Best wishes,\nSam Rivera\nRecruiter")
    assert starter_pitch("linkedin_inmail", s.profile, s.role, your_name="Sam", signature="S.\nX").body.endswith("\nSam")
    blank = starter_pitch("email")
    assert unfilled_fields(blank.body)[:3] == ["first_name", "achievement", "company"]


def test_connection_template_fits_the_hard_limit_with_a_sample():
    for s in load_samples():
        p = starter_pitch("linkedin_connection", s.profile, s.role)
        assert len(p.body) <= get_channel("linkedin_connection").body_hard_limit


def test_fill_keeps_unknown_fields_and_other_braces():
    assert fill("Hi {first_name} {nope} {x y}", {"first_name": "Ana"}) == "Hi Ana {nope} {x y}"
    assert fill("{first_name}", {"first_name": ""}) == "{first_name}"


@pytest.mark.parametrize(
    ("lo", "hi", "cur", "want"),
    [
        (50000, 60000, "EUR", "50,000-60,000 EUR"),
        (50000, None, "EUR", "from 50,000 EUR"),
        (None, 60000, "", "up to 60,000"),
        (70000, 70000, "GBP", "70,000 GBP"),
        (None, None, "EUR", ""),
    ],
)
def test_format_salary(lo, hi, cur, want):
    assert format_salary(Role(salary_min=lo, salary_max=hi, currency=cur)) == want


def test_merge_fields_lists_become_bullets():
    f = merge_fields(None, Role(benefits=["a", "b"]))
    assert f["benefits_list"] == "- a\n- b"
    assert f["first_name"] == ""
