"""Pitch Workshop's library: score recruiter pitches against a candidate profile.

No Streamlit import here: it works from a notebook, the CLI and tests.
"""

from pitch_lib.channels import CHANNEL_NAMES, CHANNELS, ChannelSpec, get_channel
from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError
from pitch_lib.scorecard import DIMENSION_LABELS, DIMENSIONS, DimensionScore, Finding, Scorecard
from pitch_lib.scoring import score_pitch

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
