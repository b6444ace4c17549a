"""A recruiter's workspace: candidates (each with a role, a current draft and saved variants).

This is what the app keeps in session state, what the store saves, and what "export
everything" writes as JSON. Other features keep their own data in ``sequences`` (the outreach
planner, by case id) and ``training`` (the learner's progress) as plain JSON-able dicts.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pitch_lib.models import CandidateProfile, Pitch, Role, ValidationError, quoted
from pitch_lib.progress_share import strip_legacy_follows

FORMAT_VERSION = 1


def new_id(nbytes: int = 9) -> str:
    """A URL-safe random id (unguessable with the default 9 bytes = 72 bits)."""
    return secrets.token_urlsafe(nbytes)


def new_ids(count: int, nbytes: int = 12) -> list[str]:
    """``count`` ids like :func:`new_id`'s, from one call to the random source (an import of
    100,000 rows would otherwise spend a second and a half asking for them one at a time)."""
    if nbytes % 3:
        return [new_id(nbytes) for _ in range(count)]  # base64 slices line up only on 3-byte groups
    text = base64.urlsafe_b64encode(secrets.token_bytes(count * nbytes)).decode("ascii")
    width = nbytes // 3 * 4
    return [text[i:i + width] for i in range(0, count * width, width)]


def slug(text: str, fallback: str, limit: int | None = None) -> str:
    """``text`` for a file name or an id: lower-case letters and digits, other runs as one
    hyphen ("Aoife Brennan" -> "aoife-brennan"); ``fallback`` when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit] or fallback


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def ignored_keys(value: Any, where: str) -> list[str]:
    """A list of finding keys from JSON; missing (a workspace saved before "ignore here") is []."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise ValidationError(where, "must be a list of texts")
    return list(dict.fromkeys(value))


def _case(index: int, data: Any) -> CandidateCase:
    try:
        return CandidateCase.from_dict(data)
    except ValidationError as e:
        raise e.within(f"cases[{index}]", instead_of="case") from None


def _variant(index: int, data: Any) -> Variant:
    try:
        return Variant.from_dict(data)
    except ValidationError as e:
        raise e.within(f"variants[{index}]", instead_of="variant") from None


@dataclass
class Variant:
    name: str
    pitch: Pitch
    id: str = field(default_factory=new_id)
    created_at: str = field(default_factory=now_iso)
    ignored: list[str] = field(default_factory=list)  # finding keys "ignored here" (Finding.key)

    def to_dict(self) -> dict:
        d = {"id": self.id, "name": self.name, "created_at": self.created_at, "pitch": self.pitch.to_dict()}
        if self.ignored:
            d["ignored"] = list(self.ignored)
        return d

    @classmethod
    def from_dict(cls, d: Any) -> Variant:
        if not isinstance(d, dict):
            raise ValidationError("variant", "must be a JSON object")
        name = d.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValidationError("variant.name", "must be text that is not empty")
        return cls(
            name=name.strip(),
            pitch=Pitch.from_dict(d.get("pitch", {})),
            id=str(d.get("id") or new_id()),
            created_at=str(d.get("created_at") or now_iso()),
            ignored=ignored_keys(d.get("ignored"), "variant.ignored"),
        )


@dataclass
class CandidateCase:
    """One candidate with the role pitched to them, the draft in progress and saved variants."""

    profile: CandidateProfile
    role: Role = field(default_factory=Role)
    draft: Pitch = field(default_factory=Pitch)
    variants: list[Variant] = field(default_factory=list)
    id: str = field(default_factory=new_id)
    sample: str = ""  # the sample this case was loaded from, if any
    # Finding keys the writer chose to "ignore here" in the current draft (Finding.key).
    draft_ignored: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        who = self.profile.name or "Unnamed candidate"
        return f"{who} · {self.role.title}" if self.role.title else who

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "sample": self.sample,
            "profile": self.profile.to_dict(),
            "role": self.role.to_dict(),
            "draft": self.draft.to_dict(),
            "variants": [v.to_dict() for v in self.variants],
            "draft_ignored": list(self.draft_ignored),
        }

    @classmethod
    def from_dict(cls, d: Any) -> CandidateCase:
        if not isinstance(d, dict):
            raise ValidationError("case", "must be a JSON object")
        variants = d.get("variants") or []
        if not isinstance(variants, list):
            raise ValidationError("case.variants", "must be a list")
        return cls(
            profile=CandidateProfile.from_dict(d.get("profile", {})),
            role=Role.from_dict(d.get("role") or {}),
            draft=Pitch.from_dict(d.get("draft") or {}),
            variants=[_variant(i, v) for i, v in enumerate(variants)],
            id=str(d.get("id") or new_id()),
            sample=str(d.get("sample") or ""),
            draft_ignored=ignored_keys(d.get("draft_ignored"), "case.draft_ignored"),
        )


@dataclass
class Workspace:
    cases: list[CandidateCase] = field(default_factory=list)
    active_case_id: str = ""
    name: str = "My workspace"
    id: str = field(default_factory=lambda: new_id(16))
    sequences: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    your_name: str = ""  # the recruiter's name, asked once, for {your_name} in every template
    signature: str = ""  # their email sign-off, several lines; {signature} (the name when empty)
    # A team rules file (TOML, README "Team rules") the app scores with; "" = the shipped rules.
    # Written by the Outcomes page's "Use these weights", removed by "Go back".
    team_rules: str = ""
    # Read from a file or document that still followed learners by their workspace ids (which
    # gave write access): how many such ids were left out. Never saved or exported.
    dropped_follow_ids: int = field(default=0, compare=False)

    @property
    def active(self) -> CandidateCase | None:
        return self.case(self.active_case_id) or (self.cases[0] if self.cases else None)

    def case(self, case_id: str) -> CandidateCase | None:
        return next((c for c in self.cases if c.id == case_id), None)

    def add_case(self, case: CandidateCase, activate: bool = True) -> CandidateCase:
        self.cases.append(case)
        if activate:
            self.active_case_id = case.id
        return case

    def remove_case(self, case_id: str) -> None:
        self.cases = [c for c in self.cases if c.id != case_id]
        self.sequences.pop(case_id, None)
        if self.active_case_id == case_id:
            self.active_case_id = self.cases[0].id if self.cases else ""

    def to_dict(self) -> dict:
        return {
            "format": "pitch-workshop/workspace",
            "version": FORMAT_VERSION,
            "id": self.id,
            "name": self.name,
            "active_case_id": self.active_case_id,
            "cases": [c.to_dict() for c in self.cases],
            "sequences": self.sequences,
            "training": self.training,
            "sender": {"name": self.your_name, "signature": self.signature},
            "team_rules": self.team_rules,
        }

    @classmethod
    def from_dict(cls, d: Any) -> Workspace:
        if not isinstance(d, dict):
            raise ValidationError("workspace", "must be a JSON object")
        version = d.get("version", FORMAT_VERSION)
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ValidationError(
                "workspace", f"is of version {quoted(version)}; this version of Pitch Workshop reads up to {FORMAT_VERSION}"
            )
        cases = d.get("cases") or []
        if not isinstance(cases, list):
            raise ValidationError("workspace.cases", "must be a list")
        training, old_follow_ids = strip_legacy_follows(d.get("training"))
        ws = cls(
            cases=[_case(i, c) for i, c in enumerate(cases)],
            active_case_id=str(d.get("active_case_id") or ""),
            name=str(d.get("name") or "My workspace"),
            id=str(d.get("id") or new_id(16)),
            sequences=d.get("sequences") if isinstance(d.get("sequences"), dict) else {},
            training=training,
            team_rules=d.get("team_rules") if isinstance(d.get("team_rules"), str) else "",
        )
        ws.dropped_follow_ids = len(old_follow_ids)
        sender = d.get("sender") if isinstance(d.get("sender"), dict) else {}
        ws.your_name = str(sender.get("name") or "").strip()
        ws.signature = str(sender.get("signature") or "").strip()
        return ws
