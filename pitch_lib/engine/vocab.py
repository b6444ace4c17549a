"""The motivator vocabulary, loaded once from ``rules/motivators.toml``.

A motivator is what moves a candidate (growth, compensation, ...). Each has a label, a
description and the word patterns that show a pitch speaks to it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pitch_lib.engine.text import compile_word_list

RULES_DIR = Path(__file__).parent / "rules"


@dataclass(frozen=True)
class Motivator:
    name: str
    label: str
    description: str
    words: tuple[str, ...]
    pattern: re.Pattern


def _load() -> dict[str, Motivator]:
    with open(RULES_DIR / "motivators.toml", "rb") as fh:
        data = tomllib.load(fh)
    out = {}
    for name, spec in data.items():
        words = tuple(spec["words"])
        pattern = compile_word_list(words)  # run on fold_case(text)
        out[name] = Motivator(name, spec["label"], spec["description"], words, pattern)
    return out


MOTIVATORS: dict[str, Motivator] = _load()
MOTIVATOR_NAMES: tuple[str, ...] = tuple(MOTIVATORS)


def normalise_motivator(name: str) -> str:
    """'Work_life balance' -> 'work-life balance'; unknown names come back lower-cased."""
    key = " ".join(name.strip().lower().replace("_", " ").split())
    if key in MOTIVATORS:
        return key
    alt = key.replace("work life", "work-life")
    return alt if alt in MOTIVATORS else key
