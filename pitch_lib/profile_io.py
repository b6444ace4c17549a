"""The profile file: a candidate profile and (optionally) a role brief as one JSON document.

Export writes ``{"format": "pitch-workshop/profile", "version": 1, "profile": {...}, "role": {...}}``.
Import reads that, or a bare profile object (the fields of :class:`CandidateProfile`), or
``{"role": {...}}`` alone. Anything else raises :class:`ValidationError` naming what is wrong,
before anything is changed.
"""

from __future__ import annotations

import json
import re

from pitch_lib.models import CandidateProfile, Role, ValidationError, kind_of, parse_json, quoted

FORMAT = "pitch-workshop/profile"
VERSION = 1
_ENVELOPE_KEYS = {"format", "version", "profile", "role", "id", "sample", "draft", "variants"}
_BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s+")


def profile_file_json(profile: CandidateProfile, role: Role | None = None) -> str:
    doc = {"format": FORMAT, "version": VERSION, "profile": profile.to_dict()}
    if role is not None:
        doc["role"] = role.to_dict()
    return json.dumps(doc, indent=2, ensure_ascii=False)


def read_profile_file(raw: str | bytes, what: str = "file") -> tuple[CandidateProfile | None, Role | None]:
    """Parse an imported profile file; raises ValidationError (nothing is half-imported)."""
    data = parse_json(raw, what)
    if not isinstance(data, dict):
        raise ValidationError(what, f"must be a JSON object with the candidate's fields, not {kind_of(data)}")
    if data.get("format") == "pitch-workshop/workspace":
        raise ValidationError(what, "is a whole workspace export, not a profile; import it on the Workspace page")
    if "profile" not in data and "role" not in data:
        return _named(CandidateProfile.from_dict(data)), None
    version = data.get("version", VERSION)
    if not isinstance(version, int) or version > VERSION:
        raise ValidationError(what, f"is of version {quoted(version)}; this version of Pitch Workshop reads up to {VERSION}")
    unknown = sorted(set(data) - _ENVELOPE_KEYS)
    if unknown:
        raise ValidationError(what, f"has a field {quoted(unknown[0])} that Pitch Workshop does not know (expected: profile, role)")
    profile = _named(CandidateProfile.from_dict(data["profile"])) if "profile" in data else None
    role = Role.from_dict(data["role"]) if data.get("role") is not None else None
    return profile, role


def _named(profile: CandidateProfile) -> CandidateProfile:
    if not profile.name:
        raise ValidationError("profile.name", "is empty; a profile needs at least the candidate's name")
    return profile


def lines_to_list(text: str) -> list[str]:
    """One item per line; blank lines and leading bullets ('- ', '• ', '1. ') are dropped."""
    return [s for s in (_BULLET.sub("", line).strip() for line in (text or "").splitlines()) if s]


def list_to_lines(items: list[str]) -> str:
    return "\n".join(items)
