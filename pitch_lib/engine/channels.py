"""Channel specifications (email, InMail, ...), loaded from ``rules/channels.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

RULES_DIR = Path(__file__).parent / "rules"


@dataclass(frozen=True)
class ChannelSpec:
    """Hard limits and good targets for one channel. A 0 limit means none; ranges are (lo, hi)."""

    name: str
    label: str
    icon: str
    has_subject: bool
    subject_hard_limit: int
    subject_words: tuple[int, int]
    body_hard_limit: int
    target_words: tuple[int, int]
    target_chars: tuple[int, int]
    # Past the target's top, length costs points only beyond this (0: at once). A detailed,
    # specific email of 180 words is not the same failure as a 400-word one.
    ceiling: int
    preview_chars: tuple[int, int]
    pitch_allowed: bool
    first_touch: bool
    advice: str
    source: str


def load_channels(path: Path | None = None) -> dict[str, ChannelSpec]:
    with open(path or RULES_DIR / "channels.toml", "rb") as fh:
        data = tomllib.load(fh)
    out = {}
    for name, s in data.items():
        out[name] = ChannelSpec(
            name=name,
            label=s["label"],
            icon=s.get("icon", ""),
            has_subject=bool(s["has_subject"]),
            subject_hard_limit=int(s.get("subject_hard_limit", 0)),
            subject_words=tuple(s.get("subject_words", (0, 0))),
            body_hard_limit=int(s.get("body_hard_limit", 0)),
            target_words=tuple(s.get("target_words", (0, 0))),
            target_chars=tuple(s.get("target_chars", (0, 0))),
            ceiling=int(s.get("ceiling", 0)),
            preview_chars=tuple(s.get("preview_chars", (0, 0))),
            pitch_allowed=bool(s.get("pitch_allowed", True)),
            first_touch=bool(s.get("first_touch", False)),
            advice=s.get("advice", ""),
            source=s.get("source", ""),
        )
    return out


CHANNELS: dict[str, ChannelSpec] = load_channels()
CHANNEL_NAMES: tuple[str, ...] = tuple(CHANNELS)


def get_channel(name: str) -> ChannelSpec:
    """The spec for ``name``; raises KeyError with the known names if it is unknown."""
    try:
        return CHANNELS[name]
    except KeyError:
        raise KeyError(f"unknown channel {name!r} (choose from: {', '.join(CHANNEL_NAMES)})") from None
