"""The app passes its own rules: what it offers as a start or as a fix must not be what it
flags, and must read as English once filled."""

from __future__ import annotations

import re

import pytest

from pitch_lib import CHANNEL_NAMES, Pitch, score_pitch
from pitch_lib.engine.ruleset import default_ruleset
from pitch_lib.samples import load_samples
from pitch_lib.templates import as_clause, starter_pitch
from tests.rule_examples import GOOD_EMAIL, PRIYA, ROLE

SAMPLES = load_samples()
# Clauses that read wrongly once a profile entry is dropped in mid-sentence.
UNGRAMMATICAL = [
    re.compile(r"\byou [A-Z][a-z]+ed\b"),  # "I saw that you Moved"
    re.compile(r"\bto (?:Lead|Run|Build|Manage|Own|Design|Set|Look|Teach)\b"),  # "to Lead a team"
    re.compile(r"\byou \w+ (?:her|his|their) "),  # "you cut pressure injuries on her ICU"
    re.compile(r"\.\."),
]


@pytest.mark.parametrize("channel", CHANNEL_NAMES)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.id for s in SAMPLES])
def test_a_filled_starter_template_reads_as_english_and_scores_well(sample, channel):
    pitch = starter_pitch(channel, sample.profile, sample.role, your_name="Sam Ortiz")
    body = pitch.body
    for bad in UNGRAMMATICAL:
        assert not bad.search(body), (bad.pattern, body)
    card = score_pitch(Pitch(channel, pitch.subject, body), sample.profile, sample.role)
    errors = [(f.rule, f.matched) for f in card.findings() if f.severity == "error" and f.points]
    assert not errors, errors
    assert card.overall >= 60, (card.overall, [(f.rule, f.points) for f in card.findings() if f.points])


def test_as_clause_keeps_names_and_acronyms():
    assert as_clause("Moved a cold store to a new WMS") == "moved a cold store to a new WMS"
    assert as_clause("Lead the outreach team") == "lead the outreach team"
    assert as_clause("Python and dbt") == "Python and dbt"
    assert as_clause("NHS digital projects") == "NHS digital projects"
    assert as_clause("cut injuries on her ward", second_person=True) == "cut injuries on your ward"


QUOTED = re.compile(r"[“\"]([^”\"]{8,})[”\"]")


def _rules_with_quoted_fixes():
    for rule in default_ruleset().rules.values():
        for q in QUOTED.findall(rule.suggestion):
            if "{" not in q:
                yield rule.id, q


@pytest.mark.parametrize("rule_id,example", list(_rules_with_quoted_fixes()))
def test_a_fix_example_does_not_trip_its_own_rule(rule_id, example):
    """The example a fix gives, put into a good pitch, is not flagged by the rule that gave it."""
    from pitch_lib import CandidateProfile, Role

    body = GOOD_EMAIL.replace("Would you be open to a 15-minute call next week?", example)
    card = score_pitch(Pitch("email", "Your streaming work", body), CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE))
    at = body.find(example)
    tripped = [f for f in card.findings() if f.rule == rule_id and f.points and at <= f.start < at + len(example)]
    assert not tripped, [(f.rule, f.matched) for f in tripped]


def test_fix_examples_fit_the_role():
    """A vague claim's fix names this role's pay, not a made-up London salary."""
    from pitch_lib import CandidateProfile, Role

    nurse_role = Role.from_dict({**ROLE, "salary_min": 62000, "salary_max": 71000, "currency": "EUR",
                                 "location": "Dublin", "benefits": ["no night shifts"]})
    card = score_pitch(Pitch("email", "Hi", "Hi Priya, we offer a competitive salary. Open to a call?"),
                       CandidateProfile.from_dict(PRIYA), nurse_role)
    fix = next(f.suggestion for f in card.findings() if f.rule == "benefit_clarity.vague_benefit")
    assert "62-71k EUR" in fix and "£" not in fix
