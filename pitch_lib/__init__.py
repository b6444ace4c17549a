"""Pitch Workshop's library: score recruiter pitches against a candidate profile.

No Streamlit import here: it works from a notebook, the CLI and tests.
"""

from pitch_lib.engine.channels import CHANNEL_NAMES, CHANNELS, ChannelSpec, get_channel
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, DimensionScore, Finding, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError

__all__ = [
    "CHANNELS",
    "CHANNEL_NAMES",
    "DIMENSIONS",
    "DIMENSION_LABELS",
    "CandidateProfile",
    "ChannelSpec",
    "DimensionScore",
    "Finding",
    "Pitch",
    "Role",
    "Scorecard",
    "ValidationError",
    "get_channel",
    "score_pitch",
]
