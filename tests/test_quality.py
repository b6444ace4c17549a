"""Does the score track the quality of a message? Measured on our corpus and probes.

tests/data/corpus/*.toml: 240 whole messages in our own words, labelled good or bad as their
reader would judge them, split into a tuning part and a test part. tests/data/probes.toml:
excellent and plainly bad pitches, gaming texts, harmless edits and single edits.
bench/bench_quality.py prints the same figures; these tests keep them from slipping.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pitch_lib import CandidateProfile, Pitch, Role, score_pitch
from pitch_lib.engine.probes import (
    BAD,
    EXCELLENT,
    GAMING,
    generated_gaming,
    load_probes,
    run_probes,
    shuffled,
)
from pitch_lib.engine.quality import evaluate, load_corpus
from tests.rule_examples import GOOD_EMAIL, PRIYA, ROLE

DATA = Path(__file__).parent / "data"
CORPUS = load_corpus(sorted((DATA / "corpus").glob("*.toml")))
PROBES = load_probes(DATA / "probes.toml")


@functools.cache
def probe_report():
    """The shipped probes scored once per test process, when a test first needs them. Not at
    import: collecting this file stays quick, and under mutation testing (scripts/mutation.py)
    the engine's caches are not filled, with the unmutated code, before any mutant is switched on."""
    return run_probes(PROBES)


def test_the_corpus_is_what_the_readme_says():
    assert len(CORPUS) >= 200
    assert len({m.id for m in CORPUS}) == len(CORPUS)
    assert {m.channel for m in CORPUS} == {"email", "linkedin_inmail", "linkedin_connection", "social_dm", "job_ad"}
    assert len({m.industry for m in CORPUS}) >= 8
    for split in ("tune", "test"):
        part = [m for m in CORPUS if m.split == split]
        assert sum(m.good for m in part) >= 40 and sum(not m.good for m in part) >= 40
    assert all(m.reason for m in CORPUS)


@pytest.mark.parametrize("split", ["tune", "test"])
def test_good_messages_outscore_bad_ones(split):
    rep = evaluate([m for m in CORPUS if m.split == split])
    assert rep.auc["overall"] >= 0.9, rep.auc
    assert rep.mean_good - rep.mean_bad >= 20, (rep.mean_good, rep.mean_bad)
    # the core dimensions carry the ranking; none of the others may be backwards
    assert rep.auc["personalisation"] >= 0.8 and rep.auc["benefit_clarity"] >= 0.8, rep.auc
    assert min(rep.auc.values()) >= 0.5, rep.auc


def test_excellent_pitches_score_high():
    report = probe_report()
    low = [(i, s) for i, s in report.excellent if s < EXCELLENT]
    assert not low and len(report.excellent) >= 10


def test_plainly_bad_pitches_score_low():
    report = probe_report()
    high = [(i, s) for i, s in report.bad if s > BAD]
    assert not high and len(report.bad) >= 10


def test_gaming_texts_score_low():
    report = probe_report()
    high = [(i, s) for i, s in report.gaming if s > GAMING]
    assert not high, high


def test_harmless_edits_cost_nothing():
    """At most 3 of the harmless edits may cost a dimension 5 points or add an error."""
    report = probe_report()
    assert report.n_harmless >= 40
    assert len(report.harmless_failures) <= 3, report.harmless_failures


def test_single_edits_move_the_score_the_right_way():
    report = probe_report()
    assert report.n_edits >= 40
    assert len(report.edit_failures) <= 0.05 * report.n_edits, report.edit_failures


PRIYA_P, ROLE_R = CandidateProfile.from_dict(PRIYA), Role.from_dict(ROLE)


def _same(a, b):
    assert a.scores() == b.scores()
    assert sorted((f.rule, f.points) for f in a.findings()) == sorted((f.rule, f.points) for f in b.findings())


@pytest.mark.parametrize("form", ["crlf", "curly", "nfd", "nbsp"])
def test_the_same_text_typed_another_way_scores_the_same(form):
    bodies = [GOOD_EMAIL] + [e["body"] for e in PROBES.parts["excellent"]]
    for body in bodies:
        if form == "crlf":
            other = body.replace("\n", "\r\n")
        elif form == "curly":
            other = body.replace("'", "\u2019")
        elif form == "nfd":
            other = unicodedata.normalize("NFD", body)
        else:
            other = body.replace(" ", "\u00a0", 3)
        _same(score_pitch(Pitch("email", "Your work", body), PRIYA_P, ROLE_R),
              score_pitch(Pitch("email", "Your work", other), PRIYA_P, ROLE_R))


def test_spans_point_into_the_text_as_typed():
    body = unicodedata.normalize("NFD", "Hi Zoë, we need you ASAP.\r\nCall me?")
    card = score_pitch(Pitch("email", "Hi", body))
    f = next(f for f in card.findings() if f.rule == "tone.urgency")
    assert body[f.start:f.end] == "ASAP" == f.matched


