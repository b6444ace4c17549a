"""Sample candidates with a role and a first draft, so a new user can start in one click.

The data lives in ``data/samples.json``; its ``profile``, ``role`` and ``draft`` objects use
exactly the JSON fields of :class:`CandidateProfile`, :class:`Role` and :class:`Pitch`.
The drafts are deliberately mixed: some are good, some make the usual mistakes.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError
from pitch_lib.workspace import CandidateCase

DATA_FILE = Path(__file__).parent / "data" / "samples.json"


@dataclass(frozen=True)
class Sample:
    id: str
    industry: str
    seniority: str
    country: str
    summary: str
    profile: CandidateProfile
    role: Role
    draft: Pitch

    @property
    def channel(self) -> str:
        return self.draft.channel

    @property
    def title(self) -> str:
        return f"{self.profile.name} · {self.profile.current_title}"

    def to_case(self) -> CandidateCase:
        """A fresh, independent case (new id) the user can edit without touching the sample."""
        return CandidateCase(
            profile=copy.deepcopy(self.profile),
            role=copy.deepcopy(self.role),
            draft=copy.deepcopy(self.draft),
            sample=self.id,
        )


def parse_samples(data: dict) -> tuple[Sample, ...]:
    items = data.get("samples") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ValidationError("samples", "must be a list")
    out = []
    for i, s in enumerate(items):
        where = f"samples[{i}]"
        try:
            out.append(
                Sample(
                    id=str(s["id"]),
                    industry=str(s.get("industry", "")),
                    seniority=str(s.get("seniority", "")),
                    country=str(s.get("country", "")),
                    summary=str(s.get("summary", "")),
                    profile=CandidateProfile.from_dict(s["profile"]),
                    role=Role.from_dict(s["role"]),
                    draft=Pitch.from_dict(s.get("draft") or {}),
                )
            )
        except KeyError as e:
            raise ValidationError(f"{where}.{e.args[0]}", "is missing") from None
        except ValidationError as e:
            raise e.within(where) from None
    ids = [s.id for s in out]
    if len(set(ids)) != len(ids):
        raise ValidationError("samples", "must each have their own id")
    return tuple(out)


@cache
def load_samples() -> tuple[Sample, ...]:
    """The bundled samples (read once; Samples are immutable)."""
    return parse_samples(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def get_sample(sample_id: str) -> Sample:
    for s in load_samples():
        if s.id == sample_id:
            return s
    raise KeyError(f"unknown sample {sample_id!r}")
