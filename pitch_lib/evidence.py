"""The figures the advice rests on, with their sources (``data/evidence.toml``).

Every figure is a correlation from vendors' data, not a law; :func:`help_text` says so.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "evidence.toml"
CAVEAT = "A correlation in the source's data, not a law."


@dataclass(frozen=True)
class Figure:
    key: str
    topic: str
    claim: str
    source: str


@cache
def load_figures() -> dict[str, Figure]:
    with open(DATA_FILE, "rb") as fh:
        data = tomllib.load(fh)
    return {k: Figure(k, v["topic"], v["claim"], v["source"]) for k, v in data.items()}


def help_text(*keys: str) -> str:
    """Help text citing the given figures with sources, ending with the caveat."""
    figs = load_figures()
    parts = [f"**{figs[k].topic}:** {figs[k].claim} *Source: {figs[k].source}.*" for k in keys]
    return "\n\n".join([*parts, CAVEAT])
