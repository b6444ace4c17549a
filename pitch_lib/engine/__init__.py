"""The scoring engine: text analysis, rules as data, the checks, and the scorecard.

``score_pitch(pitch, profile, role)`` is the one entry point; everything else here serves it.
No Streamlit, no network: it runs the same from the app, the CLI, a notebook and the tests.
"""

from pitch_lib.engine.channels import CHANNEL_NAMES, CHANNELS, ChannelSpec, get_channel
from pitch_lib.engine.scorecard import DIMENSION_LABELS, DIMENSIONS, DimensionScore, Finding, Scorecard
from pitch_lib.engine.scoring import score_pitch

__all__ = ["CHANNELS", "CHANNEL_NAMES", "DIMENSIONS", "DIMENSION_LABELS", "ChannelSpec", "DimensionScore",
           "Finding", "Scorecard", "get_channel", "score_pitch"]
