"""TEMPORARY placeholder: replaced by the real engine in the scoring-engine commit."""
from __future__ import annotations

from pitch_lib.models import CandidateProfile, Pitch, Role
from pitch_lib.scorecard import DIMENSIONS, DimensionScore, Scorecard


def score_pitch(pitch: Pitch, profile: CandidateProfile | None = None, role: Role | None = None) -> Scorecard:
    words = len(pitch.body.split())
    return Scorecard(
        overall=0 if not words else 50,
        dimensions={d: DimensionScore(d, 0 if not words else 50) for d in DIMENSIONS},
        metrics={"words": words, "characters": len(pitch.body)},
        channel=pitch.channel,
        empty=not pitch.body.strip(),
    )
