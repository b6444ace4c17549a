"""How well the scores track the quality of a message: measured on a labelled corpus.

A corpus file (TOML) holds ``[candidates.*]``, ``[roles.*]`` and ``[[message]]`` entries, each
message labelled good or bad by how its reader would judge it (see tests/data/corpus/). This
module scores them and reports what a skeptical reviewer would ask: does the overall score (and
each dimension) rank good messages above bad ones (AUC), how far apart are their means, and
which messages are ranked most wrongly. ``bench/bench_quality.py`` prints the report.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pitch_lib.engine.scorecard import DIMENSIONS, Scorecard
from pitch_lib.engine.scoring import score_pitch
from pitch_lib.models import CandidateProfile, Pitch, Role


@dataclass
class Labelled:
    id: str
    split: str
    channel: str
    industry: str
    label: str  # good | bad
    quality: str
    kinds: tuple[str, ...]
    reason: str
    pitch: Pitch
    profile: CandidateProfile | None
    role: Role | None

    @property
    def good(self) -> bool:
        return self.label == "good"

    def score(self, **kw) -> Scorecard:
        return score_pitch(self.pitch, self.profile, self.role, **kw)


def load_corpus(paths: Iterable[Path]) -> list[Labelled]:
    out: list[Labelled] = []
    for path in paths:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
        people = {k: CandidateProfile.from_dict(v) for k, v in data.get("candidates", {}).items()}
        roles = {k: Role.from_dict(v) for k, v in data.get("roles", {}).items()}
        for m in data.get("message", []):
            out.append(Labelled(
                id=m["id"], split=m.get("split", "tune"), channel=m["channel"], industry=m.get("industry", ""),
                label=m["label"], quality=m.get("quality", ""), kinds=tuple(m.get("kinds", ())),
                reason=m.get("reason", ""),
                pitch=Pitch(channel=m["channel"], subject=m.get("subject", ""), body=m["body"]),
                profile=people.get(m["candidate"]) if m.get("candidate") else None,
                role=roles.get(m["role"]) if m.get("role") else None,
            ))
    return out


def auc(good: list[float], bad: list[float]) -> float:
    """The chance that a good message outscores a bad one (ties count half): 0.5 is a coin toss."""
    if not good or not bad:
        return float("nan")
    wins = 0.0
    for g in good:
        for b in bad:
            wins += 1.0 if g > b else 0.5 if g == b else 0.0
    return wins / (len(good) * len(bad))


@dataclass
class Report:
    n_good: int
    n_bad: int
    auc: dict[str, float]  # "overall" and each dimension
    mean_good: float
    mean_bad: float
    worst: list[tuple[str, str, int]]  # (id, label, overall) of the most wrongly ranked


def evaluate(items: list[Labelled]) -> Report:
    cards = [(it, it.score()) for it in items]
    good = [c for it, c in cards if it.good]
    bad = [c for it, c in cards if not it.good]
    res = {"overall": auc([c.overall for c in good], [c.overall for c in bad])}
    for d in DIMENSIONS:
        res[d] = auc([c.dimensions[d].score for c in good], [c.dimensions[d].score for c in bad])
    mg = sum(c.overall for c in good) / max(1, len(good))
    mb = sum(c.overall for c in bad) / max(1, len(bad))
    # most wrongly ranked: good ones lowest, bad ones highest
    ranked = sorted(((it.id, it.label, c.overall) for it, c in cards),
                    key=lambda r: (r[2] if r[1] == "good" else 100 - r[2]))
    return Report(len(good), len(bad), res, mg, mb, ranked[:12])