@pytest.mark.parametrize("key", sorted(PROBES.people))
def test_gaming_texts_made_from_each_profile_score_low(key):
    role = next(iter(PROBES.roles.values()))
    for cls, text in generated_gaming(PROBES.people[key]).items():
        card = score_pitch(Pitch("email", "A role for you", text), PROBES.people[key], role)
        assert card.overall <= GAMING, (cls, card.overall, [f.rule for f in card.findings()][:6])


def test_a_shuffled_pitch_scores_below_the_original():
    for e in PROBES.parts["excellent"]:
        base = PROBES.score(e).overall
        assert PROBES.score({**e, "body": shuffled(e["body"])}).overall < base - 20, e["id"]


# --- single edits as properties: true of any pitch, not only of the probes ------------------

SENTENCES = st.sampled_from([
    "We're building a patient data platform in Leeds.",
    "The team is four engineers and a designer.",
    "You'd lead the streaming work from day one.",
    "It's hybrid, two days a week in the office.",
    "The role pays £90-105k.",
    "Would you be open to a 15-minute call next week?",
    "If you're happy where you are, no worries at all.",
])


@settings(max_examples=40, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=5))
def test_adding_one_of_their_facts_never_lowers_personalisation(parts):
    body = "Hi Priya,\n\n" + " ".join(parts)
    with_fact = "Hi Priya,\n\nYour streaming pipeline cut fraud-model latency by 40%. " + " ".join(parts)
    before = score_pitch(Pitch("email", "Your work", body), PRIYA_P, ROLE_R)
    after = score_pitch(Pitch("email", "Your work", with_fact), PRIYA_P, ROLE_R)
    assert after.dimensions["personalisation"].score >= before.dimensions["personalisation"].score


@settings(max_examples=40, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=5))
def test_a_figure_in_place_of_a_vague_benefit_never_lowers_benefit_clarity(parts):
    rest = " ".join(parts)
    vague = score_pitch(Pitch("email", "Your work", f"Hi Priya, we offer a competitive salary. {rest}"), PRIYA_P, ROLE_R)
    figure = score_pitch(Pitch("email", "Your work", f"Hi Priya, the salary is £90-105k. {rest}"), PRIYA_P, ROLE_R)
    assert figure.dimensions["benefit_clarity"].score >= vague.dimensions["benefit_clarity"].score


@settings(max_examples=40, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=5), st.sampled_from(["ASAP", "by Friday", "within 24 hours", "urgently"]))
def test_adding_a_deadline_never_raises_tone(parts, deadline):
    body = "Hi Priya, " + " ".join(parts)
    pushed = f"Hi Priya, please reply {deadline}. " + " ".join(parts)
    assert (score_pitch(Pitch("email", "Your work", pushed), PRIYA_P, ROLE_R).dimensions["tone"].score
            < score_pitch(Pitch("email", "Your work", body), PRIYA_P, ROLE_R).dimensions["tone"].score)


# --- the hold-out sets: written by people who had not read the engine, then kept ----------------

HOLDOUTS = sorted(DATA.glob("probes_holdout_*.toml"))


@pytest.mark.parametrize("path", HOLDOUTS, ids=[p.stem for p in HOLDOUTS])
def test_a_hold_out_set_meets_the_targets(path):
    rep = run_probes(load_probes(path))
    assert not [(i, s) for i, s in rep.excellent if s < EXCELLENT] and len(rep.excellent) >= 10
    assert not [(i, s) for i, s in rep.bad if s > BAD] and len(rep.bad) >= 10
    assert not [(i, s) for i, s in rep.gaming if s > GAMING]
    assert len(rep.harmless_failures) <= 1 and rep.n_harmless >= 20, rep.harmless_failures
    assert len(rep.edit_failures) <= 0.05 * rep.n_edits and rep.n_edits >= 20, rep.edit_failures


MESSAGE_HOLDOUTS = sorted(DATA.glob("messages_holdout_*.toml"))


@pytest.mark.parametrize("path", MESSAGE_HOLDOUTS, ids=[p.stem for p in MESSAGE_HOLDOUTS])
def test_a_hold_out_set_of_whole_messages_meets_the_targets(path):
    """Whole messages in the style of published ones, good and bad as their readers judged them:
    ranked apart (AUC >= 0.85, good 20 points above bad), good ones at 70 or more and bad ones at 55
    or less, one of each allowed to miss."""
    items = load_corpus([path])
    rep = evaluate(items)
    assert rep.n_good >= 20 and rep.n_bad >= 20
    assert rep.auc["overall"] >= 0.85 and rep.mean_good - rep.mean_bad >= 20, (rep.auc, rep.mean_good, rep.mean_bad)
    cards = [(m, m.score().overall) for m in items]
    assert len([(m.id, s) for m, s in cards if m.good and s < 70]) <= 1, [(m.id, s) for m, s in cards if m.good and s < 70]
    assert len([(m.id, s) for m, s in cards if not m.good and s > 55]) <= 1, [(m.id, s) for m, s in cards if not m.good and s > 55]
