"""Labelled pairs: for each pair, the engine must rank the better pitch above the worse one.

The pairs live in tests/data/labelled_pairs.toml. Each is a better and a worse pitch for the
same candidate and role that differ mainly in one dimension; `why` says which principle makes
the better one better. The texts were written from the principles of the project's domain brief, not
from the engine's word lists, so a failure here means the engine misses a principle (or the
pair is wrong) - not that a word list needs one more entry for this exact text.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest

from pitch_lib import CHANNEL_NAMES, DIMENSIONS, CandidateProfile, Pitch, Role, score_pitch

DATA_FILE = Path(__file__).parent / "data" / "labelled_pairs.toml"
MIN_PAIRS_PER_DIMENSION = 5
PAIR_KEYS = {"id", "dimension", "why", "channel", "candidate", "role", "better", "worse"}


def _load() -> dict:
    with DATA_FILE.open("rb") as fh:
        return tomllib.load(fh)


DATA = _load()
PAIRS: list[dict] = DATA["pairs"]
PROFILES = {key: CandidateProfile.from_dict(value) for key, value in DATA["candidates"].items()}
ROLES = {key: Role.from_dict(value) for key, value in DATA["roles"].items()}


def _pitch(pair: dict, which: str) -> Pitch:
    side = pair[which]
    return Pitch(channel=pair["channel"], subject=side.get("subject", ""), body=side["body"])


def _cards(pair: dict):
    profile, role = PROFILES[pair["candidate"]], ROLES[pair["role"]]
    return (
        score_pitch(_pitch(pair, "better"), profile, role),
        score_pitch(_pitch(pair, "worse"), profile, role),
    )


def _explain(pair: dict, better, worse) -> str:
    """What each side lost points for on the pair's dimension, so a failure says why."""
    dim = pair["dimension"]

    def lines(card) -> str:
        ds = card.dimensions[dim]
        found = [f"      {f.rule} (-{f.points}) {f.matched!r}" for f in ds.findings] or [
            "      (no findings)"
        ]
        return f"{ds.score}\n" + "\n".join(found)

    return (
        f"\n  pair: {pair['id']} ({dim}, {pair['channel']})\n  why: {pair['why']}\n"
        f"  better {dim} = {lines(better)}\n  worse  {dim} = {lines(worse)}"
    )


@pytest.mark.parametrize("pair", PAIRS, ids=[p["id"] for p in PAIRS])
def test_engine_ranks_better_pitch_higher_on_the_pair_dimension(pair):
    better, worse = _cards(pair)
    dim = pair["dimension"]
    assert better.dimensions[dim].score > worse.dimensions[dim].score, _explain(pair, better, worse)


@pytest.mark.parametrize("pair", PAIRS, ids=[p["id"] for p in PAIRS])
def test_better_pitch_is_not_worse_overall(pair):
    better, worse = _cards(pair)
    assert better.overall >= worse.overall, (
        f"{pair['id']}: overall better={better.overall} worse={worse.overall}; "
        f"better {better.scores()} vs worse {worse.scores()}"
    )


def test_at_least_five_pairs_per_dimension():
    counts = Counter(p["dimension"] for p in PAIRS)
    assert set(counts) <= set(DIMENSIONS), f"unknown dimensions: {set(counts) - set(DIMENSIONS)}"
    short = {d: counts.get(d, 0) for d in DIMENSIONS if counts.get(d, 0) < MIN_PAIRS_PER_DIMENSION}
    assert not short, f"dimensions with fewer than {MIN_PAIRS_PER_DIMENSION} pairs: {short}"


def test_every_channel_appears():
    assert {p["channel"] for p in PAIRS} == set(CHANNEL_NAMES)


def test_pairs_are_well_formed():
    ids = [p["id"] for p in PAIRS]
    assert len(ids) == len(set(ids)), f"duplicate ids: {[i for i, n in Counter(ids).items() if n > 1]}"
    for p in PAIRS:
        assert set(p) == PAIR_KEYS, f"{p.get('id')}: keys {sorted(set(p) ^ PAIR_KEYS)} differ"
        assert p["channel"] in CHANNEL_NAMES, p["id"]
        assert p["candidate"] in PROFILES, f"{p['id']}: unknown candidate {p['candidate']!r}"
        assert p["role"] in ROLES, f"{p['id']}: unknown role {p['role']!r}"
        assert p["why"].strip(), p["id"]
        for side in ("better", "worse"):
            assert set(p[side]) <= {"subject", "body"}, f"{p['id']}.{side}: unknown keys"
            assert p[side]["body"].strip(), f"{p['id']}.{side}: empty body"
        better, worse = _pitch(p, "better"), _pitch(p, "worse")
        assert (better.subject, better.body) != (worse.subject, worse.body), f"{p['id']}: identical pitches"


def test_every_candidate_and_role_is_used():
    assert {p["candidate"] for p in PAIRS} == set(PROFILES)
    assert {p["role"] for p in PAIRS} == set(ROLES)
